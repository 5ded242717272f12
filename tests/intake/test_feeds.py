from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from brinkwatch.errors import InputNotFoundError
from brinkwatch.intake.feeds import FULL_TEXT_CHARS, poll_feed, read_feed_list
from brinkwatch.intake.polite import PoliteClient
from brinkwatch.store import FeedState

FEED_URL = "http://news.test/feed.xml"
BODY = "Rockets struck the airport on Sunday, officials said. " * 40  # long enough to be the full text


def rss(*entries: str) -> str:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>News Test</title>{"".join(entries)}</channel></rss>'
    )


def entry(number: int, content: str = BODY) -> str:
    return (
        f"<item><title>Story {number}</title><link>http://news.test/story/{number}</link>"
        f"<guid>http://news.test/story/{number}</guid><pubDate>Sun, 02 Jun 2019 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{content}</p>]]></description></item>"
    )


def polite(route: Callable[[httpx.Request], httpx.Response]) -> PoliteClient:
    def with_robots(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404) if request.url.path == "/robots.txt" else route(request)

    return PoliteClient(transport=httpx.MockTransport(with_robots), min_interval=0, retries=0, sleep=lambda _: None)


def feed_answer(body: str, content_type: str = "application/rss+xml", **headers: str) -> httpx.Response:
    return httpx.Response(200, text=body, headers={"Content-Type": content_type, **headers})


def test_feeds_full_text_entries_become_items() -> None:
    poll = poll_feed(polite(lambda _: feed_answer(rss(entry(1), entry(2)))), FeedState(FEED_URL), set())
    assert [item.key for item in poll.items] == ["http://news.test/story/1", "http://news.test/story/2"]
    item = poll.items[0]
    assert item.kind == "html" and BODY.strip() in item.payload
    assert item.meta == {
        "url": "http://news.test/story/1",
        "title": "Story 1",
        "published_at": "2019-06-02T10:00:00+00:00",
        "outlet": "News Test",
    }
    assert poll.errors == [] and poll.state.status == 200


def test_feeds_known_entries_are_skipped() -> None:
    poll = poll_feed(
        polite(lambda _: feed_answer(rss(entry(1), entry(2)))), FeedState(FEED_URL), {"http://news.test/story/1"}
    )
    assert [item.key for item in poll.items] == ["http://news.test/story/2"]


def test_feeds_conditional_get_sends_validators_and_reads_304() -> None:
    seen: list[httpx.Request] = []

    def route(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304)
        return feed_answer(rss(entry(1)), ETag='"v1"', **{"Last-Modified": "Sun, 02 Jun 2019 10:00:00 GMT"})

    client = polite(route)
    first = poll_feed(client, FeedState(FEED_URL), set())
    assert first.state.etag == '"v1"' and first.state.last_modified == "Sun, 02 Jun 2019 10:00:00 GMT"
    second = poll_feed(client, first.state, set())
    assert second.not_modified and second.items == [] and second.state.etag == '"v1"'
    assert seen[-1].headers["If-Modified-Since"] == "Sun, 02 Jun 2019 10:00:00 GMT"


def test_feeds_teaser_entries_fetch_their_page() -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/feed.xml":
            return feed_answer(rss(entry(1, "Short teaser."), entry(2, "Another teaser."), entry(3, "Third.")))
        if request.url.path == "/story/1":
            return httpx.Response(
                200,
                text=f"<html><body><article><p>{BODY}</p></article></body></html>",
                headers={"Content-Type": "text/html"},
            )
        if request.url.path == "/story/2":
            return httpx.Response(500)
        return httpx.Response(200, content=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})

    poll = poll_feed(polite(route), FeedState(FEED_URL), set())
    kinds = [(item.key.rsplit("/", 1)[1], item.kind) for item in poll.items]
    assert kinds == [("1", "html"), ("2", "error"), ("3", "error")]
    assert "HTTP 500" in poll.items[1].payload and "not an article page" in poll.items[2].payload
    assert len(poll.errors) == 2
    assert len(BODY) >= FULL_TEXT_CHARS > len("Short teaser.")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (feed_answer("this is <not> a feed at all", "text/html"), "not a readable feed"),
        (feed_answer("%PDF-1.4 binary", "application/pdf"), "is not a feed"),
        (httpx.Response(500), "HTTP 500"),
    ],
)
def test_feeds_bad_feeds_are_recorded_not_raised(answer: httpx.Response, message: str) -> None:
    poll = poll_feed(polite(lambda _: answer), FeedState(FEED_URL), set())
    assert poll.items == [] and message in poll.errors[0] and poll.state.error is not None


def test_feeds_unreachable_server_is_recorded() -> None:
    def route(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    poll = poll_feed(polite(route), FeedState(FEED_URL), set())
    assert poll.items == [] and "unreachable" in (poll.state.error or "")


def test_feeds_list_skips_comments_and_blanks(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# world news\nhttp://a.test/rss\n\n  http://b.test/atom  \n", encoding="utf-8")
    assert read_feed_list(path) == ["http://a.test/rss", "http://b.test/atom"]
    with pytest.raises(InputNotFoundError):
        read_feed_list(tmp_path / "none.txt")


def test_feeds_entry_links_that_are_not_http_are_never_fetched_nor_linked() -> None:
    from brinkwatch.intake.sources import item_to_article

    seen: list[str] = []

    def route(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        hostile = entry(1).replace("http://news.test/story/1</link>", "javascript:alert(document.cookie)</link>")
        teaser = entry(2, "Short teaser.").replace("http://news.test/story/2</link>", "data:text/html,x</link>")
        return feed_answer(rss(hostile, teaser))

    poll = poll_feed(polite(route), FeedState(FEED_URL), set())
    assert seen == ["/feed.xml"]  # the teaser's data: link was not fetched
    full, teaser = poll.items
    assert full.kind == "html" and item_to_article(full).url is None
    assert teaser.kind == "html" and "Short teaser." in teaser.payload
