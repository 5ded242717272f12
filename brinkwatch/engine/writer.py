"""The single writer: each Outcome goes to the store in one transaction, with its story decided."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from brinkwatch.engine.work import Outcome
from brinkwatch.errors import exit_code_of
from brinkwatch.intake.dedup import Deduplicator
from brinkwatch.store.base import Store
from brinkwatch.store.rows import StoryLink

__all__ = ["BatchReport", "Status", "Writer"]

Status = Literal["added", "copy", "exists", "failed"]


@dataclass(slots=True)
class BatchReport:
    """What a batch did. `added` counts new articles that start a story, `copy` new near-copies."""

    counts: Counter[str] = field(default_factory=Counter)
    skipped: int = 0  # items whose source was already stored: not read again
    words: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source key, message), first 100
    exit_code: int = 0  # that of the last failure (docs/cli.md), 0 when nothing failed
    undated: int = 0  # new articles with no publication date: their events are dated only by their text

    @property
    def processed(self) -> int:
        return sum(self.counts.values())

    @property
    def errors(self) -> int:
        return self.counts["failed"]


class Writer:
    """Owns the store and the near-duplicate index; not thread-safe (one writer per batch)."""

    def __init__(self, store: Store, dedup: Deduplicator | None = None) -> None:
        self.store = store
        self.report = BatchReport()
        if dedup is None:
            dedup = Deduplicator()
            dedup.load(store.signatures())
        self.dedup = dedup

    def write(self, outcome: Outcome) -> Status:
        started = time.perf_counter()
        status = self._write(outcome)
        self.report.counts[status] += 1
        spent = self.report.stage_seconds
        for stage, seconds in (*outcome.seconds.items(), ("store", time.perf_counter() - started)):
            spent[stage] = spent.get(stage, 0.0) + seconds
        return status

    def _write(self, outcome: Outcome) -> Status:
        article = outcome.article
        if article is None:
            message = outcome.message or "unknown error"
            self.store.add_failure(outcome.key, outcome.error or "Error", message)
            self.report.exit_code = exit_code_of(outcome.error or "")
            if len(self.report.failures) < 100:
                self.report.failures.append((outcome.key, message))
            return "failed"
        chosen: list[StoryLink] = []

        def choose() -> StoryLink:  # called inside the store's transaction, only for a new article
            chosen.append(self.dedup.link(article.id, outcome.signature))
            return chosen[-1]

        # The store brings the index up to date inside the write, with what other ingests stored since.
        stored = self.store.add(
            article, source_key=outcome.key, link=choose, signature=outcome.signature, index=self.dedup
        )
        if stored == "exists":
            return "exists"
        link = chosen[-1]
        self.dedup.add(article.id, link.story_id, outcome.signature)
        self.report.words += len(article.text.split())
        self.report.undated += article.published_at is None
        return "copy" if link.is_copy else "added"
