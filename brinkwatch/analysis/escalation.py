"""Dyad series: per directed actor pair and day (or week), counts, Goldstein sum and escalation score.

Each fused event contributes

    contribution = heat x certainty_weight[certainty] x corroboration_weight(independent_sources)
    heat         = -intensity          (PLOVER score; conflict is negative there, so heat is positive)
                   or -goldstein       when the event has no intensity
                   or -PLOVER_SCORE[type] when it has neither
    corroboration_weight(n) = min(1 + corroboration_slope * log2(n), corroboration_cap)

and a dyad-period's score is the sum of its events' contributions. Cooperation has negative heat,
so it lowers the score. Defaults are in `EscalationWeights`; docs/escalation.md explains them.
Everything is a vectorised group-by over `EventTable` columns, so a million events take seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from brinkwatch.analysis.columns import EventTable, from_day_number
from brinkwatch.analysis.plover import CERTAINTY_ORDER, PLOVER_SCORE, PLOVER_TYPES, QUAD_NAMES
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Certainty, DyadDay

__all__ = ["DEFAULT_CERTAINTY_WEIGHTS", "DyadSeries", "EscalationWeights", "Period", "contributions", "dyad_series"]

Period = Literal["day", "week"]
FloatArray = npt.NDArray[np.float64]

# How much a report of each certainty counts: stated or attributed facts fully, hedged attributions
# less, announced or hypothetical acts a little (a threat is escalation, but not yet the act), and
# denied or negated acts not at all.
DEFAULT_CERTAINTY_WEIGHTS: Mapping[Certainty, float] = {
    Certainty.ASSERTED: 1.0,
    Certainty.REPORTED: 0.9,
    Certainty.CLAIMED: 0.8,
    Certainty.ALLEGED: 0.6,
    Certainty.SUSPECTED: 0.5,
    Certainty.DENIED: 0.2,
    Certainty.THREATENED: 0.4,
    Certainty.FUTURE: 0.4,
    Certainty.HYPOTHETICAL: 0.1,
    Certainty.NEGATED: 0.0,
}


@dataclass(frozen=True, slots=True)
class EscalationWeights:
    """The knobs of the escalation score; see the module docstring for the formula."""

    certainty: Mapping[Certainty, float] = field(default_factory=lambda: dict(DEFAULT_CERTAINTY_WEIGHTS))
    corroboration_slope: float = 0.5
    corroboration_cap: float = 2.0
    type_score: Mapping[str, float] = field(default_factory=lambda: dict(PLOVER_SCORE))

    def __post_init__(self) -> None:
        missing = [c.value for c in CERTAINTY_ORDER if c not in self.certainty]
        if missing:
            raise ConfigurationError(f"escalation weights: no certainty weight for {', '.join(missing)}; give all ten")
        if self.corroboration_cap < 1.0 or self.corroboration_slope < 0.0:
            raise ConfigurationError(
                f"escalation weights: corroboration_cap={self.corroboration_cap} must be >= 1 and "
                f"corroboration_slope={self.corroboration_slope} >= 0, so more sources never count less"
            )

    def corroboration(self, sources: npt.NDArray[np.int32]) -> FloatArray:
        weight = 1.0 + self.corroboration_slope * np.log2(np.maximum(sources, 1).astype(np.float64))
        return np.minimum(weight, self.corroboration_cap)


def contributions(table: EventTable, weights: EscalationWeights | None = None) -> FloatArray:
    """Each event's share of its dyad-period's escalation score."""
    weights = weights or EscalationWeights()
    type_score = np.array([weights.type_score.get(name, 0.0) for name in PLOVER_TYPES], dtype=np.float64)
    score = np.where(np.isnan(table.intensity), table.goldstein, table.intensity)
    score = np.where(np.isnan(score), type_score[table.type], score)
    certainty = np.array([weights.certainty[c] for c in CERTAINTY_ORDER], dtype=np.float64)
    result: FloatArray = -score * certainty[table.certainty] * weights.corroboration(table.sources)
    return result


def period_start(days: npt.NDArray[np.int64], period: Period) -> npt.NDArray[np.int64]:
    """The first day of each day's period; weeks start on Monday (1970-01-01 was a Thursday)."""
    if period == "day":
        return days
    if period == "week":
        result: npt.NDArray[np.int64] = days - (days + 3) % 7
        return result
    raise ConfigurationError(f"period {period!r} is not one of: day, week")


