"""Rules of the reporting cycle: periods from a plan's reporting duties, an agency's report for a
period (an item per task it leads, a value per target it monitors), editing under optimistic
concurrency, and the workflow draft → submitted → returned | accepted. No HTTP, no commit: the
caller (request or job) commits."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.agencies.service import answerable_ids, current_body, succession_index
from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.core.db import utcnow
from dondoc.plans.models import Indicator, Plan, Target, Task
from dondoc.plans.service import activate
from dondoc.reporting import repository
from dondoc.reporting.models import IndicatorValue, Period, Report, ReportItem
from dondoc.reporting.periods import period_specs
from dondoc.reporting.schemas import ItemIn, PeriodAdjust, ReportUpdate, ValueIn
from dondoc.users.models import User

ITEM_FIELDS = (
    "status",
    "progress",
    "narrative",
    "reason",
    "completed_on",
    "evidence_number",
    "evidence_link",
)
# A value that moves by more than half of the previous one must say why (the note).
FAR_FROM_PREVIOUS = 0.5
RANK_UNIT_WORDS = ("thứ bậc", "thứ hạng", "hạng", "xếp hạng")
EDITABLE = ("draft", "returned")


REFUSALS = ("invalid", "conflict", "not_found", "forbidden")


class ReportError(Exception):
    """A refused change: what kind of refusal (`REFUSALS`; the edges map it to their own answer,
    e.g. HTTP 422/409/404/403) and the field it is about."""

    def __init__(self, kind: str, message_vi: str, message_en: str, field: str | None = None) -> None:
        assert kind in REFUSALS, kind
        super().__init__(message_en)
        self.kind, self.message_vi, self.message_en, self.field = kind, message_vi, message_en, field


# --- periods ---------------------------------------------------------------------------------


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


def activate_with_periods(session: Session, plan_id: int, *, actor: str) -> Plan:
    """Make a draft live and open its reporting cycle: the periods its duties name."""
    plan = activate(session, plan_id, actor=actor)
    generate_periods(session, plan, actor=actor)
    return plan


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
        before=_plain(before),
        after=_plain(after),
    )
    return period


# --- who reports what ------------------------------------------------------------------------


def reporting_agencies(session: Session, plan: Plan, on: date) -> list[int]:
    """The bodies expected to report on a plan: whoever answers today for a named lead of one of
    its tasks or indicators (a predecessor's work goes to its successor; collectives are not a body
    and report through their members)."""
    rows = repository.lead_assignees(session, plan.id)
    index = succession_index(session)
    return sorted(
        {
            current_body(session, agency_id, on, index)
            for agency_id, kind in rows
            if agency_id is not None and kind != "collective"
        }
    )


@dataclass
class Duties:
    tasks: list[Task]
    targets: list[tuple[Indicator, Target]]


def duties_of(session: Session, plan_id: int, agency: Agency) -> Duties:
    """The tasks an agency leads in a plan and the indicator targets it monitors, including what
    its predecessors and the collectives it belongs to were given."""
    ids = answerable_ids(session, agency)
    tasks = repository.tasks_led_by(session, plan_id, ids)
    indicators = repository.indicators_led_by(session, plan_id, ids)
    return Duties(tasks, [(i, t) for i in indicators for t in i.targets if t.comparator != "text"])


def open_report(session: Session, period: Period, agency: Agency, *, actor: str) -> Report:
    """The agency's report for the period, created on first use with an item per task it leads and
    a line per target it monitors; an item starts from the agency's previous report, so a task
    finished last month stays finished."""
    report = repository.report_for(session, period.id, agency.id)
    if report is not None:
        return report
    duties = duties_of(session, period.plan_id, agency)
    previous = repository.previous_items(session, period, agency.id)
    report = Report(period_id=period.id, agency_id=agency.id, status="draft", version=1)
    for task in duties.tasks:
        item = ReportItem(task_id=task.id, role="lead")
        if task.id in previous:
            for field in ITEM_FIELDS:
                setattr(item, field, getattr(previous[task.id], field))
        report.items.append(item)
    for indicator, target in duties.targets:
        report.values.append(IndicatorValue(indicator_id=indicator.id, target_id=target.id))
    session.add(report)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity="report",
        entity_id=report.id,
        after={"period": period.key, "agency_id": agency.id, "items": len(report.items)},
    )
    return report


# --- permissions ------------------------------------------------------------------------------


def may_edit(user: User, report: Report) -> bool:
    """A reporter edits only its own agency's reports; coordinators and admins may edit any."""
    if user.role in ("admin", "coordinator"):
        return True
    return user.role == "reporter" and user.agency_id == report.agency_id


# --- editing under optimistic concurrency -----------------------------------------------------


