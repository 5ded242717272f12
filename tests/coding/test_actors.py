from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from brinkwatch.coding.actors import ActorCoder
from brinkwatch.coding.dictionary import ActorDictionary

Spec = list[tuple[str, str, int, str]]

CASES: list[tuple[str, Spec, int, str | None, dict[str, Any]]] = [
    (
        "nationality and agent",
        [("Iranian", "ADJ", 2, "amod"), ("commanders", "NOUN", 0, "ROOT")],
        2,
        "IRNMIL",
        {"country": "IRN", "sectors": ["MIL"]},
    ),
    (
        "affiliation",
        [
            ("Iraqi", "ADJ", 2, "amod"),
            ("militias", "NOUN", 0, "ROOT"),
            ("with", "ADP", 4, "case"),
            ("ties", "NOUN", 2, "nmod"),
            ("to", "ADP", 6, "case"),
            ("Iran", "PROPN", 4, "nmod"),
        ],
        2,
        "IRQUAF",
        {"affiliation": "IRN", "country": "IRQ"},
    ),
    (
        "anonymous official",
        [("a", "DET", 3, "det"), ("US", "PROPN", 3, "compound"), ("official", "NOUN", 0, "ROOT")],
        3,
        "USAGOV",
        {"anonymous": True},
    ),
    (
        "titled name on the article date",
        [
            ("Israeli", "ADJ", 5, "amod"),
            ("Prime", "PROPN", 3, "compound"),
            ("Minister", "PROPN", 5, "compound"),
            ("Benjamin", "PROPN", 5, "compound"),
            ("Netanyahu", "PROPN", 0, "ROOT"),
        ],
        5,
        "ISRGOV",
        {"anonymous": False},
    ),
    (
        "agent with a place",
        [("soldiers", "NOUN", 0, "ROOT"), ("from", "ADP", 3, "case"), ("Syria", "PROPN", 1, "nmod")],
        1,
        "SYRMIL",
        {},
    ),
    ("uncoded named entity", [("Zorblat", "PROPN", 2, "compound"), ("Brigade", "PROPN", 0, "ROOT")], 2, None, {}),
]


@pytest.mark.parametrize(("name", "spec", "head", "code", "fields"), CASES, ids=[c[0] for c in CASES])
def test_actors_code_noun_phrases(
    make_doc: Callable[[Spec], Any],
    dictionary: ActorDictionary,
    name: str,
    spec: Spec,
    head: int,
    code: str | None,
    fields: dict[str, Any],
) -> None:
    doc = make_doc(spec)
    coder = ActorCoder(dictionary, date(2019, 8, 23))
    actor = coder.code(doc, doc[head - 1], coder.match(doc))
    assert actor is not None and actor.code == code
    assert actor.text == doc.text.strip()
    for field, value in fields.items():
        assert getattr(actor, field) == value, field


def test_actors_lowercase_us_is_a_pronoun_not_the_usa(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary
) -> None:
    doc = make_doc([("They", "PRON", 2, "nsubj"), ("told", "VERB", 0, "ROOT"), ("us", "PRON", 2, "obj")])
    assert ActorCoder(dictionary).match(doc).actor == {}


@pytest.mark.parametrize(
    ("first", "later", "code"),
    [
        ([("Netanyahu", "PROPN", 0, "ROOT")], [("he", "PRON", 0, "ROOT")], "ISRGOV"),
        ([("Hezbollah", "PROPN", 0, "ROOT")], [("the", "DET", 2, "det"), ("group", "NOUN", 0, "ROOT")], "LBNREB"),
        ([("Iran", "PROPN", 0, "ROOT")], [("them", "PRON", 0, "ROOT")], "IRN"),
    ],
)
def test_actors_pronouns_and_short_forms_take_an_earlier_actor(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary, first: Spec, later: Spec, code: str
) -> None:
    coder = ActorCoder(dictionary, date(2019, 8, 23))
    earlier = make_doc(first)
    assert coder.code(earlier, earlier[len(first) - 1], coder.match(earlier)) is not None
    doc = make_doc(later)
    resolved = coder.code(doc, doc[len(later) - 1], coder.match(doc))
    assert resolved is not None and resolved.code == code and resolved.text == doc.text.strip()


def test_actors_pronoun_without_antecedent_stays_uncoded(
    make_doc: Callable[[Spec], Any], dictionary: ActorDictionary
) -> None:
    doc = make_doc([("he", "PRON", 0, "ROOT")])
    coder = ActorCoder(dictionary)
    assert coder.code(doc, doc[0], coder.match(doc)) is None
