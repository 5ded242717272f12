from __future__ import annotations

from datetime import date, timedelta

import pytest

from brinkwatch.analysis.followthrough import link_threats
from brinkwatch.model import FusedEvent

from .conftest import FusedFactory

DAY0 = date(2026, 3, 1)


def _on(n: int) -> date:
    return DAY0 + timedelta(days=n)


def test_followthrough_threat_strike_retaliation(fused_event: FusedFactory) -> None:
    threat = fused_event("THREATEN", "ISRGOV", "IRN", _on(0), mode="violence")
    strike = fused_event("ASSAULT", "ISRMIL", "IRNMIL", _on(6))
    reply = fused_event("ASSAULT", "IRNMIL", "ISR", _on(9))
    noise = [fused_event("ASSAULT", "USA", "IRN", _on(2)), fused_event("CONSULT", "ISR", "IRN", _on(3))]
    (link,) = link_threats([reply, *noise, strike, threat])
    assert (link.threat, link.fulfilment, link.retaliation, link.lag_days) == (threat, strike, reply, 6)
    assert link.carried_out


@pytest.mark.parametrize(
    ("mode", "act", "carried_out"),
    [
        ("violence", "ASSAULT", True),
        ("violence", "SANCTION", False),  # not the threatened kind
        ("relations", "SANCTION", True),
        ("arrest", "COERCE", True),
        (None, "MOBILIZE", True),  # no mode: any material conflict or sanction
        (None, "ACCUSE", False),
    ],
)
def test_followthrough_threatened_kind_follows_the_mode(
    fused_event: FusedFactory, mode: str | None, act: str, carried_out: bool
) -> None:
    events = [fused_event("THREATEN", "ISR", "IRN", _on(0), mode=mode), fused_event(act, "ISR", "IRN", _on(1))]
    assert [link.carried_out for link in link_threats(events)] == [carried_out]


@pytest.mark.parametrize(
    ("actor", "recipient", "day"),
    [
        ("UNK", "IRN", 3),  # an unknown hand fulfils nobody's threat
        ("USA", "IRN", 3),  # another actor
        ("ISR", "IRQ", 3),  # another target
        ("ISR", "IRN", 31),  # past the 30-day horizon
        ("ISR", "IRN", -1),  # before the threat
    ],
)
def test_followthrough_no_link(fused_event: FusedFactory, actor: str, recipient: str, day: int) -> None:
    events: list[FusedEvent] = [
        fused_event("THREATEN", "ISR", "IRN", _on(0)),
        fused_event("ASSAULT", actor, recipient, _on(day)),
    ]
    (link,) = link_threats(events)
    assert link.fulfilment is None and link.lag_days is None and link.retaliation is None
