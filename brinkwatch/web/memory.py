"""A `Repository` over Article records held in memory: for tests, demos and JSONL files.

Analysis results (fused events, dyad series, alerts) are passed in as records, the way the analysis
layer produces them; this module only indexes and filters, it computes no analysis of its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from threading import Lock
from typing import Any

from brinkwatch.model import Actor, Alert, Article, DyadDay, Event, EventRecord, FusedEvent, Story
from brinkwatch.serialize import from_json
from brinkwatch.web.repository import (
    ActorSummary,
    AlertQuery,
    ArticleQuery,
    ArticleSummary,
    DyadLink,
    EventQuery,
    EventSort,
    Page,
    certainty_rank,
    code_matches,
    event_id,
)

__all__ = ["AnalysisResults", "MemoryRepository", "event_date", "read_jsonl"]


def event_date(event: Event, published_at: datetime | None) -> date | None:
    """When the event happened if the text says so, else the day the article was published."""
    if event.when is not None and event.when.start is not None:
        return event.when.start
    return published_at.date() if published_at is not None else None


def read_jsonl(path: Path) -> list[Article]:
    """Articles from a file of `brinkwatch extract --format jsonl` lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [from_json(Article, line) for line in lines if line.strip()]


def _records(article: Article) -> list[EventRecord]:
    return [
        EventRecord(
            id=event_id(article.id, position),
            event=event,
            article_id=article.id,
            url=article.url,
            outlet=article.outlet,
            title=article.title,
            published_at=article.published_at,
            story_id=article.story_id,
            event_date=event_date(event, article.published_at),
        )
        for position, event in enumerate(article.events)
    ]


def _keep(record: EventRecord, query: EventQuery) -> bool:
    event = record.event
    checks = (
        query.actor is None or code_matches(event.actor.code if event.actor else None, query.actor),
        query.recipient is None or code_matches(event.recipient.code if event.recipient else None, query.recipient),
        query.type is None or event.type == query.type.strip().upper(),
        query.since is None or (record.event_date is not None and record.event_date >= query.since),
        query.until is None or (record.event_date is not None and record.event_date <= query.until),
        query.min_certainty is None or certainty_rank(event.claim.certainty) <= certainty_rank(query.min_certainty),
        query.article_id is None or record.article_id == query.article_id,
        not query.located or _coordinates(event) is not None,
    )
    return all(checks)


def _coordinates(event: Event) -> tuple[float, float] | None:
    place = event.where.place if event.where else None
    if place is None or place.lat is None or place.lon is None:
        return None
    return place.lat, place.lon


def _sort_key(sort: EventSort) -> Callable[[EventRecord], Any]:
    field = sort.value.lstrip("-")
    if field == "date":
        return lambda r: (r.event_date or date.min, r.id)
    if field == "goldstein":
        return lambda r: (r.event.goldstein or 0.0, r.id)  # unknown values are set apart by `_sorted`
    return lambda r: (certainty_rank(r.event.claim.certainty), r.id)


def _sorted(records: list[EventRecord], sort: EventSort) -> list[EventRecord]:
    """`records` in `sort` order; events with no Goldstein value come last either way, as in the store."""
    descending = sort.value.startswith("-")
    if sort not in (EventSort.GOLDSTEIN, EventSort.GOLDSTEIN_DESC):
        return sorted(records, key=_sort_key(sort), reverse=descending)
    known = [r for r in records if r.event.goldstein is not None]
    unknown = [r for r in records if r.event.goldstein is None]
    return sorted(known, key=_sort_key(sort), reverse=descending) + sorted(
        unknown, key=lambda r: r.id, reverse=descending
    )


def _page(items: list[Any], limit: int, offset: int) -> Page[Any]:
    return Page(items=items[offset : offset + limit], total=len(items), limit=limit, offset=offset)


class AnalysisResults:
    """Fused events, dyad series and alerts as the analysis layer hands them over, indexed for reading.

    Both repositories answer the analysis part of `Repository` from one of these.
    """

    def __init__(
        self, fused_events: Iterable[FusedEvent] = (), dyad_days: Iterable[DyadDay] = (), alerts: Iterable[Alert] = ()
    ) -> None:
        self.fused_events = list(fused_events)
        self.dyad_days = list(dyad_days)
        self.alert_list = list(alerts)

    def fused_event(self, record: EventRecord) -> FusedEvent | None:
        for fused in self.fused_events:
            if any(report.id == record.id or report is record.event for report in fused.reports):
                return fused
        return None

    def dyad_series(self, actor: str, recipient: str, *, since: date | None, until: date | None) -> list[DyadDay]:
        return sorted(
            (
                day
                for day in self.dyad_days
                if day.actor == actor
                and day.recipient == recipient
                and (since is None or day.day >= since)
                and (until is None or day.day <= until)
            ),
            key=lambda day: day.day,
        )

    def alerts(self, query: AlertQuery) -> list[Alert]:
        return sorted(
            (
                alert
                for alert in self.alert_list
                if (query.actor is None or code_matches(alert.actor, query.actor))
                and (query.recipient is None or code_matches(alert.recipient, query.recipient))
                and (query.since is None or alert.end >= query.since)
                and (query.until is None or alert.start <= query.until)
            ),
            key=lambda alert: (alert.start, alert.actor, alert.recipient),
            reverse=True,
        )


