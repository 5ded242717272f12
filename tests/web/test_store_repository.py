from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from brinkwatch.api import create_app
from brinkwatch.store import SqlStore, StoryLink, open_store
from brinkwatch.web.repository import EventQuery
from brinkwatch.web.store_repository import StoreRepository
from tests.web.conftest import TOKEN, build_analysis, build_articles, fill_store


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
    with TestClient(app) as client:
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
