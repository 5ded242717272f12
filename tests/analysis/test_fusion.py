from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from brinkwatch.analysis.embeddings import MiniLM
from brinkwatch.analysis.fusion import (
    Fuser,
    FusionConfig,
    codes_compatible,
    fuse,
    places_compatible,
    source_labels,
    unfused,
    where_of,
)
from brinkwatch.evaluate.fusion_eval import load_fusion_set, pairwise_scores
from brinkwatch.model import (
    ActorMention,
    Article,
    Certainty,
    Event,
    Location,
    LocationPrecision,
    Perpetrator,
    PerpetratorStatus,
    Place,
    TimePrecision,
    TimeRef,
)

FUSION_DATA = Path(__file__).resolve().parents[1] / "data" / "fusion"
# Pinned floors of the fusion set (issue 7): pairwise precision and recall.
MIN_PRECISION = 0.9
MIN_RECALL = 0.8


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("ISR", "ISRMIL", True),
        ("ISRMIL", "ISR", True),
        ("ISRMIL", "ISRGOV", False),
        ("ISR", "IRN", False),
        ("UNK", "IRN", True),
        ("UAF", "USAMIL", True),
        (None, "IRQ", True),
    ],
)
def test_fusion_codes_compatible(a: str | None, b: str | None, expected: bool) -> None:
    assert codes_compatible(a, b) is expected


def _at(name: str, country: str, admin1: str | None, lat: float, lon: float, precision: LocationPrecision) -> Event:
    place = Place(name=name, country=country, admin1=admin1, lat=lat, lon=lon)
    return Event(type="ASSAULT", where=Location(text=name, place=place, precision=precision))


EXACT, ADMIN1, COUNTRY = LocationPrecision.EXACT, LocationPrecision.ADMIN1, LocationPrecision.COUNTRY
BALAD = _at("Balad", "IRQ", "Salah ad Din", 34.01, 44.15, EXACT)


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (_at("Balad airbase", "IRQ", "Salah ad Din", 33.94, 44.36, EXACT), True),  # 21 km, same province
        (_at("Samarra", "IRQ", "Salah ad Din", 34.20, 43.87, EXACT), True),  # same admin1 unit
        (_at("Baqubah", "IRQ", "Diyala", 33.75, 44.64, EXACT), True),  # 54 km, another province, inside the radius
        (_at("Al-Qaim", "IRQ", "Anbar", 34.37, 41.09, EXACT), False),  # 284 km, another province
        (_at("Anbar", "IRQ", "Anbar", 33.4, 42.0, ADMIN1), False),  # another province, no point
        (_at("Iraq", "IRQ", None, 33.0, 44.0, COUNTRY), True),  # country centroid: no disagreement
        (_at("Syria", "SYR", None, 35.0, 38.0, COUNTRY), False),  # another country
        (Event(type="ASSAULT"), True),  # no place
    ],
)
def test_fusion_places_compatible(other: Event, expected: bool) -> None:
    radius = 60.0  # Baqubah, 54 km away, falls inside this radius
    assert places_compatible(where_of(BALAD), where_of(other), radius) is expected


def _article(article_id: str, outlet: str | None, original: str | None = None, story: str | None = None) -> Article:
    return Article(id=article_id, text="", outlet=outlet, original_outlet=original, story_id=story)


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        ([_article("a", "Reuters"), _article("b", "AP")], 2),
        ([_article("a", "Reuters"), _article("b", "Yahoo", original="Reuters")], 1),  # a syndicated copy
        ([_article("a", "X", story="s1"), _article("b", "Y", story="s1")], 1),  # copies of one story
        ([_article("a", "X", story="s1"), _article("b", "Y", story="s2"), _article("c", "Z", story="s2")], 2),
        # a chain: a and b share a story, b and c an original outlet, so all three are one source
        ([_article("a", "X", story="s1"), _article("b", "Y", "W", "s1"), _article("c", "Z", original="W")], 1),
        ([_article("a", None), _article("b", None)], 2),  # nothing known: each article stands alone
        ([_article("a", "Gulf  Ledger"), _article("b", "gulf ledger")], 1),  # outlet names normalised
    ],
)
def test_fusion_source_labels_count_copies_once(articles: list[Article], expected: int) -> None:
    assert len(source_labels(articles)) == expected


def _report(
    article_id: str, outlet: str, day: int, certainty: Certainty, actor: str | None = "ISR", published: int = 1
) -> tuple[Article, list[Event]]:
    when = TimeRef(text="", start=date(2026, 3, day), end=date(2026, 3, day), precision=TimePrecision.DAY)
    event = Event(
        type="ASSAULT",
        id=f"{article_id}:0",
        actor=ActorMention(text="", start=0, end=0, code=actor) if actor else None,
        recipient=ActorMention(text="", start=0, end=0, code="IRQMIL"),
        when=when,
    )
    event.claim.certainty = certainty
    article = Article(id=article_id, text="", outlet=outlet, published_at=datetime(2026, 3, published, 8, tzinfo=UTC))
    return article, [event]


