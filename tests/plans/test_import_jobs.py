"""Import jobs (plans/jobs.py, plans/service_imports.py): a plan file is queued by the page or the
API, read and extracted off the request stage by stage, stored as a draft and the job marked done
in one unit of work; a scan is failed with the reader's reason, shown beside the file field; an
empty file or one of another format is refused at once; a job runs once; the scheduled sweep runs
a job left queued and fails one a restart cut off; only its sender (or an administrator) sees it.

The job's units of work are the test's session (rolled back after the test), except in the last
test: there they are real ones on a SQLite database of its own, to show what commits together."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from datetime import timedelta

import pytest
from factories import EXAMPLE_PLANS, make_user, seed_registry
from fastapi import FastAPI
from fastapi.testclient import TestClient
from fpdf import FPDF
from own_database import OwnDatabase, own_database
from sqlalchemy import select, update
from sqlalchemy.orm import Session

import dondoc.plans.jobs as jobs
from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.core.db import session_scope, utcnow
from dondoc.deps import get_session, get_units
from dondoc.plans import repository
from dondoc.plans.models import ImportJob, Plan
from dondoc.plans.service import ImportRefused
from dondoc.plans.service_imports import queue_import

PASSWORD = "mat-khau-8"
PLAN_119 = "003_e7c1642710abab67.txt"  # 119/KH-UBND (2020)
LIMIT = 20 * 1024 * 1024


def scanned_pdf() -> bytes:
    """A page with a drawn rectangle and no text at all: what a scan looks like to the reader."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 80, style="F")
    return bytes(pdf.output())


def units_of(session: Session) -> jobs.Units:
    return lambda: nullcontext(session)


def fresh(session: Session, job: ImportJob) -> ImportJob:
    session.refresh(job)
    return job


@pytest.fixture()
def app(session: Session) -> FastAPI:
    app = create_app()

    def _session() -> Iterator[Session]:
        yield session

    app.dependency_overrides[get_session] = _session
    app.dependency_overrides[get_units] = lambda: units_of(session)
    return app


def signed_in(app: FastAPI, session: Session, username: str, role: str = "coordinator") -> TestClient:
    make_user(session, username=username, role=role, password=PASSWORD)
    client = TestClient(app, base_url="http://testserver")
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 200
    return client


def test_a_job_goes_through_its_stages_to_a_draft_once(session: Session, monkeypatch) -> None:
    seed_registry(session)
    data = (EXAMPLE_PLANS / PLAN_119).read_bytes()
    job = queue_import(session, data, PLAN_119, actor="dieu-phoi", max_bytes=LIMIT)
    assert job.stage == "queued" and job.size == len(data)
    stages: list[str] = []
    real = repository.set_import_stage
    monkeypatch.setattr(
        repository, "set_import_stage", lambda s, i, stage: (stages.append(stage), real(s, i, stage))
    )
    assert jobs.run_import(job.id, units_of(session)) == "done"
    assert stages == ["extracting", "storing"]  # "reading" is the claim's
    job = fresh(session, job)
    plan = session.get(Plan, job.plan_id)
    assert job.stage == "done" and job.created is True and job.content is None
    assert plan is not None and plan.number == "119/KH-UBND" and plan.status == "draft"
    assert jobs.run_import(job.id, units_of(session)) == "taken"  # claimed once, never run twice
    again = queue_import(session, data, "ban-sao.txt", actor="dieu-phoi", max_bytes=LIMIT)
    assert jobs.run_import(again.id, units_of(session)) == "done"
    assert fresh(session, again).plan_id == plan.id and again.created is False


