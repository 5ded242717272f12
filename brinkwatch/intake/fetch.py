"""Fetching one URL with httpx: timeouts, a size limit, a redirect limit and a content-type check."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from brinkwatch import __version__
from brinkwatch.errors import FetchError, UnknownEncodingError
from brinkwatch.intake.decode import MAX_BYTES, decode_text

__all__ = ["Fetched", "fetch_url"]

ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = f"brinkwatch/{__version__} (+https://github.com/brinkwatch/brinkwatch)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    text: str
    notes: list[str] = field(default_factory=list)  # how the body was decoded, when it was not plain UTF-8


def fetch_url(
    url: str,
    *,
    timeout: float = 15.0,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = 5,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET an article page; every failure becomes a FetchError that names the URL and the fix."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"{url!r} is not an http(s) URL; pass a full address such as https://example.org/story")
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=max_redirects,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        headers={"User-Agent": USER_AGENT, "Accept": ", ".join(ACCEPTED_TYPES)},
        transport=transport,
    )
    try:
        with client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(
                    f"{url}: the server answered HTTP {response.status_code}; check the address or try later"
                )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and content_type not in ACCEPTED_TYPES:
                raise FetchError(
                    f"{url}: content type {content_type!r} is not an article page "
                    f"(accepted: {', '.join(ACCEPTED_TYPES)}); download it and convert it to text first"
                )
            body = _read_limited(response, url, max_bytes)
            final_url = str(response.url)
            charset = response.charset_encoding
    except httpx.TooManyRedirects as exc:
        raise FetchError(
            f"{url}: more than {max_redirects} redirects; open it in a browser to find the real page"
        ) from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: no answer within {timeout:g} s; try again later or raise --timeout") from exc
    except httpx.TransportError as exc:
        raise FetchError(f"{url}: unreachable ({exc}); check the address and your network") from exc
    try:
        decoded = decode_text(body, name=url, encoding=charset, max_bytes=max_bytes)
    except UnknownEncodingError:
        # Servers often declare the wrong charset; the bytes themselves are the better witness.
        decoded = decode_text(body, name=url, max_bytes=max_bytes)
    return Fetched(final_url, content_type or "text/html", decoded.text, decoded.notes)


def _read_limited(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url}: {int(declared):,} bytes is over the {max_bytes:,}-byte limit; raise --max-bytes")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: the page is over the {max_bytes:,}-byte limit; raise --max-bytes")
        chunks.append(chunk)
    return b"".join(chunks)
