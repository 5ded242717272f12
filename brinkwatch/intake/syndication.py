"""Syndication lines, bylines and datelines: who first published a copy, who wrote it, where from.

"Original story at: Business Insider", "This article originally appeared on X", "Republished with
permission from X", a closing "— AP", and wire datelines such as "BAGHDAD (Reuters) -" or
"BEIRUT — AP —" all name the original outlet; we keep the outlet and move the line out of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Dateline", "canonical_outlet", "match_byline", "match_dateline", "match_syndication_line"]

# Agencies users know by abbreviation; the long form is what we store so copies join up.
_AGENCIES = {
    "AP": "Associated Press",
    "THE AP": "Associated Press",
    "ASSOCIATED PRESS": "Associated Press",
    "THE ASSOCIATED PRESS": "Associated Press",
    "AFP": "Agence France-Presse",
    "AGENCE FRANCE-PRESSE": "Agence France-Presse",
    "REUTERS": "Reuters",
    "UPI": "United Press International",
    "DPA": "dpa",
    "ANSA": "ANSA",
    "EFE": "EFE",
    "XINHUA": "Xinhua",
    "IRNA": "IRNA",
    "TASS": "TASS",
    "ANADOLU": "Anadolu Agency",
    "BLOOMBERG": "Bloomberg",
}

_OUTLET = r"(?P<outlet>[A-Z0-9][\w&'.,\- ]{0,60}?)"
_SYNDICATION = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"^original(?:ly)?\s+(?:story|article|post)\s+(?:at|from|on|in)\s*:?\s*{_OUTLET}\.?$",
        rf"^(?:this\s+(?:article|story|piece|post)\s+)?(?:was\s+)?(?:originally|first)\s+"
        rf"(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\s+{_OUTLET}(?:\s+on\s+.+)?\.?$",
        rf"^(?:re(?:published|printed|posted))\s+with\s+(?:the\s+)?permission\s+(?:from|of)\s+{_OUTLET}\.?$",
        rf"^(?:source|via)\s*:\s*{_OUTLET}\.?$",
        rf"^[—–-]{{1,2}}\s*{_OUTLET}$",
    )
]
_BYLINE = re.compile(r"^by\s+(?P<name>[A-Z][\w.'\-]+(?:\s+(?:and\s+)?[A-Z][\w.'\-]+){0,5})\s*(?:[,|].*)?$", re.I)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
_PLACE = r"(?P<place>[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+)*(?:,\s*[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]+)*)?)"
_DATELINES = [
    # BAGHDAD (Reuters) -   /   WASHINGTON, Jan. 5 (AP) —
    re.compile(rf"^{_PLACE}(?:,?\s+{_MONTH})?\s*\((?P<agency>[A-Za-z][\w .&'\-]{{0,40}})\)\s*[-–—]+\s*"),
    # BEIRUT — AP —
    re.compile(rf"^{_PLACE}\s*[-–—]+\s*(?P<agency>AP|AFP|Reuters|UPI|dpa|Xinhua)\s*[-–—]+\s*"),
    # (Reuters) - at the very start, with no place
    re.compile(r"^\((?P<agency>[A-Za-z][\w .&'\-]{0,40})\)\s*[-–—]+\s*"),
    # WASHINGTON —  (all-caps place, no agency)
    re.compile(r"^(?P<place>[A-Z][A-Z.'\-]{2,}(?:\s+[A-Z][A-Z.'\-]+)*(?:,\s*[A-Z][A-Za-z.]+)?)\s+[—–]\s+"),
]


@dataclass(frozen=True, slots=True)
class Dateline:
    prefix: str  # the exact text to drop from the paragraph
    place: str | None
    agency: str | None


def canonical_outlet(name: str) -> str:
    cleaned = name.strip().strip(".").strip()
    return _AGENCIES.get(cleaned.upper(), cleaned)


def match_syndication_line(line: str) -> str | None:
    """The original outlet named by a syndication line, or None if the line is not one."""
    stripped = line.strip()
    if len(stripped) > 120:
        return None
    for pattern in _SYNDICATION:
        found = pattern.match(stripped)
        if found:
            outlet = found.group("outlet").strip()
            if pattern is _SYNDICATION[-1] and outlet.upper() not in _AGENCIES and len(outlet.split()) > 4:
                return None
            return canonical_outlet(outlet)
    return None


def match_byline(line: str) -> str | None:
    found = _BYLINE.match(line.strip())
    if found is None or len(line) > 100:
        return None
    return found.group("name").strip()


def match_dateline(paragraph: str) -> Dateline | None:
    for pattern in _DATELINES:
        found = pattern.match(paragraph)
        if found is None:
            continue
        groups = found.groupdict()
        agency = groups.get("agency")
        place = groups.get("place")
        return Dateline(
            prefix=found.group(0),
            place=place.strip() if place else None,
            agency=canonical_outlet(agency) if agency else None,
        )
    return None
