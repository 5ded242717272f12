"""Entities (PER, ORG, LOC) from the event encoder's own pass: a small head over its hidden states.

The event coder already runs the MiniLM encoder on every sentence (runtime.EventModel.hidden); this head
reads the same states, so naming entities costs one small matrix product per word, not a second model.

A word is read at its first piece. Words start as the tokenizer's (a piece that does not start with "##"
opens one), but it also cuts at every punctuation mark, and tagged that finely the head cut names at their
dots and hyphens ("U.S" for "U.S.", "Haute" and "Garonne"). So pieces the text writes without a space
between them are joined back where the mark sits inside a name (join_words); "Obama." and "Obama's" stay
apart, as the treebanks tokenise them. The encoder is uncased, so it cannot see that "Bush" is a name
and "bush" is not; capitalisation is the strongest cue for names in edited English, so each word also
gets a few orthographic flags (ORTHO) beside its 384-d state. Tags are BIO over words, decoded with the
one constraint BIO has (an I- follows a B- or I- of its type) so every span is well formed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from brinkwatch.coding.learned.features import Encoded
from brinkwatch.coding.learned.runtime import Hidden, event_model_path, gelu
from brinkwatch.errors import ConfigurationError

__all__ = [
    "ENTITY_TAGS",
    "MEMBER_WEIGHTS",
    "ORTHO",
    "EntityHead",
    "Word",
    "as_members",
    "decode_bio",
    "entity_head_path",
    "head_inputs",
    "head_states",
    "join_words",
    "load_entity_head",
    "merged_words",
    "ortho_features",
    "piece_words",
    "spans_from_tags",
    "tag_texts",
    "word_inputs",
    "words_of",
]

ENTITY_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
ORTHO = ("title", "all_caps", "lower", "first", "digit", "punct", "prev_title", "next_title", "inner_cap")
LAST = "hidden"  # the encoder's first output, its last layer
# The per-member weights: a head of several members (one per training seed) stacks them on a first axis.
MEMBER_WEIGHTS = ("hidden_w", "hidden_b", "out_w", "out_b")
HEAD_FILE = "entities.npz"
META_FILE = "entities.json"
Array = npt.NDArray[np.float32]
Span = tuple[int, int, str]
# Abbreviations the treebanks keep with their dot and that sit inside names (titles like "Mr." never do).
_ABBREVIATIONS = frozenset({"St", "Mt", "Ft", "Jr", "Sr", "Co", "Inc", "Ltd", "Corp", "Bros", "Univ"})


@dataclass(frozen=True, slots=True)
class Word:
    piece: int  # index of the word's first piece in the encoding
    start: int
    end: int


def words_of(encoded: Encoded, tokenizer: Any, text: str) -> list[Word]:
    """The head's words of one encoding: the tokenizer's words, joined where join_words says."""
    pieces = piece_words(encoded, tokenizer)
    return merged_words(pieces, join_words(text, pieces))


def merged_words(pieces: Sequence[Word], groups: Sequence[Sequence[int]]) -> list[Word]:
    """One Word per group of join_words: read at its first piece, spanning to its last."""
    return [Word(pieces[g[0]].piece, pieces[g[0]].start, pieces[g[-1]].end) for g in groups]


def join_words(text: str, words: Sequence[Word]) -> list[list[int]]:
    """Groups of word indexes that form one word: abbreviations ("U.S.", "B.C."), inner hyphens and
    apostrophes ("Haute-Garonne", "O'Brien", but not "Obama's")."""
    groups: list[list[int]] = []
    for i, word in enumerate(words):
        previous = words[i - 1] if i else None
        if previous is not None and previous.end == word.start and _joins(text, words, i):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _joins(text: str, words: Sequence[Word], i: int) -> bool:
    surface, before = text[words[i].start : words[i].end], text[words[i - 1].start : words[i - 1].end]
    attached_next = i + 1 < len(words) and words[i + 1].start == words[i].end
    after = text[words[i + 1].start : words[i + 1].end] if attached_next else ""
    if surface == ".":  # "U.S.", "B.C.", "St. Louis", "Acme Inc.": the dot is the abbreviation's
        return (len(before) == 1 and before.isalpha()) or before in _ABBREVIATIONS
    if surface in ("-", "'", "’"):  # an inner mark, but "'s" is a word of its own
        return before[-1:].isalnum() and after[:1].isalnum() and after.lower() not in ("s", "t", "ll", "re", "ve", "d")
    return before in ("-", "'", "’") or (before == "." and len(surface) == 1 and surface.isalpha())


def piece_words(encoded: Encoded, tokenizer: Any) -> list[Word]:
    """The tokenizer's words in one encoding: a piece starting with "##" continues the word before it."""
    words: list[Word] = []
    for index, (piece_id, (start, end)) in enumerate(zip(encoded.ids, encoded.offsets, strict=True)):
        if end <= start:
            continue  # [CLS], [SEP]
        if words and tokenizer.id_to_token(piece_id).startswith("##"):
            words[-1] = Word(words[-1].piece, words[-1].start, end)
        else:
            words.append(Word(index, start, end))
    return words


