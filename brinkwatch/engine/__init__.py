"""Batch engines: sources in, stored articles out, on local processes or a Dask cluster.

    report = ingest(["news/*.jsonl"], open_store("brinkwatch.db"))

Items whose source is already stored are skipped, so an interrupted batch run again picks up where
it stopped; every article is written in its own transaction by one writer in this process.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from brinkwatch.engine.dask_engine import run_dask
from brinkwatch.engine.local import available_cores, run_local
from brinkwatch.engine.progress import BatchProgress
from brinkwatch.engine.work import Outcome, StagesFactory, process_item
from brinkwatch.engine.writer import BatchReport, Writer
from brinkwatch.errors import ConfigurationError
from brinkwatch.extract import default_stages
from brinkwatch.intake.items import SourceItem
from brinkwatch.intake.sources import count_items, iter_items
from brinkwatch.store.base import Store

__all__ = ["BatchReport", "EngineName", "Outcome", "available_cores", "ingest", "ingest_items", "process_item"]

EngineName = Literal["local", "dask"]


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    engine: EngineName = "local",
    processes: int | None = None,
    scheduler: str | Any | None = None,
    factory: StagesFactory = default_stages,
    text_column: str = "text",
    progress: bool = False,
) -> BatchReport:
    """Read every source (files, folders, globs, JSONL/CSV, WARC, URLs) into the store."""
    sources = list(sources)
    total = count_items(sources) if progress else None
    return ingest_items(
        iter_items(sources, text_column=text_column),
        store,
        engine=engine,
        processes=processes,
        scheduler=scheduler,
        factory=factory,
        progress=progress,
        total=total,
    )


def ingest_items(
    items: Iterable[SourceItem],
    store: Store,
    *,
    engine: EngineName = "local",
    processes: int | None = None,
    scheduler: str | Any | None = None,
    factory: StagesFactory = default_stages,
    progress: bool = False,
    total: int | None = None,
) -> BatchReport:
    if engine == "dask" and scheduler is None:
        raise ConfigurationError("the Dask engine needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    if engine not in ("local", "dask"):
        raise ConfigurationError(f"unknown engine {engine!r}; use local or dask")
    writer = Writer(store)
    known = store.known_sources()
    started = time.perf_counter()
    with BatchProgress(total, enabled=progress) as bar:

        def handle(outcome: Outcome) -> None:
            bar.advance(failed=writer.write(outcome) == "failed")

        todo = _unseen(items, known, writer.report, bar)
        if engine == "dask":
            run_dask(todo, handle, scheduler=scheduler, factory=factory)
        else:
            run_local(todo, handle, processes=processes, factory=factory)
    writer.report.seconds = time.perf_counter() - started
    return writer.report


def _unseen(
    items: Iterable[SourceItem], known: set[str], report: BatchReport, bar: BatchProgress
) -> Iterator[SourceItem]:
    seen_now: set[str] = set()
    for item in items:
        if item.key in known or item.key in seen_now:
            report.skipped += 1
            bar.skip()
            continue
        seen_now.add(item.key)
        yield item
