"""The RBAC matrix of the reporting cycle's writes: admin, coordinator, a reporter of the agency
that owns the report (Sở Tài chính), a reporter of another agency (Công an tỉnh) and a viewer,
against every write endpoint. A refusal is a 403 problem+json, is audited, and leaves the report
as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from sqlalchemy import select

from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.deps import get_session
from dondoc.plans.models import Task
from dondoc.reporting.models import Period, Report
from dondoc.reporting.service import generate_periods, open_report

PASSWORD = "mat-khau-8"
USERS = ("admin", "coordinator", "reporter-own", "reporter-other", "viewer")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Who may do what; every other user is refused.
WRITES = {
    "generate_periods": ("admin", "coordinator"),
    "adjust_period": ("admin", "coordinator"),
    "record_event": ("admin", "coordinator"),
    "open_report": ("admin", "coordinator", "reporter-own"),
    "edit_report": ("admin", "coordinator", "reporter-own"),
    "submit_report": ("admin", "coordinator", "reporter-own"),
    "attach_evidence": ("admin", "coordinator", "reporter-own"),
    "add_part": ("admin", "coordinator", "reporter-own"),
    "review_report": ("admin", "coordinator"),
}


@pytest.fixture()
def world(session, tmp_path, monkeypatch) -> Iterator[tuple[TestClient, dict]]:
    monkeypatch.setenv("DONDOC_FILES_DIR", str(tmp_path))
    from dondoc.core.config import get_settings

    get_settings.cache_clear()
    plan = make_active_plan(session)
    periods = generate_periods(session, plan, actor="test")
    finance = agency_named(session, "Sở Tài chính")
    police = agency_named(session, "Công an tỉnh")
    for name in USERS:
        role = "reporter" if name.startswith("reporter") else name
        agency = {"reporter-own": finance.id, "reporter-other": police.id}.get(name)
        make_user(session, username=name, role=role, password=PASSWORD, agency_id=agency)
    june = next(p for p in periods if p.key == "2025-06" and p.frequency == "monthly")
    report = open_report(session, june, finance, actor="test")
    # A task Sở Tài chính coordinates but does not lead: its part can be added to the report.
    part = next(
        t
        for t in plan.tasks
        if any(a.agency_id == finance.id and a.role == "coordinating" for a in t.assignments)
        and t.id not in {i.task_id for i in report.items}
    )
    event_task = next(t for t in plan.tasks if t.deadline_kind == "event")
    app = create_app()

    def _session():
        yield session

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as client:
        yield (
            client,
            {
                "plan": plan,
                "period": june,
                "report": report,
                "finance": finance,
                "part": part,
                "event_task": event_task,
            },
        )
    get_settings.cache_clear()


def _headers(client: TestClient, username: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": username, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _call(client: TestClient, session, write: str, headers: dict, w: dict):
    report: Report = w["report"]
    period: Period = w["period"]
    item = report.items[0]
    if write == "generate_periods":
        return client.post(
            f"/api/plans/{w['plan'].id}/periods",
            headers=headers,
            json={"frequency": "quarterly", "due_day": 20},
        )
    if write == "adjust_period":
        return client.patch(f"/api/periods/{period.id}", headers=headers, json={"due": "2025-06-20"})
    if write == "record_event":
        return client.post(
            f"/api/tasks/{w['event_task'].id}/event",
            headers=headers,
            json={"event_date": "2026-04-01", "days": 30},
        )
    if write == "open_report":
        return client.post(
            f"/api/periods/{period.id}/reports", headers=headers, json={"agency": "Sở Tài chính"}
        )
    if write == "edit_report":
        return client.patch(
            f"/api/reports/{report.id}",
            headers=headers,
            json={
                "version": report.version,
                "items": [{"task_id": item.task_id, "status": "in_progress", "progress": 40}],
            },
        )
    if write == "submit_report":
        return client.post(
            f"/api/reports/{report.id}/submit", headers=headers, json={"version": report.version}
        )
    if write == "attach_evidence":
        return client.post(
            f"/api/reports/{report.id}/items/{item.id}/attachments",
            headers=headers,
            files={"file": ("quyet-dinh.pdf", PDF, "application/pdf")},
        )
    if write == "add_part":
        return client.post(
            f"/api/reports/{report.id}/parts",
            headers=headers,
            json={"task_id": w["part"].id, "version": report.version},
        )
    assert write == "review_report"
    report.status = "submitted"  # as if sent: the review itself is what is checked
    session.flush()
    return client.post(
        f"/api/reports/{report.id}/review",
        headers=headers,
        json={"version": report.version, "decision": "return", "comment": "Bổ sung số liệu"},
    )


def _snapshot(session, w: dict) -> tuple:
    report: Report = w["report"]
    session.refresh(report)
    period: Period = w["period"]
    session.refresh(period)
    task = session.get(Task, w["event_task"].id)
    return (
        report.version,
        report.status,
        len(report.items),
        len(report.items[0].attachments),
        [(i.status, i.progress) for i in report.items],
        period.due,
        task.event_date if task else None,
        session.query(Period).count(),
    )


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("write", sorted(WRITES))
def test_reporting_rbac_matrix(world, session, user: str, write: str) -> None:
    client, w = world
    headers = _headers(client, user)
    before = _snapshot(session, w)
    response = _call(client, session, write, headers, w)
    if user in WRITES[write]:
        assert response.status_code in (200, 201), response.text
        return
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] and response.json()["detail_en"]
    refusal = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "refused", AuditEvent.actor_name == user)
    ).all()
    assert refusal, "a refusal is audited"
    if write != "review_report":  # that case marks the report submitted before calling
        assert _snapshot(session, w) == before
