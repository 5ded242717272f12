"""Parsed articles: one spaCy Doc per article text, shared by every coding stage.

Docs are not part of the Article record (they are not plain data); stages ask for them here and
the parse runs once per article text, however many stages need it.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from brinkwatch.language.nlp import load_nlp
from brinkwatch.model import Article

__all__ = ["clear_cache", "parse_article"]

_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, int], Any] = OrderedDict()


def parse_article(article: Article) -> Any:
    """The spaCy Doc of `article.text`, parsed once and cached (bounded LRU)."""
    key = (article.id, hash(article.text))
    doc = _cache.get(key)
    if doc is None:
        doc = load_nlp()(article.text)
        _cache[key] = doc
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    return doc


def clear_cache() -> None:
    _cache.clear()
