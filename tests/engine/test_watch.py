from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from brinkwatch.engine.watch import RoundReport, parse_interval, poll_round, watch
from brinkwatch.errors import ConfigurationError
from brinkwatch.extract import default_stages
from brinkwatch.intake.polite import PoliteClient
from brinkwatch.model import Article
from brinkwatch.pipeline import Stage, stage
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


@stage("killed", requires=["text"], assigns=["quotes"])
def killed_stage(article: Article) -> Article:
    if "On day 1," in article.text:
        raise KeyboardInterrupt  # what a kill part-way through the batch leaves behind: nothing more runs
    return article


def stages_killed_part_way() -> list[Stage]:
    return [*default_stages(), killed_stage]


def etag_feed(entries: int, pages: dict[str, int] | None = None) -> PoliteClient:
    """A feed that answers 304 to its own ETag; with `pages`, entries link to pages that fail that many times."""

    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path.startswith("/story/") and pages is not None:
            if pages.get(request.url.path, 0) > 0:
                pages[request.url.path] -= 1
                return httpx.Response(404)
            number = int(request.url.path.rsplit("/", 1)[1])
            return httpx.Response(200, text=story(number), headers={"Content-Type": "text/plain"})
        if request.headers.get("If-None-Match") == '"v1"':
            return httpx.Response(304)
        content = "teaser" if pages is not None else None
        body = rss(*(entry(n, content or story(n) * 6) for n in range(entries)))
        return httpx.Response(200, text=body, headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    return PoliteClient(transport=httpx.MockTransport(route), min_interval=0, retries=0, sleep=lambda _: None)


def test_watch_round_killed_mid_ingest_reads_the_feed_again(store: SqlStore) -> None:
    feed = "http://news.test/feed.xml"
    client = etag_feed(3)
    with pytest.raises(KeyboardInterrupt):
        poll_round([feed], store, client, factory=stages_killed_part_way)
    assert store.feed_state(feed).etag is None  # the entries were not all stored: no validator yet
    again = poll_round([feed], store, client)
    assert again.not_modified == 0 and store.counts()["articles"] == 3
    assert store.feed_state(feed).etag == '"v1"'
    assert poll_round([feed], store, client).not_modified == 1


def test_watch_round_retries_failed_entries_next_round(store: SqlStore) -> None:
    feed = "http://news.test/feed.xml"
    client = etag_feed(3, pages={"/story/1": 1})  # story 1's page fails once
    first = poll_round([feed], store, client)
    assert first.batch is not None and first.batch.counts["added"] == 2 and first.batch.counts["failed"] == 1
    assert store.feed_state(feed).etag is None and "1 of 3 entries" in (store.feed_state(feed).error or "")
    second = poll_round([feed], store, client)
    assert second.not_modified == 0 and second.batch is not None and second.batch.counts["added"] == 1
    assert store.counts()["articles"] == 3 and store.failures() == []
    assert store.feed_state(feed).etag == '"v1"' and store.feed_state(feed).error is None
    assert poll_round([feed], store, client).not_modified == 1