def test_a_scan_fails_with_the_readers_reason_beside_the_field(app: FastAPI, session: Session) -> None:
    scan = scanned_pdf()
    client = signed_in(app, session, "dieu-phoi")
    sent = client.post(
        "/import", files={"file": ("scan.pdf", scan, "application/pdf")}, follow_redirects=False
    )
    assert sent.status_code == 303
    job_url = sent.headers["location"]
    page = client.get(job_url)
    assert page.status_code == 200 and 'class="field-error"' in page.text and "scan.pdf" in page.text
    job = session.scalars(select(ImportJob).order_by(ImportJob.id.desc())).first()
    assert job is not None and fresh(session, job).stage == "failed" and job.error_kind == "unreadable"
    assert job.error_vi and job.error_en and job.error_vi in page.text
    english = client.get(f"/lang/en?next={job_url}")
    assert job.error_en in english.text
    failed = session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "import_job", AuditEvent.action == "import_failed")
    ).all()
    assert [e.entity_id for e in failed] == [str(job.id)]
    assert session.scalars(select(Plan).where(Plan.source_file == "scan.pdf")).first() is None


def test_an_empty_file_or_another_format_is_refused_at_once(session: Session) -> None:
    for name, content in (("trong.txt", b" \n"), ("bang.xlsx", b"PK\x03\x04 not a zip")):
        with pytest.raises(ImportRefused) as refused:
            queue_import(session, content, name, actor="dieu-phoi", max_bytes=LIMIT)
        assert refused.value.kind == "unreadable" and refused.value.field == "file"
    assert session.scalars(select(ImportJob)).first() is None


def test_the_progress_page_says_the_stage_and_updates_itself(app: FastAPI, session: Session) -> None:
    client = signed_in(app, session, "dieu-phoi")
    job = queue_import(session, b"KE HOACH\n", "kh.txt", actor="dieu-phoi", max_bytes=LIMIT)
    assert repository.claim_import(session, job.id) is not None  # a runner has it: reading
    repository.set_import_stage(session, job.id, "extracting")
    page = client.get(f"/imports/{job.id}")
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="1">' in page.text
    assert "Đang trích xuất nhiệm vụ, chỉ tiêu, chế độ báo cáo…" in page.text
    assert 'value="40"' in page.text and "✓ Đang đọc tệp" in page.text and "kh.txt (9 B)" in page.text
    english = client.get(f"/lang/en?next=/imports/{job.id}")
    assert "Extracting tasks, indicators, reporting duties…" in english.text
    assert "Máy chủ chưa bắt đầu nhập" not in page.text  # a job under way: no warning
    waiting = queue_import(session, b"KE HOACH 3\n", "cho.txt", actor="dieu-phoi", max_bytes=LIMIT)
    session.execute(
        update(ImportJob).where(ImportJob.id == waiting.id).values(updated_at=utcnow() - timedelta(minutes=5))
    )
    assert "The server has not started importing this file" in client.get(f"/imports/{waiting.id}").text
    # another coordinator does not see it; an administrator does
    other = signed_in(app, session, "dieu-phoi-2")
    assert other.get(f"/imports/{job.id}").status_code == 404
    assert signed_in(app, session, "quan-tri", role="admin").get(f"/imports/{job.id}").status_code == 200


def test_the_api_queues_and_reports_the_job(app: FastAPI, session: Session) -> None:
    seed_registry(session)
    make_user(session, username="api-dp", role="coordinator", password=PASSWORD)
    client = TestClient(app)
    token = client.post("/api/auth/token", data={"username": "api-dp", "password": PASSWORD}).json()
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    data = (EXAMPLE_PLANS / PLAN_119).read_bytes()
    queued = client.post("/api/imports", files={"file": (PLAN_119, data, "text/plain")}, headers=auth)
    assert queued.status_code == 202 and queued.json()["stage"] == "queued"
    status = client.get(f"/api/imports/{queued.json()['id']}", headers=auth).json()
    assert status["stage"] == "done" and status["progress"] == 100 and status["created"] is True
    assert session.get(Plan, status["plan_id"]) is not None
    refused = client.post(
        "/api/imports", files={"file": ("x.exe", b"MZ\x90\x00", "application/x")}, headers=auth
    )
    assert refused.status_code == 400 and refused.json()["field"] == "file"


