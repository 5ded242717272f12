"""The feed poller: every interval, poll each feed and ingest its new entries; feed errors never stop it.

A feed's new state (its ETag and Last-Modified) is saved only after the round's entries went to the
store: saved first, a poller killed mid-ingest would get a 304 on restart and never see the entries
it had not stored. A feed with an entry that failed keeps its old validators, so the next round
reads it in full and tries that entry again (stored entries are skipped before any page is fetched).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from brinkwatch.engine import ingest_items
from brinkwatch.engine.work import StagesFactory
from brinkwatch.engine.writer import BatchReport
from brinkwatch.errors import BrinkwatchError, ConfigurationError
from brinkwatch.extract import default_stages
from brinkwatch.intake.feeds import FeedPoll, poll_feed, read_feed_list
from brinkwatch.intake.items import SourceItem
from brinkwatch.intake.polite import PoliteClient
from brinkwatch.store.base import FeedState, Store

__all__ = ["RoundReport", "parse_interval", "poll_round", "settled_state", "watch"]

log = logging.getLogger(__name__)
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.I)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """'15m' -> 900.0; accepts s, m, h and d, and plain seconds."""
    found = _INTERVAL.match(text)
    if not found:
        raise ConfigurationError(f"cannot read the interval {text!r}; write it like 30s, 15m, 2h or 1d")
    seconds = float(found.group(1)) * _UNIT[(found.group(2) or "s").lower()]
    if seconds <= 0:
        raise ConfigurationError(f"the interval {text!r} must be longer than zero")
    return seconds


@dataclass(slots=True)
class RoundReport:
    feeds: int = 0
    not_modified: int = 0
    errors: list[str] = field(default_factory=list)
    batch: BatchReport | None = None


def poll_round(
    feeds: list[str], store: Store, client: PoliteClient, *, factory: StagesFactory = default_stages
) -> RoundReport:
    """Poll every feed once and ingest the new entries (in this process: feeds trickle, pools cost)."""
    report = RoundReport(feeds=len(feeds))
    known = store.known_sources()
    items: list[SourceItem] = []
    polls: list[tuple[FeedState, FeedPoll]] = []
    client.forget_robots()
    for url in feeds:
        before = store.feed_state(url)
        try:
            poll = poll_feed(client, before, known)
        except Exception as exc:  # a feed must never stop the poller, whatever it sends
            log.exception("feed %s: unexpected failure", url)
            report.errors.append(f"{url}: {type(exc).__name__}: {exc}")
            continue
        polls.append((before, poll))
        report.not_modified += int(poll.not_modified)
        report.errors.extend(poll.errors)
        items.extend(poll.items)
        known.update(item.key for item in poll.items)  # two feeds carrying one entry: read it once
    report.batch = ingest_items(items, store, processes=1, factory=factory)
    stored = store.known_sources() if items else known
    for before, poll in polls:
        store.save_feed_state(settled_state(before, poll, stored))
    return report


def settled_state(before: FeedState, poll: FeedPoll, stored: set[str]) -> FeedState:
    """The state to save once the poll's entries went to the store: its new validators only when
    every entry was stored; otherwise the old ones, so the next round reads the feed again."""
    missing = [item.key for item in poll.items if item.key not in stored]
    if not missing:
        return poll.state
    message = (
        f"{len(missing)} of {len(poll.items)} entries were not stored (first: {missing[0]}); "
        "the next round reads the feed again and retries them"
    )
    if poll.state.error:
        message = f"{poll.state.error}; {message}"
    return replace(poll.state, etag=before.etag, last_modified=before.last_modified, error=message)


def watch(
    feed_list: Path,
    store: Store,
    *,
    every: float,
    rounds: int | None = None,
    client: PoliteClient | None = None,
    on_round: Callable[[int, RoundReport], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll forever (or `rounds` times), rereading the feed list each round so it can be edited live."""
    own_client = client is None
    client = client or PoliteClient()
    try:
        done = 0
        while rounds is None or done < rounds:
            started = time.monotonic()
            try:
                report = poll_round(read_feed_list(feed_list), store, client)
            except BrinkwatchError as exc:  # an unreadable feed list: say so and try again next round
                log.error("%s", exc)
                report = RoundReport(errors=[str(exc)])
            done += 1
            if on_round is not None:
                on_round(done, report)
            if rounds is None or done < rounds:
                sleep(max(0.0, every - (time.monotonic() - started)))
    finally:
        if own_client:
            client.close()
