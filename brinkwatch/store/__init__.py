"""The durable store: articles and everything coded from them, in SQLite (default) or PostgreSQL.

store = open_store("brinkwatch.db")              # or "postgresql://user@host/dbname"
for found in store.events(EventQuery(actor="ISR", min_certainty="reported")):
    print(found.event.type, found.url)
"""

from __future__ import annotations

from brinkwatch.store.base import AddResult, Failure, FeedState, Signature, Store, StoryStats
from brinkwatch.store.engine import DEFAULT_DB, normalise_url
from brinkwatch.store.query import (
    CERTAINTY_RANK,
    ActorCount,
    ArticleQuery,
    EventQuery,
    StoredArticle,
    certainty_rank,
)
from brinkwatch.store.rows import StoryLink
from brinkwatch.store.sql import SqlStore, open_store

__all__ = [
    "CERTAINTY_RANK",
    "DEFAULT_DB",
    "ActorCount",
    "AddResult",
    "ArticleQuery",
    "EventQuery",
    "Failure",
    "FeedState",
    "Signature",
    "SqlStore",
    "Store",
    "StoredArticle",
    "StoryLink",
    "StoryStats",
    "certainty_rank",
    "normalise_url",
    "open_store",
]
