"""Shared fixtures: a "world" built once per worker, and a session per test inside a transaction
that is rolled back afterwards.

The world is a template database migrated with the real Alembic scripts, with the reference
registry seeded and plan 103 imported and activated (tests/factories.py, `build_world`),
committed. Each worker's working database is a copy of it — a file copy on SQLite,
`CREATE DATABASE … TEMPLATE` on PostgreSQL — so the 0.3–0.5 s of seeding and the 0.4 s of
importing that most tests need are paid once per worker instead of once per test. A second copy,
taken after the migrations and before the seeding, is the empty database for the tests that must
start from nothing: mark them `empty_database` (their `session` is then on it), or take
`empty_database_url` / `empty_engine` for work on the database itself.

The database is a temporary SQLite file, or the PostgreSQL server named by
DONDOC_TEST_DATABASE_URL (CI sets it), so the same tests run on both.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# A test run, before any setting is read: the cheapest argon2 parameters (settings refuse them
# outside DONDOC_ENVIRONMENT=test), so that the thousands of users the tests make cost nothing.
os.environ.setdefault("DONDOC_ENVIRONMENT", "test")
os.environ.setdefault("DONDOC_PASSWORD_HASHING", "minimal")

import pytest
from factories import build_world
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session

import dondoc.models  # noqa: F401 — every table known to the mappers
from dondoc.core.db import make_engine
from dondoc.core.migrate import upgrade

# Tests that reach the database through these fixtures are marked `db`; the PostgreSQL pass of
# `make test` runs only them (the pure ones give the same answer on any database).
DATABASE_FIXTURES = {
    "databases",
    "database_url",
    "engine",
    "session",
    "empty_database_url",
    "empty_engine",
}
EMPTY = "empty_database"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{EMPTY}: the test's `session` is on a migrated database with nothing in it (no registry, "
        "no plan), not on the seeded world",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


@dataclass(frozen=True)
class Databases:
    """The worker's two working databases: the world's copy, and the empty one."""

    world: str
    empty: str


def _server_url() -> str | None:
    url = os.environ.get("DONDOC_TEST_DATABASE_URL")
    if url and url.startswith("postgresql://"):
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return url


def _fill_world(url: str) -> None:
    """Seed the registry and import the world's plans into the database at `url`, committed. The
    engine is disposed before returning: a database is copied only once nobody holds it open."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            build_world(session)
            session.commit()
    finally:
        engine.dispose()


def _sqlite_databases(folder: Path) -> Databases:
    template, world, empty = (folder / name for name in ("template.db", "test.db", "empty.db"))
    upgrade("head", url=f"sqlite:///{template}")
    shutil.copyfile(template, empty)
    _fill_world(f"sqlite:///{template}")
    # The engine runs in WAL mode: what is not yet checkpointed lives beside the file and a copy
    # of the file alone would miss it. SQLite folds the log back in when the last connection
    # closes (the dispose above); say so loudly if it ever did not.
    leftover = template.with_name(template.name + "-wal")
    assert not leftover.exists() or leftover.stat().st_size == 0, f"{leftover} still holds writes"
    shutil.copyfile(template, world)
    return Databases(world=f"sqlite:///{world}", empty=f"sqlite:///{empty}")


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Databases]:
    """Each pytest-xdist worker (`make test` runs one per core) builds its own world and copies:
    SQLite files in its own temporary folder, or PostgreSQL databases named after the worker
    beside the one given (`<db>_<worker>`, `<db>_<worker>_template`, `<db>_<worker>_empty`),
    dropped at the end."""
    given = _server_url()
    if not given:
        yield _sqlite_databases(tmp_path_factory.mktemp("db"))
        return
    if not given.startswith("postgresql"):
        # the copies are made the way PostgreSQL makes them; no other server is run in CI
        raise pytest.UsageError(f"DONDOC_TEST_DATABASE_URL must name a PostgreSQL database: {given}")
    base = make_url(given)
    own = base.set(database=f"{base.database}_{worker_id}")
    template = base.set(database=f"{own.database}_template")
    empty = base.set(database=f"{own.database}_empty")
    names = [str(db.database) for db in (own, template, empty)]
    # CREATE/DROP DATABASE cannot run inside a transaction; the server connection is to the
    # database given, which must exist (the copies need a database that is not the template).
    server = create_engine(base, isolation_level="AUTOCOMMIT")

    def create(name: str, source: str | None = None) -> None:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            copy = f' TEMPLATE "{source}"' if source else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))

    try:
        create(names[1])
        # Alembic's engine has no pool (migrations/env.py): nothing stays connected to the
        # template, which PostgreSQL requires of a database copied with TEMPLATE.
        upgrade("head", url=template.render_as_string(hide_password=False))
        create(names[2], source=names[1])
        _fill_world(template.render_as_string(hide_password=False))
        create(names[0], source=names[1])
        yield Databases(
            world=own.render_as_string(hide_password=False),
            empty=empty.render_as_string(hide_password=False),
        )
    finally:
        with server.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(scope="session")
def database_url(databases: Databases) -> str:
    """The worker's copy of the world: registry seeded, plan 103 active."""
    return databases.world


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def empty_database_url(databases: Databases) -> str:
    """A migrated database with no row in it (the migration tests take it down and up again)."""
    return databases.empty


@pytest.fixture(scope="session")
def empty_engine(empty_database_url: str) -> Iterator[Engine]:
    eng = make_engine(empty_database_url)
    yield eng
    eng.dispose()


@pytest.fixture()
def session(request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session whose work, commits included, is undone after the test (savepoint pattern): on
    the world, or on the empty database for a test marked `empty_database`."""
    marked = request.node.get_closest_marker(EMPTY) is not None
    bound: Engine = request.getfixturevalue("empty_engine" if marked else "engine")
    connection = bound.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()