def claim_version(session: Session, report: Report, version: int) -> None:
    """Move the report from `version` to the next one in a single UPDATE … WHERE version = :v.
    Of two writers quoting the same version exactly one matches the row; the other gets 409 and
    nothing of its change is written (the request rolls back)."""
    if not repository.claim_version(session, report.id, version):
        session.refresh(report)
        raise ReportError(
            "conflict",
            f"Báo cáo đã được người khác sửa (phiên bản hiện tại {report.version}, bạn gửi {version}); "
            "hãy tải lại, thay đổi của bạn chưa được lưu",
            f"Someone else changed this report (now version {report.version}, you sent {version}); "
            "reload it — your change was not saved",
            "version",
        )
    session.refresh(report)


def update_report(session: Session, report: Report, body: ReportUpdate, *, actor: str) -> Report:
    if report.status not in EDITABLE:
        raise ReportError(
            "conflict",
            f"Báo cáo đang ở trạng thái {report.status}, không sửa được",
            f"The report is {report.status} and cannot be edited",
            "status",
        )
    claim_version(session, report, body.version)
    items = {i.task_id: i for i in report.items}
    values = {v.target_id: v for v in report.values}
    before: dict[str, dict] = {}
    after: dict[str, dict] = {}
    for n, change in enumerate(body.items):
        item = items.get(change.task_id)
        if item is None:
            raise ReportError(
                "invalid",
                f"Nhiệm vụ {change.task_id} không thuộc báo cáo này",
                f"Task {change.task_id} is not part of this report",
                f"items[{n}].task_id",
            )
        _apply_item(item, change, n, before, after)
    for n, entry in enumerate(body.values):
        line = values.get(entry.target_id)
        if line is None:
            raise ReportError(
                "invalid",
                f"Chỉ tiêu {entry.target_id} không thuộc báo cáo này",
                f"Target {entry.target_id} is not part of this report",
                f"values[{n}].target_id",
            )
        _check_value(session, report, line, entry, n)
        key = f"value:{line.target_id}"
        before[key] = {"value": line.value, "source": line.source, "note": line.note}
        line.value, line.source, line.note = entry.value, entry.source, entry.note
        after[key] = {"value": line.value, "source": line.source, "note": line.note}
    session.flush()
    record(
        session,
        actor=actor,
        action="update",
        entity="report",
        entity_id=report.id,
        before=_plain_nested(before),
        after=_plain_nested(after),
    )
    return report


def _apply_item(item: ReportItem, change: ItemIn, n: int, before: dict, after: dict) -> None:
    data = change.model_dump(exclude_unset=True, exclude={"task_id"})
    if data.get("status") is None:
        data.pop("status", None)  # an empty status keeps the stored one (the column is required)
    if "evidence_link" in data and data["evidence_link"] is not None:
        data["evidence_link"] = str(data["evidence_link"])
    status = data.get("status", item.status)
    reason = data.get("reason", item.reason)
    if status == "not_feasible" and not (reason and reason.strip()):
        raise ReportError(
            "invalid",
            "Nhiệm vụ không thực hiện được phải nêu lý do",
            "A task that cannot be done needs a reason",
            f"items[{n}].reason",
        )
    if status == "completed":
        data.setdefault("progress", 100.0)
        if not (data.get("completed_on") or item.completed_on):
            data["completed_on"] = get_settings().today()
    key = f"task:{item.task_id}"
    before[key] = {f: getattr(item, f) for f in data}
    for field, value in data.items():
        setattr(item, field, value)
    after[key] = {f: getattr(item, f) for f in data}


def _check_value(session: Session, report: Report, line: IndicatorValue, change: ValueIn, n: int) -> None:
    if change.value is None:
        return
    target = repository.get_target(session, line.target_id)
    unit = (target.unit or "").lower() if target else ""
    if not math.isfinite(change.value):  # the schema refuses NaN and ∞; kept here for direct callers
        raise ReportError(
            "invalid",
            "Giá trị phải là một số hữu hạn",
            "The value must be a finite number",
            f"values[{n}].value",
        )
    if any(word in unit for word in RANK_UNIT_WORDS):
        if change.value < 1 or not change.value.is_integer():
            raise ReportError(
                "invalid",
                "Thứ hạng phải là số nguyên dương",
                "A rank must be a positive integer",
                f"values[{n}].value",
            )
    elif unit.strip() in ("%", "% grdp") and not 0 <= change.value <= 100:
        raise ReportError(
            "invalid",
            "Tỷ lệ phần trăm phải nằm trong khoảng 0–100",
            "A percentage must lie between 0 and 100",
            f"values[{n}].value",
        )
    previous = repository.previous_value(session, report, line.target_id)
    explained = bool(change.note and change.note.strip())
    far = previous is not None and abs(change.value - previous) > FAR_FROM_PREVIOUS * max(abs(previous), 1.0)
    if far and not explained:
        raise ReportError(
            "invalid",
            f"Giá trị {change.value:g} khác xa kỳ trước ({previous:g}): cần ghi chú giải thích",
            f"The value {change.value:g} is far from the previous one ({previous:g}): add a note",
            f"values[{n}].note",
        )


