"""Where and when each event happened, as opposed to where and when it was spoken about.

"Speaking from Berlin, X condemned the fighting in Homs and Aleppo": the statement is located in
Berlin, the ASSAULT in Homs and Aleppo. A place or time that hangs off a speech verb ("said in
Berlin", "told the Journal Friday", "at a news conference in Geneva") belongs to verbal events;
material events take the places and times of their own clause, nearest the trigger. With no place
in the sentence, a demonym there ("depots of Iraqi militias") still gives the country; with no time
phrase, the event is dated to the article's publication day (precision "reported-on").
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from brinkwatch.geo.dates import TimeMention, find_times, reported_on
from brinkwatch.geo.gazetteer import load_gazetteer
from brinkwatch.geo.places import place_of
from brinkwatch.geo.toponyms import find_toponyms
from brinkwatch.model import Article, Event, Location, LocationPrecision, Sentence, Span, TimeRef
from brinkwatch.pipeline import stage

__all__ = ["VERBAL_TYPES", "event_places_stage", "event_times_stage", "is_verbal", "locate_event", "time_event"]

# PLOVER types that are statements: they happen where and when someone speaks. Meetings and agreements
# (CONSULT, AGREE) are verbal too, but happen where the talks are: "talks were held in Doha".
VERBAL_TYPES = frozenset({"SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"})
_SPEECH_PLACE = re.compile(
    r"(?:\b(?:speaking|spoke|said|says|told\s+(?:reporters|journalists|\w+)|announced|declared)"
    r"(?:\s+(?:on\s+)?\w+day)?\s+(?:from|in|at)"
    r"|\b(?:statement|news conference|press conference|briefing|interview|speech|visit|trip|rally)"
    r"\s+(?:from|in|at|to)|\bvisiting)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPEECH_TIME = re.compile(
    r"(?:\b(?:said|says|told|announced|declared|stated|added|reported|reports|wrote|tweeted|confirmed|denied)\b"
    r"(?:\s+(?!that\b)[\w.'’]+){0,5}|\b(?:speaking|spoke)\b[^,;]{0,40})\s*(?:on\s+)?$",
    re.IGNORECASE,
)
# "officials in Kyiv said": a place right before a speech verb is where someone spoke.
_SPEECH_AFTER = re.compile(r"^['’]?s?,?\s+(?:said|says|say|told|announced)\b", re.IGNORECASE)
# Prepositions that make a place the source, agent or topic of an event rather than where it happened.
_NOT_WHERE = frozenset("from by with against for about".split())
# Demonyms on these nouns describe who speaks, not where anything happened: "a US official told".
_SPEAKERS = frozenset(
    "official officials spokesman spokeswoman diplomat diplomats minister ambassador envoy source sources media "
    "television newspaper president leader state".split()
)
_EVENT_CUES = frozenset("in near outside at around across into inside on over throughout of through off along".split())
_DIRECTIONS = frozenset("the northern southern eastern western central north south east west".split())
# A place this close after the trigger, with only lower-case words between, is its object: "hit Odesa".
_OBJECT_WINDOW = 30
_COORDINATION = re.compile(r"^(?:,\s*|\s+and\s+|,\s+and\s+|\s+or\s+)$")
_PRECISION_ORDER = [
    LocationPrecision.EXACT,
    LocationPrecision.ADMIN1,
    LocationPrecision.COUNTRY,
    LocationPrecision.UNKNOWN,
]


def is_verbal(event: Event) -> bool:
    if event.quad_class in (1, 3):
        return True
    if event.quad_class in (2, 4):
        return False
    return event.type.upper() in VERBAL_TYPES


def _sentence_of(article: Article, event: Event) -> Sentence | None:
    if event.evidence is None:
        return None
    index = event.evidence.sentence_index
    return article.sentences[index] if 0 <= index < len(article.sentences) else None


def _trigger(article: Article, event: Event, sentence: Sentence) -> Span:
    """The trigger's span in article coordinates: from the evidence, else found by its text."""
    if event.evidence is not None and event.evidence.trigger is not None:
        return event.evidence.trigger
    if event.trigger:
        found = sentence.text.find(event.trigger)
        if found >= 0:
            return Span(sentence.start + found, sentence.start + found + len(event.trigger))
    return Span(sentence.start, sentence.start)


def _distance(start: int, end: int, trigger: Span) -> float:
    """Text distance to the trigger; what precedes it counts a little more (places tend to follow)."""
    if start >= trigger.end:
        return start - trigger.end
    if end <= trigger.start:
        return 1.5 * (trigger.start - end)
    return 0.0


def _speech_place(sentence: Sentence, location: Location) -> bool:
    before = sentence.text[: (location.start or 0) - sentence.start]
    after = sentence.text[(location.end or 0) - sentence.start :]
    return _SPEECH_PLACE.search(before) is not None or _SPEECH_AFTER.match(after) is not None


def _event_cue(sentence: Sentence, location: Location, trigger: Span) -> bool:
    """A locative word before the place ("in", "into northern"), or the place is the trigger's object."""
    before = sentence.text[: (location.start or 0) - sentence.start]
    words = re.findall(r"[A-Za-z][\w-]*", before)
    while words and words[-1].lower() in _DIRECTIONS:
        words.pop()
    if words and words[-1].lower() in _EVENT_CUES:
        return True
    if words and words[-1].lower() in _NOT_WHERE:
        return False  # "carried out by Israel", "fired from Lebanon": the agent or the source, not the place
    if (location.start or 0) < trigger.end:
        return False
    gap = sentence.text[trigger.end - sentence.start : (location.start or 0) - sentence.start]
    return len(gap) <= _OBJECT_WINDOW and re.fullmatch(r"[a-z\s]*", gap) is not None


