"""A plan's dashboard and ranking figures as stored in `plan_figures`, and the refresh that keeps
them: computed once by the rules of service.py, read by the pages of many plans in one query.

The stored row is the same figures as `plan_overview` (and the ranking's report rates), written
as JSON; a page reads it back as a `PlanSummary`. A plan without a usable row (none, being
computed, of another day) is computed live, so a page never shows figures of another day."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from dondoc.core.db import utcnow
from dondoc.plans.models import Plan
from dondoc.scoring import repository
from dondoc.scoring.ranking import AgencyScore
from dondoc.scoring.service import ReportingInputs, plan_overview, report_rate_rows
from dondoc.scoring.timeliness import ReportRates


@dataclass(frozen=True)
class PeriodRef:
    """The period being collected, as the dashboard names it."""

    id: int
    label: str
    due: date


@dataclass
class PlanSummary:
    """What the dashboard and the ranking show of one plan (PlanOverview's fields, and the
    agencies' report rates), with when it was computed: `computed_at` None means live."""

    plan: Plan
    task_counts: dict[str, int]
    indicator_counts: dict[str, int]
    period: PeriodRef | None
    reports_expected: int
    reports_received: int
    reports_late: int
    reports_missing: int
    ranking: list[AgencyScore]
    by_agency: dict[int, dict[str, int]]
    rates: dict[int, ReportRates]
    computed_at: datetime | None = None
    stale: bool = False


def compute(session: Session, plan: Plan, as_of: date) -> PlanSummary:
    """The plan's figures on `as_of`, computed now from the stored reports."""
    inputs = ReportingInputs.read(session, plan, as_of)  # read once for every figure below
    o = plan_overview(session, plan, as_of, inputs)
    rates = {row.agency_id: row.rates for row in report_rate_rows(session, plan, as_of, inputs)}
    period = PeriodRef(o.period.id, o.period.label, o.period.due) if o.period is not None else None
    return PlanSummary(
        plan,
        o.task_counts,
        o.indicator_counts,
        period,
        o.reports_expected,
        o.reports_received,
        o.reports_late,
        o.reports_missing,
        o.ranking,
        o.by_agency,
        rates,
    )


def to_data(summary: PlanSummary) -> dict[str, Any]:
    """The JSON kept in `plan_figures.data` (keys of JSON objects are strings)."""
    period = summary.period
    return {
        "task_counts": summary.task_counts,
        "indicator_counts": summary.indicator_counts,
        "period": {"id": period.id, "label": period.label, "due": period.due.isoformat()} if period else None,
        "reports": [
            summary.reports_expected,
            summary.reports_received,
            summary.reports_late,
            summary.reports_missing,
        ],
        "ranking": [asdict(score) for score in summary.ranking],
        "by_agency": {str(agency_id): counts for agency_id, counts in summary.by_agency.items()},
        "rates": {str(agency_id): asdict(rates) for agency_id, rates in summary.rates.items()},
    }


def from_data(plan: Plan, data: dict[str, Any], *, computed_at: datetime, stale: bool) -> PlanSummary:
    """A stored row read back."""
    period = data["period"]
    expected, received, late, missing = data["reports"]
    return PlanSummary(
        plan,
        dict(data["task_counts"]),
        dict(data["indicator_counts"]),
        PeriodRef(period["id"], period["label"], date.fromisoformat(period["due"])) if period else None,
        expected,
        received,
        late,
        missing,
        [AgencyScore(**score) for score in data["ranking"]],
        {int(agency_id): dict(counts) for agency_id, counts in data["by_agency"].items()},
        {int(agency_id): ReportRates(**rates) for agency_id, rates in data["rates"].items()},
        computed_at,
        stale,
    )


def summaries(session: Session, plans: list[Plan], today: date) -> list[PlanSummary]:
    """The figures of these plans on `today`, in their order: stored where a row of today exists
    (stale or not: the page says when it was computed), computed live otherwise."""
    stored = repository.stored_figures(session, (plan.id for plan in plans))
    out = []
    for plan in plans:
        row = stored.get(plan.id)
        if row is not None and row.as_of == today:
            out.append(from_data(plan, row.data, computed_at=row.computed_at, stale=row.stale))
        else:
            out.append(compute(session, plan, today))
    return out


def oldest_computed(items: list[PlanSummary]) -> tuple[datetime | None, bool]:
    """When the oldest stored figures among these were computed (None: all live), and whether
    any of them is waiting to be computed again."""
    stored = [s.computed_at for s in items if s.computed_at is not None]
    return (min(stored) if stored else None), any(s.stale for s in items)


def claim_next(session: Session, today: date, now: datetime | None = None) -> int | None:
    """Claim the plan whose figures most need computing (missing, stale, of another day), if any;
    the caller commits the claim before `store` reads the figures."""
    ids = repository.plans_to_refresh(session, today, limit=1)
    if not ids:
        return None
    repository.claim_refresh(session, ids[0], now or utcnow())
    return ids[0]


def store(session: Session, plan_id: int, today: date, now: datetime | None = None) -> bool:
    """Compute and store a claimed plan's figures of `today`; False when the plan is gone."""
    plan = repository.plan_by_id(session, plan_id)
    if plan is None:
        return False
    repository.save_figures(
        session, plan_id, as_of=today, data=to_data(compute(session, plan, today)), now=now or utcnow()
    )
    return True
