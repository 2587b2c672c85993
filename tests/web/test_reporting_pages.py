"""The pages of the reporting cycle over HTTP with a browser's session cookie: a reporter fills and
submits a report (a wrong value is shown beside its field in Vietnamese and what was typed is
kept), a coordinator returns it with a comment, the reporter sends it again, the coordinator
accepts it; the dashboard, ranking, reminders and period pages answer; roles are enforced."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from sqlalchemy import select

import dondoc.reporting.views as reporting_views
from dondoc.app import create_app
from dondoc.core.config import get_settings
from dondoc.deps import get_session
from dondoc.reporting.models import Period, Report
from dondoc.reporting.service import generate_periods, open_report, submit

PASSWORD = "mat-khau-8"


@pytest.fixture()
def site(session, tmp_path, monkeypatch) -> Iterator[dict]:
    monkeypatch.setenv("DONDOC_FILES_DIR", str(tmp_path))
    get_settings.cache_clear()
    plan = make_active_plan(session)
    generate_periods(session, plan, actor="test")
    finance = agency_named(session, "Sở Tài chính")
    make_user(session, username="tai-chinh", role="reporter", agency_id=finance.id, password=PASSWORD)
    make_user(session, username="dieu-phoi", role="coordinator", password=PASSWORD)
    make_user(session, username="lanh-dao", role="viewer", password=PASSWORD)
    app = create_app()

    def _session():
        yield session

    app.dependency_overrides[get_session] = _session
    yield {"app": app, "plan": plan, "finance": finance}
    get_settings.cache_clear()


def browser(site: dict, username: str) -> TestClient:
    client = TestClient(site["app"], base_url="http://testserver")
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303
    return client


def test_an_anonymous_visitor_is_sent_to_sign_in(site) -> None:
    client = TestClient(site["app"])
    response = client.get("/workspace", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/workspace"
    page = client.get("/login")
    assert '<label for="username">Tên đăng nhập</label>' in page.text and 'lang="vi"' in page.text


def test_wrong_password_is_said_in_vietnamese(site) -> None:
    client = TestClient(site["app"])
    response = client.post("/login", data={"username": "tai-chinh", "password": "sai"})
    assert response.status_code == 200 and "Sai tên đăng nhập hoặc mật khẩu" in response.text


def test_report_round_trip_through_the_pages(site, session) -> None:
    reporter = browser(site, "tai-chinh")
    june = session.scalar(select(Period).where(Period.key == "2025-06", Period.frequency == "monthly"))
    workspace = reporter.get("/workspace")
    assert workspace.status_code == 200 and "Báo cáo cần gửi" in workspace.text and "I.12" in workspace.text
    opened = reporter.post(f"/periods/{june.id}/open", follow_redirects=False)
    assert opened.status_code == 303
    report_url = opened.headers["location"]
    form_page = reporter.get(report_url)
    task_id = int(re.search(r'name="items-(\d+)-status"', form_page.text).group(1))
    version = re.search(r'name="version" value="(\d+)"', form_page.text).group(1)

    bad = reporter.post(
        report_url,
        data={
            "version": version,
            f"items-{task_id}-progress": "150",
            f"items-{task_id}-narrative": "Đã trình UBND tỉnh",
        },
    )
    assert bad.status_code == 200  # the form again, with its errors
    assert "Giá trị phải nằm trong khoảng 0–100" in bad.text
    assert 'aria-invalid="true" aria-describedby="err-items-' in bad.text
    assert "Đã trình UBND tỉnh" in bad.text  # what was typed is still there

    sent = reporter.post(
        report_url,
        data={
            "version": version,
            "action": "submit",
            f"items-{task_id}-status": "completed",
            f"items-{task_id}-completed_on": "2025-06-10",
        },
    )
    assert sent.status_code == 200 and "Đã gửi báo cáo." in sent.text

    coordinator = browser(site, "dieu-phoi")
    queue = coordinator.get("/review")
    assert "Sở Tài chính" in queue.text and report_url in queue.text
    report = session.get(Report, int(report_url.rsplit("/", 1)[1]))
    no_comment = coordinator.post(
        f"{report_url}/review", data={"version": report.version, "decision": "return"}
    )
    assert no_comment.status_code == 200 and "Trả lại báo cáo phải kèm ý kiến" in no_comment.text
    returned = coordinator.post(
        f"{report_url}/review",
        data={"version": report.version, "decision": "return", "comment": "Bổ sung văn bản"},
    )
    assert "Đã trả lại báo cáo kèm ý kiến." in returned.text

    assert "Bổ sung văn bản" in reporter.get("/workspace").text
    page = reporter.get(report_url)
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    again = reporter.post(
        report_url,
        data={"version": version, "action": "submit", f"items-{task_id}-evidence_number": "123/BC-STC"},
    )
    assert "Đã gửi báo cáo." in again.text
    accepted = coordinator.post(
        f"{report_url}/review", data={"version": report.version, "decision": "accept"}
    )
    assert "Đã chấp nhận báo cáo." in accepted.text
    assert report.status == "accepted" and report.late is True  # sent today, due 15/06/2025


def test_a_stale_form_is_refused_and_nothing_is_overwritten(site, session) -> None:
    reporter = browser(site, "tai-chinh")
    june = session.scalar(select(Period).where(Period.key == "2025-06", Period.frequency == "monthly"))
    url = reporter.post(f"/periods/{june.id}/open", follow_redirects=False).headers["location"]
    task_id = int(re.search(r'name="items-(\d+)-status"', reporter.get(url).text).group(1))
    first = reporter.post(url, data={"version": "1", f"items-{task_id}-narrative": "Bản của cán bộ A"})
    assert first.status_code == 200
    stale = reporter.post(url, data={"version": "1", f"items-{task_id}-narrative": "Bản của cán bộ B"})
    assert stale.status_code == 200 and "Báo cáo đã được người khác sửa" in stale.text
    assert "Bản của cán bộ B" in stale.text  # B's text is still on B's screen
    report = session.get(Report, int(url.rsplit("/", 1)[1]))
    assert next(i for i in report.items if i.task_id == task_id).narrative == "Bản của cán bộ A"


def test_pages_for_each_role(site) -> None:
    viewer = browser(site, "lanh-dao")
    assert viewer.get("/").status_code == 200
    assert viewer.get("/ranking").status_code == 200
    refused = viewer.get("/review")
    assert refused.status_code == 403 and "Không có quyền" in refused.text
    coordinator = browser(site, "dieu-phoi")
    for path in ("/", "/ranking", "/reminders", f"/plans/{site['plan'].id}/periods", "/review"):
        assert coordinator.get(path).status_code == 200, path
    dashboard = coordinator.get("/").text
    assert "103/KH-UBND" in dashboard and "<svg" in dashboard and "Nhiệm vụ theo tình trạng" in dashboard


def test_the_english_switch(site) -> None:
    coordinator = browser(site, "dieu-phoi")
    english = coordinator.get("/lang/en?next=/ranking")
    assert english.status_code == 200 and 'lang="en"' in english.text
    assert "Agency ranking" in english.text
    back = coordinator.get("/lang/vi?next=/ranking")
    assert "Xếp hạng cơ quan" in back.text


def test_a_coordinator_moves_a_due_date(site, session) -> None:
    coordinator = browser(site, "dieu-phoi")
    june = session.scalar(select(Period).where(Period.key == "2025-06", Period.frequency == "monthly"))
    moved = coordinator.post(f"/periods/{june.id}", data={"due": "2025-06-20"})
    assert moved.status_code == 200 and "đã điều chỉnh" in moved.text
    assert str(june.due) == "2025-06-20" and june.adjusted
    bad = coordinator.post(f"/periods/{june.id}", data={"due": "20/06"})
    assert bad.status_code == 200 and "Ngày không hợp lệ" in bad.text


def test_a_half_sent_form_gets_an_error_page_not_json(site, session) -> None:
    reporter = browser(site, "tai-chinh")
    june = session.scalar(select(Period).where(Period.key == "2025-06", Period.frequency == "monthly"))
    url = reporter.post(f"/periods/{june.id}/open", follow_redirects=False).headers["location"]
    item_id = re.search(r'id="attach-(\d+)"', reporter.get(url).text).group(1)
    response = reporter.post(f"{url}/items/{item_id}/attach", data={})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "Biểu mẫu thiếu hoặc sai trường: file" in response.text


def test_the_review_queue_is_paged_oldest_due_first(site, session, monkeypatch) -> None:
    monkeypatch.setattr(reporting_views, "REPORTS_PER_PAGE", 2)
    periods = session.scalars(
        select(Period).where(Period.plan_id == site["plan"].id).order_by(Period.due, Period.id)
    ).all()[:3]
    for period in periods:
        report = open_report(session, period, site["finance"], actor="tai-chinh")
        submit(session, report, report.version, actor="tai-chinh")
    session.flush()
    coordinator = browser(site, "dieu-phoi")
    first, second = coordinator.get("/review"), coordinator.get("/review?page=2")
    assert first.status_code == second.status_code == 200
    assert "Báo cáo chờ duyệt (3)" in first.text and "Trang 1/2" in first.text
    assert [p.label in first.text for p in periods] == [True, True, False]
    assert [p.label in second.text for p in periods] == [False, False, True]
    assert 'href="?page=2"' in first.text and 'rel="prev"' in second.text
