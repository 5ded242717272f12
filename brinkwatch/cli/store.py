"""Store commands: ingest, watch, events, articles, actors, failures, export. Parse, call the library, print."""

from __future__ import annotations

import csv
import json
import logging
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from brinkwatch.cli.common import DEFAULT_CODER_CHOICE, CoderOption, parse_day
from brinkwatch.cli.tables import Column, fitted_table, show, terminal_width
from brinkwatch.export import ExportFormat, export_events, flat_row
from brinkwatch.extract import default_stages
from brinkwatch.model import Certainty
from brinkwatch.serialize import to_dict
from brinkwatch.store import DEFAULT_DB, ArticleQuery, EventQuery, open_store

if TYPE_CHECKING:
    from brinkwatch.engine.watch import RoundReport
    from brinkwatch.engine.writer import BatchReport

__all__ = [
    "actors_command",
    "articles_command",
    "events_command",
    "export_command",
    "failures_command",
    "ingest_command",
    "register",
    "watch_command",
]

# No markup: paths, messages and evidence print as written ("report[web].txt", "pip install 'brinkwatch[web]'").
out = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="BRINKWATCH_DB",
        help="A SQLite file or a postgresql://user@host/dbname URL (env BRINKWATCH_DB).",
    ),
]


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"


_EVENT_COLUMNS = (
    Column("event_date", "date"),
    Column("type", "type"),
    Column("actor_code", "actor"),
    Column("recipient_code", "recipient"),
    Column("certainty", "certainty"),
    Column("sentence", "sentence", "wrap", min_width=30),
    Column("chain", "chain", "optional", min_width=14),
    Column("outlet", "outlet", "optional", min_width=14),
)
_ARTICLE_COLUMNS = (
    Column("id", "id"),
    Column("published_at", "published"),
    Column("title", "title", "wrap", min_width=20),
    Column("is_copy", "copy"),
    Column("sightings", "sightings"),
    Column("events", "events"),
    Column("outlet", "outlet", "optional", min_width=14),
    Column("errors", "errors", "optional", min_width=20),
    Column("story_id", "story"),
)
_ACTOR_COLUMNS = (
    Column("code", "code"),
    Column("name", "name", "wrap", min_width=16),
    Column("mentions", "mentions"),
    Column("events_as_actor", "as actor"),
    Column("events_as_recipient", "as recipient"),
)

_FAILURE_COLUMNS = (
    Column("source_key", "source", "wrap", min_width=24),
    Column("error", "error"),
    Column("message", "message", "wrap", min_width=24),
    Column("failed_at", "failed at", "optional", min_width=25),
)


def _show(columns: tuple[Column, ...], rows: list[dict[str, object]]) -> None:
    """A table of `rows` that fits the terminal (see cli.tables); --format csv or jsonl has every field."""
    cells = [[str(row[c.key]) if row[c.key] is not None else "" for c in columns] for row in rows]
    width = terminal_width()
    show(fitted_table(columns, cells, width), width)


_SHOWN_FAILURES = 10  # a batch with thousands of bad rows would bury the summary; the rest are in the store


def _print_report(report: BatchReport, db: str) -> None:
    counts = report.counts
    rate = report.processed / report.seconds if report.seconds else 0.0
    err.print(
        f"{counts['added']} new stories, {counts['copy']} copies linked to a story, {counts['exists']} exact "
        f"copies, {counts['failed']} failed, {report.skipped} already stored; {rate:.1f} articles/s"
    )
    if report.undated:
        err.print(
            f"{report.undated} new article(s) have no publication date: their events are dated only where the "
            "text says when, and left out of series and alerts otherwise"
        )
    for key, message in report.failures[:_SHOWN_FAILURES]:
        err.print(Text.assemble(("failed", "red"), f" {key}: {message}"))
    more = counts["failed"] - min(len(report.failures), _SHOWN_FAILURES)
    if more > 0:
        err.print(f"and {more} more: brinkwatch failures --db {db} lists them all")


