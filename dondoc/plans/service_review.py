"""What the plan pages show and the corrections a coordinator makes while reviewing a draft:
the source lines behind an extracted row, the outline as a tree, the task table filtered by lead
agency (its predecessors and collectives included), timeliness status, deadline window and words,
the names of a plan the registry lacks, the plan a draft replaces, and the correction of a task
(validated field by field, audited). No HTTP, no commit: the request commits."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session, selectinload

from dondoc.agencies.models import Agency
from dondoc.agencies.service import answerable_ids, current_body, map_name, succession_index
from dondoc.audit.service import audited_ids, record
from dondoc.core.errors import DomainError
from dondoc.core.text import search_key
from dondoc.formatting import format_date, format_deadline
from dondoc.plans import repository
from dondoc.plans.models import Assignment, Plan, Section, Task
from dondoc.scoring.service import TargetFigure, TaskFigure, task_figures

PER_PAGE = 50
SOURCE_CONTEXT = 2  # lines shown before and after the lines a row came from
TITLE_MAX = 4000
OUTPUT_MAX = 4000
FIRST_YEAR, LAST_YEAR = 2000, 2100
PLAN_STATUS_VI = {
    "draft": "Bản nháp",
    "active": "Đang thực hiện",
    "replaced": "Đã bị thay thế",
    "closed": "Đã kết thúc",
}

# Field errors, shown next to the input (each phrase is in web/data/en.yaml).
ERR_TITLE_EMPTY = "Nhập tên nhiệm vụ"
ERR_TITLE_LONG = "Tên nhiệm vụ quá dài (tối đa 4.000 ký tự)"
ERR_OUTPUT_LONG = "Sản phẩm quá dài (tối đa 4.000 ký tự)"
ERR_DATE = "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy, ví dụ 31/12/2025"
ERR_YEAR = "Năm của thời hạn phải từ 2000 đến 2100"
ERR_AGENCY = "Chọn một cơ quan có trong danh mục"
ERR_NAME = "Tên này không còn thiếu trong danh mục của kế hoạch"
ERR_CONFIRM_DELETE = "Đánh dấu ô xác nhận để xoá dòng này"
ERR_NOT_DRAFT = "Chỉ xoá được dòng của kế hoạch đang là bản nháp"
ERR_NOT_DRAFT_ADD = "Chỉ thêm được dòng vào kế hoạch đang là bản nháp"
ERR_NOT_DRAFT_CHECK = "Chỉ đánh dấu được dòng của kế hoạch đang là bản nháp"
ERR_CODE_EMPTY = "Nhập số thứ tự (mã) của nhiệm vụ, như văn bản ghi"
ERR_CODE_LONG = "Mã nhiệm vụ quá dài (tối đa 60 ký tự)"
ERR_CODE_TAKEN = "Kế hoạch đã có nhiệm vụ mang mã này"
ERR_SECTION_LONG = "Tên mục quá dài (tối đa 40 ký tự)"


class CorrectionError(DomainError):
    """A refused correction: the Vietnamese message of each field in error (`errors`; the review
    page shows each beside its field, in English through web/data/en.yaml)."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors))
        super().__init__(
            "invalid",
            "; ".join(errors.values()),
            f"Correct the field(s): {', '.join(errors)}",
            field=first,
        )
        self.errors = errors


# --- reading what the pages show ------------------------------------------------------------


@dataclass
class SourceLine:
    no: int
    text: str
    hit: bool


def source_excerpt(
    plan: Plan, start: int | None, end: int | None = None, context: int = SOURCE_CONTEXT
) -> list[SourceLine]:
    """The lines `start`..`end` of the source as read, with `context` lines around them; the lines
    the row came from are marked as hits."""
    if start is None or not plan.source_lines:
        return []
    end = max(end or start, start)
    lines = {int(no): str(text) for no, text in plan.source_lines}
    wanted = range(max(start - context, 1), end + context + 1)
    return [SourceLine(no, lines[no], start <= no <= end) for no in wanted if no in lines]


