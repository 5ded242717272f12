"""Every Wikinews article in ../shared goes through extraction without an error."""

from __future__ import annotations

import csv
from pathlib import Path

from brinkwatch.errors import EmptyInputError
from brinkwatch.extract import default_pipeline, default_stages, process
from brinkwatch.intake import parse_plain_text


def test_wikinews_every_article_extracts_cleanly(shared: Path) -> None:
    # without the model-bound actor and event stages (tests/coding/test_wikinews_coding.py runs them)
    stages = [s for s in default_stages() if s.name not in ("actors", "events")]
    pipeline = default_pipeline(on_error="record", stages=stages)
    count = empty = 0
    for path in sorted((shared / "data" / "news").glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                count += 1
                try:
                    read = parse_plain_text(row["text"], title=row["title"], url=row["url"])
                except EmptyInputError:
                    # One 2021 test page holds nothing but its date line: a failure that says so, not an
                    # empty article with the empty string's id (issue 17.11).
                    empty += 1
                    continue
                article = process(read, pipeline=pipeline)
                assert not article.errors, (row["url"], article.errors)
                assert article.sentences, row["url"]
    assert count == 295
    assert empty == 1
