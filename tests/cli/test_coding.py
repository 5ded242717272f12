from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brinkwatch.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def language_model() -> None:
    from brinkwatch.errors import ConfigurationError
    from brinkwatch.language.nlp import load_nlp

    try:
        load_nlp()
    except ConfigurationError as exc:
        pytest.skip(f"no language model: {exc}")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json\n", "line 1 is not JSON"),
        (b'{"id": "x"}\n', 'with a "text" string'),
        (b'{"text": "a", "date": "soon"}\n', 'bad "date"'),
        (b'{"text": "caf\xe9"}\n', "line 1 is not valid UTF-8"),
    ],
)
def test_cli_coding_bad_lines_say_which_and_why(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 4 and message in result.stderr
    assert message in json.loads(result.stdout)["error"]


def test_cli_coding_every_line_is_coded_or_named(tmp_path: Path, language_model: None) -> None:
    """A bad line gets an error line where its events would be; the lines after it are still coded."""
    lines = [
        b'{"id": "s1", "text": "Syrian troops attacked Turkish soldiers near the border."}',
        b"not json",
        b'{"id": "s3", "text": "Iran warned Israel.", "date": "yesterday"}',
        b'{"id": "s4", "text": "Rebels shelled the caf\xe9 in Homs."}',
        b'{"id": "s5", "text": "Turkish jets struck Kurdish positions on Sunday.", "date": "2019-08-25"}',
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 4
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record.get("id") for record in out] == ["s1", None, "s3", None, "s5"]
    assert [record.get("line") for record in out] == [None, 2, 3, 4, None]
    assert "events" in out[0] and "events" in out[4] and all("error" in out[i] for i in (1, 2, 3))
    said = result.stderr.splitlines()
    assert len(said) == 3 and all(f"error: line {n}" in said[i] for i, n in enumerate((2, 3, 4)))
    assert "byte 0xe9 at column 45" in said[2]


def test_cli_coding_reads_bytes_from_standard_input(language_model: None) -> None:
    data = b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "Iran warned Israel."}\n'
    result = runner.invoke(app, ["code", "-"], input=data)
    assert result.exit_code == 4
    assert [json.loads(line).get("id") for line in result.stdout.splitlines()] == [None, "b"]


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
