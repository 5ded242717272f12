"""Child processes end with the process that started them, even when it is killed with SIGKILL.

A pool worker waits on its task queue, whose pipe other workers also hold open, so it never sees its
parent go; the forkserver and the resource tracker stay up while any worker does. A SIGKILLed ingest
used to leave them all running (about 600 MB per worker with the language model loaded). Each child
therefore watches multiprocessing's parent sentinel, a pipe only the parent holds open, which the
kernel closes when the parent dies, and exits at once; the forkserver and the resource tracker then
see their last client go and exit by themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

__all__ = ["ORPHANED_EXIT_CODE", "exit_with_parent"]

ORPHANED_EXIT_CODE = 75  # EX_TEMPFAIL: nothing was wrong with the work; its requester went away


def exit_with_parent() -> None:
    """Start a daemon thread that ends this process when its parent process ends (a pool initializer)."""
    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing: nothing to watch
        return

    def watch() -> None:
        parent.join()  # returns when the sentinel reads end-of-file: the parent is gone
        # os._exit, not sys.exit: a worker blocked on its queue would never reach a clean shutdown.
        os._exit(ORPHANED_EXIT_CODE)

    threading.Thread(target=watch, name="brinkwatch-exit-with-parent", daemon=True).start()
