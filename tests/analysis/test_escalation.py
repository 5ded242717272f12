from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from brinkwatch.analysis.columns import table_from_fused
from brinkwatch.analysis.escalation import EscalationWeights, contributions, dyad_series
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Certainty, DyadDay, Event

from .conftest import FusedFactory

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("kind", "certainty", "sources", "intensity", "goldstein", "expected"),
    [
        ("ASSAULT", Certainty.ASSERTED, 1, None, None, 9.0),  # PLOVER category score, sign flipped
        ("ASSAULT", Certainty.SUSPECTED, 1, None, None, 4.5),  # x 0.5 for suspected
        ("ASSAULT", Certainty.ASSERTED, 4, None, None, 18.0),  # x (1 + 0.5 log2 4) = x 2
        ("ASSAULT", Certainty.ASSERTED, 64, None, None, 18.0),  # corroboration capped at 2
        ("ASSAULT", Certainty.ASSERTED, 1, -6.0, -10.0, 6.0),  # the event's own intensity wins
        ("COERCE", Certainty.REPORTED, 1, None, -5.0, 4.5),  # then its Goldstein value, x 0.9
        ("AID", Certainty.ASSERTED, 1, None, None, -10.0),  # cooperation lowers the score
        ("ASSAULT", Certainty.NEGATED, 3, None, None, 0.0),  # "did not happen" counts nothing
    ],
)
def test_escalation_contribution_formula(
    fused_event: FusedFactory,
    kind: str,
    certainty: Certainty,
    sources: int,
    intensity: float | None,
    goldstein: float | None,
    expected: float,
) -> None:
    event = fused_event(
        kind, "ISR", "IRN", MONDAY, certainty=certainty, sources=sources, intensity=intensity, goldstein=goldstein
    )
    assert contributions(table_from_fused([event]))[0] == pytest.approx(expected)


def test_escalation_series_counts_and_sums_per_dyad_day(fused_event: FusedFactory) -> None:
    events = [
        fused_event("ASSAULT", "ISR", "IRN", MONDAY),
        fused_event("THREATEN", "ISR", "IRN", MONDAY, goldstein=-4.0),
        fused_event("CONSULT", "ISR", "IRN", date(2026, 3, 3)),
        fused_event("ASSAULT", "IRN", "ISR", MONDAY),  # the other direction is another dyad
    ]
    records = dyad_series(table_from_fused(events)).to_records()
    assert records == [
        DyadDay("IRN", "ISR", MONDAY, {"ASSAULT": 1}, {"material conflict": 1}, -9.0, 9.0),
        DyadDay(
            "ISR",
            "IRN",
            MONDAY,
            {"THREATEN": 1, "ASSAULT": 1},
            {"verbal conflict": 1, "material conflict": 1},
            -13.0,
            13.0,
        ),
        DyadDay("ISR", "IRN", date(2026, 3, 3), {"CONSULT": 1}, {"verbal cooperation": 1}, 2.5, -2.5),
    ]


@pytest.mark.parametrize(
    ("days", "expected_starts"),
    [
        ([date(2026, 3, 2), date(2026, 3, 8)], [date(2026, 3, 2)]),  # Monday and Sunday: one week
        ([date(2026, 3, 8), date(2026, 3, 9)], [date(2026, 3, 2), date(2026, 3, 9)]),  # Sunday, Monday: two
        ([date(1970, 1, 1)], [date(1969, 12, 29)]),  # the epoch was a Thursday
    ],
)
def test_escalation_weeks_start_on_monday(
    fused_event: FusedFactory, days: list[date], expected_starts: list[date]
) -> None:
    table = table_from_fused([fused_event("ASSAULT", "ISR", "IRN", day) for day in days])
    assert [record.day for record in dyad_series(table, "week").to_records()] == expected_starts


def test_escalation_weights_are_configurable(fused_event: FusedFactory) -> None:
    table = table_from_fused([fused_event("ASSAULT", "ISR", "IRN", MONDAY, certainty=Certainty.ALLEGED, sources=2)])
    weights = EscalationWeights(
        certainty={c: 1.0 for c in Certainty}, corroboration_slope=0.0, type_score={"ASSAULT": -3.0}
    )
    assert contributions(table, weights)[0] == pytest.approx(3.0)
    default = contributions(table)[0]
    assert default == pytest.approx(9.0 * 0.6 * (1 + 0.5 * math.log2(2)))


@pytest.mark.parametrize(
    "kwargs",
    [{"certainty": {Certainty.ASSERTED: 1.0}}, {"corroboration_cap": 0.5}, {"corroboration_slope": -1.0}],
)
def test_escalation_bad_weights_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        EscalationWeights(**kwargs)  # type: ignore[arg-type]


def test_escalation_dyad_selects_by_code_prefix(fused_event: FusedFactory) -> None:
    events = [
        fused_event("ASSAULT", "ISRMIL", "IRNMIL", MONDAY),
        fused_event("ASSAULT", "ISR", "IRN", MONDAY),
        fused_event("ASSAULT", "ISR", "IRQ", MONDAY),
        fused_event("ASSAULT", "USA", "IRN", MONDAY),
    ]
    series = dyad_series(table_from_fused(events).dyad("ISR", "IRN"))
    assert [(r.actor, r.recipient, r.counts_by_type) for r in series.to_records()] == [("ISR", "IRN", {"ASSAULT": 2})]
    assert np.isclose(series.score.sum(), 18.0)


def test_escalation_analysis_public_names_exist() -> None:
    import brinkwatch.analysis as analysis

    assert all(hasattr(analysis, name) for name in analysis.__all__)


def test_escalation_takes_the_first_report_that_has_a_value(fused_event: FusedFactory) -> None:
    event = fused_event("ASSAULT", "ISR", "IRN", MONDAY)
    event.reports.append(Event(type="ASSAULT", intensity=-4.0))  # a later report coded the intensity
    assert contributions(table_from_fused([event]))[0] == pytest.approx(4.0)
