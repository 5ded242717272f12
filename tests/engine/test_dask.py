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
