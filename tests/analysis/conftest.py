"""Fixtures for the analysis tests: hand-built fused events (the MiniLM encoder is in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from brinkwatch.model import Certainty, Event, FusedEvent

FusedFactory = Callable[..., FusedEvent]


@pytest.fixture
def fused_event() -> FusedFactory:
    """Build a FusedEvent by hand: type, actor -> recipient on a day, with certainty and sources."""
    counter = iter(range(1_000_000))

    def build(
        kind: str,
        actor: str | None,
        recipient: str | None,
        day: date,
        *,
        certainty: Certainty = Certainty.ASSERTED,
        sources: int = 1,
        intensity: float | None = None,
        goldstein: float | None = None,
        mode: str | None = None,
    ) -> FusedEvent:
        report = Event(type=kind, id=f"e{next(counter)}", intensity=intensity, goldstein=goldstein, mode=mode)
        report.claim.certainty = certainty
        return FusedEvent(
            id=f"fused:{report.id}",
            type=kind,
            reports=[report],
            independent_sources=sources,
            strongest_certainty=certainty,
            weakest_certainty=certainty,
            actor=actor,
            recipient=recipient,
            start=day,
            end=day,
        )

    return build
