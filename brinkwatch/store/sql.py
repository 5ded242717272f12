"""The Store on SQLAlchemy: one implementation for SQLite files and PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from brinkwatch.errors import ConfigurationError, InputNotFoundError
from brinkwatch.model import Article, Event, EventRecord
from brinkwatch.serialize import from_dict
from brinkwatch.store import schema as t
from brinkwatch.store.base import AddResult, Failure, FeedState, Signature, SignatureIndex, StoryStats
from brinkwatch.store.engine import DEFAULT_DB, WRITE, make_engine, redact
from brinkwatch.store.migrate import current_revision, upgrade
from brinkwatch.store.query import (
    ActorCount,
    ArticleQuery,
    EventQuery,
    StoredArticle,
    actor_counts_select,
    article_select,
    event_record,
    event_select,
)
from brinkwatch.store.rows import StoryLink, article_from_rows, article_rows

__all__ = ["SqlStore", "open_store"]

_ATTEMPTS = 5  # an insert that lost a race to another writer is tried again, with what that writer stored
_TURN = ".brinkwatch.new_article"  # the advisory lock's name, after the schema's (see _take_writers_turn)


def open_store(db: str | Path | None = None, *, create: bool = True) -> SqlStore:
    """Open (and create or migrate) the store at a file path or database URL; default ./brinkwatch.db.

    With create=False (the query commands) a missing store is an InputNotFoundError, not a new empty
    one: a mistyped --db would otherwise leave a stray file behind and print an empty table.
    """
    engine = make_engine(db)
    if not create and not _holds_store(engine):
        engine.dispose()
        shown = redact(str(db or DEFAULT_DB))
        raise InputNotFoundError(
            f"no store at {shown}; run brinkwatch ingest first (brinkwatch ingest FILES --db {shown})"
        )
    return SqlStore(engine)


def _holds_store(engine: Engine) -> bool:
    """Whether the database exists and a brinkwatch migration has run in it (without creating anything)."""
    if engine.url.get_backend_name() == "sqlite":
        database = engine.url.database or ""
        if database in ("", ":memory:") or not Path(database).is_file():
            return False
        try:
            return current_revision(engine) is not None
        except DatabaseError:  # a file that is not a SQLite database
            return False
    try:
        return current_revision(engine) is not None
    except OperationalError as exc:
        raise _unreachable(engine, exc) from exc


def _unreachable(engine: Engine, exc: OperationalError) -> ConfigurationError:
    return ConfigurationError(
        f"cannot open the database {redact(str(engine.url))}: {exc.orig}; check that the server runs, "
        "the database exists and the user may create tables"
    )


class SqlStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer = engine.execution_options(**WRITE)
        try:
            upgrade(engine)
        except OperationalError as exc:
            raise _unreachable(engine, exc) from exc

    @property
    def url(self) -> str:
        return redact(str(self._engine.url))

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- writing ---------------------------------------------------------------------------------

    def add(
        self,
        article: Article,
        *,
        source_key: str,
        link: Callable[[], StoryLink],
        signature: bytes | None = None,
        index: SignatureIndex | None = None,
    ) -> AddResult:
        for _ in range(_ATTEMPTS - 1):
            try:
                return self._add(article, source_key, link, signature, index)
            except IntegrityError:
                # Another writer stored the same article, or took the same write order number, between
                # our check and our insert: the next attempt sees its article.
                continue
        return self._add(article, source_key, link, signature, index)

    def _add(
        self,
        article: Article,
        source_key: str,
        link: Callable[[], StoryLink],
        signature: bytes | None,
        index: SignatureIndex | None,
    ) -> AddResult:
        now = datetime.now(UTC)
        sighting = {
            "source_key": source_key,
            "article_id": article.id,
            "url": article.url,
            "outlet": article.outlet,
            "seen_at": now,
        }
        with self._writer.begin() as conn:
            exists = conn.execute(select(t.articles.c.id).where(t.articles.c.id == article.id)).first()
            if exists is None:
                _take_writers_turn(conn)
                if index is not None:
                    index.catch_up(_signatures_after(conn, index.seen))
                chosen = link()
                article.story_id = chosen.story_id
                if not chosen.is_copy:
                    _insert_ignore(conn, t.stories, [{"id": chosen.story_id, "first_seen": now}])
                rows = article_rows(article, chosen, signature=signature, stored_at=now)
                rows.article["seq"] = conn.execute(
                    select(func.coalesce(func.max(t.articles.c.seq), 0) + 1)
                ).scalar_one()
                conn.execute(t.articles.insert(), [rows.article])
                for table, items in (
                    (t.sentences, rows.sentences),
                    (t.mentions, rows.mentions),
                    (t.events, rows.events),
                    (t.claims, rows.claims),
                    (t.chain_links, rows.chain_links),
                    (t.quotes, rows.quotes),
                ):
                    if items:
                        conn.execute(table.insert(), items)
                _insert_ignore(conn, t.actors, rows.actors)
            _insert_ignore(conn, t.sightings, [sighting])
            conn.execute(delete(t.failures).where(t.failures.c.source_key == source_key))
        return "added" if exists is None else "exists"

    def add_failure(self, source_key: str, error: str, message: str) -> None:
        with self._writer.begin() as conn:
            conn.execute(delete(t.failures).where(t.failures.c.source_key == source_key))
            conn.execute(
                t.failures.insert(),
                [{"source_key": source_key, "error": error, "message": message, "failed_at": datetime.now(UTC)}],
            )

    def save_feed_state(self, state: FeedState) -> None:
        with self._writer.begin() as conn:
            conn.execute(delete(t.feeds).where(t.feeds.c.url == state.url))
            conn.execute(
                t.feeds.insert(),
                [
                    {
                        "url": state.url,
                        "etag": state.etag,
                        "last_modified": state.last_modified,
                        "polled_at": state.polled_at,
                        "status": state.status,
                        "error": state.error,
                    }
                ],
            )

    # -- reading ---------------------------------------------------------------------------------

    def known_sources(self) -> set[str]:
        with self._engine.connect() as conn:
            return set(conn.scalars(select(t.sightings.c.source_key)))

    def signatures(self) -> Iterator[Signature]:
        with self._engine.connect() as conn:
            yield from _signatures_after(conn, None)

    def get_article(self, article_id: str) -> Article | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            return _article(conn, dict(row))

    def events(self, query: EventQuery) -> Iterator[EventRecord]:
        with self._engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(event_select(query)):
                yield event_record(row, from_dict(Event, row.record))

    def articles(self, query: ArticleQuery) -> Iterator[StoredArticle]:
        with self._engine.connect() as conn:
            for article_id, is_copy, similarity, seen, found in conn.execute(article_select(query)).all():
                row = conn.execute(select(t.articles).where(t.articles.c.id == article_id)).mappings().one()
                yield StoredArticle(_article(conn, dict(row)), bool(is_copy), similarity, seen, found)

    def actors(self) -> list[ActorCount]:
        with self._engine.connect() as conn:
            return [
                ActorCount(code, name, mentioned, acting, acted_upon)
                for code, name, mentioned, acting, acted_upon in conn.execute(actor_counts_select())
            ]

    def story_stats(self) -> dict[str, StoryStats]:
        statement = select(
            t.articles.c.story_id, func.count(), func.count(func.distinct(func.coalesce(t.articles.c.outlet, "")))
        ).group_by(t.articles.c.story_id)
        with self._engine.connect() as conn:
            return {story: StoryStats(count, outlets) for story, count, outlets in conn.execute(statement) if story}

    def failures(self) -> list[Failure]:
        columns = (t.failures.c.source_key, t.failures.c.error, t.failures.c.message, t.failures.c.failed_at)
        with self._engine.connect() as conn:
            return [Failure(*row) for row in conn.execute(select(*columns).order_by(t.failures.c.source_key))]

    def feed_state(self, url: str) -> FeedState:
        with self._engine.connect() as conn:
            row = conn.execute(select(t.feeds).where(t.feeds.c.url == url)).mappings().first()
        return FeedState(**dict(row)) if row is not None else FeedState(url)

    def counts(self) -> dict[str, int]:
        with self._engine.connect() as conn:
            return {
                table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for table in t.metadata.sorted_tables
            }

    def close(self) -> None:
        self._engine.dispose()


def _article(conn: Connection, row: dict[str, Any]) -> Article:
    article_id = row["id"]
    sentences = conn.execute(
        select(t.sentences).where(t.sentences.c.article_id == article_id).order_by(t.sentences.c.index)
    ).mappings()
    records = []
    for table in (t.mentions, t.events, t.quotes):
        statement = select(table.c.record).where(table.c.article_id == article_id).order_by(table.c.position)
        records.append(list(conn.scalars(statement)))
    return article_from_rows(row, [dict(s) for s in sentences], *records)


def _signatures_after(conn: Connection, seen: int | None) -> Iterator[Signature]:
    """Signatures of stored articles, in write order; with `seen`, only those written after it."""
    statement = select(t.articles.c.id, t.articles.c.story_id, t.articles.c.signature, t.articles.c.seq).where(
        t.articles.c.signature.is_not(None)
    )
    if seen is not None:
        statement = statement.where(t.articles.c.seq > seen).order_by(t.articles.c.seq)
    for article_id, story_id, values, seq in conn.execute(statement):
        yield Signature(article_id, story_id or article_id, bytes(values), seq)


def _take_writers_turn(conn: Connection) -> None:
    """Wait until no other transaction is storing a new article, and hold the turn until commit.

    SQLite's BEGIN IMMEDIATE already gave this transaction the one write lock. PostgreSQL lets writers
    run side by side; two of them would each miss the other's uncommitted article and both start a
    story, so they queue on a transaction-level advisory lock named after this schema.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(func.current_schema() + _TURN))))


def _insert_ignore(conn: Connection, table: Table, items: list[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: the row may exist already (a rerun, another writer)."""
    if not items:
        return
    dialect = conn.dialect.name
    if dialect == "sqlite":
        conn.execute(sqlite.insert(table).on_conflict_do_nothing(), items)
    elif dialect == "postgresql":
        conn.execute(postgresql.insert(table).on_conflict_do_nothing(), items)
    else:  # pragma: no cover - normalise_url admits only the two
        raise ConfigurationError(f"unsupported database {dialect!r}; use SQLite or PostgreSQL")
