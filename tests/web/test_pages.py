from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from brinkwatch.web.pages import STATIC
from tests.web.conftest import BASE_URL

PAGES = ["/", "/events/a1-0", "/articles/a1", "/articles", "/dyads/USAMIL/IRQMIL", "/alerts", "/network", "/map"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_local_assets_only(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', response.text)
    assets = [s for s in sources if s.endswith((".js", ".css", ".svg"))]
    assert assets and all(s.startswith(f"{BASE_URL}/static/") or s.startswith("/static/") for s in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200


def test_pages_static_files_reference_nothing_remote() -> None:
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), path.name


@pytest.mark.parametrize(
    ("query", "shown"),
    [("", 5), ("?actor=USA", 2), ("?type=ACCUSE", 1), ("?min_certainty=reported&actor=USA", 1), ("?limit=2", 2)],
)
def test_pages_feed_filters(client: TestClient, query: str, shown: int) -> None:
    html = client.get("/" + query).text
    assert html.count('class="event-card"') == shown


def test_pages_feed_pages_forward_with_the_filters_kept(client: TestClient) -> None:
    html = client.get("/?actor=USA&limit=1").text
    assert 'href="/?actor=USA&amp;limit=1&amp;offset=1" rel="next"' in html
    assert 'rel="prev"' not in html


def test_pages_event_marks_the_evidence(client: TestClient) -> None:
    html = client.get("/events/a1-0").text
    for role, text in [("actor", "US forces"), ("trigger", "struck"), ("recipient", "the militia"), ("place", "Qaim")]:
        assert f'<mark class="{role}" title="{role}">{text}</mark>' in html
    assert "an American official" in html and "Valley Courier" in html
    assert 'href="/dyads/USAMIL/IRQMIL"' in html


def test_pages_dyad_embeds_its_series_and_alerts(client: TestClient) -> None:
    html = client.get("/dyads/USAMIL/IRQMIL").text
    data = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert len(data["series"]) == 12 and data["alerts"][0]["event_ids"] == ["a1-0", "a2-0"]
    assert 'href="/events/a1-0"' in html


def test_pages_article_links_triggers_to_events(client: TestClient) -> None:
    html = client.get("/articles/a1").text
    assert '<a class="mark trigger" href="/events/a1-0" title="ASSAULT">struck</a>' in html
    assert '<mark class="mention" title="USAMIL">US forces</mark>' in html


@pytest.mark.parametrize("path", ["/events/missing", "/articles/missing"])
def test_pages_missing_records_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("query", "target"),
    [("?actor=USA&recipient=&type=", "/?actor=USA"), ("?actor=&since=", "/"), ("?sort=date&type=", "/?sort=date")],
)
def test_pages_blank_form_fields_redirect_to_a_clean_url(client: TestClient, query: str, target: str) -> None:
    response = client.get("/" + query, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == target


@pytest.mark.parametrize(
    ("query", "window", "pairs"),
    [("", "2023-12-12 to 2024-03-10", 4), ("?since=2024-03-01", None, 2), ("?until=2024-02-28", None, 2)],
)
def test_pages_network_defaults_to_the_newest_90_days(
    client: TestClient, query: str, window: str | None, pairs: int
) -> None:
    html = client.get("/network" + query).text
    links = json.loads(re.search(r'id="network-data">(.*?)</script>', html, re.S)[1])  # type: ignore[index]
    assert len(links) == pairs
    if window is None:
        assert 'id="network-window"' not in html
    else:
        assert window in html and 'value="2023-12-12"' in html


def test_pages_alerts_show_their_evidence_inline(client: TestClient) -> None:
    """Each alert lists the sentences of its strongest driving events, linked, not just a count."""
    html = client.get("/alerts").text
    card = html.split('class="event-card alert-card"')[1]
    assert 'href="/dyads/USAMIL/IRQMIL"' in card
    assert '<a href="/events/a1-0">ASSAULT</a>' in card and '<a href="/events/a2-0">ASSAULT</a>' in card
    assert "US forces struck" in card
