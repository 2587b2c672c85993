"""The computed figures of a plan on a given day, read from stored reports (never stored by hand):
each task's timeliness, each target's progress, report completeness and timeliness per agency
and period, and each agency's completion score and rank. The pure rules live beside this module
(timeliness.py, progress.py, ranking.py); this one only gathers their inputs.

Only submitted and accepted reports count: a draft is not yet said, a returned one was refused."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from dondoc.agencies.service import current_body, succession_index
from dondoc.plans.models import Indicator, Plan, Target, Task
from dondoc.reporting import repository
from dondoc.reporting.models import Period
from dondoc.reporting.service import reporting_agencies
from dondoc.scoring import repository as scoring_repository
from dondoc.scoring.progress import Observation, Progress, indicator_progress
from dondoc.scoring.ranking import AgencyScore, rank_agencies
from dondoc.scoring.timeliness import ReportRates, TaskTimeliness, report_rates, task_timeliness

COUNTED = ("submitted", "accepted")
PERIODIC_KINDS = ("recurring", "ongoing")
# "khoảng 20%" is aimed at like an exact value.
COMPARATOR_OF = {"~": "="}


@dataclass
class TaskFigure:
    task: Task
    lead_agency_ids: list[int]
    timeliness: TaskTimeliness
    deadline: date | None
    period_key: str | None = None  # for recurring and ongoing tasks: the period judged


@dataclass
class TargetFigure:
    indicator: Indicator
    target: Target
    progress: Progress
    values: list[tuple[str, float]] = field(default_factory=list)  # (period label, value)
    points: list[tuple[float, float]] = field(default_factory=list)  # (fractional year, value)


def year_fraction(day: date) -> float:
    """A day as a fractional year (2025-12-14 → 2025.95), the time axis of the progress method."""
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def lead_ids_by_task(session: Session, plan: Plan, on: date) -> dict[int, list[int]]:
    rows = scoring_repository.lead_assignments(session, plan.id)
    out: dict[int, list[int]] = defaultdict(list)
    index = succession_index(session)
    for task_id, agency_id in rows:
        if task_id is None or agency_id is None:
            continue
        body = current_body(session, agency_id, on, index)
        if body not in out[task_id]:
            out[task_id].append(body)
    return out


def task_figures(session: Session, plan: Plan, as_of: date) -> list[TaskFigure]:
    """A one-off task is judged against its deadline (a date, a range's end, or the recorded
    event day plus the days allowed) and the completion day its lead reported. A recurring or
    ongoing task is judged per period, by the report of the last period due by `as_of`: done in an
    on-time report → completed on time; done in a late one → completed late; reported under way
    in an on-time report → in progress (towards the next period's due day); otherwise — not
    reported, reported late, not started — overdue."""
    all_periods = repository.periods_of(session, plan.id)
    periods = [p for p in all_periods if p.due <= as_of]
    last_period = max(periods, key=lambda p: (p.due, p.cutoff_end), default=None)
    next_due = min((p.due for p in all_periods if p.due > as_of), default=None)
    # The first counted word that a task was completed, by the order of the due dates.
    completed_on = repository.first_completions(session, plan.id, COUNTED)
    in_last: dict[int, tuple[str, bool]] = {}  # task → (best status, report late) in the last period
    rank = {"completed": 3, "in_progress": 2, "not_started": 1, "not_feasible": 0}
    last_items = repository.lead_items_of_period(session, last_period.id, COUNTED) if last_period else []
    for task_id, status, late in last_items:
        seen = in_last.get(task_id)
        if seen is None or (rank.get(status, 0), not late) > (rank.get(seen[0], 0), not seen[1]):
            in_last[task_id] = (status, late)
    leads = lead_ids_by_task(session, plan, as_of)
    figures = []
    for task in sorted(plan.tasks, key=lambda t: t.id):
        if task.deadline_kind in PERIODIC_KINDS:
            if last_period is None:
                timeliness = task_timeliness(deadline=None, completed_on=None, today=as_of)
                figures.append(TaskFigure(task, leads.get(task.id, []), timeliness, None))
                continue
            status, late = in_last.get(task.id, ("", True))
            due = last_period.due
            if status == "completed":
                done = due + timedelta(days=1) if late else due
                timeliness = task_timeliness(deadline=due, completed_on=done, today=as_of)
            elif status == "in_progress" and not late:
                due = next_due or due
                timeliness = task_timeliness(deadline=next_due, completed_on=None, today=as_of)
            else:
                timeliness = task_timeliness(deadline=due, completed_on=None, today=as_of)
            figures.append(TaskFigure(task, leads.get(task.id, []), timeliness, due, last_period.key))
            continue
        deadline, waiting = one_off_deadline(task)
        done_day = completed_on.get(task.id)
        if done_day is not None and done_day > as_of:
            done_day = None  # the report speaks of a later day than the one asked about
        timeliness = task_timeliness(
            deadline=deadline, completed_on=done_day, today=as_of, waiting_event=waiting
        )
        figures.append(TaskFigure(task, leads.get(task.id, []), timeliness, deadline))
    return figures


def one_off_deadline(task: Task) -> tuple[date | None, bool]:
    if task.deadline_kind == "event":
        if task.event_date is None:
            return None, True
        return task.event_date + timedelta(days=task.event_days or 0), False
    return task.deadline_date or task.deadline_end, False


def target_figures(session: Session, plan: Plan, until: date | None = None) -> list[TargetFigure]:
    """Each target's progress from the values reported so far; with `until`, only the values of
    periods whose data cut-off ended by then (a report on a past period sees that period's data)."""
    figures = []
    indicators = scoring_repository.indicators_of_plan(session, plan.id)
    values = repository.values_of_targets(
        session, [t.id for i in indicators for t in i.targets], COUNTED, until
    )
    for indicator in indicators:
        for target in indicator.targets:
            rows = values[target.id]  # one value per period, in the order of the cut-offs
            observations = [Observation(year_fraction(cutoff_end), v) for _label, cutoff_end, v in rows]
            comparator = COMPARATOR_OF.get(target.comparator, target.comparator)
            progress = indicator_progress(
                observations,
                comparator=comparator,
                target=target.value,
                target_max=target.value_max,
                # A target "by 2030" is due at the end of 2030.
                target_year=float((indicator.year or date.today().year) + 1),
            )
            figures.append(
                TargetFigure(
                    indicator,
                    target,
                    progress,
                    [(label, v) for label, _cutoff_end, v in rows],
                    [(round(o.t, 3), o.value) for o in observations],
                )
            )
    return figures


@dataclass
class RateRow:
    agency_id: int
    period: Period | None  # None: all periods due so far
    rates: ReportRates


@dataclass
class ReportingInputs:
    """What the report figures of one plan are computed from, read once per plan (the dashboard
    asks for three figures of each plan; each read them again before)."""

    periods: list[Period]
    agencies: list[int]
    sent: dict[tuple[int, int], bool]

    @classmethod
    def read(cls, session: Session, plan: Plan, as_of: date) -> ReportingInputs:
        return cls(
            repository.periods_of(session, plan.id),
            reporting_agencies(session, plan, as_of),
            repository.sent_reports(session, plan.id),
        )


def report_rate_rows(
    session: Session, plan: Plan, as_of: date, inputs: ReportingInputs | None = None
) -> list[RateRow]:
    """Per agency, over the periods due by `as_of`: expected = periods due, received = reports
    submitted (at any time), on time = first submitted by the due day."""
    inputs = inputs or ReportingInputs.read(session, plan, as_of)
    periods = [p for p in inputs.periods if p.due <= as_of]
    agencies, sent = inputs.agencies, inputs.sent
    rows = []
    for agency_id in agencies:
        got = [sent[(agency_id, p.id)] for p in periods if (agency_id, p.id) in sent]
        on_time = sum(1 for late in got if not late)
        rows.append(
            RateRow(agency_id, None, report_rates(expected=len(periods), received=len(got), on_time=on_time))
        )
    return rows


def period_rates(
    session: Session, plan: Plan, as_of: date, inputs: ReportingInputs | None = None
) -> list[tuple[Period, ReportRates]]:
    """Per period due by `as_of`, over every agency expected to report (as DHIS2 shows a data set's
    reporting rate by period)."""
    inputs = inputs or ReportingInputs.read(session, plan, as_of)
    agencies, sent = set(inputs.agencies), inputs.sent
    out = []
    for period in (p for p in inputs.periods if p.due <= as_of):
        got = [
            late
            for (agency_id, period_id), late in sent.items()
            if period_id == period.id and agency_id in agencies
        ]
        on_time = sum(1 for late in got if not late)
        out.append((period, report_rates(expected=len(agencies), received=len(got), on_time=on_time)))
    return out


def agency_scores(
    session: Session,
    plan: Plan,
    as_of: date,
    figures: list[TaskFigure] | None = None,
    inputs: ReportingInputs | None = None,
) -> list[AgencyScore]:
    """Completion score and rank of every agency expected to report (ranking.SCORE_FORMULA_VI);
    `figures` are the plan's task figures on `as_of` when the caller has them already."""
    inputs = inputs or ReportingInputs.read(session, plan, as_of)
    counts: dict[int, list[int]] = {a: [0, 0, 0] for a in inputs.agencies}
    for figure in figures if figures is not None else task_figures(session, plan, as_of):
        slot = {"completed_on_time": 0, "completed_late": 1, "overdue": 2}.get(figure.timeliness.status)
        if slot is None:
            continue
        for agency_id in figure.lead_agency_ids:
            if agency_id in counts:
                counts[agency_id][slot] += 1
    rates = {row.agency_id: row.rates.on_time_rate for row in report_rate_rows(session, plan, as_of, inputs)}
    return rank_agencies((a, c[0], c[1], c[2], rates.get(a)) for a, c in counts.items())


@dataclass
class PlanOverview:
    plan: Plan
    task_counts: dict[str, int]  # done, in_progress, overdue, due_soon, other
    indicator_counts: dict[str, int]  # by progress status
    period: Period | None  # the period being collected (the latest one opened by `as_of`)
    reports_expected: int
    reports_received: int
    reports_late: int
    reports_missing: int  # its due day passed and nothing came
    ranking: list[AgencyScore]
    by_agency: dict[int, dict[str, int]]  # lead agency → done / in_progress / overdue


def plan_overview(
    session: Session, plan: Plan, as_of: date, inputs: ReportingInputs | None = None
) -> PlanOverview:
    """What a leader's dashboard shows of one plan on a day."""
    counts = {"done": 0, "in_progress": 0, "overdue": 0, "due_soon": 0, "other": 0}
    figures = task_figures(session, plan, as_of)
    by_agency: dict[int, dict[str, int]] = defaultdict(lambda: {"done": 0, "in_progress": 0, "overdue": 0})
    for figure in figures:
        status = figure.timeliness.status
        key = {
            "completed_on_time": "done",
            "completed_late": "done",
            "in_progress": "in_progress",
            "overdue": "overdue",
        }.get(status, "other")
        counts[key] += 1
        counts["due_soon"] += figure.timeliness.due_soon
        if key != "other":
            for agency_id in figure.lead_agency_ids:
                by_agency[agency_id][key] += 1
    indicators: dict[str, int] = defaultdict(int)
    for target in target_figures(session, plan, as_of):
        indicators[target.progress.status] += 1
    inputs = inputs or ReportingInputs.read(session, plan, as_of)
    opened = [p for p in inputs.periods if p.cutoff_start <= as_of]
    period = max(opened, key=lambda p: (p.cutoff_end, p.due), default=None)
    expected = received = late = missing = 0
    if period is not None:
        agencies = set(inputs.agencies)
        sent = [
            late
            for (agency_id, period_id), late in inputs.sent.items()
            if period_id == period.id and agency_id in agencies
        ]
        expected, received = len(agencies), len(sent)
        late = sum(1 for was_late in sent if was_late)
        missing = expected - received if period.due < as_of else 0
    return PlanOverview(
        plan,
        counts,
        dict(indicators),
        period,
        expected,
        received,
        late,
        missing,
        agency_scores(session, plan, as_of, figures, inputs),
        dict(by_agency),
    )
