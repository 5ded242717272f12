"""Sentences marked with people, organisations and places, read from ../shared for the entity head.

Every source becomes the same thing: a sentence's text and its entities as character spans labelled
PER, ORG or LOC. Character spans, not tokens, because each source tokenises differently and the head
labels the encoder's own words (see coding/learned/entities.py). Sources:

- ``uner-ewt-train`` / ``uner-ewt-dev``: Universal NER over English Web Treebank (OTH dropped, as in
  the spaCy pipeline's training, so the label set matches what PUD scores).
- ``wnut17``: WNUT 2017 train + dev (social media); person -> PER, location -> LOC, corporation and
  group -> ORG, creative work and product dropped.
- ``re3d`` / ``re3d-names``: re3d's defence and security documents, Person/Organisation/Location kept.
  re3d also marks nominal mentions ("U.S. forces", "the camp") with a leading determiner, which UNER
  does not; ``re3d-names`` keeps only mentions that hold a capitalised word, without the determiner,
  so the effect of each reading can be measured.
- ``silver``: the accurate spaCy variant's entities, any ``silver-*.spacy`` DocBin in a folder.

UNER EWT test and PUD are never read here: they are the held-out sets.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brinkwatch.errors import ConfigurationError

__all__ = ["ENTITY_LABELS", "SOURCES", "Marked", "read_source", "source_files"]

ENTITY_LABELS = ("PER", "ORG", "LOC")
Span = tuple[int, int, str]

SOURCES = ("uner-ewt-train", "uner-ewt-dev", "wnut17", "re3d", "re3d-names", "silver")
_UNER = {"uner-ewt-train": "uner/en_ewt-ud-train.iob2", "uner-ewt-dev": "uner/en_ewt-ud-dev.iob2"}
_WNUT_FILES = ("wnut17/wnut17train.conll", "wnut17/emerging.dev.conll")
_WNUT_LABELS = {"person": "PER", "location": "LOC", "corporation": "ORG", "group": "ORG"}
_RE3D_LABELS = {"Person": "PER", "Organisation": "ORG", "Location": "LOC"}
# re3d's annotations carry a crowd-derived confidence; about a third are 0 (rejected readings such as
# "the camp" as a Location), so only the accepted ones are kept.
_RE3D_MIN_CONFIDENCE = 0.5
_DETERMINER = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.IGNORECASE)


@dataclass(slots=True)
class Marked:
    """One sentence and its entities as (start, end, label) character spans."""

    text: str
    spans: list[Span] = field(default_factory=list)


def source_files(shared: Path, name: str, silver: Path | None = None) -> list[Path]:
    """The files a source reads (their SHA-1s go into the trained head's meta)."""
    data = shared / "data"
    if name in _UNER:
        return [data / _UNER[name]]
    if name == "wnut17":
        return [data / f for f in _WNUT_FILES]
    if name in ("re3d", "re3d-names"):
        return sorted(p for d in sorted((data / "re3d").iterdir()) if d.is_dir() for p in sorted(d.glob("*.json")))
    if name == "silver":
        return sorted((silver or shared).glob("silver-*.spacy"))
    raise ConfigurationError(f"unknown entity source {name!r}; choose from {', '.join(SOURCES)}")


def read_source(shared: Path, name: str, silver: Path | None = None) -> list[Marked]:
    """All sentences of one source; ``silver`` is the folder holding silver-*.spacy (for ``silver``)."""
    if name in _UNER:
        return list(read_uner(shared / "data" / _UNER[name]))
    if name == "wnut17":
        return [m for f in _WNUT_FILES for m in read_wnut(shared / "data" / f)]
    if name in ("re3d", "re3d-names"):
        return list(read_re3d(shared / "data" / "re3d", names_only=name == "re3d-names"))
    if name == "silver":
        paths = source_files(shared, name, silver)
        if not paths:
            raise ConfigurationError(f"no silver-*.spacy under {silver or shared}; make the silver set first")
        return [m for p in paths for m in read_silver(p)]
    raise ConfigurationError(f"unknown entity source {name!r}; choose from {', '.join(SOURCES)}")


def _tokens_to_spans(text: str, tokens: list[str], tags: list[str], labels: dict[str, str]) -> Marked | None:
    """Place each token in ``text`` (left to right) and turn IOB2 ``tags`` into character spans."""
    offsets, at = [], 0
    for token in tokens:
        start = text.find(token, at)
        if start < 0:
            return None  # the text and the tokens disagree (rare); the sentence is skipped
        offsets.append((start, start + len(token)))
        at = start + len(token)
    spans: list[Span] = []
    for (start, end), tag in zip(offsets, tags, strict=True):
        label = labels.get(tag[2:], "") if tag != "O" else ""
        if not label:
            continue
        if tag.startswith("I-") and spans and spans[-1][2] == label and _continues(spans[-1], start, text):
            spans[-1] = (spans[-1][0], end, label)
        else:
            spans.append((start, end, label))
    return Marked(text, spans)


def _continues(span: Span, start: int, text: str) -> bool:
    return not text[span[1] : start].strip()


def read_uner(path: Path) -> Iterator[Marked]:
    labels = {label: label for label in ENTITY_LABELS}
    text, tokens, tags = "", list[str](), list[str]()
    with path.open(encoding="utf-8") as handle:
        for raw in [*handle, "\n"]:
            line = raw.rstrip("\n")
            if line.startswith("# text ="):
                text = line.split("=", 1)[1].strip()
            elif not line:
                if tokens:
                    marked = _tokens_to_spans(text, tokens, tags, labels)
                    if marked is not None:
                        yield marked
                text, tokens, tags = "", [], []
            elif not line.startswith("#"):
                cols = line.split("\t")
                tokens.append(cols[1])
                tags.append(cols[2] if len(cols) > 2 else "O")


def read_wnut(path: Path) -> Iterator[Marked]:
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for raw in [*handle, "\n"]:
            cols = raw.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].strip():
                if tokens:
                    marked = _tokens_to_spans(" ".join(tokens), tokens, tags, _WNUT_LABELS)
                    if marked is not None:
                        yield marked
                tokens, tags = [], []
                continue
            tokens.append(cols[0])
            tags.append(cols[1].strip())


