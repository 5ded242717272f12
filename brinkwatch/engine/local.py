"""The local engine: a process pool sized to the cores, or the calling process when one is asked for.

At most a few items per worker are in flight, so a 250,000-article archive streams through in
constant memory. A worker process that dies (killed, out of memory) fails only the items it held;
the pool is rebuilt and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from brinkwatch.engine.work import Outcome, StagesFactory, process_item
from brinkwatch.intake.sources import SourceItem

__all__ = ["available_cores", "run_local"]

_IN_FLIGHT_PER_WORKER = 4


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """forkserver, not fork: the parent runs a progress thread and holds database connections, which a
    plain fork would copy mid-use. The server imports the work module once, so each worker (and each
    pool rebuilt after a worker died) starts in milliseconds instead of re-importing everything."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["brinkwatch.engine.work"])
    return context


def run_local(
    items: Iterable[SourceItem],
    handle: Callable[[Outcome], None],
    *,
    processes: int | None,
    factory: StagesFactory,
) -> None:
    """Process every item and hand each Outcome to `handle` (in this process) as it completes."""
    workers = processes or available_cores()
    if workers <= 1:
        for item in items:
            handle(process_item(item, factory))
        return
    context = _context()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pending: dict[Future[Outcome], SourceItem] = {}
    try:
        for item in items:
            pending[pool.submit(process_item, item, factory)] = item
            if len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
                pool = _drain(pending, handle, pool, workers, context, until=workers * _IN_FLIGHT_PER_WORKER - 1)
        pool = _drain(pending, handle, pool, workers, context, until=0)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(
    pending: dict[Future[Outcome], SourceItem],
    handle: Callable[[Outcome], None],
    pool: ProcessPoolExecutor,
    workers: int,
    context: multiprocessing.context.BaseContext,
    *,
    until: int,
) -> ProcessPoolExecutor:
    while len(pending) > until:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        broken = False
        for future in done:
            item = pending.pop(future)
            try:
                handle(future.result())
            except BrokenProcessPool:
                broken = True
                handle(Outcome(item.key, error="WorkerDied", message="the worker process died while reading it"))
        if broken:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    return pool
