from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from brinkwatch.errors import EmptyInputError
from brinkwatch.intake import read_article
from brinkwatch.intake.plaintext import article_id, parse_plain_text
from brinkwatch.intake.syndication import match_dateline, match_syndication_line
from brinkwatch.model import RemovedReason
from brinkwatch.serialize import to_dict
from tests.conftest import GOLDEN


def _sentences_of(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?”])\s+", text) if s.strip()]


def test_plaintext_seed_article_keeps_the_story_and_drops_the_related_lines(shared: Path) -> None:
    raw = (shared / "samples" / "seed-article.txt").read_text(encoding="utf-8")
    article = read_article(str(shared / "samples" / "seed-article.txt"))
    related = [r.text for r in article.removed if r.reason is RemovedReason.RELATED_HEADLINE]
    assert len(related) == 2 and all("Kashmir" in line for line in related)
    assert "Kashmir" not in article.text
    assert article.original_outlet == "Business Insider"
    assert any(r.reason is RemovedReason.SYNDICATION for r in article.removed)
    story_lines = [
        line.strip().lstrip("•").strip()
        for line in raw.splitlines()[1:]
        if line.strip() and line.strip() not in related and not line.startswith("Original story at")
    ]
    body = " ".join(article.text.split())
    for line in story_lines:
        for sentence in _sentences_of(line):
            assert " ".join(sentence.split()) in body, f"lost from the story: {sentence[:60]}"


@pytest.mark.parametrize("name", ["militia-strikes.txt", "ceasefire-talks.html"])
def test_plaintext_own_samples_match_golden(samples: Path, name: str) -> None:
    from brinkwatch.extract import extract

    record = to_dict(extract(str(samples / name)))
    record.pop("fetched_at")
    record.pop("source")
    golden = GOLDEN / f"{name}.json"
    assert record == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("Original story at: Business Insider", "Business Insider"),
        ("This article originally appeared on The Conversation.", "The Conversation"),
        ("This story first appeared in Foreign Policy", "Foreign Policy"),
        ("Originally published by Middle East Eye", "Middle East Eye"),
        ("Republished with permission from War on the Rocks.", "War on the Rocks"),
        ("Reprinted with permission of Al-Monitor", "Al-Monitor"),
        ("— AP", "Associated Press"),
        ("-- Reuters", "Reuters"),
        ("Source: AFP", "Agence France-Presse"),
    ],
)
def test_syndication_lines_name_the_original_outlet(line: str, outlet: str) -> None:
    assert match_syndication_line(line) == outlet


@pytest.mark.parametrize(
    "line",
    [
        "The original story was different.",
        "— and then the shelling resumed near the border, witnesses said, for the third night running",
        "Israel first appeared to deny the report.",
    ],
)
def test_syndication_ordinary_sentences_are_not_syndication_lines(line: str) -> None:
    assert match_syndication_line(line) is None


@pytest.mark.parametrize(
    ("paragraph", "place", "agency"),
    [
        ("BAGHDAD (Reuters) - Rockets hit the base.", "BAGHDAD", "Reuters"),
        ("WASHINGTON, Jan. 5 (AP) — Officials met.", "WASHINGTON", "Associated Press"),
        ("BEIRUT — AP — Protesters gathered.", "BEIRUT", "Associated Press"),
        ("(Reuters) - Oil prices rose.", None, "Reuters"),
        ("KABUL, Afghanistan — A blast hit the city.", "KABUL, Afghanistan", None),
    ],
)
def test_datelines_give_place_and_agency(paragraph: str, place: str | None, agency: str | None) -> None:
    found = match_dateline(paragraph)
    assert found is not None and (found.place, found.agency) == (place, agency)


def test_plaintext_wire_dateline_sets_original_outlet_and_leaves_the_sentence() -> None:
    article = parse_plain_text("Rockets Hit Base\n\nBAGHDAD (Reuters) - Rockets hit a base north of the city.")
    assert article.dateline == "BAGHDAD" and article.original_outlet == "Reuters"
    assert article.text == "Rockets hit a base north of the city."


def test_plaintext_story_subheading_sharing_vocabulary_is_kept() -> None:
    raw = (
        "Militias Vow Revenge\n\nMilitia leaders in Basra vowed revenge after the strikes on their depots.\n\n"
        "Depot Strikes Spread South\n\nThe strikes on militia depots spread to Basra on Sunday, officials said."
    )
    article = parse_plain_text(raw)
    assert "Depot Strikes Spread South" in article.text
    assert not article.removed


def test_plaintext_wrapped_lines_join_into_one_paragraph() -> None:
    article = parse_plain_text("Title Here\n\nThe minister said on Sunday that the talks\nwould resume in Geneva.")
    assert article.text == "The minister said on Sunday that the talks would resume in Geneva."


def test_plaintext_wikinews_style_date_line_sets_published_at() -> None:
    article = parse_plain_text("Friday, January 4, 2019\n\n\nAn apartment block collapsed in the city.", title="X")
    assert article.published_at is not None and article.published_at.date().isoformat() == "2019-01-04"
    assert article.text == "An apartment block collapsed in the city."


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Advertisement", RemovedReason.ADVERT),
        ("Share this article", RemovedReason.NAVIGATION),
        ("Read more: Talks collapse in Vienna", RemovedReason.RELATED_HEADLINE),
    ],
)
def test_plaintext_boilerplate_lines_are_removed_with_reason(line: str, reason: RemovedReason) -> None:
    article = parse_plain_text(f"Title\n\nThe army withdrew from the town.\n\n{line}\n\nTalks resumed later.")
    assert [(r.text, r.reason) for r in article.removed] == [(line, reason)]


def test_plaintext_article_id_ignores_case_and_spacing() -> None:
    assert article_id("Rockets  hit\nthe base.") == article_id("rockets hit the base.")


def test_plaintext_wire_agency_is_kept_beside_a_syndication_line() -> None:
    article = parse_plain_text(
        "Rockets Hit Base\n\nBAGHDAD (Reuters) - Rockets hit a base.\n\n"
        "This article originally appeared on Gulf Ledger."
    )
    assert (article.original_outlet, article.agency) == ("Gulf Ledger", "Reuters")


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("Rockets hit the base near Erbil on Sunday", "only a title line"),
        ("Strike on Erbil\n\nBy Dana Whitfield\n\nJanuary 4, 2019", "only a title line"),
        ("Advertisement\n\nSkip to main content", "no article text"),
    ],
)
def test_plaintext_no_text_is_a_failure_not_an_empty_article(raw: str, why: str) -> None:
    """An empty article would take the id of the empty string, and the next one would be its 'exact copy'."""
    with pytest.raises(EmptyInputError, match=why):
        parse_plain_text(raw, source="one.txt")
