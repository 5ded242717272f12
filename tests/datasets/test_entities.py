"""Entity sources read into text + character spans, from small files written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brinkwatch.datasets.entities import Marked, read_re3d, read_uner, read_wnut, source_files
from brinkwatch.errors import ConfigurationError


def _spans(marked: Marked) -> list[tuple[str, str]]:
    return [(marked.text[s:e], label) for s, e, label in marked.spans]


def test_entities_read_uner_keeps_per_org_loc(tmp_path: Path) -> None:
    path = tmp_path / "x.iob2"
    rows = [("Al", "B-ORG"), ("-", "I-ORG"), ("Zaman", "I-ORG"), ("hired", "O"), ("American", "B-OTH"),
            ("Ann", "B-PER"), ("Lee", "I-PER"), ("in", "O"), ("Qaim", "B-LOC"), (".", "O")]  # fmt: skip
    lines = ["# sent_id = s1", "# text = Al-Zaman hired American Ann Lee in Qaim."]
    lines += [f"{i}\t{w}\t{t}\t-\t-" for i, (w, t) in enumerate(rows, 1)]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    [marked] = read_uner(path)
    assert _spans(marked) == [("Al-Zaman", "ORG"), ("Ann Lee", "PER"), ("Qaim", "LOC")]


def test_entities_read_wnut_maps_its_types(tmp_path: Path) -> None:
    path = tmp_path / "w.conll"
    rows = ["Empire\tB-location", "State\tI-location", "by\tO", "Acme\tB-corporation", "Pixel\tB-product", "fans\tO"]
    path.write_text("\n".join(rows) + "\n\t\n", encoding="utf-8")
    [marked] = read_wnut(path)
    assert marked.text == "Empire State by Acme Pixel fans"
    assert _spans(marked) == [("Empire State", "LOC"), ("Acme", "ORG")]


@pytest.mark.parametrize(
    ("names_only", "expected"),
    [
        (False, [("the Kurdish YPG", "ORG"), ("Syria", "LOC"), ("the rebels", "ORG")]),
        (True, [("Kurdish YPG", "ORG"), ("Syria", "LOC")]),
    ],
)
def test_entities_read_re3d_keeps_names_or_mentions(
    tmp_path: Path, names_only: bool, expected: list[tuple[str, str]]
) -> None:
    text = "Advisers joined the Kurdish YPG in Syria. Then the rebels left the camp."
    part = tmp_path / "re3d" / "Part"
    part.mkdir(parents=True)
    document = {"_id": "d1", "text": text}
    entities = [("the Kurdish YPG", "Organisation", 1), ("Kurdish", "Nationality", 1), ("Syria", "Location", 1),
                ("the rebels", "Organisation", 1), ("the camp", "Location", 0)]  # fmt: skip
    rows = [
        {"documentId": "d1", "begin": text.index(v), "end": text.index(v) + len(v), "type": t, "confidence": c}
        for v, t, c in entities
    ]
    (part / "documents.json").write_text(json.dumps(document) + "\n", encoding="utf-8")
    (part / "entities.json").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    found = [span for marked in read_re3d(tmp_path / "re3d", names_only) for span in _spans(marked)]
    assert found == expected


def test_entities_unknown_source_says_which_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="uner-ewt-train"):
        source_files(tmp_path, "conll03")
