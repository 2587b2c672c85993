"""The plan pages (HTTP only: parse, call a service, render): the list of plans, a plan with its
outline, filtered task table and indicators, the import of a plan file as a draft, and the review
of a draft against its source (corrections, agency names to map, what it changes in the plan it
replaces, activation). Writes answer with a 303 redirect (Post/Redirect/Get)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from dondoc.agencies.models import Agency
from dondoc.core.config import get_settings
from dondoc.core.db import utcnow
from dondoc.core.problems import status_of
from dondoc.deps import PageUser, SessionDep, UnitsDep, require_roles
from dondoc.formatting import file_size
from dondoc.plans import flows, repository
from dondoc.plans import service_review as review
from dondoc.plans.diff import diff_plans
from dondoc.plans.jobs import run_import
from dondoc.plans.models import Plan, Task
from dondoc.plans.service import ImportRefused
from dondoc.plans.service_imports import STAGE_LABELS, import_for_user, progress_of, queue_import
from dondoc.reporting import repository as reporting_repository
from dondoc.scoring.progress import FORMULA_VI
from dondoc.scoring.service import target_figures
from dondoc.scoring.timeliness import LABELS_VI as TIMELINESS_LABELS
from dondoc.scoring.timeliness import TASK_STATUSES
from dondoc.users.models import User
from dondoc.users.service import may_see_plan, province_in_view
from dondoc.web import charts
from dondoc.web.templating import FORM_ERROR, lang_of, page_error, render

EAGER_CHARTS = 4
router = APIRouter(include_in_schema=False)
Coordinator = Annotated[User, Depends(require_roles("admin", "coordinator"))]
REVIEW_PER_PAGE = 25
LONG_WAIT = timedelta(minutes=2)  # an import queued this long has not been started
COORDINATING_ROLES = ("admin", "coordinator")
ACCEPTED_FILES = ".pdf,.docx,.txt,.md"

# Messages after a redirect, named by a code in the query string (never text from the URL).
NOTICES = {
    "imported": "Đã nhập kế hoạch thành bản nháp. Hãy đối chiếu từng dòng với văn bản gốc trước khi kích hoạt.",
    "exists": "Tệp này đã được nhập trước đây; đây là kế hoạch đã lưu.",
    "corrected": "Đã lưu chỉnh sửa nhiệm vụ.",
    "deleted": "Đã xoá dòng khỏi bản nháp (nhật ký lưu lại toàn bộ nội dung dòng).",
    "added": "Đã thêm nhiệm vụ vào bản nháp.",
    "checked": "Đã đánh dấu dòng là đã xem.",
    "unchanged": "Không có gì thay đổi.",
    "mapped": "Đã ánh xạ tên cơ quan vào danh mục.",
    "activated": "Đã kích hoạt kế hoạch và tạo các kỳ báo cáo.",
}
BADGE_CLASS = {
    "completed_on_time": "ok",
    "completed_late": "warn",
    "overdue": "bad",
    "in_progress": "",
    "waiting_event": "muted",
    "no_deadline": "muted",
}
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "~": "khoảng"}


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def saved(session: SessionDep, url: str) -> RedirectResponse:
    """Send the browser on after a write: the request's session commits before the response leaves
    (SessionDep has scope="function"), so the page it is sent to finds what was just written."""
    return see_other(url)


def visible_plan(session: SessionDep, plan_id: int, user: User) -> Plan | None:
    """The plan, if this user may see it: a draft is seen only by those who import and review."""
    plan = repository.by_id(session, plan_id)
    if plan is None or (plan.status == "draft" and user.role not in COORDINATING_ROLES):
        return None
    return plan if may_see_plan(user, plan.scope_province) else None


def no_plan(request: Request, plan_id: int) -> Response:
    # The error page is rendered here, while the session that loaded the signed-in user is open.
    return page_error(request, 404, f"Không có kế hoạch {plan_id}", f"No plan {plan_id}")


def common(plan: Plan | None = None) -> dict[str, Any]:
    """What every plan template uses."""
    context: dict[str, Any] = {
        "status_labels": review.PLAN_STATUS_VI,
        "timeliness_labels": TIMELINESS_LABELS,
        "badge_class": BADGE_CLASS,
        "deadline_words": review.deadline_words,
        "signs": COMPARATOR_SIGNS,
    }
    if plan is not None:
        context["plan"] = plan
        context["source_of"] = lambda start, end=None: review.source_excerpt(plan, start, end)
    return context


# --- the list and the plan page -------------------------------------------------------------


@router.get("/plans")
def plan_list(request: Request, session: SessionDep, user: PageUser):
    province = province_in_view(user, request.query_params.get("province"))
    plans = repository.plans_newest_first(
        session, with_drafts=user.role in COORDINATING_ROLES, province=province
    )
    return render(
        request,
        "plans/list.html",
        plans=plans,
        counts=repository.row_counts(session),
        can_review=user.role in COORDINATING_ROLES,
        **common(),
    )


@dataclass
class TaskQuery:
    """The task filters as read, their field errors, the agency a reporter is held to, and the
    query values to keep in links."""

    filters: review.TaskFilters
    errors: dict[str, str]
    held: Agency | None
    kept: dict[str, str]

    def with_page(self, page: int) -> str:
        return urlencode({**self.kept, **({"page": page} if page > 1 else {})})


def read_filters(
    session: SessionDep,
    user: PageUser,
    agency: str | None = None,
    status: str | None = None,
    due_from: str | None = None,
    due_to: str | None = None,
    q: str | None = None,
    page: str | None = None,
) -> TaskQuery:
    """The task filters of the query string (a reporter is held to its own agency's work)."""
    errors: dict[str, str] = {}
    filters = review.TaskFilters(q=(q or "").strip() or None)
    filters.agency_id = int(agency) if agency and agency.isdigit() else None
    filters.status = status if status in TASK_STATUSES else None
    for name, value in (("due_from", due_from), ("due_to", due_to)):
        try:
            setattr(filters, name, review.parse_day(value))
        except review.CorrectionError as exc:
            errors[name] = exc.errors["day"]
    filters.page = int(page) if page and page.isdigit() else 1
    held = None
    if user.role == "reporter" and user.agency_id is not None:
        held = repository.agency_by_id(session, user.agency_id)
        filters.agency_id = user.agency_id
    kept = {
        "agency": str(filters.agency_id) if filters.agency_id is not None and held is None else "",
        "status": filters.status or "",
        "due_from": filters.due_from.isoformat() if filters.due_from else "",
        "due_to": filters.due_to.isoformat() if filters.due_to else "",
        "q": filters.q or "",
    }
    return TaskQuery(filters, errors, held, {k: v for k, v in kept.items() if v})


Filters = Annotated[TaskQuery, Depends(read_filters)]


def table_context(session: SessionDep, plan: Plan, query: TaskQuery) -> dict[str, Any]:
    table = review.task_table(session, plan, query.filters, as_of=get_settings().today())
    names = review.agencies_of_rows(session, table.rows)
    return {
        "table": table,
        "filters": query.filters,
        "filter_errors": query.errors,
        "held_agency": query.held,
        "page_query": query.with_page,
        "names": names,
        "now_bodies": bodies_today(session, names, table),
    }


def bodies_today(session: SessionDep, names: dict[int, Agency], table: review.TaskTable) -> dict[int, Agency]:
    ids = {a.agency_id for row in table.rows for a in row.leads + row.coordinators if a.agency_id}
    return review.bodies_today(session, names, ids, get_settings().today())


@router.get("/plans/{plan_id}")
def plan_page(
    request: Request,
    plan_id: int,
    session: SessionDep,
    user: PageUser,
    filters: Filters,
    done: str | None = None,
):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    figures = review.indicators_for(session, target_figures(session, plan), filters.held)
    indicator_charts: dict[int, tuple[list[tuple[float, float]], Any]] = {}
    for figure in figures:
        points = review.target_points(session, figure)
        if points:
            # The first charts are drawn with the page; the others when scrolled into view (htmx),
            # so that a plan with many indicators still answers fast.
            eager = len(indicator_charts) < EAGER_CHARTS
            indicator_charts[figure.target.id] = (points, chart_of(figure, points) if eager else None)
    return render(
        request,
        "plans/detail.html",
        periods=[
            p for p in reporting_repository.periods_of(session, plan.id) if p.due <= get_settings().today()
        ][-24:],
        outline=review.outline_tree(plan.sections),
        lead_agencies=repository.lead_agencies(session, plan.id),
        statuses=TASK_STATUSES,
        target_rows=figures,
        indicator_charts=indicator_charts,
        formula=FORMULA_VI,
        notice=NOTICES.get(done or ""),
        **table_context(session, plan, filters),
        **common(plan),
    )


@router.get("/plans/{plan_id}/charts/{target_id}")
def indicator_chart(request: Request, plan_id: int, target_id: int, session: SessionDep, user: PageUser):
    """One indicator's chart (for the page's lazy loading, or opened on its own without JavaScript)."""
    plan = visible_plan(session, plan_id, user)
    figure = (
        next((f for f in target_figures(session, plan) if f.target.id == target_id), None) if plan else None
    )
    if figure is None or not figure.points:
        return no_plan(request, plan_id)
    return HTMLResponse(str(chart_of(figure, figure.points)))


def chart_of(figure: Any, points: list[tuple[float, float]]) -> Any:
    target = figure.target
    year = figure.indicator.year
    due = float(year + 1) if year else None  # a target "by 2030" is due at the end of 2030
    goal = (due, target.value) if due is not None and target.value is not None else None
    forecast = figure.progress.forecast
    title = f"{figure.indicator.code}: {target.what or figure.indicator.text}"[:90]
    return charts.target_path(title, points, goal, (due, forecast) if due and forecast is not None else None)


@router.get("/plans/{plan_id}/tasks")
def task_table_part(request: Request, plan_id: int, session: SessionDep, user: PageUser, filters: Filters):
    """Only the task table, for htmx; the address in the browser stays the plan page's."""
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    query = filters.with_page(filters.filters.page)
    full = f"/plans/{plan.id}" + (f"?{query}" if query else "")
    if not is_htmx(request):
        return see_other(full)
    response = render(
        request, "plans/_task_table.html", **table_context(session, plan, filters), **common(plan)
    )
    response.headers["HX-Push-Url"] = full
    return response


# --- import ---------------------------------------------------------------------------------


@router.get("/import")
def import_page(request: Request, user: Coordinator):
    return render(request, "plans/import.html", accept=ACCEPTED_FILES, limit_mb=get_settings().max_upload_mb)


def import_refused(request: Request, status: int, message: str) -> Response:
    template = "plans/_import_form.html" if is_htmx(request) else "plans/import.html"
    return render(
        request,
        template,
        status_code=status,
        error=message,
        accept=ACCEPTED_FILES,
        limit_mb=get_settings().max_upload_mb,
    )


@router.post("/import")
async def import_upload(
    request: Request,
    session: SessionDep,
    user: Coordinator,
    background: BackgroundTasks,
    units: UnitsDep,
    file: Annotated[UploadFile | None, File()] = None,
):
    """Queue the uploaded plan and go to its progress (htmx: the HX-Redirect header); the import
    runs right after the response, off the request (plans/jobs.py). A file with no name or over
    the limit is refused here, beside the field. The file is a parameter so that FastAPI reads the
    upload before the dependencies open the unit of work: on SQLite a writer holds the one write
    lock from its first query, and a slow upload must not hold it."""
    limit = get_settings().max_upload_mb * 1024 * 1024
    content, name = (await file.read(limit + 1), file.filename) if file is not None else (b"", None)
    try:
        job = await run_in_threadpool(
            queue_import, session, content, name, actor=user.username, max_bytes=limit
        )
    except ImportRefused as exc:
        message = exc.message_en if lang_of(request) == "en" else exc.message_vi
        return import_refused(request, status_of(exc), message)
    # the request's session commits before the response leaves, the job runs after it
    background.add_task(run_import, job.id, units)
    target = f"/imports/{job.id}"
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": target})
    return see_other(target)


@router.get("/imports/{job_id}")
def import_progress(request: Request, job_id: int, session: SessionDep, user: Coordinator) -> Response:
    """How far the import is; once done, on to the draft's review; once refused, the form again
    with the reason beside the file field."""
    job = import_for_user(session, job_id, user)
    if job.stage == "done" and job.plan_id is not None:
        return see_other(f"/plans/{job.plan_id}/review?done={'imported' if job.created else 'exists'}")
    if job.stage in ("done", "failed"):
        message = (job.error_en if lang_of(request) == "en" else job.error_vi) or ""
        return import_refused(request, 200, f"{job.file_name}: {message}" if message else job.file_name)
    stages = [s for s in STAGE_LABELS if s != "failed"]
    return render(
        request,
        "plans/import_job.html",
        job=job,
        labels=STAGE_LABELS,
        stages=stages,
        passed=stages[: stages.index(job.stage)],
        progress=progress_of(job),
        size=file_size(job.size),
        # queued and not started for a while: its process went away (the sweep, if the scheduled
        # jobs run, starts it within a minute); the officer is told rather than left watching
        waiting_long=job.stage == "queued" and utcnow() - job.updated_at > LONG_WAIT,
    )


# --- review ---------------------------------------------------------------------------------


def review_page(
    request: Request,
    session: SessionDep,
    plan: Plan,
    page: int = 1,
    status_code: int = 200,
    notice: str | None = None,
    task_errors: dict[int, dict[str, str]] | None = None,
    task_values: dict[int, review.TaskCorrection] | None = None,
    map_errors: dict[str, dict[str, str]] | None = None,
    add_errors: dict[str, str] | None = None,
    add_values: review.NewTask | None = None,
    only_doubtful: bool = False,
) -> Response:
    doubts = review.doubts_in(session, plan)
    filters = review.TaskFilters(page=page, task_ids=doubts.task_ids if only_doubtful else None)
    table = review.task_table(session, plan, filters, as_of=get_settings().today(), per_page=REVIEW_PER_PAGE)
    old = review.replaced_plan(session, plan)
    names = review.agencies_for_review(session, plan, table.rows)
    return render(
        request,
        "plans/review.html",
        status_code=status_code,
        table=table,
        names=names,
        now_bodies=bodies_today(session, names, table),
        unmapped=review.unmapped_in_plan(session, plan.id),
        old_plan=old,
        diff=diff_plans(old, plan) if old is not None else None,
        indicators=sorted(plan.indicators, key=lambda i: i.id),
        page_query=lambda n: urlencode(
            {**({"only": "doubtful"} if only_doubtful else {}), **({"page": n} if n > 1 else {})}
        ),
        notice=notice,
        task_errors=task_errors or {},
        task_values=task_values or {},
        map_errors=map_errors or {},
        add_errors=add_errors or {},
        add_values=add_values,
        by_hand=review.added_by_hand(session, [row.task for row in table.rows]),
        doubts=doubts,
        doubt_labels=review.DOUBTS,
        doubts_of=review.doubts_of,
        only_doubtful=only_doubtful,
        **common(plan),
    )


@router.get("/plans/{plan_id}/review")
def review_draft(
    request: Request,
    plan_id: int,
    session: SessionDep,
    user: Coordinator,
    page: str | None = None,
    done: str | None = None,
    only: str | None = None,
):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    number = int(page) if page and page.isdigit() else 1
    return review_page(
        request, session, plan, page=number, notice=NOTICES.get(done or ""), only_doubtful=only == "doubtful"
    )


@router.post("/plans/{plan_id}/tasks/{task_id}")
def correct_task(
    request: Request,
    plan_id: int,
    task_id: int,
    session: SessionDep,
    user: Coordinator,
    title: Annotated[str, Form()] = "",
    output: Annotated[str, Form()] = "",
    deadline: Annotated[str, Form()] = "",
    lead_agency_id: Annotated[str, Form()] = "",
):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    task = repository.task_by_id(session, task_id)
    if task is None or task.plan_id != plan.id:
        return no_task(request, task_id)
    form = review.TaskCorrection(title=title, output=output, deadline=deadline, lead_agency_id=lead_agency_id)
    page = page_of(plan, task)
    try:
        changed = review.correct_task(session, task, form, actor=user.username, actor_id=user.id)
    except review.CorrectionError as exc:
        return review_page(
            request,
            session,
            plan,
            page=page,
            status_code=FORM_ERROR,
            task_errors={task.id: exc.errors},
            task_values={task.id: form},
        )
    query = urlencode(
        {**({"page": page} if page > 1 else {}), "done": "corrected" if changed else "unchanged"}
    )
    return saved(session, f"/plans/{plan.id}/review?{query}#task-{task.id}")


@router.post("/plans/{plan_id}/tasks/{task_id}/delete")
def delete_task(
    request: Request,
    plan_id: int,
    task_id: int,
    session: SessionDep,
    user: Coordinator,
    confirm: Annotated[str, Form()] = "",
):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    task = repository.task_by_id(session, task_id)
    if task is None or task.plan_id != plan.id:
        return no_task(request, task_id)
    if plan.status != "draft":  # its rows are not on a review form any more: an error page
        return page_error(request, 409, review.ERR_NOT_DRAFT, "Rows can be deleted from a draft plan only")
    page = page_of(plan, task)
    try:
        review.delete_task(
            session, plan, task, confirmed=confirm == "yes", actor=user.username, actor_id=user.id
        )
    except review.CorrectionError as exc:
        return review_page(
            request, session, plan, page=page, status_code=FORM_ERROR, task_errors={task.id: exc.errors}
        )
    query = urlencode({**({"page": page} if page > 1 else {}), "done": "deleted"})
    return saved(session, f"/plans/{plan.id}/review?{query}#review-tasks")


@router.post("/plans/{plan_id}/tasks")
def add_task(
    request: Request,
    plan_id: int,
    session: SessionDep,
    user: Coordinator,
    code: Annotated[str, Form()] = "",
    section: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    output: Annotated[str, Form()] = "",
    deadline: Annotated[str, Form()] = "",
    lead_agency_id: Annotated[str, Form()] = "",
):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    form = review.NewTask(code, section, title, output, deadline, lead_agency_id)
    try:
        task = review.add_task(session, plan, form, actor=user.username, actor_id=user.id)
    except review.CorrectionError as exc:
        return review_page(
            request, session, plan, status_code=FORM_ERROR, add_errors=exc.errors, add_values=form
        )
    page = page_of(plan, task)
    query = urlencode({**({"page": page} if page > 1 else {}), "done": "added"})
    return saved(session, f"/plans/{plan.id}/review?{query}#task-{task.id}")


@router.post("/plans/{plan_id}/tasks/{task_id}/checked")
def mark_checked(request: Request, plan_id: int, task_id: int, session: SessionDep, user: Coordinator):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    task = repository.task_by_id(session, task_id)
    if task is None or task.plan_id != plan.id:
        return no_task(request, task_id)
    if plan.status != "draft":
        return page_error(request, 409, review.ERR_NOT_DRAFT_CHECK, "Rows of a draft plan only can be marked")
    review.mark_checked(session, plan, task, actor=user.username, actor_id=user.id)
    return saved(session, f"/plans/{plan.id}/review?only=doubtful&done=checked#review-tasks")


def no_task(request: Request, task_id: int) -> Response:
    return page_error(
        request, 404, f"Không có nhiệm vụ {task_id} trong kế hoạch này", f"No task {task_id} in this plan"
    )


def page_of(plan: Plan, task: Task) -> int:
    ids = sorted(t.id for t in plan.tasks)
    return ids.index(task.id) // REVIEW_PER_PAGE + 1


@router.post("/plans/{plan_id}/map")
def map_agency_name(
    request: Request,
    plan_id: int,
    session: SessionDep,
    user: Coordinator,
    name: Annotated[str, Form()] = "",
    agency_id: Annotated[str, Form()] = "",
):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    try:
        review.map_plan_name(session, plan.id, name, agency_id, actor=user.username)
    except review.CorrectionError as exc:
        return review_page(request, session, plan, status_code=FORM_ERROR, map_errors={name: exc.errors})
    return saved(session, f"/plans/{plan.id}/review?done=mapped#names")


@router.post("/plans/{plan_id}/activate")
def activate_plan(request: Request, plan_id: int, session: SessionDep, user: Coordinator):
    plan = visible_plan(session, plan_id, user)
    if plan is None:
        return no_plan(request, plan_id)
    flows.activate_plan(session, plan.id, actor=user.username)  # a refusal: the error page
    return saved(session, f"/plans/{plan.id}?done=activated")
