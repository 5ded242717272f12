"""The entity head's cost beyond the encoder pass the event coder makes anyway.

    python benchmarks/entity_head_speed.py                  # UNER PUD's 1,000 sentences, 3 rounds
    python benchmarks/entity_head_speed.py --head FOLDER    # another head (entities.npz + entities.json)

One thread (BRINKWATCH_THREADS=1), as the pipeline runs. "encoder" is EventModel.hidden over the
sentences (one session run per 32); "head" is what tagging adds once that pass is there: words, case
flags, the layer mean, the members' matrix products and the BIO Viterbi. The machine is noisy: the table
gives the median of the rounds, and the head's share of the encoder pass as a ratio.
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
    parser.add_argument("--head", type=Path, default=None, help="an entity head folder (default: the shipped one)")
    args = parser.parse_args()
    os.environ.setdefault("BRINKWATCH_THREADS", "1")
    import spacy

    from brinkwatch.coding.learned.entities import load_entity_head
    from brinkwatch.coding.learned.runtime import EventModel, event_model_path
    from brinkwatch.datasets.shared import shared_dir
    from brinkwatch.evaluate.entities import gold_sentences

    _, marked = gold_sentences(shared_dir(), "pud", spacy.blank("en").vocab)
    texts = [m.text for m in marked]
    model = EventModel(event_model_path())
    started = time.perf_counter()
    head = load_entity_head(args.head)
    load = time.perf_counter() - started
    encoder, tagging = [], []
    for _ in range(args.rounds):
        started = time.perf_counter()
        hidden = model.hidden(texts)
        encoder.append(time.perf_counter() - started)
        started = time.perf_counter()
        for text, passed in zip(texts, hidden, strict=True):
            head.tag(text, passed, model.tokenizer)
        tagging.append(time.perf_counter() - started)
    folder = args.head or event_model_path()
    size = sum((folder / name).stat().st_size for name in ("entities.npz", "entities.json")) / 2**20
    per = {name: 1000 * statistics.median(t) / len(texts) for name, t in (("encoder", encoder), ("head", tagging))}
    print(f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, BRINKWATCH_THREADS=1\n")
    print("| sentences | layers read | members | encoder ms/sentence | head ms/sentence | head/encoder | load s | MB |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {len(texts)} | {'+'.join(head.layers)} | {head.members} | {per['encoder']:.2f} | {per['head']:.2f} "
        f"| {per['head'] / per['encoder']:.2f} | {load:.2f} | {size:.2f} |"
    )


if __name__ == "__main__":
    main()
