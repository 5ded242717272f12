"""Running the app under uvicorn, so that SIGTERM stops it within seconds.

uvicorn waits for requests in flight before it stops, without end unless told otherwise: a long
`POST /api/extract` kept a SIGTERMed server up for as long as its text took. After
`SHUTDOWN_GRACE_SECONDS` the requests still running are cancelled, which stops their coding
processes (web/coder.py), and the app's shutdown stops the idle ones.
"""

from __future__ import annotations

from fastapi import FastAPI

__all__ = ["SHUTDOWN_GRACE_SECONDS", "run_server"]

SHUTDOWN_GRACE_SECONDS = 3  # uvicorn takes whole seconds


def run_server(app: FastAPI, *, host: str, port: int) -> None:
    """Serve `app` on host:port until SIGINT or SIGTERM (needs the web extra)."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS)
