"""The alert gate on synthetic streams with planted escalations (rerun: scripts/make_synthetic_stream.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from brinkwatch.analysis.alerts import AlertConfig, detect_alerts
from brinkwatch.analysis.escalation import dyad_series
from brinkwatch.evaluate.alerts_eval import evaluate_alerts
from brinkwatch.evaluate.synthetic import PlantedEscalation, make_stream
from brinkwatch.model import Alert

# Pinned floors: every planted escalation caught within a day of onset in at least 95% of cases,
# and at most 5% of quiet dyad-days under an alert.
MIN_DETECTED = 0.95
MAX_FALSE_ALARM_DAYS = 0.05


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_alerts_eval_synthetic_gate(seed: int) -> None:
    stream = make_stream(n_dyads=60, n_days=365, seed=seed)
    alerts = detect_alerts(stream.table, dyad_series(stream.table))
    codes = stream.table.codes
    dyads = sorted({(codes[a], codes[b]) for a, b in zip(stream.table.actor, stream.table.recipient, strict=True)})
    result = evaluate_alerts(
        alerts,
        stream.planted,
        dyads=dyads,
        first_day=stream.first_day,
        last_day=stream.first_day + timedelta(days=stream.n_days - 1),
        warm_up=AlertConfig().window,
    )
    assert result.planted == 15
    assert result.detection_rate >= MIN_DETECTED, result
    assert result.false_alarm_rate <= MAX_FALSE_ALARM_DAYS, result


def _alert(start: int, end: int) -> Alert:
    first = date(2026, 1, 1)
    return Alert("ISR", "IRN", first + timedelta(days=start), first + timedelta(days=end), 1.0, 0.0, 5.0)


@pytest.mark.parametrize(
    ("alerts", "detected", "false_days"),
    [
        ([_alert(20, 24)], 1, 0),  # on time, closes inside the grace period
        ([_alert(21, 22)], 1, 0),  # one day late still counts
        ([_alert(22, 23)], 0, 0),  # two days late does not
        ([_alert(5, 6), _alert(20, 21)], 1, 2),  # an early alert is two false days
        ([_alert(20, 30)], 1, 6),  # staying open past end + grace: the extra days are false
        ([], 0, 0),
    ],
)
def test_alerts_eval_scores_hand_made_alerts(alerts: list[Alert], detected: int, false_days: int) -> None:
    first = date(2026, 1, 1)
    plant = PlantedEscalation("ISR", "IRN", first + timedelta(days=20), first + timedelta(days=22))
    result = evaluate_alerts(
        alerts, [plant], dyads=[("ISR", "IRN")], first_day=first, last_day=first + timedelta(days=59), warm_up=0
    )
    assert (result.detected_on_time, result.false_alarm_days, result.quiet_days) == (detected, false_days, 60 - 5)
