"""Database URLs and engines: a SQLite file in WAL mode by default, PostgreSQL through psycopg 3.

SQLite's Python driver opens transactions lazily and never for DDL, which breaks atomic per-article
writes and transactional migrations; we take transactions over (BEGIN ourselves, IMMEDIATE for
writes so two writers queue on the busy timeout instead of failing on a lock upgrade).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from brinkwatch.errors import ConfigurationError

__all__ = ["DEFAULT_DB", "WRITE", "make_engine", "normalise_url", "redact"]

DEFAULT_DB = "brinkwatch.db"
WRITE = {"brinkwatch_write": True}  # execution option: this transaction will write
_BUSY_TIMEOUT_MS = 60_000


def normalise_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from a file path, sqlite:/// URL or postgresql:// URL (psycopg 3 driver)."""
    text = str(db or DEFAULT_DB)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    scheme, rest = text.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    if scheme not in ("sqlite", "postgresql+psycopg"):
        raise ConfigurationError(
            f"unsupported database URL scheme {scheme!r} in {redact(text)!r}; use a file path, "
            "sqlite:///path/to/brinkwatch.db or postgresql://user@host/dbname"
        )
    return text


def redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(db: str | Path | None) -> Engine:
    url = normalise_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(f"cannot read database URL {redact(url)!r}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not Path(database).parent.is_dir():
            raise ConfigurationError(f"folder {Path(database).parent} does not exist; create it or pick another --db")
        engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000})
        _take_over_sqlite_transactions(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _take_over_sqlite_transactions(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we send BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        # NORMAL in WAL mode: a commit survives a killed process; only a power cut may lose the last ones.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("brinkwatch_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
