"""The figures of the periodic consolidated report a coordinating office (e.g. Sở Khoa học và Công
nghệ) sends to the Provincial People's Committee on a plan, for one reporting period.

Everything here is read from the database through the scoring and reporting services: the same
task timeliness (Quyết định 42/2014/QĐ-TTg), report rates (DHIS2), indicator progress (Open SDG)
and ranking that the dashboards show, so the Word report and its Excel annex never disagree with
the screens. No HTTP, no commit; the writers (docx_report.py, xlsx_annex.py) only lay it out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from dondoc.core.config import get_settings
from dondoc.core.errors import DomainError
from dondoc.exports import repository as exports_repository
from dondoc.formatting import format_date, format_number
from dondoc.plans.models import Plan, Section, Target
from dondoc.reporting import repository
from dondoc.reporting.models import Period
from dondoc.reporting.service import reporting_agencies
from dondoc.roman import to_roman
from dondoc.scoring import repository as scoring_repository
from dondoc.scoring.ranking import AgencyScore
from dondoc.scoring.service import (
    TargetFigure,
    TaskFigure,
    agency_scores,
    period_rates,
    report_rate_rows,
    target_figures,
    task_figures,
)
from dondoc.scoring.timeliness import DEFAULT_SOON_DAYS, ReportRates, report_rates

DEFAULT_ISSUER = "Sở Khoa học và Công nghệ"
DEFAULT_RECIPIENT = "Ủy ban nhân dân tỉnh"
NO_DATA = "chưa có số liệu"
COMPARATOR_TEXT = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "~": "khoảng"}
# Task counts in the order of the report: Quyết định 42/2014/QĐ-TTg's four statuses, then the
# tasks due within DEFAULT_SOON_DAYS (a subset of "in progress"), then what has no deadline yet.
COUNT_KEYS = ("completed_on_time", "completed_late", "in_progress", "overdue", "due_soon", "other")
COUNT_LABELS_VI = {
    "completed_on_time": "Hoàn thành đúng hạn",
    "completed_late": "Hoàn thành quá hạn",
    "in_progress": "Chưa hoàn thành, trong hạn",
    "overdue": "Quá hạn, chưa hoàn thành",
    "due_soon": f"Đến hạn trong {DEFAULT_SOON_DAYS} ngày tới",
    "other": "Chờ sự kiện hoặc không có thời hạn",
}
# the parts of a plan, "I" to "XV"
ROMAN = {to_roman(n): n for n in range(1, 16)}


class ReportBuildError(DomainError):
    """The report cannot be built: an unknown plan, or a period that is not the plan's."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__("not_found", message_vi, message_en)


@dataclass
class TaskRow:
    """One task as the annex lists it."""

    code: str
    section: str | None
    title: str
    lead: list[str]
    deadline: date | None  # the date judged (for a recurring task: the last period's due day)
    deadline_text: str | None  # the deadline as the plan words it
    status: str
    label: str
    due_soon: bool
    days_left: int | None


@dataclass
class TaskGroup:
    """A group of tasks of the plan's outline (or of its appendix table) with its counts."""

    code: str
    title: str
    counts: dict[str, int]
    overdue: list[TaskRow]

    @property
    def total(self) -> int:
        return sum(self.counts[k] for k in COUNT_KEYS if k != "due_soon")


@dataclass
class IndicatorRow:
    code: str
    text: str
    unit: str | None
    target_text: str  # comparator and value(s) as a person writes them: "≥ 30% GRDP"
    comparator: str
    target_value: float | None
    target_max: float | None
    year: int | None
    latest_value: float | None
    latest_text: str  # the latest value formatted, or "chưa có số liệu"
    latest_period: str | None
    progress: str
    progress_label: str
    forecast: float | None


@dataclass
class AgencyLate:
    """An agency's overdue and late tasks and its late and missing reports up to the report day."""

    agency_id: int
    name: str
    overdue_tasks: list[str]
    late_reports: int
    missing_reports: int
    late_tasks: list[str] = field(default_factory=list)


@dataclass
class AgencyRow:
    """An agency expected to report: its task counts, reports and completion score."""

    agency_id: int
    name: str
    completed_on_time: int
    completed_late: int
    overdue: int
    in_progress: int
    score: float | None
    rank: int | None
    rates: ReportRates
    late_reports: int
    missing_reports: int


