from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from brinkwatch.errors import FetchError
from brinkwatch.intake.polite import PoliteClient

Handler = Callable[[httpx.Request], httpx.Response]


class Clock:
    """A fake clock whose sleep moves time on, so politeness and backoff are checked without waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def client(handler: Handler, clock: Clock, **options: object) -> PoliteClient:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return handler(request)

    settings: dict[str, object] = {"min_interval": 0.0, "backoff": 1.0} | options
    return PoliteClient(
        transport=httpx.MockTransport(route),
        sleep=clock.sleep,
        clock=clock.time,
        **settings,  # type: ignore[arg-type]
    )


def answers(*responses: httpx.Response) -> tuple[Handler, list[httpx.Request]]:
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler, seen


def test_polite_retries_server_errors_with_backoff() -> None:
    clock = Clock()
    handler, seen = answers(httpx.Response(500), httpx.Response(503), httpx.Response(200, text="ok"))
    response = client(handler, clock).get("http://news.test/feed")
    assert response.status == 200 and response.body == b"ok" and len(seen) == 3
    assert clock.sleeps == [1.0, 2.0]


def test_polite_gives_up_after_the_retries() -> None:
    clock = Clock()
    handler, seen = answers(httpx.Response(500))
    with pytest.raises(FetchError, match="HTTP 500 after 3 attempt"):
        client(handler, clock, retries=2).get("http://news.test/feed")
    assert len(seen) == 3


def test_polite_honours_retry_after() -> None:
    clock = Clock()
    handler, _ = answers(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200))
    client(handler, clock).get("http://news.test/feed")
    assert clock.sleeps == [7.0]


@pytest.mark.parametrize(
    ("error", "message"),
    [(httpx.ReadTimeout("slow"), "no answer within"), (httpx.ConnectError("refused"), "unreachable")],
)
def test_polite_retries_timeouts_and_dropped_connections(error: Exception, message: str) -> None:
    clock = Clock()
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise error

    with pytest.raises(FetchError, match=message):
        client(handler, clock, retries=1).get("http://news.test/feed")
    assert len(calls) == 2


def test_polite_does_not_retry_client_errors() -> None:
    clock = Clock()
    handler, seen = answers(httpx.Response(404))
    with pytest.raises(FetchError, match="HTTP 404"):
        client(handler, clock).get("http://news.test/feed")
    assert len(seen) == 1 and clock.sleeps == []


def _huge() -> Iterator[bytes]:
    for _ in range(200):  # 200 MB if read to the end
        yield b"x" * (1024 * 1024)


@pytest.mark.parametrize("declared", [True, False])
def test_polite_stops_reading_an_oversized_answer(declared: bool) -> None:
    headers = {"Content-Length": str(200 * 1024 * 1024)} if declared else {}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, content=_huge())

    with pytest.raises(FetchError, match="limit"):
        client(handler, Clock(), max_bytes=2 * 1024 * 1024).get("http://news.test/big")


def test_polite_spaces_requests_to_one_host() -> None:
    clock = Clock()
    handler, _ = answers(httpx.Response(200))
    polite = client(handler, clock, min_interval=2.0, respect_robots=False)
    polite.get("http://a.test/1")
    polite.get("http://b.test/1")  # another host: no wait
    polite.get("http://a.test/2")
    assert clock.sleeps == [2.0]


@pytest.mark.parametrize(
    ("robots", "path", "allowed"),
    [
        (httpx.Response(200, text="User-agent: *\nDisallow: /private/\n"), "/private/story", False),
        (httpx.Response(200, text="User-agent: *\nDisallow: /private/\n"), "/public/story", True),
        (httpx.Response(404), "/anything", True),
        (httpx.Response(503), "/anything", False),
    ],
)
def test_polite_respects_robots_txt(robots: httpx.Response, path: str, allowed: bool) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        return robots if request.url.path == "/robots.txt" else httpx.Response(200, text="page")

    clock = Clock()
    polite = PoliteClient(transport=httpx.MockTransport(route), sleep=clock.sleep, clock=clock.time, retries=0)
    if allowed:
        assert polite.get(f"http://news.test{path}").body == b"page"
    else:
        with pytest.raises(FetchError, match=r"robots\.txt"):
            polite.get(f"http://news.test{path}")


def test_polite_uses_a_longer_crawl_delay() -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 5\n")
        return httpx.Response(200)

    clock = Clock()
    polite = PoliteClient(transport=httpx.MockTransport(route), sleep=clock.sleep, clock=clock.time, min_interval=1)
    polite.get("http://news.test/1")
    polite.get("http://news.test/2")
    assert clock.sleeps[-1] == 5.0
