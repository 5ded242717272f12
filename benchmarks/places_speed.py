"""How much place and time resolution adds to the time per article, and what the gazetteer costs to load.

    PYTHONPATH=$PWD python benchmarks/places_speed.py [--limit N] [--no-model]

Reads the Wikinews articles in ../shared/data/news (the repository's own samples when absent). Per
article: sentence splitting, the spaCy parse (when a trained pipeline is installed or BRINKWATCH_MODEL
points at one: the coding stages need it anyway), the places stage, and the event place/time stages
over one hand-built event per sentence (the coding stage that makes real events is separate). Prints
a table of mean milliseconds per article and the share places and dates take of the whole.
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from brinkwatch.errors import ConfigurationError
from brinkwatch.geo.event_location import event_places_stage, event_times_stage
from brinkwatch.geo.gazetteer import DEFAULT_INDEX, load_gazetteer
from brinkwatch.geo.places import resolve_article
from brinkwatch.language.sentences import split_sentences
from brinkwatch.model import Article, Event, Evidence, Span

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"


def articles(limit: int) -> Iterator[Article]:
    csv.field_size_limit(sys.maxsize)
    files = sorted(NEWS.glob("*.csv"))
    count = 0
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                published = datetime.fromisoformat(row["date"]).replace(tzinfo=UTC)
                yield Article(id=f"{path.stem}-{count}", text=row["text"], published_at=published)
                count += 1
                if count >= limit:
                    return
    if not files:
        for sample in sorted((ROOT / "tests" / "samples").glob("*.txt")):
            yield Article(id=sample.name, text=sample.read_text(encoding="utf-8"))


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def split(article: Article) -> None:
    article.sentences = split_sentences(article.text)


def resolve(article: Article) -> None:
    article.places = resolve_article(article)


def locate(article: Article) -> None:
    event_times_stage(event_places_stage(article))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--no-model", action="store_true", help="Leave the spaCy parse out even if a model loads.")
    args = parser.parse_args()

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_ms = timed(load_gazetteer)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    size = DEFAULT_INDEX.stat().st_size / 1e6
    print(f"gazetteer: {size:.1f} MB on disk, loads in {load_ms:.0f} ms, +{grown:.0f} MB RSS")

    nlp = None
    if not args.no_model:
        try:
            from brinkwatch.language.nlp import load_nlp

            nlp = load_nlp()
        except ConfigurationError as exc:
            print(f"no language model ({exc}); timing without the parse")
    rows: dict[str, list[float]] = {"sentences": [], "parse": [], "places": [], "event places+times": []}
    chars = 0
    for article in articles(args.limit):
        chars += len(article.text)
        rows["sentences"].append(timed(partial(split, article)))
        rows["parse"].append(timed(partial(nlp, article.text)) if nlp is not None else 0.0)
        rows["places"].append(timed(partial(resolve, article)))
        article.events = [
            Event(type="ASSAULT", trigger="", evidence=Evidence(s.index, s.text, trigger=Span(s.start, s.start)))
            for s in article.sentences
        ]
        rows["event places+times"].append(timed(partial(locate, article)))
    count = len(rows["places"])
    total = sum(statistics.fmean(values) for values in rows.values())
    ours = statistics.fmean(rows["places"]) + statistics.fmean(rows["event places+times"])
    print(f"{count} articles, {chars / max(count, 1):.0f} characters each on average")
    print(f"{'step':<20} {'mean ms':>9} {'p95 ms':>9} {'share':>7}")
    for name, values in rows.items():
        mean = statistics.fmean(values)
        p95 = sorted(values)[int(0.95 * (len(values) - 1))]
        print(f"{name:<20} {mean:>9.2f} {p95:>9.2f} {mean / total:>7.1%}")
    print(f"places and dates add {ours / (total - ours):.1%} to the rest of this pipeline's time per article")


if __name__ == "__main__":
    main()
