"""`brinkwatch serve --writable` as a process: extract work stops when its client leaves, and SIGTERM
stops the server within seconds even while a long text is being coded."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from brinkwatch.serialize import to_json
from tests.conftest import ROOT
from tests.web.conftest import TOKEN, build_articles

PLACES = ["Baghdad", "Mosul", "Basra", "Qaim", "Kirkuk", "Erbil", "Damascus", "Aleppo", "Homs", "Beirut"]
# One sentence of 300 strikes in 300 places, without a full stop: about 20,000 characters, which cost
# the coder minutes (its cost grows with events x places x sentence length), so the work is surely
# still running when the test stops it.
SLOW_TEXT = "Report\n\n" + " ".join(
    f"militia drones struck bases in {PLACES[i % 10]} officials in {PLACES[(i + 3) % 10]} said and" for i in range(300)
)


def children(pid: int) -> dict[int, str]:
    """The live child processes of `pid`, pid -> command line, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(ppid) == pid and state != "Z":
            found[int(entry.name)] = command
    return found


def coding_children(pid: int) -> list[int]:
    """The server's coding processes: children of its forkserver."""
    servers = [child for child, command in children(pid).items() if "forkserver" in command]
    return [coder for server in servers for coder in children(server)]


def descendants(pid: int) -> list[int]:
    found = list(children(pid))
    for child in list(found):
        found += descendants(child)
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:g} s")
        time.sleep(0.1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    jsonl = tmp_path / "articles.jsonl"
    jsonl.write_text("".join(to_json(article) + "\n" for article in build_articles()), encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "brinkwatch", "serve", "--jsonl", str(jsonl), "--no-analysis", "--writable"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "BRINKWATCH_API_TOKEN": TOKEN}
    process = subprocess.Popen(
        [*command, "--port", str(port)], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def answers() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200
        except httpx.TransportError:
            return process.poll() is not None  # ended: fail below instead of waiting

    try:
        wait_for(answers, 60, "the server did not answer")
        assert process.poll() is None, "the server ended at start"
        yield process, port
    finally:
        leftovers = descendants(process.pid)
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for pid in leftovers:  # only this server's own children
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def post_slow_text(port: int) -> socket.socket:
    """Send the request and leave the connection open, as a client waiting for its answer does."""
    body = json.dumps({"text": SLOW_TEXT, "store": False}).encode()
    head = (
        f"POST /api/extract HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sendall(head.encode() + body)
    return connection


@pytest.mark.network
def test_serve_extract_stops_when_the_client_leaves_and_sigterm_stops_the_server(
    server: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = server
    client = post_slow_text(port)
    wait_for(lambda: coding_children(process.pid), 60, "no coding process started for the request")
    (coder,) = coding_children(process.pid)
    client.close()
    wait_for(lambda: not alive(coder), 30, "the coding process went on after its client left")

    client = post_slow_text(port)
    try:
        wait_for(lambda: coding_children(process.pid), 60, "no coding process started for the second request")
        started = descendants(process.pid)  # the coder, its forkserver and the resource tracker
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)  # the grace period is 3 s; the rest is margin for a loaded machine
        except subprocess.TimeoutExpired:
            pytest.fail("SIGTERM did not stop the server within 15 s while a request was being coded")
        wait_for(lambda: not any(alive(pid) for pid in started), 10, "the coding processes outlived the server")
    finally:
        client.close()
