"""The outermost layer of the app: which Host names it answers, and the browser security headers.

A dashboard on 127.0.0.1 is still reachable from any web page the user opens: a page on a name the
attacker controls can re-point that name at 127.0.0.1 (DNS rebinding) and read the answers as its
own. The browser sends the attacker's name as the Host header, so the server answers only the names
it is served under (loopback, the --host value, each --allowed-host) and refuses any other with 400.

Every response, errors included, carries a Content-Security-Policy that allows this server's own
scripts, styles and images only, and headers that keep it out of frames, stop content sniffing and
send no Referer to the outlets an article links to.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from brinkwatch.web.problems import problem_response

__all__ = [
    "ANY_HOST",
    "CONTENT_SECURITY_POLICY",
    "LOOPBACK_HOSTS",
    "SECURITY_HEADERS",
    "Guard",
    "exposure_warning",
    "host_name",
    "served_hosts",
]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
ANY_HOST = "*"  # answer every Host: only behind a proxy that checks it
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",  # the blank favicon is a data: URL
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",  # frame-ancestors for browsers that predate it
    "referrer-policy": "no-referrer",
}
_ENCODED = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in SECURITY_HEADERS.items()]


def host_name(value: str) -> str:
    """The name in a Host header: 'LocalHost:8000' -> 'localhost', '[::1]:8000' -> '::1'."""
    text = value.strip().lower()
    if text.startswith("["):
        end = text.find("]")
        return text[1:end] if end > 0 else text
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")  # "localhost." is the same name, written fully qualified


_EVERY_INTERFACE = ("0.0.0.0", "::", "")


def served_hosts(bind: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Host names a server bound to `bind` answers besides loopback: `bind` itself and `allowed`."""
    return [name for name in (bind, *allowed) if name.strip()]


def exposure_warning(bind: str, allowed: Iterable[str] = (), *, writable: bool = False) -> str | None:
    """What to say, loudly, when a server listens on every interface; None when it listens on one."""
    if bind.strip() not in _EVERY_INTERFACE:
        return None
    names = ", ".join([*LOOPBACK_HOSTS, *allowed])
    return (
        f"WARNING: listening on {bind or 'every interface'} exposes the dashboard and the API"
        f"{' (writes included, behind the token)' if writable else ''} to every network this machine is on, "
        "without TLS. It answers only requests addressed to "
        f"{names}: add --allowed-host NAME for each name or address others use to reach it, and prefer "
        "--host with one interface's address."
    )


class Guard:
    """ASGI middleware around the whole app, error handling included (see `create_app`)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> None:
        self.app = app
        names = {host_name(h) for h in (*LOOPBACK_HOSTS, *allowed_hosts) if h.strip()}
        self.any_host = ANY_HOST in names
        self.hosts = frozenset(names - {ANY_HOST})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v) for k, v in message.get("headers", []) if k.decode("latin-1").lower() not in SECURITY_HEADERS
                ]
                message = {**message, "headers": kept + _ENCODED}
            await send(message)

        given = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        name = host_name(given)
        if not self.any_host and name not in self.hosts:
            detail = (
                f"this server answers to {', '.join(sorted(self.hosts))}, not to the Host {name!r} this request "
                f"named (a page on another site re-pointing its name at this server does that); if you opened "
                f"it under that name on purpose, start the server with --allowed-host {name or 'NAME'}"
            )
            response = problem_response(400, "Unknown host", detail, instance=scope.get("path"))
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
