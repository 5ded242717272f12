"""The `Repository` over the durable store (SQLite or PostgreSQL), for `brinkwatch serve --db`.

Event filters reuse the store's own `event_select`, so `/api/events?actor=ISR` selects exactly what
`brinkwatch events --actor ISR` prints; this module adds what a web page needs on top: sorting,
offset paging and a total count, all done in SQL so a page of 50 never loads a million rows.
Events read from syndicated copies are left out, as in the CLI: a copy never counts twice.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, Connection, FunctionElement, Integer, Select, and_, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import visitors

from brinkwatch.model import Alert, Article, DyadDay, Event, EventRecord, FusedEvent, Story
from brinkwatch.store import EventQuery as StoreEventQuery
from brinkwatch.store import SqlStore
from brinkwatch.store import schema as t
from brinkwatch.store.query import event_record, event_records_select, event_select
from brinkwatch.store.rows import StoryLink
from brinkwatch.web.memory import AnalysisResults
from brinkwatch.web.repository import (
    ActorSummary,
    AlertQuery,
    ArticleQuery,
    ArticleSummary,
    DyadLink,
    EventQuery,
    EventSort,
    Page,
)

__all__ = ["StoreRepository"]

_SORT_COLUMNS: dict[str, Any] = {
    "date": t.events.c.event_date,
    "goldstein": t.events.c.goldstein,
    "certainty": t.events.c.certainty_rank,
}

# The filter columns that carry an index of their own, which a SQLite query can be kept off.
_FILTER_COLUMNS = ("actor_code", "recipient_code", "type", "certainty_rank", "event_date")


class _NotIndexed(FunctionElement[Any]):
    """A column that SQLite must not read through an index: `+column`, SQLite's documented way to say so.

    Elsewhere it is the plain column. SQLite has no INDEXED BY hint in SQLAlchemy, and the planner
    otherwise takes any usable index over the sort column's (see `_walk_sort_index`).
    """

    inherit_cache = True
    name = "not_indexed"


@compiles(_NotIndexed)
def _plain_column(element: _NotIndexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_NotIndexed, "sqlite")
def _unary_plus(element: _NotIndexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


def _without_indexes(conditions: list[ColumnElement[bool]], *, keep: Any) -> list[ColumnElement[bool]]:
    """`conditions` with every indexed filter column but `keep` wrapped in `_NotIndexed`."""
    hidden = [t.events.c[name] for name in _FILTER_COLUMNS if name != keep.name]

    def replace(element: visitors.ExternallyTraversible, **_kw: Any) -> visitors.ExternallyTraversible | None:
        return _NotIndexed(element) if any(element is column for column in hidden) else None

    return [visitors.replacement_traverse(condition, {}, replace) for condition in conditions]


# Stored event records are `to_dict(event)`; pydantic rebuilds the same dataclasses ~30x faster than
# serialize.from_dict (0.5 ms against 14 ms for a page of 50, measured), which matters on every list.
_EVENT = TypeAdapter(Event)
COUNT_CAP = 1_000  # matches counted exactly; beyond this a page says "more than 1,000"


def _page_of(items: list[Any], limit: int, offset: int) -> Page[Any]:
    return Page(items=items[offset : offset + limit], total=len(items), limit=limit, offset=offset)


class StoreRepository:
    """Reads a `SqlStore`; fused events, dyad series and alerts come from `analysis` when given."""

    def __init__(self, store: SqlStore, analysis: AnalysisResults | None = None) -> None:
        self.store = store
        self.analysis = analysis or AnalysisResults()

    # -- events ----------------------------------------------------------------------------------

    def _conditions(self, query: EventQuery, *, include_copies: bool = False) -> list[ColumnElement[bool]]:
        """The store's own filters for `query`, on the events table alone.

        The copy filter is a correlated NOT EXISTS (one primary-key probe per event), not a join, so
        SQLite and PostgreSQL walk the events' date index in order and stop after one page instead of
        joining and sorting every matching event (0.5 s at 20,000 events for a deep page; docs/api.md).
        """
        base = StoreEventQuery(
            actor=query.actor,
            recipient=query.recipient,
            type=query.type,
            since=query.since,
            until=query.until,
            min_certainty=query.min_certainty,
            include_copies=True,
        )
        where = event_select(base).whereclause
        conditions: list[ColumnElement[bool]] = [where] if where is not None else []
        if not include_copies:
            copy = select(t.articles.c.id).where(
                t.articles.c.id == t.events.c.article_id, t.articles.c.is_copy.is_(True)
            )
            conditions.append(~copy.exists())
        if query.article_id is not None:
            conditions.append(t.events.c.article_id == query.article_id)
        if query.located:
            conditions += [t.events.c.lat.is_not(None), t.events.c.lon.is_not(None)]
        return conditions

    def _records(self, conn: Connection, ids: list[str]) -> list[EventRecord]:
        """Full records for `ids`, in that order: only the page's rows are joined and decoded."""
        statement = event_records_select().where(t.events.c.id.in_(ids))
        found = {row.id: _record(row) for row in conn.execute(statement)}
        return [found[i] for i in ids if i in found]

    def events(self, query: EventQuery) -> Page[EventRecord]:
        conditions = self._conditions(query)
        column = _SORT_COLUMNS[query.sort.value.lstrip("-")]
        descending = query.sort.value.startswith("-")
        matching = select(t.events.c.id).where(and_(True, *conditions))
        # Counting every match of a broad filter costs a full scan; past COUNT_CAP we say "more than".
        capped = select(func.count()).select_from(matching.limit(COUNT_CAP + 1).subquery())
        with self.store.engine.connect() as conn:
            if query.sort in (EventSort.GOLDSTEIN, EventSort.GOLDSTEIN_DESC):
                ids = _known_values_first(conn, conditions, column, descending, query.limit, query.offset)
            else:
                filters = conditions
                if _walk_sort_index(conn, self._conditions(query, include_copies=True), query.limit + query.offset):
                    filters = _without_indexes(conditions, keep=column)
                ordered = select(t.events.c.id).where(and_(True, *filters)).order_by(*_order(column, descending))
                ids = list(conn.scalars(ordered.limit(query.limit).offset(query.offset)))
            items = self._records(conn, ids)
            counted = conn.execute(capped).scalar_one()
        exact = counted <= COUNT_CAP
        return Page(items, min(counted, COUNT_CAP), query.limit, query.offset, total_exact=exact)

    def latest_event_date(self) -> date | None:
        with self.store.engine.connect() as conn:
            latest: date | None = conn.execute(select(func.max(t.events.c.event_date))).scalar_one()
        return latest

    def event(self, event_id: str) -> EventRecord | None:
        with self.store.engine.connect() as conn:
            found = self._records(conn, [event_id])
        return found[0] if found else None

    def network(self, query: EventQuery) -> list[DyadLink]:
        actor, recipient, quad = t.events.c.actor_code, t.events.c.recipient_code, t.events.c.quad_class
        # Uncoded sides are dropped after grouping: an "IS NOT NULL" in SQL lures SQLite onto the
        # actor index for a full scan instead of the date index (4 s against 1 s, measured).
        statement = (
            select(actor, recipient, quad, func.count())
            .where(and_(True, *self._conditions(query)))
            .group_by(actor, recipient, quad)
        )
        links: dict[tuple[str, str], DyadLink] = {}
        with self.store.engine.connect() as conn:
            for actor_code, recipient_code, quad_class, count in conn.execute(statement):
                if actor_code is None or recipient_code is None:
                    continue
                link = links.setdefault((actor_code, recipient_code), DyadLink(actor_code, recipient_code))
                link.events += count
                if quad_class is not None:
                    link.counts_by_quad[str(quad_class)] = count
        return sorted(links.values(), key=lambda link: (-link.events, link.actor, link.recipient))

    # -- articles and stories --------------------------------------------------------------------

    def articles(self, query: ArticleQuery) -> Page[ArticleSummary]:
        a = t.articles.c
        conditions: list[ColumnElement[bool]] = []
        if query.outlet is not None:
            conditions.append(a.outlet == query.outlet)
        if query.story_id is not None:
            conditions.append(a.story_id == query.story_id)
        if query.since is not None:
            conditions.append(func.date(a.published_at) >= query.since)
        if query.until is not None:
            conditions.append(func.date(a.published_at) <= query.until)
        found = select(func.count()).where(t.events.c.article_id == a.id).scalar_subquery()
        statement = (
            select(a.id, a.title, a.url, a.outlet, a.original_outlet, a.published_at, a.story_id, found)
            .where(and_(True, *conditions))
            .order_by(a.published_at.desc(), a.id.desc())
        )
        counted = select(func.count()).select_from(t.articles).where(and_(True, *conditions))
        with self.store.engine.connect() as conn:
            total = conn.execute(counted).scalar_one()
            rows = conn.execute(statement.limit(query.limit).offset(query.offset)).all()
        items = [ArticleSummary(*row[:7], events=row[7]) for row in rows]
        return Page(items=items, total=total, limit=query.limit, offset=query.offset)

    def article(self, article_id: str) -> Article | None:
        return self.store.get_article(article_id)

    def add_article(self, article: Article) -> None:
        """Keep an article coded through the API; it starts its own story (no near-duplicate search)."""
        self.store.add(article, source_key=f"api:{article.id}", link=lambda: StoryLink(article.id))

    def stories(self, *, limit: int, offset: int) -> Page[Story]:
        story = t.articles.c.story_id
        with self.store.engine.connect() as conn:
            total = conn.execute(select(func.count(func.distinct(story))).where(story.is_not(None))).scalar_one()
            ids = list(
                conn.scalars(
                    select(story).where(story.is_not(None)).group_by(story).order_by(story).limit(limit).offset(offset)
                )
            )
        return Page(items=self._stories(ids), total=total, limit=limit, offset=offset)

    def story(self, story_id: str) -> Story | None:
        found = self._stories([story_id])
        return found[0] if found else None

    def _stories(self, ids: list[str]) -> list[Story]:
        a = t.articles.c
        members: dict[str, Story] = {}
        statement = select(a.story_id, a.id, a.outlet).where(a.story_id.in_(ids)).order_by(a.published_at, a.id)
        with self.store.engine.connect() as conn:
            for story_id, article_id, outlet in conn.execute(statement):
                story = members.setdefault(story_id, Story(id=story_id))
                story.article_ids.append(article_id)
                if outlet and outlet not in story.outlets:
                    story.outlets.append(outlet)
        return [members[i] for i in ids if i in members]

    # -- actors ----------------------------------------------------------------------------------

    def actors(self, *, limit: int, offset: int) -> Page[ActorSummary]:
        countries = self._countries()
        summaries = [
            ActorSummary(c.code, c.name, countries.get(c.code), c.events_as_actor, c.events_as_recipient)
            for c in self.store.actors()
        ]
        return _page_of(summaries, limit, offset)

    def actor(self, code: str) -> ActorSummary | None:
        found = [a for a in self.actors(limit=10**9, offset=0).items if a.code == code]
        return found[0] if found else None

    def _countries(self) -> dict[str, str | None]:
        with self.store.engine.connect() as conn:
            return {code: country for code, country in conn.execute(select(t.actors.c.code, t.actors.c.country))}

    # -- analysis --------------------------------------------------------------------------------

    def fused_event(self, event_id: str) -> FusedEvent | None:
        record = self.event(event_id)
        return self.analysis.fused_event(record) if record is not None else None

    def dyad_series(self, actor: str, recipient: str, *, since: date | None, until: date | None) -> list[DyadDay]:
        return self.analysis.dyad_series(actor, recipient, since=since, until=until)

    def alerts(self, query: AlertQuery) -> list[Alert]:
        return self.analysis.alerts(query)


