"""A PNG chart of one dyad's escalation series, with its alerts shaded (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and in CI

import matplotlib.pyplot as plt  # after use("Agg"), so no GUI backend is ever loaded

from brinkwatch.analysis.columns import day_number
from brinkwatch.analysis.escalation import DyadSeries
from brinkwatch.model import Alert

__all__ = ["write_chart"]


def write_chart(series: DyadSeries, alerts: list[Alert], path: Path, title: str) -> Path:
    """Bars of the escalation score per period, material-conflict counts as a line, alerts shaded."""
    # Matplotlib's date axis counts days since 1970-01-01, exactly our day numbers.
    days = series.start.astype(float)
    width = 5.0 if series.period == "week" else 0.8
    figure, axis = plt.subplots(figsize=(10, 4), dpi=100)
    try:
        colours = ["#b2182b" if score > 0 else "#2166ac" for score in series.score]
        axis.bar(days, series.score, width=width, color=colours, label="escalation score")
        axis.set_ylabel("escalation score")
        counts = axis.twinx()
        counts.plot(days, series.counts_by_quad[:, 3], color="#444444", linewidth=1, label="material conflict")
        counts.set_ylabel("material-conflict events")
        for alert in alerts:
            axis.axvspan(day_number(alert.start), day_number(alert.end) + 1, color="#fdae61", alpha=0.35)
        axis.xaxis_date()
        axis.set_title(title)
        figure.autofmt_xdate()
        figure.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path)
    finally:
        plt.close(figure)
    return path