# --- workflow ---------------------------------------------------------------------------------


def submit(
    session: Session, report: Report, version: int, *, actor: str, now: datetime | None = None
) -> Report:
    """Draft or returned → submitted. Lateness is judged on the first submission in the province's
    time zone (a report returned and sent again keeps the timeliness of its first sending)."""
    if report.status not in EDITABLE:
        raise ReportError(
            "conflict",
            f"Báo cáo đang ở trạng thái {report.status}, không gửi được",
            f"The report is {report.status} and cannot be submitted",
            "status",
        )
    claim_version(session, report, version)
    now = now or utcnow()
    before = {"status": report.status}
    report.status = "submitted"
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.late = get_settings().local_date(now) > report.period.due
    record(
        session,
        actor=actor,
        action="submit",
        entity="report",
        entity_id=report.id,
        before=before,
        after={"status": "submitted", "late": report.late},
    )
    return report


def review(
    session: Session,
    report: Report,
    version: int,
    decision: str,
    comment: str | None,
    *,
    actor: str,
    now: datetime | None = None,
) -> Report:
    if report.status != "submitted":
        raise ReportError(
            "conflict",
            "Chỉ báo cáo đã gửi mới được duyệt",
            "Only a submitted report can be reviewed",
            "status",
        )
    if decision == "return" and not (comment and comment.strip()):
        raise ReportError(
            "invalid", "Trả lại báo cáo phải kèm ý kiến", "A returned report needs a comment", "comment"
        )
    claim_version(session, report, version)
    report.status = "accepted" if decision == "accept" else "returned"
    report.review_comment = comment
    report.reviewed_at = now or utcnow()
    report.reviewed_by = actor
    record(
        session,
        actor=actor,
        action=decision,
        entity="report",
        entity_id=report.id,
        before={"status": "submitted"},
        after={"status": report.status, "comment": comment},
    )
    return report


def add_part(session: Session, report: Report, task_id: int, version: int, *, actor: str) -> ReportItem:
    """A coordinating agency adds its part of a task it was asked to help with."""
    task = repository.get_task(session, task_id)
    agency = repository.get_agency(session, report.agency_id)
    if task is None or agency is None or task.plan_id != report.period.plan_id:
        raise ReportError(
            "not_found",
            f"Không có nhiệm vụ {task_id} trong kế hoạch này",
            f"No task {task_id} in this plan",
            "task_id",
        )
    ids = answerable_ids(session, agency)
    if not any(a.agency_id in ids for a in task.assignments):
        raise ReportError(
            "forbidden",
            "Cơ quan không được giao nhiệm vụ này",
            "This agency is not assigned to this task",
            "task_id",
        )
    if report.status not in EDITABLE:
        raise ReportError(
            "conflict",
            f"Báo cáo đang ở trạng thái {report.status}, không sửa được",
            f"The report is {report.status} and cannot be edited",
            "status",
        )
    if any(i.task_id == task_id for i in report.items):
        raise ReportError(
            "conflict", "Nhiệm vụ đã có trong báo cáo", "The task is already in the report", "task_id"
        )
    claim_version(session, report, version)
    item = ReportItem(task_id=task_id, role="coordinating")
    report.items.append(item)
    session.flush()
    record(
        session,
        actor=actor,
        action="add_part",
        entity="report",
        entity_id=report.id,
        after={"task_id": task_id},
    )
    return item


def record_event(session: Session, task: Task, event_date: date, days: int | None, *, actor: str) -> Task:
    """A coordinator records when the event an event task waits for happened ("sau khi Bộ ban
    hành…"); the task's deadline becomes that day plus the days allowed."""
    if task.deadline_kind != "event":
        raise ReportError(
            "invalid", "Nhiệm vụ này không chờ sự kiện", "This task does not wait for an event", "task_id"
        )
    before = {"event_date": task.event_date, "event_days": task.event_days}
    task.event_date, task.event_days = event_date, days
    record(
        session,
        actor=actor,
        action="record_event",
        entity="task",
        entity_id=task.id,
        before=_plain(before),
        after=_plain({"event_date": event_date, "event_days": days}),
    )
    return task


def _plain(values: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def _plain_nested(values: dict[str, dict]) -> dict:
    return {k: _plain(v) for k, v in values.items()}
