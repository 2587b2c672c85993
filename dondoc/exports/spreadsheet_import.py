"""Import of task statuses and indicator values from a spreadsheet (CSV or XLSX), for agencies
that keep their figures in Excel rather than typing them into the report page.

The officer downloads a template of the report (one row per task item and per indicator target,
prefilled with the current figures), fills it in, and uploads it. The upload is all or nothing:
every row is parsed and checked first and each bad row is reported with its line number as the
officer sees it in Excel (the header is line 1); only a clean file is applied, in one call to
`reporting.service.update_report`, which keeps its own rules (the version, the reason for "không
thực hiện được", ranks, values far from the previous period). A refusal from the service is mapped
back onto the row it concerns. No HTTP, no commit: the caller commits.

Semantics of a cell: the file shows the whole state of a row, so an empty text, number or date
cell clears the field — except an empty "Tình trạng", which keeps the stored status, and, for a
completed task, an empty "Tiến độ (%)" / "Ngày hoàn thành", which the service fills (100 %, today).
Rows left out of the file leave their item or value untouched."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from dondoc.core.text import search_key
from dondoc.exports import repository
from dondoc.exports.spreadsheet_template import (
    CODE,
    COLUMNS,
    DONE_ON,
    EVIDENCE,
    KIND,
    KIND_INDICATOR,
    KIND_TASK,
    NARRATIVE,
    NOTE,
    PROGRESS,
    REASON,
    REQUIRED,
    SOURCE,
    STATUS,
    TARGET,
    VALUE,
    ImportFileError,
    read_rows,
)
from dondoc.reporting.models import Report
from dondoc.reporting.schemas import ITEM_STATUS_LABELS, ItemIn, ReportUpdate, ValueIn
from dondoc.reporting.service import ReportError, update_report

KIND_WORDS = {
    search_key(KIND_TASK): "task",
    "task": "task",
    search_key(KIND_INDICATOR): "indicator",
    "indicator": "indicator",
}
# Status words: the Vietnamese labels (diacritics optional), the English labels and the codes.
STATUS_WORDS = {
    search_key(word): code
    for code, labels in ITEM_STATUS_LABELS.items()
    for word in (*labels, code, code.replace("_", " "))
}
# Where a schema or service field shows in the sheet, to point a refusal at its cell.
FIELD_COLUMNS = {
    "task_id": CODE,
    "status": STATUS,
    "progress": PROGRESS,
    "completed_on": DONE_ON,
    "narrative": NARRATIVE,
    "reason": REASON,
    "evidence_number": EVIDENCE,
    "target_id": TARGET,
    "value": VALUE,
    "source": SOURCE,
    "note": NOTE,
}
EMPTY_MARKS = ("-", "–", "—")  # a dash is how officers write "no figure", not a text
SERVICE_FIELD = re.compile(r"^(items|values)\[(\d+)\]\.(\w+)$")
DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
THOUSANDS_ONLY = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


@dataclass
class RowError:
    """A refused row. `line` is the row number in Excel (header = 1); 0 is the upload as a whole
    (a stale version, a report that can no longer be edited)."""

    line: int
    column: str | None
    message_vi: str
    message_en: str


@dataclass
class ImportOutcome:
    """`items` and `values` count what was written: 0 when the import was refused."""

    applied: bool
    items: int = 0
    values: int = 0
    errors: list[RowError] = field(default_factory=list)


# --- checking and applying ---------------------------------------------------------------------


class _CellError(ValueError):
    def __init__(self, column: str, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.column, self.message_vi, self.message_en = column, message_vi, message_en


@dataclass
class _Batch:
    """What a clean file will send to the service, with the line each entry came from."""

    items: list[ItemIn] = field(default_factory=list)
    values: list[ValueIn] = field(default_factory=list)
    item_lines: list[int] = field(default_factory=list)
    value_lines: list[int] = field(default_factory=list)


def import_file(
    session: Session, report: Report, data: Path | str | bytes, filename: str, *, version: int, actor: str
) -> ImportOutcome:
    """read_rows + apply_import, with an unreadable file reported as an error on line 1."""
    try:
        rows = read_rows(data, filename)
    except ImportFileError as exc:
        return ImportOutcome(False, errors=[RowError(1, None, exc.message_vi, exc.message_en)])
    return apply_import(session, report, rows, version=version, actor=actor)


def apply_import(
    session: Session, report: Report, rows: list[dict[str, str]], *, version: int, actor: str
) -> ImportOutcome:
    """Check every row, then apply them all through the reporting service, or nothing at all."""
    if not rows:
        return ImportOutcome(
            False, errors=[RowError(1, None, "Tệp không có dòng số liệu nào", "The file has no data rows")]
        )
    missing = [c for c in REQUIRED if c not in set().union(*(r.keys() for r in rows))]
    if missing:  # every row would be wrong the same way: say it once, on the header
        return ImportOutcome(
            False, errors=[RowError(1, c, f"Thiếu cột “{c}”", f"Missing column “{c}”") for c in missing]
        )
    errors: list[RowError] = []
    batch = _Batch()
    context = _Context(session, report)
    for n, row in enumerate(rows):
        line = n + 2
        if not any((v or "").strip() for v in row.values()):
            continue  # a blank line between rows is not an error
        errors += [
            RowError(line, e.column, e.message_vi, e.message_en)
            for e in _check_row(context, row, line, batch)
        ]
    if errors:
        order = {c: n for n, c in enumerate(COLUMNS)}
        errors.sort(key=lambda e: (e.line, order.get(e.column or "", -1)))
        return ImportOutcome(False, errors=errors)
    return _apply(session, report, batch, version=version, actor=actor)


class _Context:
    """The report's tasks by code and targets by id, and the lines already seen (duplicates)."""

    def __init__(self, session: Session, report: Report) -> None:
        self.items = {i.task_id: i for i in report.items}
        self.tasks: dict[str, list[int]] = {}
        for item in report.items:
            task = repository.task_by_id(session, item.task_id)
            assert task is not None
            self.tasks.setdefault(_code_key(task.code), []).append(task.id)
        self.targets: dict[int, str] = {}  # target id → indicator code
        self.by_indicator: dict[str, list[int]] = {}
        for line in report.values:
            indicator = repository.indicator_by_id(session, line.indicator_id)
            assert indicator is not None
            self.targets[line.target_id] = indicator.code
            self.by_indicator.setdefault(_code_key(indicator.code), []).append(line.target_id)
        self.seen_tasks: dict[int, int] = {}
        self.seen_targets: dict[int, int] = {}


