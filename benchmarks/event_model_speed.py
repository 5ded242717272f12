"""The learned event coder's own cost: load time, size, and milliseconds per sentence for its encoder.

    python benchmarks/event_model_speed.py                 # the gold dev split's sentences, 3 rounds

Sentences are scored as the `events` stage scores them (one session run per 32 sentences, the heads in
numpy); the time excludes the parse and the candidates, which the rule coder's stages pay anyway. The
machine is noisy: the table gives the median of the rounds. End-to-end throughput with 2 processes is
`python benchmarks/throughput.py --coder model`.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from brinkwatch.coding.learned.candidates import article_candidates
    from brinkwatch.coding.learned.runtime import EventModel, event_model_path
    from brinkwatch.datasets.gold import load_gold
    from brinkwatch.language.sentences import split_sentences
    from brinkwatch.model import Article

    sentences = []
    for gold in load_gold("dev"):
        article = Article(id=gold.doc, text=gold.text)
        article.sentences = split_sentences(article.text)
        for s in article_candidates(article):
            if s.mentions:
                sentences.append((s.text, [(m.start - s.start, m.end - s.start) for m in s.mentions]))
    started = time.perf_counter()
    model = EventModel(event_model_path())
    load = time.perf_counter() - started
    timings = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        model.score(sentences)
        timings.append(time.perf_counter() - started)
    size = sum(f.stat().st_size for f in event_model_path().iterdir()) / 2**20
    pairs = statistics.mean((len(spans) + 1) ** 2 - len(spans) for _, spans in sentences)
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, BRINKWATCH_THREADS=1\n")
    print("| sentences scored | pairs per sentence | ms per sentence (median) | load s | model MB |")
    print("|---|---|---|---|---|")
    median = statistics.median(timings)
    print(f"| {len(sentences)} | {pairs:.1f} | {1000 * median / len(sentences):.1f} | {load:.2f} | {size:.1f} |")


if __name__ == "__main__":
    main()
