from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.errors import ConfigurationError, InputError
from brinkwatch.evaluate.petrarch import evaluate, load_records, score

RECORDS = """<Validation>
<!-- <Config option="require_dyad" value="false"></Config> inside a comment is ignored -->
<Sentences>
<Sentence date="20190823" id="T-1" category="X" sentence="true">
<EventCoding sourcecode="AAA" targetcode="BBB" eventcode="190"></EventCoding>
<Text>one</Text>
<Parse>(ROOT (S (NP (NNP A)) (VP (VBD hit) (NP (NNP B)))))</Parse>
</Sentence>
<Config option="require_dyad" value="False"></Config>
<Sentence date="20190823" id="T-2" category="X" sentence="false">
<EventCoding sourcecode="AAA" targetcode="BBB" eventcode="190"></EventCoding>
<Text>skipped</Text>
</Sentence>
<Sentence date="19950101" id="T-3" category="X" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>three</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_records_config_noevents_and_inactive(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_text(RECORDS, encoding="utf-8")
    first, third = load_records(path)
    assert (first.id, first.expected, first.options) == ("T-1", [("AAA", "BBB", "190")], {})
    assert (third.id, third.expected, third.options) == ("T-3", [], {"require_dyad": "false"})
    assert first.when is not None and first.when.year == 2019


@pytest.mark.parametrize(
    ("pairs", "exact", "triple_f1", "code_f1"),
    [
        ([([("A", "B", "190")], [("A", "B", "190")])], 1, 1.0, 1.0),
        ([([("A", "B", "190")], [("A", "C", "190")])], 0, 0.0, 1.0),
        ([([], [])], 1, 0.0, 0.0),  # a correct 'no events' record counts as exact, adds no triples
        ([([("A", "B", "190")], [])], 0, 0.0, 0.0),
    ],
)
def test_petrarch_score_exact_and_f1(
    pairs: list[tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]],
    exact: int,
    triple_f1: float,
    code_f1: float,
) -> None:
    result = score(pairs)
    assert result.exact == exact and result.prf("triple")[2] == triple_f1 and result.prf("code")[2] == code_f1


def test_petrarch_missing_dictionaries_say_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"PETR\.Validate"):
        evaluate(tmp_path / "records.xml", tmp_path)


def test_petrarch_file_without_records_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text("<Validation></Validation>", encoding="utf-8")
    with pytest.raises(InputError, match="no <Sentence> records"):
        load_records(path)


# Floors pinned just under the measured scores (docs/coding.md); raise them when the coder improves.
EXACT_FLOOR = 0.73
TRIPLE_F1_FLOOR = 0.76


def test_petrarch_gate_on_the_unit_test_records(shared: Path) -> None:
    result, results = evaluate(
        shared / "data/eval/petrarch2-unittest/PETR.UnitTest.records.xml", shared / "data/dictionaries"
    )
    assert result.records == 279 and len(results) == 279
    assert result.exact_match >= EXACT_FLOOR
    assert result.prf("triple")[2] >= TRIPLE_F1_FLOOR
