"""`POST /api/extract`'s work in child processes: bounded in time, stopped when its client leaves.

Coding cost grows faster than the text: a 50,000-character text without a full stop took four
minutes, and 1.9 MB ran for over 22 CPU-minutes after its client had gone, in a server thread that
nothing could stop and that kept SIGTERM waiting. A thread cannot be stopped; a process can. So each
request's text is coded in a child process (one per concurrent request, up to `processes`, kept for
the next request with its language model loaded), while the server's event loop only waits on the
child's pipe, the client's connection and the clock. When the client leaves, the time limit passes
or the server shuts down, the child is killed and a fresh one starts for the next request. Children
exit by themselves if the server dies (engine/lifeline.py).
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from brinkwatch.engine.lifeline import exit_with_parent
from brinkwatch.errors import BrinkwatchError
from brinkwatch.model import Article

__all__ = [
    "DEFAULT_SECONDS",
    "MAX_TEXT_CHARS",
    "ClientGone",
    "CoderDied",
    "Coders",
    "CodingTimeout",
    "ExtractJob",
    "code_job",
]

MAX_TEXT_CHARS = 200_000  # a long article is 10,000-50,000 characters
DEFAULT_SECONDS = 60.0  # per request, waiting for a free child included


@dataclass(frozen=True, slots=True)
class ExtractJob:
    """What a child needs to code one article: the request's fields."""

    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published_at: datetime | None = None


def code_job(job: ExtractJob) -> Article:
    """Intake and every default pipeline stage (stage failures are recorded on the article); in a child."""
    from brinkwatch.extract import default_pipeline, process
    from brinkwatch.intake import article_from_text

    # The caller sends the article's text: a one-line text is that line, not a title without a story.
    article = article_from_text(job.text, url=job.url, source="api", keep_lone_line=True)
    article.outlet = job.outlet or article.outlet
    article.title = job.title or article.title
    article.published_at = job.published_at or article.published_at
    return process(article, pipeline=default_pipeline(on_error="record"))


class CodingTimeout(BrinkwatchError):
    """The work ran past the request's time limit and was stopped."""


class CoderDied(BrinkwatchError):
    """The child process died while coding (killed, out of memory)."""


class ClientGone(Exception):
    """The client closed its connection before the answer was ready; the work was stopped."""


Target = Callable[[Any], Any]  # a module-level function, so a child can import it


def _serve(connection: Connection, target: Target) -> None:
    """The child's loop: one job in, one ("ok", result) or ("error", exception) out, until the pipe closes."""
    exit_with_parent()
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("ok", target(job))
        except Exception as exc:  # the parent answers with it; the child stays ready for the next job
            reply = ("error", exc)
        try:
            connection.send(reply)
        except Exception as exc:  # an unpicklable result or exception: say what it was instead
            connection.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


