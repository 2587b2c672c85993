"""Shared fixtures: a database migrated with the real Alembic scripts once per run, and a
session per test inside a transaction that is rolled back afterwards.

The database is a temporary SQLite file, or the PostgreSQL database named by
DONDOC_TEST_DATABASE_URL (CI sets it), so the same tests run on both.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# A test run, before any setting is read: the cheapest argon2 parameters (settings refuse them
# outside DONDOC_ENVIRONMENT=test), so that the thousands of users the tests make cost nothing.
os.environ.setdefault("DONDOC_ENVIRONMENT", "test")
os.environ.setdefault("DONDOC_PASSWORD_HASHING", "minimal")

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

import dondoc.models  # noqa: F401 — every table known to the mappers
from dondoc.core.db import make_engine
from dondoc.core.migrate import downgrade, upgrade

# Tests that reach the database through these fixtures are marked `db`; the PostgreSQL pass of
# `make test` runs only them (the pure ones give the same answer on any database).
DATABASE_FIXTURES = {"database_url", "engine", "session"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def _url(tmp_root: Path) -> str:
    url = os.environ.get("DONDOC_TEST_DATABASE_URL")
    if url:
        return (
            url.replace("postgresql://", "postgresql+psycopg://", 1)
            if url.startswith("postgresql://")
            else url
        )
    return f"sqlite:///{tmp_root / 'test.db'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[str]:
    """Each pytest-xdist worker (`make test` runs one per core) has its own database: a SQLite file in its
    own temporary folder, or a PostgreSQL database named after the worker beside the one given."""
    url = _url(tmp_path_factory.mktemp("db"))
    if worker_id == "master" or not url.startswith("postgresql"):
        yield url
        return
    base = make_url(url)
    own = base.set(database=f"{base.database}_{worker_id}")
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}"'))
        connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    try:
        yield own.render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    downgrade("base", url=database_url)  # a database left by an earlier run starts empty
    upgrade("head", url=database_url)
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture()
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work, commits included, is undone after the test (savepoint pattern)."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()
