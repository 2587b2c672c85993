"""Queries on stored plans (no rules, no commits): plans, their tasks and indicators, the
assignments and the agencies named by them. Each query is written once here and reused by the
service, the API, the pages and the other domains (`active_plans`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.interfaces import ORMOption

from dondoc.agencies.models import Agency
from dondoc.core.db import utcnow
from dondoc.core.text import search_key
from dondoc.plans.models import Assignment, ImportJob, Indicator, Plan, Task

Row = TypeVar("Row")

# --- plans ----------------------------------------------------------------------------------


def by_id(session: Session, plan_id: int) -> Plan | None:
    return session.get(Plan, plan_id)


def by_sha256(session: Session, sha256: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.sha256 == sha256))


def by_number(session: Session, number: str) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.number == number).order_by(Plan.id)))


def in_province(stmt: Select[Any], province: str | None) -> Select[Any]:
    """Plans of one province only (its `scope_province`), or of all when `province` is None."""
    return stmt if province is None else stmt.where(Plan.scope_province == province)


def active_plans(session: Session, *, newest_first: bool = False, province: str | None = None) -> list[Plan]:
    """The live plans (of one province when given), by id; `newest_first`: by signed date, the
    latest first (then by id)."""
    order = (Plan.signed_date.desc(), Plan.id) if newest_first else (Plan.id,)
    stmt = in_province(select(Plan).where(Plan.status == "active"), province)
    return list(session.scalars(stmt.order_by(*order)))


def provinces_with_plans(session: Session) -> list[str]:
    """The provinces that have a live plan, by name (for a national user's province filter)."""
    stmt = (
        select(Plan.scope_province)
        .where(Plan.status == "active", Plan.scope_province.is_not(None))
        .distinct()
        .order_by(Plan.scope_province)
    )
    return [name for name in session.scalars(stmt) if name]


def active_by_number(session: Session, number: str, *, other_than: int | None = None) -> list[Plan]:
    """The live plans that carry `number` (those a new version replaces), `other_than` excluded."""
    stmt = select(Plan).where(Plan.number == number, Plan.status == "active")
    if other_than is not None:
        stmt = stmt.where(Plan.id != other_than)
    return list(session.scalars(stmt.order_by(Plan.id)))


def plan_query(*, status: str | None = None, province: str | None = None) -> Select[Plan]:
    """Plans by id, of one status and one province when given (for a page of the API)."""
    stmt = in_province(select(Plan), province).order_by(Plan.id)
    if status:
        stmt = stmt.where(Plan.status == status)
    return stmt


def plans_newest_first(session: Session, *, with_drafts: bool, province: str | None = None) -> list[Plan]:
    """Every plan (of one province when given), the latest signed first (unsigned last); drafts
    only when asked."""
    stmt = in_province(select(Plan), province).order_by(Plan.signed_date.desc().nulls_last(), Plan.id.desc())
    if not with_drafts:
        stmt = stmt.where(Plan.status != "draft")
    return list(session.scalars(stmt))


def row_counts(session: Session, plan_id: int | None = None) -> dict[int, tuple[int, int]]:
    """Per plan (or for the one plan asked): (tasks, indicators); a plan with neither is absent."""
    task_stmt = select(Task.plan_id, func.count()).group_by(Task.plan_id)
    indicator_stmt = select(Indicator.plan_id, func.count()).group_by(Indicator.plan_id)
    if plan_id is not None:
        task_stmt = task_stmt.where(Task.plan_id == plan_id)
        indicator_stmt = indicator_stmt.where(Indicator.plan_id == plan_id)
    tasks: dict[int, int] = {pid: n for pid, n in session.execute(task_stmt)}
    indicators: dict[int, int] = {pid: n for pid, n in session.execute(indicator_stmt)}
    return {pid: (tasks.get(pid, 0), indicators.get(pid, 0)) for pid in {*tasks, *indicators}}


# --- tasks ----------------------------------------------------------------------------------


def task_by_id(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)


def task_query(
    *,
    agency_ids: set[int] | None = None,
    lead_agency_ids: set[int] | None = None,
    task_ids: Iterable[int] | None = None,
    plan_id: int | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    plan_status: str | None = None,
    q: str | None = None,
    province: str | None = None,
) -> Select[Task]:
    """Tasks filtered as the API and the pages ask: assigned to one of `agency_ids` (any role), led
    by one of `lead_agency_ids`, among `task_ids`; the deadline window uses the date, else a
    range's end."""
    stmt = in_province(select(Task).join(Plan), province)
    if agency_ids is not None:
        stmt = stmt.where(Task.id.in_(select(Assignment.task_id).where(Assignment.agency_id.in_(agency_ids))))
    if lead_agency_ids is not None:
        led = select(Assignment.task_id).where(
            Assignment.role == "lead", Assignment.agency_id.in_(lead_agency_ids)
        )
        stmt = stmt.where(Task.id.in_(led))
    if task_ids is not None:
        stmt = stmt.where(Task.id.in_(list(task_ids)))
    if plan_id is not None:
        stmt = stmt.where(Task.plan_id == plan_id)
    due = func.coalesce(Task.deadline_date, Task.deadline_end)
    if due_before is not None:
        stmt = stmt.where(due <= due_before)
    if due_after is not None:
        stmt = stmt.where(due >= due_after)
    if plan_status is not None:
        stmt = stmt.where(Plan.status == plan_status)
    if q:
        stmt = stmt.where(Task.search_text.contains(search_key(q), autoescape=True))
    # every list of tasks shows who does them: in one more query, not one per task
    return stmt.options(selectinload(Task.assignments)).order_by(Task.plan_id, Task.id)


# --- indicators -----------------------------------------------------------------------------


def indicator_query(
    *, plan_id: int | None = None, year: int | None = None, q: str | None = None, province: str | None = None
) -> Select[Indicator]:
    stmt = select(Indicator)
    if province is not None:
        stmt = in_province(stmt.join(Plan, Plan.id == Indicator.plan_id), province)
    if plan_id is not None:
        stmt = stmt.where(Indicator.plan_id == plan_id)
    if year is not None:
        stmt = stmt.where(Indicator.year == year)
    if q:
        stmt = stmt.where(Indicator.search_text.contains(search_key(q), autoescape=True))
    # targets and assignments in two more queries, not two per indicator
    options = (selectinload(Indicator.targets), selectinload(Indicator.assignments))
    return stmt.options(*options).order_by(Indicator.plan_id, Indicator.id)


def indicators_by_ids(session: Session, indicator_ids: Iterable[int]) -> list[Indicator]:
    return list(session.scalars(select(Indicator).where(Indicator.id.in_(list(indicator_ids)))))


def uncatalogued_indicators(session: Session) -> list[Indicator]:
    """Indicators not yet linked under a catalog key, by id."""
    return list(
        session.scalars(select(Indicator).where(Indicator.catalog_key.is_(None)).order_by(Indicator.id))
    )


def catalogued_indicators_with_year(session: Session) -> list[Indicator]:
    """Indicators linked under a catalog key that name a year."""
    stmt = select(Indicator).where(Indicator.catalog_key.is_not(None), Indicator.year.is_not(None))
    return list(session.scalars(stmt))


# --- assignments and the agencies they name --------------------------------------------------


def indicator_ids_of_agencies(session: Session, agency_ids: set[int]) -> set[int]:
    """The indicators any of `agency_ids` has a part in (any role)."""
    stmt = select(Assignment.indicator_id).where(
        Assignment.agency_id.in_(agency_ids), Assignment.indicator_id.is_not(None)
    )
    return {i for i in session.scalars(stmt) if i is not None}


def unmapped_names(session: Session, plan_id: int) -> list[tuple[str, int]]:
    """Names this plan assigns work to that no body of the registry carries, the most used first."""
    in_plan = or_(
        Assignment.task_id.in_(select(Task.id).where(Task.plan_id == plan_id)),
        Assignment.indicator_id.in_(select(Indicator.id).where(Indicator.plan_id == plan_id)),
    )
    rows = session.execute(
        select(Assignment.name_as_written, func.count())
        .where(Assignment.agency_id.is_(None), in_plan)
        .group_by(Assignment.name_as_written)
        .order_by(func.count().desc(), Assignment.name_as_written)
    )
    return [(name, count) for name, count in rows]


def lead_agencies(session: Session, plan_id: int) -> list[Agency]:
    """The bodies that lead at least one task of the plan, by name."""
    led = (
        select(Assignment.agency_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, Assignment.role == "lead")
    )
    return list(session.scalars(select(Agency).where(Agency.id.in_(led)).order_by(Agency.name)))


# Queries on the agency table the plan pages need (the agencies domain is another's to edit).


def agency_by_id(session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def agencies_by_ids(session: Session, agency_ids: Iterable[int]) -> list[Agency]:
    wanted = set(agency_ids)
    return list(session.scalars(select(Agency).where(Agency.id.in_(wanted)))) if wanted else []


def agencies_of_province(session: Session, province: str | None) -> list[Agency]:
    """The bodies of a province and the central ones (no province), by name: whom a plan of that
    province may name (a central plan: the central bodies)."""
    scope = (
        Agency.province.is_(None)
        if province is None
        else or_(Agency.province == province, Agency.province.is_(None))
    )
    return list(session.scalars(select(Agency).where(scope).order_by(Agency.name)))


def agencies_by_name(session: Session) -> list[Agency]:
    return list(session.scalars(select(Agency).order_by(Agency.name)))


# --- pages of any query ---------------------------------------------------------------------


def count(session: Session, stmt: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def rows(session: Session, stmt: Select[Row], limit: int, offset: int, *options: ORMOption) -> list[Row]:
    return list(session.scalars(stmt.options(*options).limit(limit).offset(offset)))


def page(session: Session, stmt: Select[Row], limit: int, offset: int) -> tuple[list[Row], int]:
    return rows(session, stmt, limit, offset), count(session, stmt)


# --- import jobs ------------------------------------------------------------------------------

RUNNING_STAGES = ("reading", "extracting", "storing")


def import_job(session: Session, job_id: int) -> ImportJob | None:
    """Read from the database even when loaded: the job's own units of work change its row."""
    return session.get(ImportJob, job_id, populate_existing=True)


def claim_import(session: Session, job_id: int) -> tuple[str, str, bytes] | None:
    """Move a queued import to "reading" in one UPDATE … WHERE stage = 'queued' (of two runners
    one matches); its (file name, actor, bytes) if this caller claimed it."""
    row = session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.stage == "queued")
        .values(stage="reading", updated_at=utcnow())
        .returning(ImportJob.file_name, ImportJob.actor, ImportJob.content)
        .execution_options(synchronize_session=False)
    ).first()
    return (row[0], row[1], row[2] or b"") if row is not None else None


def set_import_stage(session: Session, job_id: int, stage: str) -> None:
    """The running import's next stage (an import the sweep ended stays ended)."""
    session.execute(
        update(ImportJob)
        .where(ImportJob.id == job_id, ImportJob.stage.in_(RUNNING_STAGES))
        .values(stage=stage, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def finish_import(
    session: Session, job_id: int, *, if_stage_in: tuple[str, ...] | None = None, **values: object
) -> bool:
    """The import's outcome written, its file's bytes dropped (only if it is still at one of
    `if_stage_in` when given); whether the row was written."""
    stmt = update(ImportJob).where(ImportJob.id == job_id)
    if if_stage_in is not None:
        stmt = stmt.where(ImportJob.stage.in_(if_stage_in))
    written = session.execute(
        stmt.values(content=None, updated_at=utcnow(), **values)
        .returning(ImportJob.id)
        .execution_options(synchronize_session=False)
    ).first()
    return written is not None


def imports_waiting(session: Session, queued_before: datetime) -> list[int]:
    """Imports still queued since before `queued_before` (their process went away first)."""
    return list(
        session.scalars(
            select(ImportJob.id)
            .where(ImportJob.stage == "queued", ImportJob.updated_at < queued_before)
            .order_by(ImportJob.id)
        )
    )


def imports_interrupted(session: Session, running_before: datetime) -> list[int]:
    """Imports in a running stage that has not moved since `running_before`."""
    return list(
        session.scalars(
            select(ImportJob.id).where(
                ImportJob.stage.in_(RUNNING_STAGES), ImportJob.updated_at < running_before
            )
        )
    )
