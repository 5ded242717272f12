"""Alerts: a dyad's escalation score against its own recent baseline, with hysteresis.

For each directed pair and period t, over the `window` periods before t (zeros where nothing
happened):

    baseline = median(window)
    scale    = max(1.4826 x MAD(window), sqrt(mean(score_sq over window)), min_scale)
    z        = (score_t - baseline) / scale

MAD is the robust spread; the compound-Poisson term sqrt(mean sum of squared contributions) keeps a
quiet dyad (MAD 0) from alerting on one stray event; `min_scale` is a last floor. An alert opens
when z >= z_on and score_t - baseline >= min_rise, and closes only after `cool_down` periods in a
row with z < z_off: two thresholds and a cool-down, so a noisy escalation yields one alert, not a
flapping series. Dyads whose score never rises `min_rise` above their own minimum are skipped
before any median is computed, which is what keeps a million events fast.

An alert also needs a named dyad and a history. Both sides must be named: an unknown (UNK) or
unidentified armed (UAF) side is no dyad to watch (unknown-actor violence has its own series per
place, `analysis.unattributed`); and the dyad must have had events in at least `min_history` of the
`window` periods before, so a dyad seen for the first time is not "escalating" against a baseline
of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from brinkwatch.analysis.columns import EventTable, from_day_number
from brinkwatch.analysis.escalation import DyadSeries, EscalationWeights, contributions, dyad_series
from brinkwatch.analysis.fusion import WILDCARD_CODES
from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Alert, FusedEvent

__all__ = ["AlertConfig", "attach_drivers", "detect_alerts", "named", "zscores"]

FloatArray = npt.NDArray[np.float64]
# Cells per chunk of the (dyads x periods x window) baseline tensor: bounds memory near 200 MB.
CHUNK_CELLS = 25_000_000


@dataclass(frozen=True, slots=True)
class AlertConfig:
    window: int = 28
    z_on: float = 4.0
    z_off: float = 1.5
    cool_down: int = 2
    min_rise: float = 15.0
    min_scale: float = 1.0
    max_drivers: int = 10
    min_history: int = 3  # periods with events among the `window` before an onset

    def __post_init__(self) -> None:
        if (
            self.window < 3
            or self.cool_down < 1
            or self.z_off > self.z_on
            or self.min_scale <= 0
            or not 0 <= self.min_history <= self.window
        ):
            raise ConfigurationError(
                f"alert config {self}: need window >= 3, cool_down >= 1, z_off <= z_on, min_scale > 0 and "
                "0 <= min_history <= window"
            )


def named(code: str) -> bool:
    """A side an alert can name: not unknown (UNK) and not an unidentified armed force (UAF)."""
    return bool(code) and not code.startswith(WILDCARD_CODES)


@dataclass(slots=True)
class _Dense:
    """Chosen dyads' scores on a dense period grid (one step = one day or one week)."""

    pairs: npt.NDArray[np.int64]  # dyad row -> actor * n_codes + recipient
    first: int  # day number of grid column 0
    step: int
    score: FloatArray  # dyads x periods
    score_sq: FloatArray
    active: FloatArray  # 1 where the dyad had events in the period