def ingest_command(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, globs, .jsonl/.csv, .warc(.gz), URLs.")],
    db: DbOption = DEFAULT_DB,
    engine: Annotated[str, typer.Option(help="local (process pool) or dask.")] = "local",
    processes: Annotated[int | None, typer.Option(help="Worker processes (default: one per core).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786.")] = None,
    text_column: Annotated[str, typer.Option(help="The column holding the text in JSONL/CSV rows.")] = "text",
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = sys.stderr.isatty(),
    coder: CoderOption = DEFAULT_CODER_CHOICE,
) -> None:
    """Read articles into the store; a rerun skips what is stored, so it resumes an interrupted batch.

    Example: brinkwatch ingest ../shared/data/news/wikinews_2019.csv --db brinkwatch.db

    A source that fails (a missing path, an empty or unreadable file, a bad row) is recorded in the
    store and the batch goes on; `brinkwatch failures` lists them, a rerun tries them again, and the
    exit code is that of the last failure.
    """
    from brinkwatch.engine import ingest  # the engine pulls in numpy and datasketch: only when ingesting

    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"unknown engine {engine!r}; use local or dask", param_hint="--engine")
    store = open_store(db)
    try:
        report = ingest(
            sources,
            store,
            engine="dask" if engine == "dask" else "local",
            processes=processes,
            scheduler=scheduler,
            text_column=text_column,
            progress=progress,
            factory=partial(default_stages, coder.value),
        )
    finally:
        store.close()
    _print_report(report, db)
    if report.exit_code:  # every item was tried; the exit code says that some failed (docs/cli.md)
        raise typer.Exit(report.exit_code)


def watch_command(
    feeds: Annotated[Path, typer.Argument(help="A text file with one RSS/Atom feed URL per line.")],
    every: Annotated[str, typer.Option(help="How often to poll: 30s, 15m, 1h.")] = "15m",
    db: DbOption = DEFAULT_DB,
    rounds: Annotated[int | None, typer.Option(help="Stop after this many rounds (default: run until Ctrl-C).")] = None,
) -> None:
    """Poll feeds and ingest new entries, honouring robots.txt; feed errors are logged, never fatal.

    Example: brinkwatch watch feeds.txt --every 15m --db brinkwatch.db
    """
    from brinkwatch.engine.watch import parse_interval, watch

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    interval = parse_interval(every)
    store = open_store(db)

    def said(number: int, report: RoundReport) -> None:
        batch = report.batch
        new = (batch.counts["added"] + batch.counts["copy"]) if batch else 0
        err.print(
            f"round {number}: {report.feeds} feeds, {report.not_modified} unchanged, {new} new articles, "
            f"{len(report.errors)} errors"
        )

    try:
        watch(feeds, store, every=interval, rounds=rounds, on_round=said)
    except KeyboardInterrupt:
        err.print("stopped")
    finally:
        store.close()


ActorOption = Annotated[str | None, typer.Option(help="Actor code (prefix: ISR also finds ISRGOV).")]
RecipientOption = Annotated[str | None, typer.Option(help="Recipient code (prefix match).")]
TypeOption = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")]
SinceOption = Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD.")]
CertaintyOption = Annotated[
    Certainty | None,
    typer.Option(
        metavar="CERTAINTY",
        help="Weakest certainty to keep, from asserted > reported > claimed > alleged > suspected > denied > "
        "threatened > future > hypothetical > negated.",
    ),
]
CopiesOption = Annotated[bool, typer.Option(help="Also list events read from syndicated copies.")]
LimitOption = Annotated[int | None, typer.Option(help="At most this many rows.")]


