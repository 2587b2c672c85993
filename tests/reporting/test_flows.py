"""The reporting flows: a report sent through the API tells the coordinators it waits for
review (those of its plan's province, else the national ones); a report returned tells its
agency's reporters why; a report sent again after a return is announced again; accepting one
writes no message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.app import create_app
from dondoc.deps import get_session
from dondoc.notify.models import Notification
from dondoc.plans.models import Plan
from dondoc.reporting import flows
from dondoc.reporting.models import Period
from dondoc.reporting.service import generate_periods, open_report, review

PASSWORD = "mat-khau-8"


@pytest.fixture()
def period(session: Session) -> Period:
    plan = make_active_plan(session)
    generate_periods(session, plan, actor="test")
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    make_user(session, username="dp-1", role="coordinator", email="dp1@so.gov.vn", password=PASSWORD)
    make_user(session, username="dp-2", role="coordinator", email=None, password=PASSWORD)  # no mail
    make_user(
        session,
        username="bc-1",
        role="reporter",
        agency_id=science.id,
        email="bc1@so.gov.vn",
        password=PASSWORD,
    )
    session.flush()
    return session.scalars(select(Period).where(Period.plan_id == plan.id).order_by(Period.due)).first()


def _messages(session: Session, kind: str) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.kind == kind)))


def test_sent_returned_sent_again_accepted(session: Session, period: Period) -> None:
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    report = open_report(session, period, science, actor="bc-1")

    flows.submit_report(session, report, report.version, actor="bc-1")
    sent = _messages(session, "report_sent")
    assert [m.recipient for m in sent] == ["dp1@so.gov.vn"]  # the coordinator without mail is skipped
    assert science.name in sent[0].subject and f"/reports/{report.id}" in sent[0].body

    flows.review_report(session, report, report.version, "return", "Bổ sung số liệu giải ngân", actor="dp-1")
    returned = _messages(session, "report_returned")
    assert [m.recipient for m in returned] == ["bc1@so.gov.vn"]
    assert "Bổ sung số liệu giải ngân" in returned[0].body

    flows.submit_report(session, report, report.version, actor="bc-1")
    assert len(_messages(session, "report_sent")) == 2  # sent again: announced again

    flows.review_report(session, report, report.version, "accept", None, actor="dp-1")
    assert len(_messages(session, "report_returned")) == 1
    assert len(_messages(session, "report_sent")) == 2


def test_the_api_submit_goes_through_the_flow(session: Session, period: Period) -> None:
    session.commit()
    app = create_app()

    def _session() -> Iterator[Session]:
        yield session
        session.commit()

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as client:
        token = client.post("/api/auth/token", data={"username": "bc-1", "password": PASSWORD}).json()
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        opened = client.post(f"/api/periods/{period.id}/reports", headers=auth)
        assert opened.status_code == 201, opened.text
        body = opened.json()
        answer = client.post(
            f"/api/reports/{body['id']}/submit", json={"version": body["version"]}, headers=auth
        )
    assert answer.status_code == 200, answer.text
    assert [m.recipient for m in _messages(session, "report_sent")] == ["dp1@so.gov.vn"]


def test_a_sent_report_tells_the_coordinators_of_its_plans_province(session: Session, period: Period) -> None:
    plan = session.get(Plan, period.plan_id)
    assert plan is not None
    province = plan.scope_province or "Tỉnh Thử"
    plan.scope_province = province
    make_user(session, username="dp-here", role="coordinator", email="here@so.gov.vn", province=province)
    make_user(session, username="dp-there", role="coordinator", email="there@so.gov.vn", province="Tỉnh Khác")
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    report = open_report(session, period, science, actor="bc-1")
    flows.submit_report(session, report, report.version, actor="bc-1")
    # the province's coordinator only: not another province's, nor the national one (dp-1)
    assert [m.recipient for m in _messages(session, "report_sent")] == ["here@so.gov.vn"]


def test_a_sent_report_of_a_province_without_coordinators_tells_the_national_ones(
    session: Session, period: Period
) -> None:
    plan = session.get(Plan, period.plan_id)
    assert plan is not None
    plan.scope_province = "Tỉnh Vắng"
    # a coordinator of the province who cannot be told (no address, or gone) does not count
    make_user(session, username="dp-mute", role="coordinator", email=None, province="Tỉnh Vắng")
    gone = make_user(
        session, username="dp-gone", role="coordinator", email="gone@so.gov.vn", province="Tỉnh Vắng"
    )
    gone.is_active = False
    make_user(session, username="dp-there", role="coordinator", email="there@so.gov.vn", province="Tỉnh Khác")
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    report = open_report(session, period, science, actor="bc-1")
    flows.submit_report(session, report, report.version, actor="bc-1")
    assert [m.recipient for m in _messages(session, "report_sent")] == ["dp1@so.gov.vn"]  # the national one
    # sent again after a return: told again (the key names the version), never twice for one sending
    review(session, report, report.version, "return", "Bổ sung", actor="dp-1")
    flows.submit_report(session, report, report.version, actor="bc-1")
    assert [m.recipient for m in _messages(session, "report_sent")] == ["dp1@so.gov.vn"] * 2