def ortho_features(text: str, words: Sequence[Word]) -> Array:
    """[words, len(ORTHO)] flags read from the cased text the uncased encoder never sees."""
    out = np.zeros((len(words), len(ORTHO)), dtype=np.float32)
    surfaces = [text[w.start : w.end] for w in words]
    titles = [s[:1].isupper() for s in surfaces]
    seen_alnum = False
    for i, s in enumerate(surfaces):
        letters = [c for c in s if c.isalpha()]
        out[i, 0] = titles[i]
        out[i, 1] = len(letters) > 1 and all(c.isupper() for c in letters)
        out[i, 2] = bool(letters) and all(c.islower() for c in letters)
        out[i, 3] = not seen_alnum  # sentence-initial capitals say little: every first word has one
        out[i, 4] = any(c.isdigit() for c in s)
        out[i, 5] = not any(c.isalnum() for c in s)
        out[i, 6] = i > 0 and titles[i - 1]
        out[i, 7] = i + 1 < len(words) and titles[i + 1]
        out[i, 8] = any(c.isupper() for c in s[1:]) and any(c.islower() for c in s)
        seen_alnum = seen_alnum or any(c.isalnum() for c in s)
    return out


def head_states(hidden: Hidden, layers: Sequence[str]) -> Array:
    """The mean of the named encoder outputs of one pass ("hidden" is the last layer), per piece."""
    missing = [name for name in layers if name != LAST and name not in hidden.layers]
    if missing:
        raise ConfigurationError(
            f"the entity head reads encoder outputs {missing}, which this encoder does not export "
            f"(it has {sorted(hidden.layers)}); add them with "
            "`python -m brinkwatch.coding.learned.export --add-layers ENCODER.onnx`, or retrain the head"
        )
    chosen = [hidden.states if name == LAST else hidden.layers[name] for name in layers]
    out: Array = chosen[0] if len(chosen) == 1 else np.mean(chosen, axis=0, dtype=np.float32)
    return out


def word_inputs(text: str, words: Sequence[Word], states: Array) -> Array:
    """The head's input per word (see head_inputs) from a sentence's piece states."""
    first = states[[w.piece for w in words]] if words else np.zeros((0, states.shape[-1]), np.float32)
    return head_inputs(text, words, first)


def head_inputs(text: str, words: Sequence[Word], first: Array) -> Array:
    """[word state; previous word's; next word's; orthographic flags] from each word's first-piece state.

    The neighbours' states are there because a word's own state says little about where a name ends:
    with them the head gained about 2 F1 on EWT dev and PUD (docs: the entity head's method).
    """
    first = first.astype(np.float32)
    previous, following = np.zeros_like(first), np.zeros_like(first)
    previous[1:], following[:-1] = first[:-1], first[1:]
    return np.concatenate([first, previous, following, ortho_features(text, words)], axis=1)


def _allowed() -> npt.NDArray[np.bool_]:
    # allowed[i, j]: tag j may follow tag i. An I-X follows only B-X or I-X.
    n = len(ENTITY_TAGS)
    allowed = np.ones((n, n), dtype=bool)
    for j, tag in enumerate(ENTITY_TAGS):
        if tag.startswith("I-"):
            allowed[:, j] = [t in (f"B-{tag[2:]}", tag) for t in ENTITY_TAGS]
    return allowed


_ALLOWED = _allowed()
_STARTS = np.array([not t.startswith("I-") for t in ENTITY_TAGS])