def _code_key(code: str) -> str:
    return "".join(code.split()).casefold()


def _check_row(context: _Context, row: dict[str, str], line: int, batch: _Batch) -> list[_CellError]:
    """Every bad cell of the row, not only the first; a clean row is added to the batch."""
    kind = KIND_WORDS.get(search_key(row.get(KIND)))
    if kind is None:
        return [
            _CellError(
                KIND,
                f"“{row.get(KIND, '')}” không phải loại dòng: ghi “{KIND_TASK}” hoặc “{KIND_INDICATOR}”",
                f"“{row.get(KIND, '')}” is not a row kind: write “{KIND_TASK}” or “{KIND_INDICATOR}”",
            )
        ]
    cells: list[_CellError] = []

    def cell(parse: Callable[[str, str], Any], column: str) -> Any:
        try:
            return parse(row.get(column, ""), column)
        except _CellError as exc:
            cells.append(exc)
            return None

    if kind == "task":
        task_id = cell(lambda text, _c: _task_of(context, text, line), CODE)
        status = cell(_status, STATUS)
        progress = cell(_number, PROGRESS)
        if progress is not None and not 0 <= progress <= 100:
            cells.append(
                _CellError(
                    PROGRESS,
                    f"Tiến độ {row[PROGRESS]} nằm ngoài khoảng 0–100 %",
                    f"Progress {row[PROGRESS]} is outside 0–100 %",
                )
            )
        done_on = cell(_date, DONE_ON)
        if cells:
            return cells
        effective = status or context.items[task_id].status
        data: dict[str, Any] = {
            "task_id": task_id,
            "narrative": _text(row[NARRATIVE]),
            "reason": _text(row[REASON]),
            "evidence_number": _text(row[EVIDENCE]),
        }
        if status is not None:
            data["status"] = status
        # Left empty on a completed task, the service fills them in (100 %, today).
        if progress is not None or effective != "completed":
            data["progress"] = progress
        if done_on is not None or effective != "completed":
            data["completed_on"] = done_on
        try:
            batch.items.append(ItemIn(**data))
        except ValidationError as exc:
            return _schema_errors(exc)
        batch.item_lines.append(line)
    else:
        target_id = cell(lambda _t, _c: _target_of(context, row, line), TARGET)
        value = cell(_number, VALUE)
        if cells:
            return cells
        try:
            batch.values.append(
                ValueIn(target_id=target_id, value=value, source=_text(row[SOURCE]), note=_text(row[NOTE]))
            )
        except ValidationError as exc:
            return _schema_errors(exc)
        batch.value_lines.append(line)
    return []


