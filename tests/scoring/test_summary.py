"""The stored figures of the dashboard and the ranking (scoring/summary.py): the same figures as
computed live, marked stale by the write that changes them (in its own transaction), computed
again by the refresh job, shown with the time they were computed; a row of another day, or one
being computed, is never shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from dondoc.app import create_app
from dondoc.core.config import get_settings
from dondoc.core.db import utcnow
from dondoc.deps import get_session
from dondoc.plans.models import Plan
from dondoc.reporting.models import Period
from dondoc.reporting.service import generate_periods, open_report, submit
from dondoc.scoring import repository
from dondoc.scoring.models import PlanFigures
from dondoc.scoring.summary import claim_next, compute, store, summaries, to_data

PASSWORD = "mat-khau-8"


def refresh_all(session: Session) -> int:
    """What the refresh job does, in the test's unit of work."""
    today, done = get_settings().today(), 0
    while (plan_id := claim_next(session, today)) is not None:
        store(session, plan_id, today)
        done += 1
    return done


def row_of(session: Session, plan: Plan) -> PlanFigures:
    row = session.scalar(select(PlanFigures).where(PlanFigures.plan_id == plan.id))
    assert row is not None
    session.refresh(row)
    return row


@pytest.fixture()
def world(session: Session) -> Iterator[dict]:
    plan = make_active_plan(session)
    generate_periods(session, plan, actor="test")
    make_user(session, username="quoc-gia", role="viewer", password=PASSWORD)
    make_user(session, username="xem-gia-lai", role="viewer", province="Gia Lai", password=PASSWORD)
    app = create_app()

    def _session() -> Iterator[Session]:
        yield session

    app.dependency_overrides[get_session] = _session
    yield {"app": app, "plan": plan}


def page(world: dict, path: str, username: str = "quoc-gia") -> str:
    client = TestClient(world["app"])
    signed = client.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
    assert signed.status_code == 303
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    return answer.text


def current_period(session: Session, plan: Plan) -> Period:
    summary = compute(session, plan, get_settings().today())
    assert summary.period is not None
    period = session.get(Period, summary.period.id)
    assert period is not None
    return period


def test_stored_figures_are_the_live_figures(session: Session, world: dict) -> None:
    plan = world["plan"]
    today = get_settings().today()
    live = to_data(compute(session, plan, today))
    assert live["ranking"], "the plan has agencies to rank"
    assert refresh_all(session) >= 1
    row = row_of(session, plan)
    assert (row.as_of, row.stale, row.data) == (today, False, live)
    (read,) = summaries(session, [plan], today)
    assert read.computed_at == row.computed_at and to_data(read) == live
    assert refresh_all(session) == 0  # nothing changed: nothing to compute


def test_a_report_sent_marks_the_figures_stale_until_they_are_computed_again(
    session: Session, world: dict
) -> None:
    plan = world["plan"]
    refresh_all(session)
    before = row_of(session, plan).data
    finance = agency_named(session, "Sở Tài chính")
    report = open_report(session, current_period(session, plan), finance, actor="test")
    assert row_of(session, plan).stale  # a draft opened: its rows are written, the figures may move
    refresh_all(session)
    submit(session, report, report.version, actor="test")
    session.flush()
    assert row_of(session, plan).stale
    # Until the job runs, the pages show the figures as they were, and say so.
    text = page(world, "/")
    assert "Số liệu tính lúc" in text and "đang cập nhật số liệu mới" in text
    assert refresh_all(session) == 1
    after = row_of(session, plan)
    assert not after.stale and after.data["reports"][1] == before["reports"][1] + 1  # one more received
    assert after.data == to_data(compute(session, plan, get_settings().today()))
    assert "đang cập nhật số liệu mới" not in page(world, "/")


def test_figures_of_another_day_or_being_computed_are_not_shown(session: Session, world: dict) -> None:
    plan = world["plan"]
    today = get_settings().today()
    refresh_all(session)
    row = row_of(session, plan)
    row.as_of = today - timedelta(days=1)
    row.data = {**row.data, "task_counts": {**row.data["task_counts"], "overdue": 999_999}}
    session.flush()
    (read,) = summaries(session, [plan], today)
    assert read.computed_at is None and read.task_counts["overdue"] != 999_999  # computed live
    assert plan.id in repository.plans_to_refresh(session, today, 10)
    assert "Số liệu tính ngay khi mở trang" in page(world, "/")
    # A refresh that claimed the row and died before writing it leaves no day on it.
    assert claim_next(session, today) == plan.id
    session.flush()
    (read,) = summaries(session, [plan], today)
    assert read.computed_at is None and plan.id in repository.plans_to_refresh(session, today, 10)


def test_the_dashboard_and_ranking_show_the_stored_figures(session: Session, world: dict) -> None:
    plan = world["plan"]
    refresh_all(session)
    row = row_of(session, plan)
    # Stored figures are what the pages show (a stand-in count proves where the page read them).
    row.data = {**row.data, "task_counts": {**row.data["task_counts"], "overdue": 4321}}
    first = row.data["ranking"][0]
    first["score"] = 12.3
    session.flush()
    dashboard = page(world, "/")
    assert re.search(r'<b class="bad">4321</b>', dashboard)
    assert "Số liệu tính lúc" in dashboard
    ranking = page(world, "/ranking")
    assert "12,3" in ranking and "Số liệu tính lúc" in ranking


def test_a_national_user_filters_by_province_and_a_province_user_has_no_filter(
    session: Session, world: dict
) -> None:
    national = page(world, "/")
    assert '<select id="province-filter" name="province">' in national
    assert f'<option value="{world["plan"].scope_province}"' in national
    assert 'id="province-filter"' not in page(world, "/", "xem-gia-lai")
    assert 'id="province-filter"' in page(world, "/?province=Gia+Lai&page=abc")
    assert "Trang 1/1" not in national  # one page: no pager


def test_a_write_holds_its_plans_figures_until_it_commits(engine: Engine) -> None:
    """A refresh cannot claim a plan while a write to it is not committed (it would compute the
    figures without that write and call them fresh): the write's mark holds the figures row, even
    a row that was stale already, and the claim waits for it."""
    with engine.connect() as writer, engine.connect() as refresher:
        write = Session(bind=writer)
        try:
            plan = write.scalars(select(Plan).where(Plan.status == "active")).first()
            assert plan is not None
            write.execute(update(PlanFigures).where(PlanFigures.plan_id == plan.id).values(stale=True))
            plan.tasks[0].title = f"{plan.tasks[0].title} (sửa)"
            write.flush()  # the task's plan marked stale (its row already was): the row is held
            if engine.dialect.name == "postgresql":
                refresher.exec_driver_sql("SET lock_timeout = '300ms'")
            else:  # on the driver's connection: through SQLAlchemy it would begin (and wait) first
                raw = refresher.connection.driver_connection
                assert raw is not None
                raw.execute("PRAGMA busy_timeout = 300")
            claim = Session(bind=refresher)
            with pytest.raises(OperationalError):
                repository.claim_refresh(claim, plan.id, utcnow())
                claim.flush()
            claim.rollback()
        finally:
            write.rollback()
            write.close()