def events_command(
    actor: ActorOption = None,
    recipient: RecipientOption = None,
    event_type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_certainty: CertaintyOption = None,
    include_copies: CopiesOption = False,
    limit: LimitOption = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List stored events, filtered.

    Example: brinkwatch events --actor ISR --recipient IRN --type ASSAULT --since 2019-01-01 --min-certainty reported
    """
    dates = parse_day(since, "--since"), parse_day(until, "--until")
    query = EventQuery(actor, recipient, event_type, *dates, min_certainty, include_copies, limit)
    store = open_store(db, create=False)
    try:
        found = store.events(query)
        if output_format is ListFormat.jsonl:
            for item in found:
                out.out(json.dumps(to_dict(item), ensure_ascii=False))
        elif output_format is ListFormat.csv:
            export_events(store, query, ExportFormat.csv, sys.stdout)
        else:
            _show(_EVENT_COLUMNS, [flat_row(item) for item in found])
    finally:
        store.close()


def articles_command(
    since: Annotated[str | None, typer.Option(help="First publication date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last publication date, YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    with_errors: Annotated[
        bool, typer.Option(help="Only articles with intake notes (bad bytes, a bad date) or a failed stage.")
    ] = False,
    limit: LimitOption = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List stored articles with their story, copy status and event count.

    Example: brinkwatch articles --since 2019-01-01 --limit 20
    """
    query = ArticleQuery(parse_day(since, "--since"), parse_day(until, "--until"), outlet, with_errors, limit=limit)
    store = open_store(db, create=False)
    try:
        columns = ("id", "published_at", "outlet", "title", "story_id", "is_copy", "sightings", "events", "errors")
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        if output_format is ListFormat.csv:
            writer.writeheader()
        rows: list[dict[str, object]] = []
        for found in store.articles(query):
            article = found.article
            row = {
                "id": article.id,
                "published_at": article.published_at.date().isoformat() if article.published_at else "",
                "outlet": article.outlet or "",
                "title": article.title or "",
                "story_id": article.story_id or "",
                "is_copy": found.is_copy,
                "sightings": found.sightings,
                "events": found.events,
                "errors": "; ".join(f"{e.stage}: {e.message}" for e in article.errors),
            }
            if output_format is ListFormat.jsonl:
                out.out(json.dumps(to_dict(found), ensure_ascii=False))
            elif output_format is ListFormat.csv:
                writer.writerow(row)
            else:
                rows.append(row)
        if output_format is ListFormat.table:
            _show(_ARTICLE_COLUMNS, rows)
    finally:
        store.close()


def actors_command(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List coded actors with their mention and event counts (copies not counted).

    Example: brinkwatch actors --format csv
    """
    store = open_store(db, create=False)
    try:
        found = store.actors()
    finally:
        store.close()
    columns = ("code", "name", "mentions", "events_as_actor", "events_as_recipient")
    rows = [to_dict(actor) for actor in found]
    if output_format is ListFormat.jsonl:
        for row in rows:
            out.out(json.dumps(row, ensure_ascii=False))
    elif output_format is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _show(_ACTOR_COLUMNS, rows)


def failures_command(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List the inputs that did not become an article (missing, empty, unreadable, failed fetch).

    Example: brinkwatch failures --format csv

    Each source appears once, with its latest error; storing it on a later ingest removes it.
    """
    store = open_store(db, create=False)
    try:
        found = store.failures()
    finally:
        store.close()
    columns = ("source_key", "error", "message", "failed_at")
    rows: list[dict[str, object]] = [
        dict(zip(columns, (*failure[:3], failure.failed_at.isoformat()), strict=True)) for failure in found
    ]
    if output_format is ListFormat.jsonl:
        for row in rows:
            out.out(json.dumps(row, ensure_ascii=False))
    elif output_format is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        _show(_FAILURE_COLUMNS, rows)  # the source and the message are the point here: wrapped, never cut


def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    export_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, parquet, plover or gdelt.")],
    actor: ActorOption = None,
    recipient: RecipientOption = None,
    event_type: TypeOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_certainty: CertaintyOption = None,
    include_copies: CopiesOption = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export events as CSV, Parquet, PLOVER JSONL records or a GDELT 2.0 event table.

    Example: brinkwatch export --format gdelt --output events.tsv --since 2019-01-01
    """
    dates = parse_day(since, "--since"), parse_day(until, "--until")
    query = EventQuery(actor, recipient, event_type, *dates, min_certainty, include_copies)
    store = open_store(db, create=False)
    try:
        written = export_events(store, query, export_format, output)
    finally:
        store.close()
    err.print(f"wrote {written} events to {output}")


def register(app: typer.Typer) -> None:
    """Add the store commands to the main `brinkwatch` app."""
    app.command("ingest")(ingest_command)
    app.command("watch")(watch_command)
    app.command("events")(events_command)
    app.command("articles")(articles_command)
    app.command("actors")(actors_command)
    app.command("failures")(failures_command)
    app.command("export")(export_command)
