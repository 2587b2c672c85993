"""Spreadsheet import of a report's figures: the template reads back as written (XLSX and CSV), a
filled file lands in the report exactly, and a bad file — wrong columns, a text for a number, an
unknown code, a % out of range, a bad date or status, a stale version, a refusal of the service —
changes nothing and names each bad row by the line number the officer sees in Excel."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from factories import agency_named, make_active_plan
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.exports.spreadsheet_import import apply_import, import_file
from dondoc.exports.spreadsheet_template import (
    CODE,
    COLUMNS,
    DONE_ON,
    KIND,
    NARRATIVE,
    NOTE,
    PROGRESS,
    REASON,
    SOURCE,
    STATUS,
    TARGET,
    VALUE,
    ImportFileError,
    cell_text,
    read_rows,
    template_rows,
    write_template_csv,
    write_template_xlsx,
)
from dondoc.plans.models import Target
from dondoc.reporting.models import IndicatorValue, Report, ReportItem
from dondoc.reporting.schemas import ItemIn, ReportUpdate, ValueIn
from dondoc.reporting.service import generate_periods, open_report, update_report

AGENCY = "Sở Khoa học và Công nghệ"


@pytest.fixture()
def report(session: Session) -> Report:
    plan = make_active_plan(session)
    period = generate_periods(session, plan, actor="test")[0]
    return open_report(session, period, agency_named(session, AGENCY), actor="test")


def snapshot(session: Session, report: Report) -> tuple:
    """The stored state, read with fresh queries (which would also flush anything left dirty)."""
    items = session.execute(
        select(
            ReportItem.task_id,
            ReportItem.status,
            ReportItem.progress,
            ReportItem.completed_on,
            ReportItem.narrative,
            ReportItem.reason,
            ReportItem.evidence_number,
        )
        .where(ReportItem.report_id == report.id)
        .order_by(ReportItem.id)
    ).all()
    values = session.execute(
        select(IndicatorValue.target_id, IndicatorValue.value, IndicatorValue.source, IndicatorValue.note)
        .where(IndicatorValue.report_id == report.id)
        .order_by(IndicatorValue.id)
    ).all()
    version = session.scalar(select(Report.version).where(Report.id == report.id))
    return version, items, values


def rows_of(session: Session, report: Report) -> list[dict[str, str]]:
    header, rows = template_rows(session, report)
    return [{h: cell_text(v, h) for h, v in zip(header, row, strict=True)} for row in rows]


def value_index(session: Session, report: Report, unit: str) -> int:
    """The position of the first value line whose target is counted in `unit`."""
    units = [getattr(session.get(Target, v.target_id), "unit", None) for v in report.values]
    return units.index(unit)


def csv_bytes(rows: list[dict[str, str]], header: list[str] = COLUMNS, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows([[r.get(h, "") for h in header] for r in rows])
    return out.getvalue().encode("utf-8-sig")


def test_template_reads_back_the_same_rows_as_xlsx_and_csv(session: Session, report: Report, tmp_path: Path):
    first, second = report.items[0].task_id, report.items[1].task_id
    update_report(
        session,
        report,
        ReportUpdate(
            version=1,
            items=[
                ItemIn(
                    task_id=first,
                    status="completed",
                    progress=100,
                    completed_on=date(2025, 6, 10),
                    narrative="Đã ban hành; gửi các sở, ngành\n(dòng thứ hai)",
                    evidence_number="123/QĐ-UBND",
                ),
                ItemIn(task_id=second, status="in_progress", progress=37.5),
            ],
            values=[ValueIn(target_id=report.values[3].target_id, value=12.345, source="Cục Thống kê")],
        ),
        actor="test",
    )
    header, rows = template_rows(session, report)
    assert header == COLUMNS
    assert len(rows) == len(report.items) + len(report.values)
    expected = rows_of(session, report)

    from_xlsx = read_rows(write_template_xlsx(session, report, tmp_path / "mau.xlsx"), "mau.xlsx")
    csv_path = write_template_csv(session, report, tmp_path / "mau.csv")
    from_csv = read_rows(csv_path.read_bytes(), "mau.csv")
    assert from_xlsx == expected
    assert from_csv == expected

    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Vietnamese as UTF-8
    assert raw[3:].decode().splitlines()[0] == ",".join(COLUMNS)
    done = expected[0]
    assert (done[KIND], done[STATUS], done[PROGRESS], done[DONE_ON]) == (
        "Nhiệm vụ",
        "Hoàn thành",
        "100",
        "10/06/2025",
    )
    assert expected[1][STATUS] == "Đang triển khai" and expected[1][PROGRESS] == "37,5"
    value_row = expected[len(report.items) + 3]
    assert (
        value_row[KIND] == "Chỉ tiêu" and value_row[VALUE] == "12,345" and value_row[SOURCE] == "Cục Thống kê"
    )

    sheet = load_workbook(tmp_path / "mau.xlsx").worksheets[0]
    assert sheet.cell(row=2, column=COLUMNS.index(DONE_ON) + 1).value.date() == date(
        2025, 6, 10
    )  # a real date


def test_filled_xlsx_applies_and_the_report_equals_the_file(session: Session, report: Report, tmp_path: Path):
    path = write_template_xlsx(session, report, tmp_path / "mau.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    col = {name: n + 1 for n, name in enumerate(COLUMNS)}
    sheet.cell(row=2, column=col[STATUS], value="Hoàn thành")
    sheet.cell(row=2, column=col[PROGRESS], value=100)
    sheet.cell(row=2, column=col[DONE_ON], value=date(2025, 6, 20))  # a real date cell
    sheet.cell(row=2, column=col[NARRATIVE], value="Đã tổ chức 12 hội nghị tuyên truyền")
    sheet.cell(row=3, column=col[STATUS], value="Đang triển khai")
    sheet.cell(row=3, column=col[PROGRESS], value="45,5")  # typed as text, the Vietnamese way
    sheet.cell(row=4, column=col[STATUS], value="Không thực hiện được")
    sheet.cell(row=4, column=col[REASON], value="Chưa được bố trí kinh phí")
    sheet.cell(row=5, column=col[DONE_ON], value="05/06/2025")  # a date typed as text
    first_value = len(report.items) + 2
    sheet.cell(row=first_value, column=col[VALUE], value=15)  # a rank: a whole number
    people = value_index(session, report, "Người/vạn dân")  # a unit with no 0–100 bound
    sheet.cell(row=first_value + people, column=col[VALUE], value=1234.5)
    sheet.cell(row=first_value + people, column=col[SOURCE], value="Cục Thống kê tỉnh")
    sheet.cell(row=first_value + 4, column=col[VALUE], value="87,25")
    sheet.cell(row=first_value + 4, column=col[NOTE], value="Số liệu sơ bộ")
    book.save(path)

    rows = read_rows(path, "bao-cao.xlsx")
    outcome = apply_import(session, report, rows, version=1, actor="can-bo")

    assert outcome.errors == [] and outcome.applied
    assert (outcome.items, outcome.values) == (len(report.items), len(report.values))
    version, items, values = snapshot(session, report)
    assert version == 2
    assert items[0][1:5] == ("completed", 100.0, date(2025, 6, 20), "Đã tổ chức 12 hội nghị tuyên truyền")
    assert items[1][1:3] == ("in_progress", 45.5)
    assert (items[2][1], items[2][5]) == ("not_feasible", "Chưa được bố trí kinh phí")
    assert items[3][3] == date(2025, 6, 5)
    assert values[0][1] == 15
    assert values[people][1:3] == (1234.5, "Cục Thống kê tỉnh")
    assert values[4][1:] == (87.25, None, "Số liệu sơ bộ")
    assert rows_of(session, report) == read_rows(path, "bao-cao.xlsx")  # the report now is the file


def _cp1258(text: str) -> bytes:
    """What Excel's plain "CSV" writes on a Vietnamese Windows: base letters with tone marks."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            letter, *marks = unicodedata.normalize("NFD", char)
            for mark in marks:  # "ệ" = "ê" (a cp1258 letter) + the dot below (a cp1258 mark)
                base = unicodedata.normalize("NFC", letter + mark)
                if len(base) == 1 and base.encode("cp1258", errors="ignore"):
                    letter, marks = base, [m for m in marks if m != mark]
                    break
            out += (letter + "".join(marks)).encode("cp1258", errors="replace")  # "≥" has no place
    return out


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1258"])
def test_filled_csv_applies_with_loose_headers_and_words(session: Session, report: Report, encoding: str):
    """A CSV saved by Excel in a Vietnamese locale: ";" between fields, headers and statuses typed
    without diacritics, numbers with thousands dots and a decimal comma."""
    rows = rows_of(session, report)
    people = value_index(session, report, "Người/vạn dân")
    task, other, target = report.items[0], report.items[1], report.values[people]
    rows[0].update(
        {STATUS: "hoan thanh", PROGRESS: "100", DONE_ON: "1/7/2025", NARRATIVE: "Hoàn thành, đúng hạn"}
    )
    rows[1].update({STATUS: "ĐANG TRIỂN KHAI", PROGRESS: "60%"})
    rows[len(report.items) + people].update({VALUE: "1.234,5", SOURCE: "Sở Tài chính"})
    header = [
        "LOAI",
        "ma",
        "Ma muc tieu",
        "Noi dung",
        "tinh trang",
        "Tien do (%)",
        "Ngay hoan thanh",
        "Ket qua thuc hien",
        "Ly do",
        "So van ban minh chung",
        "Gia tri",
        "Nguon so lieu",
        "Ghi chu",
    ]
    loose = [{h: r[c] for h, c in zip(header, COLUMNS, strict=True)} for r in rows]
    text = csv_bytes(loose, header, delimiter=";")[3:].decode()
    data = text.encode("utf-8-sig") if encoding == "utf-8-sig" else _cp1258(text)

    outcome = import_file(session, report, data, "bao-cao.csv", version=1, actor="can-bo")

    assert outcome.errors == [] and outcome.applied
    _, items, values = snapshot(session, report)
    assert items[0] == (
        task.task_id,
        "completed",
        100.0,
        date(2025, 7, 1),
        "Hoàn thành, đúng hạn",
        None,
        None,
    )
    assert items[1][:3] == (other.task_id, "in_progress", 60.0)
    assert values[people] == (target.target_id, 1234.5, "Sở Tài chính", None)


