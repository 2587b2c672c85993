"""The database engine and sessions. Work commits at its edge (a request, a job, a CLI
command) through `session_scope`; services never commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from dondoc.core.config import get_settings


def utcnow() -> datetime:
    """Timezone-aware now; naive datetimes are never stored."""
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # SQLite enforces foreign keys only when asked, per connection
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            # wait for another writer (a job, another officer) instead of failing at once
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.close()
            # pysqlite opens transactions on its own and breaks SAVEPOINT; let SQLAlchemy do it
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # IMMEDIATE takes the write lock when the transaction starts, waiting for it (above):
            # a deferred transaction that reads and then writes after another writer committed
            # fails at once with "database is locked". The embedded database trades concurrency
            # for that safety; PostgreSQL is the choice for many simultaneous users.
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().sqlalchemy_url)


def get_sessionmaker() -> sessionmaker[Session]:
    # every table must be known before the first query (foreign keys cross the domains): the entry
    # points import dondoc.models (the application, the command line, the demo, Alembic's env)
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


def ping(session: Session) -> str:
    """Ask the database for nothing; the name of its dialect (the health check)."""
    session.execute(text("SELECT 1"))
    return session.get_bind().dialect.name


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work for a CLI command or a job: commit on success, roll back on error."""
    session = get_sessionmaker()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
