"""Evaluation gate: the event coders on real news may not fall below their measured figures.

Floors sit just under the figures in docs/evaluation.md (measured on this code); a regression turns CI
red, and a gain should raise the floor in the same commit. Reads ../shared (Wikinews, plv-train).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from typer.testing import CliRunner

from brinkwatch.cli import app
from brinkwatch.evaluate.events import evaluate_events

FLOORS: dict[tuple[str, str], dict[str, float]] = {
    ("gold-test", "model"): {"event_f1": 0.39, "event_precision": 0.41, "full_f1": 0.055, "type": 0.72},
    ("gold-test", "rules"): {"event_f1": 0.30, "event_precision": 0.25, "full_f1": 0.015, "type": 0.58},
    ("plv-dev", "model"): {"accuracy": 0.82, "macro_f1": 0.75, "end_to_end_recall": 0.69},
    ("plv-dev", "rules"): {"accuracy": 0.47, "macro_f1": 0.43, "end_to_end_recall": 0.25},
}


@cache
def _scores(name: str, coder: str) -> dict[str, Any]:
    return evaluate_events(name, coder)  # type: ignore[arg-type]


def _measured(result: dict[str, Any]) -> dict[str, float]:
    if result["set"] == "plv-dev":
        return {
            "accuracy": result["type_given_dyad"]["accuracy"],
            "macro_f1": result["type_given_dyad"]["macro_f1"],
            "end_to_end_recall": result["end_to_end_recall"],
        }
    return {
        "event_f1": result["event"]["f1"],
        "event_precision": result["event"]["precision"],
        "full_f1": result["full_match"]["f1"],
        "type": result["fields"]["type"],
    }


@pytest.mark.parametrize(("name", "coder"), list(FLOORS), ids=[f"{n}-{c}" for n, c in FLOORS])
def test_events_gate_meets_floors(name: str, coder: str) -> None:
    measured = _measured(_scores(name, coder))
    below = {k: (round(measured[k], 4), floor) for k, floor in FLOORS[(name, coder)].items() if measured[k] < floor}
    assert not below, f"{name} with the {coder} coder fell below its floors: {below}"


def test_events_gate_model_beats_rules_on_the_gold_test_split() -> None:
    model, rules = _scores("gold-test", "model"), _scores("gold-test", "rules")
    assert model["event"]["f1"] > rules["event"]["f1"]
    assert model["full_match"]["f1"] > rules["full_match"]["f1"]


def test_events_cli_prints_a_table_and_json() -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["evaluate", "events", "--set", "plv-dev", "--coder", "rules", "--errors", "2"])
    assert table.exit_code == 0, table.output
    assert "type accuracy given the dyad" in table.output and "errors" in table.output
    as_json = runner.invoke(app, ["evaluate", "events", "--set", "plv-dev", "--coder", "rules", "--format", "json"])
    data = json.loads(as_json.output)
    assert data["set"] == "plv-dev" and data["coder"] == "rules" and data["errors"] == []
