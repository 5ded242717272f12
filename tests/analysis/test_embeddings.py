from __future__ import annotations

import numpy as np
import pytest

from brinkwatch.analysis.embeddings import DIMENSION, MiniLM, _import, load_minilm
from brinkwatch.errors import ConfigurationError

SENTENCES = [
    "Israeli jets bombed a weapons store near Damascus overnight.",
    "Syria said Israeli warplanes hit an arms depot outside its capital during the night.",
    "The central bank left interest rates unchanged on Thursday.",
]


def test_embeddings_are_normalised_and_paraphrases_are_closer(minilm: MiniLM) -> None:
    vectors = minilm.encode(SENTENCES)
    assert vectors.shape == (3, DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > 0.5 > similarity[0, 2] + 0.2


@pytest.mark.slow
def test_embeddings_int8_onnx_agrees_with_sentence_transformers(minilm: MiniLM) -> None:
    # The int8 export must stay a faithful copy of the torch model (measured cosine >= 0.99).
    reference = load_minilm("torch").encode(SENTENCES)
    assert np.all(np.sum(minilm.encode(SENTENCES) * reference, axis=1) >= 0.98)


def test_embeddings_cache_returns_the_same_vectors(minilm: MiniLM) -> None:
    first = minilm.encode(SENTENCES[:2])
    again = minilm.encode([SENTENCES[1], SENTENCES[0], SENTENCES[1]])
    assert np.array_equal(again, first[[1, 0, 1]])


def test_embeddings_missing_package_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="pip install"):
        _import("brinkwatch_no_such_package")


def test_embeddings_unknown_backend_is_refused(minilm: MiniLM) -> None:
    with pytest.raises(ConfigurationError, match="onnx, torch"):
        MiniLM("tensorflow")  # type: ignore[arg-type]
