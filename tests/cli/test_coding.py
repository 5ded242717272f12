from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brinkwatch.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "line 1 is not JSON"),
        ('{"id": "x"}\n', 'with a "text" string'),
        ('{"text": "a", "date": "soon"}\n', 'bad "date"'),
    ],
)
def test_cli_coding_bad_lines_say_which_and_why(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 4 and message in result.stderr


def test_cli_coding_missing_input_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["code", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 3


def test_cli_coding_evaluate_petrarch_json(shared: Path) -> None:
    result = runner.invoke(
        app,
        [
            "evaluate",
            "petrarch",
            str(shared / "data/eval/petrarch2-unittest/PETR.UnitTest.records.xml"),
            "--dictionaries",
            str(shared / "data/dictionaries"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["records"] == 279 and set(record) >= {"exact_match", "code", "source", "target", "triple"}


def test_cli_coding_evaluate_quad_table(shared: Path) -> None:
    result = runner.invoke(app, ["evaluate", "quad", str(shared / "data/eval/conflibert-cameo/class_test.tsv")])
    assert result.exit_code == 0 and "macro-F1" in result.stdout


def test_cli_coding_output_contract(tmp_path: Path) -> None:
    from brinkwatch.errors import ConfigurationError
    from brinkwatch.language.nlp import load_nlp

    try:
        load_nlp()
    except ConfigurationError as exc:
        pytest.skip(f"no language model: {exc}")
    path = tmp_path / "in.jsonl"
    lines = [
        {"id": "s1", "text": "Syrian troops attacked Turkish soldiers near the border.", "date": "2019-08-23"},
        {"id": "s2", "text": "The weather was mild on Sunday."},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["id"] == "s1" and second == {"id": "s2", "events": []}
    contract = {"type", "mode", "cameo", "goldstein", "quad_class", "actor", "recipient", "evidence", "id"}
    for event in first["events"]:
        assert contract <= set(event)
        for side in ("actor", "recipient"):
            assert event[side] is None or {"code", "text"} <= set(event[side])
