"""Words per second of the shipped English pipeline on Wikinews text, one process.

Run by hand: python benchmarks/language_speed.py [--shared ../shared]
Prints the full pipeline and the tagger+parser subset (the issue's >= 10,000 words/s target).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from brinkwatch.language.model_eval import SYNTAX_COMPONENTS, news_texts, words_per_second
from brinkwatch.language.nlp import load_nlp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--words", type=int, default=60000, help="about how many words to time")
    args = parser.parse_args()
    nlp = load_nlp()
    texts = news_texts(args.shared, args.words)
    print(f"full pipeline:  {words_per_second(nlp, texts):>9,.0f} words/s")
    print(f"tagger+parser:  {words_per_second(nlp, texts, SYNTAX_COMPONENTS):>9,.0f} words/s")


if __name__ == "__main__":
    main()
