"""Argument parsing shared by the command modules."""

from __future__ import annotations

from datetime import date

import typer

__all__ = ["parse_day"]


def parse_day(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value as a date; a usage error (exit 2) naming the option otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD", param_hint=option) from exc
