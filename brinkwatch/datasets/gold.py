"""The real-news event gold standard: stored annotations joined with the Wikinews text from ../shared.

The stored file (brinkwatch/resources/gold/events.jsonl, one line per article) keeps ids, character offsets
into the raw CSV `text` and labels, never the text: `load_gold` reads the text from the shared folder and
checks its SHA-1 so that a changed copy is an error, not silently shifted spans. See
docs/annotation-guide.md for what was annotated and docs/evaluation.md for the splits.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from brinkwatch.datasets.shared import shared_file
from brinkwatch.errors import ConfigurationError

__all__ = ["GOLD_FILE", "GoldArticle", "GoldEvent", "Split", "load_gold", "wikinews_rows"]

GOLD_FILE = Path(__file__).resolve().parents[1] / "resources" / "gold" / "events.jsonl"
Split = Literal["train", "dev", "test", "all"]
Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    sentence: int
    sentence_span: Offsets
    trigger: Offsets
    type: str
    mode: str
    actor: Offsets | None
    actor_code: str
    recipient: Offsets | None
    recipient_code: str | None
    certainty: str
    place: Offsets | None = None
    date: Offsets | None = None
    mutual: bool = False


@dataclass(slots=True)
class GoldArticle:
    doc: str
    split: str
    text: str
    title: str
    date: str
    url: str
    sentences: list[Offsets]
    events: list[GoldEvent] = field(default_factory=list)
    topic: str = ""

    def span(self, offsets: Offsets | None) -> str:
        return self.text[offsets[0] : offsets[1]] if offsets else ""


@cache
def wikinews_rows() -> dict[str, dict[str, str]]:
    """Every Wikinews row by its id (`wikinews_2019:17`: the file's stem and the row's 0-based index)."""
    csv.field_size_limit(2**31 - 1)
    rows: dict[str, dict[str, str]] = {}
    for stem in ("wikinews_2019", "wikinews_2020"):
        with shared_file(f"news/{stem}.csv").open(encoding="utf-8", newline="") as handle:
            for index, row in enumerate(csv.DictReader(handle)):
                rows[f"{stem}:{index}"] = row
    return rows


def _offsets(value: Any) -> Offsets | None:
    return (int(value[0]), int(value[1])) if value else None


def _event(data: dict[str, Any]) -> GoldEvent:
    return GoldEvent(
        sentence=int(data["sentence"]),
        sentence_span=(int(data["sentence_span"][0]), int(data["sentence_span"][1])),
        trigger=(int(data["trigger"][0]), int(data["trigger"][1])),
        type=data["type"],
        mode=data.get("mode") or "",
        actor=_offsets(data.get("actor")),
        actor_code=data.get("actor_code") or "UNK",
        recipient=_offsets(data.get("recipient")),
        recipient_code=data.get("recipient_code"),
        certainty=data.get("certainty") or "asserted",
        place=_offsets(data.get("place")),
        date=_offsets(data.get("date")),
        mutual=bool(data.get("mutual")),
    )


def read_records(path: Path = GOLD_FILE) -> list[dict[str, Any]]:
    if not path.is_file():
        raise ConfigurationError(f"no gold annotations at {path}; reinstall brinkwatch or rebuild them")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_gold(split: Split = "all", path: Path = GOLD_FILE) -> list[GoldArticle]:
    """The gold articles of a split, with their text from the shared folder."""
    return join_text(record for record in read_records(path) if split == "all" or record["split"] == split)


def join_text(records: Iterable[dict[str, Any]]) -> list[GoldArticle]:
    rows = wikinews_rows()
    out = []
    for record in records:
        row = rows.get(record["doc"])
        if row is None:
            raise ConfigurationError(f"gold article {record['doc']!r} is not in the shared Wikinews files")
        digest = hashlib.sha1(row["text"].encode("utf-8")).hexdigest()
        if digest != record["sha1"]:
            raise ConfigurationError(
                f"the shared text of {record['doc']} changed (SHA-1 {digest}, annotated {record['sha1']}): "
                "its gold offsets no longer apply"
            )
        out.append(
            GoldArticle(
                doc=record["doc"],
                split=record["split"],
                text=row["text"],
                title=row["title"],
                date=row["date"],
                url=row["url"],
                sentences=[(int(s), int(e)) for s, e in record["sentences"]],
                events=[_event(event) for event in record["events"]],
                topic=record.get("topic", ""),
            )
        )
    return out
