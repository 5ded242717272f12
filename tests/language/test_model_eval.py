"""The evaluation gate: the shipped model must keep its measured accuracy on UD/UNER PUD (news).

Floors sit just under the scores in docs/language-model.md; a drop turns CI red, a gain should
raise them. PUD only (about 21,000 words), so the gate runs in seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.language.model_eval import ModelScores, SetScores, evaluate_model, format_table

PUD_FLOORS = {
    "upos": 94.0,
    "tag": 93.0,
    "uas": 85.0,
    "las": 80.5,
    "sents_f": 89.0,
    "lemma": 94.5,
    "ner_f1": 47.0,
}


@pytest.fixture(scope="module")
def pud_scores(shared: Path) -> SetScores:
    return evaluate_model(shared, sets=("pud",), timing=False).sets["pud"]


@pytest.mark.parametrize(("metric", "floor"), sorted(PUD_FLOORS.items()))
def test_model_eval_pud_stays_above_floor(pud_scores: SetScores, metric: str, floor: float) -> None:
    assert getattr(pud_scores, metric) >= floor, f"PUD {metric} fell below its floor {floor}"


def test_model_eval_json_has_the_documented_shape() -> None:
    scores = SetScores(upos=1, tag=2, uas=3, las=4, sents_f=5, lemma=6, ner_p=7, ner_r=8, ner_f1=9)
    result = ModelScores(sets={"ewt_test": scores, "pud": scores}, words_per_second=10.0, load_seconds=0.5)
    shape = result.to_json()
    assert list(shape) == ["ewt_test", "pud", "ner_ewt_test", "ner_pud", "words_per_second", "load_seconds"]
    assert shape["pud"] == {"upos": 1, "tag": 2, "uas": 3, "las": 4, "sents_f": 5}
    assert shape["ner_pud"] == {"p": 7, "r": 8, "f1": 9}
    assert "pud" in format_table(result)
