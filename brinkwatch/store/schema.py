"""The SQL schema of the store, as SQLAlchemy Core tables shared by SQLite and PostgreSQL.

Every record keeps its queryable fields as columns and its full serialised form in a JSON `record`
column, so fields that later stages add to the data model are stored without a migration. The
Alembic migrations in `brinkwatch/store/migrations` create exactly these tables; a test compares
the two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect

__all__ = [
    "UTCDateTime",
    "actors",
    "articles",
    "chain_links",
    "claims",
    "events",
    "failures",
    "feeds",
    "mentions",
    "metadata",
    "quotes",
    "sentences",
    "sightings",
    "stories",
]


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC: SQLite keeps no offset, so we normalise on the way in."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)  # the data model's datetimes are UTC when no offset is given
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 64  # article ids are 16 hex characters today; room for longer hashes later
CASCADE = "CASCADE"

stories = Table(
    "stories",
    metadata,
    Column("id", String(ID), primary_key=True),  # the id of the story's first article
    Column("first_seen", UTCDateTime(), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("url", Text),
    Column("outlet", Text),
    Column("original_outlet", Text),
    Column("title", Text),
    Column("byline", Text),
    Column("dateline", Text),
    Column("published_at", UTCDateTime(), index=True),
    Column("fetched_at", UTCDateTime()),
    Column("stored_at", UTCDateTime(), nullable=False),
    Column("language", String(16), nullable=False),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("words", Integer, nullable=False),
    Column("story_id", String(ID), ForeignKey("stories.id"), index=True),
    # A near-duplicate or syndicated copy of an earlier article: kept, linked, never counted twice.
    Column("is_copy", Boolean, nullable=False, default=False),
    Column("similarity", Float),  # estimated Jaccard similarity to the story's first article
    Column("signature", LargeBinary),  # MinHash values, to rebuild the near-duplicate index on open
    Column("error_count", Integer, nullable=False, default=0),
    Column("record", JSON, nullable=False),  # the remaining Article fields (removed, errors, new ones)
    # Write order, 1, 2, 3... (NULL for articles stored before migration 0003): a writer reads the
    # signatures stored since its last write, another ingest's included, inside its own transaction.
    # Unique, so two writers can never both take a number without one seeing the other's article.
    Column("seq", Integer),
)

# Every place an article was read from; an exact copy read again adds a sighting, not an article.
sightings = Table(
    "sightings",
    metadata,
    Column("source_key", Text, primary_key=True),
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete=CASCADE), nullable=False, index=True),
    Column("url", Text),
    Column("outlet", Text),
    Column("seen_at", UTCDateTime(), nullable=False),
)

sentences = Table(
    "sentences",
    metadata,
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete=CASCADE), primary_key=True),
    Column("index", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete=CASCADE), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("code", String(32), index=True),
    Column("name", Text),
    Column("country", String(8)),
    Column("sentence_index", Integer),
    Column("record", JSON, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("affiliation", String(32)),
    Column("record", JSON, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", String(2 * ID), primary_key=True),
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete=CASCADE), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("type", String(32), nullable=False, index=True),
    Column("mode", String(64)),
    Column("actor_code", String(32), index=True),
    Column("actor_text", Text),
    Column("recipient_code", String(32), index=True),
    Column("recipient_text", Text),
    Column("cameo", String(8)),
    Column("goldstein", Float),
    Column("quad_class", Integer),
    Column("intensity", Float),
    Column("certainty", String(16), nullable=False),
    Column("certainty_rank", Integer, nullable=False, index=True),
    # The day the event happened when known, else the day the article was published.
    Column("event_date", Date, index=True),
    Column("place", Text),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("dead", Integer),
    Column("injured", Integer),
    Column("sentence_index", Integer),
    Column("record", JSON, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("event_id", String(2 * ID), ForeignKey("events.id", ondelete=CASCADE), primary_key=True),
    Column("certainty", String(16), nullable=False),
    Column("perpetrator", String(16)),
    Column("cues", JSON, nullable=False),
)

chain_links = Table(
    "chain_links",
    metadata,
    Column("event_id", String(2 * ID), ForeignKey("claims.event_id", ondelete=CASCADE), primary_key=True),
    Column("position", Integer, primary_key=True),  # 0 is the outermost link (the outlet)
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("code", String(32)),
    Column("named", Boolean, nullable=False),
    Column("verb", Text),
)

quotes = Table(
    "quotes",
    metadata,
    Column("article_id", String(ID), ForeignKey("articles.id", ondelete=CASCADE), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("speaker_code", String(32)),
    Column("speaker_text", Text),
    Column("verb", Text),
    Column("direct", Boolean, nullable=False),
    Column("record", JSON, nullable=False),
)

# Inputs that did not become an article (unreadable file, empty row, failed fetch), by source key.
failures = Table(
    "failures",
    metadata,
    Column("source_key", Text, primary_key=True),
    Column("error", String(64), nullable=False),
    Column("message", Text, nullable=False),
    Column("failed_at", UTCDateTime(), nullable=False),
)

# Conditional-GET state of each watched feed.
feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("polled_at", UTCDateTime()),
    Column("status", Integer),
    Column("error", Text),
)

Index("ix_events_actor_recipient", events.c.actor_code, events.c.recipient_code)
Index("ix_articles_seq", articles.c.seq, unique=True)
# A list filtered by type and both codes reads matches off this index alone, and a type sorted by
# Goldstein walks the second one in order and stops after a page (docs/api.md, "Latency").
Index(
    "ix_events_type_actor_recipient", events.c.type, events.c.actor_code, events.c.recipient_code, events.c.event_date
)
Index("ix_events_type_goldstein", events.c.type, events.c.goldstein, events.c.id)
