"""Every Wikinews article goes through the full coding pipeline without a stage error (needs the model)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from brinkwatch.errors import ConfigurationError, EmptyInputError
from brinkwatch.extract import default_pipeline, process
from brinkwatch.intake import parse_plain_text
from brinkwatch.language.nlp import load_nlp


@pytest.mark.slow
def test_wikinews_coding_every_article_codes_without_errors(shared: Path) -> None:
    try:
        load_nlp()
    except ConfigurationError as exc:
        pytest.skip(f"no language model: {exc}")
    pipeline = default_pipeline(on_error="record")
    events = 0
    for path in sorted((shared / "data" / "news").glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    read = parse_plain_text(row["text"], title=row["title"], url=row["url"])
                except EmptyInputError:  # the one test page with no text (tests/test_wikinews.py)
                    continue
                article = process(read, pipeline=pipeline)
                assert not article.errors, (row["url"], article.errors)
                events += len(article.events)
    assert events > 0
