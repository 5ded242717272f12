from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from brinkwatch.api import create_app
from brinkwatch.evaluate.synthetic import make_stream
from brinkwatch.model import Article
from brinkwatch.web.analyse import analyse
from brinkwatch.web.memory import MemoryRepository
from tests.web.conftest import BASE_URL, build_articles


@pytest.fixture(scope="module")
def stream_articles() -> list[Article]:
    return make_stream(n_dyads=4, n_days=120, escalating=0.5, seed=3).to_articles()


def test_analyse_keys_every_report_by_its_record_id() -> None:
    articles = build_articles()
    results = analyse((a, a.events) for a in articles)
    report_ids = sorted(r.id for fused in results.fused_events for r in fused.reports)
    assert report_ids == ["a1-0", "a1-1", "a2-0", "a3-0", "a3-1"]
    assert [e.id for a in articles for e in a.events] == [""] * 5  # the articles' own events are untouched


def test_analyse_series_counts_the_dyad_days() -> None:
    results = analyse((a, a.events) for a in build_articles())
    days = results.dyad_series("USAMIL", "IRQMIL", since=None, until=None)
    assert [(d.day.isoformat(), d.counts_by_type) for d in days] == [("2024-03-10", {"ASSAULT": 2})]


def test_analyse_alerts_point_at_events_the_pages_can_open(stream_articles: list[Article]) -> None:
    results = analyse((a, a.events) for a in stream_articles)
    repository = MemoryRepository(
        stream_articles, fused_events=results.fused_events, dyad_days=results.dyad_days, alerts=results.alert_list
    )
    assert results.alert_list, "a stream with planted escalations raised no alert"
    with TestClient(create_app(repository), base_url=BASE_URL) as client:
        for alert in results.alert_list:
            assert alert.event_ids
            for key in alert.event_ids:
                assert client.get(f"/api/events/{key}").status_code == 200
            page = client.get(f"/dyads/{alert.actor}/{alert.recipient}").text
            assert f'href="/events/{alert.event_ids[0]}"' in page


def test_analyse_keeps_undated_articles_out_of_the_series() -> None:
    """An article with no publication date is not placed on the day it was read (the demo's 'UNK -> UNK,
    today'); its events enter the series only where the text itself dates them."""
    from datetime import UTC, date, datetime

    from brinkwatch.model import Event, TimePrecision, TimeRef

    read_today = datetime.now(UTC)
    undated = Article(id="u1", text="Rockets hit the base.", fetched_at=read_today, events=[Event(type="ASSAULT")])
    dated_by_text = Article(
        id="u2",
        text="On 3 March 2019 rockets hit the base.",
        fetched_at=read_today,
        events=[Event(type="ASSAULT", when=TimeRef("On 3 March 2019", date(2019, 3, 3), None, TimePrecision.DAY))],
    )
    results = analyse((a, a.events) for a in (undated, dated_by_text))
    days = results.dyad_series("UNK", "UNK", since=None, until=None)
    assert [(d.day.isoformat(), d.counts_by_type) for d in days] == [("2019-03-03", {"ASSAULT": 1})]
