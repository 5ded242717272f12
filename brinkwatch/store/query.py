"""Query filters over stored events and articles, and the certainty order they filter by.

`EventQuery(actor="ISR", recipient="IRN", type="ASSAULT", since=date(2019, 1, 1),
min_certainty="reported")` is what `brinkwatch events --actor ISR ...` builds; the store turns it
into SQL with `event_select`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from brinkwatch.model import Article, Certainty, Event, EventRecord
from brinkwatch.provenance.certainty_order import CERTAINTY_RANK, certainty_rank
from brinkwatch.store.schema import actors, articles, events, mentions, sightings

__all__ = [
    "CERTAINTY_RANK",
    "ActorCount",
    "ArticleQuery",
    "EventQuery",
    "StoredArticle",
    "actor_counts_select",
    "article_select",
    "certainty_rank",
    "code_prefix_range",
    "event_record",
    "event_records_select",
    "event_select",
]


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to return. Actor codes match by prefix, so ISR also finds ISRGOV and ISRMIL."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    min_certainty: Certainty | str | None = None
    include_copies: bool = False  # events read from syndicated copies repeat their story's events
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    with_errors: bool = False  # only articles a stage failed on
    include_copies: bool = True
    limit: int | None = None


@dataclass(slots=True)
class StoredArticle:
    article: Article
    is_copy: bool = False
    similarity: float | None = None
    sightings: int = 1
    events: int = 0


@dataclass(frozen=True, slots=True)
class ActorCount:
    code: str
    name: str | None
    mentions: int
    events_as_actor: int
    events_as_recipient: int


def code_prefix_range(code: str) -> tuple[str, str]:
    """The half-open range [low, high) holding exactly the codes that start with `code`.

    Actor codes are upper-case ASCII letters and digits, so byte order (SQLite's BINARY collation,
    PostgreSQL's C collation) and every common collation agree on them, and "ISR" <= c < "ISS" is
    "c starts with ISR". A range can be read off a B-tree index; `LIKE 'ISR%'` cannot (SQLite's LIKE
    is case-insensitive, PostgreSQL's needs text_pattern_ops), which cost 0.5-0.9 s per request over
    a million events (docs/api.md).
    """
    low = code.strip().upper()
    if not low:
        raise ValueError("an actor code to match must not be empty")
    last = low[-1]
    if ord(last) >= 0x10FFFF:
        raise ValueError(f"actor code {code!r} ends with the last Unicode character; it has no prefix range")
    return low, low[:-1] + chr(ord(last) + 1)


def _code_matches(column: ColumnElement[str | None], code: str) -> ColumnElement[bool]:
    if not code.strip():
        return true()  # a blank filter filters nothing, as an absent one
    low, high = code_prefix_range(code)
    return and_(column >= low, column < high)


def event_select(query: EventQuery) -> Select[Any]:
    """Events joined to their article, filtered by `query`, oldest first."""
    conditions: list[ColumnElement[bool]] = []
    if query.actor:
        conditions.append(_code_matches(events.c.actor_code, query.actor))
    if query.recipient:
        conditions.append(_code_matches(events.c.recipient_code, query.recipient))
    if query.type:
        conditions.append(events.c.type == query.type.strip().upper())
    if query.since:
        conditions.append(events.c.event_date >= query.since)
    if query.until:
        conditions.append(events.c.event_date <= query.until)
    if query.min_certainty is not None:
        conditions.append(events.c.certainty_rank <= certainty_rank(query.min_certainty))
    if not query.include_copies:
        conditions.append(articles.c.is_copy.is_(False))
    statement = (
        event_records_select()
        .where(and_(True, *conditions))
        .order_by(events.c.event_date, events.c.article_id, events.c.position)
    )
    return statement.limit(query.limit) if query.limit else statement


def event_records_select() -> Select[Any]:
    """Events joined to their article: the columns `event_record` reads, unfiltered and unordered."""
    return select(
        events.c.id,
        events.c.record,
        events.c.article_id,
        events.c.event_date,
        articles.c.url,
        articles.c.outlet,
        articles.c.title,
        articles.c.published_at,
        articles.c.story_id,
    ).join(articles, articles.c.id == events.c.article_id)


def event_record(row: Any, event: Event) -> EventRecord:
    """A row of `event_records_select` as the record; the caller decodes `row.record` into `event`."""
    return EventRecord(
        id=row.id,
        event=event,
        article_id=row.article_id,
        url=row.url,
        outlet=row.outlet,
        title=row.title,
        published_at=row.published_at,
        story_id=row.story_id,
        event_date=row.event_date,
    )


def article_select(query: ArticleQuery) -> Select[Any]:
    """Article ids with their copy flag and counts, filtered by `query`, oldest first."""
    conditions: list[ColumnElement[bool]] = []
    if query.since:
        conditions.append(func.date(articles.c.published_at) >= query.since)
    if query.until:
        conditions.append(func.date(articles.c.published_at) <= query.until)
    if query.outlet:
        conditions.append(articles.c.outlet == query.outlet)
    if query.with_errors:
        conditions.append(articles.c.error_count > 0)
    if not query.include_copies:
        conditions.append(articles.c.is_copy.is_(False))
    seen = select(func.count()).where(sightings.c.article_id == articles.c.id).scalar_subquery()
    found = select(func.count()).where(events.c.article_id == articles.c.id).scalar_subquery()
    statement = (
        select(articles.c.id, articles.c.is_copy, articles.c.similarity, seen, found)
        .where(and_(True, *conditions))
        .order_by(articles.c.published_at, articles.c.id)
    )
    return statement.limit(query.limit) if query.limit else statement


def actor_counts_select() -> Select[Any]:
    """Known actors with how often they are mentioned, act and are acted upon (copies not counted)."""
    originals = select(articles.c.id).where(articles.c.is_copy.is_(False))

    def count(column: ColumnElement[str | None], article_id: ColumnElement[str]) -> ColumnElement[int]:
        return select(func.count()).where(column == actors.c.code, article_id.in_(originals)).scalar_subquery()

    return select(
        actors.c.code,
        actors.c.name,
        count(mentions.c.code, mentions.c.article_id),
        count(events.c.actor_code, events.c.article_id),
        count(events.c.recipient_code, events.c.article_id),
    ).order_by(actors.c.code)