@dataclass
class ConsolidatedReport:
    plan: Plan
    period: Period | None
    as_of: date
    issuer: str
    recipient: str
    task_counts: dict[str, int]
    groups: list[TaskGroup]
    indicators: list[IndicatorRow]
    late_by_agency: list[AgencyLate]
    rates: ReportRates  # the period's, over every agency expected to report
    ranking: list[tuple[int | None, str, float | None]]  # (rank, agency name, score)
    tasks: list[TaskRow] = field(default_factory=list)
    agencies: list[AgencyRow] = field(default_factory=list)

    @property
    def tasks_total(self) -> int:
        return sum(self.task_counts[k] for k in COUNT_KEYS if k != "due_soon")

    @property
    def province(self) -> str | None:
        return self.plan.province

    @property
    def period_label(self) -> str:
        return self.period.label if self.period is not None else ""


def build_report(
    session: Session, plan_id: int, period_id: int | None = None, as_of: date | None = None
) -> ConsolidatedReport:
    """Gather the report of a plan for a period. Without `period_id`, the latest period due by
    `as_of` (today in the province), else the first one; `as_of` defaults to the period's due day
    when a period is named, else today."""
    plan = scoring_repository.plan_by_id(session, plan_id)
    if plan is None:
        raise ReportBuildError(f"Không có kế hoạch {plan_id}", f"No plan {plan_id}")
    periods = repository.periods_of(session, plan.id)
    if period_id is not None:
        period = exports_repository.period_by_id(session, period_id)
        if period is None or period.plan_id != plan.id:
            raise ReportBuildError(
                f"Kỳ báo cáo {period_id} không thuộc kế hoạch {plan.number or plan.id}",
                f"Period {period_id} is not a period of plan {plan.number or plan.id}",
            )
        day = as_of or period.due
    else:
        day = as_of or get_settings().today()
        period = choose_period(periods, day)

    figures = task_figures(session, plan, day)
    scores = agency_scores(session, plan, day, figures)
    names = agency_names(session, plan, figures, scores)
    tasks = [task_row(f, names) for f in figures]
    late, missing = report_lateness(session, plan, periods, day)
    return ConsolidatedReport(
        plan=plan,
        period=period,
        as_of=day,
        issuer=issuer_of(session, plan),
        recipient=f"{DEFAULT_RECIPIENT} {plan.province}" if plan.province else DEFAULT_RECIPIENT,
        task_counts=count_tasks(figures),
        groups=task_groups(plan, figures, tasks),
        indicators=[indicator_row(f) for f in target_figures(session, plan, day)],
        late_by_agency=late_by_agency(figures, names, late, missing),
        rates=rates_of_period(session, plan, period, day),
        ranking=[(s.rank, names.get(s.agency_id, str(s.agency_id)), s.score) for s in scores],
        tasks=tasks,
        agencies=agency_rows(session, plan, day, figures, scores, names, late, missing),
    )


def choose_period(periods: list[Period], as_of: date) -> Period | None:
    """The latest period due by `as_of`, else the first period. Periods of several frequencies
    often share a due day (December's month, the fourth quarter and the year): the one covering
    the longest cut-off wins, since its report takes in the others."""
    due = [p for p in periods if p.due <= as_of]
    if due:
        return max(due, key=lambda p: (p.due, p.cutoff_end, -p.cutoff_start.toordinal()))
    return min(periods, key=lambda p: (p.due, p.cutoff_end), default=None)


def issuer_of(session: Session, plan: Plan) -> str:
    """The coordinating body: the receiver of the plan's first reporting duty. A duty addressed to
    the People's Committee itself (the office's own yearly report upwards) names no coordinator."""
    for duty in sorted(plan.duties, key=lambda d: d.id):
        agency = scoring_repository.agency_by_id(session, duty.to_agency_id) if duty.to_agency_id else None
        name = agency.name if agency is not None else duty.to_text
        if name and not is_people_committee(name):
            return name
    return DEFAULT_ISSUER


def is_people_committee(name: str) -> bool:
    lowered = name.lower().replace("uỷ", "ủy")
    return lowered.startswith(("ubnd tỉnh", "ủy ban nhân dân tỉnh"))


def agency_names(
    session: Session, plan: Plan, figures: list[TaskFigure], scores: list[AgencyScore]
) -> dict[int, str]:
    ids = {a for f in figures for a in f.lead_agency_ids} | {s.agency_id for s in scores}
    return scoring_repository.agency_names(session, ids)


