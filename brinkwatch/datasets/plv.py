"""plv-train: real news sentences with one marked dyad and its PLOVER root, and its fixed dev split.

The dev split (20%, seed 14) is only ever used to measure; the training recipe reads the rest. plv's
YIELD merges PLOVER's CONCEDE and RETREAT, so either counts as right for it.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from typing import Literal

from brinkwatch.datasets.shared import shared_file

__all__ = ["DEV_SHARE", "SEED", "PlvRow", "load_plv"]

SEED = 14
DEV_SHARE = 0.2
_MARK = re.compile(r"</?[st]>")


@dataclass(frozen=True, slots=True)
class PlvRow:
    id: str
    text: str
    source: tuple[int, int] | None  # character span of the marked actor in `text`; None: none marked
    target: tuple[int, int] | None  # None: the act has no recipient ("a recipient" in the file)
    root: str  # one of the 15 roots; YIELD = CONCEDE or RETREAT


def _unmark(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    spans: dict[str, list[int]] = {"s": [], "t": []}
    out: list[str] = []
    position = 0
    for match in _MARK.finditer(marked):
        out.append(marked[position : match.start()])
        spans[match.group(0).strip("</>")].append(sum(len(piece) for piece in out))
        position = match.end()
    out.append(marked[position:])
    text = "".join(out)
    found = []
    for tag in ("s", "t"):
        marks = spans[tag]  # a name marked again later ("to <t>Ukraine</t> ... <t>Ukraine</t>'s"): the first
        found.append((marks[0], marks[1]) if len(marks) >= 2 else None)
    return text, found[0], found[1]


def load_plv(split: Literal["train", "dev", "all"] = "all") -> list[PlvRow]:
    with shared_file("eval/plv-train/PLV_train.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for row in rows:
        text, source, target = _unmark(row["marked_sentence"])
        out.append(PlvRow(row["sentence_id"], text, source, target, row["gold_root"]))
    # Split by sentence id, so that a row the file holds twice never lands on both sides.
    ids = sorted({row.id for row in out}, key=int)
    random.Random(SEED).shuffle(ids)
    dev = set(ids[: round(len(ids) * DEV_SHARE)])
    if split == "dev":
        return [row for row in out if row.id in dev]
    if split == "train":
        return [row for row in out if row.id not in dev]
    return out
