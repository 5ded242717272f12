"""The one order of certainty labels, strongest first, shared by the store, the API and the CLI.

`min_certainty=reported` must mean the same thing everywhere, so every filter ranks labels here.
"""

from __future__ import annotations

from brinkwatch.errors import ConfigurationError
from brinkwatch.model import Certainty

__all__ = ["CERTAINTY_RANK", "certainty_rank"]

# "threatened" and "future" share a rank: neither says the event has happened yet.
CERTAINTY_RANK: dict[Certainty, int] = {
    Certainty.ASSERTED: 0,
    Certainty.REPORTED: 1,
    Certainty.CLAIMED: 2,
    Certainty.ALLEGED: 3,
    Certainty.SUSPECTED: 4,
    Certainty.DENIED: 5,
    Certainty.THREATENED: 6,
    Certainty.FUTURE: 6,
    Certainty.HYPOTHETICAL: 7,
    Certainty.NEGATED: 8,
}


def certainty_rank(value: Certainty | str) -> int:
    """0 for the strongest certainty (asserted) up to 8 for negated."""
    try:
        return CERTAINTY_RANK[Certainty(value)]
    except ValueError as exc:
        allowed = ", ".join(c.value for c in Certainty)
        raise ConfigurationError(f"unknown certainty {value!r}; use one of: {allowed}") from exc
