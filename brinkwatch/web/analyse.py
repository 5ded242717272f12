"""Run the analysis layer over coded articles and key its results by the web's event ids.

`brinkwatch.analysis` names fused events `fused:...` and lists them in alerts; the pages link to
event reports (`<article id>-<position>`, as the store keys them). This module runs fusion, the
dyad series and the alerts, then gives every report its record id and points every alert at the
first report of each fused event behind it, so every link on the dyad page opens an event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from brinkwatch.analysis.alerts import detect_alerts
from brinkwatch.analysis.columns import table_from_fused
from brinkwatch.analysis.escalation import dyad_series
from brinkwatch.analysis.fusion import fuse as fuse_reports
from brinkwatch.analysis.fusion import unfused
from brinkwatch.analysis.unattributed import place_alerts
from brinkwatch.model import Article, Event
from brinkwatch.web.memory import AnalysisResults
from brinkwatch.web.repository import event_id

__all__ = ["analyse"]


def analyse(reports: Iterable[tuple[Article, Sequence[Event]]], *, fuse: bool = False) -> AnalysisResults:
    """Fused events, daily dyad series and alerts for `reports`.

    With `fuse=False` every report is its own occurrence (no sentence model needed); with `fuse=True`
    reports of one occurrence are merged with the MiniLM model (the `analysis` extra).
    """
    reports = list(reports)
    record_ids = {
        id(event): event_id(article.id, position)
        for article, _ in reports
        for position, event in enumerate(article.events)
    }
    fused = fuse_reports(reports) if fuse else unfused(reports)
    first_report: dict[str, str] = {}
    for occurrence in fused:
        # Copies, not the articles' own events: the repository serves those unchanged.
        occurrence.reports = [replace(r, id=record_ids.get(id(r), r.id)) for r in occurrence.reports]
        if occurrence.reports:
            first_report[occurrence.id] = occurrence.reports[0].id
    table = table_from_fused(fused)
    series = dyad_series(table, "day")
    alerts = detect_alerts(table, series) + place_alerts(fused)
    for alert in alerts:
        alert.event_ids = [first_report.get(key, key) for key in alert.event_ids]
    return AnalysisResults(fused, series.to_records(), alerts)
