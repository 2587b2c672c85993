"""Rules of the reporting cycle: periods from a plan's reporting duties, an agency's report for a
period (an item per task it leads, a value per target it monitors), editing under optimistic
concurrency, and the workflow draft → submitted → returned | accepted. No HTTP, no commit: the
caller (request or job) commits."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO, NoReturn

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from dondoc.agencies.models import Agency
from dondoc.agencies.service import answerable_ids, current_body, find_agency, succession_index
from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.core.db import utcnow
from dondoc.plans.models import Indicator, Plan, Target, Task
from dondoc.reporting import files, repository
from dondoc.reporting.errors import REFUSALS as REFUSALS
from dondoc.reporting.errors import ReportError as ReportError
from dondoc.reporting.models import (
    EDITABLE,
    SENT,
    Attachment,
    IndicatorValue,
    Period,
    Report,
    ReportItem,
    ReportStatus,
)
from dondoc.reporting.schemas import ItemIn, ReportUpdate, ValueIn
from dondoc.reporting.service_periods import adjust_period as adjust_period
from dondoc.reporting.service_periods import generate_periods as generate_periods
from dondoc.reporting.service_periods import plain
from dondoc.reporting.service_periods import plan_span as plan_span
from dondoc.scoring import staleness
from dondoc.users.models import User
from dondoc.users.service import may_see_plan

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
    report = Report(period_id=period.id, agency_id=agency.id, status=ReportStatus.DRAFT, version=1)
    for task in duties.tasks:
        item = ReportItem(task_id=task.id, role="lead", attachments=[])  # new: none to load
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


def agency_by_ref(session: Session, ref: str) -> Agency | None:
    """An agency named by its id, its name or its alias."""
    if ref.isascii() and ref.isdecimal() and len(ref) < 12:
        return repository.get_agency(session, int(ref))
    return find_agency(session, ref)


def agency_to_open_for(session: Session, user: User, wanted: str | None) -> Agency:
    """The one rule of who opens whose report, for the API and the pages: a reporter opens its
    own agency's (naming another is refused), a coordinator or an admin names the agency, a viewer
    opens none. Raises ReportError ("forbidden", "invalid", "not_found"; field "agency")."""
    wanted = (wanted or "").strip() or None
    found = agency_by_ref(session, wanted) if wanted else None
    if user.role == "reporter":
        if found is not None and found.id != user.agency_id:
            raise ReportError(
                "forbidden",
                "Không được mở báo cáo của cơ quan khác",
                "You may not open another agency's report",
            )
        if user.agency_id is None:
            raise ReportError(
                "forbidden", "Cán bộ báo cáo chưa thuộc cơ quan nào", "This reporter belongs to no agency"
            )
        agency = repository.get_agency(session, user.agency_id)
    elif user.role in ("admin", "coordinator"):
        if wanted is None:
            raise ReportError(
                "invalid", "Cần chọn cơ quan (agency)", "Say which agency (agency)", field="agency"
            )
        agency = found
    else:
        raise ReportError(
            "forbidden",
            f"Vai trò {user.role} không được lập báo cáo",
            f"Role {user.role} may not open reports",
        )
    if agency is None:
        raise ReportError("not_found", "Không tìm thấy cơ quan", "No such agency", field="agency")
    return agency


def may_edit(user: User, report: Report) -> bool:
    """A reporter edits only its own agency's reports; coordinators and admins may edit any."""
    if user.role in ("admin", "coordinator"):
        return True
    return user.role == "reporter" and user.agency_id == report.agency_id


def may_change_now(user: User, report: Report) -> bool:
    """The user may edit the report and the report is still open to change (draft or returned)."""
    return may_edit(user, report) and report.status in EDITABLE


def report_for_user(session: Session, report_id: int, user: User, *, write: bool = False) -> Report:
    """The one access check of a report, for the API and the pages: a reporter sees only its own
    agency's reports; to change one (`write`) the user must also `may_edit` it. A refusal is a
    `ReportError` "not_found" or "forbidden" (the edges audit a forbidden access)."""
    found = repository.report_with_plan(session, report_id)
    report, plan = found if found is not None else (None, None)
    if report is None or plan is None or not may_see_plan(user, plan.scope_province):
        # a report of another province's plan is answered as missing, as the plan is
        raise ReportError("not_found", f"Không có báo cáo {report_id}", f"No report {report_id}")
    if user.role == "reporter" and user.agency_id != report.agency_id:
        raise ReportError(
            "forbidden", "Báo cáo này thuộc cơ quan khác", "This report belongs to another agency"
        )
    if write and not may_edit(user, report):
        raise ReportError(
            "forbidden",
            f"Vai trò {user.role} không được sửa báo cáo",
            f"Role {user.role} may not change reports",
        )
    return report


def attachment_for_user(session: Session, attachment_id: int, user: User) -> Attachment:
    """An attachment, if the user may read the report it belongs to (`report_for_user`)."""
    attachment = repository.get_attachment(session, attachment_id)
    if attachment is None:
        raise ReportError("not_found", f"Không có tệp {attachment_id}", f"No file {attachment_id}")
    item = repository.get_item(session, attachment.item_id)
    assert item is not None
    report_for_user(session, item.report_id, user)
    return attachment


# --- the agency's work ------------------------------------------------------------------------


def due_reports(
    session: Session, plan: Plan, agency_id: int, today: date
) -> list[tuple[Period, Report | None]]:
    """What the agency has to send now on a plan: periods already open whose report (if any) is not
    sent yet; nothing if the agency does not report on the plan."""
    if agency_id not in reporting_agencies(session, plan, today):
        return []
    due: list[tuple[Period, Report | None]] = []
    for period in repository.periods_of(session, plan.id):
        report = repository.report_for(session, period.id, agency_id)
        sent = report is not None and report.status in SENT
        if period.cutoff_start <= today and not sent:
            due.append((period, report))
    return due


