"""The `brinkwatch` command: this module builds the typer app; one module per command group adds its commands.

`store` (ingest, watch, events, articles, actors, export), `coding` (code, evaluate petrarch|quad),
`analysis` (escalation, alerts), `geo` (evaluate geo), `model` (model train|evaluate), `web` (serve)
and `common` (option parsing they share). Each parses arguments, calls the library and prints.

Library errors (BrinkwatchError) become a one-line message on stderr and the exit code the error
class documents, here and nowhere else (`BrinkwatchGroup`); anything else is a bug and shows its
traceback only with --debug (`main`).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from brinkwatch import __version__
from brinkwatch.cli import store, web
from brinkwatch.cli.analysis import alerts_command, escalation_command
from brinkwatch.cli.coding import code_command, evaluate_events_command, evaluate_petrarch, evaluate_quad
from brinkwatch.cli.common import DEFAULT_CODER_CHOICE, BrinkwatchTyper, CoderOption, HelpGroup
from brinkwatch.cli.geo import evaluate_app
from brinkwatch.cli.model import model_app
from brinkwatch.errors import BrinkwatchError
from brinkwatch.extract import default_pipeline, default_stages, extract
from brinkwatch.intake.decode import MAX_BYTES
from brinkwatch.intake.notes import INTAKE
from brinkwatch.model import Article
from brinkwatch.provenance.text import provenance_lines
from brinkwatch.serialize import to_dict

__all__ = ["BrinkwatchGroup", "app", "main"]

err = Console(stderr=True)
_state = {"debug": False}


def _say_error(exc: BrinkwatchError) -> None:
    """A library error as one line on stderr (the message is printed as it is, brackets and all)."""
    err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True)


class BrinkwatchGroup(HelpGroup):
    """The root command group: the one place a library error becomes its message and exit code (docs/cli.md)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrinkwatchError as exc:
            _say_error(exc)
            raise typer.Exit(exc.exit_code) from exc


app = BrinkwatchTyper(
    name="brinkwatch",
    cls=BrinkwatchGroup,
    help="Read the news; get evidence-backed political event data and escalation warnings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(model_app, name="model")  # train, evaluate


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"brinkwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks for unexpected errors.")] = False,
) -> None:
    """brinkwatch: events, provenance and escalation from news text.

    Example: brinkwatch extract article.txt --format text
    """
    _state["debug"] = debug


@app.command("extract")
def extract_command(
    sources: Annotated[list[str], typer.Argument(help="Article files, http(s) URLs, or - for standard input.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.json,
    encoding: Annotated[
        str | None, typer.Option(help="Force an input encoding (default: detect utf-8/cp1252/latin-1).")
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse inputs larger than this.")] = MAX_BYTES,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a URL.")] = 15.0,
    coder: CoderOption = DEFAULT_CODER_CHOICE,
) -> None:
    """Read articles and print their Article records.

    Example: brinkwatch extract tests/samples/militia-strikes.txt --format text

    A source that fails is reported on stderr and the others still print; the exit code is that of
    the last failure (see docs/cli.md).
    """
    pipeline = default_pipeline(on_error="record", stages=default_stages(coder.value))
    failure: BrinkwatchError | None = None
    for source in sources:
        try:
            article = extract(source, pipeline=pipeline, encoding=encoding, max_bytes=max_bytes, timeout=timeout)
        except BrinkwatchError as exc:  # the batch goes on; the exit code is that of the last failure
            _say_error(exc)
            failure = exc
            continue
        _print_article(article, output_format)
    if failure is not None:
        raise typer.Exit(failure.exit_code)


app.command("escalation")(escalation_command)
app.command("alerts")(alerts_command)
app.command("code")(code_command)
evaluate_app.command("petrarch")(evaluate_petrarch)
evaluate_app.command("quad")(evaluate_quad)
evaluate_app.command("events")(evaluate_events_command)


def _print_article(article: Article, output_format: OutputFormat) -> None:
    if output_format is OutputFormat.text:
        typer.echo(_as_text(article))
    elif output_format is OutputFormat.jsonl:
        typer.echo(json.dumps(to_dict(article), ensure_ascii=False))
    else:
        typer.echo(json.dumps(to_dict(article), ensure_ascii=False, indent=2))


_UNDATED = "unknown (no date in the metadata or the text)"


def _as_text(article: Article) -> str:
    lines = [
        f"id:              {article.id}",
        f"title:           {article.title or '-'}",
        f"outlet:          {article.outlet or '-'}",
        f"original outlet: {article.original_outlet or '-'}",
        f"byline:          {article.byline or '-'}",
        f"dateline:        {article.dateline or '-'}",
        f"published:       {article.published_at.isoformat() if article.published_at else _UNDATED}",
        f"sentences:       {len(article.sentences)}",
    ]
    lines += [f"removed ({item.reason}): {item.text}" for item in article.removed]
    lines += [
        f"note ({item.error}): {item.message}" if item.stage == INTAKE else f"error in {item.stage}: {item.message}"
        for item in article.errors
    ]
    lines += provenance_lines(article)
    lines += ["", *(f"[{s.index}] {s.text}" for s in article.sentences)]
    return "\n".join(lines)


store.register(app)  # ingest, watch, events, articles, actors, failures, export
web.register(app)  # serve


def main() -> None:
    """The console script: library errors are mapped by `BrinkwatchGroup`; anything else is a bug."""
    try:
        app()
    except Exception:
        if _state["debug"]:
            raise
        err.print(
            "[bold red]internal error[/] (a bug in brinkwatch): rerun with --debug for the traceback and report it.",
            markup=True,
        )
        sys.exit(1)
