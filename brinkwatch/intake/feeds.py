"""RSS and Atom feeds: conditional GET, feedparser, and one SourceItem per new entry.

An entry whose feed carries the full story (content:encoded, Atom content) is read from the feed;
otherwise its page is fetched through the same polite client. Entries already stored are skipped
before any page is fetched, so a poll of an unchanged feed costs one request (or a 304).
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser

from brinkwatch.errors import BrinkwatchError, FetchError, InputNotFoundError
from brinkwatch.intake.decode import decode_bytes
from brinkwatch.intake.items import SourceItem
from brinkwatch.intake.polite import PoliteClient
from brinkwatch.intake.urls import web_url
from brinkwatch.store.base import FeedState

__all__ = ["FULL_TEXT_CHARS", "FeedPoll", "poll_feed", "read_feed_list"]

log = logging.getLogger(__name__)

FULL_TEXT_CHARS = 1500  # feed content shorter than this is a teaser: fetch the page instead
# Bozo reasons that say nothing is wrong with the entries: a charset or content-type mismatch.
_BENIGN = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_FEED_TYPES = ("xml", "rss", "atom", "rdf", "text/plain", "text/html", "json")


@dataclass(slots=True)
class FeedPoll:
    """The outcome of one poll: the feed's new state, the new entries, and what went wrong."""

    state: FeedState
    items: list[SourceItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_modified: bool = False


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs, one per line; blank lines and lines starting with # are ignored."""
    if not path.is_file():
        raise InputNotFoundError(f"{path}: no such feed list; write one feed URL per line into it")
    urls = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def poll_feed(client: PoliteClient, state: FeedState, known: set[str], *, fetch_pages: bool = True) -> FeedPoll:
    """Poll one feed; every failure is recorded in the returned state, never raised."""
    now = datetime.now(UTC)
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        response = client.get(state.url, headers)
    except BrinkwatchError as exc:
        log.warning("feed %s: %s", state.url, exc)
        return FeedPoll(replace(state, polled_at=now, error=str(exc)), errors=[str(exc)])
    if response.status == 304:
        return FeedPoll(replace(state, polled_at=now, status=304, error=None), not_modified=True)
    fresh = FeedState(
        state.url,
        etag=response.headers.get("etag") or state.etag,
        last_modified=response.headers.get("last-modified") or state.last_modified,
        polled_at=now,
        status=response.status,
    )
    if response.content_type and not any(kind in response.content_type for kind in _FEED_TYPES):
        message = f"{state.url}: content type {response.content_type!r} is not a feed; check the feed address"
        log.warning("%s", message)
        return FeedPoll(replace(fresh, error=message), errors=[message])
    parsed = feedparser.parse(
        response.body,
        response_headers={"content-location": response.url, "content-type": response.headers.get("content-type", "")},
    )
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom structure"
        message = f"{state.url}: not a readable feed ({reason}); open it in a browser to check"
        log.warning("%s", message)
        return FeedPoll(replace(fresh, error=message), errors=[message])
    poll = FeedPoll(fresh)
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), _BENIGN):
        # Feeds are often slightly broken; keep what parsed, but say so.
        message = f"{state.url}: malformed feed ({parsed.get('bozo_exception')}); read {len(parsed.entries)} entries"
        log.warning("%s", message)
        poll.errors.append(message)
        poll.state = replace(fresh, error=message)
    for entry in parsed.entries:
        item = _entry_item(client, entry, known, fetch_pages, outlet=parsed.feed.get("title"))
        if item is not None:
            poll.items.append(item)
            if item.kind == "error":
                poll.errors.append(item.payload)
    return poll


def _entry_item(
    client: PoliteClient, entry: Any, known: set[str], fetch_pages: bool, *, outlet: str | None
) -> SourceItem | None:
    link = entry.get("link") or ""
    key = entry.get("id") or link
    if not key or key in known:
        return None
    meta = {"url": link, "title": entry.get("title") or "", "published_at": _entry_date(entry), "outlet": outlet or ""}
    meta = {name: value for name, value in meta.items() if value}
    content = _longest_content(entry)
    # Only an http(s) link is fetched; any other (javascript:, data:) is kept as a note by intake.
    if len(content) >= FULL_TEXT_CHARS or not (fetch_pages and web_url(link)):
        if not content.strip():
            return SourceItem(key, "error", f"{key}: the feed entry has no text and no page to fetch", meta)
        return SourceItem(key, "html", f"<html><body><article>{content}</article></body></html>", meta)
    try:
        page = client.get(link)
    except FetchError as exc:
        log.warning("entry %s: %s", link, exc)
        return SourceItem(key, "error", str(exc), meta)
    if page.content_type and page.content_type not in ("text/html", "application/xhtml+xml", "text/plain"):
        return SourceItem(key, "error", f"{link}: content type {page.content_type!r} is not an article page", meta)
    try:
        body = decode_bytes(page.body, name=link, max_bytes=client.max_bytes)
    except BrinkwatchError as exc:
        return SourceItem(key, "error", str(exc), meta)
    return SourceItem(key, "text" if page.content_type == "text/plain" else "html", body, meta | {"url": page.url})


def _longest_content(entry: Any) -> str:
    texts: Iterable[str] = [part.get("value", "") for part in entry.get("content", [])]
    return str(max([*texts, entry.get("summary", "")], key=len))


def _entry_date(entry: Any) -> str:
    for name in ("published_parsed", "updated_parsed"):
        value = entry.get(name)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC).isoformat()
    return ""
