"""Queries on stored plans (no rules, no commits)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from dondoc.core.text import search_key
from dondoc.plans.models import Assignment, Indicator, Plan, Task


def by_sha256(session: Session, sha256: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.sha256 == sha256))


def by_number(session: Session, number: str) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.number == number)))


def task_query(
    *,
    agency_ids: set[int] | None = None,
    plan_id: int | None = None,
    due_before: date | None = None,
    due_after: date | None = None,
    plan_status: str | None = None,
    q: str | None = None,
) -> Select[Task]:
    """Tasks filtered as the API asks; the deadline window uses the date, else a range's end."""
    stmt = select(Task).join(Plan)
    if agency_ids is not None:
        stmt = stmt.where(Task.id.in_(select(Assignment.task_id).where(Assignment.agency_id.in_(agency_ids))))
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
    return stmt.order_by(Task.plan_id, Task.id)


def indicator_query(
    *, plan_id: int | None = None, year: int | None = None, q: str | None = None
) -> Select[Indicator]:
    stmt = select(Indicator)
    if plan_id is not None:
        stmt = stmt.where(Indicator.plan_id == plan_id)
    if year is not None:
        stmt = stmt.where(Indicator.year == year)
    if q:
        stmt = stmt.where(Indicator.search_text.contains(search_key(q), autoescape=True))
    return stmt.order_by(Indicator.plan_id, Indicator.id)


def page(session: Session, stmt: Select, limit: int, offset: int) -> tuple[list, int]:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return list(session.scalars(stmt.limit(limit).offset(offset))), total
