"""PLOVER facts the analysis needs: the event types, their quad classes and conflict scores.

Source: the PLOVER manual, Draft 0.8 (17 September 2021), tables "Quad categories in PLOVER" and
"PLOVER conflict--cooperation scores" (category rows). The manual scores cooperation positive and
conflict negative on a -10..10 scale, as `Event.intensity` does; escalation flips the sign so that
conflict counts up.
"""

from __future__ import annotations

from brinkwatch.coding.learned.labels import PLOVER_TYPES  # the one list of the 16 types
from brinkwatch.model import Certainty

__all__ = [
    "CERTAINTY_ORDER",
    "PLOVER_SCORE",
    "PLOVER_TYPES",
    "QUAD_CLASS",
    "QUAD_NAMES",
    "THREAT_FULFILMENT",
    "TYPE_INDEX",
]

TYPE_INDEX: dict[str, int] = {name: i for i, name in enumerate(PLOVER_TYPES)}

QUAD_NAMES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

QUAD_CLASS: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}

# The manual's category scores (conflict negative), the default when an event has no intensity.
PLOVER_SCORE: dict[str, float] = {
    "AGREE": 2.5,
    "CONSULT": 2.5,
    "SUPPORT": 5.0,
    "CONCEDE": 4.5,
    "COOPERATE": 9.5,
    "AID": 10.0,
    "RETREAT": 6.5,
    "REQUEST": 0.0,
    # The manual's category row says ACCUSE +3, against its own modes (-2 to -3.5) and its earlier
    # table (-2.0): read as a sign slip, so ACCUSE scores as mild conflict.
    "ACCUSE": -2.0,
    "REJECT": -2.0,
    "THREATEN": -3.5,
    "PROTEST": -5.0,
    "SANCTION": -6.0,
    "MOBILIZE": -5.5,
    "COERCE": -7.0,
    "ASSAULT": -9.0,
}

# Strongest first, as the enum declares it; fusion reports the first and last present.
CERTAINTY_ORDER: tuple[Certainty, ...] = tuple(Certainty)

# What a threat threatens, by THREATEN mode (manual table "THREATEN modes", plus "military", which
# DATA-MODEL.md uses): the event types that carry it out. An unknown mode accepts any of them.
THREAT_FULFILMENT: dict[str | None, frozenset[str]] = {
    "violence": frozenset({"ASSAULT", "MOBILIZE"}),
    "military": frozenset({"ASSAULT", "MOBILIZE"}),
    "territory": frozenset({"ASSAULT", "COERCE", "MOBILIZE"}),
    "restrict": frozenset({"COERCE", "SANCTION"}),
    "arrest": frozenset({"COERCE"}),
    "expel": frozenset({"SANCTION", "COERCE"}),
    "relations": frozenset({"SANCTION", "REJECT"}),
    None: frozenset({"ASSAULT", "MOBILIZE", "COERCE", "SANCTION"}),
}