def report_parts(session: Session, report: Report) -> dict[str, Any]:
    """What a report's page shows beside the report: its tasks, targets and indicators by id, its
    plan and its agency (keys report, tasks, targets, indicators, plan, agency)."""
    return {
        "report": report,
        "tasks": repository.tasks_by_id(session, [i.task_id for i in report.items]),
        "targets": repository.targets_by_id(session, [v.target_id for v in report.values]),
        "indicators": repository.indicators_by_id(session, [v.indicator_id for v in report.values]),
        "plan": repository.get_plan(session, report.period.plan_id),
        "agency": repository.get_agency(session, report.agency_id),
    }


# --- evidence ---------------------------------------------------------------------------------


def attach_evidence(
    session: Session, report: Report, item_id: int, filename: str | None, stream: BinaryIO, *, user: User
) -> Attachment:
    """Attach a file to an item of a report still open to change: at most the upload limit
    (`DONDOC_MAX_UPLOAD_MB`), its type checked from the bytes, the bytes stored once under their
    sha256, the attachment audited."""
    item = repository.get_item(session, item_id)
    if item is None or item.report_id != report.id:
        raise ReportError(
            "not_found", f"Không có mục {item_id} trong báo cáo này", f"No item {item_id} in this report"
        )
    if report.status not in EDITABLE:
        raise ReportError(
            "conflict", "Báo cáo đã gửi, không đính kèm thêm được", "The report was sent; attach nothing more"
        )
    max_mb = get_settings().max_upload_mb
    limit = max_mb * 1024 * 1024
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ReportError(
            "too_large", f"Tệp lớn hơn giới hạn {max_mb} MB", f"The file is larger than {max_mb} MB", "file"
        )
    try:
        mime = files.checked_type(data)
    except files.FileRefused as exc:
        raise ReportError("unsupported", exc.message_vi, exc.message_en, "file") from exc
    attachment = Attachment(
        filename=(filename or "minh-chung")[-300:],
        content_type=mime,
        size=len(data),
        sha256=files.store(data),
        uploaded_by=user.username,
    )
    item.attachments.append(attachment)
    session.flush()
    record(
        session,
        actor=user.username,
        actor_id=user.id,
        action="attach",
        entity="report",
        entity_id=report.id,
        after={"item": item.id, "file": attachment.filename, "sha256": attachment.sha256},
    )
    return attachment


# --- editing under optimistic concurrency -----------------------------------------------------


def claim_version(session: Session, report: Report, version: int) -> None:
    """Move the report from `version` to the next one in a single UPDATE … WHERE version = :v.
    Of two writers quoting the same version exactly one matches the row; the other gets 409 and
    nothing of its change is written (the request rolls back)."""
    claimed = repository.claim_version(session, report.id, version)
    if claimed is None:
        _refuse_version(session, report, version)
    # the row's new version written into the loaded report as stored, not refreshed: a refresh
    # would read the report again and drop its loaded items
    set_committed_value(report, "version", claimed[0])
    set_committed_value(report, "updated_at", claimed[1])


def _refuse_version(session: Session, report: Report, version: int) -> NoReturn:
    """The 409 of a stale `version`, naming the report's current one."""
    session.refresh(report)
    raise ReportError(
        "conflict",
        f"Báo cáo đã được người khác sửa (phiên bản hiện tại {report.version}, bạn gửi {version}); "
        "hãy tải lại, thay đổi của bạn chưa được lưu",
        f"Someone else changed this report (now version {report.version}, you sent {version}); "
        "reload it — your change was not saved",
        "version",
    )


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
    # The checks read targets and earlier reports, which the changes made here do not touch: no
    # flush before each of them, one after.
    with session.no_autoflush:
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
    time zone (a report returned and sent again keeps the timeliness of its first sending).

    One UPDATE claims the version and writes the submission (the busiest write of a reporting
    deadline: a short transaction with nothing else to flush but its audit row); the plan's
    stored figures are marked stale here, as the flush hook would for an ORM write."""
    if report.status not in EDITABLE:
        raise ReportError(
            "conflict",
            f"Báo cáo đang ở trạng thái {report.status}, không gửi được",
            f"The report is {report.status} and cannot be submitted",
            "status",
        )
    now = now or utcnow()
    before = {"status": report.status}
    late_if_first = get_settings().local_date(now) > report.period.due
    stored = repository.claim_submission(session, report.id, version, now, late_if_first)
    if stored is None:
        _refuse_version(session, report, version)
    for name, value in stored.items():
        set_committed_value(report, name, value)
    staleness.mark_plans(session, {report.period.plan_id})
    record(
        session,
        actor=actor,
        action="submit",
        entity="report",
        entity_id=report.id,
        before=before,
        after={"status": ReportStatus.SUBMITTED, "late": report.late},
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
    if report.status != ReportStatus.SUBMITTED:
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
    report.status = ReportStatus.ACCEPTED if decision == "accept" else ReportStatus.RETURNED
    report.review_comment = comment
    report.reviewed_at = now or utcnow()
    report.reviewed_by = actor
    record(
        session,
        actor=actor,
        action=decision,
        entity="report",
        entity_id=report.id,
        before={"status": ReportStatus.SUBMITTED},
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
        before=plain(before),
        after=plain({"event_date": event_date, "event_days": days}),
    )
    return task


def _plain_nested(values: dict[str, dict]) -> dict:
    return {k: plain(v) for k, v in values.items()}
