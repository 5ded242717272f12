from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from brinkwatch.engine.watch import RoundReport, parse_interval, poll_round, watch
from brinkwatch.errors import ConfigurationError
from brinkwatch.intake.polite import PoliteClient
from brinkwatch.store import ArticleQuery, EventQuery, SqlStore
from tests.engine.test_batch import story
from tests.intake.test_feeds import entry, rss


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900.0), ("30s", 30.0), ("2h", 7200.0), ("1d", 86400.0), ("45", 45.0), ("1.5m", 90.0)]
)
def test_watch_interval_is_parsed(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["soon", "15 minutes", "0s", "-5m"])
def test_watch_bad_interval_is_a_clear_error(text: str) -> None:
    with pytest.raises(ConfigurationError):
        parse_interval(text)


class FeedServer(BaseHTTPRequestHandler):
    """A news site on loopback: a feed with an ETag, a broken feed, a failing feed and robots.txt."""

    entries = 2

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self._send(200, "text/plain", "User-agent: *\nDisallow: /private/\n")
        elif self.path == "/feed.xml":
            etag = f'"n{self.entries}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            body = rss(*(entry(n, story(n) * 6) for n in range(self.entries)))
            self._send(200, "application/rss+xml", body, etag)
        elif self.path == "/broken.xml":
            self._send(200, "application/rss+xml", "<rss><channel><item><title>cut off")
        elif self.path == "/private/feed.xml":
            self._send(200, "application/rss+xml", rss(entry(99)))
        else:
            self._send(500, "text/plain", "boom")

    def _send(self, status: int, content_type: str, body: str, etag: str | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_watch_polls_rounds_through_feed_errors(site: str, tmp_path: Path, store: SqlStore) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(
        f"{site}/feed.xml\n{site}/broken.xml\n{site}/down.xml\n{site}/private/feed.xml\n", encoding="utf-8"
    )
    reports: list[RoundReport] = []
    client = PoliteClient(min_interval=0, retries=1, backoff=0.01, timeout=5)
    watch(feeds, store, every=0.01, rounds=2, client=client, on_round=lambda _, r: reports.append(r))
    first, second = reports
    assert first.batch is not None and first.batch.counts["added"] == 2
    assert len(first.errors) == 3  # broken, HTTP 500 (after a retry) and disallowed by robots.txt
    assert any("robots.txt" in e for e in first.errors) and any("HTTP 500" in e for e in first.errors)
    assert second.not_modified == 1 and second.batch is not None and second.batch.processed == 0
    assert store.counts()["articles"] == 2 and store.feed_state(f"{site}/feed.xml").etag == '"n2"'
    stored = {a.article.id for a in store.articles(ArticleQuery())}
    # Events exist only when a language model is installed; either way each belongs to a stored article.
    assert {e.article_id for e in store.events(EventQuery())} <= stored


def test_watch_round_reads_new_entries_only(store: SqlStore) -> None:
    count = {"entries": 1}

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        body = rss(*(entry(n, story(n) * 6) for n in range(count["entries"])))
        return httpx.Response(200, text=body, headers={"Content-Type": "application/rss+xml"})

    client = PoliteClient(transport=httpx.MockTransport(route), min_interval=0, sleep=lambda _: None)
    first = poll_round(["http://news.test/feed.xml"], store, client)
    count["entries"] = 3
    second = poll_round(["http://news.test/feed.xml", "http://news.test/feed.xml"], store, client)
    assert first.batch is not None and first.batch.counts["added"] == 1
    assert second.batch is not None and second.batch.processed == 2  # entries 1 and 2; the repeat feed adds none
    assert store.counts()["sightings"] == 3


def test_watch_missing_feed_list_is_reported_each_round(tmp_path: Path, store: SqlStore) -> None:
    reports: list[RoundReport] = []
    watch(
        tmp_path / "none.txt", store, every=0, rounds=2, on_round=lambda _, r: reports.append(r), sleep=lambda _: None
    )
    assert [len(r.errors) for r in reports] == [1, 1] and "no such feed list" in reports[0].errors[0]