def read_re3d(folder: Path, names_only: bool = False) -> Iterator[Marked]:
    """re3d documents cut into sentences (spaCy's rule sentencizer), entities kept inside one sentence."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for part in sorted(d for d in folder.iterdir() if d.is_dir()):
        documents = _json_lines(part / "documents.json")
        by_document: dict[str, list[Span]] = {}
        for entity in _json_lines(part / "entities.json"):
            label = _RE3D_LABELS.get(entity["type"])
            if label and float(entity.get("confidence", 1)) >= _RE3D_MIN_CONFIDENCE:
                by_document.setdefault(entity["documentId"], []).append((entity["begin"], entity["end"], label))
        for document in documents:
            spans = _without_overlaps(by_document.get(document["_id"], []))
            for sentence in nlp(document["text"]).sents:
                text = sentence.text.strip()
                if not text:
                    continue
                base = sentence.start_char + sentence.text.index(text[0])
                inside = [(s - base, e - base, lab) for s, e, lab in spans if s >= base and e <= base + len(text)]
                if names_only:
                    inside = [n for n in (_name_part(text, span) for span in inside) if n is not None]
                yield Marked(text, inside)


def _json_lines(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _without_overlaps(spans: list[Span]) -> list[Span]:
    # re3d nests mentions ("the Kurdish YPG" holds "Kurdish"); the longest wins, as a flat tagger needs.
    kept: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def _name_part(text: str, span: Span) -> Span | None:
    """A mention as UNER would mark it: no leading determiner, and only if it holds a capitalised word."""
    start, end, label = span
    mention = text[start:end]
    determiner = _DETERMINER.match(mention)
    if determiner:
        start += determiner.end()
        mention = text[start:end]
    if not any(word[:1].isupper() for word in mention.split()):
        return None
    return (start, end, label)


def read_silver(path: Path) -> Iterator[Marked]:
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    for doc in DocBin().from_disk(path).get_docs(vocab):
        yield Marked(
            doc.text,
            [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS],
        )