def _order(column: Any, descending: bool) -> list[Any]:
    """`column` then the event id (a stable tie-break for paging), both one way."""
    return [column.desc(), t.events.c.id.desc()] if descending else [column.asc(), t.events.c.id.asc()]


def _walk_sort_index(conn: Connection, conditions: list[ColumnElement[bool]], needed: int) -> bool:
    """Whether SQLite should read a page by walking the sort column's index rather than a filter's.

    A filter matching M of N events costs about M row reads through its own index (then a sort), or
    about needed x N / M through the sort index (stopping once the page is full); the second wins
    when M exceeds sqrt(needed x N). PostgreSQL estimates M from its column statistics and picks
    well; SQLite without STAT4 guesses a prefix range to be narrow and sorted all 67,000 ISR events
    for `actor=ISR` (0.2 s over a million events, against 10 ms walking the date index; docs/api.md).
    Counting stops at the crossover, so the probe costs at most sqrt(needed x N) index entries.
    """
    if conn.dialect.name != "sqlite" or not conditions:
        return False
    last_rowid = select(func.max(literal_column("rowid", Integer))).select_from(t.events)
    events: int = conn.execute(last_rowid).scalar_one() or 0
    crossover = max(1, math.isqrt(needed * events))
    probe: Select[Any] = select(literal_column("1")).select_from(t.events).where(and_(True, *conditions))
    probe = probe.limit(crossover)
    return bool(conn.execute(select(func.count()).select_from(probe.subquery())).scalar_one() >= crossover)


