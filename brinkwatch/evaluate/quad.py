"""Score the sentence quad-class model on ConfliBERT's class_test.tsv (sentence TAB label, 0 = no event)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brinkwatch.coding.quad import QuadClassifier, default_quad
from brinkwatch.errors import InputError, InputNotFoundError

__all__ = ["evaluate", "load_tsv", "macro_f1"]


def load_tsv(path: Path) -> tuple[list[str], list[int]]:
    if not path.is_file():
        raise InputNotFoundError(f"no such file: {path}; pass ConfliBERT's class_test.tsv")
    texts: list[str] = []
    labels: list[int] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        if not label.strip().isdigit():
            raise InputError(f"{path}:{number}: expected 'sentence<TAB>label' with a label 0-4, got {label!r}")
        texts.append(text)
        labels.append(int(label))
    return texts, labels


def macro_f1(gold: list[int], predicted: list[int]) -> tuple[float, dict[int, float]]:
    per_class: dict[int, float] = {}
    for label in sorted(set(gold) | set(predicted)):
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        per_class[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return sum(per_class.values()) / len(per_class) if per_class else 0.0, per_class


def evaluate(path: Path, model: QuadClassifier | None = None) -> dict[str, Any]:
    texts, labels = load_tsv(path)
    model = model or default_quad()
    predicted = [model.predict(text) for text in texts]
    score, per_class = macro_f1(labels, predicted)
    accuracy = sum(g == p for g, p in zip(labels, predicted, strict=True)) / len(labels) if labels else 0.0
    return {
        "sentences": len(labels),
        "accuracy": accuracy,
        "macro_f1": score,
        "f1_by_class": {str(k): v for k, v in per_class.items()},
    }
