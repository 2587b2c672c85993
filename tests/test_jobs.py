"""Scheduled jobs run once per interval across processes: each `dondoc serve` process runs the
same loop, and only the one that claims an interval's slot runs the job. Here two "processes" are
two threads with units of work of their own on the shared test database's engine, reaching the
same interval at once; the next interval runs the job again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session, sessionmaker

import dondoc.jobs
from dondoc.jobs import ScheduledJob, run_due, slot_of
from dondoc.scheduling.models import JobSlot

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


@pytest.fixture()
def counted(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """A job that counts its runs; units of work on the test database that really commit."""
    runs: list[int] = []
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    @contextmanager
    def scope() -> Iterator[Session]:
        with factory.begin() as session:
            yield session

    monkeypatch.setattr(dondoc.jobs, "session_scope", scope)
    monkeypatch.setattr(dondoc.jobs, "SCHEDULED_JOBS", (ScheduledJob("counted", lambda: runs.append(1)),))
    yield runs
    with factory.begin() as session:
        session.execute(delete(JobSlot).where(JobSlot.job == "counted"))


def test_two_processes_reaching_the_same_interval_run_the_job_once(counted: list[int]) -> None:
    start = threading.Barrier(2)
    ran: list[list[str]] = []

    def process() -> None:
        start.wait()
        ran.append(run_due(60, NOW))

    threads = [threading.Thread(target=process) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(counted) == 1
    assert sorted(len(r) for r in ran) == [0, 1]


def test_the_next_interval_runs_again_and_a_late_process_does_not(counted: list[int]) -> None:
    assert run_due(60, NOW) == ["counted"]
    assert run_due(60, NOW + timedelta(minutes=59)) == []  # the same hour: already run
    assert run_due(60, NOW + timedelta(minutes=60)) == ["counted"]
    assert len(counted) == 2


def test_slots_count_whole_intervals() -> None:
    assert (
        slot_of(NOW, 60) == slot_of(NOW + timedelta(minutes=59), 60) != slot_of(NOW + timedelta(hours=1), 60)
    )
