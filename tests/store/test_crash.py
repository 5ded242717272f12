"""A batch killed with SIGKILL and run again finishes with nothing lost and nothing duplicated."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from brinkwatch.intake.items import SourceItem
from brinkwatch.intake.sources import item_to_article
from brinkwatch.store import SqlStore, open_store
from brinkwatch.store.schema import articles, sentences
from tests.conftest import ROOT

WORDS = (
    "army militia convoy border minister talks rocket drone base village council treaty ceasefire port "
    "embassy protest strike court election refugee camp pipeline governor envoy patrol checkpoint airport "
    "harbour bridge market hospital school river valley province capital summit sanctions troops"
).split()
ARTICLES = 160


def _write_articles(folder: Path) -> list[Path]:
    paths = []
    for number in range(ARTICLES):
        chooser = random.Random(number)
        sentences = [
            " ".join(chooser.choice(WORDS) for _ in range(12)).capitalize() + f" number {number}-{s}." for s in range(8)
        ]
        path = folder / f"article-{number:04d}.txt"
        path.write_text(f"Report {number}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _stored_articles(store: SqlStore) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(articles)).scalar_one()


def _ingest(folder: Path, db_url: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "brinkwatch", "ingest", str(folder), "--db", db_url, "--processes", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_crash_sigkill_then_rerun_loses_and_duplicates_nothing(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    paths = _write_articles(folder)
    watcher = open_store(db_url)  # creates the schema before the batch starts, so polling is safe
    try:
        batch = _ingest(folder, db_url)
        deadline = time.monotonic() + 60
        stored = 0
        while stored < 20 and batch.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
            stored = _stored_articles(watcher)
        os.kill(batch.pid, signal.SIGKILL)
        assert batch.wait(timeout=30) == -signal.SIGKILL, "the batch finished before it could be killed"
        at_kill = _stored_articles(watcher)
        assert 0 < at_kill < ARTICLES

        rerun = _ingest(folder, db_url)
        _, stderr = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, stderr.decode()
        counts = watcher.counts()
        assert counts["articles"] == counts["sightings"] == counts["stories"] == ARTICLES
        assert counts["failures"] == 0
        expected = {
            article.id: article.text
            for article in (item_to_article(SourceItem(str(p.resolve()), "path", str(p))) for p in paths)
        }
        with watcher.engine.connect() as connection:
            stored_texts = dict(connection.execute(select(articles.c.id, articles.c.text)).all())
            per_article = (
                connection.execute(select(func.count()).select_from(sentences).group_by(sentences.c.article_id))
                .scalars()
                .all()
            )
        assert stored_texts == expected
        assert per_article == [8] * ARTICLES  # every article complete: no half-written one survived the kill
    finally:
        watcher.close()
