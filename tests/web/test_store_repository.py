from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from brinkwatch.api import create_app
from brinkwatch.store import SqlStore, StoryLink, open_store
from brinkwatch.web.memory import MemoryRepository
from brinkwatch.web.repository import EventQuery, EventSort
from brinkwatch.web.store_repository import StoreRepository
from tests.web.conftest import BASE_URL, TOKEN, build_analysis, build_articles, build_repository, fill_store


@pytest.fixture()
def store(db_url: str) -> Iterator[SqlStore]:
    opened = open_store(db_url)
    fill_store(opened)
    yield opened
    opened.close()


def test_store_repository_leaves_copies_out_of_lists_but_opens_them(store: SqlStore) -> None:
    original = build_articles()[0]
    copy = replace(original, id="a1copy", outlet="Mirror Daily", events=list(original.events))
    store.add(copy, source_key="copy", link=lambda: StoryLink("s1", is_copy=True, similarity=0.95))
    repository = StoreRepository(store, build_analysis())
    listed = [record.id for record in repository.events(EventQuery(limit=500)).items]
    assert "a1copy-0" not in listed and len(listed) == 5
    opened = repository.event("a1copy-0")
    assert opened is not None and opened.outlet == "Mirror Daily"
    story = repository.story("s1")
    assert story is not None and story.article_ids == ["a1", "a1copy"]


def test_store_repository_keeps_articles_coded_through_the_api(store: SqlStore) -> None:
    app = create_app(StoreRepository(store), api_token=TOKEN, read_only=False)
    with TestClient(app, base_url=BASE_URL) as client:
        response = client.post(
            "/api/extract",
            json={"text": "Ports reopen\n\nThe two governments agreed to reopen the ports.", "outlet": "Bay News"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 200, response.text
        article_id = response.json()["id"]
        stored = client.get(f"/api/articles/{article_id}").json()
    assert stored["outlet"] == "Bay News" and stored["story_id"] == article_id
    assert store.get_article(article_id) is not None


@pytest.mark.parametrize(("cap", "total", "exact"), [(2, 2, False), (5, 5, True), (100, 5, True)])
def test_store_repository_stops_counting_at_the_cap(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch, cap: int, total: int, exact: bool
) -> None:
    monkeypatch.setattr("brinkwatch.web.store_repository.COUNT_CAP", cap)
    page = StoreRepository(store).events(EventQuery(limit=1))
    assert (page.total, page.total_exact, len(page.items)) == (total, exact, 1)


@pytest.mark.parametrize("sort", [EventSort.GOLDSTEIN, EventSort.GOLDSTEIN_DESC])
@pytest.mark.parametrize("limit", [1, 2, 3, 4, 7])
def test_store_repository_sorts_unknown_goldstein_last_on_every_page(
    store: SqlStore, sort: EventSort, limit: int
) -> None:
    extra = replace(build_articles()[2], id="a4", events=[])
    extra.events = [replace(e, goldstein=None) for e in build_articles()[2].events]
    store.add(extra, source_key="a4", link=lambda: StoryLink("s4"))
    memory = build_repository()
    memory_extra = MemoryRepository([*build_articles(), extra])
    repository = StoreRepository(store)
    pages = [
        repository.events(EventQuery(sort=sort, limit=limit, offset=offset)).items for offset in range(0, 10, limit)
    ]
    ids = [record.id for page in pages for record in page]
    expected = [record.id for record in memory_extra.events(EventQuery(sort=sort, limit=500)).items]
    known = [record.id for record in memory.events(EventQuery(sort=sort, limit=500)).items]
    # Every event exactly once, the five with a Goldstein value in order, then the two without, by id.
    unknown = ["a4-0", "a4-1"] if sort is EventSort.GOLDSTEIN else ["a4-1", "a4-0"]
    assert ids == expected == known + unknown


@pytest.mark.parametrize(
    ("actor", "walks_date_index"),
    [("USA", True), ("ISR", False)],  # 2 of 5 events reach sqrt(1 x 5) for a page of one; 1 does not
)
@pytest.mark.parametrize("sort", [EventSort.DATE, EventSort.DATE_DESC, EventSort.CERTAINTY])
def test_store_repository_keeps_a_broad_filter_off_its_index_in_sqlite(
    store: SqlStore, actor: str, walks_date_index: bool, sort: EventSort
) -> None:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        pages = [StoreRepository(store).events(EventQuery(actor=actor, sort=sort, limit=1, offset=o)) for o in range(3)]
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    expected = build_repository().events(EventQuery(actor=actor, sort=sort, limit=500)).items
    assert [record.id for page in pages for record in page.items] == [record.id for record in expected]
    hidden = any("+events.actor_code" in statement for statement in statements)
    assert hidden == (walks_date_index and store.engine.dialect.name == "sqlite")
