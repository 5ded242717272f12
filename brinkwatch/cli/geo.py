"""`brinkwatch evaluate geo`: the places-and-dates evaluation, as a plain function the CLI registers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from brinkwatch.cli.common import BrinkwatchTyper
from brinkwatch.evaluate.geo import DEFAULT_SET, evaluate_geo, format_report

__all__ = ["evaluate_app", "evaluate_geo_command"]

evaluate_app = BrinkwatchTyper(help="Rerun the evaluation sets and print accuracy tables.", no_args_is_help=True)


@evaluate_app.command("geo")
def evaluate_geo_command(
    data: Annotated[Path, typer.Option("--set", help="The evaluation set (JSON lines).")] = DEFAULT_SET,
    errors: Annotated[bool, typer.Option("--errors", help="Also list every mismatch.")] = False,
) -> None:
    """Place, date and event-location accuracy on the hand-written geo set, by category.

    Example: brinkwatch evaluate geo --errors
    """
    report = evaluate_geo(data)
    typer.echo(format_report(report))
    if errors:
        typer.echo("\n".join(["", *report.errors]))
