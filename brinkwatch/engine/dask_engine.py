"""The Dask engine: the same per-item work on a Dask cluster; results come back to one writer.

Install with `pip install 'brinkwatch[dask]'`. Workers need brinkwatch (and its language model)
installed; the scheduler address is what `dask scheduler` prints (tcp://host:8786).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from brinkwatch.engine.work import Outcome, StagesFactory, process_item
from brinkwatch.errors import ConfigurationError
from brinkwatch.intake.sources import SourceItem

__all__ = ["run_dask"]

_IN_FLIGHT_PER_THREAD = 4
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
    """Process every item on the cluster and hand each Outcome to `handle` here as it completes."""
    client, owned = _client(scheduler)
    as_completed: Any = importlib.import_module("distributed").as_completed
    try:
        threads = max(sum(client.nthreads().values()), 1)
        window = threads * _IN_FLIGHT_PER_THREAD
        queue = as_completed()
        keys: dict[str, str] = {}  # Dask task key -> item key, to name the item if its task is lost
        for item in items:
            future = client.submit(process_item, item, factory, pure=False)
            keys[future.key] = item.key
            queue.add(future)
            if len(keys) >= window:
                _collect(next(queue), keys, handle)
        for future in queue:
            _collect(future, keys, handle)
    finally:
        if owned:
            client.close()


def _collect(future: Any, keys: dict[str, str], handle: Callable[[Outcome], None]) -> None:
    item_key = keys.pop(future.key)
    try:
        outcome = future.result()
    except Exception as exc:  # a worker lost mid-task: that item fails, the batch goes on
        outcome = Outcome(item_key, error=type(exc).__name__, message=f"the Dask task failed: {exc}")
    future.release()
    handle(outcome)
