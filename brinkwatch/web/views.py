"""Shapes the API and the pages both show: an event with its highlighted sentence and its reports.

Evidence spans point into `Article.text`; the sentence they sit in starts at the article's sentence
offset, so the spans are shifted into the sentence before it is cut into plain and marked segments.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from brinkwatch.model import Article, EventRecord, Evidence, FusedEvent, Span
from brinkwatch.web.repository import EventQuery, Repository, event_id

__all__ = ["NETWORK_DAYS", "EventDetail", "Segment", "annotate", "event_detail", "highlight", "network_window"]

ROLES = ("actor", "trigger", "recipient", "place")
NETWORK_DAYS = 90  # the network's default window, ending at the newest event


@dataclass(slots=True)
class Segment:
    """A piece of the evidence sentence; `role` is actor, trigger, recipient, place, or None."""

    text: str
    role: str | None = None
    note: str | None = None  # what the mark stands for: an actor code, an event type
    event_id: str | None = None


@dataclass(slots=True)
class EventDetail:
    record: EventRecord
    sentence: list[Segment] = field(default_factory=list)
    fused: FusedEvent | None = None
    # Every report of the same occurrence, this one included, with its article and outlet.
    reports: list[EventRecord] = field(default_factory=list)
    independent_sources: int = 1


def _sentence_start(evidence: Evidence, article: Article | None) -> int | None:
    if article is None:
        return None
    if 0 <= evidence.sentence_index < len(article.sentences):
        sentence = article.sentences[evidence.sentence_index]
        if sentence.text == evidence.sentence:
            return sentence.start
    found = article.text.find(evidence.sentence)
    return found if found >= 0 else None


def highlight(evidence: Evidence, article: Article | None) -> list[Segment]:
    """The evidence sentence cut into segments, its actor, trigger, recipient and place marked.

    Spans that fall outside the sentence or overlap an earlier one are left unmarked rather than
    guessed at: a wrong highlight would misstate the evidence.
    """
    sentence = evidence.sentence
    offset = _sentence_start(evidence, article)
    if offset is None:
        return [Segment(sentence)]
    marks: list[tuple[int, int, str]] = []
    for role in ROLES:
        span: Span | None = getattr(evidence, role)
        if span is None:
            continue
        start, end = span.start - offset, span.end - offset
        if 0 <= start < end <= len(sentence):
            marks.append((start, end, role))
    return _cut(sentence, [(start, end, Segment("", role)) for start, end, role in marks])


def _cut(text: str, marks: list[tuple[int, int, Segment]]) -> list[Segment]:
    """`text` as plain segments between the marked ones; a mark overlapping an earlier one is dropped."""
    segments: list[Segment] = []
    cursor = 0
    for start, end, mark in sorted(marks, key=lambda m: (m[0], -m[1])):
        if start < cursor or not 0 <= start < end <= len(text):
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        mark.text = text[start:end]
        segments.append(mark)
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def annotate(article: Article) -> list[Segment]:
    """The article text with its actor mentions and event triggers marked (the article page)."""
    marks: list[tuple[int, int, Segment]] = []
    for position, event in enumerate(article.events):
        trigger = event.evidence.trigger if event.evidence else None
        if trigger is not None:
            marks.append(
                (trigger.start, trigger.end, Segment("", "trigger", event.type, event_id(article.id, position)))
            )
    for mention in article.mentions:
        role = "mention" if mention.code else "uncoded"
        marks.append((mention.start, mention.end, Segment("", role, mention.code or "not coded")))
    return _cut(article.text, marks)


def event_detail(repository: Repository, key: str) -> EventDetail | None:
    record = repository.event(key)
    if record is None:
        return None
    evidence = record.event.evidence
    sentence = highlight(evidence, repository.article(record.article_id)) if evidence is not None else []
    fused = repository.fused_event(key)
    reports = [record]
    if fused is not None:
        found = [repository.event(report.id) for report in fused.reports if report.id]
        reports = [r for r in found if r is not None] or reports
        if all(r.id != record.id for r in reports):
            reports.insert(0, record)
    sources = fused.independent_sources if fused is not None else len({r.outlet for r in reports})
    return EventDetail(record=record, sentence=sentence, fused=fused, reports=reports, independent_sources=sources)


def network_window(repository: Repository, query: EventQuery) -> tuple[EventQuery, tuple[date, date] | None]:
    """The network query bounded to the newest `NETWORK_DAYS` days when it names neither end, and that window.

    Grouping the whole collection is a full scan (15 s at 1,000,000 events in SQLite), whatever the
    other filters: the API and the page both default to the newest 90 days, and say so.
    """
    if query.since is not None or query.until is not None:
        return query, None
    latest = repository.latest_event_date()
    if latest is None:  # nothing dated: nothing to scan either
        return query, None
    window = (latest - timedelta(days=NETWORK_DAYS - 1), latest)
    return replace(query, since=window[0], until=window[1]), window
