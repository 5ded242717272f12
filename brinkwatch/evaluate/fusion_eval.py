"""Fusion evaluation: hand-coded reports with gold occurrence labels, scored pairwise.

The set is a YAML file (tests/data/fusion/fusion-set.yaml): named places, then articles with their
outlet, original outlet, story, date and events; each event carries the `occurrence` it reports.
An article may name a Wikinews page (`wikinews: <url>`) instead of giving sentences: its text is
read at run time from the CSV files in `news_dir` (../shared/data/news), and the lede paragraph
after the date line is the evidence of its events, so no Wikinews text lives in the repository.
Pairwise scores: a pair of reports is positive when both sit in one fused event; precision and
recall compare those pairs with the pairs that share a gold occurrence.
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from brinkwatch.errors import InvalidRecordError
from brinkwatch.model import (
    ActorMention,
    Article,
    Certainty,
    Claim,
    Event,
    Evidence,
    FusedEvent,
    Location,
    LocationPrecision,
    Place,
    TimePrecision,
    TimeRef,
)

__all__ = ["FusionCase", "PairScores", "load_fusion_set", "pairwise_scores"]


@dataclass(slots=True)
class FusionCase:
    article: Article
    occurrences: list[str]  # gold label of each of article.events


@dataclass(frozen=True, slots=True)
class PairScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def _mention(code: str) -> ActorMention:
    return ActorMention(text=code, start=0, end=0, code=code)


def wikinews_ledes(news_dir: Path) -> dict[str, str]:
    """URL -> lede (the first paragraph after the date line) of every Wikinews article in news_dir."""
    csv.field_size_limit(1 << 30)
    ledes = {}
    for path in sorted(news_dir.glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                paragraphs = [line.strip() for line in row["text"].splitlines() if line.strip()]
                if len(paragraphs) > 1:
                    ledes[row["url"]] = paragraphs[1]
    return ledes


def _event(
    raw: dict[str, Any], places: dict[str, Place], precision: dict[str, str], event_id: str, lede: str | None
) -> Event:
    day = raw["when"]
    where = None
    if "place" in raw:
        place = places[raw["place"]]
        where = Location(text=place.name, place=place, precision=LocationPrecision(precision[raw["place"]]))
    return Event(
        type=raw["type"],
        id=event_id,
        actor=_mention(raw["actor"]),
        recipient=_mention(raw["recipient"]),
        where=where,
        when=TimeRef(text=day.isoformat(), start=day, end=day, precision=TimePrecision.DAY),
        evidence=Evidence(sentence_index=0, sentence=raw.get("sentence") or lede or ""),
        claim=Claim(certainty=Certainty(raw["certainty"])),
    )


def load_fusion_set(path: Path, news_dir: Path | None = None) -> list[FusionCase]:
    ledes = wikinews_ledes(news_dir) if news_dir is not None else {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        precision = {name: raw.pop("precision") for name, raw in data["places"].items()}
        places = {name: Place(**raw) for name, raw in data["places"].items()}
        cases = []
        for raw in data["articles"]:
            published: date = raw["published"]
            lede = ledes[raw["wikinews"]] if "wikinews" in raw else None
            events = [_event(e, places, precision, f"{raw['id']}:{i}", lede) for i, e in enumerate(raw["events"])]
            article = Article(
                id=raw["id"],
                text=" ".join(event.evidence.sentence for event in events if event.evidence),
                outlet=raw["outlet"],
                original_outlet=raw.get("original_outlet"),
                story_id=raw.get("story"),
                published_at=datetime.combine(published, time(9), tzinfo=UTC),
                events=events,
            )
            cases.append(FusionCase(article, [e["occurrence"] for e in raw["events"]]))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidRecordError(
            f"fusion set {path}: malformed entry or unknown Wikinews page ({exc!r}); see its header comment "
            f"and pass news_dir (now {news_dir}) for sets that name Wikinews pages"
        ) from exc
    return cases


def pairwise_scores(cases: list[FusionCase], fused: list[FusedEvent]) -> PairScores:
    gold = {
        event.id: label for case in cases for event, label in zip(case.article.events, case.occurrences, strict=True)
    }
    predicted = {report.id: group.id for group in fused for report in group.reports}
    true_pairs = predicted_pairs = correct = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_fused = predicted[a] == predicted[b]
        true_pairs += same_gold
        predicted_pairs += same_fused
        correct += same_gold and same_fused
    return PairScores(true_pairs, predicted_pairs, correct)
