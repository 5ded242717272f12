"""What an attacker on the network or in the data tries: hostile links, open redirects, other Host names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from brinkwatch.api import create_app
from brinkwatch.store import StoryLink, open_store
from brinkwatch.web.memory import MemoryRepository
from brinkwatch.web.store_repository import StoreRepository
from tests.web.conftest import BASE_URL, TOKEN, build_articles, build_repository

HOSTILE = "javascript:alert(document.cookie)"


@pytest.fixture(params=["memory", "sqlite"])
def hostile_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    """Article a1 carries a javascript: address, as a store written before intake refused them can."""
    articles = build_articles()
    articles[0].url = HOSTILE
    articles[0].title = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    if request.param == "memory":
        yield create_app(MemoryRepository(articles))
        return
    store = open_store(tmp_path / "hostile.db")
    for article in articles:
        store.add(article, source_key=article.id, link=lambda a=article: StoryLink(a.story_id or a.id))  # type: ignore[misc]
    yield create_app(StoreRepository(store))
    store.close()


@pytest.mark.parametrize("path", ["/articles/a1", "/events/a1-0"])
def test_security_hostile_article_address_is_text_not_a_link(hostile_app: FastAPI, path: str) -> None:
    with TestClient(hostile_app, base_url=BASE_URL) as client:
        html = client.get(path).text
    assert "javascript:" in html  # shown, so a reader sees what the source said
    assert 'href="javascript:' not in html.replace("&#34;", '"') and "href=javascript" not in html
    assert "<script>alert" not in html and "<img src=x" not in html  # markup in the data is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_security_web_addresses_stay_links(client: TestClient) -> None:
    assert 'href="https://news.example/a1" rel="noreferrer"' in client.get("/articles/a1").text


def test_security_extract_keeps_an_address_that_is_not_http_as_a_note(writable_client: TestClient) -> None:
    for url in [HOSTILE, "data:text/html,<b>x</b>", "//evil.example/x", "ftp://e.org/x"]:
        response = writable_client.post(
            "/api/extract",
            json={"text": f"Envoys met in Geneva about {url}.", "url": url},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        article = response.json()
        assert response.status_code == 200 and article["url"] is None
        assert any(e["stage"] == "intake" and url in e["message"] for e in article["errors"])
        page = writable_client.get(f"/articles/{article['id']}").text
        assert f'href="{url}' not in page


EXPECTED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def _check_headers(headers: Any) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert headers.get(name) == value, name
    policy = headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


HEADER_PATHS = ["/", "/articles/a1", "/events/a1-0", "/network", "/api/events", "/api/openapi.json"]
ERROR_PATHS = ["/missing", "/api/events?limit=0", "/events/missing", "/?actor="]


@pytest.mark.parametrize("path", [*HEADER_PATHS, "/static/style.css", *ERROR_PATHS])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    _check_headers(client.get(path, follow_redirects=False).headers)


def test_security_headers_on_errors_outside_the_routes() -> None:
    class Broken(MemoryRepository):
        def events(self, query: Any) -> Any:
            raise RuntimeError("a bug")

    app = create_app(Broken(), api_token=TOKEN, read_only=False, max_body_bytes=100)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        broken = client.get("/api/events")
        too_large = client.post("/api/extract", content=b"x" * 200, headers={"Content-Type": "application/json"})
        wrong_host = client.get("/api/health", headers={"Host": "evil.example"})
    assert (broken.status_code, too_large.status_code, wrong_host.status_code) == (500, 413, 400)
    for response in (broken, too_large, wrong_host):
        _check_headers(response.headers)


@pytest.mark.parametrize(
    "path",
    ["//evil.example/x", "///evil.example/x", "/\\evil.example/x", "/%2F%2Fevil.example/x", "/%5C%5Cevil.example"],
)
def test_security_blank_filter_redirect_stays_on_this_server(client: TestClient, path: str) -> None:
    response = client.get(BASE_URL + path + "?actor=&type=ASSAULT", follow_redirects=False)
    assert response.status_code in (303, 404)
    if response.status_code == 303:
        location = response.headers["location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\", "/%5C"))
        assert urlsplit(urljoin(BASE_URL + "/", location)).netloc == urlsplit(BASE_URL).netloc
        assert location.endswith("?type=ASSAULT")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil"])
def test_security_other_host_names_are_refused(client: TestClient, host: str) -> None:
    response = client.get("/api/health", headers={"Host": host})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert repr(host.rsplit(":", 1)[0]) in detail and "--allowed-host" in detail


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"])
def test_security_loopback_host_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/health", headers={"Host": host}).status_code == 200


def test_security_allowed_hosts_are_answered_besides_loopback() -> None:
    app = create_app(build_repository(), allowed_hosts=["dash.example.lan", "192.168.1.5"])
    with TestClient(app, base_url="http://dash.example.lan:8000") as client:
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/health", headers={"Host": "192.168.1.5:8000"}).status_code == 200
        assert client.get("/api/health", headers={"Host": "localhost"}).status_code == 200
        assert client.get("/api/health", headers={"Host": "other.example.lan"}).status_code == 400


def test_security_any_host_only_when_asked() -> None:
    with TestClient(create_app(build_repository(), allowed_hosts=["*"]), base_url="http://anything.test") as client:
        assert client.get("/api/health").status_code == 200
