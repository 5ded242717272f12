from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from brinkwatch.api import create_app
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Article
from brinkwatch.serialize import from_dict
from brinkwatch.web.coder import MAX_TEXT_CHARS
from brinkwatch.web.memory import MemoryRepository
from tests.web.conftest import BASE_URL, TOKEN, build_articles

ALL = ["a1-0", "a1-1", "a2-0", "a3-0", "a3-1"]


def _ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/events", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"actor": "USA"}, ["a1-0", "a2-0"]),  # prefix: USA finds USAMIL
        ({"actor": "usamil"}, ["a1-0", "a2-0"]),
        ({"recipient": "USA"}, ["a1-1", "a3-0"]),
        ({"type": "ASSAULT"}, ["a1-0", "a2-0"]),
        ({"min_certainty": "reported"}, ["a1-0", "a3-0", "a3-1"]),
        ({"min_certainty": "threatened"}, ALL),
        ({"since": "2024-03-01"}, ["a1-0", "a1-1", "a2-0"]),
        ({"until": "2024-02-28"}, ["a3-0", "a3-1"]),
        ({"located": "true"}, ["a1-0", "a2-0", "a3-0"]),
        ({"article_id": "a3"}, ["a3-0", "a3-1"]),
        ({"actor": "USA", "min_certainty": "reported"}, ["a1-0"]),
        ({"actor": "ISR", "recipient": "IRN", "type": "ACCUSE"}, ["a3-1"]),
    ],
)
def test_api_events_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    assert sorted(_ids(client, **params)) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("date", ["a3-0", "a3-1", "a1-0", "a1-1", "a2-0"]),
        ("-date", ["a2-0", "a1-1", "a1-0", "a3-1", "a3-0"]),
        ("goldstein", ["a1-0", "a2-0", "a1-1", "a3-1", "a3-0"]),
        ("certainty", ["a3-0", "a3-1", "a1-0", "a2-0", "a1-1"]),
        ("-certainty", ["a1-1", "a2-0", "a1-0", "a3-1", "a3-0"]),
    ],
)
def test_api_events_sorting(client: TestClient, sort: str, expected: list[str]) -> None:
    assert _ids(client, sort=sort) == expected


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_api_events_pages_cover_every_event_once(client: TestClient, limit: int) -> None:
    seen: list[str] = []
    for offset in range(0, 6, limit):
        body = client.get("/api/events", params={"limit": limit, "offset": offset, "sort": "date"}).json()
        assert body["total"] == 5 and body["limit"] == limit and body["offset"] == offset
        seen += [item["id"] for item in body["items"]]
    assert seen == _ids(client, sort="date")


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/events", {"limit": 0}, "limit"),
        ("/api/events", {"limit": 501}, "limit"),
        ("/api/events", {"offset": -1}, "offset"),
        ("/api/events", {"actor": "IS R"}, "actor"),
        ("/api/events", {"type": "EXPLODE"}, "type"),
        ("/api/events", {"since": "last week"}, "since"),
        ("/api/events", {"min_certainty": "sure"}, "min_certainty"),
        ("/api/events", {"sort": "random"}, "sort"),
        ("/api/alerts", {"until": "2024-13-01"}, "until"),
        ("/api/articles", {"limit": "many"}, "limit"),
    ],
)
def test_api_bad_parameters_are_problems(client: TestClient, path: str, params: dict[str, Any], field: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422 and field in body["detail"]
    assert any(error["loc"][-1] == field for error in body["errors"])


@pytest.mark.parametrize(
    "path", ["/api/events/nope", "/api/articles/nope", "/api/actors/NOPE", "/api/stories/nope", "/api/no-such-route"]
)
def test_api_missing_records_are_404_problems(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["instance"] == path
    if path != "/api/no-such-route":  # a missing record's problem says where to list the others
        assert "/api/" + path.split("/")[2] in response.json()["detail"]


def test_api_event_detail_has_highlights_chain_and_reports(client: TestClient) -> None:
    body = client.get("/api/events/a1-0").json()
    marked = {segment["role"]: segment["text"] for segment in body["sentence"] if segment["role"]}
    assert marked == {"actor": "US forces", "trigger": "struck", "recipient": "the militia", "place": "Qaim"}
    assert "".join(segment["text"] for segment in body["sentence"]) == body["record"]["event"]["evidence"]["sentence"]
    chain = body["record"]["event"]["claim"]["chain"]
    assert [link["name"] for link in chain] == ["Harbour Times", "an American official"]
    assert [report["id"] for report in body["reports"]] == ["a1-0", "a2-0"]
    assert body["independent_sources"] == 2 and body["fused"]["weakest_certainty"] == "claimed"


def test_api_event_without_fusion_is_its_own_only_report(client: TestClient) -> None:
    body = client.get("/api/events/a3-1").json()
    assert body["fused"] is None and [r["id"] for r in body["reports"]] == ["a3-1"]
    assert body["independent_sources"] == 1


@pytest.mark.parametrize("article", build_articles(), ids=lambda a: a.id)
def test_api_article_round_trips_the_record(client: TestClient, article: Article) -> None:
    assert from_dict(Article, client.get(f"/api/articles/{article.id}").json()) == article


def test_api_articles_list_newest_first_without_text(client: TestClient) -> None:
    body = client.get("/api/articles").json()
    assert [a["id"] for a in body["items"]] == ["a2", "a1", "a3"]
    assert "text" not in body["items"][0] and body["items"][1]["events"] == 2


@pytest.mark.parametrize(
    ("params", "expected"), [({"outlet": "Capital Wire"}, ["a3"]), ({"since": "2024-03-11"}, ["a2"])]
)
def test_api_articles_filters(client: TestClient, params: dict[str, str], expected: list[str]) -> None:
    assert [a["id"] for a in client.get("/api/articles", params=params).json()["items"]] == expected


def test_api_actors_count_roles(client: TestClient) -> None:
    actors = {a["code"]: a for a in client.get("/api/actors").json()["items"]}
    assert (actors["USAMIL"]["events_as_actor"], actors["USAMIL"]["events_as_recipient"]) == (2, 1)
    assert client.get("/api/actors/IRN").json()["events_as_recipient"] == 1


def test_api_network_counts_directed_pairs(client: TestClient) -> None:
    links = {(link["actor"], link["recipient"]): link for link in client.get("/api/network").json()}
    assert links[("USAMIL", "IRQMIL")]["events"] == 2
    assert links[("USAMIL", "IRQMIL")]["counts_by_quad"] == {"4": 2}
    assert set(links) == {("USAMIL", "IRQMIL"), ("IRQMIL", "USAMIL"), ("IRNGOV", "USA"), ("ISR", "IRN")}
    assert len(client.get("/api/network", params={"type": "ACCUSE"}).json()) == 1


def test_api_stories_group_articles(client: TestClient) -> None:
    assert client.get("/api/stories").json()["total"] == 3
    assert client.get("/api/stories/s1").json()["article_ids"] == ["a1"]


@pytest.mark.parametrize(("since", "days"), [(None, 12), ("2024-03-01", 6), ("2024-03-10", 1)])
def test_api_dyad_series_by_date(client: TestClient, since: str | None, days: int) -> None:
    params = {"since": since} if since else {}
    series = client.get("/api/dyads/USAMIL/IRQMIL/series", params=params).json()
    assert len(series) == days
    assert [d["day"] for d in series] == sorted(d["day"] for d in series)


@pytest.mark.parametrize(("params", "count"), [({}, 1), ({"actor": "USA"}, 1), ({"actor": "IRN"}, 0)])
def test_api_alerts_filter(client: TestClient, params: dict[str, str], count: int) -> None:
    assert len(client.get("/api/alerts", params=params).json()) == count


def test_api_health_reports_read_only(client: TestClient) -> None:
    assert client.get("/api/health").json()["read_only"] is True


def test_api_openapi_documents_every_api_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    api_paths = {route for route in spec["paths"] if route.startswith("/api/")}
    assert {"/api/events", "/api/events/{event_id}", "/api/extract", "/api/alerts", "/api/network"} <= api_paths
    assert not any(not path.startswith("/api/") for path in spec["paths"])  # pages stay out of the spec


def test_api_writable_app_needs_a_token() -> None:
    with pytest.raises(ConfigurationError, match="API token"):
        create_app(MemoryRepository(), read_only=False)


EXTRACT = {"text": "Talks resume\n\nEnvoys met in Geneva on Monday to discuss a truce.", "outlet": "Test Post"}


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": "Basic " + TOKEN}, 401)],
)
def test_api_extract_refuses_without_the_token(
    writable_client: TestClient, headers: dict[str, str], status: int
) -> None:
    response = writable_client.post("/api/extract", json=EXTRACT, headers=headers)
    assert response.status_code == status and response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_extract_is_refused_on_a_read_only_server(client: TestClient) -> None:
    response = client.post("/api/extract", json=EXTRACT, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and response.json()["title"] == "Read-only server"


@pytest.mark.parametrize("store", [True, False])
def test_api_extract_codes_and_stores_an_article(writable_client: TestClient, store: bool) -> None:
    response = writable_client.post(
        "/api/extract", json={**EXTRACT, "store": store}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 200, response.text
    article = response.json()
    assert article["outlet"] == "Test Post" and article["title"] == "Talks resume"
    assert [s["text"] for s in article["sentences"]] == ["Envoys met in Geneva on Monday to discuss a truce."]
    stored = writable_client.get(f"/api/articles/{article['id']}")
    assert stored.status_code == (200 if store else 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"outlet": "x"}, "text"),
        ([1, 2], "body"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, f"text: String should have at most {MAX_TEXT_CHARS} characters"),
    ],
)
def test_api_extract_rejects_bad_bodies(writable_client: TestClient, body: Any, field: str) -> None:
    response = writable_client.post("/api/extract", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 422 and field in response.json()["detail"]


@pytest.mark.parametrize("chunked", [False, True])
def test_api_body_over_the_limit_is_a_413_problem(chunked: bool) -> None:
    app = create_app(MemoryRepository(), api_token=TOKEN, read_only=False, max_body_bytes=1000)
    payload = b'{"text": "' + b"x" * 2000 + b'"}'
    content: Any = iter([payload[:700], payload[700:]]) if chunked else payload
    with TestClient(app, base_url=BASE_URL) as client:
        response = client.post(
            "/api/extract",
            content=content,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert "1000 bytes" in response.json()["detail"]


def test_api_extract_one_line_is_the_text_and_blank_is_refused(writable_client: TestClient) -> None:
    """The caller sends the article's text: one line is a one-sentence article (intake would take a lone
    line in a file for a headline without its story), and a blank text is refused by the schema."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    body = {"text": "Rockets hit the base near Erbil on Sunday", "store": False}
    response = writable_client.post("/api/extract", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["text"] == "Rockets hit the base near Erbil on Sunday" and response.json()["title"] is None
    assert (
        writable_client.post("/api/extract", json={"text": " \n ", "store": False}, headers=headers).status_code == 422
    )
