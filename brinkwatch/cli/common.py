"""Argument parsing and help formatting shared by the command modules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from brinkwatch.errors import ConfigurationError
from brinkwatch.extract import DEFAULT_CODER

__all__ = [
    "DEFAULT_CODER_CHOICE",
    "FUSE_HELP",
    "BrinkwatchCommand",
    "BrinkwatchTyper",
    "CoderChoice",
    "CoderOption",
    "HelpGroup",
    "parse_day",
    "require_fusion",
]

# One default for every command that can fuse (escalation, alerts, serve): off, so a core install runs them.
FUSE_HELP = "Fuse reports of one occurrence with MiniLM before counting (needs the analysis extra)."


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


def require_fusion(fuse: bool) -> None:
    """Refuse --fuse up front, naming the flag and the extra, when MiniLM's packages are not installed."""
    if not fuse:
        return
    from brinkwatch.analysis.embeddings import missing_runtime

    missing = missing_runtime()
    if missing is not None:
        raise ConfigurationError(
            f"--fuse needs the analysis extra ({missing} is missing): pip install 'brinkwatch[analysis]'; "
            "or leave out --fuse to count each report on its own"
        )


def _argument_name(param: Any, *, usage: bool) -> str:
    """SOURCES... and [ACTOR]: the click convention, where typer writes {sources}... and <list[str]>."""
    name = str(param.metavar or param.name).upper()
    if param.nargs != 1:
        name += "..."
    return f"[{name}]" if usage and not param.required else name


def _summary(command: Any) -> str:
    """A command's first help paragraph, whole: click cuts it to 45 characters with '...' in a group's list,
    while its definition list wraps a long one to the terminal anyway."""
    if command.short_help:
        return str(command.short_help)
    paragraph = (command.help or "").strip().split("\n\n")[0]
    return " ".join(paragraph.split())


class HelpGroup(TyperGroup):
    """A command group that lists its commands' summaries whole."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return _summary(self)


class BrinkwatchCommand(TyperCommand):
    """A command whose usage line and argument list name arguments in capitals, without type tags."""

    def get_short_help_str(self, limit: int = 45) -> str:
        return _summary(self)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        params = self.get_params(ctx)
        return pieces + [_argument_name(p, usage=True) for p in params if p.param_type_name == "argument"]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_name(param, usage=False), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class BrinkwatchTyper(typer.Typer):
    """A typer app with plain click help: rich's help panels cut options at 80 columns and tag flags
    `<bool>`; click's wraps every line to the terminal. Its commands are `BrinkwatchCommand`s."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("cls", HelpGroup)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", BrinkwatchCommand)
        return super().command(*args, **kwargs)
