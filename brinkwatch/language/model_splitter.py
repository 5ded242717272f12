"""Sentence boundaries from the trained parser, behind the foundation's `SentenceSplitter` interface.

The parser learned sentence ends from ten-sentence EWT documents, so it also splits where the
rule splitter cannot (no full stop, lowercase openers). Paragraph breaks (blank lines) are always
boundaries: each paragraph is parsed on its own.
"""

from __future__ import annotations

import re
from typing import Any

from brinkwatch.language.nlp import load_nlp
from brinkwatch.model import Sentence

__all__ = ["ParserSplitter"]

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", re.DOTALL)


class ParserSplitter:
    """`SentenceSplitter` backed by the shipped pipeline (or ``nlp`` when given)."""

    def __init__(self, nlp: Any | None = None) -> None:
        self._nlp = nlp

    def split(self, text: str) -> list[Sentence]:
        nlp = self._nlp if self._nlp is not None else load_nlp()
        spans = [(found.start(), found.group(0)) for found in _PARAGRAPH.finditer(text)]
        sentences: list[Sentence] = []
        for (offset, _), doc in zip(spans, nlp.pipe(paragraph for _, paragraph in spans), strict=True):
            for sent in doc.sents:
                start = offset + sent.start_char
                end = offset + sent.end_char
                # A line break inside a paragraph is a whitespace token that may open or close a sentence.
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if start < end:
                    sentences.append(Sentence(len(sentences), start, end, text[start:end]))
        return sentences
