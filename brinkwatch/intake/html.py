"""HTML to an Article with trafilatura: main text, title, author, date and site name.

Related-story boxes are dropped twice over: by class or id names and by shape (a block that is
mostly short links), before trafilatura sees the page; headline-shaped lines unrelated to the story
that survive extraction are dropped by the plain-text rules.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import lxml.html
import trafilatura
from lxml import etree

from brinkwatch.errors import InputError
from brinkwatch.intake.plaintext import parse_plain_text
from brinkwatch.model import Article, Removed, RemovedReason

__all__ = ["parse_html"]

_BOX_NAMES = re.compile(
    r"related|recommend|more-?stories|read-?more|trending|most-?popular|newsletter|promo|outbrain|taboola|"
    r"share|social|sidebar|breadcrumb|advert|\bads?\b",
    re.I,
)
_DROP_TAGS = ("aside", "nav", "footer", "script", "style", "noscript", "form")
_LINK_SHARE = 0.8  # a block whose text is this much link text is a list of links, not prose


def parse_html(html: str, *, url: str | None = None, source: str | None = None) -> Article:
    cleaned, dropped = _drop_boxes(html)
    document = trafilatura.bare_extraction(
        cleaned,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError(
            f"{source or url or 'HTML input'}: no article text found in the page; is it an article page "
            "(not a front page or a login wall)? Save the article as text and pass that instead"
        )
    # trafilatura separates paragraphs with single newlines; the plain-text reader wants blank lines.
    article = parse_plain_text(
        text.replace("\n", "\n\n"),
        title=getattr(document, "title", None) or None,
        url=url,
        outlet=getattr(document, "sitename", None) or None,
        published_at=_parse_date(getattr(document, "date", None)),
        source=source,
    )
    author = getattr(document, "author", None)
    if author and not article.byline:
        article.byline = author
    article.removed = dropped + article.removed
    return article


def _drop_boxes(html: str) -> tuple[str, list[Removed]]:
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html, []
    dropped: list[Removed] = []
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        reason = _box_reason(element)
        if reason is not None:
            text = " ".join(" ".join(element.itertext()).split())
            if text:
                dropped.append(Removed(text[:500], reason))
            element.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode"), dropped


def _box_reason(element: lxml.html.HtmlElement) -> RemovedReason | None:
    if element.tag in ("script", "style", "noscript"):
        return None  # trafilatura drops these; they are not worth listing as removed
    names = f"{element.get('class', '')} {element.get('id', '')}"
    if element.tag in _DROP_TAGS or (names.strip() and _BOX_NAMES.search(names)):
        return RemovedReason.RELATED_HEADLINE if "relat" in names.lower() else RemovedReason.NAVIGATION
    if element.tag in ("ul", "ol", "div", "section") and _is_link_list(element):
        return RemovedReason.RELATED_HEADLINE
    return None


def _is_link_list(element: lxml.html.HtmlElement) -> bool:
    links = element.findall(".//a")
    if len(links) < 2:
        return False
    text = " ".join(element.text_content().split())
    link_text = sum(len(" ".join(a.text_content().split())) for a in links)
    if not text or link_text / len(text) < _LINK_SHARE:
        return False
    return len(text) / len(links) < 120  # short items: headlines, not linked prose


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
