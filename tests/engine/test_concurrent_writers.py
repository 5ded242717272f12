"""Two ingests writing into one store at once still link near-copies across each other's articles."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from brinkwatch.engine.work import Outcome, process_item
from brinkwatch.engine.writer import Writer
from brinkwatch.intake.items import SourceItem
from brinkwatch.pipeline import Stage
from brinkwatch.store import SqlStore, open_store
from brinkwatch.store.schema import articles
from tests.engine.test_batch import story

PAIRS = 24


def no_stages() -> list[Stage]:
    return []  # intake and the signature are all a story link needs


def original(number: int) -> Outcome:
    return process_item(SourceItem(f"wire-{number}", "text", story(number)), no_stages)


def near_copy(number: int) -> Outcome:
    body = story(number).split("\n\n", 1)[1]
    text = f"Syndicated {number}\n\n{body}\nAdditional reporting by the capital desk.\n"
    return process_item(SourceItem(f"copy-{number}", "text", text), no_stages)


def copies(store: SqlStore) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).where(articles.c.is_copy)).scalar_one()


def test_concurrent_writers_see_what_the_other_stored_since_they_started(db_url: str) -> None:
    first, second = open_store(db_url), open_store(db_url)
    try:
        one, other = Writer(first), Writer(second)  # both read the (empty) store's signatures now
        assert one.write(original(1)) == "added"
        assert other.write(near_copy(1)) == "copy"  # the original came from the other writer
        assert other.write(original(2)) == "added"
        assert one.write(near_copy(2)) == "copy"
        assert first.counts()["stories"] == 2 and copies(first) == 2
    finally:
        first.close()
        second.close()


def test_concurrent_writers_at_once_count_each_story_once(db_url: str) -> None:
    """Two writers in threads, one storing originals and one their copies, interleaving as they go."""
    stores = [open_store(db_url), open_store(db_url)]
    batches = [[original(n) for n in range(PAIRS)], [near_copy(n) for n in range(PAIRS)]]
    writers = [Writer(store) for store in stores]
    errors: list[BaseException] = []

    def write_all(writer: Writer, outcomes: list[Outcome]) -> None:
        try:
            for outcome in outcomes:
                writer.write(outcome)
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=write_all, args=pair) for pair in zip(writers, batches, strict=True)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors and not any(thread.is_alive() for thread in threads)
        counts = stores[0].counts()
        assert counts["articles"] == 2 * PAIRS
        assert (counts["stories"], copies(stores[0])) == (PAIRS, PAIRS)  # each pair one story, one copy
    finally:
        for store in stores:
            store.close()
