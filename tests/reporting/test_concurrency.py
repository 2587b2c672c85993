"""Parallel writers on one report, on PostgreSQL (the production database; CI runs this with
DONDOC_TEST_DATABASE_URL): of the writers quoting the same version exactly one wins, the others
get a conflict and write nothing; retried with the new version, every change lands — no item is
lost. The data here is committed for real (each writer has its own connection), so it is built
with its own rows and deleted afterwards."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.plans.models import Assignment, Plan, Task
from dondoc.reporting.models import Period, Report
from dondoc.reporting.schemas import ItemIn, ReportUpdate
from dondoc.reporting.service import ReportError, open_report, update_report

WRITERS = 6


@pytest.fixture()
def committed_report(engine: Engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("row-level concurrency is checked on PostgreSQL (set DONDOC_TEST_DATABASE_URL)")
    with Session(engine) as session:
        agency = Agency(
            code="concurrency-test-agency", name="Sở Thử nghiệm đồng thời", kind="provincial_department"
        )
        plan = Plan(source_file="concurrency.txt", sha256="c" * 64, status="active")
        session.add_all([agency, plan])
        session.flush()
        for n in range(WRITERS):
            task = Task(plan_id=plan.id, code=f"T{n}", title=f"Nhiệm vụ {n}", search_text="")
            session.add(task)
            session.flush()
            session.add(
                Assignment(task_id=task.id, agency_id=agency.id, name_as_written=agency.name, role="lead")
            )
        period = Period(
            plan_id=plan.id,
            frequency="monthly",
            key="2026-01",
            label="Tháng 1/2026",
            cutoff_start=date(2025, 12, 15),
            cutoff_end=date(2026, 1, 14),
            due=date(2026, 1, 15),
        )
        session.add(period)
        session.flush()
        report = open_report(session, period, agency, actor="test")
        tasks = [i.task_id for i in report.items]
        session.commit()
        ids = (report.id, plan.id, agency.id)
    yield ids, tasks
    with Session(engine) as session:
        session.execute(delete(Plan).where(Plan.id == ids[1]))  # cascades to periods, reports, items
        session.execute(delete(Agency).where(Agency.id == ids[2]))
        session.commit()


def _write(
    engine: Engine, report_id: int, version: int, task_id: int, text: str, barrier, results, n
) -> None:
    with Session(engine) as session:
        report = session.get(Report, report_id)
        assert report is not None
        _ = report.items  # everyone has read the report before anyone writes
        barrier.wait()
        try:
            body = ReportUpdate(version=version, items=[ItemIn(task_id=task_id, narrative=text, progress=50)])
            update_report(session, report, body, actor=f"writer-{n}")
            session.commit()
            results[n] = "ok"
        except ReportError as exc:
            session.rollback()
            results[n] = 409 if exc.kind == "conflict" else exc.kind


def _run_writers(engine: Engine, report_id: int, versions: list[int], tasks: list[int], tag: str) -> list:
    barrier = threading.Barrier(len(versions))
    results: list = [None] * len(versions)
    threads = [
        threading.Thread(
            target=_write, args=(engine, report_id, versions[n], tasks[n], f"{tag}-{n}", barrier, results, n)
        )
        for n in range(len(versions))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_parallel_writers_one_wins_per_version_and_nothing_is_lost(engine: Engine, committed_report) -> None:
    (report_id, _plan_id, _agency_id), tasks = committed_report
    results = _run_writers(engine, report_id, [1] * WRITERS, tasks, "lan-1")
    assert results.count("ok") == 1 and results.count(409) == WRITERS - 1
    winner = results.index("ok")
    with Session(engine) as session:
        report = session.get(Report, report_id)
        assert report is not None and report.version == 2
        written = {i.task_id: i.narrative for i in report.items}
    # Only the winner's change is there; no loser wrote half of its change.
    assert written == {t: (f"lan-1-{winner}" if t == tasks[winner] else None) for t in tasks}

    # The losers reload and try again one after another: each lands on the version it read.
    losers = [n for n in range(WRITERS) if n != winner]
    for n in losers:
        with Session(engine) as session:
            version = session.scalar(select(Report.version).where(Report.id == report_id))
            assert version is not None
        assert _run_writers(engine, report_id, [version], [tasks[n]], "lan-2") == ["ok"]
    with Session(engine) as session:
        report = session.get(Report, report_id)
        assert report is not None and report.version == 2 + len(losers)
        written = {i.task_id: i.narrative for i in report.items}
    assert written[tasks[winner]] == f"lan-1-{winner}"
    assert {n: written[tasks[n]] for n in losers} == {n: "lan-2-0" for n in losers}  # one writer each: n = 0
