"""Messages that name an extra or a path print exactly as written: rich markup must not eat `[web]`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brinkwatch.cli import app

runner = CliRunner()


def test_cli_messages_serve_names_the_web_extra_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as on a core install: `import uvicorn` fails
    result = runner.invoke(app, ["serve", "--db", "unused.db"])
    assert result.exit_code == 6
    assert result.stderr == "error: serving needs the web extra (uvicorn is missing): pip install 'brinkwatch[web]'\n"


def test_cli_messages_dask_engine_names_the_dask_extra_exactly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, samples: Path
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    db = tmp_path / "store.db"
    args = ["ingest", str(samples), "--db", str(db), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 6
    assert result.stderr == (
        "error: the Dask engine needs dask and distributed; install them with pip install 'brinkwatch[dask]'\n"
    )


def test_cli_messages_ingest_failure_lines_keep_brackets(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "report[web].txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "s.db"), "--no-progress"])
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert failed == [
        f"failed {folder.resolve() / 'report[web].txt'}: {folder / 'report[web].txt'}: is empty "
        "(or only whitespace); give it an article's text"
    ]
