"""Runs stages over an Article in order.

Each stage declares the Article fields it `requires` and the ones it `assigns`, so a misordered
pipeline fails when it is built, not halfway through a batch. Per-article errors follow a policy:
"raise" while developing, "record" in batch runs (the error is stored on the article and the
remaining stages that do not depend on the failed one still run).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from brinkwatch.errors import BrinkwatchError, PipelineError
from brinkwatch.model import Article, StageError

__all__ = ["INTAKE_FIELDS", "ErrorPolicy", "FunctionStage", "Pipeline", "Stage", "stage"]

ErrorPolicy = Literal["raise", "record"]

# What intake fills in before any stage runs.
INTAKE_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "text",
        "url",
        "outlet",
        "original_outlet",
        "title",
        "byline",
        "dateline",
        "published_at",
        "fetched_at",
        "language",
        "removed",
        "source",
    }
)


@runtime_checkable
class Stage(Protocol):
    """A unit of work over one article: reads `requires`, fills `assigns`."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> frozenset[str]: ...

    @property
    def assigns(self) -> frozenset[str]: ...

    def __call__(self, article: Article) -> Article: ...


@dataclass(frozen=True, slots=True)
class FunctionStage:
    """A plain function wrapped as a Stage (see `stage`)."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    func: Callable[[Article], Article]

    def __call__(self, article: Article) -> Article:
        return self.func(article)


def stage(
    name: str, *, requires: Iterable[str], assigns: Iterable[str]
) -> Callable[[Callable[[Article], Article]], FunctionStage]:
    """Declare a function `Article -> Article` as a stage."""

    def wrap(func: Callable[[Article], Article]) -> FunctionStage:
        return FunctionStage(name, frozenset(requires), frozenset(assigns), func)

    return wrap


@dataclass(slots=True)
class Pipeline:
    stages: Sequence[Stage]
    on_error: ErrorPolicy = "raise"
    provided: frozenset[str] = field(default=INTAKE_FIELDS)

    def __post_init__(self) -> None:
        if self.on_error not in ("raise", "record"):
            raise PipelineError(f"unknown error policy {self.on_error!r}; use 'raise' or 'record'")
        _check_order(self.stages, self.provided)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, article: Article) -> Article:
        failed: set[str] = set()  # fields whose producing stage failed
        for current in self.stages:
            if current.requires & failed:
                missing = ", ".join(sorted(current.requires & failed))
                article.errors.append(
                    StageError(current.name, "Skipped", f"skipped: its input ({missing}) was not produced")
                )
                failed |= current.assigns
                continue
            try:
                article = current(article)
            except Exception as exc:
                if self.on_error == "raise":
                    if isinstance(exc, BrinkwatchError):
                        raise
                    raise PipelineError(
                        f"stage {current.name!r} failed on article {article.id!r}: {type(exc).__name__}: "
                        f"{exc}. Run with on_error='record' to keep going and store the error."
                    ) from exc
                article.errors.append(StageError(current.name, type(exc).__name__, str(exc)))
                failed |= current.assigns
        return article

    def run_many(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self.run(article)


def _check_order(stages: Sequence[Stage], provided: frozenset[str]) -> None:
    available = set(provided)
    seen: set[str] = set()
    for position, current in enumerate(stages):
        if not isinstance(current, Stage):
            raise PipelineError(
                f"pipeline entry {position} ({current!r}) is not a stage: it needs name, requires, assigns "
                "and __call__(article); wrap a function with @brinkwatch.pipeline.stage"
            )
        if current.name in seen:
            raise PipelineError(f"stage {current.name!r} appears twice in the pipeline; keep one")
        seen.add(current.name)
        missing = current.requires - available
        if missing:
            later = {need: other.name for other in stages[position + 1 :] for need in other.assigns if need in missing}
            hints = []
            for need in sorted(missing):
                if need in later:
                    hints.append(f"{need!r} (assigned by {later[need]!r}, which must come before it)")
                else:
                    hints.append(f"{need!r} (assigned by no stage in this pipeline; add one that assigns it)")
            raise PipelineError(f"stage {current.name!r} requires {', '.join(hints)}")
        available |= current.assigns
