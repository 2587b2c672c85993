"""The outbox and the iCalendar feed over HTTP: coordinators read the outbox; an agency's signed
feed address gives its open task deadlines and report due days; a reporter cannot take another
agency's feed (refused and audited); a forged address is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import select

from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.deps import get_session
from dondoc.notify.service import decide_reminders
from dondoc.reporting.service import generate_periods


@pytest.fixture()
def app_and_people(session) -> Iterator[tuple[TestClient, dict]]:
    plan = make_active_plan(session)
    generate_periods(session, plan, actor="test")
    finance = agency_named(session, "Sở Tài chính")
    police = agency_named(session, "Công an tỉnh")
    make_user(
        session,
        username="tai-chinh",
        role="reporter",
        agency_id=finance.id,
        password="mat-khau-8",
        email="taichinh@example.vn",
    )
    make_user(session, username="dieu-phoi", role="coordinator", password="mat-khau-8")
    app = create_app()

    def _session():
        yield session

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as client:
        yield client, {"finance": finance, "police": police}


def _as(client: TestClient, username: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": username, "password": "mat-khau-8"}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def test_calendar_feed_of_an_agency(app_and_people) -> None:
    client, agencies = app_and_people
    link = client.get(f"/api/agencies/{agencies['finance'].id}/calendar", headers=_as(client, "tai-chinh"))
    assert link.status_code == 200
    path = link.json()["url"].split("://", 1)[1].split("/", 1)[1]
    feed = client.get("/" + path)  # no sign-in: calendar applications cannot
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(feed.content).walk("VEVENT")
    summaries = {str(e["SUMMARY"]): e["DTSTART"].dt for e in events}
    # Sở Tài chính leads III.27 (due 31/12/2026) and owes the June 2025 monthly report (due 15/06/2025).
    assert summaries["Hạn nhiệm vụ III.27 — Kế hoạch 103/KH-UBND"] == date(2026, 12, 31)
    assert summaries["Hạn gửi báo cáo Tháng 6/2025 — Kế hoạch 103/KH-UBND"] == date(2025, 6, 15)


def test_a_forged_calendar_address_is_refused(app_and_people) -> None:
    client, _ = app_and_people
    forged = client.get("/api/calendar/eyJhZ2VuY3kiOjF9.bogus.ics")
    assert forged.status_code == 404 and forged.json()["detail_en"] == "Invalid calendar address"


def test_a_reporter_cannot_take_another_agencys_feed(session, app_and_people) -> None:
    client, agencies = app_and_people
    refused = client.get(f"/api/agencies/{agencies['police'].id}/calendar", headers=_as(client, "tai-chinh"))
    assert refused.status_code == 403
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "refused")) is not None


def test_the_outbox_for_coordinators_only(session, app_and_people) -> None:
    client, _ = app_and_people
    decide_reminders(session, date(2025, 6, 17))
    outbox = client.get("/api/notifications", params={"unsent": True}, headers=_as(client, "dieu-phoi"))
    assert outbox.status_code == 200
    rows = outbox.json()
    assert rows and all(r["recipient"] == "taichinh@example.vn" and r["sent_at"] is None for r in rows)
    assert {r["kind"] for r in rows} == {"overdue", "report_missing"}
    assert client.get("/api/notifications", headers=_as(client, "tai-chinh")).status_code == 403
