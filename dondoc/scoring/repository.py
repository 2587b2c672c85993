"""Queries the scoring figures and their pages need, nothing else. They read the tables of plans,
agencies and reporting (owned by those domains) and sit here until those domains' repositories
take them over."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from dondoc.agencies.models import Agency
from dondoc.plans.models import Assignment, Indicator, Plan, Task
from dondoc.plans.repository import active_plans as active_plans
from dondoc.reporting.models import Report


def plan_by_id(session: Session, plan_id: int) -> Plan | None:
    return session.get(Plan, plan_id)


def agency_by_id(session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def agency_names(session: Session, ids: set[int] | None = None) -> dict[int, str]:
    """Agency id → name: of every agency, or of `ids` only."""
    if ids is None:
        return {a.id: a.name for a in session.scalars(select(Agency))}
    if not ids:
        return {}
    rows = session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(ids)))
    return {agency_id: name for agency_id, name in rows}


def lead_assignments(session: Session, plan_id: int) -> list[tuple[int | None, int | None]]:
    """(task id, agency id) of every lead assignment of the plan's tasks to a registry agency."""
    rows = session.execute(
        select(Assignment.task_id, Assignment.agency_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan_id, Assignment.role == "lead", Assignment.agency_id.is_not(None))
    )
    return [(task_id, agency_id) for task_id, agency_id in rows]


def indicators_of_plan(session: Session, plan_id: int) -> list[Indicator]:
    """The plan's indicators by id, their targets loaded."""
    return list(
        session.scalars(
            select(Indicator)
            .where(Indicator.plan_id == plan_id)
            .options(selectinload(Indicator.targets))
            .order_by(Indicator.id)
        )
    )


def any_report(session: Session) -> Report | None:
    """A report, if any was ever opened."""
    return session.scalar(select(Report).limit(1))
