"""The verb dictionary (CAMEO.2.0 or a PETRARCH `--verbs` file) and the CAMEO code table.

`VerbTable` maps a verb form to its dictionary entries and picks the CAMEO code of the most specific
pattern that matches the words around the verb. `CameoTable` maps a CAMEO code to its name,
Goldstein value, quad class and PLOVER type/mode (compiled by scripts/build_coding_tables.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from brinkwatch.coding.petrarch_format import VerbBlock, VerbPattern, parse_verbs
from brinkwatch.errors import ConfigurationError

__all__ = ["CameoInfo", "CameoTable", "VerbEntry", "VerbTable", "default_cameo", "default_verbs", "inflections"]

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "coding"
NO_EVENT = "---"


def inflections(lemma: str) -> set[str]:
    """Regular English forms of a verb; over-generation is harmless for a lookup table."""
    forms = {lemma, lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


@dataclass(slots=True)
class VerbEntry:
    lemma: str
    code: str
    particles: list[str]
    block: int


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A pattern ready to match: slots as sets, and the words it needs at all (for a quick reject)."""

    before: tuple[frozenset[str], ...]  # nearest the verb first
    after: tuple[frozenset[str], ...]
    code: str
    pattern: VerbPattern


@dataclass(slots=True)
class VerbTable:
    blocks: list[VerbBlock]
    lemmas: dict[str, list[VerbEntry]] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    compiled: list[list[_Compiled]] = field(default_factory=list)  # per block, most specific first

    @classmethod
    def from_blocks(cls, blocks: list[VerbBlock]) -> VerbTable:
        table = cls(blocks)
        for block in blocks:
            patterns = sorted(block.patterns, key=lambda p: -(len(p.before) + len(p.after)))  # stable: file order
            table.compiled.append(
                [
                    _Compiled(
                        tuple(frozenset(slot) for slot in reversed(p.before)),
                        tuple(frozenset(slot) for slot in p.after),
                        p.code,
                        p,
                    )
                    for p in patterns
                ]
            )
        for index, block in enumerate(blocks):
            for lemma, particles in block.verbs.items():
                code = block.verb_codes.get(lemma, block.code)
                table.lemmas.setdefault(lemma, []).append(VerbEntry(lemma, code, particles, index))
                for form in inflections(lemma):
                    table.forms.setdefault(form, lemma)
            for form, lemma in block.forms.items():
                table.forms[form] = lemma  # irregular forms listed in the file win
        return table

    @classmethod
    def from_petrarch(cls, path: Path) -> VerbTable:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ConfigurationError(f"cannot read verb dictionary {path}: {exc}; check the --verbs path") from exc
        return cls.from_blocks(parse_verbs(text))

    def lemma_of(self, word: str, lemma: str = "") -> str | None:
        """The dictionary lemma for a surface form (falling back to the parser's lemma)."""
        word = word.lower()
        if word in self.forms:
            return self.forms[word]
        if lemma and lemma.lower() in self.lemmas:
            return lemma.lower()
        return None

    def entries(self, lemma: str) -> list[VerbEntry]:
        return self.lemmas.get(lemma, [])

    def code_for(
        self, entry: VerbEntry, before: Sequence[set[str]], after: Sequence[set[str]]
    ) -> tuple[str, VerbPattern | None]:
        """The code of the most specific pattern whose words occur, in order, around the verb.

        Patterns are tried most specific first (file order among equals), so the first match wins.
        """
        after_words = set().union(*after) if after else set()
        before_words = set().union(*before) if before else set()
        nearest_first = before[::-1]
        for compiled in self.compiled[entry.block]:
            if any(slot.isdisjoint(after_words) for slot in compiled.after):
                continue
            if any(slot.isdisjoint(before_words) for slot in compiled.before):
                continue
            if _in_order(compiled.after, after) and _in_order(compiled.before, nearest_first):
                return compiled.code, compiled.pattern
        return entry.code, None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "brinkwatch-verbs/1",
            "blocks": [
                {
                    "name": b.name,
                    "code": b.code,
                    "verbs": b.verbs,
                    "forms": b.forms,
                    "verb_codes": b.verb_codes,
                    "patterns": [[p.before, p.after, p.code, p.target_marked] for p in b.patterns],
                }
                for b in self.blocks
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VerbTable:
        if data.get("format") != "brinkwatch-verbs/1":
            raise ConfigurationError("verbs.json is not a brinkwatch-verbs/1 file; rebuild it with the build script")
        blocks = [
            VerbBlock(
                b["name"],
                b["code"],
                b["verbs"],
                b["forms"],
                b["verb_codes"],
                [VerbPattern(p[0], p[1], p[2], p[3]) for p in b["patterns"]],
            )
            for b in data["blocks"]
        ]
        return cls.from_blocks(blocks)


def _in_order(slots: Sequence[frozenset[str]], words: Sequence[set[str]]) -> bool:
    position = 0
    for slot in slots:
        while position < len(words) and slot.isdisjoint(words[position]):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


@dataclass(frozen=True, slots=True)
class CameoInfo:
    code: str
    name: str
    goldstein: float | None
    quad_class: int | None
    plover_type: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]


class CameoTable:
    def __init__(self, rows: dict[str, CameoInfo]) -> None:
        self.rows = rows

    @classmethod
    def load(cls, path: Path = RESOURCES / "cameo.tsv") -> CameoTable:
        rows: dict[str, CameoInfo] = {}
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            code, name, goldstein, quad, ptype, mode, context = (line.split("\t") + [""] * 7)[:7]
            rows[code] = CameoInfo(
                code,
                name,
                float(goldstein) if goldstein else None,
                int(quad) if quad else None,
                ptype or None,
                mode or None,
                tuple(c.strip() for c in context.split(";") if c.strip()),
            )
        return cls(rows)

    def get(self, code: str) -> CameoInfo | None:
        """The entry for a code, falling back to its parent (0231 -> 023 -> 02) for unlisted codes."""
        for length in range(len(code), 1, -1):
            info = self.rows.get(code[:length])
            if info is not None:
                return info
        return None

    def goldstein(self, code: str) -> float | None:
        """The Goldstein value of a code, or of its nearest parent that has one."""
        for length in range(len(code), 1, -1):
            info = self.rows.get(code[:length])
            if info is not None and info.goldstein is not None:
                return info.goldstein
        return None


@lru_cache(maxsize=1)
def default_verbs() -> VerbTable:
    path = RESOURCES / "verbs.json"
    if not path.is_file():
        raise ConfigurationError(f"no compiled verb table at {path}; run scripts/build_coding_tables.py")
    return VerbTable.from_json(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_cameo() -> CameoTable:
    return CameoTable.load()
