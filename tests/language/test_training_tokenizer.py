from __future__ import annotations

from typing import Any

import pytest
import spacy

from brinkwatch.language.training.tokenizer import customize_tokenizer


@pytest.fixture(scope="module")
def nlp() -> Any:
    return customize_tokenizer(spacy.blank("en"))


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("the U.S. envoy", ["the", "U.S.", "envoy"]),
        ("U.S.-backed forces", ["U.S.", "-", "backed", "forces"]),
        ("Kabul’s mayor", ["Kabul", "’s", "mayor"]),
        ("Kabul's mayor", ["Kabul", "'s", "mayor"]),
        ("“No,” she said", ["“", "No", ",", "”", "she", "said"]),
        ("Qasim al-Rawi spoke", ["Qasim", "al", "-", "Rawi", "spoke"]),
        ("the ex-minister and an anti-war e-mail", ["the", "ex-minister", "and", "an", "anti-war", "e-mail"]),
        ("non-state actors re-elected", ["non-state", "actors", "re-elected"]),
        ("a self-styled leader", ["a", "self", "-", "styled", "leader"]),
        ("Ceasefire now!!!", ["Ceasefire", "now", "!!!"]),
        ("Really?!", ["Really", "?!"]),
    ],
)
def test_tokenizer_follows_news_and_ewt_conventions(nlp: Any, text: str, tokens: list[str]) -> None:
    assert [token.text for token in nlp(text)] == tokens


def test_tokenizer_rules_survive_serialisation(nlp: Any) -> None:
    reloaded: Any = spacy.blank("en")
    reloaded.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    assert [token.text for token in reloaded("an ex-minister")] == ["an", "ex-minister"]
