"""The reporting cycle and the evaluation over HTTP (FastAPI's TestClient on the real app, bound to
the test session): periods, an agency's report from draft to accepted under optimistic
concurrency, refusals answered as problem+json and audited, field-named validation errors,
indicator value checks, evidence uploads, coordinating parts, event tasks and the plan's
evaluation, and bad input leaving the database as it was (row counts before and after)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

import filetype
import pytest
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from fpdf import FPDF
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.agencies.service import answerable_ids
from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.core.config import get_settings
from dondoc.deps import get_session
from dondoc.plans.models import Plan, Task
from dondoc.reporting.models import IndicatorValue, Period, Report, ReportItem
from dondoc.reporting.schemas import ReportUpdate, ValueIn
from dondoc.reporting.service import generate_periods, open_report, review, submit, update_report

PASSWORD = "mat-khau-8"
PROBLEM = "application/problem+json"


@dataclass
class World:
    client: TestClient
    session: Session
    plan: Plan
    finance: Agency
    police: Agency
    science: Agency
    tokens: dict[str, dict[str, str]] = field(default_factory=dict)

    def auth(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            r = self.client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
            assert r.status_code == 200, r.text
            self.tokens[username] = {"Authorization": f"Bearer {r.json()['access_token']}"}
        return self.tokens[username]

    def period(self, key: str, frequency: str = "monthly") -> Period:
        found = self.session.scalar(
            select(Period).where(
                Period.plan_id == self.plan.id, Period.frequency == frequency, Period.key == key
            )
        )
        assert found is not None, key
        return found

    def task(self, code: str) -> Task:
        return next(t for t in self.plan.tasks if t.code == code)

    def target_id(self, code: str) -> int:
        return next(t.id for i in self.plan.indicators if i.code == code for t in i.targets)


@pytest.fixture()
def bare(session: Session) -> Iterator[World]:
    """Plan 103/KH-UBND active, no periods yet; a coordinator, a viewer and three reporters."""
    plan = make_active_plan(session)
    finance = agency_named(session, "Sở Tài chính")
    police = agency_named(session, "Công an tỉnh")
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    make_user(session, username="dieu-phoi", role="coordinator", password=PASSWORD)
    make_user(session, username="nguoi-xem", role="viewer", password=PASSWORD)
    for username, agency in (("bc-tc", finance), ("bc-ca", police), ("bc-khcn", science)):
        make_user(session, username=username, role="reporter", agency_id=agency.id, password=PASSWORD)
    session.commit()  # a failed request rolls back to here, as the real request scope would
    app = create_app()

    def _session() -> Iterator[Session]:  # mirrors session_scope: commit, or roll back on error
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        else:
            session.commit()

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as client:
        yield World(client, session, plan, finance, police, science)


@pytest.fixture()
def world(bare: World) -> World:
    generate_periods(bare.session, bare.plan, actor="test")
    bare.session.commit()
    return bare


@pytest.fixture()
def upload_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[None]:
    """A 1 MB upload limit and a files directory under tmp_path, restored afterwards."""
    monkeypatch.setenv("DONDOC_MAX_UPLOAD_MB", "1")
    monkeypatch.setenv("DONDOC_FILES_DIR", str(tmp_path / "files"))
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["detail"] and body["detail_en"]
    return body


def open_as(w: World, username: str, period: Period, agency: str | None = None) -> dict:
    body = {"agency": agency} if agency else None
    r = w.client.post(f"/api/periods/{period.id}/reports", json=body, headers=w.auth(username))
    assert r.status_code == 201, r.text
    return r.json()


def row_counts(session: Session) -> tuple[int, ...]:
    def count(model, *where) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    return (
        count(Report),
        count(ReportItem),
        count(IndicatorValue),
        count(AuditEvent, AuditEvent.action != "refused"),
    )


def refusals(session: Session, username: str) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == "refused", AuditEvent.actor_name == username)
    return list(session.scalars(stmt.order_by(AuditEvent.id)))


def small_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Minh chung hoan thanh nhiem vu")
    return bytes(pdf.output())


# --- periods ----------------------------------------------------------------------------------


def test_only_a_coordinator_generates_periods_by_duty_or_by_chosen_frequency(bare: World) -> None:
    url = f"/api/plans/{bare.plan.id}/periods"
    for username in ("bc-tc", "nguoi-xem"):
        body = problem(bare.client.post(url, headers=bare.auth(username)), 403)
        assert body["detail_en"].startswith("Role ")
        assert refusals(bare.session, username)[-1].after["path"] == url
    assert bare.client.get(url, headers=bare.auth("bc-tc")).json() == []

    quarterly = bare.client.post(
        url, json={"frequency": "quarterly", "due_day": 20}, headers=bare.auth("dieu-phoi")
    )
    assert quarterly.status_code == 201, quarterly.text
    assert quarterly.json() and {p["frequency"] for p in quarterly.json()} == {"quarterly"}
    assert all(p["due"].endswith("-20") for p in quarterly.json())

    from_duties = bare.client.post(url, headers=bare.auth("dieu-phoi"))
    assert from_duties.status_code == 201, from_duties.text
    # the quarterly periods made above are kept as they are; months and years come from the duties
    assert {p["frequency"] for p in from_duties.json()} == {"monthly", "yearly"}
    listed = bare.client.get(url, headers=bare.auth("nguoi-xem")).json()
    assert len(listed) == len(quarterly.json()) + len(from_duties.json())
    problem(bare.client.get("/api/plans/987654/periods", headers=bare.auth("nguoi-xem")), 404)


def test_coordinator_moves_a_due_date_and_a_reversed_cutoff_names_the_field(world: World) -> None:
    june = world.period("2025-06")
    url = f"/api/periods/{june.id}"
    moved = world.client.patch(url, json={"due": "2025-06-20"}, headers=world.auth("dieu-phoi"))
    assert moved.status_code == 200, moved.text
    assert moved.json()["due"] == "2025-06-20" and moved.json()["adjusted"] is True
    reversed_cutoff = world.client.patch(
        url, json={"cutoff_start": "2025-07-01", "cutoff_end": "2025-06-01"}, headers=world.auth("dieu-phoi")
    )
    assert problem(reversed_cutoff, 422)["field"] == "cutoff_start"
    problem(world.client.patch(url, json={"due": "2025-06-25"}, headers=world.auth("bc-tc")), 403)
    world.session.refresh(june)
    assert (june.cutoff_start, june.cutoff_end, june.due) == (
        date(2025, 5, 15),
        date(2025, 6, 14),
        date(2025, 6, 20),
    )


# --- reports: workflow ------------------------------------------------------------------------


def test_report_goes_from_draft_to_returned_to_accepted_with_versions(world: World) -> None:
    june = world.period("2025-06")
    report = open_as(world, "bc-tc", june)
    assert (report["agency_id"], report["status"], report["version"]) == (world.finance.id, "draft", 1)
    assert report["items"] and all(i["role"] == "lead" for i in report["items"])
    assert open_as(world, "bc-tc", june)["id"] == report["id"]  # opening again fetches it
    url = f"/api/reports/{report['id']}"
    reporter, coordinator = world.auth("bc-tc"), world.auth("dieu-phoi")
    assert world.client.get(url, headers=reporter).json()["version"] == 1

    task_id = report["items"][0]["task_id"]
    change = {"task_id": task_id, "status": "in_progress", "progress": 40, "narrative": "Đang triển khai"}
    edited = world.client.patch(url, json={"version": 1, "items": [change]}, headers=reporter)
    assert edited.status_code == 200, edited.text
    item = next(i for i in edited.json()["items"] if i["task_id"] == task_id)
    assert (item["status"], item["progress"], item["narrative"]) == ("in_progress", 40.0, "Đang triển khai")
    assert edited.json()["version"] == 2

    sent = world.client.post(f"{url}/submit", json={"version": 2}, headers=reporter)
    assert (sent.json()["status"], sent.json()["version"]) == ("submitted", 3)
    assert "items" not in sent.json()  # the new state only: the items did not change
    returned = world.client.post(
        f"{url}/review",
        json={"version": 3, "decision": "return", "comment": "Bổ sung số liệu"},
        headers=coordinator,
    )
    assert returned.status_code == 200, returned.text
    assert (returned.json()["status"], returned.json()["version"]) == ("returned", 4)
    assert returned.json()["review_comment"] == "Bổ sung số liệu"
    assert returned.json()["reviewed_by"] == "dieu-phoi"

    fix = {"task_id": task_id, "status": "completed", "completed_on": "2025-06-10"}
    fixed = world.client.patch(url, json={"version": 4, "items": [fix]}, headers=reporter)
    assert fixed.json()["version"] == 5
    assert next(i for i in fixed.json()["items"] if i["task_id"] == task_id)["progress"] == 100.0
    resent = world.client.post(f"{url}/submit", json={"version": 5}, headers=reporter)
    assert (resent.json()["status"], resent.json()["version"]) == ("submitted", 6)
    accepted = world.client.post(
        f"{url}/review", json={"version": 6, "decision": "accept"}, headers=coordinator
    )
    assert (accepted.json()["status"], accepted.json()["version"]) == ("accepted", 7)
    problem(world.client.patch(url, json={"version": 7, "items": [change]}, headers=reporter), 409)


def test_report_list_shows_a_reporter_only_its_own_agency(world: World) -> None:
    june = world.period("2025-06")
    mine = open_as(world, "bc-tc", june)
    theirs = open_as(world, "dieu-phoi", june, agency="Công an tỉnh")
    assert theirs["agency_id"] == world.police.id
    params = {"plan": world.plan.id, "agency": world.police.id}
    as_reporter = world.client.get("/api/reports", params=params, headers=world.auth("bc-tc")).json()
    assert [r["id"] for r in as_reporter] == [mine["id"]]
    everyone = world.client.get("/api/reports", params={"period": june.id}, headers=world.auth("nguoi-xem"))
    assert {r["id"] for r in everyone.json()} == {mine["id"], theirs["id"]}


# --- reports: refusals ------------------------------------------------------------------------


def test_another_agencys_reporter_is_refused_audited_and_changes_nothing(world: World) -> None:
    june = world.period("2025-06")
    report = open_as(world, "bc-tc", june)
    url = f"/api/reports/{report['id']}"
    intruder = world.auth("bc-ca")
    change = {"version": 1, "items": [{"task_id": report["items"][0]["task_id"], "progress": 90}]}
    attempts = [
        world.client.get(url, headers=intruder),
        world.client.patch(url, json=change, headers=intruder),
        world.client.post(f"{url}/submit", json={"version": 1}, headers=intruder),
        world.client.post(
            f"/api/periods/{june.id}/reports", json={"agency": "Sở Tài chính"}, headers=intruder
        ),
    ]
    for response in attempts:
        problem(response, 403)
    assert attempts[0].json()["detail_en"] == "This report belongs to another agency"
    audited = refusals(world.session, "bc-ca")
    assert [(e.after["method"], e.after["path"]) for e in audited] == [
        ("GET", url),
        ("PATCH", url),
        ("POST", f"{url}/submit"),
        ("POST", f"/api/periods/{june.id}/reports"),
    ]
    assert all(e.entity == "request" and e.after["role"] == "reporter" for e in audited)
    assert world.client.get(url, headers=world.auth("dieu-phoi")).json() == report


def test_viewer_may_not_edit_or_review_and_reporter_may_not_review(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    url = f"/api/reports/{report['id']}"
    decision = {"version": 1, "decision": "accept"}
    problem(world.client.patch(url, json={"version": 1}, headers=world.auth("nguoi-xem")), 403)
    problem(world.client.post(f"{url}/review", json=decision, headers=world.auth("nguoi-xem")), 403)
    problem(world.client.post(f"{url}/review", json=decision, headers=world.auth("bc-tc")), 403)
    problem(world.client.post(f"{url}/submit", json={"version": 1}, headers=world.auth("nguoi-xem")), 403)
    assert len(refusals(world.session, "nguoi-xem")) == 3 and len(refusals(world.session, "bc-tc")) == 1
    assert world.client.get(url, headers=world.auth("nguoi-xem")).json() == report


def test_coordinator_opening_a_report_must_name_the_agency(world: World) -> None:
    url = f"/api/periods/{world.period('2025-06').id}/reports"
    assert problem(world.client.post(url, headers=world.auth("dieu-phoi")), 422)["field"] == "agency"
    unknown = world.client.post(url, json={"agency": "Sở Không Tồn Tại"}, headers=world.auth("dieu-phoi"))
    assert problem(unknown, 404)["field"] == "agency"
    problem(world.client.post(url, headers=world.auth("nguoi-xem")), 403)


# --- reports: validation ----------------------------------------------------------------------


def test_progress_above_100_is_refused_naming_the_field(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    change = {"version": 1, "items": [{"task_id": report["items"][0]["task_id"], "progress": 150}]}
    r = world.client.patch(f"/api/reports/{report['id']}", json=change, headers=world.auth("bc-tc"))
    body = problem(r, 422)
    assert body["errors"][0]["field"] == "items[0].progress"
    assert "items[0].progress" in body["detail"] and "items[0].progress" in body["detail_en"]


def test_not_feasible_without_a_reason_is_refused(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    change = {"version": 1, "items": [{"task_id": report["items"][0]["task_id"], "status": "not_feasible"}]}
    r = world.client.patch(f"/api/reports/{report['id']}", json=change, headers=world.auth("bc-tc"))
    body = problem(r, 422)
    assert body["field"] == body["errors"][0]["field"] == "items[0].reason"
    assert "reason" in body["errors"][0]["message_en"]
    assert world.client.get(f"/api/reports/{report['id']}", headers=world.auth("bc-tc")).json() == report


def test_unknown_task_is_refused_as_items_0_task_id_and_nothing_is_saved(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    change = {"version": 1, "items": [{"task_id": 987654, "progress": 10}]}
    r = world.client.patch(f"/api/reports/{report['id']}", json=change, headers=world.auth("bc-tc"))
    assert problem(r, 422)["field"] == "items[0].task_id"
    assert world.client.get(f"/api/reports/{report['id']}", headers=world.auth("bc-tc")).json() == report


def test_stale_version_conflicts_and_keeps_the_first_writers_change(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    url, task_id = f"/api/reports/{report['id']}", report["items"][0]["task_id"]
    first = {"version": 1, "items": [{"task_id": task_id, "narrative": "Người thứ nhất"}]}
    assert world.client.patch(url, json=first, headers=world.auth("bc-tc")).status_code == 200
    saved = world.client.get(url, headers=world.auth("bc-tc")).json()
    second = {"version": 1, "items": [{"task_id": task_id, "narrative": "Người thứ hai"}]}
    body = problem(world.client.patch(url, json=second, headers=world.auth("dieu-phoi")), 409)
    assert body["field"] == "version" and "version 2" in body["detail_en"]
    assert world.client.get(url, headers=world.auth("bc-tc")).json() == saved


def test_submitting_twice_conflicts_and_returning_needs_a_comment(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    url = f"/api/reports/{report['id']}"
    assert (
        world.client.post(f"{url}/submit", json={"version": 1}, headers=world.auth("bc-tc")).status_code
        == 200
    )
    again = world.client.post(f"{url}/submit", json={"version": 2}, headers=world.auth("bc-tc"))
    assert problem(again, 409)["field"] == "status"
    bare_return = {"version": 2, "decision": "return"}
    body = problem(world.client.post(f"{url}/review", json=bare_return, headers=world.auth("dieu-phoi")), 422)
    assert body["field"] == "comment" and "comment" in body["errors"][0]["message_en"]
    after = world.client.get(url, headers=world.auth("bc-tc")).json()
    assert (after["status"], after["version"], after["review_comment"]) == ("submitted", 2, None)


# --- indicator values -------------------------------------------------------------------------


@pytest.fixture()
def science_july(world: World) -> tuple[World, dict]:
    """Sở KH&CN's June report (I.7 = 10% GRDP, I.3 = rank 30) accepted; its July report open."""
    june = open_report(world.session, world.period("2025-06"), world.science, actor="test")
    values = [
        ValueIn(target_id=world.target_id("I.7"), value=10.0),
        ValueIn(target_id=world.target_id("I.3"), value=30),
    ]
    update_report(world.session, june, ReportUpdate(version=1, values=values), actor="test")
    submit(world.session, june, june.version, actor="test")
    review(world.session, june, june.version, "accept", None, actor="test")
    world.session.commit()
    july = open_as(world, "bc-khcn", world.period("2025-07"))
    assert {v["target_id"] for v in july["values"]} >= {world.target_id("I.7"), world.target_id("I.3")}
    return world, july


