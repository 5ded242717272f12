from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from brinkwatch.cli_model import model_app

runner = CliRunner()


def test_cli_model_help_lists_train_and_evaluate() -> None:
    result = runner.invoke(model_app, ["--help"])
    assert result.exit_code == 0 and "train" in result.output and "evaluate" in result.output


def test_cli_model_train_without_data_says_where_it_looked(tmp_path: Path) -> None:
    result = runner.invoke(model_app, ["train", "--shared", str(tmp_path), "--workdir", str(tmp_path / "w")])
    assert result.exit_code != 0
    assert "training data not found" in str(result.exception)
