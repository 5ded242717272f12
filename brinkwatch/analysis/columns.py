"""A columnar form of fused events, so series and alerts over millions of events are numpy group-bys.

One row per fused event (one occurrence, however many articles report it). Text columns are
dictionary-encoded: `actor` and `recipient` are int32 indexes into `codes`, `type` an int8 index
into PLOVER_TYPES. Days are int64 days since 1970-01-01.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from brinkwatch.analysis.plover import CERTAINTY_ORDER, PLOVER_TYPES, QUAD_CLASS, TYPE_INDEX
from brinkwatch.errors import InvalidRecordError
from brinkwatch.model import Certainty, FusedEvent

__all__ = ["EPOCH", "EventTable", "day_number", "from_day_number", "table_from_columns", "table_from_fused"]

EPOCH = date(1970, 1, 1)
UNKNOWN_CODE = "UNK"

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def day_number(day: date) -> int:
    return (day - EPOCH).days


def from_day_number(number: int) -> date:
    return EPOCH + timedelta(days=int(number))


@dataclass(slots=True)
class EventTable:
    """Columns of equal length, one row per fused event; NaN intensity means "use the type default"."""

    event_id: npt.NDArray[np.object_]
    actor: npt.NDArray[np.int32]
    recipient: npt.NDArray[np.int32]
    day: IntArray
    type: npt.NDArray[np.int8]
    quad: npt.NDArray[np.int8]
    goldstein: FloatArray
    intensity: FloatArray
    certainty: npt.NDArray[np.int8]
    sources: npt.NDArray[np.int32]
    codes: list[str]

    def __post_init__(self) -> None:
        lengths = {name: len(getattr(self, name)) for name in self._columns()}
        if len(set(lengths.values())) > 1:
            raise InvalidRecordError(f"EventTable columns differ in length: {lengths}; build them from one source")

    @staticmethod
    def _columns() -> tuple[str, ...]:
        return (
            "event_id",
            "actor",
            "recipient",
            "day",
            "type",
            "quad",
            "goldstein",
            "intensity",
            "certainty",
            "sources",
        )

    def __len__(self) -> int:
        return len(self.day)

    def select(self, mask: npt.NDArray[np.bool_]) -> EventTable:
        columns = {name: getattr(self, name)[mask] for name in self._columns()}
        return EventTable(codes=self.codes, **columns)

    def dyad(self, actor: str, recipient: str) -> EventTable:
        """The rows whose codes start with `actor` and `recipient` (ISR takes in ISRGOV and ISRMIL),
        relabelled to exactly those two codes, so the pair reads as one dyad."""
        actor_of = np.array([code.startswith(actor) for code in self.codes] + [False])
        recipient_of = np.array([code.startswith(recipient) for code in self.codes] + [False])
        rows = self.select(actor_of[self.actor] & recipient_of[self.recipient])
        rows.actor = np.zeros(len(rows), dtype=np.int32)
        rows.recipient = np.ones(len(rows), dtype=np.int32)
        rows.codes = [actor, recipient]
        return rows

    def at_level(self, length: int | None) -> EventTable:
        """Merge actor codes to their first `length` characters (3 = country level: ISRGOV -> ISR)."""
        if length is None:
            return self
        merged = [code[:length] for code in self.codes]
        vocabulary = sorted(set(merged))
        position = {code: i for i, code in enumerate(vocabulary)}
        remap = np.array([position[code] for code in merged], dtype=np.int32)
        columns = {name: getattr(self, name) for name in self._columns()}
        columns["actor"] = remap[self.actor]
        columns["recipient"] = remap[self.recipient]
        return EventTable(codes=vocabulary, **columns)


def _certainty_index(certainty: Certainty | None) -> int:
    return CERTAINTY_ORDER.index(certainty) if certainty is not None else 0


def _day_of(event: FusedEvent) -> date | None:
    """The day the reports put the occurrence on (the text's date, else the article's publication date).

    Never the day an undated article was read (`first_reported` falls back to it): that put every
    undated report on the ingest day, and the demo's one alert was "UNK -> UNK, today".
    """
    return event.start


def table_from_fused(events: Iterable[FusedEvent]) -> EventTable:
    """Build the table from fused events; events without a day (`_day_of`) or a known PLOVER type are left out.

    Certainty is the fused event's strongest: the best-supported reading of the occurrence, since
    weaker reports of the same occurrence add corroboration (counted in `sources`), not doubt.
    """
    rows = [(event, day) for event in events if (day := _day_of(event)) is not None and event.type in TYPE_INDEX]
    # Sorted codes, so series come out in the alphabetical order of their dyads.
    codes = sorted(
        {event.actor or UNKNOWN_CODE for event, _ in rows} | {event.recipient or UNKNOWN_CODE for event, _ in rows}
    )
    position = {code: i for i, code in enumerate(codes)}
    actor = np.array([position[event.actor or UNKNOWN_CODE] for event, _ in rows], dtype=np.int32)
    recipient = np.array([position[event.recipient or UNKNOWN_CODE] for event, _ in rows], dtype=np.int32)

    def first_known(event: FusedEvent, name: str) -> float | None:
        # Reports of one occurrence may differ in what the coder derived; take the first that has it.
        return next((value for report in event.reports if (value := getattr(report, name)) is not None), None)

    return EventTable(
        event_id=np.array([event.id for event, _ in rows], dtype=object),
        actor=actor,
        recipient=recipient,
        day=np.array([day_number(day) for _, day in rows], dtype=np.int64),
        type=np.array([TYPE_INDEX[event.type] for event, _ in rows], dtype=np.int8),
        quad=np.array([QUAD_CLASS[event.type] for event, _ in rows], dtype=np.int8),
        goldstein=_floats([first_known(event, "goldstein") for event, _ in rows]),
        intensity=_floats([first_known(event, "intensity") for event, _ in rows]),
        certainty=np.array([_certainty_index(event.strongest_certainty) for event, _ in rows], dtype=np.int8),
        sources=np.array([max(event.independent_sources, 1) for event, _ in rows], dtype=np.int32),
        codes=codes,
    )


def _floats(values: Sequence[float | None]) -> FloatArray:
    return np.array([np.nan if value is None else value for value in values], dtype=np.float64)


def _encode(values: Iterable[Any], vocabulary: Sequence[str], count: int) -> npt.NDArray[np.int64]:
    """Index of each value in `vocabulary`, -1 where it is not there (a dict lookup beats sorting strings)."""
    position = {name: i for i, name in enumerate(vocabulary)}
    return np.fromiter((position.get(value, -1) for value in values), dtype=np.int64, count=count)


def table_from_columns(
    *,
    event_id: Sequence[str],
    actor: Sequence[str | None],
    recipient: Sequence[str | None],
    day: Sequence[date | str],
    type: Sequence[str],
    certainty: Sequence[str | None],
    sources: Sequence[int] | None = None,
    goldstein: Sequence[float | None] | None = None,
    intensity: Sequence[float | None] | None = None,
) -> EventTable:
    """Build the table from plain columns, as a database query returns them (one list per column).

    One pass per column with dict lookups (no record objects), so a store can hand over a million fused
    events in seconds. Certainty is the value
    string ("asserted", ...; missing means asserted); rows with an unknown PLOVER type are left out.
    """
    n = len(event_id)
    codes = sorted({code or UNKNOWN_CODE for code in actor} | {code or UNKNOWN_CODE for code in recipient})
    kind = _encode(type, PLOVER_TYPES, n)
    certainties = [c.value for c in CERTAINTY_ORDER]
    certainty_index = np.maximum(_encode((str(c) if c else "asserted" for c in certainty), certainties, n), 0)
    quad = np.array([QUAD_CLASS[name] for name in PLOVER_TYPES], dtype=np.int8)
    keep = kind >= 0
    empty: list[None] = [None] * n
    table = EventTable(
        event_id=np.asarray(event_id, dtype=object),
        actor=_encode((code or UNKNOWN_CODE for code in actor), codes, n).astype(np.int32),
        recipient=_encode((code or UNKNOWN_CODE for code in recipient), codes, n).astype(np.int32),
        day=(np.asarray(day, dtype="datetime64[D]").astype(np.int64)),
        type=np.where(keep, kind, 0).astype(np.int8),
        quad=quad[np.where(keep, kind, 0)],
        goldstein=_floats(goldstein if goldstein is not None else empty),
        intensity=_floats(intensity if intensity is not None else empty),
        certainty=certainty_index.astype(np.int8),
        sources=np.maximum(np.asarray(sources if sources is not None else [1] * n, dtype=np.int32), 1),
        codes=codes,
    )
    return table.select(keep)
