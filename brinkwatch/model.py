"""The records of DATA-MODEL.md as typed dataclasses: the one data model every stage shares.

Only data lives here. Serialisation to and from JSON-ready dicts is in `brinkwatch.serialize`.
Field names are the contract (storage, API, exports and the dashboard show the same ones): add
fields where users need them, never rename or drop one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "Actor",
    "ActorMention",
    "Alert",
    "Article",
    "Certainty",
    "ChainLink",
    "Claim",
    "DyadDay",
    "Event",
    "EventRecord",
    "Evidence",
    "FusedEvent",
    "Location",
    "LocationPrecision",
    "Perpetrator",
    "PerpetratorStatus",
    "Place",
    "Quote",
    "Removed",
    "RemovedReason",
    "Role",
    "Sentence",
    "Span",
    "StageError",
    "Story",
    "TimePrecision",
    "TimeRef",
]


class RemovedReason(StrEnum):
    """Why a span of the raw input was kept out of `Article.text`."""

    NAVIGATION = "navigation"
    RELATED_HEADLINE = "related-story headline"
    ADVERT = "advert"
    SYNDICATION = "syndication line"
    BYLINE = "byline"
    DATELINE = "dateline"


class Certainty(StrEnum):
    """How sure the text is that an event happened, strongest first."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    CLAIMED = "claimed"
    ALLEGED = "alleged"
    SUSPECTED = "suspected"
    DENIED = "denied"
    THREATENED = "threatened"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class PerpetratorStatus(StrEnum):
    NAMED = "named"
    CLAIMED = "claimed"
    SUSPECTED = "suspected"
    UNKNOWN = "unknown"


class LocationPrecision(StrEnum):
    EXACT = "exact"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    UNKNOWN = "unknown"


class TimePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    REPORTED_ON = "reported-on"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class Span:
    """A half-open character span [start, end) into `Article.text`."""

    start: int
    end: int


@dataclass(slots=True)
class Removed:
    """A piece of the input dropped as boilerplate, kept so nothing vanishes silently."""

    text: str
    reason: RemovedReason


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class StageError:
    """An error recorded on an article under the 'record' policy instead of stopping a batch."""

    stage: str
    error: str
    message: str


@dataclass(slots=True)
class Role:
    """A role an actor holds, valid between two dates (either end may be open)."""

    code: str
    title: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(slots=True)
class Actor:
    """A canonical entity, coded after CAMEO/Phoenix conventions (ISR, ISRGOV, IRNMIL, ...)."""

    code: str
    name: str
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    affiliation: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)


@dataclass(slots=True)
class ActorMention:
    """An actor as one text mentions it; `code` is None for a named entity we could not code."""

    text: str
    start: int
    end: int
    code: str | None = None
    name: str | None = None
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    affiliation: str | None = None
    anonymous: bool = False
    sentence_index: int | None = None
    former: bool = False  # "a former US ambassador": speaks for the country, no longer holds the post


@dataclass(slots=True)
class Place:
    """A gazetteer entry (GeoNames)."""

    name: str
    geonames_id: int | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # country | admin1 | region | city
    code: str | None = None  # ISO 3166 code (country, subdivision), GeoNames admin1 code, or PPLC for a capital


@dataclass(slots=True)
class Location:
    """Where an event happened: the raw mention, its resolution (if any) and how precise it is."""

    text: str
    start: int | None = None
    end: int | None = None
    place: Place | None = None
    precision: LocationPrecision = LocationPrecision.UNKNOWN
    confidence: float = 0.0
    # Every place an event spans ("the fighting in Homs and Aleppo"); `place` is the first of them.
    places: list[Place] = field(default_factory=list)


@dataclass(slots=True)
class TimeRef:
    """When an event happened, resolved against the article date, with the phrase that said so."""

    text: str
    start: date | None = None
    end: date | None = None
    precision: TimePrecision = TimePrecision.UNKNOWN


@dataclass(slots=True)
class ChainLink:
    """One link of an attribution chain: an outlet, agency or speaker, and the verb that passed it on."""

    name: str
    kind: str = "speaker"  # outlet | original_outlet | cited_outlet | agency | speaker
    code: str | None = None
    named: bool = True
    verb: str | None = None