def test_wrong_columns_are_reported_on_the_header_and_change_nothing(session: Session, report: Report):
    before = snapshot(session, report)
    header = [KIND, CODE, "Trạng thái", PROGRESS]  # "Trạng thái" is not a column of the template
    rows = [
        {KIND: "Nhiệm vụ", CODE: r[CODE], "Trạng thái": "Hoàn thành", PROGRESS: "100"}
        for r in rows_of(session, report)[:3]
    ]
    outcome = import_file(session, report, csv_bytes(rows, header), "x.csv", version=1, actor="can-bo")

    assert not outcome.applied and (outcome.items, outcome.values) == (0, 0)
    missing = [c for c in COLUMNS if c not in header and c != "Nội dung"]
    assert [(e.line, e.column) for e in outcome.errors] == [(1, c) for c in missing]
    assert outcome.errors[0].message_vi == f"Thiếu cột “{TARGET}”"
    assert snapshot(session, report) == before


BAD_CELLS = [
    ("text in a number cell", "value", {VALUE: "khoảng 12"}, VALUE, "không phải là số"),
    ("unknown task code", "task", {CODE: "IX.999"}, CODE, "không có trong báo cáo này"),
    ("a % of 150", "task", {PROGRESS: "150"}, PROGRESS, "nằm ngoài khoảng 0–100"),
    ("bad date", "task", {DONE_ON: "31/02/2025"}, DONE_ON, "Ngày “31/02/2025” không hợp lệ"),
    ("unknown status", "task", {STATUS: "Xong rồi"}, STATUS, "Tình trạng “Xong rồi” không hợp lệ"),
    ("unknown target", "value", {TARGET: "999999"}, TARGET, "không có trong báo cáo này"),
    ("unknown kind", "task", {KIND: "Dự án"}, KIND, "không phải loại dòng"),
]


