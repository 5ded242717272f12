"""An Article record to table rows and back.

Queryable fields become columns; the full serialised record of each event, mention and quote goes
into its `record` column, and the Article fields that have no column (removed spans, stage errors,
fields later stages add) into `articles.record`. Reading back uses only those records and columns,
so `article_from_rows(article_rows(a))` equals `a`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from brinkwatch.model import Article, Event
from brinkwatch.serialize import from_dict, to_dict
from brinkwatch.store.query import certainty_rank

__all__ = ["ARTICLE_COLUMNS", "ArticleRows", "StoryLink", "article_from_rows", "article_rows", "event_row_id"]

# Article fields stored as columns of `articles` (the rest live in child tables or `record`).
ARTICLE_COLUMNS = (
    "id",
    "url",
    "outlet",
    "original_outlet",
    "title",
    "byline",
    "dateline",
    "published_at",
    "fetched_at",
    "language",
    "source",
    "text",
    "story_id",
)
_CHILDREN = ("sentences", "mentions", "events", "quotes")


@dataclass(frozen=True, slots=True)
class StoryLink:
    """Which story an article belongs to; `is_copy` when an earlier article of the story exists."""

    story_id: str
    is_copy: bool = False
    similarity: float | None = None


@dataclass(slots=True)
class ArticleRows:
    article: dict[str, Any]
    sentences: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    chain_links: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)


def event_row_id(article_id: str, position: int) -> str:
    """Events are keyed by article and position: stage-assigned ids need only be unique per article."""
    return f"{article_id}-{position}"


def article_rows(
    article: Article, link: StoryLink, *, signature: bytes | None = None, stored_at: datetime | None = None
) -> ArticleRows:
    data = to_dict(article)
    data["story_id"] = link.story_id
    record = {key: value for key, value in data.items() if key not in ARTICLE_COLUMNS and key not in _CHILDREN}
    row = {name: getattr(article, name) for name in ARTICLE_COLUMNS}
    row |= {
        "story_id": link.story_id,
        "stored_at": stored_at or datetime.now(UTC),
        "words": len(article.text.split()),
        "is_copy": link.is_copy,
        "similarity": link.similarity,
        "signature": signature,
        "error_count": len(article.errors),
        "record": record,
    }
    rows = ArticleRows(article=row)
    rows.sentences = [
        {"article_id": article.id, "index": s.index, "start": s.start, "end": s.end, "text": s.text}
        for s in article.sentences
    ]
    for position, (mention, mention_data) in enumerate(zip(article.mentions, data["mentions"], strict=True)):
        rows.mentions.append(
            {
                "article_id": article.id,
                "position": position,
                "text": mention.text,
                "start": mention.start,
                "end": mention.end,
                "code": mention.code,
                "name": mention.name,
                "country": mention.country,
                "sentence_index": mention.sentence_index,
                "record": mention_data,
            }
        )
    for position, (event, event_data) in enumerate(zip(article.events, data["events"], strict=True)):
        _add_event(rows, article, position, event, event_data)
    for position, (quote, quote_data) in enumerate(zip(article.quotes, data["quotes"], strict=True)):
        rows.quotes.append(
            {
                "article_id": article.id,
                "position": position,
                "text": quote.text,
                "speaker_code": quote.speaker.code if quote.speaker else None,
                "speaker_text": quote.speaker.text if quote.speaker else None,
                "verb": quote.verb,
                "direct": quote.direct,
                "record": quote_data,
            }
        )
    rows.actors = _actor_rows(article)
    return rows


def _add_event(rows: ArticleRows, article: Article, position: int, event: Event, data: dict[str, Any]) -> None:
    row_id = event_row_id(article.id, position)
    place = event.where.place if event.where else None
    rows.events.append(
        {
            "id": row_id,
            "article_id": article.id,
            "position": position,
            "type": event.type,
            "mode": event.mode,
            "actor_code": event.actor.code if event.actor else None,
            "actor_text": event.actor.text if event.actor else None,
            "recipient_code": event.recipient.code if event.recipient else None,
            "recipient_text": event.recipient.text if event.recipient else None,
            "cameo": event.cameo,
            "goldstein": event.goldstein,
            "quad_class": event.quad_class,
            "intensity": event.intensity,
            "certainty": event.claim.certainty.value,
            "certainty_rank": certainty_rank(event.claim.certainty),
            "event_date": _event_date(event, article),
            "place": (place.name if place else None) or (event.where.text if event.where else None),
            "country": place.country if place else None,
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "dead": event.dead,
            "injured": event.injured,
            "sentence_index": event.evidence.sentence_index if event.evidence else None,
            "record": data,
        }
    )
    claim = event.claim
    rows.claims.append(
        {
            "event_id": row_id,
            "certainty": claim.certainty.value,
            "perpetrator": claim.perpetrator.status.value if claim.perpetrator else None,
            "cues": list(claim.cues),
        }
    )
    rows.chain_links.extend(
        {
            "event_id": row_id,
            "position": index,
            "name": link.name,
            "kind": link.kind,
            "code": link.code,
            "named": link.named,
            "verb": link.verb,
        }
        for index, link in enumerate(claim.chain)
    )


def _event_date(event: Event, article: Article) -> date | None:
    if event.when is not None and event.when.start is not None:
        return event.when.start
    return article.published_at.astimezone(UTC).date() if article.published_at else None


def _actor_rows(article: Article) -> list[dict[str, Any]]:
    """Coded actors as the article names them; the first description of a code wins in the store."""
    found: dict[str, dict[str, Any]] = {}
    candidates = list(article.mentions)
    for event in article.events:
        candidates += [m for m in (event.actor, event.recipient) if m is not None]
    for mention in candidates:
        if mention.code and mention.code not in found:
            found[mention.code] = {
                "code": mention.code,
                "name": mention.name or mention.text,
                "country": mention.country,
                "affiliation": mention.affiliation,
                "record": {"sectors": list(mention.sectors)},
            }
    return list(found.values())


def article_from_rows(
    row: dict[str, Any],
    sentences: list[dict[str, Any]],
    mention_records: list[Any],
    event_records: list[Any],
    quote_records: list[Any],
) -> Article:
    data: dict[str, Any] = {name: row[name] for name in ARTICLE_COLUMNS}
    for name in ("published_at", "fetched_at"):
        data[name] = data[name].isoformat() if data[name] is not None else None
    data |= row["record"]
    data["sentences"] = [{k: s[k] for k in ("index", "start", "end", "text")} for s in sentences]
    data["mentions"] = mention_records
    data["events"] = event_records
    data["quotes"] = quote_records
    return from_dict(Article, data)
