"""Pages of the reporting cycle (HTTP only): the agency workspace (my tasks, my reports, returned
ones with the coordinator's comment, history, calendar link), the report form (save a draft,
attach evidence, submit), the coordinator's review queue, and period settings.

A form is checked on the server: the same schemas and service rules as the API; an error is shown
beside its field in Vietnamese and what the officer typed is kept in the form."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from dondoc.core.config import get_settings
from dondoc.core.errors import DomainError
from dondoc.core.problems import Problem, field_path
from dondoc.deps import PageUser, SessionDep, require_roles
from dondoc.formatting import parse_number
from dondoc.notify.service import calendar_url
from dondoc.plans.models import Plan
from dondoc.plans.service import plan_for_user
from dondoc.reporting import flows, repository
from dondoc.reporting.api import download
from dondoc.reporting.edges import report_page_context
from dondoc.reporting.models import SENT, Period, Report, ReportStatus
from dondoc.reporting.schemas import REPORT_STATUS_LABELS, PeriodAdjust, ReportUpdate
from dondoc.reporting.service import (
    ITEM_FIELDS,
    ReportError,
    adjust_period,
    agency_to_open_for,
    attach_evidence,
    due_reports,
    may_change_now,
    open_report,
    report_for_user,
    update_report,
)
from dondoc.scoring.service import task_figures
from dondoc.users.models import User
from dondoc.users.service import province_in_view
from dondoc.web.templating import FORM_ERROR, REPORTS_PER_PAGE, page_number, render, scope_bar

router = APIRouter(include_in_schema=False)
# What the page says after a successful action (?saved=…).
NOTICES = {
    "draft": "Đã lưu bản nháp.",
    "submitted": "Đã gửi báo cáo.",
    "accepted": "Đã chấp nhận báo cáo.",
    "returned": "Đã trả lại báo cáo kèm ý kiến.",
    "file": "Đã đính kèm minh chứng.",
    "figures": "Đã nạp số liệu từ tệp bảng tính.",
}
# A schema error, said in Vietnamese beside its field, by the kind of error pydantic reports.
FIELD_MESSAGES = {
    "range": "Giá trị phải nằm trong khoảng 0–100",
    "number": "Phải là một số",
    "date": "Ngày không hợp lệ (dd/mm/yyyy)",
    "url": "Đường dẫn không hợp lệ (bắt đầu bằng http:// hoặc https://)",
    "choice": "Chọn một giá trị trong danh sách",
    "long": "Nội dung quá dài",
    "other": "Giá trị không hợp lệ",
}
CoordinatorPage = Annotated[User, Depends(require_roles("admin", "coordinator"))]
VALUE_FIELDS = ("value", "source", "note")


@router.get("/workspace")
def workspace(request: Request, session: SessionDep, user: PageUser):
    """Việc của tôi: the reporter's tasks, reports due, returned reports, history."""
    if user.agency_id is None:
        raise DomainError(
            "forbidden",
            "Trang này dành cho cán bộ báo cáo của một cơ quan",
            "This page is for an agency's reporting officer",
        )
    agency = repository.get_agency(session, user.agency_id)
    today = get_settings().today()
    tasks: list[tuple[Plan, Any]] = []
    due: list[tuple[Plan, Period, Report | None]] = []
    for plan in repository.active_plans(session, province=user.province):
        tasks += [
            (plan, f) for f in task_figures(session, plan, today) if user.agency_id in f.lead_agency_ids
        ]
        due += [
            (plan, period, report) for period, report in due_reports(session, plan, user.agency_id, today)
        ]
    tasks.sort(key=lambda pf: (pf[1].deadline or date.max, pf[1].task.code))
    mine = repository.reports_of_agency(session, user.agency_id)
    returned = [r for r in mine if r.status == ReportStatus.RETURNED]
    history = [r for r in mine if r.status in SENT]
    link = calendar_url(user.agency_id)
    return render(
        request,
        "reporting/workspace.html",
        agency=agency,
        tasks=tasks,
        due=due[-12:],
        returned=returned,
        history=history,
        calendar_url=link,
        status_labels=REPORT_STATUS_LABELS,
        plans=repository.plans_named(session, {r.period.plan_id for r in (*returned, *history)}),
    )