@pytest.mark.parametrize(
    ("case", "kind", "cells", "column", "words"), BAD_CELLS, ids=[c[0] for c in BAD_CELLS]
)
def test_a_bad_row_changes_nothing_and_names_its_line(
    session: Session, report: Report, case: str, kind: str, cells: dict, column: str, words: str
):
    rows = rows_of(session, report)
    for row in rows:  # every good row changes something, so a partial write would show
        if row[KIND] == "Nhiệm vụ":
            row.update({STATUS: "Đang triển khai", PROGRESS: "20"})
        else:
            row.update({VALUE: "3", NOTE: "ước tính"})
    bad = 4 if kind == "task" else len(report.items) + 2  # list index; the Excel line is index + 2
    rows[bad].update(cells)
    before = snapshot(session, report)

    outcome = import_file(session, report, csv_bytes(rows), "bao-cao.csv", version=1, actor="can-bo")

    assert not outcome.applied
    assert [(e.line, e.column) for e in outcome.errors] == [(bad + 2, column)]
    assert words in outcome.errors[0].message_vi and outcome.errors[0].message_en
    assert snapshot(session, report) == before
    assert report.version == 1


def test_several_bad_rows_give_several_errors_in_line_order(session: Session, report: Report, tmp_path: Path):
    path = write_template_xlsx(session, report, tmp_path / "mau.xlsx")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    col = {name: n + 1 for n, name in enumerate(COLUMNS)}
    sheet.cell(row=9, column=col[STATUS], value="Xong")
    sheet.cell(row=9, column=col[PROGRESS], value=150)  # two bad cells on one line: two errors
    sheet.cell(row=3, column=col[DONE_ON], value="hôm qua")
    sheet.cell(row=6, column=col[CODE], value="I.1")  # the task of line 2 again
    first_value = len(report.items) + 2
    sheet.cell(row=first_value + 1, column=col[VALUE], value="n/a")
    sheet.cell(row=2, column=col[PROGRESS], value=30)
    book.save(path)
    before = snapshot(session, report)

    outcome = import_file(session, report, path, "mau.xlsx", version=1, actor="can-bo")

    assert not outcome.applied
    assert [(e.line, e.column) for e in outcome.errors] == [
        (3, DONE_ON),
        (6, CODE),
        (9, STATUS),
        (9, PROGRESS),
        (first_value + 1, VALUE),
    ]
    assert "đã có ở dòng 2" in outcome.errors[1].message_vi
    assert snapshot(session, report) == before


