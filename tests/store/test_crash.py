"""A batch killed with SIGKILL and run again finishes with nothing lost and nothing duplicated."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from brinkwatch.intake.sources import SourceItem, item_to_article
from brinkwatch.store import open_store
from tests.conftest import ROOT

WORDS = (
    "army militia convoy border minister talks rocket drone base village council treaty ceasefire port "
    "embassy protest strike court election refugee camp pipeline governor envoy patrol checkpoint airport "
    "harbour bridge market hospital school river valley province capital summit sanctions troops"
).split()
ARTICLES = 240


def _write_articles(folder: Path) -> list[Path]:
    paths = []
    for number in range(ARTICLES):
        chooser = random.Random(number)
        sentences = [
            " ".join(chooser.choice(WORDS) for _ in range(12)).capitalize() + f" number {number}-{s}."
            for s in range(8)
        ]
        path = folder / f"article-{number:04d}.txt"
        path.write_text(f"Report {number}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


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
            stored = watcher.counts()["articles"]
        os.kill(batch.pid, signal.SIGKILL)
        assert batch.wait(timeout=30) == -signal.SIGKILL, "the batch finished before it could be killed"
        at_kill = watcher.counts()["articles"]
        assert 0 < at_kill < ARTICLES

        rerun = _ingest(folder, db_url)
        _, stderr = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, stderr.decode()
        counts = watcher.counts()
        assert counts["articles"] == counts["sightings"] == counts["stories"] == ARTICLES
        assert counts["failures"] == 0
        for path in paths:
            expected = item_to_article(SourceItem(str(path.resolve()), "path", str(path)))
            stored_article = watcher.get_article(expected.id)
            assert stored_article is not None and stored_article.text == expected.text
            assert len(stored_article.sentences) == 8
        assert counts["sentences"] == 8 * ARTICLES
    finally:
        watcher.close()