@dataclass
class OutlineNode:
    section: Section
    children: list[OutlineNode] = field(default_factory=list)


def outline_tree(sections: list[Section]) -> list[OutlineNode]:
    """The flat outline (in document order, each with its level) as a tree."""
    roots: list[OutlineNode] = []
    stack: list[OutlineNode] = []
    for section in sorted(sections, key=lambda s: s.id):
        node = OutlineNode(section)
        while stack and stack[-1].section.level >= section.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots


def deadline_words(task: Task) -> str:
    """A task's deadline as a person reads it: dd/mm/yyyy, a range, a frequency, or the event."""
    if task.deadline_kind == "event" and task.event_date is not None:
        return format_date(task.event_date) or "—"
    deadline = None
    if task.deadline_kind:
        deadline = {
            "kind": task.deadline_kind,
            "date": task.deadline_date,
            "start": task.deadline_start,
            "end": task.deadline_end,
            "freq": task.deadline_freq or "",
            "text": task.event_text or task.deadline_text,
        }
    return format_deadline({"deadline": deadline, "deadline_text": task.deadline_text})


def parse_day(text: str | None) -> date | None:
    """A day typed as yyyy-mm-dd (a date input) or dd/mm/yyyy; None when empty. Raises
    CorrectionError with the field "day" for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            year, month, day = (int(x) for x in text.split("-"))
        elif re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", text):
            day, month, year = (int(x) for x in re.split(r"[/.-]", text))
        else:
            raise ValueError(text)
        value = date(year, month, day)
    except ValueError:
        raise CorrectionError({"day": ERR_DATE}) from None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise CorrectionError({"day": ERR_YEAR})
    return value


def agencies_for_review(session: Session, plan: Plan, rows: list[TaskRow]) -> dict[int, Agency]:
    """The bodies the review page offers for a plan, by id in the order of their names: its
    province's and the central ones (not the whole country's registry, which a national
    deployment holds), and any other body its task page names already."""
    offered = {a.id: a for a in repository.agencies_of_province(session, plan.scope_province)}
    named = [a for a in agencies_of_rows(session, rows).values() if a.id not in offered]
    return offered | {a.id: a for a in sorted(named, key=lambda a: a.name)}


def agencies_of_rows(session: Session, rows: list[TaskRow]) -> dict[int, Agency]:
    """The bodies a page of tasks names, by id: not the registry of the whole country."""
    ids = {a.agency_id for row in rows for a in row.leads + row.coordinators if a.agency_id}
    return {a.id: a for a in repository.agencies_by_ids(session, ids)}


def bodies_today(session: Session, agencies: dict[int, Agency], ids: set[int], on: date) -> dict[int, Agency]:
    """For the bodies among `ids` that no longer exist on `on`, the body that answers for their work
    now (Sở Thông tin và Truyền thông → Sở Khoa học và Công nghệ)."""
    out: dict[int, Agency] = {}
    ended = [i for i in ids if i in agencies and (agencies[i].valid_to or on) < on]
    index = succession_index(session) if ended else {}
    for agency_id in ended:
        body = current_body(session, agency_id, on, index)
        found = agencies.get(body) or repository.agency_by_id(session, body)
        if body != agency_id and found is not None:
            out[agency_id] = found
    return out


@dataclass
class TaskFilters:
    agency_id: int | None = None
    status: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    q: str | None = None
    page: int = 1
    task_ids: list[int] | None = None  # only these (the review's rows to check)


# Why a row of a draft needs a look, in the order the review names them.
DOUBTS = {
    "no_lead": "Chưa có cơ quan chủ trì",
    "unmapped": "Có tên cơ quan chưa có trong danh mục",
    "no_deadline": "Chưa đọc được thời hạn",
}


def doubts_of(task: Task) -> list[str]:
    """The reasons (keys of DOUBTS) a task row needs checking against the text."""
    out = []
    if not any(a.role == "lead" for a in task.assignments):
        out.append("no_lead")
    if any(a.agency_id is None for a in task.assignments):
        out.append("unmapped")
    if not task.deadline_kind:
        out.append("no_deadline")
    return out


@dataclass
class Doubts:
    task_ids: list[int]  # the rows still to check, in the plan's order
    counts: dict[str, int]  # reason → rows still to check
    checked: set[int]  # rows a coordinator marked "đã xem" (looked at against the text)


def doubts_in(session: Session, plan: Plan) -> Doubts:
    """Every row of the plan that needs checking and has not been marked checked, and how many
    for each reason."""
    tasks = repository.rows(session, repository.task_query(plan_id=plan.id), len(plan.tasks) or 1, 0)
    checked = audited_ids(session, "task", "check", [t.id for t in tasks])
    ids: list[int] = []
    counts = dict.fromkeys(DOUBTS, 0)
    for task in tasks:
        reasons = doubts_of(task) if task.id not in checked else []
        if reasons:
            ids.append(task.id)
        for reason in reasons:
            counts[reason] += 1
    return Doubts(ids, counts, checked)


def mark_checked(
    session: Session, plan: Plan, task: Task, *, actor: str, actor_id: int | None = None
) -> None:
    """A coordinator looked at a doubtful row against the text and it stands as it is (a task the
    plan gives no lead, say): it leaves the rows to check. Audited with the reasons it had."""
    if plan.status != "draft":
        raise CorrectionError({"checked": ERR_NOT_DRAFT_CHECK})
    record(
        session,
        actor=actor,
        actor_id=actor_id,
        action="check",
        entity="task",
        entity_id=task.id,
        after={"reasons": doubts_of(task)},
    )


@dataclass
class TaskRow:
    task: Task
    figure: TaskFigure | None
    leads: list[Assignment]
    coordinators: list[Assignment]


@dataclass
class TaskTable:
    rows: list[TaskRow]
    total: int
    page: int
    pages: int


def task_table(
    session: Session, plan: Plan, filters: TaskFilters, *, as_of: date, per_page: int = PER_PAGE
) -> TaskTable:
    """One page of the plan's tasks as filtered. The agency filter keeps the tasks the body leads,
    or its predecessors or a collective it belongs to led (what it answers for today); the status
    is the task's timeliness on `as_of` (Quyết định 42/2014/QĐ-TTg)."""
    lead_ids: set[int] | None = None
    if filters.agency_id is not None:
        agency = repository.agency_by_id(session, filters.agency_id)
        lead_ids = answerable_ids(session, agency) if agency is not None else set()
    figures = {f.task.id: f for f in task_figures(session, plan, as_of)}
    with_status = None
    if filters.status:
        with_status = [i for i, f in figures.items() if f.timeliness.status == filters.status]
    if filters.task_ids is not None:
        wanted = set(filters.task_ids)
        with_status = [i for i in (with_status if with_status is not None else wanted) if i in wanted]
    stmt = repository.task_query(
        plan_id=plan.id,
        lead_agency_ids=lead_ids,
        task_ids=with_status,
        due_before=filters.due_to,
        due_after=filters.due_from,
        q=filters.q,
    )
    total = repository.count(session, stmt)
    pages = max(1, math.ceil(total / per_page))
    page = min(max(filters.page, 1), pages)
    tasks = repository.rows(session, stmt, per_page, (page - 1) * per_page, selectinload(Task.assignments))
    rows = [
        TaskRow(
            task,
            figures.get(task.id),
            [a for a in task.assignments if a.role == "lead"],
            [a for a in task.assignments if a.role == "coordinating"],
        )
        for task in tasks
    ]
    return TaskTable(rows, total, page, pages)