class MemoryRepository:
    """Indexes articles once; `add_article` (used by `POST /api/extract`) is safe across threads."""

    def __init__(
        self,
        articles: Iterable[Article] = (),
        *,
        actors: Iterable[Actor] = (),
        fused_events: Iterable[FusedEvent] = (),
        dyad_days: Iterable[DyadDay] = (),
        alerts: Iterable[Alert] = (),
    ) -> None:
        self._lock = Lock()
        self._articles: dict[str, Article] = {}
        self._events: dict[str, EventRecord] = {}
        self._actors = {actor.code: actor for actor in actors}
        self._analysis = AnalysisResults(fused_events, dyad_days, alerts)
        for article in articles:
            self.add_article(article)

    def add_article(self, article: Article) -> None:
        with self._lock:
            previous = self._articles.get(article.id)
            if previous is not None:  # re-adding an article replaces it, as the store's upsert does
                for record in _records(previous):
                    self._events.pop(record.id, None)
            self._articles[article.id] = article
            for record in _records(article):
                self._events[record.id] = record

    def articles(self, query: ArticleQuery) -> Page[ArticleSummary]:
        chosen = [
            _summary(article)
            for article in self._articles.values()
            if (query.outlet is None or article.outlet == query.outlet)
            and (query.story_id is None or article.story_id == query.story_id)
            and (query.since is None or (article.published_at and article.published_at.date() >= query.since))
            and (query.until is None or (article.published_at and article.published_at.date() <= query.until))
        ]
        chosen.sort(key=lambda a: (a.published_at.timestamp() if a.published_at else 0.0, a.id), reverse=True)
        return _page(chosen, query.limit, query.offset)

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def events(self, query: EventQuery) -> Page[EventRecord]:
        chosen = [record for record in self._events.values() if _keep(record, query)]
        return _page(_sorted(chosen, query.sort), query.limit, query.offset)

    def latest_event_date(self) -> date | None:
        return max((r.event_date for r in self._events.values() if r.event_date is not None), default=None)

    def event(self, event_id: str) -> EventRecord | None:
        return self._events.get(event_id)

    def fused_event(self, event_id: str) -> FusedEvent | None:
        record = self._events.get(event_id)
        return self._analysis.fused_event(record) if record is not None else None

    def actors(self, *, limit: int, offset: int) -> Page[ActorSummary]:
        as_actor: Counter[str] = Counter()
        as_recipient: Counter[str] = Counter()
        names: dict[str, str | None] = {}
        countries: dict[str, str | None] = {}
        for record in self._events.values():
            for mention, counter in ((record.event.actor, as_actor), (record.event.recipient, as_recipient)):
                if mention is not None and mention.code:
                    counter[mention.code] += 1
                    names.setdefault(mention.code, mention.name or mention.text)
                    countries.setdefault(mention.code, mention.country)
        codes = sorted(set(as_actor) | set(as_recipient) | set(self._actors))
        summaries = [
            ActorSummary(
                code=code,
                name=self._actors[code].name if code in self._actors else names.get(code),
                country=self._actors[code].country if code in self._actors else countries.get(code),
                events_as_actor=as_actor[code],
                events_as_recipient=as_recipient[code],
            )
            for code in codes
        ]
        return _page(summaries, limit, offset)

    def actor(self, code: str) -> ActorSummary | None:
        found = [a for a in self.actors(limit=10**9, offset=0).items if a.code == code]
        return found[0] if found else None

    def network(self, query: EventQuery) -> list[DyadLink]:
        everything = replace(query, limit=10**9, offset=0)
        links: dict[tuple[str, str], DyadLink] = {}
        quads: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for record in self.events(everything).items:
            event = record.event
            if not (event.actor and event.actor.code and event.recipient and event.recipient.code):
                continue
            key = (event.actor.code, event.recipient.code)
            link = links.setdefault(key, DyadLink(actor=key[0], recipient=key[1]))
            link.events += 1
            if event.quad_class is not None:
                quads[key][str(event.quad_class)] += 1
        for key, link in links.items():
            link.counts_by_quad = dict(sorted(quads[key].items()))
        return sorted(links.values(), key=lambda link: (-link.events, link.actor, link.recipient))

    def stories(self, *, limit: int, offset: int) -> Page[Story]:
        return _page(sorted(self._stories().values(), key=lambda story: story.id), limit, offset)

    def story(self, story_id: str) -> Story | None:
        return self._stories().get(story_id)

    def _stories(self) -> dict[str, Story]:
        stories: dict[str, Story] = {}
        for article in self._articles.values():
            if article.story_id is None:
                continue
            story = stories.setdefault(article.story_id, Story(id=article.story_id))
            story.article_ids.append(article.id)
            if article.outlet and article.outlet not in story.outlets:
                story.outlets.append(article.outlet)
        return stories

    def dyad_series(self, actor: str, recipient: str, *, since: date | None, until: date | None) -> list[DyadDay]:
        return self._analysis.dyad_series(actor, recipient, since=since, until=until)

    def alerts(self, query: AlertQuery) -> list[Alert]:
        return self._analysis.alerts(query)


def _summary(article: Article) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        original_outlet=article.original_outlet,
        published_at=article.published_at,
        story_id=article.story_id,
        events=len(article.events),
    )
