"""The local engine: a process pool sized to the cores, or the calling process when one is asked for.

Items go to workers in chunks (engine.chunks), at most a few chunks per worker in flight, so a
250,000-article archive streams through in constant memory. When a worker process dies (killed,
out of memory) the pool is rebuilt and the items of the chunks it held are retried one by one, so
only the item that kills a worker again fails, and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from brinkwatch.engine.chunks import chunks_of
from brinkwatch.engine.lifeline import exit_with_parent
from brinkwatch.engine.work import Outcome, StagesFactory, process_items
from brinkwatch.intake.items import SourceItem

__all__ = ["available_cores", "run_local"]

_IN_FLIGHT_PER_WORKER = 2  # chunks, so up to 16 items per worker are in flight


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
        for chunk in chunks_of(items):
            for outcome in process_items(chunk, factory):
                handle(outcome)
        return
    context = _context()
    pool = _pool(workers, context)
    pending: dict[Future[list[Outcome]], list[SourceItem]] = {}
    window = workers * _IN_FLIGHT_PER_WORKER
    try:
        for chunk in chunks_of(items):
            pending[pool.submit(process_items, chunk, factory)] = chunk
            if len(pending) >= window:
                pool = _drain(pending, handle, pool, workers, context, factory, until=window - 1)
        pool = _drain(pending, handle, pool, workers, context, factory, until=0)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int, context: multiprocessing.context.BaseContext) -> ProcessPoolExecutor:
    # Workers exit when this process dies, even by SIGKILL (engine/lifeline.py).
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=exit_with_parent)


def _drain(
    pending: dict[Future[list[Outcome]], list[SourceItem]],
    handle: Callable[[Outcome], None],
    pool: ProcessPoolExecutor,
    workers: int,
    context: multiprocessing.context.BaseContext,
    factory: StagesFactory,
    *,
    until: int,
) -> ProcessPoolExecutor:
    while len(pending) > until:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        retry: list[SourceItem] = []
        for future in done:
            chunk = pending.pop(future)
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                if len(chunk) > 1:  # which item killed the worker is not known: try each alone
                    retry += chunk
                    continue
                outcomes = [Outcome(chunk[0].key, error="WorkerDied", message="the worker process died reading it")]
            for outcome in outcomes:
                handle(outcome)
        if retry:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = _pool(workers, context)
            # A broken pool fails every chunk it held, so the pending ones are retried too.
            retry += [item for chunk in pending.values() for item in chunk]
            pending.clear()
            for item in retry:
                pending[pool.submit(process_items, [item], factory)] = [item]
    return pool