def _known_values_first(
    conn: Connection, conditions: list[ColumnElement[bool]], column: Any, descending: bool, limit: int, offset: int
) -> list[str]:
    """One page of ids sorted by a nullable `column`, unknown values last whichever way it is sorted.

    Written as two ordered reads, not one ORDER BY `column IS NULL, column`: that expression is no
    index's order, so both backends sorted every match (0.4-0.7 s for one type over a million events),
    while "known values by (type, goldstein, id)" walks the index and stops after a page. The unknown
    values are read only when the page runs past the last known one.
    """
    known = select(t.events.c.id).where(and_(True, *conditions, column.is_not(None)))
    ids = list(conn.scalars(known.order_by(*_order(column, descending)).limit(limit).offset(offset)))
    if len(ids) == limit:
        return ids
    # A part-filled page holds the last known values, so the unknown ones start right after them;
    # an empty one lies past them all, and only then is counting the known values worth its cost.
    skip = 0 if ids else offset - conn.execute(select(func.count()).select_from(known.subquery())).scalar_one()
    unknown = select(t.events.c.id).where(and_(True, *conditions, column.is_(None)))
    id_order = t.events.c.id.desc() if descending else t.events.c.id.asc()
    return ids + list(conn.scalars(unknown.order_by(id_order).limit(limit - len(ids)).offset(max(skip, 0))))


def _record(row: Any) -> EventRecord:
    return event_record(row, _EVENT.validate_python(row.record))
