"""Queries of the reporting cycle (no rules, no commits).

A few read tables of other domains (plans, agencies) for the reporting cycle: the lead
assignments of a plan, the tasks and targets a report covers, the active plans, agency names.
They live here, by the queries that use them, until those domains name them themselves."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, case, func, select, union, update
from sqlalchemy.orm import Session, contains_eager, selectinload

from dondoc.agencies.models import Agency
from dondoc.core.db import utcnow
from dondoc.plans.models import Assignment, Indicator, Plan, Target, Task
from dondoc.plans.repository import active_plans as active_plans
from dondoc.plans.repository import provinces_with_plans as provinces_with_plans
from dondoc.reporting.models import SENT, Attachment, IndicatorValue, Period, Report, ReportItem, ReportStatus

# --- one row by id ----------------------------------------------------------------------------


def get_plan(session: Session, plan_id: int) -> Plan | None:
    return session.get(Plan, plan_id)


def get_period(session: Session, period_id: int) -> Period | None:
    return session.get(Period, period_id)


def get_report(session: Session, report_id: int) -> Report | None:
    return session.get(Report, report_id)


@lru_cache(maxsize=1)
def _report_with_plan() -> Select[Report]:
    # Built once, on first use (the mappers are all configured by then), the values bound at each
    # run: building a statement of three joins costs more than running it, and the access check
    # of every report call runs it.
    return (
        select(Report)
        .join(Report.period)
        .join(Period.plan)
        .join(Report.agency)
        .options(contains_eager(Report.period).contains_eager(Period.plan), contains_eager(Report.agency))
        .where(Report.id == bindparam("report_id"))
    )


def report_with_plan(session: Session, report_id: int) -> tuple[Report, Plan] | None:
    """The report with its period, plan and agency in one query (the access check of every report
    call needs the first three, a message about it the agency's name; `report.period.plan` and
    `session.get` of them then ask nothing more)."""
    report = session.scalar(_report_with_plan(), {"report_id": report_id})
    return (report, report.period.plan) if report is not None else None


def get_item(session: Session, item_id: int) -> ReportItem | None:
    return session.get(ReportItem, item_id)


def get_attachment(session: Session, attachment_id: int) -> Attachment | None:
    return session.get(Attachment, attachment_id)


def get_task(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)


def get_target(session: Session, target_id: int) -> Target | None:
    return session.get(Target, target_id)


def get_agency(session: Session, agency_id: int | None) -> Agency | None:
    return session.get(Agency, agency_id) if agency_id is not None else None


# --- plans and agencies, as the reporting cycle reads them ------------------------------------


def plans_named(session: Session, plan_ids: Collection[int]) -> dict[int, Plan]:
    """The plans of `plan_ids` by id: those a page's reports belong to, not every plan."""
    if not plan_ids:
        return {}
    return {p.id: p for p in session.scalars(select(Plan).where(Plan.id.in_(set(plan_ids))))}


def agency_names(session: Session, agency_ids: Collection[int | None]) -> dict[int, str]:
    return {a.id: a.name for a in session.scalars(select(Agency).where(Agency.id.in_(agency_ids)))}


def lead_assignees(session: Session, plan_id: int) -> list[tuple[int | None, str]]:
    """(agency, its kind) of every lead named for a task or an indicator of the plan."""
    # Two indexed joins united, not one join with "task's plan OR indicator's plan": that OR
    # cannot use an index and read every assignment of the country for each plan.
    of_tasks = (
        select(Assignment.agency_id, Agency.kind)
        .join(Agency, Agency.id == Assignment.agency_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Assignment.role == "lead", Task.plan_id == plan_id)
    )
    of_indicators = (
        select(Assignment.agency_id, Agency.kind)
        .join(Agency, Agency.id == Assignment.agency_id)
        .join(Indicator, Indicator.id == Assignment.indicator_id)
        .where(Assignment.role == "lead", Indicator.plan_id == plan_id)
    )
    rows = session.execute(union(of_tasks, of_indicators)).all()
    return [(agency_id, kind) for agency_id, kind in rows]


