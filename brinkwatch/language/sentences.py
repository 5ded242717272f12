"""Sentence splitting for news text, behind one interface the trained model can replace.

`RuleSplitter` knows news abbreviations (U.S., Gen., Sen., Jan.), initials (John F. Kennedy) and
quotes: a closing quote after the full stop belongs to the sentence it closes, and a quote that runs
over several sentences is split at its inner sentence ends like any other text.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from brinkwatch.model import Article, Sentence
from brinkwatch.pipeline import stage

__all__ = ["RuleSplitter", "SentenceSplitter", "sentence_stage", "split_sentences"]


@runtime_checkable
class SentenceSplitter(Protocol):
    def split(self, text: str) -> list[Sentence]: ...


_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl pvt brig sen rep gov pres
    supt insp rev fr hon amb sec atty dept univ inc corp co ltd bros no nos vol fig approx est jan
    feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun vs etc al
    ave blvd rd hwy mass calif fla ill penn tenn tex wash conn ariz colo okla
    """.split()
)
# Dotted abbreviations that end a sentence only when a typical sentence opener follows.
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}$")
_OPENERS = frozenset(
    """
    the a an he she it they we i in on at but and yet so this that these those there his her its
    their our after before when while as if officials police authorities meanwhile however
    """.split()
)
_CANDIDATE = re.compile(r"[.!?…]+['\"”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+(?P<next>['\"“‘(\[]?[A-Z0-9])")


class RuleSplitter:
    """A deterministic splitter: good enough until the trained parser segments sentences."""

    def split(self, text: str) -> list[Sentence]:
        sentences: list[Sentence] = []
        for start, end in _paragraph_spans(text):
            begin = start
            for boundary in self._boundaries(text, start, end):
                _append(sentences, text, begin, boundary)
                begin = boundary
            _append(sentences, text, begin, end)
        return sentences

    def _boundaries(self, text: str, start: int, end: int) -> list[int]:
        cuts = []
        for found in _CANDIDATE.finditer(text, start, end):
            following = _NEXT_START.match(text, found.end(), end)
            if following is None:
                continue
            if found.group(0).startswith(".") and self._is_abbreviation(text, start, found.start(), following):
                continue
            cuts.append(found.end())
        return cuts

    @staticmethod
    def _is_abbreviation(text: str, start: int, dot: int, following: re.Match[str]) -> bool:
        word_start = dot
        while word_start > start and not text[word_start - 1].isspace() and text[word_start - 1] not in '("“‘':
            word_start -= 1
        word = text[word_start : dot + 1]
        bare = word.rstrip(".").lower()
        if bare in _ABBREVIATIONS:
            return True
        if len(bare) == 1 and bare.isalpha() and word[0].isupper():
            return True  # an initial: John F. Kennedy
        if _DOTTED.search(word):
            next_word = re.match(r"[\w']+", text[following.start("next") :])
            opener = next_word.group(0).lower() if next_word else ""
            return opener not in _OPENERS
        return False


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for found in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        spans.append((found.start(), found.end()))
    return spans


def _append(sentences: list[Sentence], text: str, begin: int, end: int) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if begin < end:
        sentences.append(Sentence(len(sentences), begin, end, text[begin:end]))


_DEFAULT = RuleSplitter()


def split_sentences(text: str, splitter: SentenceSplitter | None = None) -> list[Sentence]:
    return (splitter or _DEFAULT).split(text)


@stage("sentences", requires={"text"}, assigns={"sentences"})
def sentence_stage(article: Article) -> Article:
    article.sentences = split_sentences(article.text)
    return article