@router.post("/periods/{period_id}/open")
def open_for_me(
    period_id: int,
    request: Request,
    session: SessionDep,
    user: PageUser,
    agency: Annotated[int | None, Form()] = None,
) -> Response:
    period = repository.get_period(session, period_id)
    if period is None:
        raise Problem(404, f"Không có kỳ báo cáo {period_id}", f"No reporting period {period_id}")
    plan_for_user(session, period.plan_id, user)  # a plan of another province is not there
    body = agency_to_open_for(session, user, str(agency) if agency is not None else None)
    report = open_report(session, period, body, actor=user.username)
    return RedirectResponse(f"/reports/{report.id}", status_code=303)


@router.get("/reports/{report_id}")
def report_page(
    report_id: int, request: Request, session: SessionDep, user: PageUser, saved: str | None = None
):
    report = report_for_user(session, report_id, user)
    notice = NOTICES.get(saved or "")
    return render(
        request,
        "reporting/report.html",
        **report_page_context(session, report),
        errors={},
        typed={},
        editable=may_change_now(user, report),
        notice=notice,
    )


def _form_to_update(form: dict[str, str], report: Report) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's fields (items-<task>-<field>, values-<target>-<field>) as a ReportUpdate body,
    empty inputs left out; also the typed values keyed by input name, to show them again."""
    typed = {k: v for k, v in form.items() if k.startswith(("items-", "values-"))}
    items = []
    for item in report.items:
        entry: dict[str, Any] = {"task_id": item.task_id}
        for f in ITEM_FIELDS:
            raw = form.get(f"items-{item.task_id}-{f}")
            if raw is not None:
                entry[f] = _typed_number(raw) if f == "progress" else (raw.strip() or None)
        items.append(entry)
    values = []
    for line in report.values:
        entry = {"target_id": line.target_id}
        for f in VALUE_FIELDS:
            raw = form.get(f"values-{line.target_id}-{f}")
            if raw is not None:
                entry[f] = _typed_number(raw) if f == "value" else (raw.strip() or None)
        values.append(entry)
    return {"version": form.get("version"), "items": items, "values": values}, typed


def _typed_number(raw: str) -> float | str | None:
    """ "12,5" or "1.234,5" as a number; what cannot be read is passed on as typed, so that the
    schema refuses it and names the field."""
    try:
        return parse_number(raw)
    except ValueError:
        return raw.strip()


def _input_name(field: str, body: dict[str, Any]) -> str:
    """items[3].progress → the name of the input that holds it (items-<task id>-progress)."""
    head, _, rest = field.partition("].")
    kind, _, index = head.partition("[")
    if kind in ("items", "values") and index.isdigit() and rest:
        key = "task_id" if kind == "items" else "target_id"
        return f"{kind}-{body[kind][int(index)][key]}-{rest}"
    return field


@router.post("/reports/{report_id}")
async def save_report(report_id: int, request: Request, session: SessionDep, user: PageUser):
    """Save the draft, or save and submit ("action" = submit). Errors are shown beside the field."""
    report = report_for_user(session, report_id, user, write=True)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    body, typed = _form_to_update(form, report)
    errors: dict[str, str] = {}
    try:
        # A savepoint: a refused form undoes only its own writes (the version claim included).
        with session.begin_nested():
            update = ReportUpdate.model_validate(body)
            update_report(session, report, update, actor=user.username)
            if form.get("action") == "submit":
                flows.submit_report(session, report, report.version, actor=user.username)
    except ValidationError as exc:
        for e in exc.errors():
            errors[_input_name(field_path(e["loc"]), body)] = _vi_message(e)
    except ReportError as exc:
        if exc.kind == "forbidden":
            raise  # a refusal, audited by the handler, never a message beside a field
        errors[_input_name(exc.field or "form", body)] = exc.message_vi
    if errors:  # nothing of a refused form is kept; the officer still has it on screen
        session.expire_all()
        report = report_for_user(session, report_id, user)
        return render(
            request,
            "reporting/report.html",
            status_code=FORM_ERROR,
            **report_page_context(session, report),
            errors=errors,
            typed=typed,
            editable=True,
            notice=None,
        )
    return RedirectResponse(f"/reports/{report.id}?saved={report.status}", status_code=303)


def _vi_message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in ("greater_than_equal", "less_than_equal"):
        return FIELD_MESSAGES["range"]
    if kind.startswith(("float", "int", "finite")):
        return FIELD_MESSAGES["number"]
    if kind.startswith("date"):
        return FIELD_MESSAGES["date"]
    if kind.startswith("url"):
        return FIELD_MESSAGES["url"]
    if kind == "literal_error":
        return FIELD_MESSAGES["choice"]
    if kind == "string_too_long":
        return FIELD_MESSAGES["long"]
    return FIELD_MESSAGES["other"]


@router.post("/reports/{report_id}/items/{item_id}/attach")
def attach_page(
    report_id: int, item_id: int, request: Request, session: SessionDep, user: PageUser, file: UploadFile
) -> Response:
    report = report_for_user(session, report_id, user, write=True)
    attach_evidence(session, report, item_id, file.filename, file.file, user=user)
    return RedirectResponse(f"/reports/{report_id}?saved=file#item-{item_id}", status_code=303)


@router.post("/reports/{report_id}/review")
def review_page(
    report_id: int,
    request: Request,
    session: SessionDep,
    user: CoordinatorPage,
    version: Annotated[int, Form()],
    decision: Annotated[Literal["accept", "return"], Form()],
    comment: Annotated[str, Form()] = "",
) -> Response:
    report = report_for_user(session, report_id, user)
    try:
        with session.begin_nested():
            flows.review_report(
                session, report, version, decision, comment.strip() or None, actor=user.username
            )
    except ReportError as exc:
        if exc.kind == "forbidden":
            raise  # a refusal, audited by the handler, never a message beside a field
        session.expire_all()
        report = report_for_user(session, report_id, user)
        return render(
            request,
            "reporting/report.html",
            status_code=FORM_ERROR,
            **report_page_context(session, report),
            errors={"comment": exc.message_vi},
            typed={"comment": comment},
            editable=False,
            notice=None,
        )
    return RedirectResponse(f"/reports/{report.id}?saved={report.status}", status_code=303)


@router.get("/review")
def review_queue(request: Request, session: SessionDep, user: CoordinatorPage):
    """Báo cáo chờ duyệt, oldest due first, a page at a time (a national coordinator's queue holds
    the whole country's)."""
    province = province_in_view(user, request.query_params.get("province"))
    total = repository.count_waiting(session, province)
    page, pages = page_number(request, total, REPORTS_PER_PAGE)
    waiting = repository.waiting_for_review(
        session, province, limit=REPORTS_PER_PAGE, offset=(page - 1) * REPORTS_PER_PAGE
    )
    names = repository.agency_names(session, [r.agency_id for r in waiting])
    plans = repository.plans_named(session, {r.period.plan_id for r in waiting})
    return render(
        request,
        "reporting/review.html",
        waiting=waiting,
        total=total,
        names=names,
        plans=plans,
        **scope_bar(user.province, province, page, pages, lambda: repository.provinces_with_plans(session)),
        freshness=False,
    )


@router.get("/plans/{plan_id}/periods")
def period_settings(plan_id: int, request: Request, session: SessionDep, user: CoordinatorPage):
    plan = plan_for_user(session, plan_id, user)
    return render(
        request,
        "reporting/periods.html",
        plan=plan,
        periods=repository.periods_of(session, plan.id),
        errors={},
    )


@router.post("/periods/{period_id}")
def change_period_page(
    period_id: int, request: Request, session: SessionDep, user: CoordinatorPage, due: Annotated[str, Form()]
) -> Response:
    period = repository.get_period(session, period_id)
    if period is None:
        raise Problem(404, f"Không có kỳ báo cáo {period_id}", f"No reporting period {period_id}")
    plan_for_user(session, period.plan_id, user)  # a plan of another province is not there
    try:
        adjust_period(session, period, PeriodAdjust(due=date.fromisoformat(due)), actor=user.username)
    except ValueError:
        plan = repository.get_plan(session, period.plan_id)
        return render(
            request,
            "reporting/periods.html",
            status_code=FORM_ERROR,
            plan=plan,
            periods=repository.periods_of(session, period.plan_id),
            errors={period.id: "Ngày không hợp lệ"},
        )
    return RedirectResponse(f"/plans/{period.plan_id}/periods#period-{period.id}", status_code=303)


@router.get("/attachments/{attachment_id}/download")
def download_page(attachment_id: int, session: SessionDep, user: PageUser):
    return download(attachment_id, session, user)
