from __future__ import annotations

import pytest

from brinkwatch.language.sentences import RuleSplitter, SentenceSplitter, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gen. Mark Dorsey arrived. He spoke briefly.", ["Gen. Mark Dorsey arrived.", "He spoke briefly."]),
        (
            "Sen. Ruiz met Rep. Olsen on Jan. 5 in Ohio. Talks failed.",
            ["Sen. Ruiz met Rep. Olsen on Jan. 5 in Ohio.", "Talks failed."],
        ),
        ("Troops left the U.S. Embassy at noon.", ["Troops left the U.S. Embassy at noon."]),
        (
            "The envoy flew back to the U.S. The talks stalled.",
            ["The envoy flew back to the U.S.", "The talks stalled."],
        ),
        ("John F. Kennedy spoke. J. R. Ortiz replied.", ["John F. Kennedy spoke.", "J. R. Ortiz replied."]),
        (
            "“We will respond,” the minister said. Nobody moved.",
            ["“We will respond,” the minister said.", "Nobody moved."],
        ),
        ("“We will go. They will see,” he said.", ["“We will go.", "They will see,” he said."]),
        ("He said: “The war is over.” Then he left.", ["He said: “The war is over.”", "Then he left."]),
        ("Is it over? Nobody knows! Wait...", ["Is it over?", "Nobody knows!", "Wait..."]),
        ("It cost $4.5 billion. Critics balked.", ["It cost $4.5 billion.", "Critics balked."]),
        ("First paragraph ends here\n\nSecond paragraph.", ["First paragraph ends here", "Second paragraph."]),
    ],
)
def test_sentences_split_news_text(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_sentences_offsets_point_into_the_text() -> None:
    text = "  Rockets hit Erbil.   Nobody was hurt.\n\nThe airport closed. "
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.index for s in split_sentences(text)] == [0, 1, 2]


def test_sentences_rule_splitter_meets_the_interface() -> None:
    assert isinstance(RuleSplitter(), SentenceSplitter)
