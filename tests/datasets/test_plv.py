"""plv-train: its marked dyads and the fixed dev split (reads ../shared)."""

from __future__ import annotations

from brinkwatch.datasets.plv import _unmark, load_plv


def test_plv_unmark_gives_offsets_in_the_clean_text() -> None:
    text, source, target = _unmark("<s>The envoy</s> met <t>the rebels</t> in Doha.")
    assert text == "The envoy met the rebels in Doha."
    assert source is not None and text[source[0] : source[1]] == "The envoy"
    assert target is not None and text[target[0] : target[1]] == "the rebels"


def test_plv_unmark_without_target_and_with_a_repeat() -> None:
    assert _unmark("<s>Police</s> opened an inquiry.")[2] is None
    text, _, target = _unmark("<s>A</s> lent <t>B</t> money for <t>B</t>'s army.")
    assert target == (7, 8) and text[7:8] == "B"


def test_plv_split_is_fixed_and_disjoint() -> None:
    dev, train = load_plv("dev"), load_plv("train")
    assert 200 <= len(dev) <= 220
    assert len(dev) + len(train) == len(load_plv("all"))
    assert not {(r.id, r.text) for r in dev} & {(r.id, r.text) for r in train}
    assert [r.id for r in load_plv("dev")] == [r.id for r in dev]
