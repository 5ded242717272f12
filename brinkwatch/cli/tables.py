"""Tables that fit the terminal: codes whole, long text wrapped, low-value columns dropped when narrow.

Rich squeezes every column of a table wider than the terminal, down to nothing, and cuts what is
left with an ellipsis: at 80 columns `brinkwatch events` showed no type and no actor code. Here each
column says what it may give up. `keep` columns (dates, types, codes, counts) are never cut or
wrapped; `wrap` columns (the evidence sentence, a title) take the rest of the width and wrap;
`optional` columns (chain, outlet) are shown only while the wrapped columns keep `min_width`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.console import Console
from rich.table import Table

__all__ = ["Column", "fitted_table", "show", "terminal_width"]

_GAP = 2  # between columns: no vertical rules, one space of padding on each side
_PIPED_WIDTH = 240  # piped output has no terminal to fit; rich would assume 80 and wrap everything


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: Literal["keep", "wrap", "optional"] = "keep"
    min_width: int = 12  # for wrap and optional columns: narrower than this, a sentence is unreadable


def terminal_width() -> int:
    """The terminal's width; $COLUMNS when set (so tests and pipes can ask for one); 240 when piped."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    console = Console()
    return console.width if console.is_terminal else _PIPED_WIDTH


def fitted_table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> Table:
    """A table of `rows` (cells in `columns` order) no wider than `width`, built by the rules above."""
    natural = [max([len(c.header), *(len(row[i]) for row in rows)]) for i, c in enumerate(columns)]
    keep = [i for i, c in enumerate(columns) if c.kind == "keep"]
    wrap = [i for i, c in enumerate(columns) if c.kind == "wrap"]
    chosen = set(keep) | set(wrap)

    def room(shown: set[int]) -> int:
        fixed = sum(natural[i] for i in shown if columns[i].kind == "keep")
        return width - fixed - _GAP * (len(shown) - 1)

    def needs(shown: set[int]) -> int:
        return sum(min(natural[i], columns[i].min_width) for i in shown if columns[i].kind != "keep")

    for i, column in enumerate(columns):  # optional columns in the order given: the first is worth most
        if column.kind == "optional" and room(chosen | {i}) >= needs(chosen | {i}):
            chosen.add(i)
    shown = [i for i in range(len(columns)) if i in chosen]
    widths = _widths(columns, natural, shown, room(chosen))
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold", show_edge=False)
    for i in shown:
        if columns[i].kind == "keep":
            table.add_column(columns[i].header, no_wrap=True, min_width=natural[i])
        else:
            table.add_column(columns[i].header, overflow="fold", width=widths[i])
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    return table


def _widths(columns: Sequence[Column], natural: list[int], shown: list[int], room: int) -> dict[int, int]:
    """Optional columns get their minimum; the wrapped ones share what is left (the
    sentence is why one lists events), each at most as wide as its longest cell."""
    widths: dict[int, int] = {}
    for i in shown:
        if columns[i].kind == "optional":
            widths[i] = min(natural[i], columns[i].min_width)
    wrapped = [i for i in shown if columns[i].kind == "wrap"]
    left = room - sum(widths.values())
    for n, i in enumerate(wrapped):
        share = max(1, left // (len(wrapped) - n))
        widths[i] = min(natural[i], share)
        left -= widths[i]
    return widths


def show(table: Table, width: int) -> None:
    Console(highlight=False, width=width).print(table)
