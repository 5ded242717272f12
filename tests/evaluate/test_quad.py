from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.coding.quad import default_quad
from brinkwatch.errors import InputError
from brinkwatch.evaluate.quad import evaluate, load_tsv, macro_f1


@pytest.mark.parametrize(
    ("gold", "predicted", "expected"),
    [([1, 2, 3], [1, 2, 3], 1.0), ([1, 1, 2, 2], [1, 1, 1, 1], (2 / 3 + 0) / 2), ([0, 4], [4, 0], 0.0)],
)
def test_quad_macro_f1(gold: list[int], predicted: list[int], expected: float) -> None:
    assert macro_f1(gold, predicted)[0] == pytest.approx(expected)


def test_quad_bad_label_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("Rebels shelled the town.\t4\nTalks resumed.\tfive\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:2"):
        load_tsv(path)


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("Government troops shelled rebel positions and killed dozens of fighters on Sunday.", 4),
        ("The United Nations delivered food aid and medical supplies to refugees in the camp.", 2),
    ],
)
def test_quad_model_on_clear_sentences(sentence: str, label: int) -> None:
    assert default_quad().predict(sentence) == label


# Floor pinned just under the measured test macro-F1 (docs/coding.md).
MACRO_F1_FLOOR = 0.66


def test_quad_gate_on_the_conflibert_test_set(shared: Path) -> None:
    result = evaluate(shared / "data/eval/conflibert-cameo/class_test.tsv")
    assert result["sentences"] == 451 and result["macro_f1"] >= MACRO_F1_FLOOR
