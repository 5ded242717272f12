"""Series and alerts for a million events: time each step and print a table.

    PYTHONPATH=. python benchmarks/escalation_speed.py [--events 1000000] [--dyads 1000] [--days 730]

The events are a synthetic stream (brinkwatch.evaluate.synthetic) already in columns, as a store
hands them over (one SELECT into arrays). Target (issue 7): series and alerts in <= 30 s on the
2-core development machine. Also times building the columns from FusedEvent records, the path the
JSONL input takes, on a slice, and scores the alerts against the planted escalations.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from brinkwatch.analysis.alerts import AlertConfig, detect_alerts
from brinkwatch.analysis.columns import from_day_number, table_from_fused
from brinkwatch.analysis.escalation import dyad_series
from brinkwatch.analysis.plover import CERTAINTY_ORDER, PLOVER_TYPES
from brinkwatch.evaluate.alerts_eval import evaluate_alerts
from brinkwatch.evaluate.synthetic import make_stream
from brinkwatch.model import Event, FusedEvent

T = TypeVar("T")


def timed(rows: list[tuple[str, str, float]], step: str, detail: Callable[[T], str], run: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = run()
    rows.append((step, detail(result), time.perf_counter() - start))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--dyads", type=int, default=1000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--records", type=int, default=100_000, help="slice timed through FusedEvent records")
    args = parser.parse_args()
    rate = args.events / (args.dyads * args.days) / 1.025  # planted surges add about 2.5%
    rows: list[tuple[str, str, float]] = []
    stream = timed(
        rows,
        "generate stream (columns)",
        lambda s: f"{len(s.table):,} events, {args.dyads} dyads, {args.days} days",
        lambda: make_stream(n_dyads=args.dyads, n_days=args.days, events_per_day=rate, seed=11),
    )
    table = stream.table
    daily = timed(rows, "dyad series by day", lambda s: f"{len(s):,} dyad-days", lambda: dyad_series(table, "day"))
    timed(rows, "dyad series by week", lambda s: f"{len(s):,} dyad-weeks", lambda: dyad_series(table, "week"))
    alerts = timed(
        rows, "alerts (robust z, hysteresis)", lambda a: f"{len(a):,} alerts", lambda: detect_alerts(table, daily)
    )
    series_and_alerts = sum(seconds for step, _, seconds in rows[1:])
    rows.append(("series (day + week) + alerts", "target <= 30 s", series_and_alerts))
    records = [
        FusedEvent(
            id=str(table.event_id[i]),
            type=PLOVER_TYPES[table.type[i]],
            reports=[Event(type=PLOVER_TYPES[table.type[i]])],
            independent_sources=int(table.sources[i]),
            strongest_certainty=CERTAINTY_ORDER[table.certainty[i]],
            actor=table.codes[table.actor[i]],
            recipient=table.codes[table.recipient[i]],
            start=from_day_number(int(table.day[i])),
        )
        for i in range(min(args.records, len(table)))
    ]
    timed(rows, "columns from FusedEvent records", lambda t: f"{len(t):,} records", lambda: table_from_fused(records))
    codes = table.codes
    dyads = sorted({(codes[a], codes[b]) for a, b in zip(table.actor, table.recipient, strict=True)})
    result = evaluate_alerts(
        alerts,
        stream.planted,
        dyads=dyads,
        first_day=stream.first_day,
        last_day=stream.first_day + timedelta(days=stream.n_days - 1),
        warm_up=AlertConfig().window,
    )
    print(f"{'step':<34} {'size':<40} {'seconds':>8}")
    for step, detail, seconds in rows:
        print(f"{step:<34} {detail:<40} {seconds:>8.2f}")
    print(
        f"\nplanted escalations: {result.planted}, caught within a day: {result.detection_rate:.1%}, "
        f"mean delay {result.mean_delay_days:.2f} days, false-alarm dyad-days: {result.false_alarm_rate:.2%} "
        f"({result.false_alarm_days:,} of {result.quiet_days:,})"
    )


if __name__ == "__main__":
    main()
