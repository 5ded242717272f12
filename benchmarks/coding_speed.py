"""Coding throughput once parsed: sentences per second for actor + event coding over parsed Docs.

Parsing is excluded (the language model has its own benchmark): we parse first, then time
`code_article` alone. Two corpora: PETRARCH's unit-test sentences through their treebank parses
(no model needed), and Wikinews 2019 articles through our model (when one can be loaded).

Run: PYTHONPATH=. python benchmarks/coding_speed.py [--articles 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path
from typing import Any

import spacy

from brinkwatch.coding.actors import ActorCoder
from brinkwatch.coding.dictionary import ActorDictionary, default_dictionary
from brinkwatch.coding.events import EventCoder
from brinkwatch.coding.stages import code_article
from brinkwatch.errors import ConfigurationError
from brinkwatch.evaluate.petrarch import load_records
from brinkwatch.evaluate.treebank import tree_to_doc
from brinkwatch.intake import parse_plain_text
from brinkwatch.language.nlp import load_nlp
from brinkwatch.language.sentences import split_sentences
from brinkwatch.model import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _time(func: Any, repeat: int) -> tuple[float, float]:
    """Best wall-clock and CPU seconds over `repeat` runs (CPU time is the fairer number on a busy machine)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def treebank_docs() -> list[Any]:
    records = load_records(SHARED / "data/eval/petrarch2-unittest/PETR.UnitTest.records.xml")
    vocab = spacy.blank("en").vocab
    docs = []
    for record in records:
        try:
            docs.append(tree_to_doc(vocab, record.parse))
        except (IndexError, ValueError):
            continue
    return docs


def code_sentences(docs: list[Any], dictionary: ActorDictionary, coder: EventCoder) -> int:
    events = 0
    for doc in docs:
        actors = ActorCoder(dictionary)
        events += len(coder.code_sentence(doc[:], actors, actors.match(doc)))
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dictionary, coder = default_dictionary(), EventCoder()
    rows: list[tuple[str, int, tuple[float, float]]] = []
    docs = treebank_docs()
    rows.append(
        (
            "PETRARCH unit tests (treebank parses)",
            len(docs),
            _time(lambda: code_sentences(docs, dictionary, coder), args.repeat),
        )
    )
    try:
        nlp = load_nlp()
    except ConfigurationError as exc:
        print(f"(skipping Wikinews: {exc})")
    else:
        articles: list[Article] = []
        with (SHARED / "data/news/wikinews_2019.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                article = parse_plain_text(row["text"], title=row["title"])
                article.sentences = split_sentences(article.text)
                articles.append(article)
                if len(articles) == args.articles:
                    break
        parsed = list(zip(articles, nlp.pipe(a.text for a in articles), strict=True))
        sentences = sum(len(a.sentences) for a in articles)
        timing = _time(lambda: [code_article(a, d, dictionary=dictionary, coder=coder) for a, d in parsed], args.repeat)
        rows.append((f"Wikinews 2019, {len(articles)} articles (our model)", sentences, timing))
    print(f"{'corpus':<48}{'sentences':>10}{'wall s':>9}{'sent/s':>9}{'CPU s':>9}{'sent/CPU s':>12}")
    for name, count, (wall, cpu) in rows:
        print(f"{name:<48}{count:>10}{wall:>9.3f}{count / wall:>9.0f}{cpu:>9.3f}{count / cpu:>12.0f}")


if __name__ == "__main__":
    main()
