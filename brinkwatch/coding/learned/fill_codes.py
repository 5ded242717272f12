"""Codes for the mentions the model chose that the actor dictionaries left uncoded.

The model often picks the right words ("Pelosi", "police", "protesters") that the dictionaries do not
code, and an event with an unknown actor helps nobody. Within one article, in this order:
1. the same name coded elsewhere in the article ("Nancy Pelosi, the Speaker" codes a later "Pelosi");
2. a generic agent (police, court, protesters, troops, ...) takes the article's main country and the
   agent's sector;
3. another capitalised name takes the article's main country.
The article's main country is the most frequent country among its coded mentions, when no other
country is as frequent. Each filled mention keeps its words and span; only its code and country change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from brinkwatch.model import ActorMention

__all__ = ["CodeFiller"]

# Head words of generic agents and their CAMEO sector.
_SECTORS: dict[str, str] = {
    **dict.fromkeys(["police", "policeman", "policemen", "officers", "officer", "guards"], "COP"),
    **dict.fromkeys(["court", "judge", "judges", "prosecutor", "prosecutors", "jury", "tribunal"], "JUD"),
    **dict.fromkeys(
        ["protesters", "protestors", "demonstrators", "residents", "civilians", "people", "villagers", "students",
         "workers", "voters", "citizens", "activists", "crowd", "crowds", "victims", "family", "families"],
        "CVL",
    ),
    **dict.fromkeys(["troops", "soldiers", "army", "military", "forces", "navy", "jets"], "MIL"),
    **dict.fromkeys(
        ["parliament", "lawmakers", "legislators", "senators", "senate", "congress", "house", "mps", "assembly"],
        "LEG",
    ),
    **dict.fromkeys(
        ["government", "ministry", "minister", "officials", "official", "president", "cabinet", "authorities",
         "administration", "spokesman", "spokeswoman", "governor", "mayor"],
        "GOV",
    ),
    **dict.fromkeys(["rebels", "insurgents"], "REB"),
    **dict.fromkeys(["militants", "gunmen", "attackers", "assailants"], "UAF"),
    **dict.fromkeys(["party", "opposition"], "OPP"),
}  # fmt: skip
_ISO = re.compile(r"^[A-Z]{3}")
_NOT_COUNTRIES = ("IGO", "NGO", "IMG", "UNK", "MNC", "UAF")


def _country(code: str | None) -> str | None:
    if not code or not _ISO.match(code) or code.startswith(_NOT_COUNTRIES):
        return None
    return code[:3]


@dataclass(slots=True)
class CodeFiller:
    names: dict[str, str]
    country: str | None

    @classmethod
    def for_article(cls, mentions: Sequence[ActorMention]) -> CodeFiller:
        names: dict[str, str] = {}
        countries: Counter[str] = Counter()
        for mention in mentions:
            if not mention.code:
                continue
            words = mention.text.split()
            if words and words[-1][:1].isupper():
                names.setdefault(words[-1].lower().strip("'’s"), mention.code)
            found = _country(mention.code)
            if found:
                countries[found] += 1
        top = countries.most_common(2)
        clear = bool(top) and (len(top) == 1 or top[0][1] > top[1][1])
        return cls(names, top[0][0] if clear else None)

    def fill(self, mention: ActorMention | None) -> ActorMention | None:
        if mention is None or mention.code or not mention.text:
            return mention
        words = mention.text.split()
        last = words[-1].lower().strip("'’s") if words else ""
        code = self.names.get(last) if words and words[-1][:1].isupper() else None
        if code is None and self.country is not None:
            sector = _SECTORS.get(last)
            if sector is not None:
                code = self.country + sector
            elif words[-1][:1].isupper():
                code = self.country
        if code is None:
            return mention
        return replace(mention, code=code, country=_country(code) or mention.country)
