"""Argument parsing shared by the command modules."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from brinkwatch.extract import DEFAULT_CODER

__all__ = ["CoderChoice", "CoderOption", "parse_day"]


class CoderChoice(StrEnum):
    rules = "rules"
    model = "model"


CoderOption = Annotated[
    CoderChoice,
    typer.Option(
        "--coder",
        help="The event coder: model (the learned coder, docs/event-model.md) or rules (the verb dictionary).",
    ),
]
DEFAULT_CODER_CHOICE = CoderChoice(DEFAULT_CODER)


def parse_day(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date; a usage error (exit 2) naming the option otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD", param_hint=option) from exc
