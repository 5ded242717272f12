"""POST /api/extract's work in child processes: answered, bounded in time, stopped when the client leaves."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from brinkwatch.errors import InputError
from brinkwatch.web.coder import ClientGone, CoderDied, Coders, CodingTimeout
from tests.web.coder_targets import act

LONG = 120.0  # seconds a stopped job would have run


def alive(pid: int) -> bool:
    """Whether the process runs (a reaped child has no /proc entry; a zombie does not count)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def coders() -> Coders:
    return Coders(processes=1, seconds=60, target=act)


def test_coder_answers_and_keeps_its_process_for_the_next_job(coders: Coders) -> None:
    async def scenario() -> tuple[int, int, int]:
        first = await coders.run(("pid", None))
        with pytest.raises(InputError, match="cannot read 'x'"):
            await coders.run(("fail", "x"))
        return first, await coders.run(("pid", None)), await coders.run(("sleep", 0))

    try:
        first, second, third = asyncio.run(scenario())
    finally:
        coders.close()
    assert first == second == third and not alive(first)  # closed: the child is gone


def test_coder_time_limit_stops_the_work(coders: Coders) -> None:
    async def scenario() -> int:
        pid: int = await coders.run(("pid", None))
        with pytest.raises(CodingTimeout, match=r"within 0.5 s"):
            await coders.run(("sleep", LONG), seconds=0.5)
        return pid

    try:
        pid = asyncio.run(scenario())
        assert not alive(pid)
        assert asyncio.run(coders.run(("pid", None))) != pid  # a fresh child for the next job
    finally:
        coders.close()


def test_coder_client_leaving_stops_the_work(coders: Coders) -> None:
    async def scenario() -> int:
        pid: int = await coders.run(("pid", None))
        left = asyncio.Event()
        asyncio.get_running_loop().call_later(0.3, left.set)
        with pytest.raises(ClientGone):
            await coders.run(("sleep", LONG), gone=left.wait())
        return pid

    try:
        assert not alive(asyncio.run(scenario()))
    finally:
        coders.close()


def test_coder_cancelled_request_stops_the_work(coders: Coders) -> None:
    """What the server does to requests still running when its shutdown grace period ends."""

    async def scenario() -> int:
        pid: int = await coders.run(("pid", None))
        task = asyncio.ensure_future(coders.run(("sleep", LONG)))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return pid

    try:
        assert not alive(asyncio.run(scenario()))
    finally:
        coders.close()


def test_coder_dead_child_is_an_error_and_is_replaced(coders: Coders) -> None:
    async def scenario() -> tuple[int, int]:
        pid: int = await coders.run(("pid", None))
        with pytest.raises(CoderDied, match="exit code 3"):
            await coders.run(("die", 3))
        return pid, await coders.run(("pid", None))

    try:
        before, after = asyncio.run(scenario())
    finally:
        coders.close()
    assert before != after and not alive(before)
