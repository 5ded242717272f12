"""Time phrases in news text, resolved against the article's publication date.

Explicit dates ("March 3, 2024", "3 March", "in 2019"), weekdays ("Friday": the most recent such day
on or before the article date, since news reports the past; "next Friday" or a future-tense sentence
look forward), and relative phrases ("two days ago", "last week", "in recent months"). Each result
keeps the raw phrase, its span and a precision: day, week, month, year or range; a relative phrase in
an article without a date is kept with precision "unknown".
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from brinkwatch.model import TimePrecision, TimeRef

__all__ = ["RECENT", "TimeMention", "find_times", "is_future_context", "reported_on"]

P = TimePrecision
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {name: n for n, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_NUMBERS = {
    word: n for n, word in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
} | {"a": 1, "an": 1, "a few": 3, "several": 3, "a couple of": 2, "couple of": 2}
# How far back "in recent days/weeks/months/years" reaches: a convention (documented), not a fact.
RECENT = {"day": 7, "week": 21, "month": 91, "year": 3 * 365}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_COUNT = (
    r"(?P<count>\d+|a few|a couple of|couple of|several|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve)"
)
_UNIT = r"(?P<unit>day|week|month|year)s?"
_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|is|are) (?:to |due to |expected to |scheduled to |set to )?\w+|\b(?:plans?|planned|"
    r"intends?|scheduled|expected|due) to\b|\bupcoming\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time phrase at [start, end) of the text it was found in, and what it resolves to."""

    start: int
    end: int
    ref: TimeRef


def reported_on(anchor: date | None) -> TimeRef:
    """The time of an event whose sentence names none: the day it was reported."""
    if anchor is None:
        return TimeRef(text="", precision=P.UNKNOWN)
    return TimeRef(text="", start=anchor, end=anchor, precision=P.REPORTED_ON)


