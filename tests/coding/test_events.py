from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from brinkwatch.coding.actors import ActorCoder
from brinkwatch.coding.dictionary import ActorDictionary
from brinkwatch.coding.events import EventCoder, EventOptions, RawEvent

Spec = list[tuple[str, str, int, str]]


def _code(make_doc: Callable[[Spec], Any], dictionary: ActorDictionary, spec: Spec, **options: bool) -> list[RawEvent]:
    doc = make_doc(spec)
    actors = ActorCoder(dictionary, date(2019, 8, 23))
    return EventCoder(options=EventOptions(**options)).code_sentence(doc[:], actors, actors.match(doc))


def _triples(events: list[RawEvent]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.code[:2]) for e in events}


PASSIVE_COORDINATED: Spec = [
    ("Israeli", "ADJ", 2, "amod"),
    ("troops", "NOUN", 7, "nsubj:pass"),
    ("and", "CCONJ", 5, "cc"),
    ("Iranian", "ADJ", 5, "amod"),
    ("commanders", "NOUN", 2, "conj"),
    ("were", "AUX", 7, "aux:pass"),
    ("attacked", "VERB", 0, "ROOT"),
    ("by", "ADP", 10, "case"),
    ("Syrian", "ADJ", 10, "amod"),
    ("forces", "NOUN", 7, "obl:agent"),
]
RELATIVE_CLAUSE: Spec = [
    ("Iraqi", "ADJ", 2, "amod"),
    ("militias", "NOUN", 0, "ROOT"),
    ("that", "PRON", 4, "nsubj"),
    ("attacked", "VERB", 2, "acl:relcl"),
    ("Turkish", "ADJ", 6, "amod"),
    ("troops", "NOUN", 4, "obj"),
]
FUTURE: Spec = [
    ("Iran", "PROPN", 3, "nsubj"),
    ("will", "AUX", 3, "aux"),
    ("attack", "VERB", 0, "ROOT"),
    ("Israel", "PROPN", 3, "obj"),
]
EXPLODED: Spec = [
    ("Several", "ADJ", 2, "amod"),
    ("depots", "NOUN", 7, "nsubj"),
    ("controlled", "VERB", 2, "acl"),
    ("by", "ADP", 6, "case"),
    ("Iraqi", "ADJ", 6, "amod"),
    ("militias", "NOUN", 3, "obl:agent"),
    ("exploded", "VERB", 0, "ROOT"),
]
CARRIED_OUT: Spec = [
    ("The", "DET", 2, "det"),
    ("attack", "NOUN", 4, "nsubj:pass"),
    ("was", "AUX", 4, "aux:pass"),
    ("carried", "VERB", 0, "ROOT"),
    ("out", "ADP", 4, "compound:prt"),
    ("by", "ADP", 7, "case"),
    ("Israel", "PROPN", 4, "obl:agent"),
]
BEHIND: Spec = [
    ("Israel", "PROPN", 3, "nsubj:pass"),
    ("is", "AUX", 3, "aux:pass"),
    ("believed", "VERB", 0, "ROOT"),
    ("to", "PART", 8, "mark"),
    ("be", "AUX", 8, "cop"),
    ("behind", "ADP", 8, "case"),
    ("the", "DET", 8, "det"),
    ("strikes", "NOUN", 3, "xcomp"),
]
UNCLAIMED: Spec = [
    ("An", "DET", 2, "det"),
    ("explosion", "NOUN", 3, "nsubj"),
    ("shook", "VERB", 0, "ROOT"),
    ("Baghdad", "PROPN", 3, "obj"),
]
KILLED: Spec = [
    ("Syrian", "ADJ", 2, "amod"),
    ("forces", "NOUN", 3, "nsubj"),
    ("killed", "VERB", 0, "ROOT"),
    ("two", "NUM", 6, "nummod"),
    ("Iranian", "ADJ", 6, "amod"),
    ("commanders", "NOUN", 3, "obj"),
]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (PASSIVE_COORDINATED, {("SYRMIL", "ISRMIL", "19"), ("SYRMIL", "IRNMIL", "19")}),
        (RELATIVE_CLAUSE, {("IRQUAF", "TURMIL", "19")}),
        (FUTURE, {("IRN", "ISR", "13")}),
        (EXPLODED, {("UNK", "IRQUAF", "18")}),
        (CARRIED_OUT, {("ISR", None, "19")}),
        (BEHIND, {("ISR", None, "19")}),
        (UNCLAIMED, {("UNK", None, "18")}),
        (KILLED, {("SYRMIL", "IRNMIL", "19")}),
    ],
    ids=[
        "passive-coordinated",
        "relative-clause",
        "future-is-a-threat",
        "exploded",
        "carried-out",
        "behind",
        "unclaimed",
        "killed",
    ],
)
def test_events_who_did_what_to_whom(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary, spec: Spec, expected: set[tuple[Any, ...]]
) -> None:
    assert _triples(_code(make_doc, dictionary, spec)) == expected


