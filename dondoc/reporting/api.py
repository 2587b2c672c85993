"""HTTP endpoints of the reporting cycle (HTTP only: parse, check the role, call, answer).

Roles: coordinators and admins set periods, record events and review; a reporter reads and edits
only its own agency's reports (a try at another agency's is refused and audited); viewers read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, UploadFile
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from dondoc.core.problems import Problem
from dondoc.deps import CurrentUser, SessionDep, require_roles
from dondoc.plans.models import Plan
from dondoc.plans.service import plan_for_user
from dondoc.reporting import files, flows, repository
from dondoc.reporting.models import Period
from dondoc.reporting.schemas import (
    AttachmentOut,
    EventIn,
    PeriodAdjust,
    PeriodIn,
    PeriodOut,
    ReportOut,
    ReportState,
    ReportUpdate,
    ReviewIn,
    VersionIn,
)
from dondoc.reporting.service import (
    add_part,
    adjust_period,
    agency_to_open_for,
    attach_evidence,
    attachment_for_user,
    generate_periods,
    open_report,
    record_event,
    report_for_user,
    update_report,
)
from dondoc.users.models import User
from dondoc.users.service import province_in_view

router = APIRouter(prefix="/api", tags=["reporting"])
Coordinator = Annotated[User, Depends(require_roles("admin", "coordinator"))]


def _plan(session: SessionDep, plan_id: int, user: User) -> Plan:
    return plan_for_user(session, plan_id, user)  # a plan of another province is not there


def _period(session: SessionDep, period_id: int, user: User) -> Period:
    period = repository.get_period(session, period_id)
    if period is None:
        raise Problem(404, f"Không có kỳ báo cáo {period_id}", f"No reporting period {period_id}")
    plan_for_user(session, period.plan_id, user)
    return period


# --- periods ----------------------------------------------------------------------------------


@router.get("/plans/{plan_id}/periods", response_model=list[PeriodOut])
def list_periods(plan_id: int, session: SessionDep, user: CurrentUser):
    return repository.periods_of(session, _plan(session, plan_id, user).id)


@router.post("/plans/{plan_id}/periods", response_model=list[PeriodOut], status_code=201)
def create_periods(plan_id: int, session: SessionDep, user: Coordinator, body: PeriodIn | None = None):
    """Sinh các kỳ báo cáo từ chế độ báo cáo của kế hoạch (hoặc theo tần suất điều phối viên chọn) /
    generate the periods from the plan's reporting duties, or from the frequency given."""
    plan = _plan(session, plan_id, user)
    args = body.model_dump() if body else {}
    return generate_periods(session, plan, actor=user.username, **args)


@router.patch("/periods/{period_id}", response_model=PeriodOut)
def change_period(period_id: int, body: PeriodAdjust, session: SessionDep, user: Coordinator):
    return adjust_period(session, _period(session, period_id, user), body, actor=user.username)


# --- reports ----------------------------------------------------------------------------------


class OpenReportIn(BaseModel):
    agency: str | None = Field(default=None, description="id, tên hoặc tên viết tắt / id, name or alias")


@router.get("/reports", response_model=list[ReportOut])
def list_reports(
    session: SessionDep,
    user: CurrentUser,
    plan: int | None = None,
    period: int | None = None,
    agency: int | None = None,
    status: str | None = None,
    province: str | None = None,
):
    if user.role == "reporter":
        agency = user.agency_id  # a reporter sees its own agency's reports only
    scope = province_in_view(user, province)
    return repository.find_reports(
        session, plan_id=plan, period_id=period, agency_id=agency, status=status, province=scope, limit=500
    )


@router.post("/periods/{period_id}/reports", response_model=ReportOut, status_code=201)
def start_report(period_id: int, session: SessionDep, user: CurrentUser, body: OpenReportIn | None = None):
    """Mở (hoặc lấy) báo cáo của cơ quan cho kỳ / open (or fetch) the agency's report for the period."""
    period = _period(session, period_id, user)
    agency = agency_to_open_for(session, user, body.agency if body else None)
    return open_report(session, period, agency, actor=user.username)


@router.get("/reports/{report_id}", response_model=ReportOut)
def get_report(report_id: int, session: SessionDep, user: CurrentUser):
    return report_for_user(session, report_id, user)


@router.patch("/reports/{report_id}", response_model=ReportOut)
def edit_report(report_id: int, body: ReportUpdate, session: SessionDep, user: CurrentUser):
    """Lưu nháp: gửi kèm `version` đã đọc; nếu người khác đã sửa trước sẽ nhận 409 / save a draft,
    quoting the version you read; a stale version gets 409 and nothing is saved."""
    report = report_for_user(session, report_id, user, write=True)
    return update_report(session, report, body, actor=user.username)


@router.post("/reports/{report_id}/submit", response_model=ReportState)
def submit_report(report_id: int, body: VersionIn, session: SessionDep, user: CurrentUser):
    """Gửi báo cáo, kèm `version` đã đọc; trả về trạng thái mới (không kèm nội dung) / submit,
    quoting the version read; the answer is the report's new state, without its items."""
    report = report_for_user(session, report_id, user, write=True)
    return flows.submit_report(session, report, body.version, actor=user.username)


@router.post("/reports/{report_id}/review", response_model=ReportState)
def review_report(report_id: int, body: ReviewIn, session: SessionDep, user: Coordinator):
    """Chấp nhận hoặc trả lại (kèm ý kiến) / accept, or return with a comment."""
    report = report_for_user(session, report_id, user)
    return flows.review_report(
        session, report, body.version, body.decision, body.comment, actor=user.username
    )


class PartIn(BaseModel):
    task_id: int
    version: int = Field(ge=1)


@router.post("/reports/{report_id}/parts", response_model=ReportOut, status_code=201)
def add_coordinating_part(report_id: int, body: PartIn, session: SessionDep, user: CurrentUser):
    """Cơ quan phối hợp bổ sung phần việc của mình / a coordinating agency adds its part of a task."""
    report = report_for_user(session, report_id, user, write=True)
    add_part(session, report, body.task_id, body.version, actor=user.username)
    return report


@router.post(
    "/reports/{report_id}/items/{item_id}/attachments", response_model=AttachmentOut, status_code=201
)
def attach(
    report_id: int,
    item_id: int,
    file: UploadFile,
    session: SessionDep,
    user: CurrentUser,
    note: Annotated[str | None, Form()] = None,
):
    """Đính kèm minh chứng (tối đa 20 MB; loại tệp kiểm tra theo nội dung) / attach evidence (at
    most the upload limit; the type is checked from the content)."""
    report = report_for_user(session, report_id, user, write=True)
    return attach_evidence(session, report, item_id, file.filename, file.file, user=user)


@router.get("/attachments/{attachment_id}")
def download(attachment_id: int, session: SessionDep, user: CurrentUser):
    attachment = attachment_for_user(session, attachment_id, user)
    return FileResponse(
        files.path_of(attachment.sha256), media_type=attachment.content_type, filename=attachment.filename
    )


# --- event tasks ------------------------------------------------------------------------------


@router.post("/tasks/{task_id}/event")
def set_event(task_id: int, body: EventIn, session: SessionDep, user: Coordinator):
    """Ghi nhận ngày xảy ra sự kiện mà nhiệm vụ chờ / record the day the awaited event happened."""
    task = repository.get_task(session, task_id)
    if task is None:
        raise Problem(404, f"Không có nhiệm vụ {task_id}", f"No task {task_id}")
    record_event(session, task, body.event_date, body.days, actor=user.username)
    return {"id": task.id, "event_date": task.event_date, "event_days": task.event_days}
