"""Training sentences for the learned event coder, from the labelled data in ../shared and the gold train split.

Each `TrainSentence` holds the sentence, its candidate mentions (as the run time offers them, plus any
labelled span the candidates missed) and labelled pairs: (actor index or UNK, recipient index or NONE,
the types the label allows, a mode, a weight). Every pair of candidates a source does not label is a
"no event" pair, weighted by how complete that source's labels are. A sentence-level label (the types the
sentence holds) trains an auxiliary head; sources with only document or sentence labels give only that.

| source | pairs | sentence label |
|---|---|---|
| gold train split | every annotated event; all other pairs are negatives (exhaustive) | the types present, or NONE |
| plv-train (train split only) | the marked dyad and its root (YIELD = CONCEDE or RETREAT) | the root |
| ConfliBERT ner_train + class_train | source/target spans, any type of the sentence's quad class | the quad class |
| CAMEO example sentences | none | the code's PLOVER type (statements: NONE) |
| NGEC synthetic stories | none | the story's label, on its first sentence (weak) |

PETRARCH's unit-test records are left out: they are the `petrarch` evaluation set.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from brinkwatch.coding.learned.candidates import sentence_candidates
from brinkwatch.coding.learned.labels import NONE, YIELD, allowed_for_quad
from brinkwatch.coding.verbs import default_cameo
from brinkwatch.datasets.gold import GoldArticle, load_gold
from brinkwatch.datasets.plv import load_plv
from brinkwatch.datasets.shared import shared_file

__all__ = ["SOURCES", "TrainSentence", "build_examples"]

UNK = -1  # actor index: the text names nobody
NOBODY = -1  # recipient index: the act has no recipient
Offsets = tuple[int, int]


@dataclass(slots=True)
class Pair:
    actor: int
    recipient: int
    allowed: tuple[str, ...]
    mode: str = ""
    weight: float = 1.0


@dataclass(slots=True)
class TrainSentence:
    source: str
    text: str
    mentions: list[Offsets] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    sentence_allowed: tuple[str, ...] = ()
    sentence_weight: float = 1.0
    negative_weight: float = 0.0  # weight of the unlabelled pairs as "no event"; 0: not used

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "text": self.text,
            "mentions": self.mentions,
            "pairs": [[p.actor, p.recipient, list(p.allowed), p.mode, p.weight] for p in self.pairs],
            "sentence_allowed": list(self.sentence_allowed),
            "sentence_weight": self.sentence_weight,
            "negative_weight": self.negative_weight,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TrainSentence:
        return cls(
            data["source"],
            data["text"],
            [(int(s), int(e)) for s, e in data["mentions"]],
            [Pair(a, r, tuple(allowed), mode, w) for a, r, allowed, mode, w in data["pairs"]],
            tuple(data["sentence_allowed"]),
            data["sentence_weight"],
            data["negative_weight"],
        )


class _Sentence:
    """A sentence with its candidates, to which labelled spans are matched or added."""

    def __init__(self, text: str, with_candidates: bool = True) -> None:
        self.text = text
        self.mentions: list[Offsets] = []
        if with_candidates:
            self.mentions = [(m.start, m.end) for m in sentence_candidates(text).mentions]

    def index(self, span: Offsets | None) -> int:
        if span is None or span[1] <= span[0]:
            return UNK
        best, score = -1, 0.3  # a candidate must cover the labelled span well, not merely touch it
        for i, (start, end) in enumerate(self.mentions):
            shared = min(end, span[1]) - max(start, span[0])
            jaccard = shared / (max(end, span[1]) - min(start, span[0]))
            if jaccard > score:
                best, score = i, jaccard
        if best >= 0:
            return best
        self.mentions.append(span)
        return len(self.mentions) - 1


def _gold(split: str) -> Iterator[TrainSentence]:
    articles: list[GoldArticle] = load_gold("train") if split == "train" else load_gold("dev")
    for article in articles:
        by_sentence: dict[int, list[Any]] = {}
        for event in article.events:
            by_sentence.setdefault(event.sentence, []).append(event)
        for index, (start, end) in enumerate(article.sentences):
            text = article.text[start:end]
            if not text.strip():
                continue
            sentence = _Sentence(text)
            pairs = []
            for event in by_sentence.get(index, []):
                actor = sentence.index(_local(event.actor, start))
                recipient = sentence.index(_local(event.recipient, start)) if event.recipient else NOBODY
                pairs.append(Pair(actor, recipient, (event.type,), event.mode))
                if event.mutual and recipient != NOBODY and actor != UNK:
                    pairs.append(Pair(recipient, actor, (event.type,), event.mode))
            types = tuple(sorted({p.allowed[0] for p in pairs})) or (NONE,)
            yield TrainSentence("gold", text, sentence.mentions, pairs, types, 1.0, 1.0)


def _local(span: Offsets | None, start: int) -> Offsets | None:
    return (span[0] - start, span[1] - start) if span else None


def _plv() -> Iterator[TrainSentence]:
    for row in load_plv("train"):
        sentence = _Sentence(row.text)
        allowed = YIELD if row.root == "YIELD" else (row.root,)
        actor = sentence.index(row.source)
        recipient = sentence.index(row.target) if row.target else NOBODY
        yield TrainSentence("plv", row.text, sentence.mentions, [Pair(actor, recipient, allowed)], allowed, 1.0, 0.3)


def _conflibert() -> Iterator[TrainSentence]:
    quads: dict[str, int] = {}
    with shared_file("eval/conflibert-cameo/class_train.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            text, _, label = line.rstrip("\n").rpartition("\t")
            if label.isdigit():
                quads["".join(text.split())] = int(label)
    for tokens, tags in _bio(shared_file("eval/conflibert-cameo/ner_train.txt").read_text(encoding="utf-8")):
        text, spans = _detokenize(tokens, tags)
        quad = quads.get("".join(text.split()))
        if quad is None or "S" not in spans:
            continue
        allowed = allowed_for_quad(quad)
        sentence = _Sentence(text)
        actor = sentence.index(spans["S"])
        recipient = sentence.index(spans.get("T")) if "T" in spans else NOBODY
        yield TrainSentence("conflibert", text, sentence.mentions, [Pair(actor, recipient, allowed)], allowed, 1.0, 0.3)


def _bio(content: str) -> Iterator[tuple[list[str], list[str]]]:
    for block in content.strip().split("\n\n"):
        rows = [line.rsplit(" ", 1) for line in block.splitlines() if line.strip()]
        rows = [row for row in rows if len(row) == 2]
        if rows:
            yield [r[0] for r in rows], [r[1] for r in rows]


def _detokenize(tokens: list[str], tags: list[str]) -> tuple[str, dict[str, Offsets]]:
    text = ""
    spans: dict[str, Offsets] = {}
    current: str | None = None
    for token, tag in zip(tokens, tags, strict=True):
        glue = "" if not text or token in {".", ",", ";", ":", "'s", "?", "!", ")", "%"} else " "
        text += glue
        start = len(text)
        text += token
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if kind in ("S", "T") and (tag.startswith("B-") or current != kind) and kind not in spans:
            spans[kind] = (start, len(text))
            current = kind
        elif kind in ("S", "T") and current == kind and spans[kind][1] <= start:
            spans[kind] = (spans[kind][0], len(text))
        else:
            current = None if kind not in ("S", "T") else current
    return text, spans


def _cameo_examples() -> Iterator[TrainSentence]:
    table = default_cameo()
    codes = json.loads(shared_file("cameo/cameo_codes.json").read_text(encoding="utf-8"))
    for code, info in codes.items():
        row = table.get(code)
        kind = (row.plover_type if row is not None else None) or NONE
        for text in info.get("examples", []):
            yield TrainSentence("cameo", text, [], [], (kind,), 1.0, 0.0)


def _ngec(limit: int = 1500, seed: int = 15) -> Iterator[TrainSentence]:
    from brinkwatch.language.sentences import RuleSplitter

    with shared_file("news/ngec-synthetic/ngec_synthetic_events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    random.Random(seed).shuffle(rows)
    splitter = RuleSplitter()
    for row in rows[:limit]:
        sentences = splitter.split(row["text"])
        if sentences:
            yield TrainSentence("ngec", sentences[0].text, [], [], (row["label"],), 0.3, 0.0)


SOURCES: dict[str, Callable[[], Iterator[TrainSentence]]] = {
    "gold": lambda: _gold("train"),
    "plv": _plv,
    "conflibert": _conflibert,
    "cameo": _cameo_examples,
    "ngec": _ngec,
}


def build_examples(sources: list[str], progress: Callable[[str, int], None] | None = None) -> list[TrainSentence]:
    out: list[TrainSentence] = []
    for name in sources:
        count = 0
        for example in SOURCES[name]():
            out.append(example)
            count += 1
            if progress is not None and count % 200 == 0:
                progress(name, count)
        if progress is not None:
            progress(name, count)
    return out
