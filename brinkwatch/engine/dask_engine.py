"""The Dask engine: the same chunked work as the local engine on a Dask cluster; results come back to one writer.

Install with `pip install 'brinkwatch[dask]'`. Workers need brinkwatch (and its language model)
installed; the scheduler address is what `dask scheduler` prints (tcp://host:8786).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from brinkwatch.engine.chunks import chunks_of
from brinkwatch.engine.work import Outcome, StagesFactory, process_items
from brinkwatch.errors import ConfigurationError
from brinkwatch.intake.items import SourceItem

__all__ = ["run_dask"]

_IN_FLIGHT_PER_THREAD = 2  # chunks of engine.chunks.CHUNK_SIZE items
CONNECT_TIMEOUT = "10s"


def _client(scheduler: str | Any) -> tuple[Any, bool]:
    try:
        distributed: Any = importlib.import_module("distributed")  # optional, and untyped
    except ImportError as exc:
        raise ConfigurationError(
            "the Dask engine needs dask and distributed; install them with pip install 'brinkwatch[dask]'"
        ) from exc
    if not isinstance(scheduler, str):
        return scheduler, False  # a Client or LocalCluster the caller owns
    try:
        return distributed.Client(scheduler, timeout=CONNECT_TIMEOUT), True
    except OSError as exc:
        raise ConfigurationError(
            f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with `dask scheduler` "
            "and pass the address it prints, e.g. tcp://127.0.0.1:8786"
        ) from exc


def run_dask(
    items: Iterable[SourceItem],
    handle: Callable[[Outcome], None],
    *,
    scheduler: str | Any,
    factory: StagesFactory,
) -> None:
    """Process every item on the cluster and hand each Outcome to `handle` here as it completes.

    Items travel in chunks, as on the local engine, so a worker parses a chunk in one batch; a chunk
    whose task is lost (its worker died) is sent again one item per task, so only an item that
    fails on its own is stored as failed.
    """
    client, owned = _client(scheduler)
    as_completed: Any = importlib.import_module("distributed").as_completed
    try:
        threads = max(sum(client.nthreads().values()), 1)
        window = threads * _IN_FLIGHT_PER_THREAD
        queue = as_completed()
        chunks: dict[str, list[SourceItem]] = {}  # Dask task key -> its items, to name them if it is lost

        def submit(chunk: list[SourceItem]) -> None:
            future = client.submit(process_items, chunk, factory, pure=False)
            chunks[future.key] = chunk
            queue.add(future)

        for chunk in chunks_of(items):
            submit(chunk)
            if len(chunks) >= window:
                _collect(next(queue), chunks, handle, submit)
        for future in queue:
            _collect(future, chunks, handle, submit)
    finally:
        if owned:
            client.close()


def _collect(
    future: Any,
    chunks: dict[str, list[SourceItem]],
    handle: Callable[[Outcome], None],
    submit: Callable[[list[SourceItem]], None],
) -> None:
    chunk = chunks.pop(future.key)
    try:
        outcomes = future.result()
    except Exception as exc:  # a worker lost mid-task: retry its items alone; a lone item fails
        if len(chunk) > 1:
            for item in chunk:
                submit([item])
            return
        outcomes = [Outcome(chunk[0].key, error=type(exc).__name__, message=f"the Dask task failed: {exc}")]
    finally:
        future.release()
    for outcome in outcomes:
        handle(outcome)