def put_value(w: World, report: dict, code: str, value: float, note: str | None = None):
    entry = {"target_id": w.target_id(code), "value": value, "note": note}
    body = {"version": report["version"], "values": [entry]}
    return w.client.patch(f"/api/reports/{report['id']}", json=body, headers=w.auth("bc-khcn"))


def test_a_rank_of_zero_is_refused_naming_the_value(science_july) -> None:
    w, july = science_july
    assert problem(put_value(w, july, "I.3", 0), 422)["field"] == "values[0].value"
    assert problem(put_value(w, july, "I.3", 31.5), 422)["field"] == "values[0].value"
    assert put_value(w, july, "I.3", 29).json()["version"] == 2


def test_a_share_of_grdp_above_100_is_refused(science_july) -> None:
    w, july = science_july
    assert problem(put_value(w, july, "I.7", 120), 422)["field"] == "values[0].value"


def test_a_value_far_from_the_accepted_previous_one_needs_a_note(science_july) -> None:
    w, july = science_july
    body = problem(put_value(w, july, "I.7", 30), 422)
    assert body["field"] == "values[0].note" and "(10)" in body["detail_en"]
    explained = put_value(w, july, "I.7", 30, note="Cách tính mới của Cục Thống kê")
    assert explained.status_code == 200, explained.text
    line = next(v for v in explained.json()["values"] if v["target_id"] == w.target_id("I.7"))
    assert (line["value"], line["note"]) == (30.0, "Cách tính mới của Cục Thống kê")


