"""Hand-built coded articles for store tests: every record type, with the fields queries filter on."""

from __future__ import annotations

from datetime import UTC, date, datetime

from brinkwatch.intake.plaintext import article_id
from brinkwatch.model import (
    ActorMention,
    Article,
    Certainty,
    ChainLink,
    Claim,
    Event,
    Evidence,
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


def mention(text: str, code: str | None, start: int = 0) -> ActorMention:
    return ActorMention(text, start, start + len(text), code=code, name=text, country=code[:3] if code else None)


def event(
    kind: str,
    actor: str | None,
    recipient: str | None,
    certainty: Certainty = Certainty.ASSERTED,
    *,
    when: date | None = None,
    sentence: str = "The first sentence.",
) -> Event:
    return Event(
        type=kind,
        actor=mention(actor.lower(), actor) if actor else None,
        recipient=mention(recipient.lower(), recipient) if recipient else None,
        trigger="struck",
        cameo="190",
        goldstein=-10.0,
        quad_class=4,
        intensity=-9.5,
        where=Location("Erbil", 10, 15, Place("Erbil", 95446, "IRQ", "11", 36.19, 44.01), LocationPrecision.EXACT),
        when=TimeRef("on Sunday", when, when, TimePrecision.DAY) if when else None,
        dead=2,
        evidence=Evidence(0, sentence, trigger=Span(4, 11), actor=Span(0, 3)),
        claim=Claim(
            chain=[ChainLink("Levant Monitor", kind="outlet"), ChainLink("a US official", named=False, verb="told")],
            certainty=certainty,
            cues=["believed"] if certainty is Certainty.SUSPECTED else [],
            perpetrator=Perpetrator(PerpetratorStatus.NAMED) if actor else None,
        ),
    )


def article(
    text: str,
    *,
    events: list[Event] | None = None,
    published: datetime | None = datetime(2019, 6, 2, 9, 30, tzinfo=UTC),
    outlet: str | None = "Levant Monitor",
    url: str | None = None,
) -> Article:
    """A coded article as the pipeline would leave it: sentences, mentions, events, a quote, an error."""
    first = text.split(".")[0] + "."
    coded = Article(
        id=article_id(text),
        text=text,
        url=url or f"https://example.org/{article_id(text)}",
        outlet=outlet,
        original_outlet="Wire Service",
        title="A headline",
        byline="By A. Reporter",
        dateline="ERBIL",
        published_at=published,
        fetched_at=datetime(2019, 6, 2, 10, 0, tzinfo=UTC),
        removed=[Removed("Read more: other news", RemovedReason.RELATED_HEADLINE)],
        source="hand-built",
        sentences=[Sentence(0, 0, len(first), first)],
        mentions=[mention("Israel", "ISR"), mention("gunmen", None, 20)],
        events=events or [],
        quotes=[Quote("we will respond", 30, 45, speaker=mention("Tehran", "IRNGOV"), verb="said", event_ids=["e1"])],
        errors=[StageError("places", "ValueError", "no gazetteer entry")],
    )
    return coded
