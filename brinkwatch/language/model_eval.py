"""Score a trained pipeline on the held-out treebanks in ../shared/data.

Every score runs the full pipeline on raw text (the gold document's text), so tokenization and
sentence-splitting errors count, as they would on news. Conventions follow spaCy's scorer:
UAS/LAS leave out punctuation attachments and compare full UD labels (``nsubj:pass``);
entity scores are exact-span, exact-label over PER/ORG/LOC.

Sets: ``ewt_test`` (UD/UNER EWT test, web text) and ``pud`` (UD/UNER PUD, news and wiki). Neither
is ever used in training.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brinkwatch.errors import ConfigurationError

__all__ = [
    "EVAL_SETS",
    "SYNTAX_COMPONENTS",
    "ModelScores",
    "SetScores",
    "evaluate_model",
    "format_table",
    "gold_docs",
    "load_seconds",
    "news_texts",
    "to_json_text",
    "words_per_second",
]

EVAL_SETS: dict[str, tuple[str, str]] = {
    "ewt_test": ("ud/en_ewt-ud-test.conllu", "uner/en_ewt-ud-test.iob2"),
    "pud": ("ud/en_pud-ud-test.conllu", "uner/en_pud-ud-test.iob2"),
}
# The components a throughput figure is quoted for ("tagger+parser" in the target), with
# the shared encoder they listen to: tok2vec in the shipped CNN, transformer in the accurate variant.
SYNTAX_COMPONENTS = ("tok2vec", "transformer", "tagger", "morphologizer", "parser")


@dataclass
class SetScores:
    """Scores on one evaluation set, in percent."""

    upos: float
    tag: float
    uas: float
    las: float
    sents_f: float
    lemma: float
    ner_p: float
    ner_r: float
    ner_f1: float

    def syntax(self) -> dict[str, float]:
        return {"upos": self.upos, "tag": self.tag, "uas": self.uas, "las": self.las, "sents_f": self.sents_f}

    def ner(self) -> dict[str, float]:
        return {"p": self.ner_p, "r": self.ner_r, "f1": self.ner_f1}


@dataclass
class ModelScores:
    """Everything `brinkwatch model evaluate` reports."""

    sets: dict[str, SetScores] = field(default_factory=dict)
    words_per_second: float = 0.0
    syntax_words_per_second: float = 0.0
    load_seconds: float = 0.0
    # The same three on the wall clock (they include waiting for cores other programs hold).
    wall_words_per_second: float = 0.0
    wall_syntax_words_per_second: float = 0.0
    wall_load_seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The issue's JSON shape: syntax per set, NER per set, speed, load time."""
        result: dict[str, Any] = {}
        for name, scores in self.sets.items():
            result[name] = scores.syntax()
        for name, scores in self.sets.items():
            result[f"ner_{name}"] = scores.ner()
        result["words_per_second"] = self.words_per_second
        result["load_seconds"] = self.load_seconds
        return result


def _percent(value: Any) -> float:
    return round(100.0 * float(value or 0.0), 2)


def gold_docs(shared: Path, name: str, vocab: Any) -> list[Any]:
    """The gold Docs of one evaluation set, built in memory from ../shared/data."""
    from brinkwatch.language.training.corpus import (
        attach_entities,
        group_sentences,
        read_conllu,
        read_iob2,
        sentences_to_doc,
    )

    if name not in EVAL_SETS:
        raise ConfigurationError(f"unknown evaluation set {name!r}; choose from {', '.join(EVAL_SETS)}")
    conllu, iob2 = (shared / "data" / part for part in EVAL_SETS[name])
    for path in (conllu, iob2):
        if not path.is_file():
            raise ConfigurationError(f"evaluation file missing: {path}; pass --shared pointing at the shared folder")
    sentences = attach_entities(read_conllu(conllu), read_iob2(iob2))
    return [sentences_to_doc(vocab, group) for group in group_sentences(sentences)]


def score_set(nlp: Any, docs: list[Any]) -> SetScores:
    """Run ``nlp`` over the gold texts and score it against ``docs``."""
    from spacy.training import Example

    examples = [Example(nlp.make_doc(doc.text), doc) for doc in docs]
    scores = nlp.evaluate(examples)
    return SetScores(
        upos=_percent(scores.get("pos_acc")),
        tag=_percent(scores.get("tag_acc")),
        uas=_percent(scores.get("dep_uas")),
        las=_percent(scores.get("dep_las")),
        sents_f=_percent(scores.get("sents_f")),
        lemma=_percent(scores.get("lemma_acc")),
        ner_p=_percent(scores.get("ents_p")),
        ner_r=_percent(scores.get("ents_r")),
        ner_f1=_percent(scores.get("ents_f")),
    )