# --- attachments ------------------------------------------------------------------------------


def test_a_pdf_is_stored_and_downloaded_byte_for_byte(world: World, upload_env, tmp_path) -> None:
    pdf = small_pdf()
    assert pdf.startswith(b"%PDF-") and filetype.guess(pdf).mime == "application/pdf"
    report = open_as(world, "bc-tc", world.period("2025-06"))
    item_id = report["items"][0]["id"]
    r = world.client.post(
        f"/api/reports/{report['id']}/items/{item_id}/attachments",
        files={"file": ("quyet-dinh.pdf", pdf, "application/pdf")},
        data={"note": "Bản ký số"},
        headers=world.auth("bc-tc"),
    )
    assert r.status_code == 201, r.text
    assert (r.json()["filename"], r.json()["content_type"], r.json()["size"]) == (
        "quyet-dinh.pdf",
        "application/pdf",
        len(pdf),
    )
    assert list((tmp_path / "files").rglob("*"))  # written under DONDOC_FILES_DIR
    download = world.client.get(f"/api/attachments/{r.json()['id']}", headers=world.auth("dieu-phoi"))
    assert download.status_code == 200 and download.content == pdf
    assert download.headers["content-type"] == "application/pdf"
    again = world.client.get(f"/api/reports/{report['id']}", headers=world.auth("bc-tc")).json()
    assert [a["id"] for a in again["items"][0]["attachments"]] == [r.json()["id"]]
    problem(world.client.get(f"/api/attachments/{r.json()['id']}", headers=world.auth("bc-ca")), 403)
    problem(world.client.get("/api/attachments/987654", headers=world.auth("bc-tc")), 404)


