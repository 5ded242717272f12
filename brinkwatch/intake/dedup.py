"""Duplicates and syndicated copies: exact copies by normalised-text hash, near copies by MinHash LSH.

An exact copy (same text after normalising case and whitespace) has the same `Article.id`, so the
store keeps one article and records the copy as a second sighting. A near copy (a wire story with a
different top line, a rewrite that keeps most sentences) is stored as its own article, linked to the
story of the earlier article it resembles, and flagged `is_copy` so counts never include it twice.

Signatures are computed where the article is processed (a worker process) and only the cheap LSH
lookup runs in the single writer, so story assignment is sequential and reproducible per batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash, MinHashLSH

from brinkwatch.intake.plaintext import article_id
from brinkwatch.store.base import Signature
from brinkwatch.store.rows import StoryLink

__all__ = ["NUM_PERM", "SHINGLE_WORDS", "THRESHOLD", "Deduplicator", "exact_key", "shingles", "signature", "similarity"]

NUM_PERM = 128
SHINGLE_WORDS = 5
# Jaccard similarity of 5-word shingles above which two articles are copies of one story. Syndicated
# copies with a changed intro or sign-off score 0.6-0.95; different stories on one topic stay under 0.2.
THRESHOLD = 0.5
_WORD = re.compile(r"\w+")
_SEED = 1  # fixed so signatures stored by one process compare with those computed by another
_SCHEME = "affine32"  # stored signatures are only comparable within one datasketch scheme


def exact_key(text: str) -> str:
    """The normalised-text hash; it is `Article.id`, so exact copies collide on the primary key."""
    return article_id(text)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@cache
def _permutations() -> Any:
    """Drawn once per process: datasketch would otherwise redraw them for every article."""
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def _minhash(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, permutations=_permutations())
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash


def signature(text: str) -> bytes:
    """The MinHash values of the text's shingles, as bytes for the store."""
    return bytes(_minhash(text).hashvalues.astype("<u4").tobytes())


def _values(raw: bytes) -> npt.NDArray[np.uint32]:
    return np.frombuffer(raw, dtype="<u4")


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(_values(first) == _values(second)))


class Deduplicator:
    """Assigns each new article to a story: its own, or that of the most similar earlier article."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, bytes] = {}
        self._stories: dict[str, str] = {}
        self._seen = 0

    def __len__(self) -> int:
        return len(self._signatures)

    @property
    def seen(self) -> int:
        """The store's highest write order number indexed so far (the store's SignatureIndex protocol)."""
        return self._seen

    def load(self, stored: Iterable[Signature]) -> None:
        """Index the signatures of articles already in the store (on open, or after a restart)."""
        for item in stored:
            self.add(item.article_id, item.story_id, item.values)
            if item.seq is not None and item.seq > self._seen:
                self._seen = item.seq

    def catch_up(self, signatures: Iterable[Signature]) -> None:
        """Index what other writers stored since `seen` (the store calls this inside each write)."""
        self.load(signatures)

    def link(self, article_id: str, values: bytes | None) -> StoryLink:
        """The story a new article belongs to; the article is not indexed until `add`."""
        if values is None:
            return StoryLink(article_id)
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(self._as_minhash(values)):
            score = similarity(values, self._signatures[candidate])
            if score >= self.threshold and (best is None or (score, candidate) > best):
                best = (score, candidate)
        if best is None:
            return StoryLink(article_id)
        score, candidate = best
        return StoryLink(self._stories[candidate], is_copy=True, similarity=round(score, 4))

    def add(self, article_id: str, story_id: str, values: bytes | None) -> None:
        """Index a stored article so later copies find it."""
        if values is None or article_id in self._signatures:
            return
        self._signatures[article_id] = values
        self._stories[article_id] = story_id
        self._lsh.insert(article_id, self._as_minhash(values))

    @staticmethod
    def _as_minhash(values: bytes) -> LeanMinHash:
        return LeanMinHash(seed=_SEED, hashvalues=_values(values), scheme=_SCHEME)
