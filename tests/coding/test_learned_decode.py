"""Decoding the event model's scores into events: thresholds, one event per type, one per happening."""

from __future__ import annotations

import numpy as np

from brinkwatch.coding.learned.decode import decide, merge_happenings
from brinkwatch.coding.learned.labels import MODES, TYPES
from brinkwatch.coding.learned.runtime import PairScores
from brinkwatch.model import ActorMention, Event, Evidence


def scores(rows: dict[tuple[int, int], dict[str, float]]) -> PairScores:
    pairs = list(rows)
    types = np.zeros((len(pairs), len(TYPES)), dtype=np.float32)
    for i, pair in enumerate(pairs):
        for kind, p in rows[pair].items():
            types[i, TYPES.index(kind)] = p
        types[i, 0] = 1 - types[i].sum()
    modes = np.zeros((len(pairs), len(MODES)), dtype=np.float32)
    modes[:, 0] = 1.0
    return PairScores(pairs, types, modes, np.zeros(len(TYPES), dtype=np.float32))


def test_learned_decode_keeps_the_best_pair_per_type_above_threshold() -> None:
    found = decide(
        scores({(0, 1): {"ASSAULT": 0.7}, (1, 0): {"ASSAULT": 0.6}, (0, -1): {"ACCUSE": 0.3}}),
        TYPES,
        MODES,
        {"default": 0.5},
    )
    assert [(d.type, d.actor, d.recipient) for d in found] == [("ASSAULT", 0, 1)]


def test_learned_decode_threshold_per_type_overrides_default() -> None:
    found = decide(scores({(0, -1): {"ACCUSE": 0.3}}), TYPES, MODES, {"default": 0.5, "ACCUSE": 0.25})
    assert [d.type for d in found] == ["ACCUSE"]


def mention(code: str | None, start: int) -> ActorMention:
    return ActorMention(text=code or "they", start=start, end=start + 3, code=code)


def event(kind: str, actor: ActorMention | None, recipient: ActorMention | None, sentence: int) -> Event:
    return Event(type=kind, actor=actor, recipient=recipient, evidence=Evidence(sentence, f"sentence {sentence}"))


def test_learned_merge_joins_later_mentions_of_one_happening() -> None:
    first = event("ASSAULT", None, mention("SYRCVL", 5), 0)
    again = event("ASSAULT", mention("TURMIL", 40), mention("SYRCVL", 50), 2)
    other = event("ASSAULT", mention("RUSMIL", 80), mention("UKRMIL", 90), 3)
    merged = merge_happenings([first, again, other])
    assert merged == [first, other]
    assert first.actor is not None and first.actor.code == "TURMIL"  # named later, kept on the anchor
    assert [e.sentence_index for e in first.other_evidence] == [2]


def test_learned_merge_keeps_different_types_apart() -> None:
    a = event("ASSAULT", mention("TURMIL", 0), None, 0)
    b = event("COERCE", mention("TURMIL", 0), None, 1)
    assert merge_happenings([a, b]) == [a, b]
