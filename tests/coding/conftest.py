"""Fixtures for the coding tests: dependency parses written by hand, so no model is needed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import spacy

from brinkwatch.coding.dictionary import ActorDictionary, default_dictionary

# One token per entry: (word, POS, head (1-based; 0 = root), dependency label)
Spec = list[tuple[str, str, int, str]]
_TAGS = {"NOUN": "NN", "PROPN": "NNP", "VERB": "VBD", "AUX": "MD", "ADJ": "JJ", "ADP": "IN", "DET": "DT"}


@pytest.fixture(scope="session")
def make_doc() -> Callable[[Spec], Any]:
    vocab = spacy.blank("en").vocab

    def build(spec: Spec) -> Any:
        from spacy.tokens import Doc

        words = [w for w, _, _, _ in spec]
        heads = [h - 1 if h else i for i, (_, _, h, _) in enumerate(spec)]
        deps = ["ROOT" if h == 0 else d for _, _, h, d in spec]
        pos = [p for _, p, _, _ in spec]
        tags = [("NNS" if w.endswith("s") and p == "NOUN" else _TAGS.get(p, "XX")) for w, p, _, _ in spec]
        return Doc(vocab, words=words, pos=pos, tags=tags, heads=heads, deps=deps)

    return build


@pytest.fixture(scope="session")
def dictionary() -> ActorDictionary:
    return default_dictionary()