def task_row(figure: TaskFigure, names: dict[int, str]) -> TaskRow:
    task, timeliness = figure.task, figure.timeliness
    return TaskRow(
        code=task.code,
        section=task.section,
        title=task.title,
        lead=[names.get(a, str(a)) for a in figure.lead_agency_ids],
        deadline=figure.deadline,
        deadline_text=task.deadline_text,
        status=timeliness.status,
        label=timeliness.label_vi,
        due_soon=timeliness.due_soon,
        days_left=timeliness.days_left,
    )


def count_key(status: str) -> str:
    return status if status in ("completed_on_time", "completed_late", "in_progress", "overdue") else "other"


def count_tasks(figures: list[TaskFigure]) -> dict[str, int]:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for figure in figures:
        counts[count_key(figure.timeliness.status)] += 1
        counts["due_soon"] += figure.timeliness.due_soon
    return counts


def task_groups(plan: Plan, figures: list[TaskFigure], rows: list[TaskRow]) -> list[TaskGroup]:
    """Tasks grouped by the section they belong to, in the plan's order."""
    titles = group_titles(plan.sections, {f.task.section for f in figures if f.task.section})
    groups: dict[str, TaskGroup] = {}
    for figure, row in zip(figures, rows, strict=True):
        code = figure.task.section or ""
        group = groups.get(code)
        if group is None:
            title = titles.get(code) or ("Nhiệm vụ khác" if not code else f"Nhóm nhiệm vụ {code}")
            group = groups[code] = TaskGroup(code, title, dict.fromkeys(COUNT_KEYS, 0), [])
        group.counts[count_key(row.status)] += 1
        group.counts["due_soon"] += row.due_soon
        if row.status == "overdue":
            group.overdue.append(row)
    return list(groups.values())


def group_titles(sections: list[Section], codes: set[str]) -> dict[str, str]:
    """The title of each task section code. A task's section is a code of the outline ("II.3",
    or the tasks part "III" itself) when the task came from the prose, but the group number of
    the appendix table ("I" … "VII") when it came from there. Appendix groups follow the
    subsections of the tasks part in order (the appendix repeats "II.3"'s heading as its group
    "III"); the codes are read so when one of them is not a tasks part of the outline."""
    by_code = {s.code: s for s in sections}
    task_parts = [s for s in sections if s.level == 1 and s.kind and "tasks" in s.kind]
    part_codes = {p.code for p in task_parts}
    roman = sorted((c for c in codes if c in ROMAN), key=ROMAN.__getitem__)
    appendix = bool(roman) and any(c not in part_codes for c in roman)
    children: list[Section] = []
    for part in task_parts:
        children = sorted(
            (s for s in sections if s.level == 2 and s.code.startswith(part.code + ".")),
            key=lambda s: (s.line or 0, s.id or 0),
        )
        if roman and len(children) >= ROMAN[roman[-1]]:
            break
    out: dict[str, str] = {}
    for code in codes:
        if appendix and code in ROMAN and ROMAN[code] <= len(children):
            out[code] = children[ROMAN[code] - 1].title
        elif code in by_code:
            out[code] = by_code[code].title
    return out


def target_text(target: Target) -> str:
    """The target as people write it: "≥ 30% GRDP", "16–18%", "≤ 20 (Thứ bậc)"."""
    if target.comparator == "text" or target.value is None:
        return target.text or target.what or "—"
    number = format_number(target.value)
    if target.comparator == "range" and target.value_max is not None:
        number = f"{number}–{format_number(target.value_max)}"
    sign = COMPARATOR_TEXT.get(target.comparator, "")
    return f"{sign} {with_unit(number, target.unit)}".strip()


def with_unit(number: str, unit: str | None) -> str:
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith("%") else f"{number} ({unit})"


def indicator_row(figure: TargetFigure) -> IndicatorRow:
    indicator, target, progress = figure.indicator, figure.target, figure.progress
    latest_period, latest = figure.values[-1] if figure.values else (None, None)
    text = target.what or indicator.text
    if target.level:
        text = f"{text} ({target.level})"
    return IndicatorRow(
        code=indicator.code,
        text=text,
        unit=target.unit,
        target_text=target_text(target),
        comparator=target.comparator,
        target_value=target.value,
        target_max=target.value_max,
        year=indicator.year,
        latest_value=latest,
        latest_text=with_unit(format_number(latest), target.unit) if latest is not None else NO_DATA,
        latest_period=latest_period,
        progress=progress.status,
        progress_label=progress.label_vi,
        forecast=progress.forecast,
    )