def is_future_context(text: str) -> bool:
    return _FUTURE.search(text) is not None


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week_span(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _infer_year(month: int, day: int | None, anchor: date, future: bool) -> int:
    """The year of a date given without one: the latest on or before the article date (news is past)."""
    probe = date(anchor.year, month, min(day or 1, calendar.monthrange(anchor.year, month)[1]))
    if future:
        return anchor.year + 1 if probe < anchor.replace(day=1) else anchor.year
    return anchor.year - 1 if probe > anchor else anchor.year


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBERS[text]


Handler = Callable[[re.Match[str], date | None, bool], TimeRef | None]


def _full_date(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef | None:
    try:
        day = date(int(m["year"]), _MONTHS[m["month"].lower().rstrip(".")], int(m["day"]))
    except ValueError:
        return None
    return TimeRef(m.group(0), day, day, P.DAY)


def _iso_date(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef | None:
    try:
        day = date(int(m["year"]), int(m["mon"]), int(m["day"]))
    except ValueError:
        return None
    return TimeRef(m.group(0), day, day, P.DAY)


def _day_month(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef | None:
    month, day_number = _MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    try:
        day = date(_infer_year(month, day_number, anchor, future), month, day_number)
    except ValueError:
        return None
    return TimeRef(m.group(0), day, day, P.DAY)


def _month_year(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    start, end = _month_span(int(m["year"]), _MONTHS[m["month"].lower().rstrip(".")])
    return TimeRef(m.group(0), start, end, P.MONTH)


def _month_only(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    month = _MONTHS[m["month"].lower().rstrip(".")]
    cue = (m["cue"] or "").lower()
    if cue == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif cue == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif cue == "this":
        year = anchor.year
    else:
        year = _infer_year(month, None, anchor, future)
    start, end = _month_span(year, month)
    return TimeRef(m.group(0), start, end, P.MONTH)


def _year(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    year = int(m["year"])
    if (m["cue"] or "").lower() == "since":
        return TimeRef(m.group(0), date(year, 1, 1), anchor, P.RANGE)
    return TimeRef(m.group(0), date(year, 1, 1), date(year, 12, 31), P.YEAR)


def _year_range(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    return TimeRef(m.group(0), date(int(m["year"]), 1, 1), date(int(m["year2"]), 12, 31), P.RANGE)


def _decade(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    year = int(m["decade"])
    return TimeRef(m.group(0), date(year, 1, 1), date(year + 9, 12, 31), P.RANGE)


def _weekday(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    target = _WEEKDAYS[m["weekday"].lower()]
    cue = (m["cue"] or "").lower()
    if cue == "next" or (future and cue != "last"):
        ahead = (target - anchor.weekday()) % 7 or (7 if cue == "next" else 0)
        day = anchor + timedelta(days=ahead)
    else:
        back = (anchor.weekday() - target) % 7 or (7 if cue == "last" else 0)
        day = anchor - timedelta(days=back)
    return TimeRef(m.group(0), day, day, P.DAY)


_DEICTIC_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "yesterday": -1,
    "last night": -1,
    "the day before yesterday": -2,
    "tomorrow": 1,
}


def _deictic(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    phrase = re.sub(r"\s+", " ", m.group(0).lower())
    shift = next(value for key, value in _DEICTIC_DAYS.items() if phrase.endswith(key))
    day = anchor + timedelta(days=shift)
    return TimeRef(m.group(0), day, day, P.DAY)


def _period(unit: str, anchor: date, shift: int) -> tuple[date, date]:
    if unit == "day":
        day = anchor + timedelta(days=shift)
        return day, day
    if unit == "week":
        return _week_span(anchor + timedelta(weeks=shift))
    if unit == "month":
        shifted = _shift_months(anchor, shift)
        return _month_span(shifted.year, shifted.month)
    return date(anchor.year + shift, 1, 1), date(anchor.year + shift, 12, 31)


_UNIT_PRECISION = {"day": P.DAY, "week": P.WEEK, "month": P.MONTH, "year": P.YEAR}


def _ago(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    unit = m["unit"].lower()
    start, end = _period(unit, anchor, -_count(m["count"]))
    precision = _UNIT_PRECISION[unit]
    if m["count"].lower() in ("a few", "several"):
        precision = P.RANGE
        start = _period(unit, anchor, -_count(m["count"]) - 2)[0]
    return TimeRef(m.group(0), start, end, precision)


def _this_last_next(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    cue, unit = m["cue"].lower(), m["unit"].lower()
    start, end = _period(unit, anchor, {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[cue])
    if m["edge"]:  # "earlier this month": from the period's start up to the article date
        edge = m["edge"].lower()
        start, end = (start, anchor) if edge == "earlier" else (anchor, end)
        return TimeRef(m.group(0), start, end, P.RANGE)
    return TimeRef(m.group(0), start, end, _UNIT_PRECISION[unit])


def _recent(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    unit = m["unit"].lower()
    if m["recent"]:
        start = anchor - timedelta(days=RECENT[unit])
    else:
        count = _count(m["count"]) if m["count"] else 1
        if unit in ("month", "year"):
            start = _shift_months(anchor, -count * (12 if unit == "year" else 1))
        else:
            start = anchor - timedelta(days=count * (7 if unit == "week" else 1))
    return TimeRef(m.group(0), start, anchor, P.RANGE)


def _weekend(m: re.Match[str], anchor: date | None, future: bool) -> TimeRef:
    if anchor is None:
        return TimeRef(m.group(0), precision=P.UNKNOWN)
    # The weekend in progress or just past: Saturday on or before the article date.
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    sunday = saturday + timedelta(days=1)
    return TimeRef(m.group(0), saturday, sunday, P.RANGE)


_PATTERNS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b"), _iso_date),
    (re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I), _full_date),
    (re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I), _full_date),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?![:\d])", re.I), _day_month),
    (re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*,?\s*(?:19|20)\d\d)", re.I), _day_month),
    (re.compile(rf"\b(?:(?:early|late|mid)[\s-]+)?{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I), _month_year),
    # A month alone needs a cue word: "May" is also a modal verb and a name.
    (
        re.compile(
            rf"\b(?P<cue>in|since|until|by|during|through|last|this|next|early|late|mid|mid-|of)[\s-]+{_MONTH}\b"
            rf"(?!\s+[0-3]?\d\b)",
            re.I,
        ),
        _month_only,
    ),
    (re.compile(rf"\b(?:from|between)\s+{_YEAR}\s+(?:to|and|until)\s+(?P<year2>(?:19|20)\d\d)\b", re.I), _year_range),
    (re.compile(r"\b(?:in\s+)?the\s+(?P<decade>(?:19|20)\d0)s\b", re.I), _decade),
    (
        re.compile(rf"\b(?P<cue>in|since|during|by|until|early|late|mid|mid-|throughout)[\s-]+{_YEAR}\b(?!\s*-)", re.I),
        _year,
    ),
    (
        re.compile(
            rf"\b(?:(?P<cue>last|this|next|on|early|late)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b",
            re.I,
        ),
        _weekday,
    ),
    (
        re.compile(
            r"\b(?:the day before yesterday|yesterday|today|tonight|tomorrow|last night|earlier today|"
            r"this (?:morning|afternoon|evening))\b",
            re.I,
        ),
        _deictic,
    ),
    (re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+ago\b", re.I), _ago),
    (
        re.compile(rf"\b(?:(?P<edge>earlier|later)\s+)?(?P<cue>last|past|previous|this|next)\s+{_UNIT}\b(?!s)", re.I),
        _this_last_next,
    ),
    (
        re.compile(
            rf"\b(?:in|over|during|for|within)\s+(?:the\s+)?(?:(?P<recent>recent)|(?:past|last)(?:\s+{_COUNT})?)"
            rf"\s+{_UNIT}",
            re.I,
        ),
        _recent,
    ),
    (re.compile(r"\b(?:over\s+the|last|this\s+past|on\s+the|at\s+the)\s+weekend\b", re.I), _weekend),
]


# Every pattern above needs one of these; most sentences have none and skip the 17 patterns.
_ANY = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|ago|last|this|next|"
    r"recent|past|yesterday|today|tonight|tomorrow|weekend|previous)",
    re.IGNORECASE,
)


def find_times(text: str, anchor: date | None, *, future: bool | None = None) -> list[TimeMention]:
    """Every time phrase in `text`, resolved against `anchor`; overlapping matches keep the longest."""
    if _ANY.search(text) is None:
        return []
    future_text = is_future_context(text) if future is None else future
    found: list[TimeMention] = []
    for pattern, handler in _PATTERNS:
        for match in pattern.finditer(text):
            ref = handler(match, anchor, future_text)
            if ref is not None:
                found.append(TimeMention(match.start(), match.end(), ref))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[TimeMention] = []
    for mention in sorted(found, key=lambda m: -(m.end - m.start)):
        if all(mention.end <= other.start or mention.start >= other.end for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)
