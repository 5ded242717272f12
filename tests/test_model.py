from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from brinkwatch.errors import InvalidRecordError
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
    Perpetrator,
    PerpetratorStatus,
    Place,
    Quote,
    Removed,
    RemovedReason,
    Sentence,
    Span,
    StageError,
    TimePrecision,
    TimeRef,
)
from brinkwatch.serialize import from_dict, from_json, to_dict, to_json


def _full_article() -> Article:
    speaker = ActorMention("a US official", 40, 53, code="USAGOV", country="USA", sectors=["GOV"], anonymous=True)
    chain = [
        ChainLink("Levant Monitor", kind="outlet"),
        ChainLink("The Wall Street Journal", kind="cited_outlet", verb="told"),
        ChainLink("a US official", kind="speaker", code="USAGOV", named=False, verb="told"),
    ]
    event = Event(
        type="ASSAULT",
        id="e1",
        mode="explosion",
        context=["military"],
        actor=ActorMention("Israel", 0, 6, code="ISR", country="ISR"),
        recipient=ActorMention("Iraqi militias", 10, 24, code="IRQUAF", affiliation="IRN", sectors=["UAF"]),
        trigger="struck",
        cameo="183",
        goldstein=-10.0,
        quad_class=4,
        intensity=-9.5,
        where=Location("Iraq", 30, 34, Place("Iraq", 99237, "IRQ", None, 33.0, 44.0), LocationPrecision.COUNTRY, 0.9),
        when=TimeRef("Friday", date(2019, 8, 23), date(2019, 8, 23), TimePrecision.DAY),
        dead=2,
        evidence=Evidence(0, "Israel struck Iraqi militias in Iraq.", trigger=Span(7, 13), actor=Span(0, 6)),
        claim=Claim(
            chain=chain,
            certainty=Certainty.SUSPECTED,
            cues=["is believed"],
            perpetrator=Perpetrator(PerpetratorStatus.SUSPECTED, ActorMention("Israel", 0, 6, code="ISR"), chain),
        ),
    )
    return Article(
        id="abc",
        text="Israel struck Iraqi militias in Iraq.",
        url="https://example.org/a",
        original_outlet="Business Insider",
        published_at=datetime(2019, 8, 24, 9, 30, tzinfo=UTC),
        removed=[Removed("Football Club Signs Striker", RemovedReason.RELATED_HEADLINE)],
        sentences=[Sentence(0, 0, 37, "Israel struck Iraqi militias in Iraq.")],
        mentions=[speaker],
        events=[event],
        quotes=[Quote("we will act", 0, 11, speaker=speaker, verb="said", chain=chain, event_ids=["e1"])],
        errors=[StageError("places", "ValueError", "boom")],
    )


def test_model_article_round_trips_through_json() -> None:
    article = _full_article()
    assert from_json(Article, to_json(article)) == article


def test_model_round_trip_keeps_types() -> None:
    back = from_dict(Article, to_dict(_full_article()))
    assert isinstance(back.published_at, datetime) and back.published_at.tzinfo is not None
    assert back.events[0].claim.certainty is Certainty.SUSPECTED
    assert back.events[0].when is not None and back.events[0].when.start == date(2019, 8, 23)
    assert back.events[0].where is not None and back.events[0].where.place is not None
    assert back.removed[0].reason is RemovedReason.RELATED_HEADLINE


@pytest.mark.parametrize(
    "record",
    [
        FusedEvent("f1", "ASSAULT", independent_sources=2, strongest_certainty=Certainty.REPORTED),
        DyadDay("ISR", "IRN", date(2019, 8, 1), {"ASSAULT": 2}, {"4": 2}, -20.0, 3.5),
        Alert("ISR", "IRN", date(2019, 8, 1), date(2019, 8, 7), 9.0, 1.0, 4.2, ["e1"]),
    ],
)
def test_model_other_records_round_trip(record: object) -> None:
    assert from_json(type(record), to_json(record)) == record


def test_model_unknown_field_is_an_error_naming_it() -> None:
    data = to_dict(_full_article())
    data["colour"] = "red"
    with pytest.raises(InvalidRecordError, match="colour"):
        from_dict(Article, data)


def test_model_bad_enum_value_lists_the_allowed_ones() -> None:
    data = to_dict(_full_article())
    data["events"][0]["claim"]["certainty"] = "sure"
    with pytest.raises(InvalidRecordError, match="asserted"):
        from_dict(Article, data)


def test_model_bad_json_says_so() -> None:
    with pytest.raises(InvalidRecordError, match="not valid JSON"):
        from_json(Article, "{oops")
