"""Fusion: event reports from different articles that describe one occurrence become one FusedEvent.

A report joins a fused event when all of these hold against what the fused event's reports agree on:

- the same PLOVER type;
- compatible actor and recipient codes: one is a prefix of the other (ISR and ISRMIL), or either is
  unknown (no code, UNK, or UAF, the unidentified armed force);
- compatible places: same admin1 unit, or within `radius_km` (exact places only), and never two
  different countries; a report without a resolved place does not disagree;
- days no more than `window_days` apart (the event's own date range, else its article's date);
- MiniLM cosine similarity of the evidence sentences of at least `min_similarity` with one of its
  reports (the closest one: rewrites paraphrase different sentences of each other).

Among the fused events a report could join, it joins the most similar. Fusion is incremental
(`Fuser.add` as each article arrives), so the same stream in the same order gives the same result.
`independent_sources` counts the connected groups of reporting articles, where articles sharing a
`story_id` or a root outlet (the original outlet if the copy names one, else the outlet) are one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from brinkwatch.analysis.embeddings import SentenceEncoder, load_minilm
from brinkwatch.analysis.plover import CERTAINTY_ORDER
from brinkwatch.model import Article, Event, FusedEvent, LocationPrecision, Place

__all__ = [
    "Fuser",
    "FusionConfig",
    "Where",
    "codes_compatible",
    "fuse",
    "places_compatible",
    "source_count",
    "unfused",
    "where_of",
]

WILDCARD_CODES = ("UNK", "UAF")


@dataclass(frozen=True, slots=True)
class FusionConfig:
    window_days: int = 3
    radius_km: float = 50.0
    min_similarity: float = 0.4


def _wildcard(code: str | None) -> bool:
    return code is None or code.startswith(WILDCARD_CODES)


def codes_compatible(a: str | None, b: str | None) -> bool:
    """ISR fits ISRMIL (one is a prefix of the other); an unknown actor fits anyone."""
    if _wildcard(a) or _wildcard(b):
        return True
    assert a is not None and b is not None
    return a.startswith(b) or b.startswith(a)


def _more_specific(a: str | None, b: str | None) -> str | None:
    if _wildcard(a):
        return b if not _wildcard(b) else a or b
    if _wildcard(b):
        return a
    assert a is not None and b is not None
    return a if len(a) >= len(b) else b


def _distance_km(p: Place, q: Place) -> float:
    assert p.lat is not None and p.lon is not None and q.lat is not None and q.lon is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (p.lat, p.lon, q.lat, q.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True, slots=True)
class Where:
    """A resolved place reduced to what its precision supports (a country centroid is no point)."""

    country: str | None
    admin1: str | None
    point: Place | None


def where_of(event: Event) -> Where | None:
    if event.where is None or event.where.place is None:
        return None
    place, precision = event.where.place, event.where.precision
    exact = precision is LocationPrecision.EXACT and place.lat is not None and place.lon is not None
    admin1 = place.admin1 if precision in (LocationPrecision.EXACT, LocationPrecision.ADMIN1) else None
    return Where(place.country, admin1, place if exact else None)


def places_compatible(p: Where | None, q: Where | None, radius_km: float) -> bool:
    """Same admin1 unit or within the radius; different countries never match; unknown never disagrees."""
    if p is None or q is None:
        return True
    if p.country and q.country and p.country != q.country:
        return False
    if p.admin1 and q.admin1 and p.admin1 == q.admin1:
        return True
    if p.point is not None and q.point is not None:
        return _distance_km(p.point, q.point) <= radius_km
    return not (p.admin1 and q.admin1)


@dataclass(slots=True)
class _Report:
    article: Article
    event: Event
    actor: str | None
    recipient: str | None
    start: date | None
    end: date | None
    where: Where | None
    text: str


def _report(article: Article, event: Event) -> _Report:
    actor = event.actor.code if event.actor else None
    perpetrator = event.claim.perpetrator
    if _wildcard(actor) and perpetrator is not None and perpetrator.actor is not None:
        # "Israel is believed to be behind it": the suspected perpetrator stands in for a missing actor.
        actor = perpetrator.actor.code or actor
    start = end = None
    if event.when is not None and event.when.start is not None:
        start, end = event.when.start, event.when.end or event.when.start
    elif article.published_at is not None:
        start = end = article.published_at.date()
    text = event.evidence.sentence if event.evidence and event.evidence.sentence else event.trigger
    recipient = event.recipient.code if event.recipient else None
    return _Report(article, event, actor, recipient, start, end, where_of(event), text.strip())


def _root_outlet(article: Article) -> str | None:
    outlet = article.original_outlet or article.outlet
    return " ".join(outlet.casefold().split()) if outlet else None


def source_count(articles: Sequence[Article]) -> list[str]:
    """One label per independent source: articles sharing a story_id or a root outlet merge."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    labels: dict[str, str] = {}
    for article in articles:
        keys = [f"story:{article.story_id}"] if article.story_id else []
        root = _root_outlet(article)
        keys += [f"outlet:{root}"] if root else []
        keys = keys or [f"article:{article.id}"]
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
        labels.setdefault(keys[0], article.original_outlet or article.outlet or article.id)
    groups: dict[str, str] = {}
    for key, label in labels.items():
        groups.setdefault(find(key), label)
    return sorted(groups.values())


