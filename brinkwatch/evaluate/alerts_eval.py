"""Score alerts against planted escalations: detection delay and false-alarm days.

- A planted escalation is detected on time when an alert on its dyad starts between its onset and
  one day after (`max_delay`).
- A false-alarm day is a dyad-day in an alert's span that lies outside every planted escalation of
  that dyad (each extended by `grace` days, the cool-down an alert needs to close). The rate is over
  all dyad-days after the warm-up outside planted spans.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from brinkwatch.evaluate.synthetic import PlantedEscalation
from brinkwatch.model import Alert

__all__ = ["AlertEvaluation", "evaluate_alerts"]


@dataclass(frozen=True, slots=True)
class AlertEvaluation:
    planted: int
    detected_on_time: int
    mean_delay_days: float
    alerts: int
    false_alarm_days: int
    quiet_days: int

    @property
    def detection_rate(self) -> float:
        return self.detected_on_time / self.planted if self.planted else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarm_days / self.quiet_days if self.quiet_days else 0.0


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=i) for i in range((last - first).days + 1)}


def evaluate_alerts(
    alerts: list[Alert],
    planted: list[PlantedEscalation],
    *,
    dyads: list[tuple[str, str]],
    first_day: date,
    last_day: date,
    warm_up: int,
    max_delay: int = 1,
    grace: int = 2,
) -> AlertEvaluation:
    by_dyad: dict[tuple[str, str], list[Alert]] = defaultdict(list)
    for alert in alerts:
        by_dyad[(alert.actor, alert.recipient)].append(alert)
    delays = []
    for plant in planted:
        starts = [(a.start - plant.onset).days for a in by_dyad[(plant.actor, plant.recipient)]]
        on_time = [delay for delay in starts if 0 <= delay <= max_delay]
        if on_time:
            delays.append(min(on_time))
    scored = _days(first_day + timedelta(days=warm_up), last_day)
    false_days = quiet_days = 0
    for dyad in dyads:
        excused: set[date] = set()
        for plant in planted:
            if (plant.actor, plant.recipient) == dyad:
                excused |= _days(plant.onset, plant.end + timedelta(days=grace))
        alerted: set[date] = set()
        for alert in by_dyad[dyad]:
            alerted |= _days(alert.start, alert.end)
        quiet = scored - excused
        quiet_days += len(quiet)
        false_days += len(alerted & quiet)
    return AlertEvaluation(
        planted=len(planted),
        detected_on_time=len(delays),
        mean_delay_days=sum(delays) / len(delays) if delays else float("nan"),
        alerts=len(alerts),
        false_alarm_days=false_days,
        quiet_days=quiet_days,
    )
