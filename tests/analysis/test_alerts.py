from __future__ import annotations

from datetime import date, timedelta

import pytest

from brinkwatch.analysis.alerts import AlertConfig, attach_drivers, detect_alerts
from brinkwatch.analysis.columns import table_from_fused
from brinkwatch.analysis.escalation import dyad_series
from brinkwatch.analysis.unattributed import place_alerts
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Alert, FusedEvent, Location, Place

from .conftest import FusedFactory

START = date(2026, 1, 1)


def _day(n: int) -> date:
    return START + timedelta(days=n)


def _quiet(fused_event: FusedFactory, days: int) -> list[FusedEvent]:
    """A dyad that talks every day and quarrels every fifth day."""
    events = [fused_event("CONSULT", "ISR", "IRN", _day(n)) for n in range(days)]
    return events + [fused_event("ACCUSE", "ISR", "IRN", _day(n)) for n in range(0, days, 5)]


def _alerts(events: list[FusedEvent], config: AlertConfig | None = None) -> list[Alert]:
    table = table_from_fused(events)
    return detect_alerts(table, dyad_series(table), config)


def test_alerts_spike_opens_one_alert_at_its_onset(fused_event: FusedFactory) -> None:
    strikes = [fused_event("ASSAULT", "ISR", "IRN", _day(n)) for n in range(40, 44) for _ in range(4)]
    alerts = _alerts(_quiet(fused_event, 60) + strikes)
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert.actor, alert.recipient, alert.start, alert.period) == ("ISR", "IRN", _day(40), "day")
    assert _day(43) <= alert.end <= _day(45)
    assert alert.magnitude >= AlertConfig().z_on and alert.score > alert.baseline
    assert set(alert.event_ids) <= {event.id for event in strikes} and len(alert.event_ids) == 10


@pytest.mark.parametrize(("cool_down", "expected"), [(2, 1), (1, 3)])
def test_alerts_hysteresis_keeps_a_noisy_escalation_as_one_alert(
    fused_event: FusedFactory, cool_down: int, expected: int
) -> None:
    # Strike days alternate with silent days; a one-day cool-down would flap open and shut.
    strikes = [fused_event("ASSAULT", "ISR", "IRN", _day(n)) for n in (40, 42, 44) for _ in range(4)]
    events = [event for event in _quiet(fused_event, 60) if not 40 <= (event.start - START).days <= 45]  # type: ignore[operator]
    alerts = _alerts(events + strikes, AlertConfig(cool_down=cool_down))
    assert len(alerts) == expected
    assert alerts[0].start == _day(40)


@pytest.mark.parametrize(("strikes", "expected"), [(1, 0), (2, 1)])
def test_alerts_quiet_dyad_needs_more_than_one_stray_event(
    fused_event: FusedFactory, strikes: int, expected: int
) -> None:
    background = [fused_event("CONSULT", "USA", "CAN", _day(n)) for n in range(60)]  # fixes the date range
    talks = [fused_event("CONSULT", "ISR", "IRN", _day(n)) for n in range(0, 50, 7)]  # a history, rarely
    events = background + talks + [fused_event("ASSAULT", "ISR", "IRN", _day(50)) for _ in range(strikes)]
    assert len([a for a in _alerts(events) if a.actor == "ISR"]) == expected


def test_alerts_need_a_baseline_first(fused_event: FusedFactory) -> None:
    strikes = [fused_event("ASSAULT", "ISR", "IRN", _day(n)) for n in range(10, 13) for _ in range(4)]
    assert _alerts(_quiet(fused_event, 60) + strikes) == []


def test_alerts_drivers_carry_the_fused_events(fused_event: FusedFactory) -> None:
    strikes = [fused_event("ASSAULT", "ISR", "IRN", _day(40), sources=n) for n in (1, 4, 2)]
    events = _quiet(fused_event, 60) + strikes
    (alert,) = attach_drivers(_alerts(events), {event.id: event for event in events})
    # Ranked by contribution: four sources before two before one.
    assert [driver.independent_sources for driver in alert.drivers[:3]] == [4, 2, 1]
    assert alert.drivers[0].reports[0].claim is not None