def test_a_text_file_named_pdf_is_refused_as_unsupported(world: World, upload_env) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    r = world.client.post(
        f"/api/reports/{report['id']}/items/{report['items'][0]['id']}/attachments",
        files={"file": ("bao-cao.pdf", "Đây không phải PDF\n".encode(), "application/pdf")},
        headers=world.auth("bc-tc"),
    )
    assert problem(r, 415)["field"] == "file"


def test_a_file_over_the_limit_is_refused_as_too_large(world: World, upload_env) -> None:
    assert get_settings().max_upload_mb == 1
    report = open_as(world, "bc-tc", world.period("2025-06"))
    big = small_pdf() + b"\n%" + b"0" * (1024 * 1024)
    before = row_counts(world.session)
    r = world.client.post(
        f"/api/reports/{report['id']}/items/{report['items'][0]['id']}/attachments",
        files={"file": ("lon.pdf", big, "application/pdf")},
        headers=world.auth("bc-tc"),
    )
    body = problem(r, 413)
    assert body["field"] == "file" and body["detail_en"] == "The file is larger than 1 MB"
    assert row_counts(world.session) == before


# --- coordinating parts and event tasks -------------------------------------------------------


def test_a_coordinating_agency_adds_its_part_but_not_of_an_unrelated_task(world: World) -> None:
    ids = answerable_ids(world.session, world.finance)
    helped = next(
        t
        for t in world.plan.tasks
        if any(a.role == "coordinating" and a.agency_id == world.finance.id for a in t.assignments)
        and not any(a.role == "lead" and a.agency_id in ids for a in t.assignments)
    )
    unrelated = next(t for t in world.plan.tasks if not any(a.agency_id in ids for a in t.assignments))
    report = open_as(world, "bc-tc", world.period("2025-06"))
    url = f"/api/reports/{report['id']}/parts"
    added = world.client.post(url, json={"task_id": helped.id, "version": 1}, headers=world.auth("bc-tc"))
    assert added.status_code == 201, added.text
    assert added.json()["version"] == 2
    assert [i["role"] for i in added.json()["items"] if i["task_id"] == helped.id] == ["coordinating"]
    refused = world.client.post(
        url, json={"task_id": unrelated.id, "version": 2}, headers=world.auth("bc-tc")
    )
    assert problem(refused, 403)["field"] == "task_id"
    twice = world.client.post(url, json={"task_id": helped.id, "version": 2}, headers=world.auth("bc-tc"))
    problem(twice, 409)
    problem(
        world.client.post(url, json={"task_id": helped.id, "version": 2}, headers=world.auth("bc-ca")), 403
    )
    assert (
        world.client.get(f"/api/reports/{report['id']}", headers=world.auth("bc-tc")).json() == added.json()
    )


