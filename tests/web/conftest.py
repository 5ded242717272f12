"""Hand-written articles, events and escalation records for the web tests (no shared data needed).

The sentences are invented for these tests. Spans are computed from the text, so an edit to a
sentence cannot silently break a highlight the tests check.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from brinkwatch.api import create_app
from brinkwatch.model import (
    ActorMention,
    Alert,
    Article,
    Certainty,
    ChainLink,
    Claim,
    DyadDay,
    Event,
    Evidence,
    FusedEvent,
    Location,
    LocationPrecision,
    Place,
    Sentence,
    Span,
    TimePrecision,
    TimeRef,
)
from brinkwatch.store import SqlStore, StoryLink, open_store
from brinkwatch.web.memory import AnalysisResults, MemoryRepository
from brinkwatch.web.store_repository import StoreRepository
from tests.conftest import BACKENDS, _database

TOKEN = "test-token-7f3a"
# The app answers only the Host names it is served under (loopback by default), not TestClient's "testserver".
BASE_URL = "http://localhost"


def _span(text: str, part: str, start: int = 0) -> Span:
    """Where `part` first occurs from `start`, ignoring case ("The militia" opens a sentence)."""
    found = text.lower().index(part.lower(), start)
    return Span(found, found + len(part))


def _mention(text: str, start: int, part: str, code: str, name: str, country: str) -> ActorMention:
    # In the event's sentence if it names the actor there, else where the article first does.
    span = _span(text, part, start) if part.lower() in text.lower()[start:] else _span(text, part)
    return ActorMention(
        text=text[span.start : span.end], start=span.start, end=span.end, code=code, name=name, country=country
    )


def _article(article_id: str, outlet: str, day: date, sentences: list[str], story_id: str | None = None) -> Article:
    text = " ".join(sentences)
    records, cursor = [], 0
    for index, sentence in enumerate(sentences):
        start = text.index(sentence, cursor)
        records.append(Sentence(index=index, start=start, end=start + len(sentence), text=sentence))
        cursor = start + len(sentence)
    return Article(
        id=article_id,
        text=text,
        url=f"https://news.example/{article_id}",
        outlet=outlet,
        title=f"{outlet} report {article_id}",
        published_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        story_id=story_id,
        sentences=records,
    )


def _event(
    article: Article,
    index: int,
    type_: str,
    actor: tuple[str, str, str, str],
    trigger: str,
    recipient: tuple[str, str, str, str],
    *,
    quad: int,
    goldstein: float,
    certainty: Certainty = Certainty.ASSERTED,
    chain: list[ChainLink] | None = None,
    place: tuple[str, float, float] | None = None,
    when: date | None = None,
) -> Event:
    sentence = article.sentences[index]
    actor_mention = _mention(article.text, sentence.start, *actor)
    recipient_mention = _mention(article.text, sentence.start, *recipient)
    article.mentions += [actor_mention, recipient_mention]
    place_span = _span(article.text, place[0]) if place else None
    return Event(
        type=type_,
        actor=actor_mention,
        recipient=recipient_mention,
        trigger=trigger,
        quad_class=quad,
        goldstein=goldstein,
        where=Location(
            text=place[0],
            start=place_span.start,
            end=place_span.end,
            place=Place(name=place[0], lat=place[1], lon=place[2], country="IRQ"),
            precision=LocationPrecision.EXACT,
        )
        if place and place_span
        else None,
        when=TimeRef(text="on Sunday", start=when, end=when, precision=TimePrecision.DAY) if when else None,
        evidence=Evidence(
            sentence_index=index,
            sentence=sentence.text,
            trigger=_span(article.text, trigger, sentence.start),
            actor=Span(actor_mention.start, actor_mention.end),
            recipient=Span(recipient_mention.start, recipient_mention.end),
            place=place_span,
        ),
        claim=Claim(chain=chain or [ChainLink(name=article.outlet or "", kind="outlet")], certainty=certainty),
    )


USA = ("American", "USA", "United States", "USA")
USAMIL = ("US forces", "USAMIL", "United States military", "USA")
IRQMIL = ("the militia", "IRQMIL", "Iraqi militia", "IRQ")
IRN = ("Tehran", "IRN", "Iran", "IRN")
IRNGOV = ("Iran's foreign ministry", "IRNGOV", "Iranian government", "IRN")
ISR = ("Israel", "ISR", "Israel", "ISR")


def build_articles() -> list[Article]:
    strike = _article(
        "a1",
        "Harbour Times",
        date(2024, 3, 10),
        [
            "US forces struck a depot of the militia near Qaim on Sunday, an American official said.",
            "The militia vowed to answer the raid.",
        ],
        story_id="s1",
    )
    official = ChainLink(name="Harbour Times", kind="outlet")
    speaker = ChainLink(name="an American official", kind="speaker", code="USAGOV", named=False, verb="said")
    strike.events = [
        _event(
            strike,
            0,
            "ASSAULT",
            USAMIL,
            "struck",
            IRQMIL,
            quad=4,
            goldstein=-10.0,
            certainty=Certainty.REPORTED,
            chain=[official, speaker],
            place=("Qaim", 34.37, 41.09),
            when=date(2024, 3, 10),
        ),
        _event(strike, 1, "THREATEN", IRQMIL, "vowed", USAMIL, quad=3, goldstein=-4.0, certainty=Certainty.THREATENED),
    ]
    copy = _article(
        "a2",
        "Valley Courier",
        date(2024, 3, 11),
        ["US forces struck a militia depot near Qaim, according to the militia itself."],
        story_id="s2",
    )
    copy.events = [
        _event(
            copy,
            0,
            "ASSAULT",
            USAMIL,
            "struck",
            IRQMIL,
            quad=4,
            goldstein=-10.0,
            certainty=Certainty.CLAIMED,
            place=("Qaim", 34.37, 41.09),
            when=date(2024, 3, 10),
        ),
    ]
    talks = _article(
        "a3",
        "Capital Wire",
        date(2024, 2, 2),
        [
            "Iran's foreign ministry met American envoys in Muscat to discuss prisoners.",
            "Israel accused Tehran of arming the militia.",
        ],
        story_id="s3",
    )
    talks.events = [
        _event(talks, 0, "CONSULT", IRNGOV, "met", USA, quad=1, goldstein=1.0, place=("Muscat", 23.59, 58.41)),
        _event(talks, 1, "ACCUSE", ISR, "accused", IRN, quad=3, goldstein=-2.0, certainty=Certainty.ASSERTED),
    ]
    return [strike, copy, talks]


def build_series() -> tuple[list[DyadDay], list[Alert]]:
    """Thirty quiet days then a burst: what the analysis layer hands over for USAMIL -> IRQMIL."""
    start = date(2024, 2, 10)
    days = []
    for offset in range(30):
        day = start + timedelta(days=offset)
        burst = offset >= 27
        count = 3 if burst else offset % 3 // 2
        if count:
            days.append(
                DyadDay(
                    actor="USAMIL",
                    recipient="IRQMIL",
                    day=day,
                    counts_by_type={"ASSAULT": count},
                    counts_by_quad={"4": count},
                    goldstein_sum=-10.0 * count,
                    score=8.0 * count if burst else 1.5 * count,
                )
            )
    alert = Alert(
        actor="USAMIL",
        recipient="IRQMIL",
        start=date(2024, 3, 8),
        end=date(2024, 3, 10),
        score=24.0,
        baseline=0.5,
        magnitude=6.2,
        event_ids=["a1-0", "a2-0"],
    )
    return days, [alert]


def build_analysis() -> AnalysisResults:
    days, alerts = build_series()
    fused = FusedEvent(
        id="f1",
        type="ASSAULT",
        reports=[Event(type="ASSAULT", id="a1-0"), Event(type="ASSAULT", id="a2-0")],
        independent_sources=2,
        strongest_certainty=Certainty.REPORTED,
        weakest_certainty=Certainty.CLAIMED,
    )
    return AnalysisResults([fused], days, alerts)


def build_repository() -> MemoryRepository:
    analysis = build_analysis()
    return MemoryRepository(
        build_articles(), fused_events=analysis.fused_events, dyad_days=analysis.dyad_days, alerts=analysis.alert_list
    )


def fill_store(store: SqlStore) -> None:
    for article in build_articles():
        story = article.story_id or article.id
        store.add(article, source_key=article.id, link=lambda story=story: StoryLink(story))  # type: ignore[misc]


# Every API and page test runs on each backend: in memory, SQLite, PostgreSQL (skipped without a server).
# Module scope: a read-only app cannot change, and building one takes ~0.1 s (FastAPI's model setup).
@pytest.fixture(scope="module", params=["memory", *BACKENDS])
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    if request.param == "memory":
        yield create_app(build_repository())
        return
    with _database(request.param, tmp_path_factory.mktemp("db"), request) as url:
        store = open_store(url)
        fill_store(store)
        yield create_app(StoreRepository(store, build_analysis()))
        store.close()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture()
def writable_client() -> Iterator[TestClient]:
    """A fresh writable app per test, since its tests add articles."""
    app = create_app(build_repository(), api_token=TOKEN, read_only=False)
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client
