"""MiniLM backends compared: sentences per second and agreement with sentence-transformers.

    PYTHONPATH=. python benchmarks/minilm_speed.py [--sentences 512]

Sentences are made up from a template (no shared text); each backend encodes them once, cold
cache, after a warm-up batch.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from brinkwatch.analysis.embeddings import Backend, MiniLM

ACTORS = ["Israeli jets", "Iranian drones", "US forces", "Iraqi militias", "Syrian troops", "Houthi rebels"]
ACTS = ["struck", "shelled", "threatened", "met with", "accused", "sanctioned", "raided", "warned"]
TARGETS = ["a depot near Balad", "the port of Hodeidah", "a base in Anbar", "officials in Geneva", "Damascus"]


def sentences(n: int) -> list[str]:
    return [
        f"{ACTORS[i % 6]} {ACTS[(i // 6) % 8]} {TARGETS[(i // 48) % 5]} on day {i}, officials said." for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=512)
    args = parser.parse_args()
    texts = sentences(args.sentences)
    vectors = {}
    print(f"{'backend':<8} {'load s':>7} {'sentences/s':>12}")
    backends: tuple[Backend, ...] = ("onnx", "torch")
    for backend in backends:
        start = time.perf_counter()
        model = MiniLM(backend)
        loaded = time.perf_counter() - start
        model.encode(["warm up"])
        start = time.perf_counter()
        vectors[backend] = model.encode(texts)
        rate = len(texts) / (time.perf_counter() - start)
        print(f"{backend:<8} {loaded:>7.1f} {rate:>12.0f}")
    cosine = np.sum(vectors["onnx"] * vectors["torch"], axis=1)
    print(f"\nint8 onnx vs torch cosine: min {cosine.min():.4f}, mean {cosine.mean():.4f}")


if __name__ == "__main__":
    main()
