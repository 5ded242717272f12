"""News outlets and agencies as a sentence cites them: "the AP", "The Wall Street Journal", "state television"."""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Outlet", "is_outlet_unnamed", "match_outlet"]

# Outlets that report (lower-case alias without a leading "the" -> canonical name, kind).
_AGENCIES = {
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "reuters": "Reuters",
    "afp": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse",
    "irna": "IRNA",
    "tasnim": "Tasnim",
    "tasnim news agency": "Tasnim",
    "fars": "Fars",
    "fars news agency": "Fars",
    "xinhua": "Xinhua",
    "tass": "TASS",
    "anadolu": "Anadolu Agency",
    "anadolu agency": "Anadolu Agency",
    "sana": "SANA",
    "dpa": "dpa",
    "wafa": "WAFA",
    "kcna": "KCNA",
    "efe": "EFE",
    "interfax": "Interfax",
}
_NEWSPAPERS = {
    "wall street journal": "The Wall Street Journal",
    "wsj": "The Wall Street Journal",
    "new york times": "The New York Times",
    "ny times": "The New York Times",
    "washington post": "The Washington Post",
    "business insider": "Business Insider",
    "times of israel": "The Times of Israel",
    "haaretz": "Haaretz",
    "al jazeera": "Al Jazeera",
    "al mayadeen": "Al Mayadeen",
    "al-monitor": "Al-Monitor",
    "al arabiya": "Al Arabiya",
    "bbc": "BBC",
    "cnn": "CNN",
    "nbc news": "NBC News",
    "fox news": "Fox News",
    "axios": "Axios",
    "politico": "Politico",
    "bloomberg": "Bloomberg",
    "guardian": "The Guardian",
    "financial times": "Financial Times",
    "the economist": "The Economist",
    "der spiegel": "Der Spiegel",
    "le monde": "Le Monde",
    "kan": "Kan",
    "channel 12": "Channel 12",
    "foreign policy": "Foreign Policy",
    "times": "The Times",
    "levant monitor": "Levant Monitor",
}
# Unnamed outlets: "state television", "Syrian state media", "local media".
_GENERIC_OUTLET = re.compile(
    r"(?:[\w\-]+\s+){0,2}(?:media|television|tv|news agency|newspaper|broadcaster|radio|news channel)"
    r"(?:\s+reports?)?",
    re.IGNORECASE,
)


class Outlet(NamedTuple):
    """An outlet a sentence cites; `kind` is 'agency' (AP, Reuters, IRNA) or 'cited_outlet'."""

    name: str
    kind: str


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.IGNORECASE)


def match_outlet(phrase: str) -> Outlet | None:
    """The outlet a phrase names ("the AP", "the Tasnim news agency", "state television"), or None."""
    bare = _strip_article(phrase).strip(" .,").lower()
    bare = re.sub(r"'s?$", "", bare)
    if bare in _AGENCIES:
        return Outlet(_AGENCIES[bare], "agency")
    if bare in _NEWSPAPERS:
        return Outlet(_NEWSPAPERS[bare], "cited_outlet")
    words = bare.split()
    if len(words) <= 5:
        for alias, name in _AGENCIES.items():
            if len(alias) > 3 and re.search(rf"\b{re.escape(alias)}\b", bare):
                return Outlet(name, "agency")
    if len(words) <= 4 and _GENERIC_OUTLET.fullmatch(bare):
        return Outlet(phrase.strip(" .,"), "cited_outlet")
    return None


def is_outlet_unnamed(name: str) -> bool:
    return name.lower() not in {v.lower() for v in (*_AGENCIES.values(), *_NEWSPAPERS.values())}
