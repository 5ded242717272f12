"""A SIGKILLed ingest leaves no process behind: its workers, forkserver and resource tracker follow it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.engine.test_batch import write_folder


def session_members(session: int) -> dict[int, str]:
    """Live processes (zombies left out) of a session, pid -> command, read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # it ended while we looked
            continue
        state, _ppid, _group, sid = stat.rsplit(")", 1)[1].split()[:4]
        if int(sid) == session and state != "Z":
            found[int(entry.name)] = command
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc (Linux)")
def test_orphans_killed_ingest_takes_its_worker_processes_along(tmp_path: Path) -> None:
    write_folder(tmp_path / "news", 400)
    command = [sys.executable, "-m", "brinkwatch", "ingest", str(tmp_path / "news")]
    command += ["--db", str(tmp_path / "news.db"), "--processes", "2"]
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    # A session of its own: every process the ingest starts is found by its session id.
    batch = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while len(session_members(batch.pid)) < 4 and batch.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)  # the ingest, its forkserver and two workers (and the resource tracker)
        assert batch.poll() is None, "the ingest ended before its workers could be seen"
        assert len(session_members(batch.pid)) >= 4, session_members(batch.pid)
        os.kill(batch.pid, signal.SIGKILL)
        batch.wait(timeout=30)
        deadline = time.monotonic() + 60
        while session_members(batch.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert session_members(batch.pid) == {}
    finally:
        for pid in session_members(batch.pid):  # only what this test started: its own session
            os.kill(pid, signal.SIGKILL)
        if batch.poll() is None:
            batch.kill()
        batch.wait(timeout=30)
        if batch.stderr is not None:
            batch.stderr.close()
