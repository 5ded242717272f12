"""Sentence-level quad class (0 none, 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict).

A linear model over TF-IDF word uni- and bigrams plus cue tokens from our own dictionaries (the
quad class of each dictionary verb and event noun in the sentence). Trained by
scripts/train_quad.py on ConfliBERT's class_train.tsv only; the weights ship as
brinkwatch/resources/coding/quad.json and inference needs nothing beyond the standard library.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from brinkwatch.coding.triggers import Triggers, default_triggers
from brinkwatch.coding.verbs import NO_EVENT, CameoTable, VerbTable, default_cameo, default_verbs
from brinkwatch.errors import ConfigurationError

__all__ = ["QuadClassifier", "cue_text", "default_quad"]

MODEL = Path(__file__).resolve().parents[1] / "resources" / "coding" / "quad.json"
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern, which trained the weights
_WORD = re.compile(r"[A-Za-z]+")


def cue_text(text: str, verbs: VerbTable, cameo: CameoTable, triggers: Triggers) -> str:
    """The sentence plus one cue token per dictionary verb or event noun: 'vq4 v19' ('attacked')."""
    cues = []
    for word in _WORD.findall(text.lower()):
        lemma = verbs.lemma_of(word)
        if lemma:
            code = verbs.entries(lemma)[0].code.split(":")[0]
            info = cameo.get(code) if not code.startswith(NO_EVENT) else None
            if info and info.quad_class:
                cues.append(f"vq{info.quad_class} v{code[:2]}")
        noun = triggers.nouns.get(word) or triggers.nouns.get(word.rstrip("s"))
        if noun:
            info = cameo.get(noun)
            if info and info.quad_class:
                cues.append(f"nq{info.quad_class}")
    return text + " " + " ".join(cues)


def _terms(text: str) -> list[str]:
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(slots=True)
class QuadClassifier:
    classes: list[int]
    vocabulary: dict[str, tuple[float, list[float]]]  # term -> (idf, weight per class)
    intercept: list[float]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuadClassifier:
        if data.get("format") != "brinkwatch-quad/1":
            raise ConfigurationError("quad.json is not a brinkwatch-quad/1 model; retrain with scripts/train_quad.py")
        vocabulary = {term: (float(v[0]), [float(w) for w in v[1]]) for term, v in data["vocabulary"].items()}
        return cls([int(c) for c in data["classes"]], vocabulary, [float(b) for b in data["intercept"]])

    def scores(self, text: str) -> list[float]:
        counts = Counter(t for t in _terms(cue_text(text, default_verbs(), default_cameo(), default_triggers())))
        features = {
            term: (1.0 + math.log(n)) * self.vocabulary[term][0]
            for term, n in counts.items()
            if term in self.vocabulary
        }
        norm = math.sqrt(sum(v * v for v in features.values())) or 1.0
        totals = list(self.intercept)
        for term, value in features.items():
            for k, weight in enumerate(self.vocabulary[term][1]):
                totals[k] += weight * value / norm
        return totals

    def predict(self, text: str) -> int:
        scores = self.scores(text)
        return self.classes[max(range(len(scores)), key=scores.__getitem__)]


@lru_cache(maxsize=1)
def default_quad() -> QuadClassifier:
    if not MODEL.is_file():
        raise ConfigurationError(f"no quad model at {MODEL}; train one with scripts/train_quad.py")
    return QuadClassifier.from_json(json.loads(MODEL.read_text(encoding="utf-8")))