def indicators_for(
    session: Session, figures: list[TargetFigure], agency: Agency | None
) -> list[TargetFigure]:
    """The targets an agency has a part in (any role, its predecessors' too); all when no agency."""
    if agency is None:
        return figures
    mine = repository.indicator_ids_of_agencies(session, answerable_ids(session, agency))
    return [f for f in figures if f.indicator.id in mine]


def target_points(session: Session, figure: TargetFigure) -> list[tuple[float, float]]:
    """The values reported for a target (submitted or accepted), at the end of each period's
    cut-off as a fractional year: the x axis of the progress method."""
    return figure.points


def unmapped_in_plan(session: Session, plan_id: int) -> list[tuple[str, int]]:
    """Names this plan assigns work to that the registry lacks, with how often."""
    return repository.unmapped_names(session, plan_id)


def replaced_plan(session: Session, plan: Plan) -> Plan | None:
    """The plan this one replaces: the one it already replaced, else an active plan whose number
    the draft names as replaced."""
    if plan.replaces_id is not None:
        return repository.by_id(session, plan.replaces_id)
    for ref in plan.references:
        if ref.relation == "replaces":
            for old in repository.active_by_number(session, ref.document_number, other_than=plan.id):
                return old
    return None


# --- corrections ----------------------------------------------------------------------------


