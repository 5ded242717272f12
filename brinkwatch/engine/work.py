"""The unit of batch work, run in a worker: one SourceItem to an Outcome, never an exception.

Reading, the pipeline and the near-duplicate signature run here, where the cores are; only the
store write runs in the single writer. Each stage is timed so benchmarks can say where time goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from brinkwatch.extract import default_stages
from brinkwatch.intake.dedup import signature
from brinkwatch.intake.items import SourceItem
from brinkwatch.intake.sources import item_to_article
from brinkwatch.language import parse
from brinkwatch.model import Article
from brinkwatch.pipeline import Pipeline, Stage

__all__ = ["Outcome", "StagesFactory", "TimedStage", "process_item", "process_items"]

StagesFactory = Callable[[], Sequence[Stage]]  # a module-level function, so it pickles to workers


@dataclass(slots=True)
class Outcome:
    """What became of one item: an article (possibly carrying stage errors) or a failure."""

    key: str
    article: Article | None = None
    signature: bytes | None = None
    error: str | None = None
    message: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.article is None


@dataclass(frozen=True, slots=True)
class TimedStage:
    """A stage that adds its running time to a shared tally; otherwise the stage itself."""

    stage: Stage
    seconds: dict[str, float]

    @property
    def name(self) -> str:
        return self.stage.name

    @property
    def requires(self) -> frozenset[str]:
        return self.stage.requires

    @property
    def assigns(self) -> frozenset[str]:
        return self.stage.assigns

    def __call__(self, article: Article) -> Article:
        started = time.perf_counter()
        try:
            return self.stage(article)
        finally:
            self.seconds[self.name] = self.seconds.get(self.name, 0.0) + time.perf_counter() - started


@cache
def _stages(factory: StagesFactory) -> tuple[Stage, ...]:
    """The stages, built once per worker process: a stage may load a language model."""
    return tuple(factory())


def process_item(item: SourceItem, factory: StagesFactory = default_stages) -> Outcome:
    """Read, run the pipeline and sign one item; any failure becomes the Outcome's error."""
    return process_items([item], factory)[0]


def process_items(items: Sequence[SourceItem], factory: StagesFactory = default_stages) -> list[Outcome]:
    """`process_item` over a chunk, with the chunk's parses run as one batch (see language.parse).

    Each item still fails alone: a bad one becomes its own Outcome's error and the others go on.
    """
    read = [_read(item) for item in items]
    parse.expect(article for _, article in read if article is not None)
    try:
        return [_run(outcome, article, factory) if article is not None else outcome for outcome, article in read]
    finally:
        parse.clear_expected()


def _read(item: SourceItem) -> tuple[Outcome, Article | None]:
    outcome = Outcome(item.key)
    started = time.perf_counter()
    try:
        article = item_to_article(item)
    except Exception as exc:  # isolation: whatever one article does, the batch goes on
        return _failed(outcome, exc), None
    outcome.seconds["intake"] = time.perf_counter() - started
    return outcome, article


def _run(outcome: Outcome, article: Article, factory: StagesFactory) -> Outcome:
    try:
        # A fresh runner per item (cheap) keeps timings apart when a Dask worker runs items in threads.
        timed = [TimedStage(s, outcome.seconds) for s in _stages(factory)]
        article = Pipeline(timed, on_error="record").run(article)
        started = time.perf_counter()
        outcome.signature = signature(article.text)
        outcome.seconds["dedup"] = time.perf_counter() - started
    except Exception as exc:  # isolation: whatever one article does, the batch goes on
        return _failed(outcome, exc)
    outcome.article = article
    return outcome


def _failed(outcome: Outcome, exc: Exception) -> Outcome:
    outcome.error = type(exc).__name__
    outcome.message = str(exc) or repr(exc)
    return outcome
