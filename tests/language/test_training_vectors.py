from __future__ import annotations

from collections import Counter

import numpy as np

from brinkwatch.language.training.vectors import build_vectors, case_variants, choose_words, wordpieces

TOY_VOCAB = {piece: index for index, piece in enumerate(["[PAD]", "truce", "hold", "##s", "##ing", "un", "##rest"])}


def test_vectors_wordpieces_use_greedy_longest_match() -> None:
    assert wordpieces("holds", TOY_VOCAB) == [2, 3]
    assert wordpieces("unrest", TOY_VOCAB) == [5, 6]
    assert wordpieces("zebra", TOY_VOCAB) is None


def test_vectors_choose_words_prefers_frequent_corpus_words() -> None:
    counts = Counter({"unrest": 5, "holds": 9, "42": 100})
    assert choose_words(counts, TOY_VOCAB, size=3) == ["holds", "unrest", "truce"]


def test_vectors_build_reduces_and_scales() -> None:
    table = np.random.default_rng(0).normal(size=(len(TOY_VOCAB), 8)).astype(np.float32)
    words, matrix = build_vectors(["truce", "holds", "unrest", "zebra"], TOY_VOCAB, table, dims=2)
    assert words == ["truce", "holds", "unrest"] and matrix.shape == (3, 2)
    assert abs(float(matrix.std()) - 1.0) < 1e-5


def test_vectors_case_variants_share_a_row() -> None:
    assert case_variants("iraq") == {"iraq", "Iraq", "IRAQ"}
