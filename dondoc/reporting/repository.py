"""Queries of the reporting cycle (no rules, no commits)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager, selectinload

from dondoc.reporting.models import IndicatorValue, Period, Report, ReportItem


def periods_of(session: Session, plan_id: int) -> list[Period]:
    return list(
        session.scalars(
            select(Period).where(Period.plan_id == plan_id).order_by(Period.due, Period.frequency)
        )
    )


def report_for(session: Session, period_id: int, agency_id: int) -> Report | None:
    return session.scalar(select(Report).where(Report.period_id == period_id, Report.agency_id == agency_id))


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
            Report.status.in_(("submitted", "accepted")),
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
) -> dict[int, list[tuple[Period, float]]]:
    """`values_of_target` for many targets in one query; with `until`, periods cut off by then."""
    out: dict[int, list[tuple[Period, float]]] = {t: [] for t in target_ids}
    if not target_ids:
        return out
    rows = session.execute(
        select(IndicatorValue.target_id, Period, IndicatorValue.value)
        .join(Report, Report.id == IndicatorValue.report_id)
        .join(Period, Period.id == Report.period_id)
        .where(
            IndicatorValue.target_id.in_(target_ids),
            IndicatorValue.value.is_not(None),
            Report.status.in_(statuses),
            Period.cutoff_end <= (until or date.max),
        )
        .order_by(Period.cutoff_end, IndicatorValue.id)
    ).all()
    for target_id, period, value in rows:
        if value is not None:
            out[target_id].append((period, value))
    return out


def lead_item_rows(
    session: Session, plan_id: int, statuses: tuple[str, ...]
) -> list[tuple[int, str, date | None, int, bool]]:
    """(task, status, completed on, period, report late) of the lead items in a plan's reports of
    these statuses, by due date: plain rows, since the figures read thousands of them."""
    rows = session.execute(
        select(ReportItem.task_id, ReportItem.status, ReportItem.completed_on, Report.period_id, Report.late)
        .join(Report, Report.id == ReportItem.report_id)
        .join(Period, Period.id == Report.period_id)
        .where(Period.plan_id == plan_id, Report.status.in_(statuses), ReportItem.role == "lead")
        .order_by(Period.due, Report.agency_id, ReportItem.id)
    ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def sent_reports(session: Session, plan_id: int) -> dict[tuple[int, int], bool]:
    """(agency, period) → late, for the plan's reports that stand as sent: submitted or accepted.
    A returned report was refused and counts as not received until it is sent again (its
    lateness stays that of its first sending)."""
    rows = session.execute(
        select(Report.agency_id, Report.period_id, Report.late)
        .join(Period, Period.id == Report.period_id)
        .where(Period.plan_id == plan_id, Report.status.in_(("submitted", "accepted")))
    ).all()
    return {(agency_id, period_id): late for agency_id, period_id, late in rows}