@dataclass
class TaskCorrection:
    """A task row as the review form sends it (text, before validation)."""

    title: str = ""
    output: str = ""
    deadline: str = ""  # empty: the deadline as extracted stays
    lead_agency_id: str = ""  # empty: the leads as extracted stay


def _agency_from(session: Session, value: str) -> Agency | None:
    value = value.strip()
    return repository.agency_by_id(session, int(value)) if value.isdigit() else None


def _row_fields(
    session: Session, form: TaskCorrection | NewTask, errors: dict[str, str]
) -> tuple[str, str, date | None, Agency | None]:
    """The title, output, deadline and lead a review form sends, checked; each bad field's
    message goes into `errors` (the caller refuses the whole form if any)."""
    title, output = form.title.strip(), form.output.strip()
    if not title:
        errors["title"] = ERR_TITLE_EMPTY
    elif len(title) > TITLE_MAX:
        errors["title"] = ERR_TITLE_LONG
    if len(output) > OUTPUT_MAX:
        errors["output"] = ERR_OUTPUT_LONG
    deadline = None
    try:
        deadline = parse_day(form.deadline)
    except CorrectionError as exc:
        errors["deadline"] = exc.errors["day"]
    lead = _agency_from(session, form.lead_agency_id) if form.lead_agency_id.strip() else None
    if form.lead_agency_id.strip() and lead is None:
        errors["lead_agency_id"] = ERR_AGENCY
    return title, output, deadline, lead


def correct_task(
    session: Session, task: Task, form: TaskCorrection, *, actor: str, actor_id: int | None = None
) -> list[str]:
    """Apply a coordinator's correction of an extracted task. Every field is checked first; on any
    error nothing changes and CorrectionError names the fields. Returns the fields changed (the
    change is audited with its before and after)."""
    errors: dict[str, str] = {}
    title, output, deadline, lead = _row_fields(session, form, errors)
    if errors:
        raise CorrectionError(errors)

    before: dict[str, object] = {}
    after: dict[str, object] = {}
    if title != task.title:
        before["title"], after["title"] = task.title, title
        task.title, task.search_text = title, search_key(title)
    if (output or None) != task.output:
        before["output"], after["output"] = task.output, output or None
        task.output = output or None
    if deadline is not None and (task.deadline_kind, task.deadline_date) != ("date", deadline):
        before["deadline"] = {
            "kind": task.deadline_kind,
            "text": task.deadline_text,
            "date": format_date(task.deadline_date),
        }
        after["deadline"] = {"kind": "date", "date": format_date(deadline)}
        task.deadline_kind, task.deadline_date = "date", deadline
        task.deadline_start = task.deadline_end = task.deadline_freq = task.event_text = None
    if lead is not None:
        leads = [a for a in task.assignments if a.role == "lead"]
        if [a.agency_id for a in leads] != [lead.id]:
            before["lead"] = [a.name_as_written for a in leads]
            after["lead"] = [lead.name]
            for a in leads:
                task.assignments.remove(a)
            task.assignments.append(Assignment(agency_id=lead.id, name_as_written=lead.name, role="lead"))
    if after:
        record(
            session,
            actor=actor,
            actor_id=actor_id,
            action="correct",
            entity="task",
            entity_id=task.id,
            before=before,
            after=after,
        )
        session.flush()
    return list(after)


