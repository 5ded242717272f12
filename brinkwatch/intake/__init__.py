"""Intake: from a path, a URL, standard input or a string to a clean Article record."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from brinkwatch.errors import InputError
from brinkwatch.intake.decode import MAX_BYTES, decode_text, read_file
from brinkwatch.intake.fetch import fetch_url
from brinkwatch.intake.html import parse_html
from brinkwatch.intake.notes import add_note
from brinkwatch.intake.plaintext import article_id, parse_plain_text
from brinkwatch.model import Article

__all__ = [
    "article_from_text",
    "article_id",
    "looks_like_html",
    "parse_html",
    "parse_plain_text",
    "read_article",
    "refuse_xml",
]

_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<\?xml[^>]*>\s*<html)", re.I)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}


_XML_START = re.compile(r"^\s*(?:<\?xml|<rss\b|<feed\b|<rdf:RDF\b)", re.I)
_HTML_INSIDE = re.compile(r"<html\b|<!doctype html", re.I)
_FEED_ROOT = re.compile(r"<(?:rss|feed|rdf:RDF)\b", re.I)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


def refuse_xml(text: str, name: str) -> None:
    """An XML document that is not (X)HTML is no article: read as plain text it would be its markup."""
    head = text[:4096]
    if not _XML_START.match(head) or _HTML_INSIDE.search(head):
        return
    kind = "an RSS or Atom feed" if _FEED_ROOT.search(head) else "an XML document"
    raise InputError(
        f"{name}: is XML ({kind}), not an article's text or HTML; to read a feed's entries, list its URL "
        "in a feed file for `brinkwatch watch`"
    )


def article_from_text(
    text: str, *, source: str | None = None, url: str | None = None, keep_lone_line: bool = False
) -> Article:
    """An Article from already-decoded text, HTML or plain (not other XML); see `parse_plain_text`."""
    if looks_like_html(text):
        return parse_html(text, url=url, source=source)
    refuse_xml(text, source or url or "input")
    return parse_plain_text(text, url=url, source=source, keep_lone_line=keep_lone_line)


def read_article(
    source: str,
    *,
    encoding: str | None = None,
    max_bytes: int = MAX_BYTES,
    timeout: float = 15.0,
) -> Article:
    """Read one article from a path, an http(s) URL, or '-' for standard input.

    What decoding changed (bytes replaced, a legacy codec) is kept as intake notes on the article."""
    if source.startswith(("http://", "https://")):
        fetched = fetch_url(source, timeout=timeout, max_bytes=max_bytes)
        if fetched.content_type == "text/plain" and not looks_like_html(fetched.text):
            return _noted(parse_plain_text(fetched.text, url=fetched.url, source=source), fetched.notes)
        return _noted(parse_html(fetched.text, url=fetched.url, source=source), fetched.notes)
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        decoded = decode_text(data, name="standard input", encoding=encoding, max_bytes=max_bytes)
        return _noted(article_from_text(decoded.text, source="-"), decoded.notes)
    path = Path(source)
    decoded = read_file(path, max_bytes=max_bytes, encoding=encoding)
    if path.suffix.lower() in _HTML_SUFFIXES:
        return _noted(parse_html(decoded.text, source=str(path)), decoded.notes)
    return _noted(article_from_text(decoded.text, source=str(path)), decoded.notes)


def _noted(article: Article, notes: list[str]) -> Article:
    for note in notes:
        add_note(article, "Decoding", note)
    return article
