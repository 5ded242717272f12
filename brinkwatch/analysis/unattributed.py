"""Unattributed violence: material-conflict events with no named perpetrator, as one series per place.

"Explosions killed four in Homs" names no actor: as a dyad it is UNK -> UNK (or UNK -> SYRMIL), and
every such report in the world lands in that one dyad, whose alerts say nothing about where. Dyad
alerts therefore need both sides named (`alerts.named`), and these events get their own series,
one per country they happened in, alerted on with the same baseline, thresholds and history rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from brinkwatch.analysis.alerts import AlertConfig, detect_alerts, named
from brinkwatch.analysis.columns import UNKNOWN_CODE, table_from_fused
from brinkwatch.analysis.escalation import EscalationWeights, dyad_series
from brinkwatch.analysis.plover import QUAD_CLASS
from brinkwatch.model import Alert, FusedEvent

__all__ = ["MATERIAL_CONFLICT", "place_alerts", "place_of", "unattributed_by_place"]

MATERIAL_CONFLICT = 4  # quad class: PROTEST, MOBILIZE, COERCE, ASSAULT


def place_of(event: FusedEvent) -> str | None:
    """The country the first located report puts the occurrence in (its ISO code), if any."""
    for report in event.reports:
        if report.where is not None and report.where.place is not None and report.where.place.country:
            return report.where.place.country
    return None


def unattributed_by_place(events: Iterable[FusedEvent]) -> list[FusedEvent]:
    """The violent events with no named perpetrator and a known country, relabelled UNK -> COUNTRY so
    that each country reads as one series (events with no place cannot be placed, and are left out)."""
    found = []
    for event in events:
        if QUAD_CLASS.get(event.type) != MATERIAL_CONFLICT or named(event.actor or ""):
            continue
        country = place_of(event)
        if country is not None:
            found.append(replace(event, actor=UNKNOWN_CODE, recipient=country))
    return found


def place_alerts(
    events: Iterable[FusedEvent], config: AlertConfig | None = None, weights: EscalationWeights | None = None
) -> list[Alert]:
    """Alerts on the per-country series of unattributed violence, as `Alert(place=COUNTRY)`, UNK -> UNK."""
    table = table_from_fused(unattributed_by_place(events))
    if not len(table):
        return []
    alerts = detect_alerts(table, dyad_series(table, "day", weights), config, weights, named_only=False)
    for alert in alerts:
        alert.place, alert.recipient = alert.recipient, UNKNOWN_CODE
    return alerts