def news_texts(shared: Path, max_words: int = 20000) -> list[str]:
    """Wikinews article texts (``shared/data/news``) up to about ``max_words`` words."""
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    words = 0
    for path in sorted((shared / "data" / "news").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = (row.get("text") or "").strip()
                if text:
                    texts.append(text)
                    words += len(text.split())
                if words >= max_words:
                    return texts
    return texts


def words_per_second(
    nlp: Any, texts: Iterable[str], components: Iterable[str] | None = None, clock: str = "cpu"
) -> float:
    """Tokens per second of one process running ``nlp`` (or only ``components``) over ``texts``.

    ``clock="cpu"`` (the default) divides by the process's CPU time: on a shared machine the wall
    clock also counts the time other programs hold the cores, and the figure stops being
    repeatable. ``clock="wall"`` gives the wall-clock rate.
    """
    timer = time.process_time if clock == "cpu" else time.perf_counter
    texts = list(texts)
    if not texts:
        raise ConfigurationError("no news texts to time the model on (is shared/data/news present?)")
    disable = [name for name in nlp.pipe_names if components is not None and name not in components]
    with nlp.select_pipes(disable=disable):
        list(nlp.pipe(texts[:5]))  # warm-up: first calls allocate buffers
        start = timer()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
        elapsed = timer() - start
    return round(tokens / elapsed, 1)


def load_seconds(model: Path | None, clock: str = "cpu") -> float:
    """Seconds a fresh interpreter needs to import spaCy and load the pipeline with ``load_nlp``.

    ``clock`` as in `words_per_second`: CPU time by default, ``"wall"`` for the wall clock.
    """
    timer = "process_time" if clock == "cpu" else "perf_counter"
    code = (
        f"import sys, time; from pathlib import Path; start = time.{timer}();"
        "from brinkwatch.language.nlp import load_nlp;"
        "load_nlp(Path(sys.argv[1]) if len(sys.argv) > 1 else None);"
        f"print(time.{timer}() - start)"
    )
    argv = [sys.executable, "-c", code] + ([str(model)] if model is not None else [])
    # The child must import this very checkout of brinkwatch, not another installed copy.
    package_root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise ConfigurationError(f"loading the model in a fresh process failed: {result.stderr.strip()[-400:]}")
    return round(float(result.stdout.strip().splitlines()[-1]), 2)


def evaluate_model(
    shared: Path, model: Path | None = None, sets: Iterable[str] = tuple(EVAL_SETS), timing: bool = True
) -> ModelScores:
    """Score the shipped pipeline (or the one at ``model``) on ``sets``; optionally time it."""
    from brinkwatch.language.nlp import load_nlp

    nlp = load_nlp(model)
    result = ModelScores()
    for name in sets:
        result.sets[name] = score_set(nlp, gold_docs(shared, name, nlp.vocab))
    if timing:
        texts = news_texts(shared)
        result.words_per_second = words_per_second(nlp, texts)
        result.syntax_words_per_second = words_per_second(nlp, texts, SYNTAX_COMPONENTS)
        result.load_seconds = load_seconds(model)
        result.wall_words_per_second = words_per_second(nlp, texts, clock="wall")
        result.wall_syntax_words_per_second = words_per_second(nlp, texts, SYNTAX_COMPONENTS, clock="wall")
        result.wall_load_seconds = load_seconds(model, clock="wall")
    return result


def format_table(scores: ModelScores) -> str:
    """A plain-text table of ``scores`` (the --format table output)."""
    lines = [
        f"{'set':<10} {'UPOS':>6} {'tag':>6} {'UAS':>6} {'LAS':>6} {'sents':>6} {'lemma':>6} "
        f"{'NER P':>6} {'NER R':>6} {'NER F':>6}"
    ]
    for name, s in scores.sets.items():
        lines.append(
            f"{name:<10} {s.upos:6.2f} {s.tag:6.2f} {s.uas:6.2f} {s.las:6.2f} {s.sents_f:6.2f} {s.lemma:6.2f} "
            f"{s.ner_p:6.2f} {s.ner_r:6.2f} {s.ner_f1:6.2f}"
        )
    if scores.words_per_second:
        lines.append(
            f"speed (per CPU second): {scores.words_per_second:,.0f} words/s full pipeline, "
            f"{scores.syntax_words_per_second:,.0f} words/s tagger+parser; load {scores.load_seconds:.2f} s"
        )
        lines.append(
            f"speed (wall clock):     {scores.wall_words_per_second:,.0f} words/s full pipeline, "
            f"{scores.wall_syntax_words_per_second:,.0f} words/s tagger+parser; load {scores.wall_load_seconds:.2f} s"
        )
    return "\n".join(lines)


def to_json_text(scores: ModelScores) -> str:
    return json.dumps(scores.to_json(), indent=2)
