"""The seed article's expected events (issue 4). Needs the trained language model; skips without one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from brinkwatch.coding.stages import code_article
from brinkwatch.errors import ConfigurationError
from brinkwatch.intake import read_article
from brinkwatch.language.parse import parse_article
from brinkwatch.language.sentences import split_sentences
from brinkwatch.model import Event


@pytest.fixture(scope="module")
def seed_events(shared: Path) -> list[Event]:
    article = read_article(str(shared / "samples" / "seed-article.txt"))
    article.published_at = article.published_at or datetime(2019, 8, 23, tzinfo=UTC)
    article.sentences = split_sentences(article.text)
    try:
        doc = parse_article(article)
    except ConfigurationError as exc:
        pytest.skip(f"no language model: {exc}")
    return code_article(article, doc).events


def _code(event: Event, side: str) -> str:
    mention = event.actor if side == "actor" else event.recipient
    return (mention.code or "") if mention else ""


EXPECTATIONS: dict[str, Callable[[Event], bool]] = {
    "unclaimed explosion against Iraqi militias": lambda e: (
        e.type == "ASSAULT" and _code(e, "actor") == "UNK" and _code(e, "recipient").startswith("IRQ")
    ),
    "Israel behind at least one strike": lambda e: e.type == "ASSAULT" and _code(e, "actor") == "ISR",
    "two Iranian commanders killed": lambda e: (
        e.type == "ASSAULT" and e.dead == 2 and _code(e, "recipient") == "IRNMIL"
    ),
    "Netanyahu threatens Iran": lambda e: (
        e.type == "THREATEN" and _code(e, "actor") == "ISRGOV" and _code(e, "recipient") == "IRN"
    ),
    "al-Muhandis blames the United States": lambda e: (
        e.type == "ACCUSE" and _code(e, "actor").startswith("IRQ") and _code(e, "recipient") == "USA"
    ),
    "al-Muhandis threatens the United States": lambda e: (
        e.type == "THREATEN" and _code(e, "actor").startswith("IRQ") and _code(e, "recipient") == "USA"
    ),
    "retaliation against US forces": lambda e: (
        e.trigger.lower().startswith("retaliat") and _code(e, "recipient").startswith("USA")
    ),
}


@pytest.mark.parametrize("name", list(EXPECTATIONS))
def test_seed_article_expected_event(seed_events: list[Event], name: str) -> None:
    assert any(EXPECTATIONS[name](event) for event in seed_events), name


def test_seed_article_no_event_from_the_kashmir_lines(seed_events: list[Event]) -> None:
    assert not [e for e in seed_events if e.evidence and "Kashmir" in e.evidence.sentence]
