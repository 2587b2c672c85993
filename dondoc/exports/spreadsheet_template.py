"""The spreadsheet of a report, for the import in `spreadsheet_import.py`: the columns, the
template an officer downloads (one row per task item and per indicator target, prefilled with the
current figures, as XLSX or CSV), and an uploaded sheet read back into rows of text (`read_rows`),
before any row is checked. No HTTP, no commit."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from dondoc.core.text import search_key
from dondoc.exports import repository
from dondoc.formatting import format_number
from dondoc.plans.models import Indicator, Target
from dondoc.reporting.models import Report
from dondoc.reporting.schemas import ITEM_STATUS_LABELS

KIND = "Loại"
CODE = "Mã"
TARGET = "Mã mục tiêu"
TEXT = "Nội dung"
STATUS = "Tình trạng"
PROGRESS = "Tiến độ (%)"
DONE_ON = "Ngày hoàn thành"
NARRATIVE = "Kết quả thực hiện"
REASON = "Lý do"
EVIDENCE = "Số văn bản minh chứng"
VALUE = "Giá trị"
SOURCE = "Nguồn số liệu"
NOTE = "Ghi chú"
COLUMNS = [
    KIND,
    CODE,
    TARGET,
    TEXT,
    STATUS,
    PROGRESS,
    DONE_ON,
    NARRATIVE,
    REASON,
    EVIDENCE,
    VALUE,
    SOURCE,
    NOTE,
]
# "Nội dung" is for reading only: a file without it loses nothing, so it is not required.
REQUIRED = [c for c in COLUMNS if c != TEXT]
NUMBER_COLUMNS = (PROGRESS, VALUE)

KIND_TASK = "Nhiệm vụ"
KIND_INDICATOR = "Chỉ tiêu"
COMPARATOR_TEXT = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": "", "~": "khoảng "}


class ImportFileError(ValueError):
    """The upload is not a readable CSV or XLSX sheet (a file-level problem, not a row's)."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi, self.message_en = message_vi, message_en


# --- the template ------------------------------------------------------------------------------


def template_rows(session: Session, report: Report) -> tuple[list[str], list[list[object]]]:
    """The header and a row per item and per indicator target of the report, with the current
    figures as typed values (numbers, dates) so that the XLSX holds real number and date cells."""
    rows: list[list[object]] = []
    for item in report.items:
        task = repository.task_by_id(session, item.task_id)
        assert task is not None  # an item's task is a foreign key with a cascade
        rows.append(
            [
                KIND_TASK,
                task.code,
                None,
                task.title,
                ITEM_STATUS_LABELS[item.status][0],
                item.progress,
                item.completed_on,
                item.narrative,
                item.reason,
                item.evidence_number,
                None,
                None,
                None,
            ]
        )
    for line in report.values:
        indicator = repository.indicator_by_id(session, line.indicator_id)
        target = repository.target_by_id(session, line.target_id)
        assert indicator is not None and target is not None
        rows.append(
            [
                KIND_INDICATOR,
                indicator.code,
                target.id,
                _target_text(indicator, target),
                None,
                None,
                None,
                None,
                None,
                None,
                line.value,
                line.source,
                line.note,
            ]
        )
    return list(COLUMNS), rows


def _target_text(indicator: Indicator, target: Target) -> str:
    """What the officer reads to know which figure to give: the indicator, and the goal."""
    text = indicator.text
    if target.what and search_key(target.what) not in search_key(text):
        text = f"{text} — {target.what}"
    if target.value is None:
        return text
    if target.comparator == "range" and target.value_max is not None:
        goal = f"{format_number(target.value)}–{format_number(target.value_max)}"
    else:
        goal = COMPARATOR_TEXT.get(target.comparator, "") + format_number(target.value)
    unit = f" {target.unit}" if target.unit else ""
    return f"{text} (mục tiêu: {goal}{unit})"


def write_template_xlsx(session: Session, report: Report, path: Path) -> Path:
    header, rows = template_rows(session, report)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Báo cáo"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = {TEXT: 60, NARRATIVE: 40, REASON: 30, SOURCE: 25, NOTE: 25, EVIDENCE: 22}
    grey = PatternFill("solid", fgColor="EEEEEE")  # the read-only text, so nobody types there
    for n, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=n).column_letter
        sheet.column_dimensions[letter].width = widths.get(name, 16)
        for (cell,) in sheet.iter_rows(min_row=2, min_col=n, max_col=n):
            if name == DONE_ON:
                cell.number_format = "DD/MM/YYYY"
            elif name == TEXT:
                cell.fill = grey
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if rows:  # a drop-down of the four status words: no misspelt status to refuse later
        words = ",".join(labels[0] for labels in ITEM_STATUS_LABELS.values())
        status_letter = sheet.cell(row=1, column=header.index(STATUS) + 1).column_letter
        choice = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
        choice.add(f"{status_letter}2:{status_letter}{len(rows) + 1}")
        sheet.add_data_validation(choice)
    sheet.freeze_panes = "A2"
    book.save(path)
    return path


