"""The places-and-dates evaluation: hand-written sentences with expected GeoNames places and dates.

Each line of the set (brinkwatch/resources/evaluation/geo_eval.jsonl, shipped with the package so
`brinkwatch evaluate geo` runs on an install) is one sentence with its publication date, the
place mentions it contains (GeoNames id, or an ISO/GeoNames code for a subdivision or region; null
for a place no gazetteer knows, which must be kept raw), demonyms (which must not become places),
time phrases (expected start, end, precision) and events (trigger, expected places, expected time).
Accuracy is reported by category, so a regression in, say, transliterations shows where it is.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from brinkwatch.errors import InputNotFoundError, InvalidRecordError
from brinkwatch.geo.dates import find_times
from brinkwatch.geo.event_location import locate_event, time_event
from brinkwatch.geo.places import resolve_article
from brinkwatch.language.sentences import split_sentences
from brinkwatch.model import Article, Event, Evidence, Location, Place, Span

__all__ = ["DEFAULT_SET", "GeoReport", "Tally", "evaluate_geo", "format_report", "load_cases"]

DEFAULT_SET = Path(__file__).resolve().parents[1] / "resources" / "evaluation" / "geo_eval.jsonl"


@dataclass(slots=True)
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass(slots=True)
class GeoReport:
    """Tallies keyed by (metric, category); category "all" sums the others."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    sentences: int = 0
    spurious: int = 0  # predicted places where the set expects none
    errors: list[str] = field(default_factory=list)

    def add(self, metric: str, category: str, ok: bool) -> None:
        self.tallies[(metric, category)].add(ok)
        self.tallies[(metric, "all")].add(ok)

    def rate(self, metric: str, category: str = "all") -> float:
        return self.tallies[(metric, category)].rate


def load_cases(path: Path = DEFAULT_SET) -> list[dict[str, Any]]:
    if not path.is_file():
        raise InputNotFoundError(f"no evaluation set at {path}; pass the path of a geo_eval.jsonl file")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cases.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InvalidRecordError(f"{path}:{number} is not valid JSON ({exc}); fix or remove the line") from exc
    return cases


def _place_id(place: Place | None) -> int | str | None:
    if place is None:
        return None
    return place.geonames_id if place.geonames_id is not None else place.code


def _overlapping(locations: list[Location], start: int, end: int) -> Location | None:
    for location in locations:
        if (location.start or 0) < end and start < (location.end or 0):
            return location
    return None


def _article(case: dict[str, Any]) -> Article:
    published = datetime.combine(date.fromisoformat(case["published"]), datetime.min.time(), tzinfo=UTC)
    article = Article(id=case["id"], text=case["text"], published_at=published)
    article.sentences = split_sentences(article.text)
    return article


def _score_places(report: GeoReport, case: dict[str, Any], predicted: list[Location]) -> None:
    category = case["category"]
    for expected in case["places"]:
        found = _overlapping(predicted, expected["start"], expected["end"])
        if expected["id"] is None:
            report.add("kept raw", category, found is not None and found.place is None)
            continue
        place = found.place if found else None
        report.add("country", category, place is not None and place.country == expected["country"])
        report.add("exact place", category, _place_id(place) == expected["id"])
        if _place_id(place) != expected["id"]:
            report.errors.append(
                f"{case['id']} {expected['text']!r}: expected {expected['id']}, got {_place_id(place)}"
            )
    for demonym in case["demonyms"]:
        report.add("demonym not a place", category, _overlapping(predicted, demonym["start"], demonym["end"]) is None)
    expected_spans = [(p["start"], p["end"]) for p in case["places"]]
    for location in predicted:
        if not any((location.start or 0) < e and s < (location.end or 0) for s, e in expected_spans):
            report.spurious += 1
            report.errors.append(f"{case['id']} spurious place {location.text!r}")


def _score_times(report: GeoReport, case: dict[str, Any], anchor: date) -> None:
    mentions = find_times(case["text"], anchor)
    for expected in case["times"]:
        found = [m for m in mentions if m.start < expected["end"] and expected["start"] < m.end]
        ref = found[0].ref if found else None
        ok = ref is not None and (str(ref.start), str(ref.end), ref.precision.value) == (
            expected["from"],
            expected["to"],
            expected["precision"],
        )
        report.add("date", expected["precision"], ok)
        if not ok:
            got = (ref.text, str(ref.start), str(ref.end), ref.precision.value) if ref else None
            report.errors.append(f"{case['id']} time {expected['text']!r}: expected {expected}, got {got}")


def _score_events(report: GeoReport, case: dict[str, Any], article: Article, places: list[Location]) -> None:
    article.places = places
    for expected in case["events"]:
        start = case["text"].index(expected["trigger"])
        sentence = next(s for s in article.sentences if s.start <= start < s.end)
        event = Event(
            type=expected["type"],
            trigger=expected["trigger"],
            evidence=Evidence(sentence.index, sentence.text, trigger=Span(start, start + len(expected["trigger"]))),
        )
        where = locate_event(article, event)
        got = [_place_id(p) for p in where.places] or ([None] if where.text and where.place is None else [])
        metric = "event location" if expected["where"] else "event without location"
        report.add(metric, expected["type"], got == expected["where"])
        if got != expected["where"]:
            report.errors.append(f"{case['id']} {expected['type']} {expected['trigger']!r}: where {got}")
        if "when" in expected:
            when = time_event(article, event)
            wanted = expected["when"]
            ok = (str(when.start), str(when.end), when.precision.value) == (
                wanted["from"],
                wanted["to"],
                wanted["precision"],
            )
            report.add("event time", expected["type"], ok)
            if not ok:
                report.errors.append(f"{case['id']} {expected['type']} {expected['trigger']!r}: when {when}")


def evaluate_geo(path: Path = DEFAULT_SET) -> GeoReport:
    """Run place resolution, time resolution and event location over the set and tally the results."""
    report = GeoReport()
    for case in load_cases(path):
        report.sentences += 1
        article = _article(case)
        predicted = resolve_article(article)
        _score_places(report, case, predicted)
        _score_times(report, case, date.fromisoformat(case["published"]))
        _score_events(report, case, article, predicted)
    return report


def format_report(report: GeoReport) -> str:
    lines = [f"{report.sentences} sentences", f"{'metric':<24} {'category':<14} {'right':>6} {'total':>6} {'rate':>7}"]
    for (metric, category), tally in sorted(
        report.tallies.items(), key=lambda kv: (kv[0][0], kv[0][1] != "all", kv[0][1])
    ):
        lines.append(f"{metric:<24} {category:<14} {tally.right:>6} {tally.total:>6} {tally.rate:>7.1%}")
    lines.append(f"spurious places: {report.spurious}")
    return "\n".join(lines)
