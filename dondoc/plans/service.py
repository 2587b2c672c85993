"""Rules for plans: importing an extracted plan as a draft, and making it live.

Import is one pipeline, `import_draft` (the bytes of a plan file and its name → a draft), used
by the API, the import page and `dondoc import`. It stores what the extractor read
(dondoc.ingest), resolving every assignee to a body of the registry; a name the registry does
not know is kept as written with no agency, and listed for a coordinator to map. A file already
imported (same sha256) is not imported again. A file that is not imported raises ImportRefused,
of one of three kinds, and writes nothing.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Literal

from sqlalchemy.orm import Session

from dondoc.agencies.reference import province_successor
from dondoc.agencies.service import find_agency
from dondoc.audit.service import record
from dondoc.core.errors import DomainError, ErrorKind
from dondoc.core.text import search_key
from dondoc.ingest.errors import DocumentTooLargeError, ExtractionError
from dondoc.ingest.extract import extract_file_with_source
from dondoc.ingest.readers import check_readable
from dondoc.plans import repository
from dondoc.plans.diff import diff_plans
from dondoc.plans.models import (
    Assignment,
    Indicator,
    Plan,
    PlanReference,
    ReportingDuty,
    Section,
    Target,
    Task,
)
from dondoc.users.models import User
from dondoc.users.service import may_see_plan


class PlanError(DomainError):
    """A refused change to a plan (its state, its rows); "invalid" unless said."""

    def __init__(
        self, message_vi: str, message_en: str, kind: ErrorKind = "invalid", field: str | None = None
    ) -> None:
        super().__init__(kind, message_vi, message_en, field=field)


ImportRefusal = Literal["missing", "too_large", "unreadable"]
ERR_NO_FILE = (
    "Chọn tệp kế hoạch để nhập (.pdf, .docx, .txt, .md)",
    "Choose a plan file to import (.pdf, .docx, .txt, .md)",
)
ERR_TOO_LARGE = ("Tệp lớn hơn giới hạn {mb} MB", "The file is larger than {mb} MB")


class ImportRefused(ExtractionError):
    """A plan file that was not imported (nothing was written), of one `kind`: "missing" (none
    sent, or a name with nothing in it), "too_large" (over the upload limit or the reader's),
    "unreadable" (the extractor cannot read it: its format, empty, corrupt, a scan…)."""

    def __init__(self, kind: ImportRefusal, message_vi: str, message_en: str) -> None:
        DomainError.__init__(self, kind, message_vi, message_en, field="file")


@dataclass
class ImportResult:
    plan: Plan
    created: bool
    unmapped: list[str] = field(default_factory=list)


def clean_file_name(name: str | None) -> str:
    """The file's own name, whatever path a client sent with it (C:\\Users\\…\\kh.pdf, ../kh.pdf)."""
    return PureWindowsPath((name or "").replace("\x00", "")).name


@dataclass
class PreparedImport:
    """A plan file read and extracted, not yet stored (`prepare_import`)."""

    name: str
    digest: str
    data: dict
    source: list[tuple[int, str]]


def checked_upload(content: bytes, file_name: str | None, max_bytes: int | None = None) -> tuple[str, str]:
    """The file's clean name and its sha256, if it may be imported at all: a name, within the
    limit, not empty and of a format the reader reads (from its first bytes: no reading yet).
    Raises ImportRefused ("missing", "too_large", "unreadable")."""
    name = clean_file_name(file_name)
    if not name.strip(". "):
        raise ImportRefused("missing", *ERR_NO_FILE)
    if max_bytes is not None and len(content) > max_bytes:
        mb = max_bytes // (1024 * 1024)
        vi, en = ERR_TOO_LARGE
        raise ImportRefused("too_large", vi.format(mb=mb), en.format(mb=mb))
    try:
        check_readable(content, name)
    except ExtractionError as exc:
        raise ImportRefused("unreadable", exc.message_vi, exc.message_en) from exc
    return name, hashlib.sha256(content).hexdigest()


def prepare_import(
    content: bytes,
    file_name: str | None,
    *,
    max_bytes: int | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> PreparedImport:
    """Read and extract the plan file, touching no database (the slow part of an import: seconds
    for a long PDF); `on_stage` hears "reading" then "extracting". Raises ImportRefused."""
    name, digest = checked_upload(content, file_name, max_bytes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            data, source = extract_file_with_source(path, on_stage=on_stage)
        except DocumentTooLargeError as exc:
            raise ImportRefused("too_large", exc.message_vi, exc.message_en) from exc
        except ExtractionError as exc:
            raise ImportRefused("unreadable", exc.message_vi, exc.message_en) from exc
    return PreparedImport(name, digest, data, source)


def store_import(session: Session, prepared: PreparedImport, *, actor: str) -> ImportResult:
    """Store a prepared plan as a draft; the same bytes imported before give the stored plan."""
    existing = repository.by_sha256(session, prepared.digest)
    if existing is not None:
        return ImportResult(existing, created=False)
    return _store_draft(session, prepared.data, prepared.source, prepared.name, prepared.digest, actor=actor)


def import_draft(
    session: Session, content: bytes, file_name: str | None, *, actor: str, max_bytes: int | None = None
) -> ImportResult:
    """Store the plan file `content`, sent as `file_name`, as a draft; the same bytes again give the
    stored plan (created False). Raises ImportRefused (nothing is written then). The file is read
    before the first query: on SQLite a writer holds the write lock from its first query, and the
    extraction takes seconds for a long file. The pages and the API run it as an import job
    (plans/jobs.py); the command line and POST /api/plans here."""
    return store_import(session, prepare_import(content, file_name, max_bytes=max_bytes), actor=actor)


def import_plan(session: Session, path: str | Path, *, actor: str) -> ImportResult:
    """`import_draft` of the file at `path` (OSError when it cannot be read)."""
    path = Path(path)
    return import_draft(session, path.read_bytes(), path.name, actor=actor)


def plan_for_user(session: Session, plan_id: int, user: User) -> Plan:
    """The plan, if it is in `user`'s province (a national user sees every plan). A plan of another
    province is answered as missing: its existence is not another province's business."""
    plan = repository.by_id(session, plan_id)
    if plan is None or not may_see_plan(user, plan.scope_province):
        raise PlanError(f"Không có kế hoạch {plan_id}", f"No plan {plan_id}", kind="not_found")
    return plan


def scope_of(province: str | None, today: date | None = None) -> str | None:
    """The province whose officers follow a plan of `province` today: a province merged in 2025
    is followed by the one it became part of (Nghị quyết 202/2025/QH15); None for a central plan."""
    return province_successor(province, today or date.today()) if province else None


def _store_draft(
    session: Session, data: dict, source: list[tuple[int, str]], name: str, digest: str, *, actor: str
) -> ImportResult:
    """The extraction `data` and its source lines as a draft plan, every assignee resolved."""
    facts = data["document"]
    plan = Plan(
        number=facts.get("number"),
        kind=facts.get("kind"),
        title=_title(data, source),
        issuer=facts.get("issuer"),
        province=facts.get("province"),
        scope_province=scope_of(facts.get("province")),
        signed_date=_date(facts.get("signed_date")),
        signer=facts.get("signer"),
        source_file=name,
        sha256=digest,
        status="draft",
        source_lines=[list(pair) for pair in source],
    )
    for number in facts.get("implements") or []:
        plan.references.append(PlanReference(relation="implements", document_number=number))
    for number in facts.get("replaces") or []:
        plan.references.append(PlanReference(relation="replaces", document_number=number))
    for row in data.get("outline") or []:
        plan.sections.append(
            Section(
                code=row["code"], level=row["level"], title=row["title"], kind=row["kind"], line=row["line"]
            )
        )
    unmapped: list[str] = []
    for t in data["tasks"]:
        task = Task(
            code=t["code"],
            section=t.get("section"),
            title=t["title"],
            output=t.get("output"),
            note=t.get("note"),
            deadline_text=t.get("deadline_text"),
            source_line=(t.get("source") or {}).get("line"),
            source_end_line=(t.get("source") or {}).get("end_line"),
            search_text=search_key(t["title"]),
            **_deadline_columns(t.get("deadline")),
        )
        for role in ("lead", "coordinating"):
            for name in t.get(role) or []:
                task.assignments.append(_assignment(session, name, role, unmapped))
        plan.tasks.append(task)
    for i in data["indicators"]:
        indicator = Indicator(
            code=i["code"],
            text=i["text"],
            year=i.get("year"),
            source_line=(i.get("source") or {}).get("line"),
        )
        for tg in i.get("targets") or []:
            indicator.targets.append(
                Target(
                    what=tg.get("what"),
                    unit=tg.get("unit"),
                    comparator=tg["comparator"],
                    value=tg.get("value"),
                    value_max=tg.get("value_max"),
                    level=tg.get("level"),
                    text=tg.get("text"),
                )
            )
        for role in ("lead", "coordinating", "implementing"):
            for name in i.get(role) or []:
                indicator.assignments.append(_assignment(session, name, role, unmapped))
        plan.indicators.append(indicator)
    for r in data["reporting"]:
        to = find_agency(session, r["to"]) if r.get("to") else None
        plan.duties.append(
            ReportingDuty(
                from_text=r.get("from"),
                to_agency_id=to.id if to else None,
                to_text=r.get("to") or "",
                frequency=list(r.get("frequency") or []),
                due_day=r.get("due_day"),
                due_month=r.get("due_month"),
                due_text=r.get("due"),
            )
        )
    session.add(plan)
    session.flush()
    record(
        session,
        actor=actor,
        action="import",
        entity="plan",
        entity_id=plan.id,
        after={
            "file": name,
            "sha256": digest,
            "tasks": len(plan.tasks),
            "indicators": len(plan.indicators),
        },
    )
    return ImportResult(plan, created=True, unmapped=sorted(set(unmapped)))


def activate(session: Session, plan_id: int, *, actor: str) -> Plan:
    """Make a draft live; a plan it says it replaces is marked replaced."""
    plan = repository.by_id(session, plan_id)
    if plan is None:
        raise PlanError(
            f"Không có kế hoạch số hiệu {plan_id}", f"No plan with id {plan_id}", kind="not_found"
        )
    if plan.status != "draft":
        raise PlanError(
            f"Kế hoạch {plan_id} đang ở trạng thái {plan.status}, chỉ bản nháp mới kích hoạt được",
            f"Plan {plan_id} is {plan.status}; only a draft can be activated",
            kind="conflict",
        )
    plan.status = "active"
    record(
        session,
        actor=actor,
        action="activate",
        entity="plan",
        entity_id=plan.id,
        before={"status": "draft"},
        after={"status": "active"},
    )
    for ref in plan.references:
        if ref.relation != "replaces":
            continue
        for old in repository.active_by_number(session, ref.document_number, other_than=plan.id):
            old.status = "replaced"
            plan.replaces_id = old.id
            carried = carry_over(old, plan)
            record(
                session,
                actor=actor,
                action="replace",
                entity="plan",
                entity_id=old.id,
                before={"status": "active"},
                after={"status": "replaced", "by": plan.id, "assignments_carried": carried},
            )
    session.flush()
    return plan


def carry_over(old: Plan, new: Plan) -> int:
    """Where a task of the new version matches one of the old, the agencies a coordinator mapped
    by hand on the old task's assignees are kept. Returns how many assignments were linked."""
    carried = 0
    for before, after in diff_plans(old, new).task_pairs:
        known = {a.name_as_written: a.agency_id for a in before.assignments if a.agency_id is not None}
        for a in after.assignments:
            if a.agency_id is None and a.name_as_written in known:
                a.agency_id = known[a.name_as_written]
                carried += 1
    return carried


def _assignment(session: Session, name: str, role: str, unmapped: list[str]) -> Assignment:
    agency = find_agency(session, name)
    if agency is None:
        unmapped.append(name)
    return Assignment(agency_id=agency.id if agency else None, name_as_written=name, role=role)


def _deadline_columns(deadline: dict | None) -> dict:
    if not deadline:
        return {}
    kind = deadline.get("kind")
    return {
        "deadline_kind": kind,
        "deadline_date": _date(deadline.get("date")),
        "deadline_start": _date(deadline.get("start")),
        "deadline_end": _date(deadline.get("end")),
        "deadline_freq": deadline.get("freq"),
        "event_text": deadline.get("text") if kind == "event" else None,
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _title(data: dict, source: list[tuple[int, str]] | None = None) -> str | None:
    """ "Kế hoạch 103/KH-UBND"; a plan without a number is named by its subject, the lines under
    its kind's heading ("KẾ HOẠCH / Triển khai thực hiện Nghị quyết số 05-NQ/TU…")."""
    facts = data["document"]
    kind, number = facts.get("kind"), facts.get("number")
    if number or not kind:
        return " ".join(p for p in (kind, number) if p) or data.get("file")
    subject = _subject(kind, source or [])
    return f"{kind} {subject[0].lower()}{subject[1:]}" if subject else kind


def _subject(kind: str, source: list[tuple[int, str]]) -> str | None:
    texts = [text.replace("*", "").strip() for _no, text in source[:60]]
    for i, text in enumerate(texts):
        if text.upper() == kind.upper():
            words: list[str] = []
            for line in texts[i + 1 : i + 8]:
                if not line:
                    if words:
                        break
                    continue
                if line.startswith(("Căn cứ", "-", "I.", "1.")) or line.isupper() and words:
                    break
                words.append(line)
            joined = " ".join(" ".join(words).split())
            return joined[:200] or None
    # No heading (the text starts in the preamble): "… UBND tỉnh ban hành Kế hoạch triển khai … như sau:"
    opening = " ".join(" ".join(texts[:20]).split())
    found = re.search(
        rf"ban hành {re.escape(kind)}\s+(.{{10,200}}?)(?:\s+(?:như sau|với các nội dung)|[:;]|$)",
        opening,
        re.IGNORECASE,
    )
    return found.group(1).rstrip(" ,.") if found else None