def report_lateness(
    session: Session, plan: Plan, periods: list[Period], as_of: date
) -> tuple[dict[int, int], dict[int, int]]:
    """Per agency expected to report: reports first sent after their due day, and reports whose due
    day has passed with nothing sent (a report due today can still come today)."""
    sent = repository.sent_reports(session, plan.id)
    late: dict[int, int] = defaultdict(int)
    missing: dict[int, int] = defaultdict(int)
    for agency_id in reporting_agencies(session, plan, as_of):
        for period in periods:
            if period.due > as_of:
                continue
            was_late = sent.get((agency_id, period.id))
            if was_late:
                late[agency_id] += 1
            elif was_late is None and period.due < as_of:
                missing[agency_id] += 1
    return dict(late), dict(missing)


def late_by_agency(
    figures: list[TaskFigure], names: dict[int, str], late: dict[int, int], missing: dict[int, int]
) -> list[AgencyLate]:
    """Agencies with an overdue or late task, or a late or missing report; most overdue first."""
    overdue: dict[int, list[str]] = defaultdict(list)
    done_late: dict[int, list[str]] = defaultdict(list)
    for figure in figures:
        into = {"overdue": overdue, "completed_late": done_late}.get(figure.timeliness.status)
        if into is not None:
            for agency_id in figure.lead_agency_ids:
                into[agency_id].append(figure.task.code)
    ids = (
        set(overdue)
        | set(done_late)
        | {a for a, n in late.items() if n}
        | {a for a, n in missing.items() if n}
    )
    rows = [
        AgencyLate(
            a,
            names.get(a, str(a)),
            overdue.get(a, []),
            late.get(a, 0),
            missing.get(a, 0),
            done_late.get(a, []),
        )
        for a in ids
    ]
    return sorted(rows, key=lambda r: (-len(r.overdue_tasks), -r.missing_reports, -r.late_reports, r.name))


def rates_of_period(session: Session, plan: Plan, period: Period | None, as_of: date) -> ReportRates:
    """The period's report rates over every agency expected to report (as DHIS2 shows a data set's
    rate by period); before its due day the reports received so far."""
    if period is None:
        return report_rates(expected=0, received=0, on_time=0)
    for due_period, rates in period_rates(session, plan, as_of):
        if due_period.id == period.id:
            return rates
    agencies = set(reporting_agencies(session, plan, as_of))
    got = [
        late
        for (a, p), late in repository.sent_reports(session, plan.id).items()
        if p == period.id and a in agencies
    ]
    return report_rates(expected=len(agencies), received=len(got), on_time=sum(1 for x in got if not x))


def agency_rows(
    session: Session,
    plan: Plan,
    as_of: date,
    figures: list[TaskFigure],
    scores: list[AgencyScore],
    names: dict[int, str],
    late: dict[int, int],
    missing: dict[int, int],
) -> list[AgencyRow]:
    in_progress: dict[int, int] = defaultdict(int)
    for figure in figures:
        if figure.timeliness.status == "in_progress":
            for agency_id in figure.lead_agency_ids:
                in_progress[agency_id] += 1
    rates = {r.agency_id: r.rates for r in report_rate_rows(session, plan, as_of)}
    empty = report_rates(expected=0, received=0, on_time=0)
    return [
        AgencyRow(
            s.agency_id,
            names.get(s.agency_id, str(s.agency_id)),
            s.completed_on_time,
            s.completed_late,
            s.overdue,
            in_progress.get(s.agency_id, 0),
            s.score,
            s.rank,
            rates.get(s.agency_id, empty),
            late.get(s.agency_id, 0),
            missing.get(s.agency_id, 0),
        )
        for s in scores
    ]


# --- words shared by the writers ----------------------------------------------------------------


def percent(value: float | None) -> str:
    """A rate as Vietnamese write it ("17,6%"), or "chưa có số liệu" when there is none."""
    return NO_DATA if value is None else f"{format_number(value, 1)}%"


def day_text(value: date | None) -> str:
    return format_date(value) or "—"