def decode_bio(log_probs: Array) -> list[str]:
    """The most probable tag sequence that is valid BIO (Viterbi over [words, tags] log-probabilities)."""
    if len(log_probs) == 0:
        return []
    blocked = np.where(_ALLOWED, 0.0, -np.inf)
    score = np.where(_STARTS, log_probs[0], -np.inf)
    back = np.zeros(log_probs.shape, dtype=np.int64)
    for i in range(1, len(log_probs)):
        total = score[:, None] + blocked
        back[i] = total.argmax(axis=0)
        score = total.max(axis=0) + log_probs[i]
    best = [int(score.argmax())]
    for i in range(len(log_probs) - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return [ENTITY_TAGS[t] for t in reversed(best)]


def spans_from_tags(words: Sequence[Word], tags: Sequence[str]) -> list[Span]:
    """Character spans (start, end, label) of the B/I runs in ``tags``."""
    spans: list[Span] = []
    for word, tag in zip(words, tags, strict=True):
        if tag.startswith("B-"):
            spans.append((word.start, word.end, tag[2:]))
        elif tag.startswith("I-") and spans and spans[-1][2] == tag[2:]:
            spans[-1] = (spans[-1][0], word.end, tag[2:])
    return spans


def as_members(weights: dict[str, Any]) -> dict[str, Array]:
    """Head weights as float32 with the members' axis first (a one-member head, as first shipped, has none)."""
    out = {name: np.asarray(value, dtype=np.float32) for name, value in weights.items()}
    if out["hidden_w"].ndim == 2:
        out.update({name: out[name][None] for name in MEMBER_WEIGHTS})
    return out


class EntityHead:
    """The trained head (entities.npz + entities.json beside the event encoder)."""

    def __init__(self, folder: Path) -> None:
        if not (folder / HEAD_FILE).is_file():
            raise ConfigurationError(
                f"no entity head at {folder / HEAD_FILE}; train one with "
                "`python -m brinkwatch.coding.learned.entity_train --out FOLDER`"
            )
        with np.load(folder / HEAD_FILE) as weights:
            self.weights = as_members({name: weights[name] for name in weights.files})
        self.meta: dict[str, Any] = json.loads((folder / META_FILE).read_text(encoding="utf-8"))

    @property
    def members(self) -> int:
        return len(self.weights["hidden_w"])

    def log_probs(self, inputs: Array) -> Array:
        """[words, tags] log-probabilities: the mean of the members' probabilities."""
        w = self.weights
        x = (inputs - w["mean"]) / w["scale"]
        probs = np.zeros((len(x), len(ENTITY_TAGS)), dtype=np.float32)
        for m in range(self.members):
            logits = gelu(x @ w["hidden_w"][m].T + w["hidden_b"][m]) @ w["out_w"][m].T + w["out_b"][m]
            shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
            probs += shifted / shifted.sum(axis=-1, keepdims=True)
        out: Array = np.log(np.maximum(probs / self.members, 1e-30)).astype(np.float32)
        return out

    @property
    def layers(self) -> list[str]:
        """The encoder outputs the head reads, averaged (a head from before inner layers reads the last)."""
        return list(self.meta.get("layers", [LAST]))

    def tag(self, text: str, hidden: Hidden, tokenizer: Any) -> list[Span]:
        """One sentence's entities from its encoder pass (as EventModel.hidden returns it)."""
        words = words_of(hidden.encoded, tokenizer, text)
        if not words:
            return []
        states = head_states(hidden, self.layers)
        return spans_from_tags(words, decode_bio(self.log_probs(word_inputs(text, words, states))))


def tag_texts(model: Any, head: EntityHead, texts: Sequence[str]) -> list[list[Span]]:
    """Entities of each text with one encoder pass (``model`` is a runtime.EventModel)."""
    return [head.tag(text, hidden, model.tokenizer) for text, hidden in zip(texts, model.hidden(texts), strict=True)]


def entity_head_path() -> Path:
    """The shipped event model folder, where the head sits beside the encoder it was trained on."""
    return event_model_path()


def load_entity_head(folder: Path | None = None) -> EntityHead:
    """The process-wide entity head (reuse it)."""
    return _load((folder or entity_head_path()).resolve())


@cache
def _load(folder: Path) -> EntityHead:
    return EntityHead(folder)