@pytest.mark.parametrize(
    "kwargs",
    [{"window": 2}, {"z_off": 5.0, "z_on": 4.0}, {"cool_down": 0}, {"min_scale": 0}, {"min_history": 29}],
)
def test_alerts_bad_config_is_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ConfigurationError):
        AlertConfig(**kwargs)  # type: ignore[arg-type]


def test_alerts_by_week_start_on_a_monday(fused_event: FusedFactory) -> None:
    # Weekly talks for a year and a half, then a week of strikes; the window counts weeks.
    talks = [fused_event("CONSULT", "ISR", "IRN", _day(n)) for n in range(0, 540, 3)]
    strikes = [fused_event("ASSAULT", "ISR", "IRN", _day(n)) for n in range(500, 504) for _ in range(3)]
    table = table_from_fused(talks + strikes)
    (alert,) = detect_alerts(table, dyad_series(table, "week"), AlertConfig(window=26))
    assert alert.period == "week" and alert.start.weekday() == 0
    assert alert.start <= _day(500) <= alert.end and (alert.end - alert.start).days % 7 == 6
    assert detect_alerts(table) == detect_alerts(table, dyad_series(table))  # daily by default


def _spike(fused_event: FusedFactory, actor: str, recipient: str) -> list[FusedEvent]:
    """A dyad that talks every other day, then is struck four times a day for four days."""
    talks = [fused_event("CONSULT", actor, recipient, _day(n)) for n in range(0, 60, 2)]
    return talks + [fused_event("ASSAULT", actor, recipient, _day(n)) for n in range(40, 44) for _ in range(4)]


@pytest.mark.parametrize(("actor", "recipient", "alerts"), [("ISR", "IRN", 1), ("UNK", "IRN", 0), ("ISR", "UAF", 0)])
def test_alerts_need_a_named_dyad(fused_event: FusedFactory, actor: str, recipient: str, alerts: int) -> None:
    """An unknown or unidentified side is no dyad to watch (it has a per-place series of its own)."""
    assert len(_alerts(_spike(fused_event, actor, recipient))) == alerts
    table = table_from_fused(_spike(fused_event, actor, recipient))
    assert len(detect_alerts(table, named_only=False)) == 1  # what a caller watching that pair asked for


@pytest.mark.parametrize(("days_seen", "alerts"), [(0, 0), (2, 0), (3, 1)])
def test_alerts_need_a_history(fused_event: FusedFactory, days_seen: int, alerts: int) -> None:
    """A dyad first seen on the day of its strikes is not escalating against a baseline of nothing."""
    background = [fused_event("CONSULT", "USA", "CAN", _day(n)) for n in range(60)]
    seen = [fused_event("CONSULT", "ISR", "IRN", _day(30 + 3 * n)) for n in range(days_seen)]
    strikes = [fused_event("ASSAULT", "ISR", "IRN", _day(n)) for n in range(50, 53) for _ in range(4)]
    assert len([a for a in _alerts(background + seen + strikes) if a.actor == "ISR"]) == alerts


def _located(event: FusedEvent, country: str) -> FusedEvent:
    for report in event.reports:
        report.where = Location(country, place=Place(country, country=country))
    return event


def test_alerts_unattributed_violence_has_a_series_per_place(fused_event: FusedFactory) -> None:
    """Explosions nobody claims: no UNK dyad alert, but one for the country where they happen."""
    quiet = [_located(fused_event("ASSAULT", None, "SYRMIL", _day(n)), "SYR") for n in range(0, 60, 2)]
    quiet += [_located(fused_event("ASSAULT", "UNK", None, _day(n)), "IRQ") for n in range(1, 60, 2)]
    surge = [_located(fused_event("ASSAULT", None, None, _day(n)), "SYR") for n in range(40, 44) for _ in range(5)]
    events = quiet + surge
    assert _alerts(events) == []  # no named dyad among them
    (alert,) = place_alerts(events)
    assert (alert.actor, alert.recipient, alert.place, alert.start) == ("UNK", "UNK", "SYR", _day(40))
    assert len(set(alert.event_ids) & {event.id for event in surge}) >= 8  # the surge drives it
    unplaced = [fused_event("ASSAULT", None, None, _day(n)) for n in range(60)]
    assert place_alerts(unplaced) == []  # no place, no series
