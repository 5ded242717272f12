from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brinkwatch import __version__
from brinkwatch.cli import app

runner = CliRunner()


def test_cli_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_cli_extract_json_prints_an_article(samples: Path) -> None:
    result = runner.invoke(app, ["extract", str(samples / "militia-strikes.txt"), "--format", "json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["original_outlet"] == "Levant Monitor" and record["sentences"]


def test_cli_extract_text_format(samples: Path) -> None:
    result = runner.invoke(app, ["extract", str(samples / "militia-strikes.txt"), "--format", "text"])
    assert result.exit_code == 0 and "original outlet: Levant Monitor" in result.stdout


def test_cli_extract_reads_standard_input() -> None:
    result = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input="Title\n\nRockets hit Erbil on Sunday.")
    assert result.exit_code == 0 and json.loads(result.stdout)["text"] == "Rockets hit Erbil on Sunday."


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [(b"", 4, "empty"), (b"%PDF-1.5 binary", 4, "PDF"), (None, 3, "no such file")],
)
def test_cli_bad_input_gets_message_and_exit_code(
    tmp_path: Path, content: bytes | None, code: int, message: str
) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == code
    assert message in result.stderr and "Traceback" not in result.output


def test_cli_bad_input_loses_nothing_else_in_the_batch(tmp_path: Path, samples: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(
        app,
        [
            "extract",
            str(empty),
            str(samples / "militia-strikes.txt"),
            str(samples / "ceasefire-talks.html"),
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 4
    assert len(result.stdout.strip().splitlines()) == 2


def _command_paths() -> list[str]:
    """Every leaf command the CLI registers, found by walking the click tree (so none is forgotten)."""
    import typer.main

    paths: list[str] = []

    def walk(command: object, prefix: list[str]) -> None:
        # Typer ships its own click fork, so groups are recognised by their `commands` mapping.
        commands = getattr(command, "commands", None)
        if commands:
            for name, sub in commands.items():
                walk(sub, [*prefix, name])
        else:
            paths.append(" ".join(prefix))

    walk(typer.main.get_command(app), [])
    return sorted(paths)


def test_cli_registers_every_documented_command() -> None:
    assert {"extract", "code", "ingest", "serve", "model train", "model evaluate", "evaluate petrarch"} <= set(
        _command_paths()
    )


@pytest.mark.parametrize("command", _command_paths())
def test_cli_every_command_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0 and "Example: brinkwatch" in result.stdout


def test_cli_extract_says_an_unknown_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Strike\n\nRockets hit the base near Erbil, officials said.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--format", "text"])
    assert result.exit_code == 0
    assert "published:       unknown (no date in the metadata or the text)" in result.stdout
