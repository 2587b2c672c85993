"""Rules of a plan's reporting periods: the span the plan covers, periods of every frequency its
duties name, activation with its periods, a coordinator's adjustment (which re-judges lateness).
No HTTP, no commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.plans.models import Plan
from dondoc.reporting import repository
from dondoc.reporting.errors import ReportError
from dondoc.reporting.models import Period
from dondoc.reporting.periods import period_specs
from dondoc.reporting.schemas import PeriodAdjust


def plan_span(session: Session, plan: Plan) -> tuple[date, date]:
    """From the signing date (else 1 January of the earliest year a deadline names) to the last
    year a task's deadline names (else the targets' last year), at most ten years on; the last
    period is the one whose cut-off ends on 14 December of that year."""
    task_days = [d for t in plan.tasks for d in (t.deadline_start, t.deadline_date, t.deadline_end) if d]
    target_years = [i.year for i in plan.indicators if i.year]
    if plan.signed_date is not None:
        start = plan.signed_date
    elif task_days:
        start = date(min(task_days).year, 1, 1)
    else:
        start = get_settings().today()
    last = max(d.year for d in task_days) if task_days else max(target_years, default=start.year)
    last = min(max(last, start.year), start.year + 10)
    return start, date(last, 12, 14)


def generate_periods(
    session: Session,
    plan: Plan,
    *,
    actor: str,
    frequency: str | None = None,
    due_day: int | None = None,
    due_month: int | None = None,
) -> list[Period]:
    """Periods of every frequency the plan's duties name (or the one a coordinator gives for a plan
    that says only "định kỳ"); existing periods are kept as they are, so adjustments survive."""
    start, end = plan_span(session, plan)
    wanted: list[tuple[str, int | None, int | None, int | None]] = []
    if frequency is not None:
        wanted.append((frequency, due_day, due_month, None))
    else:
        for duty in plan.duties:
            for freq in duty.frequency:
                wanted.append((freq, duty.due_day, duty.due_month, duty.id))
    existing = {(p.frequency, p.key) for p in repository.periods_of(session, plan.id)}
    created: list[Period] = []
    for freq, day, month, duty_id in wanted:
        for spec in period_specs(freq, start=start, end=end, due_day=day, due_month=month):
            if (spec.frequency, spec.key) in existing:
                continue
            existing.add((spec.frequency, spec.key))
            period = Period(
                plan_id=plan.id,
                duty_id=duty_id,
                frequency=spec.frequency,
                key=spec.key,
                label=spec.label_vi,
                cutoff_start=spec.cutoff_start,
                cutoff_end=spec.cutoff_end,
                due=spec.due,
            )
            session.add(period)
            created.append(period)
    session.flush()
    if created:
        record(
            session,
            actor=actor,
            action="generate_periods",
            entity="plan",
            entity_id=plan.id,
            after={"periods": [p.key for p in created]},
        )
    return created


def adjust_period(session: Session, period: Period, changes: PeriodAdjust, *, actor: str) -> Period:
    before = {"cutoff_start": period.cutoff_start, "cutoff_end": period.cutoff_end, "due": period.due}
    after = {k: v for k, v in changes.model_dump().items() if v is not None}
    start = after.get("cutoff_start", period.cutoff_start)
    end = after.get("cutoff_end", period.cutoff_end)
    if start > end:
        raise ReportError(
            "invalid",
            "Ngày bắt đầu chốt số liệu phải trước ngày kết thúc",
            "The cut-off must start before it ends",
            "cutoff_start",
        )
    for key, value in after.items():
        setattr(period, key, value)
    period.adjusted = True
    # Lateness follows the due day: moving it re-judges the reports already sent for the period.
    settings = get_settings()
    for report in repository.reports_of_period(session, period.id):
        if report.first_submitted_at is not None:
            report.late = settings.local_date(report.first_submitted_at) > period.due
    record(
        session,
        actor=actor,
        action="adjust",
        entity="period",
        entity_id=period.id,
        before=plain(before),
        after=plain(after),
    )
    return period


def plain(values: dict) -> dict:
    """Dates as ISO text, for the audit log."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
