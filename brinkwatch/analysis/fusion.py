"""Fusion: event reports from different articles that describe one occurrence become one FusedEvent.

A report joins a fused event when all of these hold against what the fused event's reports agree on:

- the same PLOVER type;
- compatible actor and recipient codes: one is a prefix of the other (ISR and ISRMIL), or either is
  unknown (no code, UNK, or UAF, the unidentified armed force);
- compatible places: same admin1 unit, or within `radius_km` (exact places only), and never two
  different countries; a report without a resolved place does not disagree;
- days no more than `window_days` apart from every report's (the event's own date range, else its
  article's date), so a fused event never chains along a run of similar events;
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
    "source_labels",
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
    recipient = event.recipient.code if event.recipient else None
    return _Report(article, event, actor, recipient, start, end, where_of(event), comparable_text(event))


def comparable_text(event: Event) -> str:
    """The text whose MiniLM embedding stands for the event: its evidence sentence, led by the named
    speaker when the sentence is someone's words that do not name them.

    A threat quoted in the first person names neither side, while a rewrite of the same story says
    "the prime minister said ...": in the seed-and-rewrites test the bare sentences scored cosine
    0.06-0.31, the quote led by its speaker's name and verb 0.39-0.69 (threshold 0.4).
    """
    sentence = (event.evidence.sentence if event.evidence and event.evidence.sentence else event.trigger).strip()
    speaker = next((link for link in reversed(event.claim.chain) if link.kind == "speaker" and link.named), None)
    if speaker is None or speaker.name in sentence or speaker.name.split()[-1] in sentence:
        return sentence
    return f"{speaker.name} {speaker.verb or 'said'}: {sentence}"


def _root_outlet(article: Article) -> str | None:
    outlet = article.original_outlet or article.outlet
    return " ".join(outlet.casefold().split()) if outlet else None


def source_labels(articles: Sequence[Article]) -> list[str]:
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
    order: int  # creation order
    reports: list[_Report] = field(default_factory=list)
    where: Where | None = None
    latest_start: date | None = None
    earliest_end: date | None = None

    def accepts(self, report: _Report, config: FusionConfig) -> bool:
        fused = self.fused
        if report.event.type != fused.type:
            return False
        if not (codes_compatible(report.actor, fused.actor) and codes_compatible(report.recipient, fused.recipient)):
            return False
        if not places_compatible(report.where, self.where, config.radius_km):
            return False
        if report.start and report.end and self.latest_start and self.earliest_end:
            # Within the window of every dated report, not just of the span: no chaining a month of
            # daily meetings into one occurrence three days at a time.
            window = timedelta(days=config.window_days)
            return report.start - self.earliest_end <= window and self.latest_start - report.end <= window
        return True

    @property
    def texts(self) -> list[str]:
        return [report.text for report in self.reports if report.text]

    def add(self, report: _Report) -> None:
        fused = self.fused
        self.reports.append(report)
        fused.reports.append(report.event)
        fused.article_ids.append(report.article.id)
        fused.actor = _more_specific(fused.actor, report.actor)
        fused.recipient = _more_specific(fused.recipient, report.recipient)
        if report.start and report.end:
            fused.start = min(fused.start or report.start, report.start)
            fused.end = max(fused.end or report.end, report.end)
            self.latest_start = max(self.latest_start or report.start, report.start)
            self.earliest_end = min(self.earliest_end or report.end, report.end)
        if report.where is not None and (self.where is None or report.where.point is not None):
            self.where = report.where
        ranks = sorted(CERTAINTY_ORDER.index(event.claim.certainty) for event in fused.reports)
        fused.strongest_certainty, fused.weakest_certainty = CERTAINTY_ORDER[ranks[0]], CERTAINTY_ORDER[ranks[-1]]
        fused.sources = source_labels(list({r.article.id: r.article for r in self.reports}.values()))
        fused.independent_sources = len(fused.sources)
        reported = report.article.published_at or report.article.fetched_at
        if reported is not None and (fused.first_reported is None or reported < fused.first_reported):
            fused.first_reported = reported


class Fuser:
    """Incremental fusion: feed articles as they arrive, read `fused` at any time.

    Fused events are indexed by type and by each day they span, so a report is only compared with
    those within the time window. Sentences are embedded only when a report has a structurally
    compatible fused event to compare with, in one batch per article: most of a sparse stream
    never needs MiniLM.
    """

    def __init__(self, config: FusionConfig | None = None, encoder: SentenceEncoder | None = None) -> None:
        self.config = config or FusionConfig()
        self._encoder = encoder
        self._clusters: list[_Cluster] = []
        self._by_day: dict[tuple[str, int], list[_Cluster]] = {}
        self._undated: dict[str, list[_Cluster]] = {}
        self._vectors: dict[str, npt.NDArray[np.float32]] = {}

    @property
    def fused(self) -> list[FusedEvent]:
        return [cluster.fused for cluster in self._clusters]

    def add(self, article: Article, events: Sequence[Event] | None = None) -> list[FusedEvent]:
        """Fuse one article's events (default: all of `article.events`); returns the fused events touched."""
        events = article.events if events is None else events
        reports = [_report(article, event) for event in events]
        self._embed_candidates(reports)
        touched: dict[str, FusedEvent] = {}
        for index, report in enumerate(reports):
            cluster = self._best(report)
            if cluster is None:
                event_id = report.event.id or f"{article.id}:{index}"
                cluster = _Cluster(FusedEvent(id=f"fused:{event_id}", type=report.event.type), len(self._clusters))
                self._clusters.append(cluster)
            self._index(cluster, report)
            cluster.add(report)
            touched[cluster.fused.id] = cluster.fused
        return list(touched.values())

    def settle(self, before: date) -> list[FusedEvent]:
        """Hand over and forget the dated fused events that ended before `before`.

        A live stream calls this with today minus `window_days` and a margin for late articles: those
        fused events can no longer gain reports, and dropping them keeps memory flat. Reports of
        them that arrive later start new fused events.
        """
        settled = [c for c in self._clusters if c.fused.end is not None and c.fused.end < before]
        if not settled:
            return []
        gone = {id(cluster) for cluster in settled}
        self._clusters = [c for c in self._clusters if id(c) not in gone]
        self._by_day = {
            key: kept for key, clusters in self._by_day.items() if (kept := [c for c in clusters if id(c) not in gone])
        }
        self._undated = {kind: [c for c in clusters if id(c) not in gone] for kind, clusters in self._undated.items()}
        live = {text for cluster in self._clusters for text in cluster.texts}
        self._vectors = {text: vector for text, vector in self._vectors.items() if text in live}
        return [cluster.fused for cluster in settled]

    def _candidates(self, report: _Report) -> list[_Cluster]:
        kind = report.event.type
        if report.start is None or report.end is None:
            pool = [cluster for cluster in self._clusters if cluster.fused.type == kind]
        else:
            window = self.config.window_days
            first, last = report.start.toordinal() - window, report.end.toordinal() + window
            seen: dict[int, _Cluster] = {id(c): c for c in self._undated.get(kind, [])}
            for day in range(first, last + 1):
                seen.update((id(c), c) for c in self._by_day.get((kind, day), []))
            pool = list(seen.values())
        return [cluster for cluster in pool if cluster.accepts(report, self.config)]

    def _index(self, cluster: _Cluster, report: _Report) -> None:
        """Register the cluster under the days this report adds to its span (before it joins)."""
        kind, fused = cluster.fused.type, cluster.fused
        if report.start is None or report.end is None:
            if not cluster.reports:  # a fused event started by an undated report fits any day
                self._undated.setdefault(kind, []).append(cluster)
            return
        known = range(fused.start.toordinal(), fused.end.toordinal() + 1) if fused.start and fused.end else range(0)
        for day in range(report.start.toordinal(), report.end.toordinal() + 1):
            if day not in known:
                self._by_day.setdefault((kind, day), []).append(cluster)

    def _embed_candidates(self, reports: list[_Report]) -> None:
        needed: dict[str, None] = {}
        for report in reports:
            candidates = self._candidates(report) if report.text else []
            if candidates:
                for text in [report.text, *(t for cluster in candidates for t in cluster.texts)]:
                    if text not in self._vectors:
                        needed[text] = None
        self._encode(list(needed))

    def _encode(self, texts: list[str]) -> None:
        if not texts:
            return
        if self._encoder is None:
            self._encoder = load_minilm()
        for text, vector in zip(texts, self._encoder.encode(texts), strict=True):
            self._vectors[text] = vector

    def _similarity(self, report: _Report, cluster: _Cluster) -> float:
        texts = cluster.texts
        if not report.text or not texts:
            return 1.0  # no sentence to compare: the structured checks decide alone
        # Reports of this article that joined a fused event earlier in the same call may be new.
        self._encode([text for text in [report.text, *texts] if text not in self._vectors])
        vector = self._vectors[report.text]
        return max(float(self._vectors[text] @ vector) for text in texts)

    def _best(self, report: _Report) -> _Cluster | None:
        """The most similar fitting fused event; on a tie the oldest, so results never hang on dict order."""
        best, best_similarity = None, -1.0
        for cluster in sorted(self._candidates(report), key=lambda c: c.order):
            similarity = self._similarity(report, cluster)
            if similarity >= self.config.min_similarity and similarity > best_similarity:
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
            cluster = _Cluster(FusedEvent(id=f"fused:{event.id or f'{article.id}:{index}'}", type=event.type), 0)
            cluster.add(_report(article, event))
            result.append(cluster.fused)
    return result
