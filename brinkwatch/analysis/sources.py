"""Where the analysis gets its events: two small protocols and the JSONL file that implements them.

The analysis is pure functions over records; anything that can hand over coded articles
(`ReportSource`) or, for scale, already-fused events as columns (`EventArraySource`) can feed it.
A JSONL file of Article records (one `brinkwatch.serialize.to_json` per line, events inside) is one
such source; the store binds by implementing the same two methods in `brinkwatch.store.reports`
(`StoreArticles`), so the analysis never imports the store (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from brinkwatch.analysis.columns import EventTable, table_from_fused
from brinkwatch.analysis.fusion import FusionConfig, unfused
from brinkwatch.analysis.fusion import fuse as fuse_reports
from brinkwatch.errors import InputNotFoundError, InvalidRecordError
from brinkwatch.model import Article, Event, FusedEvent
from brinkwatch.serialize import from_json

__all__ = ["EventArraySource", "JsonlArticles", "ReportSource", "fused_events"]


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


def fused_events(source: ReportSource, *, fuse: bool = True, config: FusionConfig | None = None) -> list[FusedEvent]:
    """Fuse a source's reports (MiniLM), or with fuse=False take each report as its own occurrence."""
    return fuse_reports(source.reports(), config) if fuse else unfused(source.reports())
