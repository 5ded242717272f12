"""Requests that used to cost a full scan or a 500: the network without a filter, huge offsets, lax dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from brinkwatch.api import create_app
from brinkwatch.web.memory import MemoryRepository
from brinkwatch.web.repository import DyadLink, EventQuery
from tests.web.conftest import BASE_URL, build_articles


class Recording(MemoryRepository):
    """Remembers the network queries it was asked, to see what the API bounds them to."""

    def __init__(self) -> None:
        super().__init__(build_articles())
        self.asked: list[EventQuery] = []

    def network(self, query: EventQuery) -> list[DyadLink]:
        self.asked.append(query)
        return super().network(query)


@pytest.mark.parametrize(
    ("params", "window"),
    [
        ({}, (date(2023, 12, 12), date(2024, 3, 10))),  # the newest 90 days, as on the page
        ({"actor": "USA"}, (date(2023, 12, 12), date(2024, 3, 10))),  # a filter alone still scans it all
        ({"since": "2024-03-01"}, (date(2024, 3, 1), None)),
        ({"until": "2024-02-28"}, (None, date(2024, 2, 28))),
    ],
)
def test_bounds_network_defaults_to_the_newest_90_days(
    params: dict[str, str], window: tuple[date | None, date | None]
) -> None:
    repository = Recording()
    with TestClient(create_app(repository), base_url=BASE_URL) as client:
        assert client.get("/api/network", params=params).status_code == 200
    (query,) = repository.asked
    assert (query.since, query.until) == window


def test_bounds_network_window_is_said_in_a_header(client: TestClient) -> None:
    response = client.get("/api/network")
    assert response.headers["x-brinkwatch-window"] == "2023-12-12/2024-03-10"
    assert "x-brinkwatch-window" not in client.get("/api/network", params={"since": "2024-01-01"}).headers


@pytest.mark.parametrize("offset", ["1000001", str(2**63), "99999999999999999999999"])
def test_bounds_huge_article_page_offset_is_a_422_not_a_500(client: TestClient, offset: str) -> None:
    response = client.get("/articles", params={"offset": offset})
    assert response.status_code == 422 and "offset" in response.json()["detail"]


@pytest.mark.parametrize("value", ["0", "1710000000", "2024-3-1", "2024-03-10T00:00:00", "10 March 2024"])
@pytest.mark.parametrize("name", ["since", "until"])
def test_bounds_dyad_page_takes_the_dates_the_api_takes(client: TestClient, name: str, value: str) -> None:
    api = client.get("/api/dyads/USAMIL/IRQMIL/series", params={name: value})
    page = client.get("/dyads/USAMIL/IRQMIL", params={name: value})
    assert api.status_code == page.status_code == 422
    assert "YYYY-MM-DD" in page.json()["detail"]


def test_bounds_dyad_page_still_takes_iso_days(client: TestClient) -> None:
    params: dict[str, Any] = {"since": "2024-03-01", "until": "2024-03-10"}
    assert client.get("/dyads/USAMIL/IRQMIL", params=params).status_code == 200