def test_fusion_fused_event_fields_without_sentences() -> None:
    # No evidence sentences: the structured checks decide alone and MiniLM is never loaded.
    reports = [
        _report("a", "Gulf Ledger", 1, Certainty.SUSPECTED, actor=None, published=3),
        _report("b", "Tigris Post", 2, Certainty.REPORTED, actor="ISRMIL", published=2),
        _report("c", "Gulf Ledger", 1, Certainty.ALLEGED, published=4),
        _report("d", "Tigris Post", 9, Certainty.ASSERTED),  # a week later: another occurrence
    ]
    first, second = fuse(reports)
    assert first.reports == [event for _, events in reports[:3] for event in events]
    assert (first.actor, first.recipient, first.start, first.end) == (
        "ISRMIL",
        "IRQMIL",
        date(2026, 3, 1),
        date(2026, 3, 2),
    )
    assert (first.strongest_certainty, first.weakest_certainty) == (Certainty.REPORTED, Certainty.SUSPECTED)
    assert (first.independent_sources, first.sources) == (2, ["Gulf Ledger", "Tigris Post"])
    assert first.first_reported == datetime(2026, 3, 2, 8, tzinfo=UTC)
    assert first.article_ids == ["a", "b", "c"] and second.article_ids == ["d"]


def test_fusion_suspected_perpetrator_stands_in_for_a_missing_actor() -> None:
    article, (event,) = _report("a", "X", 1, Certainty.SUSPECTED, actor="UNK")
    event.claim.perpetrator = Perpetrator(
        status=PerpetratorStatus.SUSPECTED, actor=ActorMention(text="Israel", start=0, end=6, code="ISR")
    )
    other_article, other_events = _report("b", "Y", 1, Certainty.ASSERTED, actor="USA")
    fused = fuse([(article, [event]), (other_article, other_events)])
    assert [f.actor for f in fused] == ["ISR", "USA"]  # ISR no longer fits USA


def test_fusion_unfused_keeps_every_report_apart() -> None:
    reports = [_report("a", "X", 1, Certainty.ASSERTED), _report("b", "Y", 1, Certainty.ASSERTED)]
    assert [len(f.reports) for f in unfused(reports)] == [1, 1]


def _cases(shared: Path | None) -> list[tuple[Article, list[str]]]:
    names = ["fusion-set.yaml"] + (["wikinews-rewrites.yaml"] if shared else [])
    news = shared / "data" / "news" if shared else None
    return [(c.article, c.occurrences) for name in names for c in load_fusion_set(FUSION_DATA / name, news)]


def test_fusion_evaluation_set_meets_floors(minilm: MiniLM) -> None:
    cases = load_fusion_set(FUSION_DATA / "fusion-set.yaml")
    scores = pairwise_scores(cases, fuse([(c.article, c.article.events) for c in cases], encoder=minilm))
    assert scores.precision >= MIN_PRECISION and scores.recall >= MIN_RECALL, scores
    # The set is not solved by the structured checks alone: without sentence similarity it fails.
    blind = fuse([(c.article, c.article.events) for c in cases], FusionConfig(min_similarity=0.0), minilm)
    assert pairwise_scores(cases, blind).precision < MIN_PRECISION


def test_fusion_wikinews_rewrites_meet_floors(minilm: MiniLM, shared: Path) -> None:
    cases = load_fusion_set(FUSION_DATA / "fusion-set.yaml") + load_fusion_set(
        FUSION_DATA / "wikinews-rewrites.yaml", shared / "data" / "news"
    )
    scores = pairwise_scores(cases, fuse([(c.article, c.article.events) for c in cases], encoder=minilm))
    assert scores.precision >= MIN_PRECISION and scores.recall >= MIN_RECALL, scores


def test_fusion_is_incremental(minilm: MiniLM) -> None:
    cases = load_fusion_set(FUSION_DATA / "fusion-set.yaml")
    fuser = Fuser(encoder=minilm)
    for case in cases:
        fuser.add(case.article)
    batch = fuse([(c.article, c.article.events) for c in cases], encoder=minilm)
    assert sorted(f.article_ids for f in fuser.fused) == sorted(f.article_ids for f in batch)
    # A late report joins an existing fused event and is returned as touched.
    late = load_fusion_set(FUSION_DATA / "fusion-set.yaml")[2].article  # the Tigris Post rewrite
    late.id, late.outlet = "late-copy", "Late Herald"
    before = {f.id: f.independent_sources for f in fuser.fused}
    for event in late.events:
        event.id = f"late:{event.id}"
    changed = fuser.add(late)
    assert {f.id for f in changed} <= set(before)
    assert all(f.independent_sources == before[f.id] + 1 for f in changed)


@pytest.mark.parametrize(
    ("days", "groups"),
    [
        ([1, 3, 5, 7], [[1, 3], [5, 7]]),  # every report within 3 days of every other: no chaining
        ([1, 4], [[1, 4]]),
        ([1, 5], [[1], [5]]),
        ([5, 1, 3], [[5, 3], [1]]),  # arrival order decides, as it does for a live stream
    ],
)
def test_fusion_time_window_does_not_chain(days: list[int], groups: list[list[int]]) -> None:
    reports = [_report(f"a{day}", f"outlet {day}", day, Certainty.ASSERTED) for day in days]
    fused = fuse(reports)
    assert [[event.when.start.day for event in f.reports if event.when and event.when.start] for f in fused] == groups
