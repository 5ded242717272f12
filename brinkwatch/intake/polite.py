"""A polite HTTP client for polling feeds: robots.txt, per-host spacing, retries with backoff, limits.

Politeness is per host: requests to one host are spaced by `min_interval` seconds (or the host's
robots.txt Crawl-delay when longer). robots.txt follows RFC 9309: a 4xx answer allows everything,
a 5xx or unreachable server disallows everything until the next poll. Timeouts, connection errors,
429 and 5xx answers are retried with exponential backoff (honouring Retry-After); every other
failure raises a FetchError that names the URL.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from brinkwatch.errors import FetchError
from brinkwatch.intake.fetch import USER_AGENT

__all__ = ["PoliteClient", "Response"]


class _Retryable(FetchError):
    """A failure worth another try: a timeout or a dropped connection."""


_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_MAX_RETRY_AFTER = 60.0
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class PoliteClient:
    def __init__(
        self,
        *,
        timeout: float = 15.0,
        max_bytes: int = 10 * 1024 * 1024,
        retries: int = 3,
        backoff: float = 1.0,
        min_interval: float = 1.0,
        respect_robots: bool = True,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self.respect_robots = respect_robots
        self._sleep = sleep
        self._clock = clock
        self._timeout = timeout
        self._last: dict[str, float] = {}  # host -> when we last asked it
        self._delays: dict[str, float] = {}  # host -> its robots.txt Crawl-delay
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._client = httpx.Client(
            follow_redirects=True,
            max_redirects=5,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def forget_robots(self) -> None:
        """Drop cached robots.txt files so the next request reads them again (once per poll round)."""
        self._robots.clear()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """GET with retries; returns any final status below 400 (304 included), raises FetchError otherwise."""
        if self.respect_robots and not self.allowed(url):
            raise FetchError(f"{url}: robots.txt of {_host(url)} disallows it for brinkwatch; leave it out")
        attempt = 0
        while True:
            try:
                response = self._request(url, headers)
            except _Retryable:
                if attempt >= self.retries:
                    raise
                delay = self.backoff * 2**attempt
            else:
                if response.status not in _RETRY_STATUS or attempt >= self.retries:
                    if response.status >= 400:
                        raise FetchError(
                            f"{url}: the server answered HTTP {response.status} after {attempt + 1} "
                            "attempt(s); check the address or try later"
                        )
                    return response
                delay = max(self.backoff * 2**attempt, _retry_after(response.headers))
            attempt += 1
            self._sleep(delay)

    def allowed(self, url: str) -> bool:
        host = _host(url)
        if host not in self._robots:
            self._robots[host] = self._read_robots(url)
        parser = self._robots[host]
        return parser is None or parser.can_fetch(USER_AGENT, url)

    def _read_robots(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self._request(robots_url, None)
        except FetchError:
            parser.parse(_DISALLOW_ALL)  # unreachable: RFC 9309 says assume nothing is allowed
            return parser
        if response.status >= 500:
            parser.parse(_DISALLOW_ALL)
        elif response.status >= 400:
            return None  # no robots.txt: everything is allowed
        else:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(USER_AGENT)
            if delay:
                self._delays[parts.netloc.lower()] = float(delay)
        return parser

    def _wait_turn(self, url: str) -> None:
        host = _host(url)
        interval = max(self.min_interval, self._delays.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _request(self, url: str, headers: Mapping[str, str] | None) -> Response:
        self._wait_turn(url)
        try:
            with self._client.stream("GET", url, headers=dict(headers or {})) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: {int(declared):,} bytes is over the {self.max_bytes:,}-byte limit")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"{url}: the answer is over the {self.max_bytes:,}-byte limit; skipped")
                    chunks.append(chunk)
                return Response(str(response.url), response.status_code, dict(response.headers), b"".join(chunks))
        except httpx.TimeoutException as exc:
            raise _Retryable(f"{url}: no answer within {self._timeout:g} s") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"{url}: too many redirects; open it in a browser to find the real address") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"{url}: unreachable ({exc})") from exc


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _retry_after(headers: Mapping[str, str]) -> float:
    value = headers.get("retry-after", "")
    return min(float(value), _MAX_RETRY_AFTER) if value.replace(".", "", 1).isdigit() else 0.0
