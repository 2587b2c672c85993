"""Queries the scoring figures and their pages need, nothing else. They read the tables of plans,
agencies and reporting (owned by those domains) and sit here until those domains' repositories
take them over."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, Table, or_, select, union, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from dondoc.agencies.models import Agency
from dondoc.core.db import utcnow
from dondoc.plans.models import Assignment, Indicator, Plan, Task
from dondoc.plans.repository import active_plans as active_plans
from dondoc.plans.repository import provinces_with_plans as provinces_with_plans
from dondoc.reporting.models import Period, Report
from dondoc.scoring.models import PlanFigures


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


def stored_figures(session: Session, plan_ids: Iterable[int]) -> dict[int, PlanFigures]:
    """The stored figures of these plans, by plan id (plans without a row are left out)."""
    ids = list(plan_ids)
    if not ids:
        return {}
    return {
        row.plan_id: row for row in session.scalars(select(PlanFigures).where(PlanFigures.plan_id.in_(ids)))
    }


def claim_refresh(session: Session, plan_id: int, now: datetime) -> None:
    """Start computing a plan's figures again: the row (made if missing) is no longer stale and has
    no day until `save_figures` writes it. Committed before the figures are read, so that a write
    committed while they are computed marks the row stale again (and no write is missed)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(PlanFigures).values(plan_id=plan_id, as_of=None, computed_at=now, stale=False, data={})
    session.execute(
        stmt.on_conflict_do_update(index_elements=["plan_id"], set_={"as_of": None, "stale": False})
    )


def save_figures(session: Session, plan_id: int, *, as_of: date, data: dict[str, Any], now: datetime) -> None:
    """Store the figures of `as_of` on the row `claim_refresh` made (its `stale` left as it is)."""
    session.execute(
        update(PlanFigures)
        .where(PlanFigures.plan_id == plan_id)
        .values(as_of=as_of, computed_at=now, data=data)
        .execution_options(synchronize_session=False)
    )


def plans_to_refresh(session: Session, today: date, limit: int) -> list[int]:
    """Live plans whose figures are missing, stale or of another day, the stalest first."""
    stmt = (
        select(Plan.id)
        .outerjoin(PlanFigures, PlanFigures.plan_id == Plan.id)
        .where(
            Plan.status == "active",
            or_(
                PlanFigures.plan_id.is_(None),
                PlanFigures.stale.is_(True),
                PlanFigures.as_of.is_(None),
                PlanFigures.as_of != today,
            ),
        )
        .order_by(PlanFigures.computed_at.asc().nulls_first(), Plan.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def plan_ids_of(
    *,
    plans: set[int],
    periods: set[int],
    reports: set[int],
    tasks: set[int],
    indicators: set[int],
) -> list[Select[Any]]:
    """Selects of the plan ids that rows of each kind belong to (for `mark_stale`)."""
    selects: list[Select[Any]] = []
    if plans:
        selects.append(select(Plan.id).where(Plan.id.in_(plans)))
    if periods:
        selects.append(select(Period.plan_id).where(Period.id.in_(periods)))
    if reports:
        selects.append(
            select(Period.plan_id).join(Report, Report.period_id == Period.id).where(Report.id.in_(reports))
        )
    if tasks:
        selects.append(select(Task.plan_id).where(Task.id.in_(tasks)))
    if indicators:
        selects.append(select(Indicator.plan_id).where(Indicator.id.in_(indicators)))
    return selects


def mark_stale(session: Session, selects: list[Select[Any]] | None) -> None:
    """Mark the stored figures of the plans these selects name stale (None: of every plan), making
    the row of a plan that has none. Runs inside a flush, so on the session's connection, not
    through the ORM. Every row marked stays locked until the transaction ends, already stale or
    not: a refresh that claimed the plan now would compute it without this transaction's writes
    and call the result fresh, so its claim (`claim_refresh`) waits for the commit instead."""
    table = PlanFigures.__table__
    assert isinstance(table, Table)
    connection = session.connection()
    if selects is None:
        connection.execute(update(table).values(stale=True))
        return
    if not selects:
        return
    mark_plans_stale(
        session, set(connection.execute(union(*selects) if len(selects) > 1 else selects[0]).scalars())
    )


def mark_plans_stale(session: Session, plan_ids: set[int]) -> None:
    """`mark_stale` of plans known by id."""
    if not plan_ids:
        return
    connection = session.connection()
    now = utcnow()
    rows: list[dict[str, Any]] = [
        {"plan_id": i, "as_of": None, "computed_at": now, "stale": True, "data": {}} for i in sorted(plan_ids)
    ]
    # in plan order: two writers locking the same plans take them in the same order (no deadlock)
    connection.execute(_stale_upsert(connection.dialect.name), rows)


@lru_cache(maxsize=2)
def _stale_upsert(dialect: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE SET stale, built once per dialect (the rows go as
    parameters): every write that changes figures runs it."""
    table = PlanFigures.__table__
    assert isinstance(table, Table)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).on_conflict_do_update(index_elements=["plan_id"], set_={"stale": True})
