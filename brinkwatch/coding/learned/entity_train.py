"""Training recipe for the entity head (entities.npz beside the event encoder).

    python -m brinkwatch.coding.learned.entity_train --mix uner-ewt-train,wnut17 --out FOLDER

1. Read each source of the mix from ../shared (datasets.entities: text + PER/ORG/LOC character spans).
2. Run the shipped int8 encoder once per sentence and keep each word's first-piece state, the mean of the
   encoder outputs --layers names (cached as float16 in --cache, so trying another mix or head size takes
   seconds, not a new encoder pass).
3. Label each encoder word B/I/O from the character spans; train a one-hidden-layer head (torch, fixed
   seed), choosing the epoch by exact-span F1 on UNER EWT dev (never EWT test or PUD); one head per
   --seeds, their probabilities averaged at run time.
4. Write entities.npz (float16, like heads.npz) and entities.json (the source mix, the sentences each
   gave, the SHA-1 of every file read, the dev F1).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from brinkwatch.coding.learned.entities import (
    ENTITY_TAGS,
    HEAD_FILE,
    LAST,
    MEMBER_WEIGHTS,
    META_FILE,
    EntityHead,
    Span,
    Word,
    as_members,
    decode_bio,
    head_inputs,
    head_states,
    join_words,
    merged_words,
    piece_words,
    spans_from_tags,
)
from brinkwatch.coding.learned.export import INNER_LAYERS, layer_output
from brinkwatch.coding.learned.recipe import sha1
from brinkwatch.coding.learned.runtime import DEFAULT_EVENT_MODEL, EventModel
from brinkwatch.datasets.entities import Marked, read_source, source_files

__all__ = ["Encoded", "encode_marked", "load_cached", "span_prf", "train_ensemble", "train_head", "word_tags"]

SEED = 13
# One head per seed, their probabilities averaged: on EWT dev three members scored 74.55 against their mean
# of 73.95 (docs/language-model.md, "Which encoder layers, and three members"), for three small matrix
# products per word.
SEEDS = (13, 1, 2)
# Bumped whenever the same encoder file yields other states: 2 since sessions take the exact int8 product
# on CPUs without VNNI (runtime.int8_session).
CACHE_FORMAT = 2
HIDDEN = 256
EPOCHS = 6
LEARNING_RATE = 1e-3
DROPOUT = 0.3
DEV = "uner-ewt-dev"
# The last layer and the inner ones the encoder exports, averaged: on EWT dev this scored 74.08 (mean of 3
# seeds) against 71.36 for the last layer alone and at most 73.79 for one inner layer (docs/language-model.md,
# "Which encoder layers, and three members").
LAYERS = (*(layer_output(k) for k in INNER_LAYERS), LAST)


@dataclass
class Encoded:
    """A set of sentences after the encoder: per-word states and inputs, and the gold spans."""

    texts: list[str]
    spans: list[list[Span]]
    words: list[list[Word]]
    states: npt.NDArray[Any]  # [all words, 384] float16: first-piece states, sentence after sentence

    def inputs(self) -> npt.NDArray[np.float32]:
        rows = zip(self.texts, self.words, self.sentence_slices(), strict=True)
        return np.concatenate([head_inputs(text, words, self.states[at]) for text, words, at in rows])

    def sentence_slices(self) -> list[slice]:
        ends = np.cumsum([len(w) for w in self.words])
        return [slice(int(e - len(w)), int(e)) for e, w in zip(ends, self.words, strict=True)]


def encode_marked(model: EventModel, marked: Sequence[Marked], layers: Sequence[str] = LAYERS) -> Encoded:
    """One encoder pass over ``marked`` (longest first, so batches pad little), reading ``layers``."""
    order = sorted(range(len(marked)), key=lambda i: -len(marked[i].text))
    results: dict[int, tuple[list[Word], Any]] = {}
    for start in range(0, len(order), 256):
        chunk = order[start : start + 256]
        for index, hidden in zip(chunk, model.hidden([marked[i].text for i in chunk]), strict=True):
            pieces = piece_words(hidden.encoded, model.tokenizer)
            states = head_states(hidden, layers)
            results[index] = (pieces, states[[w.piece for w in pieces]].astype(np.float16))
    rows = [results[i][1] for i in range(len(marked))]
    return Encoded(
        [m.text for m in marked],
        [list(m.spans) for m in marked],
        [results[i][0] for i in range(len(marked))],
        np.concatenate(rows) if rows else np.zeros((0, 384), np.float16),
    )


def _joined(data: Encoded) -> Encoded:
    # The cache keeps the tokenizer's words; the head's words (entities.words_of) are joined from them.
    words: list[list[Word]] = []
    rows: list[int] = []
    at = 0
    for text, pieces in zip(data.texts, data.words, strict=True):
        groups = join_words(text, pieces)
        words.append(merged_words(pieces, groups))
        rows.extend(at + g[0] for g in groups)
        at += len(pieces)
    return Encoded(data.texts, data.spans, words, data.states[rows])


@cache
def _encoder_sha1(folder: Path) -> str:
    # 23 MB: read once per run, not once per source.
    return sha1(folder / "encoder.int8.onnx")


def load_cached(
    cache: Path, name: str, marked: Sequence[Marked], model: EventModel | None = None, layers: Sequence[str] = LAYERS
) -> Encoded:
    """``marked`` encoded, from ``cache/name-LAYERS.npz`` when its texts and encoder match, else encoded now
    and stored."""
    path = cache / f"{name}-{'+'.join(layers)}.npz"
    texts = [m.text for m in marked]
    encoder = _encoder_sha1(model.path if model else DEFAULT_EVENT_MODEL)
    if path.is_file():
        with np.load(path) as stored:
            meta = json.loads(str(stored["meta"]))
            if meta["texts"] == texts and meta.get("encoder") == encoder and meta.get("format") == CACHE_FORMAT:
                words = [[Word(*w) for w in sentence] for sentence in meta["words"]]
                return _joined(Encoded(texts, [list(m.spans) for m in marked], words, stored["states"]))
    encoded = encode_marked(model or EventModel(DEFAULT_EVENT_MODEL), marked, layers)
    cache.mkdir(parents=True, exist_ok=True)
    spans = [[[w.piece, w.start, w.end] for w in sentence] for sentence in encoded.words]
    meta_text = json.dumps({"texts": texts, "words": spans, "encoder": encoder, "format": CACHE_FORMAT})
    np.savez(path, states=encoded.states, meta=np.array(meta_text))
    return _joined(encoded)


def word_tags(words: Sequence[Word], spans: Sequence[Span]) -> list[int]:
    """Tag ids per word: a word starting inside a span is I-, the span's first such word B-."""
    tags = [0] * len(words)
    for start, end, label in spans:
        inside = [i for i, w in enumerate(words) if start <= w.start < end]
        for n, i in enumerate(inside):
            tags[i] = ENTITY_TAGS.index(("B-" if n == 0 else "I-") + label)
    return tags