def _densify(series: DyadSeries, config: AlertConfig, *, named_only: bool) -> _Dense:
    step = 7 if series.period == "week" else 1
    n_codes = len(series.codes)
    pair = series.actor.astype(np.int64) * n_codes + series.recipient
    first = int(series.start.min()) if len(series) else 0
    n_periods = (int(series.start.max()) - first) // step + 1 if len(series) else 0
    column = (series.start - first) // step
    # Skip dyads that can never rise min_rise above their own minimum (zero counts for quiet periods).
    pairs, row = np.unique(pair, return_inverse=True)
    peak = np.full(len(pairs), -np.inf)
    low = np.zeros(len(pairs))
    np.maximum.at(peak, row, series.score)
    np.minimum.at(low, row, series.score)
    rising = peak - low >= config.min_rise
    if named_only:
        is_named = np.array([named(code) for code in series.codes], dtype=bool)
        rising &= is_named[pairs // n_codes] & is_named[pairs % n_codes]
    keep = np.flatnonzero(rising)
    position = np.full(len(pairs), -1)
    position[keep] = np.arange(len(keep))
    rows = position[row]
    chosen = rows >= 0
    score = np.zeros((len(keep), n_periods))
    score_sq = np.zeros((len(keep), n_periods))
    score[rows[chosen], column[chosen]] = series.score[chosen]
    score_sq[rows[chosen], column[chosen]] = series.score_sq[chosen]
    active = np.zeros((len(keep), n_periods))
    active[rows[chosen], column[chosen]] = (series.counts_by_type[chosen].sum(axis=1) > 0).astype(np.float64)
    return _Dense(pairs=pairs[keep], first=first, step=step, score=score, score_sq=score_sq, active=active)


def _history(active: FloatArray, window: int) -> FloatArray:
    """Per cell, in how many of the `window` periods before it the dyad was `active` (0/1 cells)."""
    cumulative = np.cumsum(np.pad(active, ((0, 0), (1, 0))), axis=1)
    history = np.zeros(active.shape)
    n_periods = active.shape[1]
    if n_periods > window:
        history[:, window:] = cumulative[:, window:n_periods] - cumulative[:, : n_periods - window]
    early = min(window, n_periods)  # no z there yet; filled for completeness
    history[:, :early] = cumulative[:, :early]
    return history


def zscores(score: FloatArray, score_sq: FloatArray, config: AlertConfig) -> tuple[FloatArray, FloatArray]:
    """Robust z and baseline per cell of a dyads x periods grid; NaN for the first `window` periods."""
    n_dyads, n_periods = score.shape
    z = np.full(score.shape, np.nan)
    baseline = np.full(score.shape, np.nan)
    if n_periods <= config.window:
        return z, baseline
    per_dyad = (n_periods - config.window) * config.window
    chunk = max(1, CHUNK_CELLS // max(per_dyad, 1))
    for lo in range(0, n_dyads, chunk):
        hi = min(lo + chunk, n_dyads)
        # windows[:, t] covers periods t .. t+window-1, the baseline of period t+window.
        windows = sliding_window_view(score[lo:hi, :-1], config.window, axis=1)
        median = np.median(windows, axis=2)
        mad = np.median(np.abs(windows - median[:, :, None]), axis=2)
        cumulative = np.cumsum(np.pad(score_sq[lo:hi, :-1], ((0, 0), (1, 0))), axis=1)
        mean_sq = (cumulative[:, config.window :] - cumulative[:, : -config.window]) / config.window
        scale = np.maximum(np.maximum(1.4826 * mad, np.sqrt(mean_sq)), config.min_scale)
        z[lo:hi, config.window :] = (score[lo:hi, config.window :] - median) / scale
        baseline[lo:hi, config.window :] = median
    return z, baseline


def _episodes(z: FloatArray, rise: FloatArray, history: FloatArray, config: AlertConfig) -> list[tuple[int, int, int]]:
    """(dyad row, first period, last period) of each alert, by the hysteresis state machine."""
    opens = (z >= config.z_on) & (rise >= config.min_rise) & (history >= config.min_history)
    episodes = []
    for row in np.flatnonzero(opens.any(axis=1)):
        t = 0
        n = z.shape[1]
        while t < n:
            candidates = np.flatnonzero(opens[row, t:])
            if not len(candidates):
                break
            start = t + int(candidates[0])
            last_high, quiet, t = start, 0, start + 1
            while t < n and quiet < config.cool_down:
                if z[row, t] >= config.z_off:
                    last_high, quiet = t, 0
                else:
                    quiet += 1
                t += 1
            episodes.append((int(row), start, last_high))
    return episodes


def detect_alerts(
    table: EventTable,
    series: DyadSeries | None = None,
    config: AlertConfig | None = None,
    weights: EscalationWeights | None = None,
    *,
    named_only: bool = True,
) -> list[Alert]:
    """Alerts for every named dyad, oldest first, on the daily series of `table` (or on `series`, built
    from `table` with the same weights: pass a weekly one to alert by week, `window` then counts weeks).

    `named_only=False` also watches pairs with an unknown side: for a dyad the caller chose, or for
    the per-place series of unattributed violence."""
    config = config or AlertConfig()
    series = series if series is not None else dyad_series(table, "day", weights)
    dense = _densify(series, config, named_only=named_only)
    z, baseline = zscores(dense.score, dense.score_sq, config)
    z = np.nan_to_num(z, nan=-np.inf)
    # History is ordinary activity: a period already above z_off is the surge itself, and must not
    # give a dyad first seen yesterday the history that lets it alert today.
    history = _history(dense.active * (z < config.z_off), config.window)
    with np.errstate(invalid="ignore"):
        rise = dense.score - np.nan_to_num(baseline)
        episodes = _episodes(z, rise, history, config)
    finder = _DriverFinder(table, weights, series.period)
    alerts = []
    n_codes = len(series.codes)
    for row, start, end in episodes:
        actor, recipient = divmod(int(dense.pairs[row]), n_codes)
        first_day = dense.first + start * dense.step
        last_day = dense.first + end * dense.step + dense.step - 1
        peak = start + int(np.argmax(z[row, start : end + 1]))
        alerts.append(
            Alert(
                actor=series.codes[actor],
                recipient=series.codes[recipient],
                start=from_day_number(first_day),
                end=from_day_number(last_day),
                score=float(dense.score[row, peak]),
                baseline=float(baseline[row, peak]),
                magnitude=float(z[row, peak]),
                event_ids=finder.top(actor, recipient, first_day, last_day, config.max_drivers),
                period=series.period,
            )
        )
    alerts.sort(key=lambda alert: (alert.start, alert.actor, alert.recipient))
    return alerts


class _DriverFinder:
    """Finds the events that contributed most to a dyad's score in a span of days."""

    def __init__(self, table: EventTable, weights: EscalationWeights | None, period: str) -> None:
        n_codes = len(table.codes)
        self._pair = table.actor.astype(np.int64) * n_codes + table.recipient
        self._order = np.lexsort((table.day, self._pair))
        self._sorted_pair = self._pair[self._order]
        self._days = table.day
        self._contribution = contributions(table, weights)
        self._ids = table.event_id
        self._n_codes = n_codes

    def top(self, actor: int, recipient: int, first_day: int, last_day: int, limit: int) -> list[str]:
        pair = actor * self._n_codes + recipient
        lo, hi = np.searchsorted(self._sorted_pair, [pair, pair + 1])
        rows = self._order[lo:hi]
        rows = rows[(self._days[rows] >= first_day) & (self._days[rows] <= last_day)]
        ranked = rows[np.argsort(-self._contribution[rows], kind="stable")][:limit]
        return [str(self._ids[i]) for i in ranked]


def attach_drivers(alerts: list[Alert], fused: dict[str, FusedEvent]) -> list[Alert]:
    """Fill each alert's `drivers` with the fused events (reports, evidence, chains) behind its ids."""
    for alert in alerts:
        alert.drivers = [fused[event_id] for event_id in alert.event_ids if event_id in fused]
    return alerts
