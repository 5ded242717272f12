"""A rich progress bar for batches: done/total, articles per second, errors and time left."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["BatchProgress"]


class BatchProgress:
    """Shows a batch's progress on stderr; `enabled=False` makes every call a no-op."""

    def __init__(self, total: int | None, *, enabled: bool = True, console: Console | None = None) -> None:
        self._progress = Progress(
            TextColumn("[bold]ingest[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>7.1f} articles/s"),
            TextColumn("[red]{task.fields[errors]} errors[/]"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
            disable=not enabled,
        )
        self._task = self._progress.add_task("ingest", total=total, rate=0.0, errors=0)
        self._started = time.perf_counter()
        self._done = 0
        self._errors = 0

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._progress.stop()

    def skip(self) -> None:
        """An item already stored: it moves the bar but not the rate."""
        self._progress.update(self._task, advance=1)

    def advance(self, *, failed: bool = False) -> None:
        self._done += 1
        self._errors += int(failed)
        rate = self._done / max(time.perf_counter() - self._started, 1e-9)
        self._progress.update(self._task, advance=1, rate=rate, errors=self._errors)