def test_a_stale_version_is_refused_and_changes_nothing(session: Session, report: Report):
    rows = rows_of(session, report)
    rows[0].update({STATUS: "Đang triển khai", PROGRESS: "10"})
    assert apply_import(session, report, rows, version=1, actor="can-bo").applied
    before = snapshot(session, report)
    assert before[0] == 2

    rows[0].update({PROGRESS: "90"})  # a second officer still holding version 1
    outcome = apply_import(session, report, rows, version=1, actor="can-bo-khac")

    assert not outcome.applied
    assert [(e.line, e.column) for e in outcome.errors] == [(0, None)]
    assert "phiên bản hiện tại 2" in outcome.errors[0].message_vi
    assert snapshot(session, report) == before
    assert report.version == 2 and report.items[0].progress == 10


def test_a_refusal_of_the_service_is_put_on_its_row_and_undone(session: Session, report: Report):
    """The service's own rules (a reason for "không thực hiện được", a rank as a whole number)
    come back on the row they concern; the rows before it, already written, are undone."""
    rows = rows_of(session, report)
    rows[0].update({STATUS: "Hoàn thành", PROGRESS: "100", DONE_ON: "02/06/2025"})
    rows[2].update({STATUS: "Không thực hiện được", REASON: ""})
    before = snapshot(session, report)

    outcome = apply_import(session, report, rows, version=1, actor="can-bo")

    assert not outcome.applied
    assert [(e.line, e.column) for e in outcome.errors] == [(4, REASON)]
    assert "phải nêu lý do" in outcome.errors[0].message_vi
    assert snapshot(session, report) == before
    assert report.version == 1 and report.items[0].status == "not_started"

    rows[2].update({REASON: "Chưa có kinh phí"})
    line = len(report.items) + value_index(session, report, "Thứ bậc") + 2
    rows[line - 2][VALUE] = "2,5"
    outcome = apply_import(session, report, rows, version=1, actor="can-bo")
    assert [(e.line, e.column) for e in outcome.errors] == [(line, VALUE)]
    assert snapshot(session, report) == before

    rows[line - 2][VALUE] = "3"
    assert apply_import(session, report, rows, version=1, actor="can-bo").applied
    assert snapshot(session, report)[0] == 2


def test_blank_lines_keep_the_line_numbers_and_a_row_may_omit_the_target_id(session: Session, report: Report):
    rows = rows_of(session, report)
    single = rows[len(report.items)]  # each indicator of this report has a single target
    rows = [rows[0], {h: "" for h in COLUMNS}, dict(single, **{TARGET: "", VALUE: "1.234"}), rows[1]]
    rows[3][DONE_ON] = "2025-13-01"
    data = csv_bytes(rows)
    outcome = import_file(session, report, data, "x.csv", version=1, actor="can-bo")
    assert [(e.line, e.column) for e in outcome.errors] == [(5, DONE_ON)]

    rows[3][DONE_ON] = "2025-06-30"  # ISO dates are read too
    outcome = import_file(session, report, csv_bytes(rows), "x.csv", version=1, actor="can-bo")
    assert outcome.applied and (outcome.items, outcome.values) == (2, 1)
    _, items, values = snapshot(session, report)
    assert items[1][3] == date(2025, 6, 30)
    assert values[0][1] == 1234  # "1.234": a thousands dot


def test_unreadable_uploads(session: Session, report: Report):
    with pytest.raises(ImportFileError):
        read_rows(b"\xd0\xcf\x11\xe0 an old .xls", "bao-cao.xls")
    with pytest.raises(ImportFileError):
        read_rows(b"PK\x03\x04 not really a zip", "bao-cao.xlsx")
    with pytest.raises(ImportFileError):
        read_rows(b"", "bao-cao.csv")
    with pytest.raises(ImportFileError, match="Repeated column"):
        read_rows("Loại,Mã,ma\n".encode(), "bao-cao.csv")
    outcome = import_file(session, report, b"", "bao-cao.csv", version=1, actor="can-bo")
    assert [(e.line, e.message_vi) for e in outcome.errors] == [(1, "Tệp trống, không có dòng tiêu đề")]
    only_header = import_file(session, report, csv_bytes([]), "bao-cao.csv", version=1, actor="can-bo")
    assert not only_header.applied and only_header.errors[0].line == 1
