from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from brinkwatch.cli import app
from brinkwatch.model import Certainty
from brinkwatch.store import StoryLink, open_store
from tests.conftest import ROOT
from tests.store.builders import article, event

runner = CliRunner()


@pytest.fixture
def coded_db(db_url: str) -> str:
    store = open_store(db_url)
    first = article(
        "Israeli jets struck a depot. Iran vowed revenge.",
        events=[
            event("ASSAULT", "ISRMIL", "IRNMIL", Certainty.REPORTED, when=date(2019, 6, 1)),
            event("THREATEN", "IRNGOV", "ISR", Certainty.THREATENED, when=date(2019, 6, 2)),
        ],
    )
    store.add(first, source_key="1", link=lambda: StoryLink(first.id))
    store.close()
    return db_url


def test_cli_store_ingest_twice_changes_nothing(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Strike\n\nRockets hit the base on Sunday, officials said.\n", encoding="utf-8")
    (folder / "b.txt").write_text("", encoding="utf-8")
    first = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--processes", "1", "--no-progress"])
    assert first.exit_code == 4, first.output  # b.txt is empty: the batch goes on, and says so at the end
    assert "1 new stories" in first.stderr and "1 failed" in first.stderr and "b.txt" in first.stderr
    store = open_store(db_url)
    before = store.counts()
    second = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--processes", "1", "--no-progress"])
    assert second.exit_code == 4 and "1 already stored" in second.stderr
    assert store.counts() == before
    store.close()


@pytest.mark.parametrize(
    ("options", "types"),
    [
        ([], ["ASSAULT", "THREATEN"]),
        (["--actor", "ISR", "--recipient", "IRN", "--type", "ASSAULT"], ["ASSAULT"]),
        (["--min-certainty", "reported"], ["ASSAULT"]),
        (["--since", "2019-06-02"], ["THREATEN"]),
        (["--until", "2019-06-01"], ["ASSAULT"]),
    ],
)
def test_cli_store_events_filters_and_formats(coded_db: str, options: list[str], types: list[str]) -> None:
    as_jsonl = runner.invoke(app, ["events", "--db", coded_db, "--format", "jsonl", *options])
    assert as_jsonl.exit_code == 0, as_jsonl.output
    assert [json.loads(line)["event"]["type"] for line in as_jsonl.stdout.splitlines()] == types
    as_csv = runner.invoke(app, ["events", "--db", coded_db, "--format", "csv", *options])
    assert [row["type"] for row in csv.DictReader(io.StringIO(as_csv.stdout))] == types
    as_table = runner.invoke(app, ["events", "--db", coded_db, *options])
    assert all(t in as_table.stdout for t in types)


def test_cli_store_bad_date_is_a_usage_error(coded_db: str) -> None:
    result = runner.invoke(app, ["events", "--db", coded_db, "--since", "June"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


@pytest.mark.parametrize("output_format", ["table", "csv", "jsonl"])
def test_cli_store_articles_and_actors_list(coded_db: str, output_format: str) -> None:
    articles = runner.invoke(app, ["articles", "--db", coded_db, "--format", output_format])
    actors = runner.invoke(app, ["actors", "--db", coded_db, "--format", output_format])
    assert articles.exit_code == 0 and actors.exit_code == 0, articles.output + actors.output
    assert "Levant Monitor" in articles.stdout and "ISRMIL" in actors.stdout and "IRNGOV" in actors.stdout


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("csv", "csv"), ("parquet", "parquet"), ("plover", "jsonl"), ("gdelt", "tsv")]
)
def test_cli_store_export_writes_each_format(coded_db: str, tmp_path: Path, fmt: str, suffix: str) -> None:
    output = tmp_path / f"events.{suffix}"
    result = runner.invoke(
        app, ["export", "--db", coded_db, "--format", fmt, "--output", str(output), "--type", "ASSAULT"]
    )
    assert result.exit_code == 0 and "wrote 1 events" in result.stderr
    if fmt == "parquet":
        assert pq.read_table(output).num_rows == 1
    else:
        assert len(output.read_text(encoding="utf-8").strip().splitlines()) == (2 if fmt == "csv" else 1)


def test_cli_store_database_error_gets_message_and_exit_code(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "brinkwatch", "events", "--db", str(tmp_path / "no" / "such" / "x.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 6 and "does not exist" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["events"],
        ["articles"],
        ["actors"],
        ["export", "--format", "csv", "--output", "out.csv"],
        ["alerts"],
        ["escalation", "ISR", "IRN"],
        ["serve"],
    ],
)
def test_cli_store_query_on_a_missing_store_refuses(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: pytest.fail("served an empty store"))
    missing = tmp_path / "missing.db"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code == 3, result.output
    assert (
        result.stderr
        == f"error: no store at {missing}; run brinkwatch ingest first (brinkwatch ingest FILES --db {missing})\n"
    )
    assert not missing.exists()


def test_cli_store_query_on_a_database_without_a_store_refuses(db_url: str) -> None:
    """An empty PostgreSQL database (or schema) is no store either: nothing is created in it."""
    if not db_url.startswith("postgresql"):
        pytest.skip("the SQLite case is the missing file above")
    result = runner.invoke(app, ["events", "--db", db_url])
    assert result.exit_code == 3 and "run brinkwatch ingest first" in result.stderr
    from sqlalchemy import create_engine, inspect

    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def _story(folder: Path, name: str, place: str) -> str:
    path = folder / name
    path.write_text(
        f"Strike on {place}\n\nRockets hit a base near {place} on Sunday, officials said.\n", encoding="utf-8"
    )
    return str(path)


@pytest.mark.parametrize("progress", [False, True])
def test_cli_store_ingest_records_a_missing_path_and_goes_on(tmp_path: Path, progress: bool) -> None:
    db = str(tmp_path / "s.db")
    missing = tmp_path / "absent.txt"
    sources = [_story(tmp_path, "a.txt", "Erbil"), str(missing), _story(tmp_path, "b.txt", "Mosul")]
    flag = "--progress" if progress else "--no-progress"
    result = runner.invoke(app, ["ingest", *sources, "--db", db, "--processes", "1", flag])
    assert result.exit_code == 3, result.output
    assert "2 new stories" in result.stderr and "1 failed" in result.stderr
    assert f"failed {missing}: {missing}: no such file or folder" in result.stderr
    store = open_store(db)
    try:
        assert store.counts()["articles"] == 2
        assert [failure.source_key for failure in store.failures()] == [str(missing)]
    finally:
        store.close()


def test_cli_store_ingest_prints_ten_failures_and_how_many_more(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(13):
        (folder / f"empty-{number:02}.txt").write_bytes(b"")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--processes", "1", "--no-progress"])
    assert result.exit_code == 4
    lines = result.stderr.splitlines()
    assert sum(line.startswith("failed ") for line in lines) == 10
    assert lines[-1] == f"and 3 more: brinkwatch failures --db {db} lists them all"


def test_cli_store_failures_lists_the_failures_table(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    missing = tmp_path / "absent.txt"
    runner.invoke(app, ["ingest", str(missing), _story(tmp_path, "a.txt", "Erbil"), "--db", db, "--no-progress"])
    table = runner.invoke(app, ["failures", "--db", db])
    assert table.exit_code == 0 and str(missing) in table.stdout and "InputNotFoundError" in table.stdout
    rows = [
        json.loads(line) for line in runner.invoke(app, ["failures", "--db", db, "-f", "jsonl"]).stdout.splitlines()
    ]
    assert [(row["source_key"], row["error"]) for row in rows] == [(str(missing), "InputNotFoundError")]
    assert "no such file or folder" in rows[0]["message"] and rows[0]["failed_at"]
    as_csv = runner.invoke(app, ["failures", "--db", db, "-f", "csv"]).stdout
    assert as_csv.splitlines()[0] == "source_key,error,message,failed_at"


def test_cli_store_ingest_one_line_files_fail_and_copy_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a-headline.txt").write_text("Rockets hit the base near Erbil on Sunday\n", encoding="utf-8")
    (folder / "b-headline.txt").write_text("Talks resume in Muscat\n", encoding="utf-8")
    _story(folder, "c.txt", "Mosul")
    db = str(tmp_path / "s.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--processes", "1", "--no-progress"])
    assert "1 new stories, 0 copies linked to a story, 0 exact copies, 2 failed" in result.stderr
    store = open_store(db)
    try:
        assert store.counts()["articles"] == 1 and store.counts()["sightings"] == 1
        assert {failure.error for failure in store.failures()} == {"EmptyInputError"}
    finally:
        store.close()


def test_cli_store_intake_notes_are_kept_in_the_store(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    row = {"id": "1", "title": "Zürich talks", "date": "4th of June", "text": "Envoys met in Zürich on Sunday. CAFE"}
    rows.write_bytes(json.dumps(row, ensure_ascii=False).encode().replace(b"CAFE", b"CAF\xc9") + b"\n")
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(rows), "--db", db, "--processes", "1", "--no-progress"]).exit_code == 0
    listed = runner.invoke(app, ["articles", "--with-errors", "--format", "jsonl", "--db", db])
    [found] = [json.loads(line) for line in listed.stdout.splitlines()]
    notes = {(e["stage"], e["error"]) for e in found["article"]["errors"]}
    assert {("intake", "Decoding"), ("intake", "BadDate")} <= notes
    assert found["article"]["title"] == "Zürich talks" and found["article"]["published_at"] is None


LONG_SENTENCE = (
    "Israeli military aircraft struck a weapons depot belonging to an Iranian-backed militia near the "
    "eastern city of Deir ez-Zor late on Saturday, a war monitor and two local officials said."
)


@pytest.fixture
def wide_db(tmp_path: Path) -> str:
    db = str(tmp_path / "wide.db")
    store = open_store(db)
    coded = article(
        LONG_SENTENCE,
        events=[
            event("ASSAULT", "ISRMILGOV", "IRNMILREB", Certainty.HYPOTHETICAL, sentence=LONG_SENTENCE),
            event("THREATEN", "IRNGOVLEG", "USAMILGOV", Certainty.THREATENED, when=date(2019, 6, 2)),
        ],
        outlet="The Levant Monitor and Regional Correspondents Service",
    )
    store.add(coded, source_key="1", link=lambda: StoryLink(coded.id))
    store.close()
    return db


@pytest.mark.parametrize("columns", [80, 120])
def test_cli_store_events_table_fits_the_terminal(wide_db: str, columns: int) -> None:
    result = runner.invoke(app, ["events", "--db", wide_db], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns, result.stdout
    assert "…" not in result.stdout, result.stdout
    words = set(result.stdout.split())
    # Types, codes and certainties whole, never cut or wrapped; the evidence sentence wrapped, every word there.
    assert {"ASSAULT", "THREATEN", "ISRMILGOV", "IRNMILREB", "IRNGOVLEG", "USAMILGOV", "hypothetical"} <= words
    assert {"2019-06-02"} <= words
    assert set(LONG_SENTENCE.split()) <= words | {w for line in lines for w in line.replace("│", " ").split()}
    shown_outlet = "Correspondents" in words
    assert shown_outlet == (columns >= 120)  # a low-value column: dropped when narrow, kept when wide


def test_cli_store_events_table_piped_shows_every_column(wide_db: str) -> None:
    result = runner.invoke(app, ["events", "--db", wide_db])
    assert {"chain", "outlet", "sentence"} <= set(result.stdout.split())


def test_cli_store_ingest_says_how_many_articles_have_no_date(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    sources = [_story(tmp_path, "a.txt", "Erbil"), _story(tmp_path, "b.txt", "Mosul")]
    result = runner.invoke(app, ["ingest", *sources, "--db", db, "--processes", "1", "--no-progress"])
    assert result.exit_code == 0
    assert "2 new article(s) have no publication date: their events are dated only where the text" in result.stderr
