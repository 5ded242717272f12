from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brinkwatch.engine import dask_engine, ingest
from brinkwatch.errors import ConfigurationError
from brinkwatch.store import SqlStore, open_store
from tests.engine.test_batch import write_folder

distributed = pytest.importorskip("distributed", reason="the Dask engine is optional: pip install 'brinkwatch[dask]'")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A real local Dask cluster: one worker process, so items cross a process boundary as in production."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None, silence_logs=40
    ) as local:
        yield local


def test_dask_engine_stores_like_the_local_one(tmp_path: Path, store: SqlStore, cluster: Any) -> None:
    folder = tmp_path / "news"
    write_folder(folder, 8)
    (folder / "empty.txt").write_text(" ", encoding="utf-8")
    report = ingest([str(folder)], store, engine="dask", scheduler=cluster.scheduler_address)
    assert report.counts["added"] == 8 and report.errors == 1
    assert {"intake", "sentences", "dedup", "store"} <= set(report.stage_seconds)
    again = ingest([str(folder)], store, engine="dask", scheduler=cluster.scheduler_address)
    assert again.skipped == 8 and again.processed == 1 and store.counts()["articles"] == 8


def test_dask_engine_needs_a_scheduler(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="--scheduler"):
        ingest([], open_store(tmp_path / "x.db"), engine="dask")


def test_dask_unreachable_scheduler_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    write_folder(tmp_path / "news", 1)
    with pytest.raises(ConfigurationError, match="cannot reach the Dask scheduler"):
        ingest([str(tmp_path / "news")], open_store(tmp_path / "x.db"), engine="dask", scheduler="tcp://127.0.0.1:1")


class _Lost:
    """A Dask future whose worker died."""

    def __init__(self, key: str) -> None:
        self.key = key

    def result(self) -> Any:
        raise RuntimeError("worker lost")

    def release(self) -> None:
        pass


def test_dask_lost_chunk_is_retried_item_by_item_and_a_lost_item_fails_alone() -> None:
    from brinkwatch.engine.dask_engine import _collect
    from brinkwatch.engine.work import Outcome
    from brinkwatch.intake.items import SourceItem

    items = [SourceItem(f"item-{n}", "text", "Some text.") for n in range(3)]
    chunks = {"chunk": items, "single": [items[1]]}
    resubmitted: list[list[SourceItem]] = []
    handled: list[Outcome] = []
    _collect(_Lost("chunk"), chunks, handled.append, resubmitted.append)
    assert resubmitted == [[item] for item in items] and handled == []
    _collect(_Lost("single"), chunks, handled.append, resubmitted.append)
    assert [(o.key, o.error) for o in handled] == [("item-1", "RuntimeError")] and chunks == {}
    assert "the Dask task failed: worker lost" in (handled[0].message or "")