def _schema_errors(exc: ValidationError) -> list[_CellError]:
    """The schema's own limits (text lengths) are a row's error too, pointed at their cell."""
    return [
        _CellError(
            FIELD_COLUMNS.get(str(e["loc"][0]), CODE) if e["loc"] else CODE,
            "Nội dung ô quá dài hoặc không hợp lệ",
            f"Invalid or too long: {e['msg']}",
        )
        for e in exc.errors()
    ]


def _task_of(context: _Context, text: str, line: int) -> int:
    code = text.strip()
    if not code:
        raise _CellError(CODE, "Thiếu mã nhiệm vụ", "The task code is missing")
    found = context.tasks.get(_code_key(code), [])
    if not found:
        raise _CellError(
            CODE,
            f"Nhiệm vụ mã “{code}” không có trong báo cáo này",
            f"Task code “{code}” is not part of this report",
        )
    if len(found) > 1:
        raise _CellError(
            CODE,
            f"Mã nhiệm vụ “{code}” trùng nhau trong kế hoạch, không xác định được",
            f"Task code “{code}” is used twice in the plan and is ambiguous",
        )
    task_id = found[0]
    if task_id in context.seen_tasks:
        first = context.seen_tasks[task_id]
        raise _CellError(
            CODE, f"Nhiệm vụ “{code}” đã có ở dòng {first}", f"Task “{code}” is already on line {first}"
        )
    context.seen_tasks[task_id] = line
    return task_id


def _target_of(context: _Context, row: dict[str, str], line: int) -> int:
    """The target a row reports on: by its id, else the indicator's only target in the report."""
    code, wanted = row.get(CODE, "").strip(), row.get(TARGET, "").strip()
    if wanted:
        if not re.fullmatch(r"\d+", wanted):
            raise _CellError(
                TARGET,
                f"Mã mục tiêu “{wanted}” phải là một số nguyên",
                f"Target id “{wanted}” must be a whole number",
            )
        target_id = int(wanted)
        if target_id not in context.targets:
            raise _CellError(
                TARGET,
                f"Mục tiêu {target_id} không có trong báo cáo này",
                f"Target {target_id} is not part of this report",
            )
        if code and _code_key(code) != _code_key(context.targets[target_id]):
            raise _CellError(
                CODE,
                f"Mục tiêu {target_id} thuộc chỉ tiêu “{context.targets[target_id]}”, không phải “{code}”",
                f"Target {target_id} belongs to indicator “{context.targets[target_id]}”, not “{code}”",
            )
    elif not code:
        raise _CellError(CODE, "Thiếu mã chỉ tiêu", "The indicator code is missing")
    else:
        found = context.by_indicator.get(_code_key(code), [])
        if not found:
            raise _CellError(
                CODE,
                f"Chỉ tiêu mã “{code}” không có trong báo cáo này",
                f"Indicator code “{code}” is not part of this report",
            )
        if len(found) > 1:
            raise _CellError(
                TARGET,
                f"Chỉ tiêu “{code}” có nhiều mục tiêu: ghi rõ mã mục tiêu",
                f"Indicator “{code}” has several targets: give the target id",
            )
        target_id = found[0]
    if target_id in context.seen_targets:
        first = context.seen_targets[target_id]
        raise _CellError(
            TARGET,
            f"Mục tiêu {target_id} đã có ở dòng {first}",
            f"Target {target_id} is already on line {first}",
        )
    context.seen_targets[target_id] = line
    return target_id


