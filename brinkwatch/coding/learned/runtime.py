"""The shipped event model at run time: onnxruntime for the int8 encoder, numpy for the heads.

Loaded once per process (`load_event_model`). A batch of sentences is encoded in one session run; each
sentence's candidate pairs are then scored from that one encoding. The model folder holds
encoder.int8.onnx, heads.npz, tokenizer.json and meta.json (see train.py).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from brinkwatch.coding.learned.features import encode_texts, load_tokenizer, mention_pieces, pair_flags
from brinkwatch.errors import ConfigurationError

__all__ = [
    "DEFAULT_EVENT_MODEL",
    "EventModel",
    "Hidden",
    "PairScores",
    "event_model_path",
    "gelu",
    "int8_session",
    "load_event_model",
]

DEFAULT_EVENT_MODEL = Path(__file__).resolve().parents[2] / "resources" / "event_model"
BATCH = 32
Array = npt.NDArray[np.float32]
Offsets = tuple[int, int]


class Hidden(NamedTuple):
    """One text's encoder pass: its word pieces, their last hidden states, and any inner layers exported.

    The event heads read `states`; the entity head reads inner layers (`layers`, by ONNX output name,
    e.g. "layer_4" for the fourth of six), which keep more of a word's own identity than the last one,
    which fine-tuning for events shaped (docs/language-model.md, "Entities from the event encoder").
    """

    encoded: Any
    states: Array  # [pieces, 384]
    layers: dict[str, Array]  # output name -> [pieces, 384]


@dataclass(slots=True)
class PairScores:
    """One sentence's scores: `pairs[i]` is (actor index or -1 for UNK, recipient index or -1 for NONE)."""

    pairs: list[tuple[int, int]]
    types: Array  # [pairs, types]: probabilities, column 0 is "no event"
    modes: Array  # [pairs, modes]: probabilities
    sentence: Array  # [types]: the sentence head's probabilities


def _softmax(x: Array) -> Array:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    out: Array = (e / e.sum(axis=-1, keepdims=True)).astype(np.float32)
    return out


def gelu(x: Array) -> Array:
    # The tanh form, as trained (torch.nn.GELU(approximate="tanh")).
    out: Array = (0.5 * x * (1.0 + np.tanh(0.7978845608028654 * (x + 0.044715 * x**3)))).astype(np.float32)
    return out


def int8_session(onnxruntime: Any, path: Path, threads: int) -> Any:
    """A CPU session for an int8 (dynamically quantised) ONNX model that computes the same on every x86 CPU.

    onnxruntime's default u8s8 integer matrix product saturates a 16-bit intermediate on x86 CPUs without
    VNNI (AVX2 machines such as AMD EPYC before Zen 4), so the same model gave other states there: on one
    such machine gold-test event precision was 0.396 with the default kernel and 0.410 with the exact one.
    "session.x64quantprecision" takes the exact u8u8 product on those CPUs and changes nothing on the others.
    """
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.x64quantprecision", "1")
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


class EventModel:
    def __init__(self, path: Path = DEFAULT_EVENT_MODEL) -> None:
        if not (path / "encoder.int8.onnx").is_file():
            raise ConfigurationError(
                f"no event model at {path}; train one with `brinkwatch model train --variant events`, "
                "or use the rule coder (--coder rules)"
            )
        try:
            import onnxruntime
        except ImportError as exc:
            raise ConfigurationError("the event model needs onnxruntime: pip install onnxruntime") from exc
        self.path = path
        self.session = int8_session(
            onnxruntime, path / "encoder.int8.onnx", int(os.environ.get("BRINKWATCH_THREADS", "1"))
        )
        # The first output is the last hidden state; encoders exported since the entity head moved to inner
        # layers also export some of those (export.py), read only by the entity head.
        self.outputs: list[str] = [o.name for o in self.session.get_outputs()]
        self.tokenizer = load_tokenizer(path / "tokenizer.json")
        with np.load(path / "heads.npz") as heads:
            self.heads = {name: heads[name].astype(np.float32) for name in heads.files}
        self.meta: dict[str, Any] = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.types: list[str] = self.meta["types"]
        self.modes: list[str] = self.meta["modes"]
        self.thresholds: dict[str, float] = self.meta.get("thresholds", {})

    def hidden(self, texts: Sequence[str]) -> list[Hidden]:
        """Each text's word pieces and their hidden states (one session run per BATCH texts)."""
        out: list[Hidden] = []
        for start in range(0, len(texts), BATCH):
            encoded = encode_texts(self.tokenizer, texts[start : start + BATCH])
            length = max(len(e.ids) for e in encoded)
            ids = np.zeros((len(encoded), length), dtype=np.int64)
            mask = np.zeros_like(ids)
            for row, e in enumerate(encoded):
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            states, *inner = self.session.run(None, feeds)
            for row, e in enumerate(encoded):
                n = len(e.ids)
                layers = {name: a[row, :n] for name, a in zip(self.outputs[1:], inner, strict=True)}
                out.append(Hidden(e, states[row, :n], layers))
        return out

    def score(
        self, sentences: Sequence[tuple[str, Sequence[Offsets]]], hidden: Sequence[Hidden] | None = None
    ) -> list[PairScores]:
        """Scores of every candidate pair of each (text, mention spans) sentence.

        ``hidden`` is `hidden()` of the same texts when the caller already has it (the entity head reads
        the same pass), so the encoder runs once per sentence.
        """
        h = self.heads
        results = []
        encodings = hidden if hidden is not None else self.hidden([t for t, _ in sentences])
        for (encoded, states, _), (_, spans) in zip(encodings, sentences, strict=True):
            pooled = states.mean(axis=0)
            vectors = []
            for span in spans:
                pieces = mention_pieces(encoded, span)
                vectors.append(states[pieces].mean(axis=0) if pieces else None)
            pairs, rows = [], []
            for a in [-1, *range(len(spans))]:
                for r in [-1, *range(len(spans))]:
                    if (a == r and a >= 0) or (a >= 0 and vectors[a] is None) or (r >= 0 and vectors[r] is None):
                        continue
                    va = h["unk"] if a < 0 else vectors[a]
                    vr = h["none"] if r < 0 else vectors[r]
                    flags = pair_flags(spans[a] if a >= 0 else None, spans[r] if r >= 0 else None)
                    rows.append(np.concatenate([pooled, va, vr, va * vr, np.array(flags, dtype=np.float32)]))
                    pairs.append((a, r))
            features = gelu(np.stack(rows) @ h["pair_w"].T + h["pair_b"])
            results.append(
                PairScores(
                    pairs,
                    _softmax(features @ h["types_w"].T + h["types_b"]),
                    _softmax(features @ h["modes_w"].T + h["modes_b"]),
                    _softmax(pooled @ h["sentence_w"].T + h["sentence_b"]),
                )
            )
        return results


def event_model_path() -> Path:
    """`BRINKWATCH_EVENT_MODEL` (a trained model folder, e.g. a training run's output), else the shipped one."""
    override = os.environ.get("BRINKWATCH_EVENT_MODEL")
    return Path(override).resolve() if override else DEFAULT_EVENT_MODEL


def load_event_model(path: Path | None = None) -> EventModel:
    """The process-wide event model (loading takes about a second; reuse it)."""
    return _load((path or event_model_path()).resolve())


@cache
def _load(path: Path) -> EventModel:
    return EventModel(path)