def test_an_event_is_recorded_only_for_a_task_that_waits_for_one(world: World) -> None:
    event_task = next(t for t in world.plan.tasks if t.deadline_kind == "event")
    dated_task = next(t for t in world.plan.tasks if t.deadline_kind == "date")
    body = {"event_date": "2026-04-01", "days": 30}
    ok = world.client.post(f"/api/tasks/{event_task.id}/event", json=body, headers=world.auth("dieu-phoi"))
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"id": event_task.id, "event_date": "2026-04-01", "event_days": 30}
    dated = world.client.post(f"/api/tasks/{dated_task.id}/event", json=body, headers=world.auth("dieu-phoi"))
    assert problem(dated, 422)["field"] == "task_id"
    problem(
        world.client.post(f"/api/tasks/{event_task.id}/event", json=body, headers=world.auth("bc-tc")), 403
    )
    problem(world.client.post("/api/tasks/987654/event", json=body, headers=world.auth("dieu-phoi")), 404)
    world.session.refresh(dated_task)
    assert dated_task.event_date is None


# --- evaluation -------------------------------------------------------------------------------


def test_evaluation_gives_the_figures_with_their_formulas_in_vietnamese(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    world.client.post(f"/api/reports/{report['id']}/submit", json={"version": 1}, headers=world.auth("bc-tc"))
    url = f"/api/plans/{world.plan.id}/evaluation"
    r = world.client.get(url, params={"as_of": "2026-05-31"}, headers=world.auth("nguoi-xem"))
    assert r.status_code == 200, r.text
    data = r.json()
    assert {"tasks", "indicators", "reports", "ranking"} <= data.keys()
    assert (data["plan_id"], data["as_of"]) == (world.plan.id, "2026-05-31")
    assert "Open SDG" in data["indicators"]["formula"] and "chỉ tiêu" in data["indicators"]["formula"]
    assert "tỷ lệ báo cáo" in data["reports"]["formula"] and "Điểm" in data["ranking"]["formula"]
    assert "Quyết định" in data["tasks"]["method"]
    assert len(data["tasks"]["items"]) == len(world.plan.tasks)
    finance = next(row for row in data["reports"]["by_agency"] if row["agency_id"] == world.finance.id)
    assert finance["received"] == 1
    assert any(row["agency_id"] == world.finance.id for row in data["ranking"]["items"])
    problem(world.client.get("/api/plans/987654/evaluation", headers=world.auth("nguoi-xem")), 404)
    problem(world.client.get(url, params={"as_of": "cuối tháng"}, headers=world.auth("nguoi-xem")), 422)


# --- bad input leaves the database as it was --------------------------------------------------


def test_rejected_patches_leave_the_database_as_it_was(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    url, headers = f"/api/reports/{report['id']}", world.auth("bc-tc")
    task_id = report["items"][0]["task_id"]
    assert (
        world.client.patch(
            url, json={"version": 1, "items": [{"task_id": task_id, "progress": 5}]}, headers=headers
        ).status_code
        == 200
    )
    saved = world.client.get(url, headers=headers).json()
    before = row_counts(world.session)
    invalid_json = world.client.patch(
        url, content=b'{"version": 2, "items": [', headers={**headers, "content-type": "application/json"}
    )
    problem(invalid_json, 422)
    stale = {"version": 1, "items": [{"task_id": task_id, "progress": 80}]}
    problem(world.client.patch(url, json=stale, headers=headers), 409)
    unknown = {"version": 2, "items": [{"task_id": task_id, "progress": 80}, {"task_id": 987654}]}
    assert problem(world.client.patch(url, json=unknown, headers=headers), 422)["field"] == "items[1].task_id"
    assert row_counts(world.session) == before
    assert world.client.get(url, headers=headers).json() == saved


# --- found in review: non-numbers and erased reasons ---------------------------------------------


def test_a_rank_that_is_not_a_number_is_refused_not_a_server_error(science_july) -> None:
    w, july = science_july
    client = TestClient(w.client.app, raise_server_exceptions=False)
    raw = b'{"version": 1, "values": [{"target_id": %d, "value": NaN}]}' % w.target_id("I.3")
    headers = {**w.auth("bc-khcn"), "content-type": "application/json"}
    r = client.patch(f"/api/reports/{july['id']}", content=raw, headers=headers)
    assert problem(r, 422)["field"] == "values[0].value"


def test_the_reason_of_a_task_that_cannot_be_done_cannot_be_erased(world: World) -> None:
    report = open_as(world, "bc-tc", world.period("2025-06"))
    url, task_id = f"/api/reports/{report['id']}", report["items"][0]["task_id"]
    marked = {"task_id": task_id, "status": "not_feasible", "reason": "Chưa được bố trí kinh phí"}
    assert (
        world.client.patch(
            url, json={"version": 1, "items": [marked]}, headers=world.auth("bc-tc")
        ).status_code
        == 200
    )
    erase = {"version": 2, "items": [{"task_id": task_id, "reason": ""}]}
    assert (
        problem(world.client.patch(url, json=erase, headers=world.auth("bc-tc")), 422)["field"]
        == "items[0].reason"
    )