def _group(chosen: Location, candidates: list[Location], text: str, offset: int) -> list[Location]:
    """The chosen place and the places coordinated with it: "in Homs and Aleppo"."""
    ordered = sorted(candidates, key=lambda loc: loc.start or 0)
    index = ordered.index(chosen)
    group = [chosen]
    for step in (-1, 1):
        position = index
        while 0 <= position + step < len(ordered):
            left, right = sorted((ordered[position], ordered[position + step]), key=lambda loc: loc.start or 0)
            if not _COORDINATION.match(text[(left.end or 0) - offset : (right.start or 0) - offset]):
                break
            position += step
            group.append(ordered[position])
    return sorted(group, key=lambda loc: loc.start or 0)


def _merge(group: list[Location], text: str) -> Location:
    first, last = group[0], group[-1]
    resolved = [loc for loc in group if loc.place is not None]
    precision = max((loc.precision for loc in group), key=_PRECISION_ORDER.index)
    return Location(
        text=text[first.start or 0 : last.end or 0] if len(group) > 1 else first.text,
        start=first.start,
        end=last.end,
        place=resolved[0].place if resolved else None,
        precision=precision,
        confidence=min(loc.confidence for loc in group),
        places=[loc.place for loc in resolved if loc.place is not None],
    )


def locate_event(article: Article, event: Event) -> Location:
    """Where `event` happened, from its sentence; an unknown Location when the sentence does not say."""
    sentence = _sentence_of(article, event)
    if sentence is None:
        return Location(text="")
    inside = [
        loc
        for loc in article.places
        if loc.start is not None and sentence.start <= loc.start and (loc.end or 0) <= sentence.end
    ]
    speech = [loc for loc in inside if _speech_place(sentence, loc)]
    trigger = _trigger(article, event, sentence)
    others = [loc for loc in inside if loc not in speech]
    candidates = speech if is_verbal(event) else [loc for loc in others if _event_cue(sentence, loc, trigger)]
    if candidates:
        chosen = min(candidates, key=lambda loc: _distance(loc.start or 0, loc.end or 0, trigger))
        pool = speech if is_verbal(event) else others  # "in Homs and Aleppo": Aleppo has no cue of its own
        return _merge(_group(chosen, pool, article.text, 0), article.text)
    if not is_verbal(event):
        return _demonym_country(article, sentence, trigger)
    return Location(text="")


@lru_cache(maxsize=1024)  # several events share a sentence
def _demonyms(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, text, country) of the demonyms in a sentence, in sentence coordinates."""
    found = find_toponyms(load_gazetteer(), text, 0, 0)
    kept = []
    for t in found:
        following = re.match(r"\W*(\w+)", text[t.end :])
        if t.demonym and not (following and following.group(1).lower() in _SPEAKERS):
            kept.append((t.start, t.end, t.text, t.demonym))
    return tuple(kept)


@lru_cache(maxsize=1024)
def _times(text: str, anchor: date | None) -> tuple[TimeMention, ...]:
    return tuple(find_times(text, anchor))


def _demonym_country(article: Article, sentence: Sentence, trigger: Span) -> Location:
    """A country from a demonym in the sentence ("Iraqi militias"): where, at country precision."""
    gazetteer = load_gazetteer()
    demonyms = _demonyms(sentence.text)
    if not demonyms:
        return Location(text="")
    local = Span(trigger.start - sentence.start, trigger.end - sentence.start)
    start, end, text, code = min(demonyms, key=lambda d: _distance(d[0], d[1], local))
    country = gazetteer.country(code)
    if country is None:
        return Location(text=text, start=sentence.start + start, end=sentence.start + end)
    place = place_of(gazetteer, country)
    return Location(
        text=text,
        start=sentence.start + start,
        end=sentence.start + end,
        place=place,
        precision=LocationPrecision.COUNTRY,
        confidence=0.5,
        places=[place],
    )


def _anchor(article: Article) -> date | None:
    return article.published_at.date() if article.published_at else None


def _speech_time(sentence: Sentence, mention: TimeMention) -> bool:
    return _SPEECH_TIME.search(sentence.text[: mention.start]) is not None


def time_event(article: Article, event: Event) -> TimeRef:
    """When `event` happened: the time phrase of its sentence nearest the trigger, else the article date."""
    anchor = _anchor(article)
    sentence = _sentence_of(article, event)
    if sentence is None:
        return reported_on(anchor)
    mentions = list(_times(sentence.text, anchor))
    if not is_verbal(event):
        mentions = [m for m in mentions if not _speech_time(sentence, m)]
    if not mentions:
        return reported_on(anchor)
    trigger = _trigger(article, event, sentence)
    local = Span(trigger.start - sentence.start, trigger.end - sentence.start)
    return min(mentions, key=lambda m: _distance(m.start, m.end, local)).ref


@stage("event-places", requires={"sentences", "places"}, assigns={"events"})
def event_places_stage(article: Article) -> Article:
    """Fill Event.where (and the evidence's place span) for every event that has none yet."""
    for event in article.events:
        if event.where is None:
            event.where = locate_event(article, event)
        if event.evidence is not None and event.evidence.place is None and event.where.start is not None:
            event.evidence.place = Span(event.where.start, event.where.end or event.where.start)
    return article


@stage("event-times", requires={"sentences", "published_at"}, assigns={"events"})
def event_times_stage(article: Article) -> Article:
    """Fill Event.when for every event that has none yet."""
    for event in article.events:
        if event.when is None:
            event.when = time_event(article, event)
    return article