@dataclass(slots=True)
class DyadSeries:
    """One row per (actor, recipient, period) with at least one event, sorted by dyad then period."""

    actor: npt.NDArray[np.int32]
    recipient: npt.NDArray[np.int32]
    start: npt.NDArray[np.int64]
    counts_by_type: npt.NDArray[np.int64]  # rows x 16, in PLOVER_TYPES order
    counts_by_quad: npt.NDArray[np.int64]  # rows x 4, quad classes 1..4
    goldstein_sum: FloatArray
    score: FloatArray
    # Sum of squared contributions: the variance of a compound-Poisson day, used by alert scaling.
    score_sq: FloatArray
    codes: list[str]
    period: Period

    def __len__(self) -> int:
        return len(self.start)

    def dyad(self, actor: str, recipient: str) -> DyadSeries:
        """The rows of one directed pair (empty if the pair never occurs)."""
        codes = {code: i for i, code in enumerate(self.codes)}
        mask = (self.actor == codes.get(actor, -1)) & (self.recipient == codes.get(recipient, -1))
        return DyadSeries(
            actor=self.actor[mask],
            recipient=self.recipient[mask],
            start=self.start[mask],
            counts_by_type=self.counts_by_type[mask],
            counts_by_quad=self.counts_by_quad[mask],
            goldstein_sum=self.goldstein_sum[mask],
            score=self.score[mask],
            score_sq=self.score_sq[mask],
            codes=self.codes,
            period=self.period,
        )

    def to_records(self) -> list[DyadDay]:
        records = []
        for row in range(len(self)):
            by_type = {PLOVER_TYPES[i]: int(n) for i, n in enumerate(self.counts_by_type[row]) if n}
            by_quad = {QUAD_NAMES[i + 1]: int(n) for i, n in enumerate(self.counts_by_quad[row]) if n}
            records.append(
                DyadDay(
                    actor=self.codes[self.actor[row]],
                    recipient=self.codes[self.recipient[row]],
                    day=from_day_number(int(self.start[row])),
                    counts_by_type=by_type,
                    counts_by_quad=by_quad,
                    goldstein_sum=float(self.goldstein_sum[row]),
                    score=float(self.score[row]),
                )
            )
        return records


def dyad_series(table: EventTable, period: Period = "day", weights: EscalationWeights | None = None) -> DyadSeries:
    """Group the table by directed pair and period: counts, Goldstein sum and escalation score."""
    starts = period_start(table.day, period)
    contribution = contributions(table, weights)
    first = int(starts.min()) if len(starts) else 0
    span = int(starts.max()) - first + 1 if len(starts) else 1
    n_codes = len(table.codes)
    # One int64 key per row, ordered dyad-major then by time, so np.unique sorts rows the way we want.
    key = (table.actor.astype(np.int64) * n_codes + table.recipient) * span + (starts - first)
    unique, group = np.unique(key, return_inverse=True)
    n = len(unique)
    n_types = len(PLOVER_TYPES)
    type_score = np.array([PLOVER_SCORE[name] for name in PLOVER_TYPES], dtype=np.float64)
    goldstein = np.where(np.isnan(table.goldstein), type_score[table.type], table.goldstein)
    by_type = np.bincount(group * n_types + table.type, minlength=n * n_types).reshape(n, n_types)
    by_quad = np.bincount(group * 4 + (table.quad - 1), minlength=n * 4).reshape(n, 4)
    dyad, offset = np.divmod(unique, span)
    actor, recipient = np.divmod(dyad, n_codes)
    return DyadSeries(
        actor=actor.astype(np.int32),
        recipient=recipient.astype(np.int32),
        start=offset + first,
        counts_by_type=by_type,
        counts_by_quad=by_quad,
        goldstein_sum=np.bincount(group, weights=goldstein, minlength=n).astype(np.float64),
        score=np.bincount(group, weights=contribution, minlength=n).astype(np.float64),
        score_sq=np.bincount(group, weights=contribution**2, minlength=n).astype(np.float64),
        codes=table.codes,
        period=period,
    )
