"""Throughput of the quote and attribution stages on the Wikinews articles in ../shared/data/news.

Run from the repository root: `python -m benchmarks.provenance_speed`. Prints articles, quotes found,
and milliseconds per article for each stage (sentences are split beforehand and not timed).
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from brinkwatch.intake import parse_plain_text
from brinkwatch.language.sentences import sentence_stage
from brinkwatch.model import Article
from brinkwatch.provenance.attribution import attribution_stage
from brinkwatch.provenance.quotes import quote_stage

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news"


def load() -> list[Article]:
    articles = []
    for path in sorted(NEWS.glob("wikinews_*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                articles.append(sentence_stage(parse_plain_text(row["text"], title=row["title"], url=row["url"])))
    return articles


def main() -> None:
    articles = load()
    if not articles:
        raise SystemExit(f"no Wikinews articles under {NEWS}")
    print(f"{'stage':<14}{'articles':>10}{'ms/article':>12}")
    for name, run in (("quotes", quote_stage), ("attribution", attribution_stage)):
        start = time.perf_counter()
        for article in articles:
            run(article)
        elapsed = time.perf_counter() - start
        print(f"{name:<14}{len(articles):>10}{1000 * elapsed / len(articles):>12.2f}")
    quotes = sum(len(a.quotes) for a in articles)
    direct = sum(q.direct for a in articles for q in a.quotes)
    print(f"quotes found: {quotes} ({direct} direct)")


if __name__ == "__main__":
    main()
