"""The plan pages in a browser session: the list, a plan's task table and its filters (agency with
its predecessors, timeliness status, deadline window, search without diacritics, htmx partial,
pages), source lines, the import of a plan file as a draft, the review of a draft (corrections
validated and audited, agency names mapped, the difference from the plan it replaces) and its
activation. Roles: only coordinators import and review; a visitor is sent to sign in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

import pytest
from factories import EXAMPLE_PLANS, agency_named, make_active_plan, make_user, seed_registry
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import dondoc.plans.views
from dondoc.agencies.models import Agency
from dondoc.agencies.service import answerable_ids
from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.core.config import get_settings
from dondoc.deps import get_session, get_units
from dondoc.plans import service_review as review
from dondoc.plans.models import Assignment, ImportJob, Plan, Task
from dondoc.plans.service import import_plan
from dondoc.reporting.models import Period
from dondoc.users.models import User
from dondoc.web.templating import FORM_ERROR

PASSWORD = "mat-khau-thu-8"
PLAN_119 = "003_e7c1642710abab67.txt"  # 119/KH-UBND (2020): tasks of Sở Thông tin và Truyền thông


@pytest.fixture()
def app(session: Session) -> FastAPI:
    app = create_app()
    if not any(getattr(route, "path", "") == "/plans/{plan_id}/review" for route in app.routes):
        app.include_router(dondoc.plans.views.router)

    def _session() -> Iterator[Session]:
        yield session

    app.dependency_overrides[get_session] = _session
    # the import job opens its units of work on the test's session (rolled back after the test)
    app.dependency_overrides[get_units] = lambda: lambda: nullcontext(session)
    return app


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def sign_in(client: TestClient, session: Session, role: str = "coordinator", **extra: object) -> User:
    user = make_user(session, role=role, password=PASSWORD, **extra)
    response = client.post(
        "/login", data={"username": user.username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return user


def row_ids(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'<tr id="task-(\d+)"', html)}


def task_by_code(plan: Plan, code: str) -> Task:
    return next(t for t in plan.tasks if t.code == code)


def draft_of(session: Session, file_name: str) -> Plan:
    seed_registry(session)
    plan = import_plan(session, EXAMPLE_PLANS / file_name, actor="test").plan
    # a plan the database had already (the world's plan 103) would be returned active
    assert plan.status == "draft", f"{file_name} is {plan.status} in this database"
    return plan


# --- who may see what ---------------------------------------------------------------------------


def test_an_unsigned_visitor_is_sent_to_sign_in(client: TestClient) -> None:
    for path in ("/plans", "/plans/1", "/import", "/plans/1/review"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == f"/login?next={path}"


def test_a_viewer_gets_403_on_import_and_review(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    assert client.get("/import").status_code == 403
    refused = client.post("/import", files={"file": ("a.txt", b"x", "text/plain")})
    assert refused.status_code == 403 and "Không có quyền" in refused.text
    assert client.get(f"/plans/{plan.id}/review").status_code == 403
    assert client.post(f"/plans/{plan.id}/activate").status_code == 403


def test_a_draft_is_hidden_from_viewers(client: TestClient, session: Session) -> None:
    draft = draft_of(session, PLAN_119)
    sign_in(client, session, role="viewer")
    assert draft.number not in client.get("/plans").text
    assert client.get(f"/plans/{draft.id}").status_code == 404


# --- the list and the plan page -----------------------------------------------------------------


def test_the_list_shows_each_plan_with_its_facts_and_counts(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    html = client.get("/plans").text
    assert f'href="/plans/{plan.id}"' in html and "103/KH-UBND" in html
    assert "01/06/2025" in html and "Đang thực hiện" in html
    assert f"<td>{len(plan.tasks)}</td>" in html and f"<td>{len(plan.indicators)}</td>" in html


def test_the_plan_page_shows_facts_outline_tasks_and_indicators(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    html = client.get(f"/plans/{plan.id}").text
    assert "103/KH-UBND" in html and "57-NQ/TW" in html
    assert "<details><summary>II · NHIỆM VỤ VÀ GIẢI PHÁP</summary>" in html
    assert len(row_ids(html)) == 50  # the first page of 106 tasks
    assert f"{len(plan.tasks)} nhiệm vụ" in html
    assert "Phương pháp Open SDG" in html and "Xếp hạng năng lực cạnh tranh số" in html
    assert "≤ 20" in html
    # an unknown name is shown as written, marked
    assert "Báo Bình Định" in html and "chưa ánh xạ" in html
    for label in ("Cơ quan chủ trì", "Tình trạng", "Hạn từ", "Đến", "Tìm trong tên nhiệm vụ"):
        assert f">{label}</label>" in html


def test_a_task_shows_the_source_lines_it_came_from(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    task = task_by_code(plan, "I.4")
    sign_in(client, session, role="viewer")
    html = client.get(f"/plans/{plan.id}", params={"q": "trách nhiệm người đứng đầu"}).text
    row = html.split(f'<tr id="task-{task.id}">', 1)[1].split("</tr>", 1)[0]
    lines = dict((no, text) for no, text in plan.source_lines)
    assert f"Dòng nguồn {task.source_line}–{task.source_end_line}" in row
    first_hit = next(no for no in range(task.source_line, task.source_end_line + 1) if lines[no].strip())
    assert re.search(rf'<div class="hit"><span class="muted">{first_hit}</span>', row)
    # a little context before, not marked
    assert f'<div><span class="muted">{task.source_line - 1}</span>' in row


def test_filter_by_agency_includes_its_predecessors_tasks(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session, PLAN_119)
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    sign_in(client, session, role="viewer")
    html = client.get(f"/plans/{plan.id}", params={"agency": science.id}).text
    shown = row_ids(html)
    assert task_by_code(plan, "III.3.b").id in shown  # Sở Khoa học và Công nghệ itself
    assert task_by_code(plan, "III.1.b").id in shown  # Sở Thông tin và Truyền thông, merged into it
    assert task_by_code(plan, "III.2.h").id not in shown  # Sở Tư pháp
    assert "nay là Sở Khoa học và Công nghệ" in html


def test_filter_by_status(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    html = client.get(f"/plans/{plan.id}", params={"status": "waiting_event"}).text
    events = {t.id for t in plan.tasks if t.deadline_kind == "event"}
    assert events and row_ids(html) == events
    assert "Chờ sự kiện" in html


def test_filter_by_deadline_window(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    html = client.get(f"/plans/{plan.id}", params={"due_from": "2025-09-01", "due_to": "2025-09-30"}).text
    expected = {
        t.id
        for t in plan.tasks
        if (t.deadline_date or t.deadline_end)
        and "2025-09-01" <= (t.deadline_date or t.deadline_end).isoformat() <= "2025-09-30"
    }
    assert task_by_code(plan, "I.4").id in expected and row_ids(html) == expected
    assert "30/09/2025" in html
    refused = client.get(f"/plans/{plan.id}", params={"due_from": "31/02/2025"}).text
    assert "Ngày không hợp lệ" in refused and 'aria-invalid="true"' in refused


def test_search_without_diacritics(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    shown = row_ids(client.get(f"/plans/{plan.id}", params={"q": "chuyen doi so"}).text)
    expected = {t.id for t in plan.tasks if "chuyển đổi số" in t.title.lower()}
    assert expected and shown == expected and len(shown) < len(plan.tasks)


def test_the_htmx_partial_returns_only_the_table(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    part = client.get(
        f"/plans/{plan.id}/tasks", params={"q": "chuyen doi so"}, headers={"HX-Request": "true"}
    )
    assert part.status_code == 200
    assert part.text.lstrip().startswith('<div id="task-table">') and "<html" not in part.text
    assert "<table" in part.text and 'name="q"' not in part.text
    assert part.headers["HX-Push-Url"] == f"/plans/{plan.id}?q=chuyen+doi+so"
    plain = client.get(f"/plans/{plan.id}/tasks", params={"q": "x"}, follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == f"/plans/{plan.id}?q=x"
    page = client.get(f"/plans/{plan.id}").text
    assert f'hx-get="/plans/{plan.id}/tasks"' in page and 'hx-target="#task-table"' in page


def test_pages_of_fifty_keep_the_filters(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    sign_in(client, session, role="viewer")
    html = client.get(f"/plans/{plan.id}", params={"due_to": "2100-12-31"}).text
    assert len(row_ids(html)) == 50
    assert f'href="/plans/{plan.id}?due_to=2100-12-31&amp;page=2"' in html
    last = client.get(f"/plans/{plan.id}", params={"page": 3}).text
    assert len(row_ids(last)) == len(plan.tasks) - 100


def test_a_reporter_sees_only_its_agencys_tasks(client: TestClient, session: Session) -> None:
    plan = make_active_plan(session)
    health = agency_named(session, "Sở Y tế")
    sign_in(client, session, role="reporter", agency_id=health.id)
    html = client.get(f"/plans/{plan.id}").text
    mine = answerable_ids(session, health)
    expected = {
        t.id for t in plan.tasks if any(a.role == "lead" and a.agency_id in mine for a in t.assignments)
    }
    assert task_by_code(plan, "V.81").id in expected and row_ids(html) == expected
    assert 'id="f-agency"' not in html and "Sở Y tế" in html


# --- import ------------------------------------------------------------------------------------


def test_uploading_a_plan_creates_a_draft_and_goes_to_its_review(
    client: TestClient, session: Session
) -> None:
    seed_registry(session)
    sign_in(client, session)
    page = client.get("/import").text
    assert 'hx-post="/import"' in page and 'hx-encoding="multipart/form-data"' in page
    assert 'class="htmx-indicator" role="status">Đang đọc kế hoạch…' in page
    assert 'accept=".pdf,.docx,.txt,.md"' in page and '<label for="plan-file">' in page
    data = (EXAMPLE_PLANS / PLAN_119).read_bytes()
    response = client.post("/import", files={"file": (PLAN_119, data, "text/plain")}, follow_redirects=False)
    assert response.status_code == 303
    job = session.scalars(select(ImportJob).order_by(ImportJob.id.desc())).first()
    assert job is not None and response.headers["location"] == f"/imports/{job.id}"
    session.refresh(job)
    # the job ran after the response (the test client waits for it): its page sends on to the draft
    progress = client.get(response.headers["location"], follow_redirects=False)
    plan = session.scalars(select(Plan).where(Plan.number == "119/KH-UBND")).one()
    assert plan.status == "draft" and plan.source_file == PLAN_119
    assert job.stage == "done" and job.plan_id == plan.id and job.content is None
    assert progress.status_code == 303
    assert progress.headers["location"] == f"/plans/{plan.id}/review?done=imported"
    review = client.get(progress.headers["location"]).text
    assert "Đã nhập kế hoạch thành bản nháp" in review and "Kích hoạt" in review
    task = task_by_code(plan, "III.1.b")
    assert f"Dòng nguồn {task.source_line}–{task.source_end_line}" in review
    # the same file again, through htmx: the stored plan, by the HX-Redirect header
    again = client.post(
        "/import", files={"file": (PLAN_119, data, "text/plain")}, headers={"HX-Request": "true"}
    )
    assert again.status_code == 200 and again.headers["HX-Redirect"].startswith("/imports/")
    known = client.get(again.headers["HX-Redirect"], follow_redirects=False)
    assert known.headers["location"] == f"/plans/{plan.id}/review?done=exists"


@pytest.mark.empty_database  # no plan at all after the refusals: the world has plan 103
def test_an_unreadable_file_is_refused_in_the_form(client: TestClient, session: Session, monkeypatch) -> None:
    sign_in(client, session)
    empty = client.post("/import", files={"file": ("trong.txt", b"   \n", "text/plain")})
    assert empty.status_code == 400 and "<html" in empty.text and 'class="field-error"' in empty.text
    assert "Traceback" not in empty.text
    wrong = client.post(
        "/import",
        files={"file": ("anh.exe", b"MZ\x90\x00", "application/octet-stream")},
        headers={"HX-Request": "true"},
    )
    assert wrong.status_code == 400 and wrong.text.lstrip().startswith('<form id="import-form"')
    assert 'aria-invalid="true"' in wrong.text
    nothing = client.post("/import", data={"x": "1"})
    assert nothing.status_code == 400 and "Chọn tệp kế hoạch để nhập" in nothing.text
    monkeypatch.setattr(get_settings(), "max_upload_mb", 1)
    large = client.post("/import", files={"file": ("lon.txt", b"a" * (1024 * 1024 + 10), "text/plain")})
    assert large.status_code == 413 and "Tệp lớn hơn giới hạn 1 MB" in large.text
    assert session.scalars(select(Plan)).first() is None


# --- review ------------------------------------------------------------------------------------


def test_an_invalid_correction_shows_the_field_error_and_changes_nothing(
    client: TestClient, session: Session
) -> None:
    plan = draft_of(session, PLAN_119)
    task = task_by_code(plan, "III.2.h")
    title, deadline = task.title, task.deadline_date
    sign_in(client, session)
    response = client.post(
        f"/plans/{plan.id}/tasks/{task.id}",
        data={"title": "Tên mới", "output": "", "deadline": "31/02/2025", "lead_agency_id": ""},
    )
    assert response.status_code == FORM_ERROR
    assert f'<p class="field-error" id="t{task.id}-deadline-error">Ngày không hợp lệ' in response.text
    assert 'aria-invalid="true"' in response.text and "Tên mới" in response.text  # what was typed stays
    session.refresh(task)
    assert task.title == title and task.deadline_date == deadline
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "correct")).first() is None
    empty = client.post(f"/plans/{plan.id}/tasks/{task.id}", data={"title": "  ", "deadline": ""})
    assert empty.status_code == FORM_ERROR and "Nhập tên nhiệm vụ" in empty.text


def test_a_valid_correction_is_saved_and_audited(client: TestClient, session: Session) -> None:
    plan = draft_of(session, PLAN_119)
    task = task_by_code(plan, "III.2.h")
    old_title = task.title
    justice = agency_named(session, "Sở Tư pháp")
    home = agency_named(session, "Sở Nội vụ")
    user = sign_in(client, session)
    response = client.post(
        f"/plans/{plan.id}/tasks/{task.id}",
        data={
            "title": "Sở Tư pháp chủ trì nghiên cứu quy định về dữ liệu số",
            "output": "Báo cáo đề xuất",
            "deadline": "31/03/2026",
            "lead_agency_id": str(home.id),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/plans/{plan.id}/review?done=corrected#task-{task.id}"
    session.refresh(task)
    assert task.title.endswith("dữ liệu số") and task.output == "Báo cáo đề xuất"
    assert task.deadline_kind == "date" and task.deadline_date.isoformat() == "2026-03-31"
    assert [(a.agency_id, a.role) for a in task.assignments if a.role == "lead"] == [(home.id, "lead")]
    assert justice.id not in {a.agency_id for a in task.assignments}
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "correct")).one()
    assert event.entity == "task" and event.entity_id == str(task.id) and event.actor_id == user.id
    assert event.before["title"] == old_title and event.after["deadline"]["date"] == "31/03/2026"
    assert event.before["lead"] == ["Sở Tư pháp"] and event.after["lead"] == ["Sở Nội vụ"]
    review = client.get(response.headers["location"]).text
    assert "Đã lưu chỉnh sửa nhiệm vụ." in review and "31/03/2026" in review


@pytest.mark.empty_database  # plan 103 as a draft: the world has it active
def test_mapping_an_unknown_name(client: TestClient, session: Session) -> None:
    plan = draft_of(session, "002_2f8b4d489cccd7d8.txt")
    newspaper = agency_named(session, "Đài Phát thanh và Truyền hình tỉnh")
    sign_in(client, session)
    review = client.get(f"/plans/{plan.id}/review").text
    assert "«Báo Bình Định»" in review and f'action="/plans/{plan.id}/map"' in review
    refused = client.post(f"/plans/{plan.id}/map", data={"name": "Báo Bình Định", "agency_id": ""})
    assert refused.status_code == FORM_ERROR and "Chọn một cơ quan có trong danh mục" in refused.text
    response = client.post(
        f"/plans/{plan.id}/map",
        data={"name": "Báo Bình Định", "agency_id": str(newspaper.id)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    rows = session.scalars(select(Assignment).where(Assignment.name_as_written == "Báo Bình Định")).all()
    assert rows and all(a.agency_id == newspaper.id for a in rows)
    assert "«Báo Bình Định»" not in client.get(f"/plans/{plan.id}/review").text
    assert (
        session.scalars(select(AuditEvent).where(AuditEvent.action == "map_name")).one().after["assignments"]
        == 2
    )


@pytest.mark.empty_database  # plan 103 as a draft: the world has it active
def test_activation_makes_the_draft_active_with_periods(client: TestClient, session: Session) -> None:
    plan = draft_of(session, "002_2f8b4d489cccd7d8.txt")
    sign_in(client, session)
    response = client.post(f"/plans/{plan.id}/activate", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/plans/{plan.id}?done=activated"
    assert plan.status == "active"
    assert session.scalars(select(Period).where(Period.plan_id == plan.id)).first() is not None
    assert "Đã kích hoạt kế hoạch và tạo các kỳ báo cáo." in client.get(response.headers["location"]).text
    again = client.post(f"/plans/{plan.id}/activate")
    assert again.status_code == 409 and "chỉ bản nháp mới kích hoạt được" in again.text


def test_the_review_shows_what_a_new_version_changes(
    client: TestClient, session: Session, tmp_path: Path
) -> None:
    old = make_active_plan(session, PLAN_119)
    text = (
        (EXAMPLE_PLANS / PLAN_119).read_text(encoding="utf-8").replace("Số: 119/KH-UBND", "Số: 120/KH-UBND")
    )
    text = text.replace("h) Sở Tư pháp chủ trì nghiên cứu", "h) Sở Tư pháp chủ trì khẩn trương nghiên cứu")
    text = text.replace(
        "Nơi nhận:", "Kế hoạch này thay thế Kế hoạch số 119/KH-UBND ngày 27/11/2020.\nNơi nhận:", 1
    )
    path = tmp_path / "120.txt"
    path.write_text(text, encoding="utf-8")
    new = import_plan(session, path, actor="test").plan
    sign_in(client, session)
    html = client.get(f"/plans/{new.id}/review").text
    assert "Thay đổi so với kế hoạch được thay thế" in html and f'href="/plans/{old.id}"' in html
    assert "khẩn trương" in html.split('id="diff"', 1)[1].split("</section>", 1)[0]


@pytest.mark.empty_database  # plan 103 as a draft: the world has it active
def test_the_review_offers_the_plans_province_and_central_bodies_only(
    client: TestClient, session: Session
) -> None:
    plan = draft_of(session, "002_2f8b4d489cccd7d8.txt")
    plan.scope_province = "Gia Lai"
    here = Agency(code="gl-so-thu", name="Sở Thử nghiệm tỉnh Gia Lai", kind="department", province="Gia Lai")
    there = Agency(code="hn-so-thu", name="Sở Thử nghiệm Hà Nội", kind="department", province="Hà Nội")
    central = Agency(code="bo-thu", name="Bộ Thử nghiệm", kind="ministry", province=None)
    session.add_all([here, there, central])
    session.flush()
    sign_in(client, session)
    review = client.get(f"/plans/{plan.id}/review").text
    assert f'<option value="{here.id}">' in review and f'<option value="{central.id}">' in review
    assert f'value="{there.id}"' not in review  # another province's body is not offered


def test_a_bogus_row_is_deleted_from_the_draft_only_when_confirmed_and_the_audit_keeps_it(
    client: TestClient, session: Session
) -> None:
    plan = draft_of(session, PLAN_119)
    task = task_by_code(plan, "III.2.h")
    task_id, title, count = task.id, task.title, len(plan.tasks)
    user = sign_in(client, session)
    page = client.get(f"/plans/{plan.id}/review").text
    assert f'action="/plans/{plan.id}/tasks/{task_id}/delete"' in page and "Xoá dòng này" in page
    unconfirmed = client.post(f"/plans/{plan.id}/tasks/{task_id}/delete", data={})
    assert unconfirmed.status_code == FORM_ERROR
    assert f'id="t{task_id}-confirm-error">Đánh dấu ô xác nhận để xoá dòng này' in unconfirmed.text
    assert session.get(Task, task_id) is not None
    deleted = client.post(
        f"/plans/{plan.id}/tasks/{task_id}/delete", data={"confirm": "yes"}, follow_redirects=False
    )
    assert deleted.status_code == 303 and "done=deleted" in deleted.headers["location"]
    session.expire_all()
    assert session.get(Task, task_id) is None and len(session.get(Plan, plan.id).tasks) == count - 1
    assert session.scalars(select(Assignment).where(Assignment.task_id == task_id)).first() is None
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "delete")).one()
    assert (event.entity, event.entity_id, event.actor_id) == ("task", str(task_id), user.id)
    assert event.before["title"] == title and event.before["code"] == "III.2.h"
    assert event.before["assignments"] and event.after is None
    assert "Đã xoá dòng khỏi bản nháp" in client.get(f"/plans/{plan.id}/review?done=deleted").text
    english = client.get(f"/lang/en?next=/plans/{plan.id}/review?done=deleted").text
    assert "The row was deleted from the draft" in english and "Delete this row" in english


def test_a_row_of_an_active_plan_is_not_deleted(client: TestClient, session: Session) -> None:
    plan = draft_of(session, PLAN_119)
    plan.status = "active"
    task = task_by_code(plan, "III.2.h")
    session.flush()
    sign_in(client, session)
    refused = client.post(f"/plans/{plan.id}/tasks/{task.id}/delete", data={"confirm": "yes"})
    assert refused.status_code == 409 and "Chỉ xoá được dòng của kế hoạch đang là bản nháp" in refused.text
    assert session.get(Task, task.id) is not None


def test_a_missed_task_is_added_to_the_draft_checked_first_and_marked_as_added_by_hand(
    client: TestClient, session: Session
) -> None:
    plan = draft_of(session, PLAN_119)
    count = len(plan.tasks)
    taken = task_by_code(plan, "III.2.h").code
    home = agency_named(session, "Sở Nội vụ")
    user = sign_in(client, session)
    assert "Thêm nhiệm vụ bị sót" in client.get(f"/plans/{plan.id}/review").text
    bad = client.post(
        f"/plans/{plan.id}/tasks",
        data={"code": taken, "title": "Nhiệm vụ mới", "deadline": "31/13/2026", "lead_agency_id": "999999"},
    )
    assert bad.status_code == FORM_ERROR
    for field, message in (
        ("code", "Kế hoạch đã có nhiệm vụ mang mã này"),
        ("deadline", "Ngày không hợp lệ"),
        ("lead_agency_id", "Chọn một cơ quan có trong danh mục"),
    ):
        assert f'id="new-{"lead" if field == "lead_agency_id" else field}-error">{message}' in bad.text
    assert "Nhiệm vụ mới" in bad.text  # what was typed stays
    session.expire_all()
    assert len(session.get(Plan, plan.id).tasks) == count
    added = client.post(
        f"/plans/{plan.id}/tasks",
        data={
            "code": "III.2.k",
            "section": "III.2",
            "title": "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "output": "Kho dữ liệu",
            "deadline": "30/06/2026",
            "lead_agency_id": str(home.id),
        },
        follow_redirects=False,
    )
    assert added.status_code == 303 and "done=added" in added.headers["location"]
    session.expire_all()
    task = task_by_code(session.get(Plan, plan.id), "III.2.k")
    assert (task.section, task.output, task.source_line) == ("III.2", "Kho dữ liệu", None)
    assert task.deadline_kind == "date" and task.deadline_date.isoformat() == "2026-06-30"
    assert [(a.agency_id, a.role) for a in task.assignments] == [(home.id, "lead")]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "add")).one()
    assert (event.entity_id, event.actor_id, event.after["lead"]) == (str(task.id), user.id, "Sở Nội vụ")
    page = client.get(added.headers["location"].split("#")[0]).text
    assert "Dòng thêm tay khi rà soát" in page and "Xây dựng kho dữ liệu dùng chung" in page
    english = client.get(f"/lang/en?next=/plans/{plan.id}/review").text
    assert "Add a missed task" in english


def test_the_review_counts_the_rows_to_check_and_shows_them_alone(
    client: TestClient, session: Session
) -> None:
    plan = draft_of(session, PLAN_119)
    leadless = task_by_code(plan, "III.2.h")
    for a in [a for a in leadless.assignments if a.role == "lead"]:
        leadless.assignments.remove(a)
    undated = next(t for t in plan.tasks if t.id != leadless.id)
    undated.deadline_kind = None
    session.flush()
    expected = {t.id for t in plan.tasks if review.doubts_of(t)}
    assert {leadless.id, undated.id} <= expected
    sign_in(client, session)
    page = client.get(f"/plans/{plan.id}/review").text
    assert f"Còn {len(expected)} dòng cần xem" in page and "Chưa có cơ quan chủ trì" in page
    only = client.get(f"/plans/{plan.id}/review?only=doubtful").text
    shown = {int(i) for i in re.findall(r'<article class="card" id="task-(\d+)"', only)}
    first_page = sorted(expected)[: dondoc.plans.views.REVIEW_PER_PAGE]  # in the plan's order
    assert shown == set(first_page)
    clean = next((t for t in plan.tasks if t.id not in expected), None)
    if clean is not None:
        assert f'id="task-{clean.id}"' not in only
    english = client.get(f"/lang/en?next=/plans/{plan.id}/review").text
    assert f"{len(expected)} rows left to check" in english


def test_a_doubtful_row_marked_checked_leaves_the_rows_to_check(client: TestClient, session: Session) -> None:
    plan = draft_of(session, PLAN_119)
    task = task_by_code(plan, "III.2.h")
    for a in [a for a in task.assignments if a.role == "lead"]:
        task.assignments.remove(a)
    session.flush()
    before = review.doubts_in(session, plan)
    reasons = review.doubts_of(task)
    assert task.id in before.task_ids and "no_lead" in reasons
    user = sign_in(client, session)
    marked = client.post(f"/plans/{plan.id}/tasks/{task.id}/checked", follow_redirects=False)
    assert marked.status_code == 303 and "done=checked" in marked.headers["location"]
    after = review.doubts_in(session, plan)
    assert task.id not in after.task_ids and task.id in after.checked
    assert all(after.counts[r] == before.counts[r] - 1 for r in reasons)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "check")).one()
    assert (event.entity_id, event.actor_id, event.after) == (str(task.id), user.id, {"reasons": reasons})
    page = client.get(f"/plans/{plan.id}/review").text
    left = len(after.task_ids)
    assert (f"Còn {left} dòng cần xem" if left else "Không còn dòng nào cần xem.") in page
    assert "1 dòng đã được đánh dấu đã xem." in page