@dataclass(slots=True)
class _Child:
    process: BaseProcess
    connection: Connection

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class Coders:
    """Up to `processes` child processes coding one job each; `run` waits on one without blocking the loop."""

    def __init__(self, *, processes: int = 1, seconds: float = DEFAULT_SECONDS, target: Target = code_job) -> None:
        self.processes = processes
        self.seconds = seconds
        self.target = target
        # forkserver, not fork: the server runs an event loop and threads that a fork would copy mid-use.
        # The server process imports brinkwatch once, so a child replacing a stopped one starts at once.
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["brinkwatch.web.coder"])
        self._idle: list[_Child] = []
        self._children: dict[int, _Child] = {}  # idle and busy, so close() stops them all
        self._slots: asyncio.Semaphore | None = None

    async def run(self, job: Any, *, gone: Awaitable[object] | None = None, seconds: float | None = None) -> Any:
        """The target's result for `job`; raises its exception, CodingTimeout, CoderDied or ClientGone.

        `gone` completes when the client has left. The time limit (`seconds`, default the Coders')
        counts from the call, so waiting for a free child (all busy with other requests) counts too.
        """
        loop = asyncio.get_running_loop()
        limit = self.seconds if seconds is None else seconds
        deadline = loop.time() + limit
        watcher = asyncio.ensure_future(gone) if gone is not None else None
        try:
            slot = asyncio.ensure_future(self._slot().acquire())
            if not await _first(slot, watcher, deadline):
                raise self._stopped(watcher, limit)
            try:
                return await self._run_in_child(job, watcher, deadline, limit)
            finally:
                self._slot().release()
        finally:
            if watcher is not None:
                watcher.cancel()

    async def _run_in_child(
        self, job: Any, watcher: asyncio.Future[object] | None, deadline: float, limit: float
    ) -> Any:
        child = self._idle.pop() if self._idle else self._start()
        done = False
        try:
            # In a thread: a fresh child reads nothing while it imports, and a long text fills the pipe.
            sending = asyncio.ensure_future(asyncio.to_thread(child.connection.send, job))
            if not await _first(sending, watcher, deadline):
                raise self._stopped(watcher, limit)
            ready = _readable(child.connection)
            if not await _first(ready, watcher, deadline):
                raise self._stopped(watcher, limit)
            try:
                sending.result()
                status, value = child.connection.recv()
            except (EOFError, OSError) as exc:
                child.process.join(timeout=1)
                raise CoderDied(
                    f"the coding process died (exit code {child.process.exitcode}) while coding this text; "
                    "it may be too large for this machine's memory: send a shorter one"
                ) from exc
            done = True
        finally:
            if done:
                self._idle.append(child)
            else:  # stopped, timed out, cancelled (server shutdown) or dead: never reuse it
                child.kill()
                self._children.pop(child.process.pid or 0, None)
        if status == "error":
            raise value
        return value

    def _stopped(self, watcher: asyncio.Future[object] | None, limit: float) -> Exception:
        if watcher is not None and watcher.done():
            return ClientGone("the client closed the connection; its coding work was stopped")
        return CodingTimeout(
            f"coding did not finish within {limit:g} s (waiting for a free coding process included) "
            "and was stopped; send a shorter text (long texts without full stops cost the most) or try "
            "again when the server is less busy"
        )

    def _slot(self) -> asyncio.Semaphore:
        if self._slots is None:  # made on first use, inside the running event loop
            self._slots = asyncio.Semaphore(self.processes)
        return self._slots

    def _start(self) -> _Child:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child_end, self.target), name="brinkwatch-coder", daemon=True
        )
        process.start()
        child_end.close()  # the child holds its end: a dead child reads as end-of-file here
        child = _Child(process, parent_end)
        self._children[process.pid or 0] = child
        return child

    def close(self) -> None:
        """Stop every child, busy or idle (the server is shutting down).

        A busy child's pipe stays open: its request reads the end-of-file, fails and closes it.
        """
        idle = {id(child) for child in self._idle}
        for child in list(self._children.values()):
            if id(child) in idle:
                child.kill()
            elif child.process.is_alive():
                child.process.kill()
        self._children.clear()
        self._idle.clear()


def _readable(connection: Connection) -> asyncio.Future[None]:
    """A future done when the child's pipe has data or is closed (the child died)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    descriptor = connection.fileno()

    def on_readable() -> None:
        loop.remove_reader(descriptor)
        if not ready.done():
            ready.set_result(None)

    loop.add_reader(descriptor, on_readable)
    ready.add_done_callback(lambda _: loop.remove_reader(descriptor))
    return ready


async def _first(work: asyncio.Future[Any], watcher: asyncio.Future[object] | None, deadline: float) -> bool:
    """Wait for `work`; False when the client left or the deadline passed first."""
    loop = asyncio.get_running_loop()
    waiting: set[asyncio.Future[Any]] = {work} if watcher is None else {work, watcher}
    try:
        await asyncio.wait(waiting, timeout=max(0.0, deadline - loop.time()), return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not work.done():  # given up on (client gone, deadline, cancelled): stop waiting for it
            work.cancel()
    return work.done() and not work.cancelled()
