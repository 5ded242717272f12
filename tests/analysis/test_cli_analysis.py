from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brinkwatch.analysis.embeddings import MiniLM
from brinkwatch.cli import app
from brinkwatch.evaluate.fusion_eval import load_fusion_set
from brinkwatch.evaluate.synthetic import make_stream
from brinkwatch.serialize import to_json

runner = CliRunner()
FUSION_SET = Path(__file__).resolve().parents[1] / "data" / "fusion" / "fusion-set.yaml"


@pytest.fixture(scope="module")
def stream_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str, str]]]:
    stream = make_stream(n_dyads=6, n_days=120, escalating=0.5, seed=5)
    path = tmp_path_factory.mktemp("stream") / "stream.jsonl"
    path.write_text("".join(to_json(article) + "\n" for article in stream.to_articles()), encoding="utf-8")
    return path, [(p.actor, p.recipient, p.onset.isoformat()) for p in stream.planted]


def test_cli_analysis_escalation_prints_a_table_and_writes_a_png(
    stream_file: tuple[Path, list[tuple[str, str, str]]], tmp_path: Path
) -> None:
    path, planted = stream_file
    actor, recipient, onset = planted[0]
    chart = tmp_path / "chart.png"
    args = ["escalation", actor, recipient, "--input", str(path), "--no-fuse", "--since", onset, "--chart", str(chart)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{actor} -> {recipient} by day" in result.stdout and onset in result.stdout
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_cli_analysis_alerts_name_the_planted_escalations(stream_file: tuple[Path, list[tuple[str, str, str]]]) -> None:
    path, planted = stream_file
    result = runner.invoke(app, ["alerts", "--input", str(path), "--no-fuse", "--level", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    alerts = json.loads(result.stdout)
    starts = {(a["actor"], a["recipient"], a["start"]) for a in alerts}
    assert set(planted) <= starts
    assert all(a["drivers"] and a["drivers"][0]["reports"][0]["evidence"]["sentence"] for a in alerts)


def test_cli_analysis_alerts_text_lists_evidence(stream_file: tuple[Path, list[tuple[str, str, str]]]) -> None:
    path, planted = stream_file
    result = runner.invoke(app, ["alerts", "--input", str(path), "--no-fuse", "--actor", planted[0][0][:3]])
    assert result.exit_code == 0
    assert result.stdout.startswith("ALERT ") and "Synthetic ASSAULT event" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["escalation", "ISR", "IRN", "--input", "missing.jsonl", "--no-fuse"], 3, "no such file"),
        (["escalation", "ISR", "IRN", "--input", "x", "--since", "last week"], 2, "YYYY-MM-DD"),
    ],
)
def test_cli_analysis_bad_input(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code and message in result.output + (result.stderr or "")


def test_cli_analysis_escalation_counts_fused_occurrences_once(minilm: MiniLM, tmp_path: Path) -> None:
    path = tmp_path / "fusion.jsonl"
    path.write_text("".join(to_json(c.article) + "\n" for c in load_fusion_set(FUSION_SET)), encoding="utf-8")
    args = ["escalation", "ISR", "IRQ", "--input", str(path), "--chart", str(tmp_path / "c.png")]
    fused = runner.invoke(app, args)
    unfused = runner.invoke(app, [*args, "--no-fuse"])
    assert fused.exit_code == unfused.exit_code == 0
    # The Balad depot strike has three reports (one names no actor) and the Al-Qaim strike two.
    assert "ASSAULT 2" in fused.stdout and "ASSAULT 3" in unfused.stdout


def test_cli_analysis_escalation_says_when_a_dyad_has_no_events(
    stream_file: tuple[Path, list[tuple[str, str, str]]], tmp_path: Path
) -> None:
    chart = tmp_path / "none.png"
    args = ["escalation", "FRA", "DEU", "--input", str(stream_file[0]), "--no-fuse", "--chart", str(chart)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "no events from FRA to DEU" in result.stderr and not chart.exists()
