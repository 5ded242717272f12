"""`brinkwatch model evaluate` prints the pipeline's scores and, beside them, the entity head's.

The scoring itself is tested in tests/language and tests/evaluate; here both are stubbed so that only
what the command prints is checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from brinkwatch.cli import app
from brinkwatch.language.model_eval import ModelScores, SetScores

runner = CliRunner()
HEAD = {"p": 67.57, "r": 67.38, "f1": 67.48, "per_type": {"PER": {"p": 1.0, "r": 1.0, "f": 1.0}}}


@pytest.fixture()
def stubbed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    pud = SetScores(95.0, 94.0, 86.0, 81.0, 90.0, 95.0, 58.18, 41.1, 48.17)

    def fake_model(shared: Path, model: Path | None, timing: bool = True) -> ModelScores:
        return ModelScores(sets={"pud": pud})

    def fake_head(shared: Path, sets: list[str]) -> dict[str, Any]:
        assert sets == ["pud"]
        return {"pud": HEAD}

    monkeypatch.setattr("brinkwatch.language.model_eval.evaluate_model", fake_model)
    monkeypatch.setattr("brinkwatch.evaluate.entities.entity_head_scores", fake_head)
    return tmp_path


def test_model_evaluate_json_adds_the_entity_head_per_set(stubbed: Path) -> None:
    result = runner.invoke(app, ["model", "evaluate", "--shared", str(stubbed), "--format", "json", "--no-timing"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ner_pud"] == {"p": 58.18, "r": 41.1, "f1": 48.17}
    assert data["ner_head_pud"] == {"p": 67.57, "r": 67.38, "f1": 67.48}


def test_model_evaluate_table_lists_the_head_under_the_pipeline(stubbed: Path) -> None:
    result = runner.invoke(app, ["model", "evaluate", "--shared", str(stubbed), "--no-timing"])
    assert result.exit_code == 0, result.output
    assert "entity head on the event encoder" in result.output
    assert "pud        NER P  67.57  R  67.38  F  67.48" in result.output


def test_model_evaluate_without_the_head_prints_the_pipeline_only(stubbed: Path) -> None:
    result = runner.invoke(
        app, ["model", "evaluate", "--shared", str(stubbed), "--format", "json", "--no-timing", "--no-entity-head"]
    )
    assert result.exit_code == 0, result.output
    assert "ner_head_pud" not in json.loads(result.output)
