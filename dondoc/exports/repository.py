"""Queries the exports need, nothing else. Exports own no tables: these read the tables of plans,
agencies and reporting (owned by those domains) and sit here until those domains' repositories
take them over."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import RowMapping, Table, select
from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.plans.models import Indicator, Plan, Target, Task
from dondoc.reporting.models import IndicatorValue, Period, Report


def period_by_id(session: Session, period_id: int) -> Period | None:
    return session.get(Period, period_id)


def report_by_id(session: Session, report_id: int) -> Report | None:
    return session.get(Report, report_id)


def task_by_id(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)


def indicator_by_id(session: Session, indicator_id: int) -> Indicator | None:
    return session.get(Indicator, indicator_id)


def target_by_id(session: Session, target_id: int) -> Target | None:
    return session.get(Target, target_id)


def table_rows(
    session: Session, table: Table, columns: Sequence[str], report: Table, sent_statuses: Sequence[str]
) -> list[RowMapping]:
    """The `columns` of every row of `table` by primary key, in Core (no relationship loading).
    Reports, their items and their values only of reports whose status is in `sent_statuses`."""
    stmt = select(*(table.c[c] for c in columns))
    sent = select(report.c.id).where(report.c.status.in_(tuple(sent_statuses)))
    if table.name == "report":
        stmt = stmt.where(table.c.id.in_(sent))
    elif table.name in ("report_item", "indicator_value"):
        stmt = stmt.where(table.c.report_id.in_(sent))
    return list(session.execute(stmt.order_by(*table.primary_key.columns)).mappings())


def reported_values(
    session: Session, statuses: Sequence[str], plan_id: int | None = None
) -> list[tuple[IndicatorValue, Report, Period, Plan, Indicator, Target, Agency]]:
    """Every value given (not empty) in a report whose status is in `statuses`, with what it is
    about, by plan, indicator, target, period and agency code."""
    stmt = (
        select(IndicatorValue, Report, Period, Plan, Indicator, Target, Agency)
        .join(Report, IndicatorValue.report_id == Report.id)
        .join(Period, Report.period_id == Period.id)
        .join(Plan, Period.plan_id == Plan.id)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
        .join(Target, IndicatorValue.target_id == Target.id)
        .join(Agency, Report.agency_id == Agency.id)
        .where(Report.status.in_(tuple(statuses)), IndicatorValue.value.is_not(None))
        .order_by(Plan.id, Indicator.id, Target.id, Period.cutoff_start, Period.frequency, Agency.code)
    )
    if plan_id is not None:
        stmt = stmt.where(Plan.id == plan_id)
    rows: list[Any] = list(session.execute(stmt).all())
    return rows
