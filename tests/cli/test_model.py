from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from brinkwatch.cli import app
from brinkwatch.cli.model import model_app

runner = CliRunner()


def test_cli_model_help_lists_train_and_evaluate() -> None:
    result = runner.invoke(model_app, ["--help"])
    assert result.exit_code == 0 and "train" in result.output and "evaluate" in result.output


def test_cli_model_train_without_data_says_where_it_looked(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()  # a shared folder, but without the treebanks
    result = runner.invoke(model_app, ["train", "--shared", str(tmp_path), "--workdir", str(tmp_path / "w")])
    assert result.exit_code != 0
    assert "training data not found" in str(result.exception)


def test_cli_model_train_accurate_variant_uses_its_config_and_never_the_shipped_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import brinkwatch.language.training.package as package
    import brinkwatch.language.training.train as train
    from brinkwatch.cli.model import ACCURATE_MODEL, VARIANT_WORKDIRS, Variant

    plans: list[train.TrainingPlan] = []
    packaged: list[tuple[Path, dict[str, Any]]] = []

    def fake_train(plan: train.TrainingPlan) -> Path:
        plans.append(plan)
        return tmp_path / "best"

    def fake_package(best: Path, out: Path, **kw: Any) -> Path:
        packaged.append((out, kw))
        return out

    monkeypatch.setattr(train, "run_training", fake_train)
    monkeypatch.setattr(package, "package_model", fake_package)
    (tmp_path / "data").mkdir()
    result = runner.invoke(model_app, ["train", "--variant", "accurate", "--shared", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert plans[0].config == train.ACCURATE_CONFIG
    assert plans[0].workdir == VARIANT_WORKDIRS[Variant.accurate] != VARIANT_WORKDIRS[Variant.default]
    assert packaged[0][0] == ACCURATE_MODEL and packaged[0][1]["size_limit"] is False
    assert f"BRINKWATCH_MODEL={ACCURATE_MODEL}" in result.output


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a site-packages install: no checkout around the package, so no ../shared beside it."""
    import brinkwatch.cli.model as model

    monkeypatch.setattr(model, "checkout", lambda: None)
    monkeypatch.delenv("BRINKWATCH_SHARED", raising=False)


@pytest.mark.parametrize("command", [["train"], ["evaluate"]])
def test_cli_model_outside_a_checkout_asks_for_the_shared_folder(installed: None, command: list[str]) -> None:
    result = runner.invoke(app, ["model", *command])
    assert result.exit_code == 3
    assert "needs the shared data folder" in result.output and "--shared" in result.output
    assert "BRINKWATCH_SHARED" in result.output


def test_cli_model_shared_folder_from_the_environment(
    installed: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import brinkwatch.language.model_eval as model_eval

    seen: list[Path] = []

    def fake_evaluate(shared: Path, model: Path | None, timing: bool) -> dict[str, float]:
        seen.append(shared)
        return {}

    monkeypatch.setattr(model_eval, "evaluate_model", fake_evaluate)
    monkeypatch.setattr(model_eval, "format_table", lambda scores: "scores")
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("BRINKWATCH_SHARED", str(tmp_path))
    result = runner.invoke(app, ["model", "evaluate", "--no-timing", "--no-entity-head"])
    assert result.exit_code == 0, result.output
    assert seen == [tmp_path]


def test_cli_model_shared_folder_without_data_is_named(installed: None, tmp_path: Path) -> None:
    result = runner.invoke(app, ["model", "evaluate", "--shared", str(tmp_path)])
    assert result.exit_code == 3 and f"{tmp_path}: no data/ folder" in result.output