def test_the_sweep_runs_a_job_left_queued_and_fails_one_cut_off(session: Session) -> None:
    seed_registry(session)
    data = (EXAMPLE_PLANS / PLAN_119).read_bytes()
    left = queue_import(session, data, PLAN_119, actor="dieu-phoi", max_bytes=LIMIT)
    cut = queue_import(session, b"KE HOACH\n", "cut.txt", actor="dieu-phoi", max_bytes=LIMIT)
    running = queue_import(session, b"KE HOACH 2\n", "running.txt", actor="dieu-phoi", max_bytes=LIMIT)
    long_ago = utcnow() - timedelta(hours=1)
    session.execute(update(ImportJob).where(ImportJob.id == left.id).values(updated_at=long_ago))
    session.execute(
        update(ImportJob).where(ImportJob.id == cut.id).values(stage="extracting", updated_at=long_ago)
    )
    session.execute(update(ImportJob).where(ImportJob.id == running.id).values(stage="extracting"))
    assert jobs.resume_imports(units_of(session)) == "1 interrupted, 1 resumed"
    assert fresh(session, left).stage == "done"
    assert fresh(session, cut).stage == "failed" and cut.error_kind == "interrupted"
    assert fresh(session, running).stage == "extracting"  # still moving: left alone


def test_an_unexpected_failure_still_ends_the_job(session: Session, monkeypatch) -> None:
    job = queue_import(session, b"KE HOACH\n", "kh.txt", actor="dieu-phoi", max_bytes=LIMIT)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(jobs, "prepare_import", broken)
    assert jobs.run_import(job.id, units_of(session)) == "failed"
    job = fresh(session, job)
    assert job.stage == "failed" and job.error_kind == "error" and "lỗi của hệ thống" in (job.error_vi or "")


@pytest.fixture()
def own(tmp_path, monkeypatch) -> Iterator[OwnDatabase]:
    """A SQLite database of the test's own: the job's units of work really commit and roll back."""
    yield from own_database(tmp_path, monkeypatch)


def _job_and_plans(own: OwnDatabase, job_id: int) -> tuple[str, int]:
    with session_scope(write=False) as session:
        job = repository.import_job(session, job_id)
        assert job is not None
        return job.stage, len(session.scalars(select(Plan)).all())


def test_with_real_units_the_draft_and_done_commit_together(own: OwnDatabase, monkeypatch) -> None:
    data = (EXAMPLE_PLANS / PLAN_119).read_bytes()
    with session_scope() as session:
        seed_registry(session)
        ok = queue_import(session, data, PLAN_119, actor="dieu-phoi", max_bytes=LIMIT).id
        broken = queue_import(session, data, "ban-sao.txt", actor="dieu-phoi", max_bytes=LIMIT).id
        overtaken = queue_import(session, data, "ban-khac.txt", actor="dieu-phoi", max_bytes=LIMIT).id
    real_store = jobs.store_import

    def store_then_fail(session: Session, prepared: object, *, actor: str) -> object:
        real_store(session, prepared, actor=actor)  # the draft's rows are written…
        raise RuntimeError("disk full")  # …and the unit fails before its commit

    monkeypatch.setattr(jobs, "store_import", store_then_fail)
    assert jobs.run_import(broken) == "failed"
    assert _job_and_plans(own, broken) == ("failed", 0)  # the draft went back with its unit

    def sweep_meanwhile(session: Session, prepared: object, *, actor: str) -> object:
        with session_scope() as other:  # another process's sweep fails the job while it stores
            other.execute(update(ImportJob).where(ImportJob.id == overtaken).values(stage="failed"))
        return real_store(session, prepared, actor=actor)

    monkeypatch.setattr(jobs, "store_import", sweep_meanwhile)
    assert jobs.run_import(overtaken) == "failed"
    assert _job_and_plans(own, overtaken) == ("failed", 0)  # its outcome stands, no draft stored

    monkeypatch.setattr(jobs, "store_import", real_store)
    assert jobs.run_import(ok) == "done"
    assert _job_and_plans(own, ok) == ("done", 1)