def _status(text: str, column: str) -> str | None:
    if not text.strip():
        return None  # an empty status keeps the stored one (a status is never blank)
    status = STATUS_WORDS.get(search_key(text))
    if status is None:
        choices = ", ".join(f"“{labels[0]}”" for labels in ITEM_STATUS_LABELS.values())
        raise _CellError(
            column,
            f"Tình trạng “{text.strip()}” không hợp lệ: ghi một trong {choices}",
            f"Unknown status “{text.strip()}”: write one of {choices}",
        )
    return status


def _number(text: str, column: str) -> float | None:
    """A figure written the Vietnamese way ("12,5", "1.234,5", "1.234" = 1234) or the English
    way ("12.5"); a trailing % is allowed. A dot alone is a thousands mark only in groups of 3."""
    raw = text.strip().removesuffix("%").strip().replace("\u00a0", "").replace(" ", "")
    if not raw or raw in EMPTY_MARKS:
        return None
    if "," in raw:
        normal = raw.replace(".", "").replace(",", ".")
    elif THOUSANDS_ONLY.match(raw):
        normal = raw.replace(".", "")
    else:
        normal = raw
    try:
        number = float(normal)
    except ValueError:
        number = float("nan")
    if number != number or number in (float("inf"), float("-inf")):
        raise _CellError(
            column,
            f"“{text.strip()}” không phải là số (ví dụ đúng: 12,5 hoặc 1.234,5)",
            f"“{text.strip()}” is not a number (e.g. 12,5 or 1.234,5)",
        )
    return number


def _date(text: str, column: str) -> date | None:
    raw = text.strip()
    if not raw or raw in EMPTY_MARKS:
        return None
    match = DATE_DMY.match(raw)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := DATE_ISO.match(raw)):
        parts = (iso.group(1), iso.group(2), iso.group(3))
    try:
        if parts is None:
            raise ValueError(raw)
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise _CellError(
            column,
            f"Ngày “{raw}” không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 15/03/2025",
            f"Invalid date “{raw}”: write day/month/year, e.g. 15/03/2025",
        ) from None


def _text(text: str | None) -> str | None:
    value = (text or "").strip()
    return value or None


def _apply(session: Session, report: Report, batch: _Batch, *, version: int, actor: str) -> ImportOutcome:
    try:
        body = ReportUpdate(version=version, items=batch.items, values=batch.values)
    except ValidationError:
        return ImportOutcome(
            False,
            errors=[
                RowError(
                    0, None, f"Phiên bản báo cáo {version} không hợp lệ", f"Invalid report version {version}"
                )
            ],
        )
    try:
        # A savepoint: a refusal from the service undoes its own writes (the version claim too),
        # and leaves whatever the caller did before untouched.
        with session.begin_nested():
            update_report(session, report, body, actor=actor)
    except ReportError as exc:
        # The rollback expires the rows it changed, but not the report the service refreshed
        # with the claimed version: read it again, so the caller sees the stored state.
        session.expire(report)
        return ImportOutcome(False, errors=[_service_error(exc, batch)])
    return ImportOutcome(True, items=len(batch.items), values=len(batch.values))


def _service_error(exc: ReportError, batch: _Batch) -> RowError:
    match = SERVICE_FIELD.match(exc.field or "")
    if match is None:  # about the report as a whole: its version or its status
        return RowError(0, None, exc.message_vi, exc.message_en)
    lines = batch.item_lines if match.group(1) == "items" else batch.value_lines
    index = int(match.group(2))
    line = lines[index] if index < len(lines) else 0
    return RowError(line, FIELD_COLUMNS.get(match.group(3)), exc.message_vi, exc.message_en)
