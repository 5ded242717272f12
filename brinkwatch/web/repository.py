"""What the API and the dashboard read: one small read-side interface and the records it returns.

The web layer never touches SQL or the analysis code directly. It reads through `Repository`, which
the store adapter (`brinkwatch.web.store_repository`) and the in-memory implementation
(`brinkwatch.web.memory`) both satisfy, so every endpoint is tested without a database and served
from SQLite or PostgreSQL unchanged. Filters mean what the `brinkwatch events` command means:
actor codes match by prefix (ISR finds ISRGOV), `min_certainty` keeps that certainty and stronger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from brinkwatch.model import Alert, Article, Certainty, DyadDay, EventRecord, FusedEvent, Story
from brinkwatch.provenance.certainty_order import CERTAINTY_RANK, certainty_rank

__all__ = [
    "CERTAINTY_RANK",
    "ActorSummary",
    "AlertQuery",
    "ArticleQuery",
    "ArticleSummary",
    "DyadLink",
    "EventQuery",
    "EventSort",
    "Page",
    "Repository",
    "WritableRepository",
    "certainty_rank",
    "code_matches",
    "event_id",
]

T = TypeVar("T")


def code_matches(code: str | None, wanted: str) -> bool:
    """CAMEO codes nest by prefix: ISR covers ISRGOV and ISRMIL."""
    return code is not None and code.upper().startswith(wanted.strip().upper())


def event_id(article_id: str, position: int) -> str:
    """Events are keyed by article and position, as the store keys them (stage ids are per article)."""
    return f"{article_id}-{position}"


class EventSort(StrEnum):
    """How an event list is ordered; a leading '-' means descending. Ties go by event id."""

    DATE = "date"
    DATE_DESC = "-date"
    GOLDSTEIN = "goldstein"
    GOLDSTEIN_DESC = "-goldstein"
    CERTAINTY = "certainty"  # strongest first
    CERTAINTY_DESC = "-certainty"


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events to list. Dates compare against `EventRecord.event_date`."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    since: date | None = None
    until: date | None = None
    min_certainty: Certainty | None = None
    article_id: str | None = None
    located: bool = False  # only events with a resolved place that has coordinates (the map)
    sort: EventSort = EventSort.DATE_DESC
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    outlet: str | None = None
    story_id: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class AlertQuery:
    actor: str | None = None
    recipient: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(slots=True)
class ArticleSummary:
    """An article without its text and annotations, for lists."""

    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    original_outlet: str | None = None
    published_at: datetime | None = None
    story_id: str | None = None
    events: int = 0


@dataclass(slots=True)
class ActorSummary:
    code: str
    name: str | None = None
    country: str | None = None
    events_as_actor: int = 0
    events_as_recipient: int = 0


@dataclass(slots=True)
class DyadLink:
    """One edge of the actor network: how often `actor` acted on `recipient`, by quad class."""

    actor: str
    recipient: str
    events: int = 0
    counts_by_quad: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
    # False when `total` is a floor: a store may stop counting a very broad filter (docs/api.md).
    total_exact: bool = True


class Repository(Protocol):
    """Everything the API and the dashboard read. Missing records come back as None, not errors."""

    def articles(self, query: ArticleQuery) -> Page[ArticleSummary]: ...

    def article(self, article_id: str) -> Article | None: ...

    def events(self, query: EventQuery) -> Page[EventRecord]: ...

    def event(self, event_id: str) -> EventRecord | None: ...

    def latest_event_date(self) -> date | None:
        """The newest event date, where the dashboard's default windows end."""
        ...

    def fused_event(self, event_id: str) -> FusedEvent | None:
        """The fused event this report belongs to (with every corroborating report), if fusion ran."""
        ...

    def actors(self, *, limit: int, offset: int) -> Page[ActorSummary]: ...

    def actor(self, code: str) -> ActorSummary | None: ...

    def network(self, query: EventQuery) -> list[DyadLink]:
        """Directed actor pairs among the events `query` selects (its paging fields are ignored)."""
        ...

    def stories(self, *, limit: int, offset: int) -> Page[Story]: ...

    def story(self, story_id: str) -> Story | None: ...

    def dyad_series(self, actor: str, recipient: str, *, since: date | None, until: date | None) -> list[DyadDay]: ...

    def alerts(self, query: AlertQuery) -> list[Alert]: ...


class WritableRepository(Repository, Protocol):
    """A repository that can also keep an article coded through `POST /api/extract`."""

    def add_article(self, article: Article) -> None: ...
