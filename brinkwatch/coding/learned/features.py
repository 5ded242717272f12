"""Token windows and mention pooling shared by training (torch) and run time (numpy).

A sentence is cut into word pieces once (the MiniLM tokenizer, at most MAX_TOKENS); a mention is the set
of pieces whose characters overlap it. A pair's features are [sentence; actor; recipient; actor *
recipient; 3 flags]: the actor is UNK, the recipient is NONE, the actor comes first in the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FLAGS", "MAX_TOKENS", "Encoded", "encode_texts", "load_tokenizer", "mention_pieces", "pair_flags"]

MAX_TOKENS = 128
FLAGS = 3


@dataclass(slots=True)
class Encoded:
    ids: list[int]
    mask: list[int]
    offsets: list[tuple[int, int]]


def load_tokenizer(path: Path) -> Any:
    import tokenizers

    tokenizer = tokenizers.Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


def encode_texts(tokenizer: Any, texts: Sequence[str]) -> list[Encoded]:
    return [Encoded(list(e.ids), list(e.attention_mask), list(e.offsets)) for e in tokenizer.encode_batch(list(texts))]


def mention_pieces(encoded: Encoded, span: tuple[int, int]) -> list[int]:
    """Indexes of the word pieces inside a character span ([CLS] and [SEP] have empty offsets)."""
    return [i for i, (s, e) in enumerate(encoded.offsets) if e > s and s < span[1] and e > span[0]]


def pair_flags(actor: tuple[int, int] | None, recipient: tuple[int, int] | None) -> list[float]:
    first = 1.0 if actor is not None and (recipient is None or actor[0] <= recipient[0]) else 0.0
    return [1.0 if actor is None else 0.0, 1.0 if recipient is None else 0.0, first]
