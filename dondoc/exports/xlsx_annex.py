"""The Excel annex of the consolidated report: the figures behind the Word text, one sheet per
table, so the office can filter, sort and check them.

Sheets: "Nhiệm vụ" (every task with its lead agencies, deadline and status), "Theo cơ quan"
(counts, score and rank per agency), "Chỉ tiêu" (target and latest value per indicator target),
"Báo cáo" (report completeness and timeliness per agency). Dates are real date cells shown
dd/mm/yyyy, numbers real number cells, so Excel sorts and sums them; each sheet has a bold
frozen header row and an auto filter."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dondoc.exports.consolidated import ConsolidatedReport

DATE_FORMAT = "dd/mm/yyyy"
NUMBER_FORMAT = "#,##0.00"
INTEGER_FORMAT = "#,##0"
SCORE_FORMAT = "0.0"
PERCENT_FORMAT = "0.0%"
HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(bottom=THIN)
COMPARATOR_VI = {
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "<": "<",
    "=": "=",
    "~": "khoảng",
    "range": "từ … đến",
    "text": "định tính",
}


def write_xlsx(report: ConsolidatedReport, path: Path) -> Path:
    """Write the annex workbook to `path` (.xlsx) and return the path."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    tasks_sheet(book.create_sheet("Nhiệm vụ"), report)
    agencies_sheet(book.create_sheet("Theo cơ quan"), report)
    indicators_sheet(book.create_sheet("Chỉ tiêu"), report)
    reports_sheet(book.create_sheet("Báo cáo"), report)
    book.properties.title = f"Phụ lục báo cáo {report.plan.number or report.plan.title or ''}".strip()
    book.properties.creator = report.issuer
    book.properties.language = "vi-VN"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


# Column: (header, width in characters, number format or None, wrap text)
Column = tuple[str, float, str | None, bool]


def fill(sheet: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
    """Header row in bold, frozen; the data below with formats, widths, wrapping and a filter."""
    for n, (title, width, _fmt, _wrap) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=n, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(n)].width = width
    for r, values in enumerate(rows, start=2):
        for n, (value, (_title, _width, fmt, wrap)) in enumerate(zip(values, columns, strict=True), start=1):
            cell = sheet.cell(row=r, column=n, value=value)
            if fmt is not None and value is not None:
                cell.number_format = fmt
            cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    sheet.row_dimensions[1].height = 32
    # Printed like the report: A4, landscape for these wide tables, the header row on every page.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def tasks_sheet(sheet: Worksheet, report: ConsolidatedReport) -> None:
    columns: list[Column] = [
        ("Mã", 9, None, False),
        ("Nhóm", 8, None, False),
        ("Nhiệm vụ", 60, None, True),
        ("Cơ quan chủ trì", 30, None, True),
        ("Thời hạn (theo kế hoạch)", 20, None, True),
        ("Hạn xét", 12, DATE_FORMAT, False),
        ("Số ngày còn lại", 10, INTEGER_FORMAT, False),
        ("Đến hạn trong 14 ngày", 10, None, False),
        ("Tình trạng", 24, None, True),
    ]
    rows = [
        (
            t.code,
            t.section,
            t.title,
            "; ".join(t.lead),
            t.deadline_text,
            t.deadline,
            t.days_left,
            "Có" if t.due_soon else "",
            t.label,
        )
        for t in report.tasks
    ]
    fill(sheet, columns, rows)


def agencies_sheet(sheet: Worksheet, report: ConsolidatedReport) -> None:
    columns: list[Column] = [
        ("Cơ quan", 40, None, True),
        ("Hoàn thành đúng hạn", 12, INTEGER_FORMAT, False),
        ("Hoàn thành quá hạn", 12, INTEGER_FORMAT, False),
        ("Quá hạn, chưa hoàn thành", 12, INTEGER_FORMAT, False),
        ("Chưa hoàn thành, trong hạn", 12, INTEGER_FORMAT, False),
        ("Tỷ lệ báo cáo đúng hạn", 12, PERCENT_FORMAT, False),
        ("Điểm", 9, SCORE_FORMAT, False),
        ("Hạng", 8, INTEGER_FORMAT, False),
    ]
    rows = [
        (
            a.name,
            a.completed_on_time,
            a.completed_late,
            a.overdue,
            a.in_progress,
            ratio(a.rates.on_time_rate),
            a.score,
            a.rank,
        )
        for a in report.agencies
    ]
    fill(sheet, columns, rows)


def indicators_sheet(sheet: Worksheet, report: ConsolidatedReport) -> None:
    columns: list[Column] = [
        ("Mã", 9, None, False),
        ("Chỉ tiêu", 55, None, True),
        ("Đơn vị", 12, None, False),
        ("So sánh", 8, None, False),
        ("Giá trị mục tiêu", 12, NUMBER_FORMAT, False),
        ("Giá trị mục tiêu tối đa", 12, NUMBER_FORMAT, False),
        ("Mục tiêu", 24, None, True),
        ("Năm", 8, "0", False),
        ("Giá trị mới nhất", 12, NUMBER_FORMAT, False),
        ("Kỳ", 14, None, False),
        ("Đánh giá", 20, None, True),
        ("Dự báo năm mục tiêu", 12, NUMBER_FORMAT, False),
    ]
    rows = [
        (
            r.code,
            r.text,
            r.unit,
            COMPARATOR_VI.get(r.comparator, r.comparator),
            r.target_value,
            r.target_max,
            r.target_text,
            r.year,
            r.latest_value,
            r.latest_period,
            r.progress_label,
            r.forecast,
        )
        for r in report.indicators
    ]
    fill(sheet, columns, rows)


def reports_sheet(sheet: Worksheet, report: ConsolidatedReport) -> None:
    columns: list[Column] = [
        ("Cơ quan", 40, None, True),
        ("Số báo cáo phải nộp", 12, INTEGER_FORMAT, False),
        ("Đã nhận", 10, INTEGER_FORMAT, False),
        ("Đúng hạn", 10, INTEGER_FORMAT, False),
        ("Nộp muộn", 10, INTEGER_FORMAT, False),
        ("Còn thiếu (đã quá hạn)", 12, INTEGER_FORMAT, False),
        ("Tỷ lệ báo cáo", 12, PERCENT_FORMAT, False),
        ("Tỷ lệ báo cáo đúng hạn", 12, PERCENT_FORMAT, False),
    ]
    rows = [
        (
            a.name,
            a.rates.expected,
            a.rates.received,
            a.rates.on_time,
            a.late_reports,
            a.missing_reports,
            ratio(a.rates.reporting_rate),
            ratio(a.rates.on_time_rate),
        )
        for a in report.agencies
    ]
    fill(sheet, columns, rows)


def ratio(rate: float | None) -> float | None:
    """A percentage 0–100 as the fraction a percent cell holds (Excel shows 0.75 as 75,0%)."""
    return None if rate is None else rate / 100
