"""A request-body size limit that answers with a problem document, before any route reads the body.

Content-Length is checked up front; a body sent without one (chunked) is counted as it streams in,
so leaving the header out does not get past the limit. (Starlette's own limiter answers in plain
text; the API promises problem+json for every error.)
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from brinkwatch.web.problems import problem_response

__all__ = ["DEFAULT_MAX_BODY_BYTES", "BodySizeLimit", "BodyTooLarge"]

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024  # a long article is ~100 kB of HTML; room for much more


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body reader passes it on and the problem handler answers 413."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(status_code=413, detail=_detail(max_bytes))


def _detail(max_bytes: int) -> str:
    return (
        f"the request body is over the server's limit of {max_bytes} bytes; "
        "send a shorter article or raise the limit (create_app(max_body_bytes=...))"
    )


class BodySizeLimit:
    """ASGI middleware: 413 with a problem document when a request body exceeds `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_bytes):
            response = problem_response(413, "Request body too large", _detail(self.max_bytes), instance=scope["path"])
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, counting_receive, send)