def tasks_led_by(session: Session, plan_id: int, agency_ids: Collection[int]) -> list[Task]:
    return list(
        session.scalars(
            select(Task)
            .where(Task.plan_id == plan_id)
            .where(
                Task.id.in_(
                    select(Assignment.task_id).where(
                        Assignment.role == "lead", Assignment.agency_id.in_(agency_ids)
                    )
                )
            )
            .order_by(Task.id)
        )
    )


def indicators_led_by(session: Session, plan_id: int, agency_ids: Collection[int]) -> list[Indicator]:
    return list(
        session.scalars(
            select(Indicator)
            .where(Indicator.plan_id == plan_id)
            .where(
                Indicator.id.in_(
                    select(Assignment.indicator_id).where(
                        Assignment.role == "lead", Assignment.agency_id.in_(agency_ids)
                    )
                )
            )
            .order_by(Indicator.id)
        )
    )


def tasks_by_id(session: Session, task_ids: Collection[int]) -> dict[int, Task]:
    return {t.id: t for t in session.scalars(select(Task).where(Task.id.in_(task_ids)))}


def targets_by_id(session: Session, target_ids: Collection[int]) -> dict[int, Target]:
    return {t.id: t for t in session.scalars(select(Target).where(Target.id.in_(target_ids)))}


def indicators_by_id(session: Session, indicator_ids: Collection[int]) -> dict[int, Indicator]:
    return {i.id: i for i in session.scalars(select(Indicator).where(Indicator.id.in_(indicator_ids)))}


# --- periods and reports ----------------------------------------------------------------------


def periods_of(session: Session, plan_id: int) -> list[Period]:
    return list(
        session.scalars(
            select(Period).where(Period.plan_id == plan_id).order_by(Period.due, Period.frequency)
        )
    )


def report_for(session: Session, period_id: int, agency_id: int) -> Report | None:
    return session.scalar(select(Report).where(Report.period_id == period_id, Report.agency_id == agency_id))


def reports_of_period(session: Session, period_id: int) -> list[Report]:
    return list(session.scalars(select(Report).where(Report.period_id == period_id)))


def reports_of_agency(session: Session, agency_id: int) -> list[Report]:
    """The agency's reports, latest due first."""
    return list(
        session.scalars(
            select(Report).join(Period).where(Report.agency_id == agency_id).order_by(Period.due.desc())
        )
    )


def _waiting(province: str | None) -> Select[Report]:
    stmt = select(Report).join(Period).where(Report.status == ReportStatus.SUBMITTED)
    if province is not None:
        stmt = stmt.join(Plan, Plan.id == Period.plan_id).where(Plan.scope_province == province)
    return stmt


def waiting_for_review(
    session: Session, province: str | None = None, *, limit: int | None = None, offset: int = 0
) -> list[Report]:
    """Submitted reports (of one province's plans when given), oldest due first, with their
    periods; `limit` of them from `offset` for a page."""
    stmt = _waiting(province).options(contains_eager(Report.period)).order_by(Period.due, Report.id)
    return list(session.scalars(stmt.offset(offset).limit(limit)))


def count_waiting(session: Session, province: str | None = None) -> int:
    return session.scalar(select(func.count()).select_from(_waiting(province).subquery())) or 0


def find_reports(
    session: Session,
    *,
    plan_id: int | None = None,
    period_id: int | None = None,
    agency_id: int | None = None,
    status: str | None = None,
    province: str | None = None,
    limit: int = 500,
) -> list[Report]:
    """Reports by any of plan, period, agency, status and province, by due date then agency."""
    stmt = select(Report).join(Period).order_by(Period.due, Report.agency_id)
    if province is not None:
        stmt = stmt.join(Plan, Plan.id == Period.plan_id).where(Plan.scope_province == province)
    if plan_id is not None:
        stmt = stmt.where(Period.plan_id == plan_id)
    if period_id is not None:
        stmt = stmt.where(Report.period_id == period_id)
    if agency_id is not None:
        stmt = stmt.where(Report.agency_id == agency_id)
    if status is not None:
        stmt = stmt.where(Report.status == status)
    return list(session.scalars(stmt.limit(limit)))


