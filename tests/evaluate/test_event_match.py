"""Alignment and scores of `brinkwatch evaluate events`, on hand-built events."""

from __future__ import annotations

import pytest

from brinkwatch.evaluate.event_match import Coded, EventScores, align, country

S = (0, 60)


def coded(
    kind: str, trigger: tuple[int, int], actor: str = "USAGOV", recipient: str | None = "IRN", **kw: object
) -> Coded:
    return Coded(sentence=S, trigger=trigger, type=kind, actor_code=actor, recipient_code=recipient, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("USAGOV", "USA"),
        ("USA", "USA"),
        (None, "UNK"),
        ("UNKCVL", "UNK"),
        ("IGOUNO", "IGOUNO"),
        ("IGOUNOKID", "IGOUNO"),
    ],
)
def test_event_match_country_level(code: str | None, expected: str) -> None:
    assert country(code) == expected


def test_event_match_aligns_by_trigger_before_type() -> None:
    system = [coded("CONSULT", (10, 15)), coded("ASSAULT", (30, 36))]
    gold = [coded("ASSAULT", (10, 15))]
    pairs = align(system, gold)
    assert [(s.trigger, g.trigger) for s, g in pairs] == [((10, 15), (10, 15))]


def test_event_match_needs_the_same_sentence() -> None:
    other = Coded(sentence=(61, 90), trigger=(62, 66), type="ASSAULT")
    assert align([other], [coded("ASSAULT", (10, 15))]) == []


def test_event_match_scores_fields_and_full_match() -> None:
    scores = EventScores()
    scores.add(
        [coded("ASSAULT", (10, 15), actor="USAMIL"), coded("CONSULT", (40, 44))],
        [coded("ASSAULT", (10, 15)), coded("ACCUSE", (20, 25), actor="IRN", recipient=None)],
    )
    result = scores.as_dict(errors=5)
    assert result["event"]["precision"] == pytest.approx(0.5)
    assert result["event"]["recall"] == pytest.approx(0.5)
    assert result["fields"]["actor"] == 1.0  # USAMIL and USAGOV agree at country level
    assert result["full_match"]["f1"] == pytest.approx(0.5)
    assert result["confusion"] == {
        "NONE>CONSULT": 1,
        "ACCUSE>NONE": 1,
        "ASSAULT>ASSAULT": 1,
    }
    assert {e["kind"] for e in result["errors"]} == {"not an event", "missed"}


def test_event_match_counts_sentences_with_several_events() -> None:
    scores = EventScores()
    scores.add([coded("ASSAULT", (10, 15)), coded("COERCE", (20, 25))], [coded("ASSAULT", (10, 15))])
    assert scores.as_dict()["several_per_sentence"] == {"system": 1.0, "gold": 0.0}
