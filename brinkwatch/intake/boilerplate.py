"""Lines that are not part of the story: pasted-in related-story headlines, adverts, navigation.

A related-story headline is recognised by its shape and by its distance from the story, never by
matching known strings: a short, title-cased line with no sentence punctuation whose content words
the rest of the article barely uses ("Clashes During Kashmir Protest on Friday" inside a story about
Iraq). A subheading of the story itself shares its vocabulary and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from brinkwatch.model import RemovedReason

__all__ = ["boilerplate_reason", "content_words", "is_related_headline"]

_STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its just me more most my no nor not
    now of off on once only or other our out over own same she should so some such than that the
    their them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your says said say new one two
    """.split()
)
_SMALL_WORDS = frozenset(
    """
    a an and as at but by for from in into of on or the to vs via with
    """.split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_SENTENCE_END = re.compile(r"[.!?…;,]['\"”’)\]]*$")
_PREFIXED = re.compile(r"^(?:related|read more|see also|more on this|recommended|also read|watch)\s*[:|>»-]", re.I)
_ADVERT = re.compile(r"^(?:advertisement|sponsored(?: content)?|story continues below(?: advertisement)?)$", re.I)
_NAVIGATION = re.compile(
    r"^(?:share(?: this(?: article| story)?)?|share on (?:facebook|twitter|x)|tweet|email|print|"
    r"click here to (?:subscribe|read more)|subscribe(?: now)?|sign up for .{0,60}|skip to (?:main )?content|"
    r"follow us on .{0,40}|back to top|comments?|listen to this article)$",
    re.I,
)
MAX_HEADLINE_WORDS = 14
MAX_SHARED_FRACTION = 0.4


def _stem(word: str) -> str:
    # A five-letter prefix is crude but enough to match expanded/expanding, militia/militias.
    return word.lower().replace("’", "'").removesuffix("'s")[:5]


def content_words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOPWORDS and len(w) > 2]


def boilerplate_reason(line: str) -> RemovedReason | None:
    """Shape-only boilerplate (adverts, navigation, 'Related:' lines), independent of the story."""
    stripped = line.strip()
    if _ADVERT.match(stripped):
        return RemovedReason.ADVERT
    if _NAVIGATION.match(stripped):
        return RemovedReason.NAVIGATION
    if _PREFIXED.match(stripped):
        return RemovedReason.RELATED_HEADLINE
    return None


def looks_like_headline(line: str) -> bool:
    """Short, title-cased, without sentence punctuation."""
    stripped = line.strip()
    words = _WORD.findall(stripped)
    if not 2 <= len(words) <= MAX_HEADLINE_WORDS or _SENTENCE_END.search(stripped):
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(significant) < 2:
        return False
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised / len(significant) >= 0.75


def is_related_headline(line: str, story_vocabulary: Iterable[str]) -> bool:
    """A headline-shaped line whose content words the rest of the story barely uses."""
    if not looks_like_headline(line):
        return False
    words = set(content_words(line))
    if len(words) < 2:
        return False
    vocabulary = set(story_vocabulary)
    shared = len(words & vocabulary) / len(words)
    return shared < MAX_SHARED_FRACTION
