from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Certainty
from brinkwatch.store import ArticleQuery, EventQuery, SqlStore, StoryLink, certainty_rank
from brinkwatch.store.query import code_prefix_range
from tests.store.builders import article, event

# The order the issue asks for, strongest first; threatened and future tie.
ORDER = ["asserted", "reported", "claimed", "alleged", "suspected", "denied", "threatened", "hypothetical", "negated"]


def test_query_certainty_order_is_the_documented_one() -> None:
    ranks = [certainty_rank(name) for name in ORDER]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
    assert certainty_rank("future") == certainty_rank("threatened")
    assert {c.value for c in Certainty} == {*ORDER, "future"}


def test_query_unknown_certainty_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="unknown certainty 'sure'"):
        certainty_rank("sure")


@pytest.fixture(scope="module")
def coded(module_store: SqlStore) -> SqlStore:
    """Three articles: an original with four events, a near-copy of it, and an unrelated one."""
    first = article(
        "Israeli jets struck a base. Iran denied it. Iraq was threatened. Talks went on.",
        events=[
            event("ASSAULT", "ISRMIL", "IRN", Certainty.REPORTED, when=date(2019, 5, 30)),
            event("ASSAULT", "IRNGOV", "ISR", Certainty.DENIED, when=date(2019, 6, 1)),
            event("THREATEN", "ISR", "IRQ", Certainty.THREATENED),
            event("CONSULT", "USA", "IRN", Certainty.ASSERTED, when=date(2018, 12, 31)),
        ],
    )
    copy = article(
        "Israeli jets struck a base. Iran denied it. Iraq was threatened. Talks went on. More.",
        events=[event("ASSAULT", "ISRMIL", "IRN", Certainty.REPORTED, when=date(2019, 5, 30))],
        outlet="Other Daily",
    )
    other = article(
        "Protesters marched in the capital.",
        events=[event("PROTEST", "IRQCVL", "IRQGOV", Certainty.ALLEGED)],
        published=datetime(2020, 1, 5, tzinfo=UTC),
    )
    store = module_store
    store.add(first, source_key="1", link=lambda: StoryLink(first.id))
    store.add(copy, source_key="2", link=lambda: StoryLink(first.id, is_copy=True, similarity=0.9))
    store.add(other, source_key="3", link=lambda: StoryLink(other.id))
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(), ["CONSULT", "ASSAULT", "ASSAULT", "THREATEN", "PROTEST"]),
        (EventQuery(actor="ISR"), ["ASSAULT", "THREATEN"]),
        (EventQuery(actor="isrmil"), ["ASSAULT"]),
        (EventQuery(actor="ISR", recipient="IRN", type="assault"), ["ASSAULT"]),
        (EventQuery(actor="IS"), ["ASSAULT", "THREATEN"]),
        (EventQuery(actor="ISS"), []),
        (EventQuery(actor="ISRMILX"), []),
        (EventQuery(actor="  "), ["CONSULT", "ASSAULT", "ASSAULT", "THREATEN", "PROTEST"]),
        (EventQuery(recipient="IR"), ["CONSULT", "ASSAULT", "THREATEN", "PROTEST"]),
        (EventQuery(recipient="IRQ"), ["THREATEN", "PROTEST"]),
        (EventQuery(since=date(2019, 1, 1)), ["ASSAULT", "ASSAULT", "THREATEN", "PROTEST"]),
        (EventQuery(since=date(2019, 1, 1), until=date(2019, 5, 31)), ["ASSAULT"]),
        (EventQuery(min_certainty="asserted"), ["CONSULT"]),
        (EventQuery(min_certainty=Certainty.REPORTED), ["CONSULT", "ASSAULT"]),
        (EventQuery(min_certainty="alleged"), ["CONSULT", "ASSAULT", "PROTEST"]),
        (EventQuery(min_certainty="future"), ["CONSULT", "ASSAULT", "ASSAULT", "THREATEN", "PROTEST"]),
        (EventQuery(include_copies=True, type="ASSAULT"), ["ASSAULT", "ASSAULT", "ASSAULT"]),
        (EventQuery(limit=2), ["CONSULT", "ASSAULT"]),
    ],
)
def test_query_events_filters(coded: SqlStore, query: EventQuery, expected: list[str]) -> None:
    assert [found.event.type for found in coded.events(query)] == expected


@pytest.mark.parametrize(
    ("code", "expected"), [("ISR", ("ISR", "ISS")), (" isrmil ", ("ISRMIL", "ISRMIM")), ("US9", ("US9", "US:"))]
)
def test_query_code_prefix_range_holds_exactly_the_codes_with_that_prefix(code: str, expected: tuple[str, str]) -> None:
    assert code_prefix_range(code) == expected
    low, high = expected
    for inside in [low, low + "GOV", low + "0", low + "ZZZ"]:
        assert low <= inside < high
    for outside in [low[:-1], high, low[:-1] + chr(ord(low[-1]) - 1) + "Z"]:
        assert not low <= outside < high


def test_query_code_prefix_range_refuses_an_empty_code() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        code_prefix_range(" ")


def test_query_event_date_falls_back_to_publication(coded: SqlStore) -> None:
    (threat,) = coded.events(EventQuery(type="THREATEN"))
    assert threat.event_date == date(2019, 6, 2) and threat.event.when is None


def test_query_events_carry_article_and_story(coded: SqlStore) -> None:
    found = list(coded.events(EventQuery(type="ASSAULT", include_copies=True, actor="ISR")))
    assert len({f.article_id for f in found}) == 2 and len({f.story_id for f in found}) == 1
    assert {f.outlet for f in found} == {"Levant Monitor", "Other Daily"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ArticleQuery(), 3),
        (ArticleQuery(include_copies=False), 2),
        (ArticleQuery(since=date(2020, 1, 1)), 1),
        (ArticleQuery(until=date(2019, 12, 31)), 2),
        (ArticleQuery(outlet="Other Daily"), 1),
        (ArticleQuery(with_errors=True), 3),
        (ArticleQuery(limit=1), 1),
    ],
)
def test_query_articles_filters(coded: SqlStore, query: ArticleQuery, expected: int) -> None:
    assert len(list(coded.articles(query))) == expected


def test_query_articles_report_copies_and_counts(coded: SqlStore) -> None:
    found = {f.article.outlet: f for f in coded.articles(ArticleQuery(outlet="Other Daily"))}
    copy = found["Other Daily"]
    assert copy.is_copy and copy.similarity == pytest.approx(0.9) and copy.events == 1 and copy.sightings == 1


def test_query_actor_counts_skip_copies(coded: SqlStore) -> None:
    counts = {a.code: (a.mentions, a.events_as_actor, a.events_as_recipient) for a in coded.actors()}
    assert counts["ISRMIL"] == (0, 1, 0)  # the copy's ASSAULT is not counted again
    assert counts["IRN"] == (0, 0, 2)
    assert counts["ISR"] == (2, 1, 1)  # mentioned in two original articles
    assert counts["IRNGOV"][0] == 0 and counts["IRNGOV"][1] == 1