def span_prf(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> dict[str, float]:
    """Exact-span, exact-label micro precision, recall and F1 (percent) over character spans."""
    hits = sum(len(set(g) & set(p)) for g, p in zip(gold, predicted, strict=True))
    n_gold, n_pred = sum(len(g) for g in gold), sum(len(p) for p in predicted)
    precision = hits / n_pred if n_pred else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(100 * precision, 2), "r": round(100 * recall, 2), "f1": round(100 * f1, 2)}


def predict(head: EntityHead | dict[str, Any], data: Encoded) -> list[list[Span]]:
    """Decoded spans of every sentence of ``data``."""
    log_probs = (head if isinstance(head, EntityHead) else _Head(head)).log_probs(data.inputs())
    return [
        spans_from_tags(w, decode_bio(log_probs[s])) for w, s in zip(data.words, data.sentence_slices(), strict=True)
    ]


class _Head(EntityHead):
    def __init__(self, weights: dict[str, Any]) -> None:  # a head still in memory, not yet written
        self.weights = as_members(weights)
        self.meta = {}


def train_head(
    train: Sequence[Encoded], dev: Encoded, epochs: int = EPOCHS, seed: int = SEED, hidden: int = HIDDEN
) -> dict[str, Any]:
    """Weights (numpy, float32) of the epoch with the best dev F1, and that F1 under "dev"."""
    torch: Any = importlib.import_module("torch")  # the train extra; untyped here, as in train.py

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = np.concatenate([d.inputs() for d in train])
    tags = [word_tags(w, s) for d in train for w, s in zip(d.words, d.spans, strict=True)]
    y = np.concatenate([np.array(t, dtype=np.int64) for t in tags])
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3  # the flags and the states sit on different scales
    xt = torch.from_numpy((x - mean) / scale)
    yt = torch.from_numpy(y)
    net = torch.nn.Sequential(
        torch.nn.Dropout(DROPOUT),
        torch.nn.Linear(x.shape[1], hidden),
        torch.nn.GELU(approximate="tanh"),
        torch.nn.Dropout(DROPOUT),
        torch.nn.Linear(hidden, len(ENTITY_TAGS)),
    )
    optimiser = torch.optim.AdamW(net.parameters(), lr=LEARNING_RATE, weight_decay=1e-2)
    batches = max(1, len(x) // 256)
    # The rate falls linearly to zero: with a fixed rate the dev F1 swung by 1-2 points between epochs.
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: 1 - step / (batches * epochs))
    gold = dev.spans
    best: dict[str, Any] = {"dev": {"f1": -1.0}}
    for epoch in range(epochs):
        net.train()
        for batch in np.array_split(rng.permutation(len(x)), batches):
            index = torch.from_numpy(batch)
            loss = torch.nn.functional.cross_entropy(net(xt[index]), yt[index])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        weights = {
            "mean": mean,
            "scale": scale,
            "hidden_w": net[1].weight.detach().numpy().copy(),
            "hidden_b": net[1].bias.detach().numpy().copy(),
            "out_w": net[4].weight.detach().numpy().copy(),
            "out_b": net[4].bias.detach().numpy().copy(),
        }
        score = span_prf(gold, predict(weights, dev))
        if score["f1"] > best["dev"]["f1"]:
            best = {"weights": weights, "dev": score, "epoch": epoch + 1}
    return best


