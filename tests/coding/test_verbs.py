from __future__ import annotations

import pytest

from brinkwatch.coding.petrarch_format import parse_verbs
from brinkwatch.coding.verbs import CameoTable, VerbTable, default_cameo, default_verbs, inflections


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("attack", {"attacks", "attacked", "attacking"}),
        ("seize", {"seized", "seizing", "seizes"}),
        ("ally", {"allies", "allied"}),
        ("ban", {"banned", "banning"}),
    ],
)
def test_verbs_inflections(lemma: str, forms: set[str]) -> None:
    assert forms <= inflections(lemma)


TABLE = VerbTable.from_blocks(
    parse_verbs(
        """
--- ASSAULT  [190] ---
ATTACK
STRIKE {STRUCK}
- * WITH ROCKETS [195]
- * WITH ROCKETS FROM SHIPS [194]
- FAILED * [---]
"""
    )
)


@pytest.mark.parametrize(
    ("before", "after", "code"),
    [
        ([], ["the", "base"], "190"),
        ([], ["the", "base", "with", "rockets"], "195"),
        ([], ["with", "many", "rockets", "from", "ships"], "194"),  # the most specific pattern wins
        (["they", "failed", "to"], ["the", "base"], "---"),
    ],
)
def test_verbs_most_specific_pattern(before: list[str], after: list[str], code: str) -> None:
    (entry,) = TABLE.entries("attack")
    found, _ = TABLE.code_for(entry, [{w} for w in before], [{w} for w in after])
    assert found == code


@pytest.mark.parametrize(("form", "lemma"), [("struck", "strike"), ("attacking", "attack"), ("walked", None)])
def test_verbs_lemma_of_forms(form: str, lemma: str | None) -> None:
    assert TABLE.lemma_of(form) == lemma


@pytest.mark.parametrize(
    ("code", "plover", "quad"),
    [("183", "ASSAULT", 4), ("138", "THREATEN", 3), ("112", "ACCUSE", 3), ("036", "AGREE", 1), ("0234", "REQUEST", 1)],
)
def test_verbs_compiled_cameo_table(code: str, plover: str, quad: int) -> None:
    info = default_cameo().get(code)
    assert info is not None and (info.plover_type, info.quad_class) == (plover, quad)


def test_verbs_cameo_falls_back_to_the_parent_code() -> None:
    table = CameoTable.load()
    assert table.get("19099") == table.get("190")
    assert table.get("99") is None


@pytest.mark.parametrize(("form", "code"), [("exploded", "183"), ("accused", "112")])
def test_verbs_compiled_dictionary_codes(form: str, code: str) -> None:
    table = default_verbs()
    lemma = table.lemma_of(form)
    assert lemma is not None and table.entries(lemma)[0].code == code
