"""The store as a source for the analysis: `StoreArticles` implements `ReportSource` and `EventArraySource`.

What `brinkwatch escalation --db`, `brinkwatch alerts --db` and `brinkwatch serve` read. It lives with
the store, above the analysis, so the analysis never imports the store (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from brinkwatch.analysis.columns import EventTable, table_from_fused
from brinkwatch.analysis.fusion import FusionConfig
from brinkwatch.analysis.sources import fused_events
from brinkwatch.model import Article, Event, FusedEvent
from brinkwatch.store.base import Store
from brinkwatch.store.query import ArticleQuery
from brinkwatch.store.sql import open_store

__all__ = ["StoreArticles", "stored_reports"]


@dataclass(frozen=True, slots=True)
class StoreArticles:
    """The coded articles of a brinkwatch store (copies too: fusion counts a story's copies once)."""

    db: str
    fuse: bool = True
    config: FusionConfig | None = None

    def reports(self) -> Iterator[tuple[Article, Sequence[Event]]]:
        store = open_store(self.db, create=False)  # reading a store that does not exist is an error
        try:
            yield from stored_reports(store)
        finally:
            store.close()

    def fused(self) -> list[FusedEvent]:
        return fused_events(self, fuse=self.fuse, config=self.config)

    def event_table(self) -> EventTable:
        return table_from_fused(self.fused())


def stored_reports(store: Store) -> Iterator[tuple[Article, Sequence[Event]]]:
    """Every article of an open store (copies too: fusion counts a story's copies once) with its events."""
    for found in store.articles(ArticleQuery()):
        yield found.article, found.article.events