def test_events_dead_counted_from_the_object(make_doc: Callable[[Spec], Any], dictionary: ActorDictionary) -> None:
    (event,) = _code(make_doc, dictionary, KILLED)
    assert (event.dead, event.injured) == (2, None)


@pytest.mark.parametrize(
    ("options", "expected"),
    [({"unknown_actor": False}, set()), ({"nouns": False}, set()), ({}, {("UNK", None, "18")})],
)
def test_events_options_switch_rules(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary, options: dict[str, bool], expected: set[Any]
) -> None:
    assert _triples(_code(make_doc, dictionary, UNCLAIMED, **options)) == expected


def test_events_future_kept_literal_when_asked(make_doc: Callable[[Spec], Any], dictionary: ActorDictionary) -> None:
    (event,) = _code(make_doc, dictionary, FUTURE, future_as_threat=False)
    assert event.code.startswith("19") and event.future


def test_events_require_dyad_drops_one_sided_events(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary
) -> None:
    assert _code(make_doc, dictionary, CARRIED_OUT, require_dyad=True) == []


def test_events_trigger_fixes_the_plover_mode(make_doc: Callable[[Spec], Any], dictionary: ActorDictionary) -> None:
    (event,) = _code(make_doc, dictionary, EXPLODED)
    assert (event.code, event.mode) == ("183", "explosion")


def test_events_subject_of_an_undergo_verb_is_hit_not_acting(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary
) -> None:
    spec: Spec = [("Iraqi", "ADJ", 2, "amod"), ("depots", "NOUN", 3, "nsubj"), ("exploded", "VERB", 0, "ROOT")]
    assert _triples(_code(make_doc, dictionary, spec)) == {("UNK", "IRQ", "18")}


def test_events_coordinated_subjects_without_object_act_on_each_other(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary
) -> None:
    spec: Spec = [
        ("Israel", "PROPN", 4, "nsubj"),
        ("and", "CCONJ", 3, "cc"),
        ("Jordan", "PROPN", 1, "conj"),
        ("met", "VERB", 0, "ROOT"),
    ]
    triples = _triples(_code(make_doc, dictionary, spec))
    assert {(s, t) for s, t, _ in triples} == {("ISR", "JOR"), ("JOR", "ISR")}


def test_events_modifier_actor_codes_its_phrase(make_doc: Callable[[Spec], Any], dictionary: ActorDictionary) -> None:
    spec: Spec = [
        ("Israel", "PROPN", 2, "nsubj"),
        ("attacked", "VERB", 0, "ROOT"),
        ("Iranian", "ADJ", 4, "amod"),
        ("positions", "NOUN", 2, "obj"),
    ]
    ((event),) = _code(make_doc, dictionary, spec)
    assert event.target is not None and (event.target.code, event.target.text) == ("IRN", "Iranian positions")


def test_events_paragraph_break_is_not_a_subject(make_doc: Callable[[Spec], Any], dictionary: ActorDictionary) -> None:
    spec: Spec = [
        ("\n\n", "SPACE", 3, "nsubj"),
        ("Syria", "PROPN", 3, "nsubj"),
        ("attacked", "VERB", 0, "ROOT"),
        ("Turkey", "PROPN", 3, "obj"),
    ]
    assert _triples(_code(make_doc, dictionary, spec)) == {("SYR", "TUR", "19")}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ([("Iyambo", "PROPN", 2, "nsubj"), ("died", "VERB", 0, "ROOT")], set()),  # a death is not an attack
        ([("They", "PRON", 2, "nsubj"), ("used", "VERB", 0, "ROOT"), ("data", "NOUN", 2, "obj")], set()),
    ],
)
def test_events_no_event_without_anyone_on_either_side(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary, spec: Spec, expected: set[Any]
) -> None:
    assert _triples(_code(make_doc, dictionary, spec)) == expected


@pytest.mark.parametrize(("verb", "consults"), [("heard", False), ("met", True)])
def test_events_hearing_explosions_is_not_a_consultation(verb: str, consults: bool) -> None:
    from brinkwatch.extract import process
    from brinkwatch.model import Article

    text = f"Blasts near Qaim\n\nIraqi residents {verb} Israeli jets over the town on Sunday, officials said.\n"
    article = process(Article(id=f"hear-{verb}", text=text))
    # CAMEO's 040 "hear" is perception in news ("heard explosions"), not a consultation.
    assert any(e.type == "CONSULT" for e in article.events) is consults
