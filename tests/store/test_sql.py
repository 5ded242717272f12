from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from brinkwatch.extract import default_pipeline, extract
from brinkwatch.model import Certainty, Sentence
from brinkwatch.store import FeedState, SqlStore, StoryLink, open_store
from tests.store.builders import article, event

TEXT = "Israel is believed to have struck a depot near Erbil. Gunmen fired at a convoy on Sunday."


def own_story(article_id: str) -> StoryLink:
    return StoryLink(article_id)


def test_sql_article_round_trips_every_record(store: SqlStore) -> None:
    coded = article(TEXT, events=[event("ASSAULT", "ISRMIL", "IRQ", Certainty.SUSPECTED, when=date(2019, 6, 1))])
    assert store.add(coded, source_key="a.txt", link=lambda: own_story(coded.id)) == "added"
    assert store.get_article(coded.id) == coded


@pytest.mark.parametrize("offset", [timedelta(hours=3), timedelta(hours=-5), timedelta(0)])
def test_sql_datetimes_keep_their_instant(store: SqlStore, offset: timedelta) -> None:
    coded = article(TEXT, published=datetime(2019, 6, 2, 23, 30, tzinfo=timezone(offset)))
    store.add(coded, source_key="a.txt", link=lambda: own_story(coded.id))
    stored = store.get_article(coded.id)
    assert stored is not None and stored.published_at == coded.published_at
    assert stored.published_at is not None and stored.published_at.tzinfo is not None


def test_sql_adding_twice_changes_nothing(store: SqlStore) -> None:
    coded = article(TEXT, events=[event("ASSAULT", "ISR", "IRQ")])
    store.add(coded, source_key="a.txt", link=lambda: own_story(coded.id))
    before = store.counts()
    assert store.add(coded, source_key="a.txt", link=lambda: own_story(coded.id)) == "exists"
    assert store.counts() == before


def test_sql_exact_copy_from_another_source_is_a_sighting(store: SqlStore) -> None:
    coded = article(TEXT, events=[event("ASSAULT", "ISR", "IRQ")])
    store.add(coded, source_key="a.txt", link=lambda: own_story(coded.id))
    before = store.counts()

    def never() -> StoryLink:
        raise AssertionError("a known article must not be assigned a story again")

    assert store.add(coded, source_key="b.txt", link=never) == "exists"
    after = store.counts()
    assert after["sightings"] == before["sightings"] + 1
    assert {k: v for k, v in after.items() if k != "sightings"} == {k: v for k, v in before.items() if k != "sightings"}
    assert store.known_sources() == {"a.txt", "b.txt"}


def test_sql_article_commits_atomically(store: SqlStore) -> None:
    coded = article(TEXT, events=[event("ASSAULT", "ISR", "IRQ")])
    coded.sentences.append(Sentence(0, 0, 5, "again"))  # a second sentence 0 breaks the primary key
    with pytest.raises(IntegrityError):
        store.add(coded, source_key="a.txt", link=lambda: own_story(coded.id))
    assert all(count == 0 for count in store.counts().values())


def test_sql_failure_is_stored_and_cleared_by_success(store: SqlStore) -> None:
    store.add_failure("a.txt", "EmptyInputError", "a.txt: is empty")
    store.add_failure("a.txt", "EmptyInputError", "a.txt: is empty")
    assert [failure[:3] for failure in store.failures()] == [("a.txt", "EmptyInputError", "a.txt: is empty")]
    coded = article(TEXT)
    store.add(coded, source_key="a.txt", link=lambda: own_story(coded.id))
    assert store.failures() == []


def test_sql_copy_joins_the_story_of_its_original(store: SqlStore) -> None:
    first, copy = article(TEXT), article(TEXT + " Reporting by A. Reporter.")
    store.add(first, source_key="a", link=lambda: own_story(first.id), signature=b"\x01" * 8)
    linked = StoryLink(first.id, is_copy=True, similarity=0.9)
    store.add(copy, source_key="b", link=lambda: linked, signature=b"\x02" * 8)
    stored = store.get_article(copy.id)
    assert stored is not None and stored.story_id == first.id
    assert store.counts()["stories"] == 1
    assert {(s.article_id, s.story_id, s.values) for s in store.signatures()} == {
        (first.id, first.id, b"\x01" * 8),
        (copy.id, first.id, b"\x02" * 8),
    }
    stats = store.story_stats()[first.id]
    assert (stats.articles, stats.outlets) == (2, 1)


def test_sql_feed_state_round_trips(store: SqlStore) -> None:
    polled = datetime(2019, 6, 2, tzinfo=UTC)
    state = FeedState("http://127.0.0.1/feed", '"abc"', "Sun, 02 Jun 2019 10:00:00 GMT", polled, 200)
    assert store.feed_state(state.url) == FeedState(state.url)
    store.save_feed_state(state)
    store.save_feed_state(state)
    assert store.feed_state(state.url) == state


def test_sql_reopening_keeps_the_data(db_url: str) -> None:
    coded = article(TEXT)
    first = open_store(db_url)
    first.add(coded, source_key="a", link=lambda: own_story(coded.id))
    first.close()
    again = open_store(db_url)
    try:
        assert again.get_article(coded.id) == coded
    finally:
        again.close()


def test_sql_unknown_article_is_none(store: Any) -> None:
    assert store.get_article("0" * 16) is None


@pytest.mark.parametrize("sample", ["militia-strikes.txt", "ceasefire-talks.html"])
def test_sql_default_pipeline_output_round_trips(store: SqlStore, samples: Path, sample: str) -> None:
    """Whatever today's coding stages put on an article comes back out unchanged."""
    coded = extract(str(samples / sample), pipeline=default_pipeline(on_error="record"))
    store.add(coded, source_key=sample, link=lambda: own_story(coded.id))
    coded.story_id = coded.id
    assert store.get_article(coded.id) == coded
