"""Units of work that read and units that write (dondoc/core/db.py), on the project's own engine.

On SQLite a reader begins a deferred transaction, so a GET reads the last commit while a writer
holds the write lock, instead of waiting for it; a writer begins with BEGIN IMMEDIATE, so writers
that read and then write take turns and none fails with "database is locked". A reader may not
write, on SQLite as on PostgreSQL (the one test here that runs on both). The SQLite tests commit
for real, on a database file of their own."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from own_database import OwnDatabase, own_database
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import dondoc.core.db
from dondoc.agencies.models import Agency
from dondoc.core.db import make_engine, session_scope
from dondoc.plans.models import Plan

WRITERS = READERS = 8


@pytest.fixture()
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OwnDatabase]:
    yield from own_database(tmp_path, monkeypatch)


@pytest.fixture()
def tally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A SQLite file opened by `make_engine` with one counter in it; `session_scope` opens its
    units of work there."""
    engine = make_engine(f"sqlite:///{tmp_path / 'tally.db'}")
    monkeypatch.setattr(dondoc.core.db, "get_engine", lambda: engine)
    with session_scope() as session:
        session.execute(text("CREATE TABLE tally (n INTEGER NOT NULL)"))
        session.execute(text("INSERT INTO tally (n) VALUES (0)"))
    yield engine
    engine.dispose()


def plan_count(client: TestClient, own: OwnDatabase) -> int:
    answer = client.get("/api/plans", headers=own.auth)
    assert answer.status_code == 200, answer.text
    return answer.json()["total"]


def test_a_get_reads_the_last_commit_while_a_write_transaction_is_open(own: OwnDatabase) -> None:
    with TestClient(own.app) as client, session_scope() as writer:
        writer.add(Plan(source_file="ke-hoach.pdf", sha256="a" * 64, status="draft"))
        writer.flush()  # the write lock is held from here to the commit
        # Were the GET's transaction to wait for the lock, it would answer after busy_timeout
        # (15 s) with "database is locked"; it answers at once, without the uncommitted plan.
        assert client.get("/api/health").json()["database"] == "ok"
        assert plan_count(client, own) == 0
    with TestClient(own.app) as client:
        assert plan_count(client, own) == 1


def test_writers_that_read_then_write_all_land_while_readers_read(tally: Engine) -> None:
    barrier = threading.Barrier(WRITERS + READERS)
    errors: list[BaseException] = []
    seen: list[int] = []

    def add_one() -> None:
        barrier.wait()
        try:
            with session_scope() as session:
                n = session.scalar(text("SELECT n FROM tally"))
                # Between the read and the write the others are trying to write: a deferred
                # transaction here would fail with "database is locked", or lose an update.
                time.sleep(0.01)
                session.execute(text("UPDATE tally SET n = :n"), {"n": n + 1})
        except BaseException as exc:
            errors.append(exc)

    def read() -> None:
        barrier.wait()
        try:
            with session_scope(write=False) as session:
                seen.append(session.scalar(text("SELECT n FROM tally")))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=add_one) for _ in range(WRITERS)]
    threads += [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with session_scope(write=False) as session:
        assert session.scalar(text("SELECT n FROM tally")) == WRITERS  # no update lost
    assert len(seen) == READERS and all(0 <= n <= WRITERS for n in seen)


def test_a_connection_that_served_a_reader_writes_again(tally: Engine) -> None:
    with session_scope(write=False) as session:
        assert session.scalar(text("SELECT n FROM tally")) == 0
    assert tally.pool.checkedin() == 1  # the writer below gets the reader's connection back
    with session_scope() as session:
        session.execute(text("UPDATE tally SET n = 1"))
    with session_scope(write=False) as session:
        assert session.scalar(text("SELECT n FROM tally")) == 1


def test_a_reader_may_not_write(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the shared test database of either dialect: the write fails, so nothing is kept."""
    monkeypatch.setattr(dondoc.core.db, "get_engine", lambda: engine)
    code = "test-reader-may-not-write"
    with pytest.raises(DBAPIError) as refused, session_scope(write=False) as session:
        session.add(Agency(code=code, name="Sở Chỉ đọc", kind="provincial_department"))
        session.flush()
    # SQLite: "attempt to write a readonly database"; PostgreSQL: "… in a read-only transaction"
    assert "readonly database" in str(refused.value) or "read-only transaction" in str(refused.value)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Agency).where(Agency.code == code)) == 0