def claim_version(session: Session, report_id: int, version: int) -> tuple[int, datetime] | None:
    """Move the report from `version` to the next in one UPDATE … WHERE version = :v; the new
    (version, updated_at) if the row matched, else None."""
    report = _report_table()
    row = session.execute(
        update(report)
        .where(report.c.id == report_id, report.c.version == version)
        .values(version=report.c.version + 1, updated_at=utcnow())
        .returning(report.c.version, report.c.updated_at)
    ).first()
    return (row[0], row[1]) if row is not None else None


def _report_table() -> Table:
    """The report table as Core sees it: an UPDATE of it by id skips the ORM's bulk-update
    machinery (which the loaded report does not need: the caller writes the returned values)."""
    table = Report.__table__
    assert isinstance(table, Table)
    return table


def _submission() -> Any:
    report = _report_table()
    first_time = report.c.first_submitted_at.is_(None)
    now = bindparam("now", type_=report.c.submitted_at.type)
    return (
        update(report)
        .where(report.c.id == bindparam("report_id"), report.c.version == bindparam("claimed"))
        .values(
            version=report.c.version + 1,
            updated_at=now,
            status=ReportStatus.SUBMITTED.value,
            submitted_at=now,
            first_submitted_at=case((first_time, now), else_=report.c.first_submitted_at),
            late=case((first_time, bindparam("late", type_=report.c.late.type)), else_=report.c.late),
        )
        .returning(
            report.c.version,
            report.c.updated_at,
            report.c.status,
            report.c.submitted_at,
            report.c.first_submitted_at,
            report.c.late,
        )
    )


def claim_submission(
    session: Session, report_id: int, version: int, now: datetime, late: bool
) -> dict[str, object] | None:
    """The submission in the one UPDATE that claims the version (`claim_version`): status
    submitted, sent `now`; the first sending's time and lateness (`late`) are kept if it has been
    sent before. The row's new values (None if `version` is not the row's), as stored."""
    params = {"report_id": report_id, "claimed": version, "now": now, "late": late}
    row = session.execute(_SUBMISSION, params).first()
    return dict(row._mapping) if row is not None else None


_SUBMISSION = _submission()  # built once (Core: no mapper needed), the values bound at each run


def reports_of_plan(session: Session, plan_id: int) -> list[Report]:
    """With their items and periods loaded in one more query, not one per report."""
    return list(
        session.scalars(
            select(Report)
            .join(Period)
            .where(Period.plan_id == plan_id)
            .options(selectinload(Report.items), contains_eager(Report.period))
            .order_by(Period.due, Report.agency_id)
        ).unique()
    )


def previous_items(session: Session, period: Period, agency_id: int) -> dict[int, ReportItem]:
    """The agency's items in its latest earlier report on the same plan, by task."""
    earlier = session.scalar(
        select(Report)
        .join(Period)
        .where(
            Report.agency_id == agency_id,
            Period.plan_id == period.plan_id,
            Period.cutoff_end < period.cutoff_end,
        )
        .order_by(Period.cutoff_end.desc(), Period.id.desc())
        .limit(1)
    )
    return {i.task_id: i for i in earlier.items} if earlier is not None else {}


def previous_value(session: Session, report: Report, target_id: int) -> float | None:
    """The latest value the same agency sent (submitted or accepted) for a target in an earlier
    period, by cut-off end. Drafts and returned reports are not yet, or no longer, figures anyone
    stands by."""
    period = session.get(Period, report.period_id)
    assert period is not None
    return session.scalar(
        select(IndicatorValue.value)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Period, Period.id == Report.period_id)
        .where(
            IndicatorValue.target_id == target_id,
            Report.agency_id == report.agency_id,
            IndicatorValue.value.is_not(None),
            Report.status.in_(SENT),
            Period.cutoff_end < period.cutoff_end,
        )
        .order_by(Period.cutoff_end.desc())
        .limit(1)
    )


