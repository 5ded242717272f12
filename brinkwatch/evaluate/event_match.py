"""Matching coded events against gold events, and the scores `brinkwatch evaluate events` reports.

Both sides are first put in one plain form (`Coded`): sentence span, trigger, type, mode, actor and
recipient spans with codes, certainty, place and date. Within a sentence, a system event is aligned
with the gold event it best overlaps (same trigger words, same type, same actor or recipient words), each
used once. An aligned pair is a found event (event precision, recall, F1); over aligned pairs each field
is scored as an accuracy; an aligned pair with the same type, actor and recipient at country level is a
full match (full-match F1).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Coded", "EventScores", "align", "country", "overlap", "prf"]

Offsets = tuple[int, int]
FIELDS = ("type", "mode", "actor", "recipient", "certainty", "place", "date")


@dataclass(frozen=True, slots=True)
class Coded:
    sentence: Offsets
    trigger: Offsets | None
    type: str
    mode: str = ""
    actor: Offsets | None = None
    actor_code: str = "UNK"
    recipient: Offsets | None = None
    recipient_code: str | None = None
    certainty: str = "asserted"
    place: Offsets | None = None
    date: str | None = None
    text: str = ""  # the sentence, for error listings


def country(code: str | None) -> str:
    """A code at country level: USAGOV -> USA; IGO and NGO codes keep their organisation; none -> UNK."""
    if not code or code.startswith("UNK"):
        return "UNK"
    if code.startswith(("IGO", "NGO")):
        return code[:6]
    return code[:3]


def overlap(a: Offsets | None, b: Offsets | None) -> bool:
    """Two character spans share at least one character (none overlaps nothing)."""
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _score(system: Coded, gold: Coded) -> int:
    return (
        3 * overlap(system.trigger, gold.trigger)
        + 2 * (system.type == gold.type)
        + overlap(system.actor, gold.actor)
        + overlap(system.recipient, gold.recipient)
    )


def align(system: Sequence[Coded], gold: Sequence[Coded]) -> list[tuple[Coded, Coded]]:
    """Greedy best-first alignment within sentences (a pair needs at least one thing in common)."""
    candidates = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            if overlap(s.sentence, g.sentence):
                score = _score(s, g)
                if score > 0:
                    candidates.append((score, i, j))
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _score_value, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            pairs.append((system[i], gold[j]))
    return pairs


def _field_right(name: str, s: Coded, g: Coded) -> bool:
    if name == "type":
        return s.type == g.type
    if name == "mode":
        return (s.mode or "") == (g.mode or "")
    if name == "actor":
        return country(s.actor_code) == country(g.actor_code)
    if name == "recipient":
        return (g.recipient_code is None and s.recipient_code is None) or (
            g.recipient_code is not None and country(s.recipient_code) == country(g.recipient_code)
        )
    if name == "certainty":
        return s.certainty == g.certainty
    if name == "place":
        return (s.place is None and g.place is None) or overlap(s.place, g.place)
    if name == "date":
        return (not s.date and not g.date) or bool(s.date and g.date and (s.date in g.date or g.date in s.date))
    raise ValueError(name)


def prf(right: int, found: int, expected: int) -> dict[str, float]:
    """Precision, recall and F1 from the right, the found and the expected counts."""
    p = right / found if found else 0.0
    r = right / expected if expected else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


@dataclass(slots=True)
class EventScores:
    system: int = 0
    gold: int = 0
    aligned: int = 0
    full: int = 0
    field_right: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold type, system type); NONE: none
    sentences_with_events: int = 0
    sentences_with_several: int = 0
    gold_sentences_with_events: int = 0
    gold_sentences_with_several: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, system: Sequence[Coded], gold: Sequence[Coded]) -> None:
        pairs = align(system, gold)
        self.system += len(system)
        self.gold += len(gold)
        self.aligned += len(pairs)
        for s, g in pairs:
            for name in FIELDS:
                self.field_right[name] += _field_right(name, s, g)
            self.confusion[(g.type, s.type)] += 1
            full = all(_field_right(name, s, g) for name in ("type", "actor", "recipient"))
            self.full += full
            if not full:
                self.errors.append(_error("wrong", s, g))
        matched_s = {id(s) for s, _ in pairs}
        matched_g = {id(g) for _, g in pairs}
        for s in system:
            if id(s) not in matched_s:
                self.confusion[("NONE", s.type)] += 1
                self.errors.append(_error("not an event", s, None))
        for g in gold:
            if id(g) not in matched_g:
                self.confusion[(g.type, "NONE")] += 1
                self.errors.append(_error("missed", None, g))
        sides = (
            (system, "sentences_with_events", "sentences_with_several"),
            (gold, "gold_sentences_with_events", "gold_sentences_with_several"),
        )
        for events, total, several in sides:
            counts = Counter(e.sentence for e in events)
            setattr(self, total, getattr(self, total) + len(counts))
            setattr(self, several, getattr(self, several) + sum(1 for n in counts.values() if n > 1))

    def as_dict(self, errors: int = 0) -> dict[str, Any]:
        return {
            "events": {"system": self.system, "gold": self.gold, "found": self.aligned},
            "event": prf(self.aligned, self.system, self.gold),
            "full_match": prf(self.full, self.system, self.gold),
            "fields": {name: (self.field_right[name] / self.aligned if self.aligned else 0.0) for name in FIELDS},
            "several_per_sentence": {
                "system": self.sentences_with_several / self.sentences_with_events
                if self.sentences_with_events
                else 0.0,
                "gold": self.gold_sentences_with_several / self.gold_sentences_with_events
                if self.gold_sentences_with_events
                else 0.0,
            },
            "confusion": {f"{g}>{s}": n for (g, s), n in sorted(self.confusion.items())},
            "errors": self.errors[:errors],
        }


def _describe(event: Coded | None) -> str | None:
    if event is None:
        return None
    mode = f"/{event.mode}" if event.mode else ""
    return f"{event.type}{mode} {event.actor_code} -> {event.recipient_code or '-'} ({event.certainty})"


def _error(kind: str, system: Coded | None, gold: Coded | None) -> dict[str, Any]:
    either = system or gold
    assert either is not None
    return {"kind": kind, "system": _describe(system), "gold": _describe(gold), "sentence": either.text}
