"""The label sets of the learned event coder, shared by the training recipe and the runtime."""

from __future__ import annotations

__all__ = ["MODES", "NONE", "PLOVER_TYPES", "TYPES", "YIELD", "allowed_for_quad"]

NONE = "NONE"
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
# The model's classes: index 0 is "no event" for a pair of mentions, then PLOVER's 16 types.
TYPES: tuple[str, ...] = (NONE, *PLOVER_TYPES)
# plv-train's YIELD merges PLOVER's CONCEDE and RETREAT: trained as "either of the two".
YIELD = ("CONCEDE", "RETREAT")

MODES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": (
        "seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold", "misinformation",
        "cyber",
    ),
    "ASSAULT": (
        "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
        "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
    ),
}  # fmt: skip
# One flat mode vocabulary; "" (index 0) is "no mode". A mode is only read within its type.
MODES: tuple[str, ...] = ("", *sorted({mode for modes in MODES_BY_TYPE.values() for mode in modes}))

# CAMEO/ConfliBERT quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
# 4 material conflict, 0 neutral (no PLOVER event).
_QUAD: dict[int, tuple[str, ...]] = {
    0: (NONE,),
    1: ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    2: ("COOPERATE", "AID", "RETREAT"),
    3: ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    4: ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}


def allowed_for_quad(quad: int) -> tuple[str, ...]:
    """The types a quad-class label allows (a weak label: any of them may be right)."""
    return _QUAD[quad]
