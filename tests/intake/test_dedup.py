from __future__ import annotations

import pytest

from brinkwatch.intake.dedup import Deduplicator, exact_key, shingles, signature, similarity
from brinkwatch.store import Signature, StoryLink

STORY = (
    "Two rockets struck the military base near the border on Monday, wounding three soldiers, the army said. "
    "Officials blamed a militia group for the attack and promised a response within days. The group has not "
    "commented. Residents said they heard loud explosions before dawn and saw smoke rising over the hills."
)
OTHER = (
    "Trade ministers from both countries met in the capital to discuss tariffs on steel and grain. They agreed "
    "to meet again next month and to set up a working group on customs procedures, a statement said."
)


@pytest.mark.parametrize(
    "variant",
    [STORY.upper(), STORY.replace(" ", "  "), STORY.replace(". ", ".\n\n"), f"  {STORY}\n"],
)
def test_dedup_exact_key_ignores_case_and_spacing(variant: str) -> None:
    assert exact_key(variant) == exact_key(STORY)


def test_dedup_exact_key_separates_different_texts() -> None:
    assert exact_key(STORY) != exact_key(STORY.replace("three", "four"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", set()), ("One two", {"one two"}), ("A b c d e f", {"a b c d e", "b c d e f"})],
)
def test_dedup_shingles_are_five_word_windows(text: str, expected: set[str]) -> None:
    assert shingles(text) == expected


@pytest.mark.parametrize(
    ("copy", "is_copy"),
    [
        (f"BEIRUT (Wire) - {STORY} Reporting by a correspondent; editing by a desk.", True),
        (STORY.replace("Monday", "Tuesday").replace("three", "four"), True),
        (STORY.split(". ")[0] + ". " + OTHER, False),
        (OTHER, False),
    ],
)
def test_dedup_links_near_copies_to_the_first_story(copy: str, is_copy: bool) -> None:
    dedup = Deduplicator()
    dedup.add("first", "first", signature(STORY))
    link = dedup.link("second", signature(copy))
    assert link.is_copy is is_copy
    assert link.story_id == ("first" if is_copy else "second")


def test_dedup_copy_of_a_copy_stays_in_the_first_story() -> None:
    dedup = Deduplicator()
    dedup.add("first", "first", signature(STORY))
    rewrite = STORY + " A spokesman later confirmed the figures."
    link = dedup.link("second", signature(rewrite))
    dedup.add("second", link.story_id, signature(rewrite))
    third = dedup.link("third", signature(rewrite + " More reporting followed."))
    assert third == StoryLink("first", is_copy=True, similarity=third.similarity)


def test_dedup_similarity_estimates_jaccard() -> None:
    assert similarity(signature(STORY), signature(STORY)) == 1.0
    assert similarity(signature(STORY), signature(OTHER)) < 0.1


def test_dedup_loads_stored_signatures_and_ignores_repeats() -> None:
    dedup = Deduplicator()
    stored = [Signature("a", "a", signature(STORY)), Signature("b", "a", signature(STORY + " More."))]
    dedup.load(stored)
    dedup.load(stored)
    assert len(dedup) == 2
    assert dedup.link("c", signature(STORY)).story_id == "a"


def test_dedup_article_without_signature_starts_its_own_story() -> None:
    dedup = Deduplicator()
    dedup.add("a", "a", signature(STORY))
    assert dedup.link("b", None) == StoryLink("b")