def values_of_target(
    session: Session, target_id: int, statuses: tuple[str, ...]
) -> list[tuple[Period, float]]:
    rows = session.execute(
        select(Period, IndicatorValue.value)
        .join(Report, Report.period_id == Period.id)
        .join(IndicatorValue, IndicatorValue.report_id == Report.id)
        .where(
            IndicatorValue.target_id == target_id,
            IndicatorValue.value.is_not(None),
            Report.status.in_(statuses),
        )
        .order_by(Period.cutoff_end)
    ).all()
    return [(p, v) for p, v in rows if v is not None]


def values_of_targets(
    session: Session, target_ids: list[int], statuses: tuple[str, ...], until: date | None = None
) -> dict[int, list[tuple[str, date, float]]]:
    """Each target's value per period — (period label, cut-off end, value) in the order of the
    cut-offs — from the reports of these statuses (with `until`, of periods cut off by then).
    Where several lead agencies report the same target for a period, the period's value is the
    mean of theirs (one series per target, not a zigzag between agencies' figures): the database
    averages them (GROUP BY), one row per target and period."""
    out: dict[int, list[tuple[str, date, float]]] = {t: [] for t in target_ids}
    if not target_ids:
        return out
    rows = session.execute(
        select(IndicatorValue.target_id, Period.label, Period.cutoff_end, func.avg(IndicatorValue.value))
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Period, Period.id == Report.period_id)
        .where(
            IndicatorValue.target_id.in_(target_ids),
            IndicatorValue.value.is_not(None),
            Report.status.in_(statuses),
            Period.cutoff_end <= (until or date.max),
        )
        .group_by(IndicatorValue.target_id, Period.id, Period.label, Period.cutoff_end)
        .order_by(IndicatorValue.target_id, Period.cutoff_end, Period.id)
    )
    for target_id, label, cutoff_end, value in rows:
        out[target_id].append((label, cutoff_end, float(value)))
    return out


def first_completions(session: Session, plan_id: int, statuses: tuple[str, ...]) -> dict[int, date]:
    """Task → the completion day its lead first reported, in the plan's reports of these
    statuses (first by the periods' due dates, then agency, then item): one row per task, the
    database choosing it (a window over the task's items), not thousands of items read."""
    first = (
        func.row_number()
        .over(
            partition_by=ReportItem.task_id,
            order_by=(Period.due, Report.agency_id, ReportItem.id),
        )
        .label("n")
    )
    completed = (
        select(ReportItem.task_id, ReportItem.completed_on, first)
        .join(Report, Report.id == ReportItem.report_id)
        .join(Period, Period.id == Report.period_id)
        .where(
            Period.plan_id == plan_id,
            Report.status.in_(statuses),
            ReportItem.role == "lead",
            ReportItem.status == "completed",
            ReportItem.completed_on.is_not(None),
        )
        .subquery()
    )
    rows = session.execute(select(completed.c.task_id, completed.c.completed_on).where(completed.c.n == 1))
    return {task_id: day for task_id, day in rows}


def lead_items_of_period(
    session: Session, period_id: int, statuses: tuple[str, ...]
) -> list[tuple[int, str, bool]]:
    """(task, status, report late) of the lead items in one period's reports of these statuses."""
    rows = session.execute(
        select(ReportItem.task_id, ReportItem.status, Report.late)
        .join(Report, Report.id == ReportItem.report_id)
        .where(Report.period_id == period_id, Report.status.in_(statuses), ReportItem.role == "lead")
        .order_by(Report.agency_id, ReportItem.id)
    )
    return [(task_id, status, late) for task_id, status, late in rows]


def sent_reports(session: Session, plan_id: int) -> dict[tuple[int, int], bool]:
    """(agency, period) → late, for the plan's reports that stand as sent: submitted or accepted.
    A returned report was refused and counts as not received until it is sent again (its
    lateness stays that of its first sending)."""
    rows = session.execute(
        select(Report.agency_id, Report.period_id, Report.late)
        .join(Period, Period.id == Report.period_id)
        .where(Period.plan_id == plan_id, Report.status.in_(SENT))
    ).all()
    return {(agency_id, period_id): late for agency_id, period_id, late in rows}
