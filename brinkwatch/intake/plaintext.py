"""Plain text to an Article: title, paragraphs, byline, dateline, syndication and boilerplate.

The stages, in order: normalise whitespace; take the title; classify each line (syndication, byline,
date, boilerplate); rebuild paragraphs from the remaining lines (bullets and headline-shaped lines
stand alone, wrapped lines are joined); drop headline-shaped lines unrelated to the story; peel a
wire dateline off the first paragraph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

from brinkwatch.errors import EmptyInputError
from brinkwatch.intake.boilerplate import (
    boilerplate_reason,
    content_words,
    is_related_headline,
    looks_like_headline,
)
from brinkwatch.intake.syndication import match_byline, match_dateline, match_syndication_line
from brinkwatch.intake.urls import set_url
from brinkwatch.model import Article, Removed, RemovedReason

__all__ = ["article_id", "normalise_text", "parse_plain_text"]

_BULLET = re.compile(r"^\s*(?:[•●▪◦·*]|[-–](?=\s))\s+")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_LINE = re.compile(
    rf"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?P<month>{_MONTHS})\s+(?P<day>\d{{1,2}}),\s+"
    r"(?P<year>\d{4})$"
)
_ISO_DATE_LINE = re.compile(
    r"^(?:published|updated|posted)?:?\s*(?P<iso>\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?)$", re.I
)
_HEAD_BLOCKS = 4  # bylines and date lines sit at the top of an article


@dataclass(slots=True)
class _Unit:
    """A paragraph being rebuilt, or a line that stands alone (bullet, headline-shaped)."""

    text: str
    standalone: bool = False
    headline: bool = False


@dataclass(slots=True)
class _Found:
    removed: list[Removed] = field(default_factory=list)
    original_outlet: str | None = None
    byline: str | None = None
    published_at: datetime | None = None


def normalise_text(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def article_id(text: str) -> str:
    """A stable id from the normalised text, so the same story read twice gets the same id."""
    key = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def parse_plain_text(
    raw: str,
    *,
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published_at: datetime | None = None,
    source: str | None = None,
    keep_lone_line: bool = False,
) -> Article:
    """An Article from plain text; EmptyInputError when no article text is left.

    A lone title-shaped line is a headline whose story is missing (a failure), unless
    `keep_lone_line`: then the caller gave exactly that line as the article's text (the API does)."""
    blocks = [block.split("\n") for block in re.split(r"\n\s*\n", normalise_text(raw)) if block.strip()]
    lone = keep_lone_line and len(blocks) == 1 and len(blocks[0]) == 1
    if title is None and blocks and not lone and _is_title_block(blocks[0]):
        title = blocks.pop(0)[0].strip()
    found = _Found()
    units: list[_Unit] = []
    for position, block in enumerate(blocks):
        kept = [line for line in block if not _take_special_line(line, position, found)]
        units.extend(_units_of(kept))
    if title and units and units[0].text.strip().lower() == title.strip().lower():
        units.pop(0)  # HTML pages repeat the headline as the first block; `title` already holds it
    units = _drop_related_headlines(units, title, found)
    dateline = agency = None
    if units:
        match = match_dateline(units[0].text)
        if match is not None:
            dateline = match.place
            found.removed.append(Removed(match.prefix.strip(), RemovedReason.DATELINE))
            units[0].text = units[0].text[len(match.prefix) :]
            agency = match.agency
            if match.agency and found.original_outlet is None:
                found.original_outlet = match.agency
    text = "\n\n".join(unit.text for unit in units if unit.text.strip())
    if not text:
        # Not an article: stored, it would take the id of the empty string and make the next one its copy.
        raise EmptyInputError(f"{source or url or 'input'}: {_why_no_text(title)}")
    article = Article(
        id=article_id(text),
        text=text,
        outlet=outlet,
        original_outlet=found.original_outlet,
        agency=agency,
        title=title,
        byline=found.byline,
        dateline=dateline,
        published_at=published_at or found.published_at,
        fetched_at=datetime.now(UTC),
        removed=found.removed,
        source=source,
    )
    return set_url(article, url)


def _why_no_text(title: str | None) -> str:
    if title:
        shown = title if len(title) <= 80 else title[:80] + "..."
        return f"holds only a title line ({shown!r}) and no article text; give it the story's text"
    return "holds no article text (only bylines, dates or boilerplate lines); give it the story's text"


def _is_title_block(block: list[str]) -> bool:
    line = block[0].strip()
    return (
        len(block) == 1
        and len(line.split()) <= 25
        and not line.endswith((".", "?", "!", '"', "”"))
        and _parse_date_line(line) is None
    )


def _take_special_line(line: str, position: int, found: _Found) -> bool:
    """Record and consume syndication, byline, date and boilerplate lines; False for story lines."""
    stripped = line.strip()
    if not stripped:
        return True
    outlet = match_syndication_line(stripped)
    if outlet is not None:
        found.removed.append(Removed(stripped, RemovedReason.SYNDICATION))
        found.original_outlet = found.original_outlet or outlet
        return True
    if position < _HEAD_BLOCKS:
        byline = match_byline(stripped)
        if byline is not None and found.byline is None:
            found.byline = byline
            found.removed.append(Removed(stripped, RemovedReason.BYLINE))
            return True
        date = _parse_date_line(stripped)
        if date is not None and found.published_at is None:
            found.published_at = date
            found.removed.append(Removed(stripped, RemovedReason.DATELINE))
            return True
    reason = boilerplate_reason(stripped)
    if reason is not None:
        found.removed.append(Removed(stripped, reason))
        return True
    return False


def _units_of(lines: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            units.append(_Unit(line[bullet.end() :].strip(), standalone=True))
        elif looks_like_headline(line):
            units.append(_Unit(line.strip(), standalone=True, headline=True))
        elif units and not units[-1].standalone:
            units[-1].text = f"{units[-1].text} {line.strip()}"
        else:
            units.append(_Unit(line.strip()))
    return units


def _drop_related_headlines(units: list[_Unit], title: str | None, found: _Found) -> list[_Unit]:
    vocabulary = set(content_words(title or ""))
    for unit in units:
        if not unit.headline:
            vocabulary.update(content_words(unit.text))
    kept = []
    for unit in units:
        if unit.headline and is_related_headline(unit.text, vocabulary):
            found.removed.append(Removed(unit.text, RemovedReason.RELATED_HEADLINE))
        else:
            kept.append(unit)
    return kept


def _parse_date_line(line: str) -> datetime | None:
    found = _DATE_LINE.match(line)
    if found:
        month = _MONTHS.split("|").index(found.group("month")) + 1
        try:
            return datetime(int(found.group("year")), month, int(found.group("day")), tzinfo=UTC)
        except ValueError:
            return None
    iso = _ISO_DATE_LINE.match(line)
    if iso:
        try:
            parsed = datetime.fromisoformat(iso.group("iso").replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None