def delete_task(
    session: Session, plan: Plan, task: Task, *, confirmed: bool, actor: str, actor_id: int | None = None
) -> None:
    """Take a row the extraction read as a task by mistake (a heading, a fragment) out of a draft.
    Only a draft: an active plan's tasks carry reports. The audit keeps the whole row (its text,
    deadline, source line and assignments), so nothing of the document is lost."""
    if plan.status != "draft":
        raise CorrectionError({"confirm": ERR_NOT_DRAFT})
    if not confirmed:
        raise CorrectionError({"confirm": ERR_CONFIRM_DELETE})
    before = {
        "code": task.code,
        "section": task.section,
        "title": task.title,
        "output": task.output,
        "deadline_text": task.deadline_text,
        "source_line": task.source_line,
        "assignments": [
            {"role": a.role, "name": a.name_as_written, "agency_id": a.agency_id} for a in task.assignments
        ],
    }
    record(
        session,
        actor=actor,
        actor_id=actor_id,
        action="delete",
        entity="task",
        entity_id=task.id,
        before=before,
        after=None,
    )
    plan.tasks.remove(task)  # the assignments go with it (delete-orphan)
    session.flush()


@dataclass
class NewTask:
    """A task the extraction missed, as the review's form sends it (text, before validation)."""

    code: str = ""
    section: str = ""
    title: str = ""
    output: str = ""
    deadline: str = ""
    lead_agency_id: str = ""


def add_task(session: Session, plan: Plan, form: NewTask, *, actor: str, actor_id: int | None = None) -> Task:
    """Add to a draft a task the extraction missed. Every field is checked first; on any error
    nothing is written and CorrectionError names the fields. The row has no source line, and the
    audit's "add" event is what says it was added by hand (`added_by_hand`)."""
    errors: dict[str, str] = {}
    code, section = form.code.strip(), form.section.strip()
    if plan.status != "draft":
        errors["code"] = ERR_NOT_DRAFT_ADD
    elif not code:
        errors["code"] = ERR_CODE_EMPTY
    elif len(code) > 60:
        errors["code"] = ERR_CODE_LONG
    elif code in {t.code for t in plan.tasks}:
        errors["code"] = ERR_CODE_TAKEN
    if len(section) > 40:
        errors["section"] = ERR_SECTION_LONG
    title, output, deadline, lead = _row_fields(session, form, errors)
    if errors:
        raise CorrectionError(errors)
    task = Task(
        code=code,
        section=section or None,
        title=title,
        search_text=search_key(title),
        output=output or None,
        deadline_kind="date" if deadline else None,
        deadline_date=deadline,
    )
    if lead is not None:
        task.assignments.append(Assignment(agency_id=lead.id, name_as_written=lead.name, role="lead"))
    plan.tasks.append(task)
    session.flush()
    after = {
        "code": code,
        "section": section or None,
        "title": title,
        "output": output or None,
        "deadline": format_date(deadline) if deadline else None,
        "lead": lead.name if lead else None,
    }
    record(
        session, actor=actor, actor_id=actor_id, action="add", entity="task", entity_id=task.id, after=after
    )
    return task


def added_by_hand(session: Session, tasks: list[Task]) -> set[int]:
    """The ids of these tasks that a coordinator added in the review (not read from the text)."""
    return audited_ids(session, "task", "add", [t.id for t in tasks])


def map_plan_name(session: Session, plan_id: int, name: str, agency_id: str, *, actor: str) -> int:
    """Map a name the plan uses and the registry lacks to a body of the registry (the name becomes
    its alias; every assignment written so is linked, audited by agencies.service.map_name).
    Returns how many assignments were linked."""
    agency = _agency_from(session, agency_id)
    if agency is None:
        raise CorrectionError({"agency_id": ERR_AGENCY})
    if name not in {n for n, _ in unmapped_in_plan(session, plan_id)}:
        raise CorrectionError({"name": ERR_NAME})
    return map_name(session, name, agency.id, actor=actor)
