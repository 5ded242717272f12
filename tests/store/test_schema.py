from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from brinkwatch.errors import ConfigurationError
from brinkwatch.store import SqlStore, normalise_url, open_store
from brinkwatch.store.migrate import current_revision, head_revision
from brinkwatch.store.schema import metadata


def test_schema_migrations_build_exactly_the_declared_tables(store: SqlStore) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_schema_store_is_at_the_newest_migration(store: SqlStore) -> None:
    assert current_revision(store.engine) == head_revision()


def test_schema_sqlite_file_runs_in_wal_mode(tmp_path: Path) -> None:
    store = open_store(tmp_path / "wal.db")
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    finally:
        store.close()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h:5433/db", "postgresql+psycopg://u@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_schema_database_urls_are_normalised(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_schema_plain_path_becomes_an_absolute_sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert normalise_url("news.db") == f"sqlite:///{tmp_path / 'news.db'}"
    assert normalise_url(None) == f"sqlite:///{tmp_path / 'brinkwatch.db'}"


@pytest.mark.parametrize(
    ("db", "message"),
    [("mysql://u@h/db", "unsupported database URL scheme"), ("/no/such/folder/x.db", "does not exist")],
)
def test_schema_bad_database_is_a_clear_error(db: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        open_store(db)


def test_schema_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="cannot open the database"):
        open_store("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")
