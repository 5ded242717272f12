"""Where the analysis gets its events: two small protocols and the JSONL file that implements them.

The analysis is pure functions over records; anything that can hand over coded articles
(`ReportSource`) or, for scale, already-fused events as columns (`EventArraySource`) can feed it.
A JSONL file of Article records (one `brinkwatch.serialize.to_json` per line, events inside) is the
source until the store lands; the store binds by implementing the same two methods (for
`event_table`, one SELECT of fused-event columns handed to `columns.table_from_columns`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from brinkwatch.analysis.columns import EventTable, table_from_fused
from brinkwatch.analysis.fusion import FusionConfig, unfused
from brinkwatch.analysis.fusion import fuse as fuse_reports
from brinkwatch.errors import InputNotFoundError, InvalidRecordError
from brinkwatch.model import Article, Event, FusedEvent
from brinkwatch.serialize import from_json

if TYPE_CHECKING:  # the store (SQLAlchemy) loads only when a store is read
    from brinkwatch.store.base import Store

__all__ = ["EventArraySource", "JsonlArticles", "ReportSource", "StoreArticles", "fused_events", "stored_reports"]


class ReportSource(Protocol):
    """Coded articles in arrival order, each with the events to fuse (usually `article.events`)."""

    def reports(self) -> Iterable[tuple[Article, Sequence[Event]]]: ...


class EventArraySource(Protocol):
    """Fused events as columns: what series and alerts read when there are millions of them."""

    def event_table(self) -> EventTable: ...


@dataclass(frozen=True, slots=True)
class JsonlArticles:
    """A JSONL file of Article records; implements both protocols."""

    path: Path
    fuse: bool = True
    config: FusionConfig | None = None

    def reports(self) -> Iterator[tuple[Article, Sequence[Event]]]:
        if not self.path.is_file():
            raise InputNotFoundError(f"{self.path}: no such file; pass a JSONL file of Article records")
        with self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    article = from_json(Article, line)
                except InvalidRecordError as exc:
                    raise InvalidRecordError(f"{self.path}, line {number}: {exc}") from exc
                yield article, article.events

    def fused(self) -> list[FusedEvent]:
        return fused_events(self, fuse=self.fuse, config=self.config)

    def event_table(self) -> EventTable:
        return table_from_fused(self.fused())


@dataclass(frozen=True, slots=True)
class StoreArticles:
    """The coded articles of a brinkwatch store (copies too: fusion counts a story's copies once)."""

    db: str
    fuse: bool = True
    config: FusionConfig | None = None

    def reports(self) -> Iterator[tuple[Article, Sequence[Event]]]:
        from brinkwatch.store import open_store  # SQLAlchemy loads only when a store is read

        store = open_store(self.db)
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
    from brinkwatch.store import ArticleQuery

    for found in store.articles(ArticleQuery()):
        yield found.article, found.article.events


def fused_events(source: ReportSource, *, fuse: bool = True, config: FusionConfig | None = None) -> list[FusedEvent]:
    """Fuse a source's reports (MiniLM), or with fuse=False take each report as its own occurrence."""
    return fuse_reports(source.reports(), config) if fuse else unfused(source.reports())
