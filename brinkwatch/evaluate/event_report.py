"""The table `brinkwatch evaluate events` prints: one rich Group per set kind, from the JSON-ready result."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table

__all__ = ["event_table"]


def _pct(value: float) -> str:
    return f"{100 * value:.1f}"


def _gold(result: dict[str, Any]) -> list[RenderableType]:
    main = Table(title=f"{result['set']}, {result['coder']} coder: {result['articles']} articles")
    for column in ("measure", "precision", "recall", "F1"):
        main.add_column(column, justify="right" if column != "measure" else "left")
    for name, key in (("events", "event"), ("full match (type, actor, recipient)", "full_match")):
        scores = result[key]
        main.add_row(name, _pct(scores["precision"]), _pct(scores["recall"]), _pct(scores["f1"]))
    counts = result["events"]
    fields = Table(title=f"over {counts['found']} found events (system {counts['system']}, gold {counts['gold']})")
    fields.add_column("field")
    fields.add_column("accuracy %", justify="right")
    for name, value in result["fields"].items():
        fields.add_row(name, _pct(value))
    several = result["several_per_sentence"]
    fields.add_row("sentences with 2+ events: system / gold", f"{_pct(several['system'])} / {_pct(several['gold'])}")
    confusion = Table(title="confusion (gold > system; NONE: no event)")
    confusion.add_column("gold > system")
    confusion.add_column("n", justify="right")
    for pair, count in sorted(result["confusion"].items(), key=lambda item: -item[1])[:20]:
        confusion.add_row(pair, str(count))
    return [main, fields, confusion]


def _plv(result: dict[str, Any]) -> list[RenderableType]:
    table = Table(title=f"plv-dev, {result['coder']} coder: {result['sentences']} sentences")
    table.add_column("measure")
    table.add_column("%", justify="right")
    table.add_row("type accuracy given the dyad", _pct(result["type_given_dyad"]["accuracy"]))
    table.add_row("type macro-F1 given the dyad", _pct(result["type_given_dyad"]["macro_f1"]))
    table.add_row("end-to-end recall of (type, dyad)", _pct(result["end_to_end_recall"]))
    return [table]


def _petrarch(result: dict[str, Any]) -> list[RenderableType]:
    table = Table(title=f"petrarch, {result['coder']} coder: {result['records']} records (types only)")
    table.add_column("measure")
    table.add_column("%", justify="right")
    for name in ("precision", "recall", "f1"):
        table.add_row(f"event type {name}", _pct(result["type"][name]))
    table.add_row("records with exactly the right types", _pct(result["records_exactly_right"]))
    return [table]


def _errors(result: dict[str, Any]) -> list[RenderableType]:
    if not result.get("errors"):
        return []
    table = Table(title="errors")
    for column in ("kind", "system", "gold", "sentence"):
        table.add_column(column, overflow="fold")
    for error in result["errors"]:
        table.add_row(error["kind"], error["system"] or "-", error["gold"] or "-", error["sentence"])
    return [table]


def event_table(result: dict[str, Any]) -> Group:
    if result["set"].startswith("gold"):
        parts = _gold(result)
    elif result["set"] == "plv-dev":
        parts = _plv(result)
    else:
        parts = _petrarch(result)
    return Group(*parts, *_errors(result))