@dataclass(slots=True)
class Perpetrator:
    status: PerpetratorStatus = PerpetratorStatus.UNKNOWN
    actor: ActorMention | None = None
    chain: list[ChainLink] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Claim:
    """Who says an event happened (outermost first) and how sure the text is."""

    chain: list[ChainLink] = field(default_factory=list)
    certainty: Certainty = Certainty.ASSERTED
    cues: list[str] = field(default_factory=list)
    perpetrator: Perpetrator | None = None


@dataclass(slots=True)
class Evidence:
    """Where in the article an event was read: the sentence and the spans that decided it."""

    sentence_index: int
    sentence: str
    trigger: Span | None = None
    actor: Span | None = None
    recipient: Span | None = None
    place: Span | None = None


@dataclass(slots=True)
class Event:
    """One occurrence of a PLOVER event type as one article reports it."""

    type: str
    id: str = ""
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actor: ActorMention | None = None
    recipient: ActorMention | None = None
    trigger: str = ""
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    intensity: float | None = None
    where: Location | None = None
    when: TimeRef | None = None
    size: int | None = None
    dead: int | None = None
    injured: int | None = None
    evidence: Evidence | None = None
    claim: Claim = field(default_factory=Claim)
    # Later sentences of the same article that report the same happening (one event per happening).
    other_evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """Direct or indirect speech, its speaker, and the events it asserts, threatens or denies."""

    text: str
    start: int
    end: int
    speaker: ActorMention | None = None
    verb: str | None = None
    direct: bool = True
    chain: list[ChainLink] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """A news article from intake to coded events; every stage reads and fills this record."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    original_outlet: str | None = None
    agency: str | None = None  # the wire agency a dateline names: "BAGHDAD (Reuters) -"
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published_at: datetime | None = None
    fetched_at: datetime | None = None
    language: str = "en"
    removed: list[Removed] = field(default_factory=list)
    story_id: str | None = None
    source: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    errors: list[StageError] = field(default_factory=list)
    places: list[Location] = field(default_factory=list)  # every place mention, resolved or kept raw


# The one stored-event record: what `Store.events` returns and the exports write, and what the web
# repositories list. The docstring is the API's schema description (/api/openapi.json).
@dataclass(slots=True)
class EventRecord:
    """An event with the article it was read from: the unit of the event feed and the event page."""

    id: str
    event: Event
    article_id: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    story_id: str | None = None
    # The day the event happened when the text says so, else the day the article was published.
    event_date: date | None = None


@dataclass(slots=True)
class Story:
    """Copies and rewrites of one story; copies count once towards corroboration."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FusedEvent:
    """Event reports from different articles that describe one occurrence."""

    id: str
    type: str
    reports: list[Event] = field(default_factory=list)
    independent_sources: int = 0
    strongest_certainty: Certainty | None = None
    weakest_certainty: Certainty | None = None
    first_reported: datetime | None = None
    # The occurrence as the reports agree on it: the most specific actor codes, the days it spans,
    # and one label per independent source (copies of one story or one original outlet count once).
    actor: str | None = None
    recipient: str | None = None
    start: date | None = None
    end: date | None = None
    sources: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # the article of each report, in order


@dataclass(slots=True)
class DyadDay:
    """One directed actor pair on one day (or week): counts and an escalation score."""

    actor: str
    recipient: str
    day: date
    counts_by_type: dict[str, int] = field(default_factory=dict)
    counts_by_quad: dict[str, int] = field(default_factory=dict)
    goldstein_sum: float = 0.0
    score: float = 0.0


@dataclass(slots=True)
class Alert:
    """A dyad's escalation above its own baseline, with the events that drove it."""

    actor: str
    recipient: str
    start: date
    end: date
    score: float
    baseline: float
    magnitude: float
    event_ids: list[str] = field(default_factory=list)
    # "day" or "week"; and the fused events behind `event_ids`, with each report's evidence and chain.
    period: str = "day"
    drivers: list[FusedEvent] = field(default_factory=list)
    # Set for unattributed violence (no named perpetrator): the country whose own series alerted;
    # actor and recipient are then UNK. Such events never make a dyad alert.
    place: str | None = None
