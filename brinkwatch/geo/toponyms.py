"""Toponym recognition: which spans of a sentence name places, before anyone decides which place.

Three sources, merged: gazetteer dictionary matches over capitalised word runs (longest first),
locative patterns ("in X", "near X", "outside X": they admit small or unknown places), and the
entities of the trained spaCy pipeline when one is loaded (GPE/LOC/FAC admit a span, PERSON/ORG veto
one). Demonyms ("Iraqi militias") are recognised too but kept apart: they say whose, not where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from brinkwatch.geo.gazetteer import ADMIN1, ALTERNATE, CITY, COUNTRY, PRIMARY, REGION, Gazetteer, Match, normalize

__all__ = ["Toponym", "find_toponyms"]

_WORD = re.compile(r"[A-Za-zÀ-ɏ][\w’'.\-]*")
# Lower-case words that may sit inside a place name ("Bosnia and Herzegovina", "Deir ez-Zor").
# ("and", "as", "at", "an" are English first: "Homs and Aleppo", "Tbilisi as Georgia" are two names.)
_CONNECTORS = frozenset("of al el ad ash az ez ar de du la le bin ibn".split())
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|az|ez|an|ar|at|ed|es|et|en|er)-[A-Z]")
LOCATIVE = frozenset(
    "in near outside at around across into inside throughout towards toward from over outskirts of "
    "north south east west northeast northwest southeast southwest northern southern eastern western "
    "central to through via within".split()
)
# Cues that admit an unknown name as a place: "in Kafr Nabudah" is a place even when no gazetteer knows it.
_STRONG_CUES = frozenset("in near outside around across into inside throughout towards toward off to from".split())
# "of" is locative after these: "the siege of Kobani", "the outskirts of Aleppo", "the governor of Georgia".
_OF_NOUNS = frozenset(
    """
    siege city town village outskirts province region capital port streets residents people battle governor
    mayor centre center north south east west suburbs heart district area state
    """.split()
)
_DIRECTIONS = frozenset(
    "the northern southern eastern western central north south east west northeastern northwestern "
    "southeastern southwestern occupied rebel-held besieged".split()
)
# A country name before these is an attribute of an actor ("US officials"), like a demonym.
_ACTOR_NOUNS = frozenset(
    """
    official officials forces troops military army navy government president ambassador envoy diplomat
    diplomats spokesman spokeswoman minister ministers leader leaders soldiers commander commanders embassy
    administration intelligence sanctions authorities delegation
    """.split()
)
_ADMIN_WORDS = frozenset("province governorate region oblast state district county prefecture".split())
_FACILITY_WORDS = frozenset("airport city province governorate region base camp port border crossing".split())
# Capitalised words that are no place however many villages bear their name.
_STOP = frozenset(
    """
    a an the he she it they we i you his her its their our this that these those there here but and or
    so yet if when while after before as at by for from in into of on to with without no not one two all
    some many most more other such what which who whom whose why how also only just even still then now
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december today yesterday tomorrow
    president minister prime general gen col lt sgt mr mrs ms dr sir lord king queen prince sheikh
    police army navy military government officials official spokesman spokeswoman reuters ap afp
    associated press news times post journal says said told according union national international
    united republic federal state city county district region province central north south east west
    northern southern eastern western capital mount lake river sea gulf bay island islands valley
    street road square bridge airport base camp border village town hospital university school
    church mosque market station center centre ministry council party forces front brigade movement
    un eu nato opec imf who hamas hezbollah isis taliban houthis council court congress parliament senate house assembly
    will can could would should must might shall victory liberty independence freedom justice peace
    hope progress unity defense defence security health energy trade finance interior foreign
    christmas easter ramadan eid new old great little big best good bad high low long
    """.split()
)
# World regions, seas and disputed regions: places all the same (kept, never dropped), but no single
# gazetteer entry fits them (and a namesake would: Sudan's Red Sea state, Cashmere in Washington).
_WORLD_REGIONS = frozenset(
    name.strip()
    for name in """
    middle east|near east|far east|persian gulf|arabian peninsula|levant|sahel|horn of africa|balkans|caucasus|
    central asia|south asia|southeast asia|east asia|north africa|west africa|east africa|latin america|europe|
    asia|africa|north america|south america|oceania|mediterranean|arctic|antarctica|kashmir|
    red sea|black sea|caspian sea|south china sea|east china sea|mediterranean sea|arabian sea|gulf of aden|
    gulf of oman|strait of hormuz|bab el mandeb|taiwan strait|sea of azov|baltic sea|north sea|indian ocean
    """.split("|")
)
_ORG_WORDS = frozenset(
    """
    ministry council party forces front brigade brigades movement army navy committee agency company
    corporation university court congress parliament senate assembly times post journal news network
    observatory organization organisation institute foundation bank group command militia militias
    """.split()
)


@dataclass(slots=True)
class Toponym:
    """A span that names a place (or a demonym, when `demonym` is set) in article coordinates."""

    text: str
    start: int
    end: int
    sentence_index: int
    matches: tuple[Match, ...] = ()
    cue: str | None = None  # the locative word right before the span
    qualifier: Toponym | None = None  # "Texas" in "Paris, Texas"
    qualifies: Toponym | None = None  # "Paris" for "Texas" in "Paris, Texas"
    admin_hint: bool = False  # "Idlib province"
    ner: bool = False
    demonym: str | None = None  # alpha-2 country of a demonym
    notes: list[str] = field(default_factory=list)


def _capitalised(word: str) -> bool:
    first = word[:1]
    if first.isupper() or first.isdigit():
        return True
    return "-" in word[:4] and _ARTICLE_PREFIX.match(word) is not None


def _words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


def _strip(text: str) -> str:
    """Drop a possessive and trailing punctuation: "Iraq's" -> "Iraq"."""
    text = re.sub(r"(?:['’]s|['’])$", "", text)
    if "." in text[:-1]:
        return text.rstrip("-’'")  # keep the last dot of an abbreviation: "U.S."
    return text.rstrip(".-’'")


def _cue_before(sentence: str, start: int) -> str | None:
    """The locative word before a name, looking past "the" and directions: "into northern Israel"."""
    words: list[str] = re.findall(r"[A-Za-z][\w-]*", sentence[:start])
    while words and words[-1].lower() in _DIRECTIONS:
        words.pop()
    if not words or words[-1].lower() not in LOCATIVE:
        return None
    cue = words[-1].lower()
    if cue == "of" and len(words) > 1 and words[-2].lower() in _OF_NOUNS:
        return "in"  # as strong as "in"
    return cue


def _well_known(found: tuple[Match, ...]) -> bool:
    return any(
        (m.entry.feature in (COUNTRY, REGION, ADMIN1) and m.kind <= PRIMARY + 1)
        or (m.entry.feature == CITY and m.kind <= ALTERNATE and m.entry.population >= 50000)
        for m in found
    )


def _plausible(found: tuple[Match, ...], cue: str | None, ner: bool) -> bool:
    """Without a locative cue or an entity label, only well-known places count as a mention."""
    if cue in _STRONG_CUES or ner:
        return True
    for match in found:
        entry = match.entry
        if entry.feature in (COUNTRY, REGION) or (entry.feature == ADMIN1 and match.kind <= PRIMARY + 1):
            return True
        if entry.feature == CITY and entry.population >= (15000 if match.kind <= 1 else 100000):
            return True
    return False


def find_toponyms(
    gazetteer: Gazetteer,
    sentence: str,
    offset: int,
    sentence_index: int,
    entities: list[tuple[int, int, str]] | None = None,
) -> list[Toponym]:
    """Place and demonym spans of one sentence; `offset` turns sentence offsets into article offsets.

    `entities` are (start, end, label) in sentence coordinates from a spaCy Doc, when a model is loaded.
    """
    entities = entities or []
    # Labels of OntoNotes-style (GPE, PERSON) and Universal NER-style (LOC, PER) pipelines alike.
    admitted = [(s, e) for s, e, label in entities if label in ("GPE", "LOC", "FAC")]
    vetoed = [(s, e) for s, e, label in entities if label in ("PERSON", "PER", "ORG", "WORK_OF_ART", "EVENT")]
    words = _words(sentence)
    found: list[Toponym] = []
    i = 0
    while i < len(words):
        word = words[i]
        if not _capitalised(word.group(0)) and not (
            word.group(0).lower() in ("al", "el") and i + 1 < len(words) and _capitalised(words[i + 1].group(0))
        ):
            i += 1
            continue
        run_end = _run_end(words, i, sentence)
        # In "in Homs, Hama and Aleppo" every item shares the cue of the first.
        inherited = None
        gap = sentence[found[-1].end : word.start()] if found else "-"
        if re.fullmatch(r",?\s*(?:and|or)?\s*", gap):
            inherited = found[-1].cue
        toponym, used = _longest_match(gazetteer, sentence, words, i, run_end, admitted, inherited)
        if toponym is None:
            i += 1  # a run that names nothing may still end in a place: "Residents of al-Qaim"
            continue
        checked = _check(toponym, sentence, words, i, i + used, run_end, admitted, vetoed, inherited)
        if checked is None and i + used < run_end:
            # "Wadi" names a village, but "outside Wadi Dayqa" names an unknown place: keep the whole run.
            checked = _raw_run(gazetteer, sentence, words, i, run_end, admitted, inherited)
            used = run_end - i if checked is not None else used
        toponym = checked
        if toponym is not None:
            toponym.sentence_index = sentence_index
            found.append(toponym)
        i += used
    _attach_qualifiers(found, sentence)
    for toponym in found:
        toponym.start += offset
        toponym.end += offset
    return found


def _run_end(words: list[re.Match[str]], start: int, sentence: str) -> int:
    """The end (exclusive word index) of the capitalised run starting at `start`."""
    end = start + 1
    while end < len(words):
        gap = sentence[words[end - 1].end() : words[end].start()]
        if gap.strip(" -") or "\n" in gap:
            break
        text = words[end].group(0)
        if _capitalised(text) or (
            text.lower() in _CONNECTORS and end + 1 < len(words) and _capitalised(words[end + 1].group(0))
        ):
            end += 1
            continue
        break
    # A possessive ends a name: "Yemen's Houthis" is Yemen, then Houthis.
    for index in range(start, end):
        if re.search(r"['’]s?$", words[index].group(0)):
            return index + 1
    return end


def _longest_match(
    gazetteer: Gazetteer,
    sentence: str,
    words: list[re.Match[str]],
    start: int,
    run_end: int,
    admitted: list[tuple[int, int]],
    inherited: str | None,
) -> tuple[Toponym | None, int]:
    for size in range(min(5, run_end - start), 0, -1):
        if words[start + size - 1].group(0).lower() in _CONNECTORS:
            continue
        begin, end = words[start].start(), words[start + size - 1].end()
        text = _strip(sentence[begin:end])
        end = begin + len(text)
        if not text:
            continue
        demonym = gazetteer.demonym(text)
        if demonym:
            return Toponym(text, begin, end, 0, demonym=demonym), size
        key = normalize(text)
        if size == 1 and key in _STOP:
            continue
        if key in _WORLD_REGIONS:
            return Toponym(text, begin, end, 0), size
        matches = gazetteer.find(text, fuzzy=False)
        if matches:
            return Toponym(text, begin, end, 0, matches=matches), size
    return _raw_run(gazetteer, sentence, words, start, run_end, admitted, inherited), run_end - start


def _raw_run(
    gazetteer: Gazetteer,
    sentence: str,
    words: list[re.Match[str]],
    start: int,
    run_end: int,
    admitted: list[tuple[int, int]],
    inherited: str | None,
) -> Toponym | None:
    """An unknown run after a strong cue, or inside an entity the model calls a place: kept, fuzzy-matched."""
    begin, end = words[start].start(), words[run_end - 1].end()
    text = _strip(sentence[begin:end])
    cue = _cue_before(sentence, begin) or inherited
    inside = any(s <= begin and end <= e for s, e in admitted)
    first_word = normalize(words[start].group(0))
    if (
        (cue in _STRONG_CUES or inside)
        and (first_word not in _STOP or first_word in _FACILITY_WORDS)
        and not _org_like(text)
    ):
        return Toponym(text, begin, begin + len(text), 0, matches=gazetteer.find(text), ner=inside, cue=cue)
    return None


def _org_like(text: str) -> bool:
    return any(word in _ORG_WORDS for word in normalize(text).split())


def _check(
    toponym: Toponym,
    sentence: str,
    words: list[re.Match[str]],
    first: int,
    last: int,
    run_end: int,
    admitted: list[tuple[int, int]],
    vetoed: list[tuple[int, int]],
    inherited: str | None,
) -> Toponym | None:
    """Keep a match only if its context says place: not inside a longer name, a person or an organisation."""
    if toponym.demonym:
        return toponym
    toponym.cue = _cue_before(sentence, toponym.start) or inherited
    toponym.ner = toponym.ner or any(s <= toponym.start and toponym.end <= e for s, e in admitted)
    # The model may veto a minor place ("Aziz" in a person's name), not a well-known one: a weak
    # entity recogniser calls "Beirut" a person now and then.
    vetoed_here = any(s <= toponym.start and toponym.end <= e for s, e in vetoed)
    if vetoed_here and not toponym.ner and toponym.cue not in _STRONG_CUES and not _well_known(toponym.matches):
        return None
    following = words[last].group(0).lower().rstrip(".") if last < len(words) else ""
    toponym.admin_hint = (
        following in _ADMIN_WORDS or re.search(r"\bgovernor of\s+$", sentence[: toponym.start]) is not None
    )
    countries = {m.entry.country for m in toponym.matches if m.entry.feature == COUNTRY and m.kind <= 1}
    possessive = re.search(r"['’]s?$", words[last - 1].group(0)) is not None
    if countries and following in _ACTOR_NOUNS and words[last].group(0).islower() and not possessive:
        toponym.demonym = countries.pop()  # "US officials": whose, not where
        toponym.matches = ()
        return toponym
    if last < run_end and following not in _FACILITY_WORDS | {"and", "or"} and not toponym.ner:
        return None  # "Aziz" in "Tariq Aziz Hamdan", "Wall" in "The Wall Street Journal"
    if (
        first > 1
        and _capitalised(words[first - 1].group(0))
        and not sentence[words[first - 1].end() : words[first].start()].strip(" ")
        and words[first - 1].group(0).lower() not in _STOP
        and not toponym.ner
    ):
        return None  # the tail of a longer capitalised name
    if not toponym.matches:
        return toponym
    if not _plausible(toponym.matches, toponym.cue, toponym.ner):
        return None
    return toponym


def _attach_qualifiers(found: list[Toponym], sentence: str) -> None:
    """ "Paris, Texas": a place followed by a comma and a broader place that contains it is qualified by it.

    The qualifier stays a mention of its own (Texas is named too).
    """
    for previous, toponym in pairwise(found):
        if sentence[previous.end : toponym.start] in (", ", ",") and _contains(toponym, previous):
            previous.qualifier = toponym
            toponym.qualifies = previous


def _contains(broad: Toponym, narrow: Toponym) -> bool:
    if broad.demonym or narrow.demonym:
        return False
    for outer in broad.matches:
        if outer.entry.feature not in (ADMIN1, COUNTRY, REGION):
            continue
        for inner in narrow.matches:
            if inner.entry.feature != CITY or inner.entry.country != outer.entry.country:
                continue
            # A subdivision we could not link to GeoNames admin1 codes contains what its country contains.
            if outer.entry.feature == COUNTRY or outer.entry.admin1 in (None, inner.entry.admin1):
                return True
    return False