@dataclass(slots=True)
class _Cluster:
    fused: FusedEvent
    reports: list[_Report] = field(default_factory=list)
    where: Where | None = None
    vectors: list[npt.NDArray[np.float32]] = field(default_factory=list)

    def accepts(self, report: _Report, config: FusionConfig) -> bool:
        fused = self.fused
        if report.event.type != fused.type:
            return False
        if not (codes_compatible(report.actor, fused.actor) and codes_compatible(report.recipient, fused.recipient)):
            return False
        if not places_compatible(report.where, self.where, config.radius_km):
            return False
        if report.start and report.end and fused.start and fused.end:
            gap = max(report.start, fused.start) - min(report.end, fused.end)
            return gap <= timedelta(days=config.window_days)
        return True

    def similarity(self, vector: npt.NDArray[np.float32] | None) -> float:
        if vector is None or not self.vectors:
            return 1.0  # no sentence to compare: the structured checks decide alone
        return float(np.max(np.stack(self.vectors) @ vector))

    def add(self, report: _Report, vector: npt.NDArray[np.float32] | None) -> None:
        fused = self.fused
        self.reports.append(report)
        if vector is not None:
            self.vectors.append(vector)
        fused.reports.append(report.event)
        fused.article_ids.append(report.article.id)
        fused.actor = _more_specific(fused.actor, report.actor)
        fused.recipient = _more_specific(fused.recipient, report.recipient)
        if report.start and report.end:
            fused.start = min(fused.start or report.start, report.start)
            fused.end = max(fused.end or report.end, report.end)
        if report.where is not None and (self.where is None or report.where.point is not None):
            self.where = report.where
        ranks = sorted(CERTAINTY_ORDER.index(event.claim.certainty) for event in fused.reports)
        fused.strongest_certainty, fused.weakest_certainty = CERTAINTY_ORDER[ranks[0]], CERTAINTY_ORDER[ranks[-1]]
        fused.sources = source_count(list({r.article.id: r.article for r in self.reports}.values()))
        fused.independent_sources = len(fused.sources)
        reported = report.article.published_at or report.article.fetched_at
        if reported is not None and (fused.first_reported is None or reported < fused.first_reported):
            fused.first_reported = reported


class Fuser:
    """Incremental fusion: feed articles as they arrive, read `fused` at any time."""

    def __init__(self, config: FusionConfig | None = None, encoder: SentenceEncoder | None = None) -> None:
        self.config = config or FusionConfig()
        self._encoder = encoder
        self._clusters: dict[str, list[_Cluster]] = {}

    @property
    def fused(self) -> list[FusedEvent]:
        return [cluster.fused for clusters in self._clusters.values() for cluster in clusters]

    def add(self, article: Article, events: Sequence[Event] | None = None) -> list[FusedEvent]:
        """Fuse one article's events (default: all of `article.events`); returns the fused events touched."""
        events = article.events if events is None else events
        reports = [_report(article, event) for event in events]
        texts = [report.text for report in reports if report.text]
        encoded = iter(self._encode(texts)) if texts else iter(())
        touched: dict[str, FusedEvent] = {}
        for index, report in enumerate(reports):
            vector = next(encoded) if report.text else None
            cluster = self._best(report, vector)
            if cluster is None:
                event_id = report.event.id or f"{article.id}:{index}"
                cluster = _Cluster(FusedEvent(id=f"fused:{event_id}", type=report.event.type))
                self._clusters.setdefault(report.event.type, []).append(cluster)
            cluster.add(report, vector)
            touched[cluster.fused.id] = cluster.fused
        return list(touched.values())

    def _encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
        if self._encoder is None:
            self._encoder = load_minilm()
        return self._encoder.encode(texts)

    def _best(self, report: _Report, vector: npt.NDArray[np.float32] | None) -> _Cluster | None:
        best, best_similarity = None, self.config.min_similarity
        for cluster in self._clusters.get(report.event.type, []):
            if not cluster.accepts(report, self.config):
                continue
            similarity = cluster.similarity(vector)
            if similarity >= best_similarity:
                best, best_similarity = cluster, similarity
        return best


def fuse(
    reports: Iterable[tuple[Article, Sequence[Event]]],
    config: FusionConfig | None = None,
    encoder: SentenceEncoder | None = None,
) -> list[FusedEvent]:
    """Fuse a whole stream of (article, events) in order; see `Fuser` for the incremental form."""
    fuser = Fuser(config, encoder)
    for article, events in reports:
        fuser.add(article, events)
    return fuser.fused


def unfused(reports: Iterable[tuple[Article, Sequence[Event]]]) -> list[FusedEvent]:
    """Each report as a fused event of its own, for streams already fused or deduplicated upstream.

    Needs no sentence model; every report counts as its article's one source.
    """
    result = []
    for article, events in reports:
        for index, event in enumerate(events):
            cluster = _Cluster(FusedEvent(id=f"fused:{event.id or f'{article.id}:{index}'}", type=event.type))
            cluster.add(_report(article, event), None)
            result.append(cluster.fused)
    return result
