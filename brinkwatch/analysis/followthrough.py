"""Threat follow-through: a THREATEN event linked to the later act it threatened, and the reply.

threat (A threatens B) -> fulfilment (A does to B an event of the threatened kind, within
`horizon_days`) -> retaliation (B does a conflict act to A within `retaliation_days` of it).

The threatened kind comes from the threat's PLOVER mode (violence: ASSAULT or MOBILIZE; restrict:
COERCE or SANCTION; see plover.THREAT_FULFILMENT); a threat without a mode accepts any material
conflict or sanction. Sides match at country level, the first three letters of their codes (a
government threatens, its army acts: ISRGOV then ISRMIL); both must be known, so an act by an unknown
hand fulfils nobody's threat until a report names or suspects who did it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from brinkwatch.analysis.plover import THREAT_FULFILMENT
from brinkwatch.model import FusedEvent

__all__ = ["FollowThrough", "link_threats"]

WILDCARDS = ("UNK", "UAF")
COUNTRY = 3  # CAMEO codes start with the ISO alpha-3 country


@dataclass(slots=True)
class FollowThrough:
    threat: FusedEvent
    fulfilment: FusedEvent | None = None
    retaliation: FusedEvent | None = None
    lag_days: int | None = None  # threat to fulfilment

    @property
    def carried_out(self) -> bool:
        return self.fulfilment is not None


def _same_side(a: str | None, b: str | None) -> bool:
    return (
        a is not None
        and b is not None
        and not a.startswith(WILDCARDS)
        and not b.startswith(WILDCARDS)
        and a[:COUNTRY] == b[:COUNTRY]
    )


def _mode(threat: FusedEvent) -> str | None:
    return next((report.mode.casefold() for report in threat.reports if report.mode), None)


def _first_after(
    candidates: Sequence[FusedEvent], starts: list[date], after: FusedEvent, days: int, actor: str | None,
    recipient: str | None, kinds: frozenset[str],
) -> FusedEvent | None:  # fmt: skip
    assert after.start is not None
    for event in candidates[bisect.bisect_left(starts, after.start) :]:  # sorted by start
        assert event.start is not None
        lag = (event.start - after.start).days
        if event is after or event.type not in kinds:
            continue
        if lag > days:
            break
        if _same_side(event.actor, actor) and _same_side(event.recipient, recipient):
            return event
    return None


def link_threats(
    fused: Sequence[FusedEvent], *, horizon_days: int = 30, retaliation_days: int = 14
) -> list[FollowThrough]:
    """One FollowThrough per dated THREATEN event with known actors, in time order."""
    dated = sorted((event for event in fused if event.start is not None), key=lambda e: e.start or date.min)
    starts = [event.start for event in dated if event.start is not None]
    links = []
    for threat in dated:
        if threat.type != "THREATEN" or not _same_side(threat.actor, threat.actor) or threat.recipient is None:
            continue
        kinds = THREAT_FULFILMENT.get(_mode(threat), THREAT_FULFILMENT[None])
        link = FollowThrough(threat)
        link.fulfilment = _first_after(dated, starts, threat, horizon_days, threat.actor, threat.recipient, kinds)
        if link.fulfilment is not None:
            assert link.fulfilment.start is not None and threat.start is not None
            link.lag_days = (link.fulfilment.start - threat.start).days
            link.retaliation = _first_after(
                dated,
                starts,
                link.fulfilment,
                retaliation_days,
                threat.recipient,
                threat.actor,
                THREAT_FULFILMENT[None],
            )
        links.append(link)
    return links
