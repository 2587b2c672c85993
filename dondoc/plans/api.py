"""HTTP endpoints for plans, tasks, indicators and search (HTTP only: parse, call, answer)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Query, UploadFile
from pydantic import BaseModel, Field

from dondoc.agencies.service import answerable_ids, find_agency
from dondoc.core.config import get_settings
from dondoc.core.problems import Problem
from dondoc.deps import CurrentUser, SessionDep, UnitsDep, require_roles
from dondoc.plans import flows, repository
from dondoc.plans.catalog import confirm, conflicts, propose
from dondoc.plans.diff import diff_plans
from dondoc.plans.jobs import run_import
from dondoc.plans.models import ImportJob
from dondoc.plans.schemas import ImportJobOut, IndicatorOut, Page, PlanDetail, PlanOut, SectionOut, TaskOut
from dondoc.plans.service import import_draft, plan_for_user
from dondoc.plans.service_imports import import_for_user, progress_of, queue_import
from dondoc.users.models import User
from dondoc.users.service import province_in_view

router = APIRouter(prefix="/api", tags=["plans"])
Limit = Annotated[int, Query(ge=1, le=500)]
# The HTTP status of each kind of refused import (the API and the import page answer the same).
Offset = Annotated[int, Query(ge=0)]


@router.get("/plans", response_model=Page[PlanOut])
def list_plans(
    session: SessionDep,
    user: CurrentUser,
    status: str | None = None,
    province: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Các kế hoạch (của tỉnh mình; người dùng toàn quốc lọc theo `province`) / the plans of your
    province (a national user may filter by `province`)."""
    scope = province_in_view(user, province)
    query = repository.plan_query(status=status, province=scope)
    items, total = repository.page(session, query, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/plans/{plan_id}", response_model=PlanDetail)
def get_plan(plan_id: int, session: SessionDep, user: CurrentUser):
    plan = plan_for_user(session, plan_id, user)
    tasks, indicators = repository.row_counts(session, plan_id).get(plan_id, (0, 0))
    return PlanDetail(
        **PlanOut.model_validate(plan).model_dump(),
        sections=[SectionOut.model_validate(s) for s in plan.sections],
        task_count=tasks,
        indicator_count=indicators,
    )


@router.get("/tasks", response_model=Page[TaskOut])
def list_tasks(
    session: SessionDep,
    user: CurrentUser,
    agency: str | None = None,
    plan: int | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    status: str | None = Query(
        None, description="trạng thái kế hoạch / plan status: draft, active, replaced, closed"
    ),
    q: str | None = None,
    province: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    scope = province_in_view(user, province)
    agency_ids = None
    if agency:
        # an id, a canonical name or any alias
        body = (
            repository.agency_by_id(session, int(agency))
            if agency.isdigit()
            else find_agency(session, agency)
        )
        if body is None:
            raise Problem(404, f"Không tìm thấy cơ quan «{agency}»", f"No agency «{agency}»")
        agency_ids = answerable_ids(session, body)
    stmt = repository.task_query(
        agency_ids=agency_ids,
        plan_id=plan,
        due_before=due_before,
        due_after=due_after,
        plan_status=status,
        q=q,
        province=scope,
    )
    items, total = repository.page(session, stmt, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/indicators", response_model=Page[IndicatorOut])
def list_indicators(
    session: SessionDep,
    user: CurrentUser,
    plan: int | None = None,
    year: int | None = None,
    q: str | None = None,
    province: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    scope = province_in_view(user, province)
    query = repository.indicator_query(plan_id=plan, year=year, q=q, province=scope)
    items, total = repository.page(session, query, limit, offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/search")
def search(session: SessionDep, user: CurrentUser, q: Annotated[str, Query(min_length=2)], limit: Limit = 20):
    """Tasks and indicators whose words match, with or without diacritics (in your province)."""
    scope = province_in_view(user)
    tasks, t_total = repository.page(session, repository.task_query(q=q, province=scope), limit, 0)
    indicators, i_total = repository.page(session, repository.indicator_query(q=q, province=scope), limit, 0)
    return {
        "q": q,
        "tasks": {"total": t_total, "items": [TaskOut.model_validate(t).model_dump() for t in tasks]},
        "indicators": {
            "total": i_total,
            "items": [IndicatorOut.model_validate(i).model_dump() for i in indicators],
        },
    }


@router.post("/plans", status_code=201, response_model=PlanOut)
def upload_plan(
    session: SessionDep,
    user: Annotated[User, Depends(require_roles("admin", "coordinator"))],
    file: UploadFile,
):
    """Nhập một kế hoạch (PDF, DOCX, TXT, MD) thành bản nháp / import a plan file as a draft, in
    the request (a script's one call); POST /api/imports runs it off the request with progress."""
    # A plain def: FastAPI runs it in its threadpool, so reading a large plan holds up no other request.
    limit = get_settings().max_upload_mb * 1024 * 1024
    content = file.file.read(limit + 1)
    return import_draft(session, content, file.filename, actor=user.username, max_bytes=limit).plan


@router.post("/imports", status_code=202, response_model=ImportJobOut)
def queue_plan_import(
    session: SessionDep,
    user: Annotated[User, Depends(require_roles("admin", "coordinator"))],
    file: UploadFile,
    background: BackgroundTasks,
    units: UnitsDep,
):
    """Nhập kế hoạch chạy nền / import a plan file off the request: 202 with the job; follow it at
    GET /api/imports/{id} until its stage is "done" (plan_id) or "failed" (error_*)."""
    limit = get_settings().max_upload_mb * 1024 * 1024
    content = file.file.read(limit + 1)
    job = queue_import(session, content, file.filename, actor=user.username, max_bytes=limit)
    background.add_task(run_import, job.id, units)
    return _job_out(job)


@router.get("/imports/{job_id}", response_model=ImportJobOut)
def import_status(
    job_id: int, session: SessionDep, user: Annotated[User, Depends(require_roles("admin", "coordinator"))]
):
    return _job_out(import_for_user(session, job_id, user))


def _job_out(job: ImportJob) -> ImportJobOut:
    stored = {name: getattr(job, name) for name in ImportJobOut.model_fields if name != "progress"}
    return ImportJobOut(**stored, progress=progress_of(job))


@router.post("/plans/{plan_id}/activate", response_model=PlanOut)
def activate_plan(
    plan_id: int, session: SessionDep, user: Annotated[User, Depends(require_roles("admin", "coordinator"))]
):
    if repository.by_id(session, plan_id) is not None:
        plan_for_user(session, plan_id, user)  # a plan of another province is not there
    return flows.activate_plan(session, plan_id, actor=user.username)


@router.get("/plans/{plan_id}/diff")
def plan_diff(plan_id: int, against: int, session: SessionDep, user: CurrentUser):
    """Khác biệt so với phiên bản trước / what changed against another plan (usually the one it replaces)."""
    new, old = plan_for_user(session, plan_id, user), plan_for_user(session, against, user)
    d = diff_plans(old, new)
    task = lambda t: {"id": t.id, "code": t.code, "title": t.title}  # noqa: E731
    return {
        "summary": d.summary(),
        "tasks": {
            "added": [task(t) for t in d.added_tasks],
            "removed": [task(t) for t in d.removed_tasks],
            "changed": [{"old": task(a), "new": task(b), "fields": f} for a, b, f in d.changed_tasks],
        },
        "indicators": {
            "added": [{"id": i.id, "text": i.text} for i in d.added_indicators],
            "removed": [{"id": i.id, "text": i.text} for i in d.removed_indicators],
            "changed": [{"old": a.id, "new": b.id, "fields": f} for a, b, f in d.changed_indicators],
        },
    }


@router.get("/indicators/catalog/proposals")
def catalog_proposals(session: SessionDep, _user: CurrentUser):
    """Chỉ tiêu giống nhau giữa các kế hoạch / the same measure in several plans, proposed."""
    return {
        "items": [
            {
                "key": p.key,
                "indicators": [
                    {"id": i.id, "plan_id": i.plan_id, "text": i.text, "year": i.year} for i in p.indicators
                ],
            }
            for p in propose(session)
        ]
    }


class CatalogIn(BaseModel):
    key: str = Field(min_length=2, max_length=120)
    indicator_ids: list[int] = Field(min_length=1)


@router.post("/indicators/catalog")
def catalog_confirm(
    body: CatalogIn,
    session: SessionDep,
    user: Annotated[User, Depends(require_roles("admin", "coordinator"))],
):
    linked = confirm(session, body.key, body.indicator_ids, actor=user.username)
    if linked != len(set(body.indicator_ids)):
        raise Problem(404, "Có mã chỉ tiêu không tồn tại", "Some indicator ids do not exist")
    return {"key": body.key, "linked": linked}


@router.get("/indicators/catalog/conflicts")
def catalog_conflicts(session: SessionDep, _user: CurrentUser):
    """Cùng chỉ tiêu, cùng năm, khác mục tiêu / the same measure with different targets for one year."""
    return {"items": conflicts(session)}
