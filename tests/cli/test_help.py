"""Every command's --help reads at 80 columns: plain placeholders, nothing cut, the right words."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from brinkwatch.cli import app

runner = CliRunner()


def _commands() -> list[tuple[list[str], Any]]:
    """Every leaf command with its path (typer ships its own click, so groups are told by `commands`)."""
    found: list[tuple[list[str], Any]] = []

    def walk(path: list[str], command: Any) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk([*path, name], sub)
        else:
            found.append((path, command))

    walk([], typer.main.get_command(app))
    return found


COMMANDS = _commands()


def _help(path: list[str], columns: int = 80) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": str(columns)}, terminal_width=columns)
    assert result.exit_code == 0, result.output
    return result.stdout


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(path) for path, _ in COMMANDS])
def test_cli_help_fits_80_columns_without_cutting(path: list[str], command: Any) -> None:
    text = _help(path)
    assert not re.search(r"\{\w+\}", text), f"a {{name}} placeholder in:\n{text}"
    assert "<bool>" not in text and "<list[" not in text
    assert "…" not in text, f"something was cut:\n{text}"
    assert max(len(line) for line in text.splitlines()) <= 80
    for param in command.params:
        for name in param.opts:
            assert name in text if name.startswith("--") else True
        if param.param_type_name == "option" and param.help:
            assert _squeezed(param.help) in _squeezed(text), f"{param.opts} help cut in:\n{text}"


def test_cli_help_names_arguments_in_capitals() -> None:
    usage = _help(["ingest"]).splitlines()[0]
    assert usage.endswith("ingest [OPTIONS] SOURCES...")
    assert "ACTOR RECIPIENT" in _help(["escalation"]).splitlines()[0]


def test_cli_help_articles_since_is_a_publication_date() -> None:
    text = _squeezed(_help(["articles"]))
    assert "Firstpublicationdate" in text and "Firsteventdate" not in text


@pytest.mark.parametrize("command", [["escalation", "ISR", "IRN"], ["alerts"]])
def test_cli_help_analysis_names_the_store_variable(command: list[str]) -> None:
    assert "BRINKWATCH_DB" in _help(command[:1])


@pytest.mark.parametrize("path", [[], ["evaluate"], ["model"]])
def test_cli_help_groups_list_whole_summaries(path: list[str]) -> None:
    text = _help(path)
    listing = text.split("Commands:")[1]
    assert "..." not in listing and max(len(line) for line in text.splitlines()) <= 80
    assert _squeezed("Read articles into the store; a rerun skips what is stored") in _squeezed(_help([]))
