"""`brinkwatch escalation` and `brinkwatch alerts`: parse arguments, call brinkwatch.analysis, print."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from brinkwatch.analysis.alerts import AlertConfig, attach_drivers, detect_alerts
from brinkwatch.analysis.columns import day_number, table_from_fused
from brinkwatch.analysis.escalation import DyadSeries, dyad_series
from brinkwatch.analysis.plover import PLOVER_TYPES
from brinkwatch.analysis.sources import JsonlArticles
from brinkwatch.analysis.unattributed import place_alerts
from brinkwatch.cli.common import FUSE_HELP, parse_day, require_fusion
from brinkwatch.model import Alert, ChainLink, FusedEvent
from brinkwatch.serialize import to_dict
from brinkwatch.store.engine import DEFAULT_DB
from brinkwatch.store.reports import StoreArticles

__all__ = ["alerts_command", "escalation_command"]

out = Console(highlight=False, soft_wrap=True, markup=False)  # evidence text may hold [brackets]
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


class Period(StrEnum):
    day = "day"
    week = "week"


class AlertFormat(StrEnum):
    text = "text"
    json = "json"


InputOption = Annotated[
    Path | None,
    typer.Option(
        "--input", "-i", help="JSONL file of Article records with their events (instead of a store; see --db)."
    ),
]
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="BRINKWATCH_DB",
        help="Store to read when no --input is given: a SQLite file or a database URL (env BRINKWATCH_DB).",
    ),
]
FuseOption = Annotated[bool, typer.Option("--fuse/--no-fuse", help=FUSE_HELP)]
SinceOption = Annotated[str | None, typer.Option(help="First day to show, YYYY-MM-DD.")]


def escalation_command(
    actor: Annotated[str, typer.Argument(help="Acting side: a code or code prefix (ISR takes in ISRGOV, ISRMIL).")],
    recipient: Annotated[str, typer.Argument(help="Receiving side: a code or code prefix.")],
    input_path: InputOption = None,
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    until: Annotated[str | None, typer.Option(help="Last day to show, YYYY-MM-DD.")] = None,
    period: Annotated[Period, typer.Option(help="Group by day or by week (weeks start on Monday).")] = Period.day,
    chart: Annotated[
        Path | None, typer.Option(help="Where to write the PNG chart (default: escalation-ACTOR-RECIPIENT.png).")
    ] = None,
    fuse: FuseOption = False,
) -> None:
    """Print a dyad's escalation series as a table and write it as a PNG chart.

    Example: brinkwatch escalation ISR IRN --since 2026-01-01 --db brinkwatch.db

    The score is intensity x certainty weight x corroboration weight, summed per period
    (docs/escalation.md). Alerts over the whole input are shaded on the chart.
    """
    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    fused = _load(input_path, db, fuse)
    table = table_from_fused(fused).dyad(actor, recipient)
    if not len(table):
        where = input_path or db
        err.print(f"no events from {actor} to {recipient} in {where}: codes are matched as prefixes (ISR, IRNMIL)")
        return
    series = dyad_series(table, period.value)
    alerts = detect_alerts(table, dyad_series(table, "day"), named_only=False)  # the dyad the user asked for
    keep = series.start >= (day_number(first) if first else series.start.min(initial=0))
    if last is not None:
        keep &= series.start <= day_number(last)
    shown = _rows(series, keep)
    out.print(_series_table(shown, f"{actor} -> {recipient} by {period.value}"))
    from brinkwatch.analysis.chart import write_chart  # matplotlib costs a second; only this command needs it

    path = chart or Path(f"escalation-{actor}-{recipient}.png")
    write_chart(shown, [a for a in alerts if not first or a.end >= first], path, f"{actor} -> {recipient}")
    out.print(f"chart: {path}")


def _load(path: Path | None, db: str, fuse: bool) -> list[FusedEvent]:
    require_fusion(fuse)
    # A missing store is refused by StoreArticles, never created.
    fused = JsonlArticles(path, fuse=fuse).fused() if path is not None else StoreArticles(db, fuse=fuse).fused()
    undated = sum(1 for event in fused if event.start is None)
    if undated:
        err.print(f"note: {undated} fused event(s) have no date (no event date, no article date) and are left out")
    return fused


def _rows(series: DyadSeries, keep: object) -> DyadSeries:
    return DyadSeries(
        **{
            name: getattr(series, name)[keep]
            for name in (
                "actor",
                "recipient",
                "start",
                "counts_by_type",
                "counts_by_quad",
                "goldstein_sum",
                "score",
                "score_sq",
            )
        },
        codes=series.codes,
        period=series.period,
    )


def _series_table(series: DyadSeries, title: str) -> Table:
    table = Table(title=title)
    for name in ("period", "events", "coop", "conflict", "goldstein", "score", "top types"):
        table.add_column(name, justify="left" if name in ("period", "top types") else "right")
    for record in series.to_records():
        quads = list(record.counts_by_quad.items())
        coop = sum(n for name, n in quads if "cooperation" in name)
        conflict = sum(n for name, n in quads if "conflict" in name)
        ranked = sorted(record.counts_by_type.items(), key=lambda item: (-item[1], PLOVER_TYPES.index(item[0])))
        table.add_row(
            record.day.isoformat(),
            str(coop + conflict),
            str(coop),
            str(conflict),
            f"{record.goldstein_sum:.1f}",
            f"{record.score:.1f}",
            ", ".join(f"{name} {n}" for name, n in ranked[:3]),
        )
    return table


def alerts_command(
    input_path: InputOption = None,
    db: DbOption = DEFAULT_DB,
    since: SinceOption = None,
    actor: Annotated[str | None, typer.Option(help="Only dyads whose actor code starts with this.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Only dyads whose recipient code starts with this.")] = None,
    level: Annotated[
        int, typer.Option(help="Merge actor codes to this many characters (3: country level; 0: keep codes).")
    ] = 3,
    output_format: Annotated[AlertFormat, typer.Option("--format", "-f", help="Output format.")] = AlertFormat.text,
    fuse: FuseOption = False,
) -> None:
    """List escalation alerts: each dyad's score against its own baseline, with the events behind it.

    Example: brinkwatch alerts --db brinkwatch.db --since 2026-01-01 --actor ISR

    A dyad alerts only when both sides are named and it has a history (events on at least 3 of the
    28 days before); violence with no named perpetrator alerts per country instead ("unattributed
    violence in SYR"), listed when no --actor or --recipient is given.
    """
    first = parse_day(since, "--since")
    fused = _load(input_path, db, fuse)
    table = table_from_fused(fused).at_level(level or None)
    alerts = detect_alerts(table, dyad_series(table, "day"), AlertConfig())
    if actor is None and recipient is None:  # unattributed violence has no actor code to filter by
        alerts += place_alerts(fused, AlertConfig())
    alerts = sorted(
        (
            alert
            for alert in alerts
            if (first is None or alert.end >= first)
            and (actor is None or alert.actor.startswith(actor))
            and (recipient is None or alert.recipient.startswith(recipient))
        ),
        key=lambda alert: (alert.start, alert.place or "", alert.actor, alert.recipient),
    )
    attach_drivers(alerts, {event.id: event for event in fused})
    if output_format is AlertFormat.json:
        typer.echo(json.dumps(to_dict(alerts), ensure_ascii=False, indent=2))
        return
    if not alerts:
        out.print("no alerts")
    for alert in alerts:
        out.print(_describe(alert))


def _chain(link: list[ChainLink]) -> str:
    return (
        " <- ".join(f"{item.name}{' (' + item.verb + ')' if item.verb else ''}" for item in link)
        or "no attribution chain"
    )


def _report_lines(event: FusedEvent) -> list[str]:
    lines = [
        f"  {event.type} {event.actor or '?'} -> {event.recipient or '?'} on {event.start or '?'}: "
        f"{event.independent_sources} independent source(s), certainty {event.strongest_certainty}"
        f"..{event.weakest_certainty}"
    ]
    for article_id, report in list(zip(event.article_ids, event.reports, strict=True))[:3]:
        sentence = report.evidence.sentence if report.evidence else report.trigger
        lines.append(f"    [{article_id}] {sentence}")
        lines.append(f"      says: {_chain(report.claim.chain)}; {report.claim.certainty}")
    return lines


def _describe(alert: Alert) -> str:
    who = f"unattributed violence in {alert.place}" if alert.place else f"{alert.actor} -> {alert.recipient}"
    head = (
        f"ALERT {who} {alert.start} .. {alert.end}: score {alert.score:.1f} "
        f"against baseline {alert.baseline:.1f} (z = {alert.magnitude:.1f}), {len(alert.event_ids)} driving events"
    )
    return "\n".join([head, *(line for event in alert.drivers[:5] for line in _report_lines(event))])
