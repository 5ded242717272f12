"""The `brinkwatch` command: parse arguments, call the library, print. Nothing else lives here.

Library errors (BrinkwatchError) become a one-line message on stderr and the exit code the error
class documents; anything else is a bug and shows its traceback only with --debug.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from brinkwatch import __version__, cli_store, cli_web
from brinkwatch.cli_analysis import alerts_command, escalation_command
from brinkwatch.cli_coding import code_command, evaluate_petrarch, evaluate_quad
from brinkwatch.cli_geo import evaluate_app
from brinkwatch.cli_model import model_app
from brinkwatch.errors import BrinkwatchError
from brinkwatch.extract import default_pipeline, extract
from brinkwatch.intake.decode import MAX_BYTES
from brinkwatch.model import Article
from brinkwatch.provenance.text import provenance_lines
from brinkwatch.serialize import to_dict

__all__ = ["app", "main"]

app = typer.Typer(
    name="brinkwatch",
    help="Read the news; get evidence-backed political event data and escalation warnings.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(evaluate_app, name="evaluate")
app.add_typer(model_app, name="model")  # train, evaluate
err = Console(stderr=True)
_state = {"debug": False}


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
) -> None:
    """Read articles and print their Article records.

    Example: brinkwatch extract tests/samples/militia-strikes.txt --format text

    A source that fails is reported on stderr and the others still print; the exit code is that of
    the last failure (see docs/cli.md).
    """
    pipeline = default_pipeline(on_error="record")
    failure: BrinkwatchError | None = None
    for source in sources:
        try:
            article = extract(source, pipeline=pipeline, encoding=encoding, max_bytes=max_bytes, timeout=timeout)
        except BrinkwatchError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
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


def _print_article(article: Article, output_format: OutputFormat) -> None:
    if output_format is OutputFormat.text:
        typer.echo(_as_text(article))
    elif output_format is OutputFormat.jsonl:
        typer.echo(json.dumps(to_dict(article), ensure_ascii=False))
    else:
        typer.echo(json.dumps(to_dict(article), ensure_ascii=False, indent=2))


def _as_text(article: Article) -> str:
    lines = [
        f"id:              {article.id}",
        f"title:           {article.title or '-'}",
        f"outlet:          {article.outlet or '-'}",
        f"original outlet: {article.original_outlet or '-'}",
        f"byline:          {article.byline or '-'}",
        f"dateline:        {article.dateline or '-'}",
        f"published:       {article.published_at.isoformat() if article.published_at else '-'}",
        f"sentences:       {len(article.sentences)}",
    ]
    lines += [f"removed ({item.reason}): {item.text}" for item in article.removed]
    lines += [f"error in {item.stage}: {item.message}" for item in article.errors]
    lines += provenance_lines(article)
    lines += ["", *(f"[{s.index}] {s.text}" for s in article.sentences)]
    return "\n".join(lines)


cli_store.register(app)  # ingest, watch, events, articles, actors, export
cli_web.register(app)  # serve


def main() -> None:
    try:
        app()
    except BrinkwatchError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except Exception:
        if _state["debug"]:
            raise
        err.print(
            "[bold red]internal error[/] (a bug in brinkwatch): rerun with --debug for the traceback and report it.",
            markup=True,
        )
        sys.exit(1)
