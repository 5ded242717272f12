"""Silver parses for self-training: the accurate (MiniLM) variant parses news-style text, the CNN learns it.

The teacher is the accurate variant (docs/language-model.md): it reads PUD at UAS 89.6 against the
CNN's 86.1, but is too big and slow to ship. It parses the shared news text (Wikinews and the NGEC
synthetic stories: invented facts, news syntax) once; every sentence is kept as a one-sentence Doc with
its tags, morphology, parse and entities, and two notes in ``user_data``: where it came from and how far
the shipped CNN agrees with the teacher on it (``agree``: the share of non-punctuation words given the
same head and label). The agreement is the confidence filter: sentences the student already parses like
the teacher teach little, and sentences where they disagree most are where the teacher is most often wrong.

Lemmas are left empty (spaCy treats that as missing): the teacher's lemmas are worse than the CNN's
(91.7 against 94.8 on EWT test), so the lemmatizer keeps learning from EWT alone.

``mix_silver`` draws a training DocBin from the silver sentences for one mix ratio (silver words per
EWT train word) and one agreement floor; sentences go back together ten to a Doc, in their article's
order, so that the parser still learns where sentences end.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brinkwatch.errors import ConfigurationError
from brinkwatch.language.training.corpus import SENTENCES_PER_DOC

__all__ = [
    "MixStats",
    "NewsText",
    "SilverStats",
    "agreement",
    "mix_silver",
    "news_documents",
    "parse_silver",
]

WIKINEWS = ("wikinews_2019", "wikinews_2020")
NGEC = "ngec-synthetic/ngec_synthetic_events.csv"
# Shorter paragraphs are datelines ("Friday, January 4, 2019"), headings and captions, not sentences.
MIN_WORDS = 5
_PUNCT = "punct"
STUDENT_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "parser")


@dataclass(frozen=True, slots=True)
class NewsText:
    source: str  # "wikinews_2019:17" (the gold standard's ids) or "ngec:412"
    text: str


@dataclass(slots=True)
class SilverStats:
    texts: int = 0
    sentences: int = 0
    words: int = 0
    duplicates: int = 0


@dataclass(slots=True)
class MixStats:
    gold_words: int
    silver_words: int
    sentences: int
    docs: int
    min_agree: float
    ratio: float


def news_documents(shared: Path, exclude: Iterable[str] = ()) -> Iterator[NewsText]:
    """Paragraphs of the shared news texts, Wikinews first; ``exclude`` drops Wikinews ids.

    Callers exclude the gold standard's dev and test articles (brinkwatch.datasets.gold), so that the
    event coder is never measured on text its parser was trained on.
    """
    csv.field_size_limit(1 << 30)
    skipped = set(exclude)
    news = shared / "data" / "news"
    files = [(stem, news / f"{stem}.csv") for stem in WIKINEWS] + [("ngec", news / NGEC)]
    for stem, path in files:
        if not path.is_file():
            raise ConfigurationError(f"news text not found: {path}; pass --shared pointing at the shared folder")
        with path.open(encoding="utf-8", newline="") as handle:
            for index, row in enumerate(csv.DictReader(handle)):
                source = f"{stem}:{index}"
                if source in skipped:
                    continue
                for paragraph in re.split(r"\n\s*\n", row.get("text") or ""):
                    text = " ".join(paragraph.split())
                    if len(text.split()) >= MIN_WORDS:
                        yield NewsText(source, text)


def agreement(teacher: Any, student: Any) -> float:
    """Share of non-punctuation tokens that two parses of the same tokens attach alike (head and label)."""
    same = total = 0
    for gold, other in zip(teacher, student, strict=True):
        if gold.dep_ == _PUNCT:
            continue
        total += 1
        same += gold.head.i == other.head.i and gold.dep_ == other.dep_
    return same / total if total else 1.0


def _sentence_doc(vocab: Any, span: Any, source: str) -> Any:
    """One teacher sentence as its own Doc, lemmas left missing."""
    from spacy.tokens import Doc

    words = [t.text for t in span]
    spaces = [bool(t.whitespace_) for t in span]
    spaces[-1] = True
    starts: list[bool | int | None] = [False] * len(words)
    starts[0] = True
    # From span.ents, not the tokens' IOB: an entity the sentence boundary cuts is left out whole.
    ents = ["O"] * len(words)
    for ent in span.ents:
        ents[ent.start - span.start] = f"B-{ent.label_}"
        for i in range(ent.start - span.start + 1, ent.end - span.start):
            ents[i] = f"I-{ent.label_}"
    doc = Doc(
        vocab,
        words=words,
        spaces=spaces,
        tags=[t.tag_ for t in span],
        pos=[t.pos_ for t in span],
        morphs=[str(t.morph) for t in span],
        heads=[t.head.i - span.start for t in span],
        deps=[t.dep_ for t in span],
        sent_starts=starts,
        ents=ents,
    )
    doc.user_data["source"] = source
    return doc


def parse_silver(
    teacher: Any,
    student: Any,
    texts: Iterable[NewsText],
    output: Path,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> SilverStats:
    """Parse ``texts`` with ``teacher``, score each sentence against ``student``, write a DocBin.

    Repeated sentences (the synthetic stories reuse templates) are kept once. ``progress`` hears the
    number of texts parsed so far.
    """
    from spacy.tokens import Doc, DocBin

    stats = SilverStats()
    seen: set[str] = set()
    sentences: list[Any] = []
    items = list(texts)
    parsed_docs = teacher.pipe((item.text for item in items), batch_size=batch_size)
    for parsed, item in zip(parsed_docs, items, strict=True):
        stats.texts += 1
        for span in parsed.sents:
            key = span.text.strip()
            if not key or key in seen:
                stats.duplicates += bool(key)
                continue
            seen.add(key)
            sentences.append(_sentence_doc(teacher.vocab, span, item.source))
        if progress is not None:
            progress(stats.texts)
    # The student parses the teacher's tokens, so the two parses line up token by token.
    plain = (Doc(student.vocab, words=[t.text for t in s], spaces=[bool(t.whitespace_) for t in s]) for s in sentences)
    skipped = [name for name in student.pipe_names if name not in STUDENT_COMPONENTS]
    docbin = DocBin(store_user_data=True)
    for sentence, parsed in zip(sentences, student.pipe(plain, batch_size=256, disable=skipped), strict=True):
        sentence.user_data["agree"] = round(agreement(sentence, parsed), 4)
        docbin.add(sentence)
        stats.sentences += 1
        stats.words += len(sentence)
    output.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(output)
    return stats


def mix_silver(
    silver: Path,
    gold_words: int,
    ratio: float,
    output: Path,
    min_agree: float = 0.0,
    seed: int = 0,
    entities: bool = True,
) -> MixStats:
    """Write a DocBin of silver sentences worth ``ratio`` x ``gold_words`` words, agreement >= ``min_agree``.

    Articles are drawn at random (fixed seed) and taken whole, sentence order kept, until the word
    budget is spent; ``ratio`` 0 or below means every sentence that passes the floor. ``entities=False``
    marks the teacher's entities missing, so that the silver teaches syntax only.
    """
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    if not silver.is_file():
        raise ConfigurationError(f"no silver parses at {silver}; run `brinkwatch model silver` first")
    vocab = Vocab()
    by_source: dict[str, list[Any]] = {}
    for doc in DocBin(store_user_data=True).from_disk(silver).get_docs(vocab):
        if float(doc.user_data.get("agree", 0.0)) >= min_agree:
            source = str(doc.user_data.get("source", ""))
            doc.user_data.clear()  # the notes have done their job; Doc.from_docs would warn on each
            if not entities:
                doc.set_ents([], default="missing")
            by_source.setdefault(source, []).append(doc)
    order = sorted(by_source)
    random.Random(seed).shuffle(order)
    budget = gold_words * ratio if ratio > 0 else float("inf")
    out = DocBin(store_user_data=False)
    words = sentences = docs = 0
    for source in order:
        if words >= budget:
            break
        chosen = by_source[source]
        for start in range(0, len(chosen), SENTENCES_PER_DOC):
            group = chosen[start : start + SENTENCES_PER_DOC]
            out.add(Doc.from_docs(group, ensure_whitespace=True))
            docs += 1
            sentences += len(group)
            words += sum(len(doc) for doc in group)
    output.parent.mkdir(parents=True, exist_ok=True)
    out.to_disk(output)
    return MixStats(gold_words, words, sentences, docs, min_agree, ratio)
