"""The database engine and sessions. Work commits at its edge (a request, a job, a CLI
command) through `session_scope`; services never commit.

A unit of work says whether it writes (`session_scope(write=...)`; a request: by its method). On
SQLite a writer begins with BEGIN IMMEDIATE, a reader with a deferred BEGIN and may not write; on
PostgreSQL a reader's transaction is READ ONLY, so a write in a reader fails the same way on both."""

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

# The execution option that marks the engine a reading unit of work is bound to (`reader`); on
# SQLite also the key under which a pooled connection remembers whether it is set to read only.
READ_ONLY = "dondoc_read_only"


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
            cursor.execute(f"PRAGMA busy_timeout={int(get_settings().sqlite_busy_seconds * 1000)}")
            cursor.close()
            # pysqlite opens transactions on its own and breaks SAVEPOINT; let SQLAlchemy do it
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            read_only = bool(connection.get_execution_options().get(READ_ONLY))
            # A reader may not write (query_only): a deferred transaction that has read cannot take
            # the write lock once another writer has committed — "database is locked" at once,
            # which busy_timeout does not cure. The pooled connection remembers its setting, so
            # the pragma runs only when a connection goes from readers to writers or back.
            pooled = connection.connection.info
            if pooled.get(READ_ONLY, False) != read_only:
                connection.exec_driver_sql(f"PRAGMA query_only={'ON' if read_only else 'OFF'}")
                pooled[READ_ONLY] = read_only
            if read_only:
                # A reader takes no lock: in WAL mode it reads the last commit while a writer
                # works, and a writer never waits for it.
                connection.exec_driver_sql("BEGIN")
            else:
                # A writer takes the one write lock when it starts, waiting for it (busy_timeout,
                # above), so it never fails half-way for another writer. Writers take turns on
                # SQLite; PostgreSQL is the choice for many simultaneous writers.
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=get_settings().db_pool_size)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().sqlalchemy_url)


@lru_cache
def reader(engine: Engine) -> Engine:
    """The same engine (its pool, its events) for units of work that only read."""
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True  # reset when the connection goes back to the pool
    return engine.execution_options(**options)


def get_sessionmaker(*, write: bool = True) -> sessionmaker[Session]:
    """Sessions for units of work that write (the default), or that only read (`write=False`)."""
    # every table must be known before the first query (foreign keys cross the domains): the entry
    # points import dondoc.models (the application, the command line, the demo, Alembic's env)
    engine = get_engine()
    return sessionmaker(bind=engine if write else reader(engine), expire_on_commit=False)


def ping(session: Session) -> str:
    """Ask the database for nothing; the name of its dialect (the health check)."""
    session.execute(text("SELECT 1"))
    return session.get_bind().dialect.name


@contextmanager
def session_scope(*, write: bool = True) -> Iterator[Session]:
    """A unit of work for a request, a CLI command or a job: commit on success, roll back on error.
    `write=False` for one that only reads (a GET): on SQLite it waits for no writer, and any write
    in it fails."""
    session = get_sessionmaker(write=write)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