def train_ensemble(
    train: Sequence[Encoded], dev: Encoded, seeds: Sequence[int] = SEEDS, epochs: int = EPOCHS, hidden: int = HIDDEN
) -> dict[str, Any]:
    """One head per seed (train_head), stacked into one set of weights, and the ensemble's dev score."""
    members = [train_head(train, dev, epochs=epochs, seed=seed, hidden=hidden) for seed in seeds]
    if len(members) == 1:
        return members[0]
    weights = {k: members[0]["weights"][k] for k in ("mean", "scale")}
    for key in MEMBER_WEIGHTS:
        weights[key] = np.stack([m["weights"][key] for m in members])
    return {
        "weights": weights,
        "dev": span_prf(dev.spans, predict(weights, dev)),
        "epoch": [m["epoch"] for m in members],
        "dev_members": [m["dev"] for m in members],
    }


def _relative(path: Path, shared: Path) -> str:
    return str(path.relative_to(shared / "data")) if path.is_relative_to(shared / "data") else path.name


def write_head(folder: Path, best: dict[str, Any], meta: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    weights: dict[str, Any] = {k: np.asarray(v, dtype=np.float16) for k, v in best["weights"].items()}
    np.savez_compressed(folder / HEAD_FILE, **weights)
    hidden = int(np.asarray(best["weights"]["hidden_b"]).shape[-1])
    scores: dict[str, Any] = {k: best[k] for k in ("epoch", "dev", "dev_members") if k in best}
    full: dict[str, Any] = {**meta, "tags": list(ENTITY_TAGS), "hidden": hidden, **scores}
    (folder / META_FILE).write_text(json.dumps(full, indent=2) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    from brinkwatch.datasets.shared import shared_dir

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mix", default="uner-ewt-train", help="comma-separated sources (datasets.entities)")
    parser.add_argument("--out", type=Path, required=True, help="folder for entities.npz and entities.json")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/brinkwatch-entity-cache"))
    parser.add_argument("--silver", type=Path, default=None, help="folder holding silver-*.spacy")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--seeds", default=",".join(map(str, SEEDS)), help="one head per seed, averaged")
    parser.add_argument(
        "--layers", default=",".join(LAYERS), help='encoder outputs to average ("hidden" is the last layer)'
    )
    args = parser.parse_args(argv)
    layers = args.layers.split(",")
    shared = shared_dir()
    model = EventModel(DEFAULT_EVENT_MODEL)
    mix = args.mix.split(",")
    train = []
    for name in mix:
        train.append(load_cached(args.cache, name, read_source(shared, name, args.silver), model, layers))
    dev = load_cached(args.cache, DEV, read_source(shared, DEV), model, layers)
    seeds = [int(seed) for seed in args.seeds.split(",")]
    best = train_ensemble(train, dev, seeds, epochs=args.epochs)
    files = [f for name in [*mix, DEV] for f in source_files(shared, name, args.silver)]
    meta = {
        "sources": mix,
        "sentences_by_source": {name: len(d.texts) for name, d in zip(mix, train, strict=True)},
        "data_versions": {_relative(f, shared): sha1(f) for f in files},
        "encoder": "encoder.int8.onnx",
        "encoder_sha1": _encoder_sha1(DEFAULT_EVENT_MODEL),
        "layers": layers,
        "seeds": seeds,
    }
    write_head(args.out, best, meta)
    print(json.dumps({"epoch": best["epoch"], "dev": best["dev"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
