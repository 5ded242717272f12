from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from brinkwatch.engine import ingest
from brinkwatch.engine.progress import BatchProgress
from brinkwatch.extract import default_stages
from brinkwatch.model import Article
from brinkwatch.pipeline import Stage, stage
from brinkwatch.store import ArticleQuery, SqlStore

TOPICS = ["rockets hit the base", "ministers met in Geneva", "protesters filled the square", "a ship was seized"]


def story(number: int) -> str:
    """A distinct hand-written article per number (different enough never to count as a copy)."""
    topic = TOPICS[number % len(TOPICS)]
    words = " ".join(f"detail{number}x{i}" for i in range(30))
    return f"Report {number}\n\nOn day {number}, {topic}, officials said. Witnesses described {words}.\n"


def write_folder(folder: Path, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for number in range(count):
        (folder / f"{number:03d}.txt").write_text(story(number), encoding="utf-8")


@stage("explosive", requires=["text"], assigns=["events"])
def explosive_stage(article: Article) -> Article:
    if "explode" in article.text:
        raise RuntimeError("this stage cannot read the word explode")
    return article


def stages_with_a_failing_one() -> list[Stage]:
    return [*default_stages(), explosive_stage]


@stage("crash", requires=["text"], assigns=["quotes"])
def crash_stage(article: Article) -> Article:
    if "crash the worker" in article.text:
        os._exit(3)  # what a segfault or the OOM killer does to a worker
    return article


def stages_that_kill_a_worker() -> list[Stage]:
    return [*default_stages(), crash_stage]


@pytest.mark.parametrize("processes", [1, 2])
def test_batch_stores_every_article_once_and_a_rerun_skips_them(
    tmp_path: Path, store: SqlStore, processes: int
) -> None:
    write_folder(tmp_path / "news", 12)
    report = ingest([str(tmp_path / "news")], store, processes=processes)
    assert report.counts["added"] == 12 and report.errors == 0 and report.words > 0
    assert {"intake", "sentences", "dedup", "store"} <= set(report.stage_seconds)
    before = store.counts()
    again = ingest([str(tmp_path / "news")], store, processes=processes)
    assert again.skipped == 12 and again.processed == 0 and store.counts() == before


def test_batch_failures_are_stored_and_the_batch_goes_on(tmp_path: Path, store: SqlStore) -> None:
    folder = tmp_path / "news"
    write_folder(folder, 3)
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "scan.txt").write_bytes(b"%PDF-1.7 not text")
    (folder / "rows.jsonl").write_text(json.dumps({"title": "t", "body": "no text column"}) + "\n{broken\n")
    report = ingest([str(folder)], store, processes=1)
    assert report.counts["added"] == 3 and report.errors == 4
    failures = {Path(key.split("#")[0]).name: error for key, error, _, _ in store.failures()}
    assert failures == {"empty.txt": "EmptyInputError", "scan.txt": "BinaryInputError", "rows.jsonl": "InputError"}
    assert len(store.failures()) == 4
    again = ingest([str(folder)], store, processes=1)  # failed sources are tried again, and fail the same way
    assert again.errors == 4 and len(store.failures()) == 4 and store.counts()["articles"] == 3


def test_batch_stage_failure_is_stored_with_the_article(tmp_path: Path, store: SqlStore) -> None:
    folder = tmp_path / "news"
    write_folder(folder, 4)
    (folder / "bad.txt").write_text("Bad day\n\nThe depot did explode on Friday, police said.\n", encoding="utf-8")
    report = ingest([str(folder)], store, processes=2, factory=stages_with_a_failing_one)
    assert report.counts["added"] == 5 and report.errors == 0
    (flagged,) = store.articles(ArticleQuery(with_errors=True))
    assert [(e.stage, e.error) for e in flagged.article.errors] == [("explosive", "RuntimeError")]
    assert flagged.article.sentences  # the stages before it still ran and were stored


def test_batch_dead_worker_fails_only_its_items(tmp_path: Path, store: SqlStore) -> None:
    folder = tmp_path / "news"
    write_folder(folder, 6)
    (folder / "crash.txt").write_text("Crash\n\nThis text will crash the worker, sadly.\n", encoding="utf-8")
    report = ingest([str(folder)], store, processes=2, factory=stages_that_kill_a_worker)
    assert report.processed == 7 and report.errors >= 1
    assert any(Path(key).name == "crash.txt" and error == "WorkerDied" for key, error, _, _ in store.failures())
    rerun = ingest([str(folder)], store, processes=2, factory=stages_that_kill_a_worker)
    assert store.counts()["articles"] == 6 and rerun.skipped + rerun.processed == 7


def test_batch_near_copies_join_one_story(tmp_path: Path, store: SqlStore) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    body = story(1).split("\n\n", 1)[1]
    (folder / "a.txt").write_text(f"Original\n\n{body}", encoding="utf-8")
    (folder / "b.txt").write_text(f"Syndicated\n\n{body}\nAdditional reporting by the capital desk.\n")
    (folder / "c.txt").write_text(story(2), encoding="utf-8")
    report = ingest([str(folder)], store, processes=1)
    assert (report.counts["added"], report.counts["copy"]) == (2, 1)
    counts = store.counts()
    assert counts["articles"] == 3 and counts["stories"] == 2
    assert len(list(store.articles(ArticleQuery(include_copies=False)))) == 2


def test_batch_progress_shows_rate_errors_and_eta() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=160)
    with BatchProgress(4, console=console) as bar:
        bar.advance()
        bar.advance(failed=True)
        bar.skip()
    shown = buffer.getvalue()
    assert "3/4" in shown and "articles/s" in shown and "1 errors" in shown and "ETA" in shown


def test_batch_chunk_isolates_each_item() -> None:
    from brinkwatch.engine.work import process_items
    from brinkwatch.intake.items import SourceItem

    items = [
        SourceItem("good-1", "text", story(1)),
        SourceItem("unreadable", "error", "the file could not be read"),
        SourceItem("explodes", "text", "Blast\n\nThe depot will explode, officials said.\n"),
        SourceItem("good-2", "text", story(2)),
    ]
    outcomes = {outcome.key: outcome for outcome in process_items(items, stages_with_a_failing_one)}
    assert list(outcomes) == ["good-1", "unreadable", "explodes", "good-2"]
    assert outcomes["unreadable"].failed and not outcomes["good-1"].failed and not outcomes["good-2"].failed
    exploded = outcomes["explodes"].article
    assert exploded is not None and [e.stage for e in exploded.errors] == ["explosive"]
    assert outcomes["good-2"].article is not None and outcomes["good-2"].article.events is not None