def write_template_csv(session: Session, report: Report, path: Path) -> Path:
    """UTF-8 with a BOM, so that Excel opens the Vietnamese text correctly; comma separated."""
    header, rows = template_rows(session, report)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell_text(value, name) for value, name in zip(row, header, strict=True)])
    return path


def cell_text(value: object, column: str) -> str:
    """A cell as the text the parser reads back: dates dd/mm/yyyy, numbers in the figure columns
    with a decimal comma and all their digits (no rounding, no thousands dots, so a figure
    survives a round trip exactly), other numbers (a code typed as 3) as written."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        text = repr(number)
        return text.replace(".", ",") if column in NUMBER_COLUMNS else text
    return unicodedata.normalize("NFC", str(value)).strip()


# --- reading an upload -------------------------------------------------------------------------


def read_rows(path_or_bytes: Path | str | bytes, filename: str) -> list[dict[str, str]]:
    """The data rows of an uploaded sheet as {column: text}. XLSX is told by its content (a zip),
    CSV by elimination; known headers are matched case- and diacritics-insensitively and given
    their exact names, unknown ones are kept as written. Blank rows inside the sheet are kept
    (as empty rows) so that the n-th row is line n + 2 in Excel. Raises ImportFileError."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    name = filename.lower()
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx_table(data)
    elif name.endswith((".xlsx", ".xlsm", ".xls")) or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "Tệp không phải là bảng tính .xlsx hoặc .csv đọc được (tệp .xls cũ: hãy lưu lại dạng .xlsx)",
            "The file is not a readable .xlsx or .csv sheet (an old .xls: save it as .xlsx)",
        )
    else:
        table = _csv_table(data)
    while table and not any(table[-1]):
        table.pop()
    if not table:
        raise ImportFileError("Tệp trống, không có dòng tiêu đề", "The file is empty: no header row")
    header = [_column_name(h) for h in table[0]]
    named = [h for h in header if h]
    if len(named) != len(set(named)):
        twice = sorted({h for h in named if named.count(h) > 1})
        raise ImportFileError(
            f"Cột bị lặp ở dòng tiêu đề: {', '.join(twice)}",
            f"Repeated column in the header: {', '.join(twice)}",
        )
    rows = []
    for cells in table[1:]:
        padded = cells + [""] * (len(header) - len(cells))
        rows.append({h: padded[n] for n, h in enumerate(header) if h})
    return rows


def _column_name(header: str) -> str:
    key = _header_key(header)
    return next((c for c in COLUMNS if _header_key(c) == key), header.strip())


def _header_key(text: str) -> str:
    return "".join(c for c in search_key(text) if c.isalnum())


def _xlsx_table(data: bytes) -> list[list[str]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            "Không đọc được tệp .xlsx (tệp hỏng hoặc không phải bảng tính)",
            "The .xlsx file cannot be read (damaged, or not a spreadsheet)",
        ) from exc
    try:
        sheet = book.worksheets[0]  # the template's first sheet is the report
        raw = [list(r) for r in sheet.iter_rows(values_only=True)]
    except (AttributeError, IndexError, KeyError, ValueError) as exc:  # a chart sheet first, a broken part
        raise ImportFileError(
            "Trang đầu của tệp .xlsx không phải là bảng số liệu",
            "The first sheet of the .xlsx file is not a data sheet",
        ) from exc
    finally:
        book.close()
    if not raw:
        return []
    header = [cell_text(v, "") for v in raw[0]]
    columns = [_column_name(h) for h in header]
    table = [header]
    for values in raw[1:]:
        table.append([cell_text(v, columns[n] if n < len(columns) else "") for n, v in enumerate(values)])
    return table


def _csv_table(data: bytes) -> list[list[str]]:
    try:
        # Excel's "Unicode Text" is UTF-16 with a BOM (and tabs); its "CSV UTF-8" has a UTF-8 BOM.
        text = (
            data.decode("utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else data.decode("utf-8-sig")
        )
    except UnicodeDecodeError:
        # Excel's plain "CSV" on a Vietnamese Windows is Windows-1258, with combining tone marks.
        text = data.decode("cp1258", errors="replace")
    text = unicodedata.normalize("NFC", text)
    first = text.split("\n", 1)[0]
    # Where the decimal mark is a comma, Excel separates CSV fields by ";" instead.
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        return [
            [unicodedata.normalize("NFC", c).strip() for c in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ImportFileError(
            f"Không đọc được tệp CSV: {exc}", f"The CSV file cannot be read: {exc}"
        ) from exc
