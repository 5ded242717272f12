"""Parsed articles: one spaCy Doc per article text, shared by every coding stage.

Docs are not part of the Article record (they are not plain data); stages ask for them here and
the parse runs once per article text, however many stages need it. A batch worker announces the
articles it is about to run (`expect`), and the first stage that asks for one of their parses gets
them all parsed in one `nlp.pipe` call, which is cheaper per article than parsing each alone; when
no stage asks, nothing is parsed and the model is never loaded.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from brinkwatch.language.nlp import load_nlp
from brinkwatch.model import Article

__all__ = [
    "BATCH_CHARACTERS",
    "CACHE_SIZE",
    "PIECE_CHARACTERS",
    "SKIPPED_COMPONENTS",
    "clear_cache",
    "clear_expected",
    "expect",
    "parse_article",
    "parse_texts",
]

CACHE_SIZE = 16  # a chunk of 8 (engine.chunks.CHUNK_SIZE) and the previous one
# No coding stage reads entities (actors come from the dictionaries over the parse), and the
# recogniser took 17% of the CPU time per article in the default pipeline (benchmarks/throughput.py).
SKIPPED_COMPONENTS = ("ner",)

# A batch holds pieces of articles up to this many characters in all (about 5,000 words): the
# network's arrays grow with the batch, and a chunk of several 10,000-word articles parsed together
# lifted a worker's peak memory from 0.5 to 1.1 GB. A larger piece is parsed in a batch of its own.
BATCH_CHARACTERS = 30_000
PIECE_CHARACTERS = 20_000  # see parse_texts

_Key = tuple[str, int]
_T = TypeVar("_T")
_cache: OrderedDict[_Key, Any] = OrderedDict()
_expected: dict[_Key, str] = {}


def _key(article: Article) -> _Key:
    return (article.id, hash(article.text))


def expect(articles: Iterable[Article]) -> None:
    """Announce articles whose parses stages will soon ask for (at most CACHE_SIZE at a time)."""
    for article in articles:
        key = _key(article)
        if key not in _cache:
            _expected[key] = article.text
    if len(_expected) > CACHE_SIZE:
        raise ValueError(f"{len(_expected)} articles announced for parsing; at most {CACHE_SIZE} fit the cache")


def parse_article(article: Article) -> Any:
    """The spaCy Doc of `article.text` (without entities), parsed once and cached (bounded LRU)."""
    key = _key(article)
    doc = _cache.get(key)
    if doc is not None:
        _cache.move_to_end(key)
        return doc
    if key in _expected:
        _parse_expected()
        doc = _cache.get(key)
    if doc is None:  # not announced, or its batch failed: parse it alone, so its own error is raised here
        _expected.pop(key, None)
        doc = parse_texts([article.text])[0]
        _remember(key, doc)
    return doc


def parse_texts(texts: list[str]) -> list[Any]:
    """One Doc per text, the texts cut into pieces of at most PIECE_CHARACTERS at paragraph breaks
    and parsed in batches of at most BATCH_CHARACTERS, then each text's pieces joined again.

    The token encoder's memory grows with the length of a Doc (a 25,000-token article lifted a
    worker by 0.4 GB), while its context is four tokens either side; no sentence, and so no
    dependency, crosses a paragraph break. Joined Docs have exactly the text they were given.
    """
    pieces = [(number, piece) for number, text in enumerate(texts) for piece in _pieces(text)]
    parts: list[list[Any]] = [[] for _ in texts]
    nlp = load_nlp()
    for batch in _batches(pieces):
        docs = nlp.pipe([piece for _, piece in batch], disable=SKIPPED_COMPONENTS, batch_size=len(batch))
        for (number, _), doc in zip(batch, docs, strict=True):
            parts[number].append(doc)
    return [found[0] if len(found) == 1 else _join(found) for found in parts]


def _pieces(text: str) -> list[str]:
    """`text` cut after paragraph breaks into runs of at most PIECE_CHARACTERS (a longer paragraph stays whole)."""
    return ["".join(run) for run in _packed(re.split(r"(?<=\n\n)", text), len, PIECE_CHARACTERS)]


def _batches(pieces: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    return _packed(pieces, lambda entry: len(entry[1]), BATCH_CHARACTERS)


def _packed(items: list[_T], size: Callable[[_T], int], limit: int) -> list[list[_T]]:
    """`items` in order, in runs whose sizes add up to at most `limit` (a larger item runs alone)."""
    runs: list[list[_T]] = []
    total = 0
    for item in items:
        if not runs or (runs[-1] and total + size(item) > limit):
            runs.append([])
            total = 0
        runs[-1].append(item)
        total += size(item)
    return runs


def _join(docs: list[Any]) -> Any:
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False)


def _parse_expected() -> None:
    keys, texts = list(_expected), list(_expected.values())
    _expected.clear()
    try:
        docs = parse_texts(texts)
    except Exception:  # one bad text fails the batch; each is then parsed alone, failing alone
        return
    for key, doc in zip(keys, docs, strict=True):
        _remember(key, doc)


def _remember(key: _Key, doc: Any) -> None:
    _cache[key] = doc
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def clear_expected() -> None:
    """Forget announced articles no stage asked about (a chunk ends; its parses are not needed)."""
    _expected.clear()


def clear_cache() -> None:
    _cache.clear()
    _expected.clear()
