"""The consolidated report of Kế hoạch 103/KH-UBND for November 2025, written as DOCX and XLSX and
read back: the layout of Nghị định 30/2020/NĐ-CP, and every figure equal to what the scoring and
reporting services compute from the same database.

Scenario (periods due up to 15/11/2025: June–November monthly, Q2 and Q3 quarterly):
- Công an tỉnh sends every report on its due day; its November report finishes V.74 and V.77.
- Sở Tài chính sends the monthly reports only, October's three days late; June's finishes I.12.
- Sở Khoa học và Công nghệ sends June's and November's monthly reports with indicator values.
- The other agencies that lead tasks send nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from factories import agency_named, make_active_plan
from openpyxl import load_workbook

from dondoc.agencies.models import Agency
from dondoc.core.errors import DomainError
from dondoc.exports.consolidated import ReportBuildError, build_report
from dondoc.exports.docx_report import INDICATOR_HEADERS, write_docx
from dondoc.exports.xlsx_annex import write_xlsx
from dondoc.formatting import format_number
from dondoc.plans.models import Plan
from dondoc.reporting.models import Period
from dondoc.reporting.schemas import ItemIn, ReportUpdate, ValueIn
from dondoc.reporting.service import generate_periods, open_report, submit, update_report
from dondoc.scoring.service import agency_scores, period_rates, report_rate_rows, target_figures, task_figures

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOVEMBER = ("monthly", "2025-11")
SHEETS = ["Nhiệm vụ", "Theo cơ quan", "Chỉ tiêu", "Báo cáo"]


def at(day: date, shift_days: int = 0) -> datetime:
    return datetime.combine(day + timedelta(days=shift_days), datetime.min.time(), HCM).replace(hour=10)


def task_id(plan: Plan, code: str) -> int:
    return next(t.id for t in plan.tasks if t.code == code)


def target_id(plan: Plan, code: str) -> int:
    return next(t.id for i in plan.indicators if i.code == code for t in i.targets)


def done(plan: Plan, code: str, day: date) -> ItemIn:
    return ItemIn(task_id=task_id(plan, code), status="completed", completed_on=day, progress=100)


def file_report(session, period: Period, agency: Agency, sent: datetime, items=(), values=()) -> None:
    report = open_report(session, period, agency, actor="test")
    if items or values:
        body = ReportUpdate(version=report.version, items=list(items), values=list(values))
        update_report(session, report, body, actor="test")
    submit(session, report, report.version, actor="test", now=sent)


@pytest.fixture()
def filed(session):
    """The plan, its periods by (frequency, key), and the three reporting agencies."""
    plan = make_active_plan(session)
    periods = {(p.frequency, p.key): p for p in generate_periods(session, plan, actor="test")}
    police = agency_named(session, "Công an tỉnh")
    finance = agency_named(session, "Sở Tài chính")
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    due = sorted((p for p in periods.values() if p.due <= date(2025, 11, 15)), key=lambda p: p.due)
    for period in due:
        items = []
        if (period.frequency, period.key) == NOVEMBER:
            items = [done(plan, "V.74", date(2025, 11, 10)), done(plan, "V.77", date(2025, 11, 10))]
        file_report(session, period, police, at(period.due), items)
        if period.frequency == "monthly":
            late = 3 if period.key == "2025-10" else 0
            items = [done(plan, "I.12", date(2025, 6, 10))] if period.key == "2025-06" else []
            file_report(session, period, finance, at(period.due, late), items)
    june, november = periods[("monthly", "2025-06")], periods[NOVEMBER]
    file_report(
        session,
        june,
        science,
        at(june.due, -1),
        values=[ValueIn(target_id=target_id(plan, "I.7"), value=8.0)],
    )
    file_report(
        session,
        november,
        science,
        at(november.due, -1),
        values=[
            ValueIn(target_id=target_id(plan, "I.7"), value=10.0),
            ValueIn(target_id=target_id(plan, "I.10"), value=35.0),
        ],
    )
    session.flush()
    return plan, periods, police, finance, science


@pytest.fixture()
def written(session, filed, tmp_path):
    plan, periods, *_ = filed
    report = build_report(session, plan.id, periods[NOVEMBER].id)
    docx = write_docx(report, tmp_path / "bao-cao.docx")
    xlsx = write_xlsx(report, tmp_path / "phu-luc.xlsx")
    return report, Document(str(docx)), load_workbook(xlsx)


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def paragraph_with(doc, start: str):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def rows_of(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_the_report_gathers_the_service_figures(session, filed) -> None:
    plan, periods, police, finance, science = filed
    november = periods[NOVEMBER]
    report = build_report(session, plan.id, november.id)
    assert (report.period, report.as_of) == (november, date(2025, 11, 15))
    assert report.issuer == "Sở Khoa học và Công nghệ"  # the receiver of the plan's first duty
    assert report.recipient == "Ủy ban nhân dân tỉnh Bình Định"
    figures = task_figures(session, plan, november.due)
    statuses = Counter(f.timeliness.status for f in figures)
    counts = report.task_counts
    assert (
        counts["completed_on_time"],
        counts["completed_late"],
        counts["in_progress"],
        counts["overdue"],
    ) == (
        statuses["completed_on_time"],
        statuses["completed_late"],
        statuses["in_progress"],
        statuses["overdue"],
    )
    assert counts["completed_on_time"] == 3  # I.12 (Sở Tài chính), V.74 and V.77 (Công an tỉnh)
    assert counts["due_soon"] == sum(f.timeliness.due_soon for f in figures)
    assert report.tasks_total == len(plan.tasks) == sum(g.total for g in report.groups)
    assert [g.code for g in report.groups] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    # The appendix groups carry the headings of the outline's tasks part (II.1 … II.7).
    assert report.groups[2].title.startswith("Tăng cường đầu tư, hoàn thiện hạ tầng")
    rates = dict((p.id, r) for p, r in period_rates(session, plan, november.due))[november.id]
    assert report.rates == rates
    assert (rates.expected, rates.received, rates.on_time) == (17, 3, 3)
    scores = agency_scores(session, plan, november.due)
    assert [(rank, name) for rank, name, _ in report.ranking][:1] == [(1, "Công an tỉnh")]
    assert [score for *_, score in report.ranking] == [s.score for s in scores]
    late = {row.name: row for row in report.late_by_agency}
    assert late["Sở Tài chính"].late_reports == 1 and late["Sở Tài chính"].missing_reports == 2  # Q2, Q3
    assert "Công an tỉnh" not in late or late["Công an tỉnh"].missing_reports == 0
    assert late["Sở Khoa học và Công nghệ"].missing_reports == 6  # July–October, Q2, Q3


def test_docx_page_setup_and_fonts(written) -> None:
    _report, doc, _book = written
    section = doc.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.page_width < section.page_height  # portrait
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    # Page numbers from page 2: an empty first-page header, a PAGE field in the default one.
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    assert section.header.paragraphs[0].alignment == 1  # centred


def test_docx_properties_in_schema_order(written) -> None:
    """Word refuses a file whose pPr / tblPr / trPr children are out of the schema's order."""
    _report, doc, _book = written
    orders = {
        qn("w:pPr"): ["w:pStyle", "w:keepNext", "w:pBdr", "w:spacing", "w:ind", "w:jc", "w:rPr"],
        qn("w:tblPr"): [
            "w:tblStyle",
            "w:tblW",
            "w:jc",
            "w:tblBorders",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
        ],
        qn("w:trPr"): ["w:cantSplit", "w:trHeight", "w:tblHeader", "w:jc"],
    }
    checked = 0
    for parent_tag, order in orders.items():
        rank = {qn(tag): n for n, tag in enumerate(order)}
        for parent in doc.element.body.iter(parent_tag):
            seen = [rank[child.tag] for child in parent if child.tag in rank]
            assert seen == sorted(seen), [child.tag for child in parent]
            checked += 1
    assert checked > 100


def test_docx_header_title_and_closing(written) -> None:
    _report, doc, _book = written
    header = doc.tables[0]
    left, right = (cell for cell in header.rows[0].cells)
    lines = [p.text for p in left.paragraphs if p.text]
    assert lines[:2] == ["UBND TỈNH BÌNH ĐỊNH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert left.paragraphs[1].runs[0].bold
    assert lines[2].startswith("Số:") and lines[2].endswith("/BC-SKHCN")
    right_lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in right_lines] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bình Định, ngày 15 tháng 11 năm 2025",
    ]
    assert right_lines[0].runs[0].bold and right_lines[0].runs[0].font.size.pt in (12, 13)
    assert right_lines[1].runs[0].bold and right_lines[1].runs[0].font.size.pt in (13, 14)
    assert right_lines[2].runs[0].italic
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    title = paragraph_with(doc, "BÁO CÁO")
    assert title.text == "BÁO CÁO" and title.runs[0].bold and title.alignment == 1
    assert title.runs[0].font.size.pt == 14
    subject = paragraph_with(doc, "Kết quả thực hiện")
    assert subject.text == "Kết quả thực hiện Kế hoạch 103/KH-UBND tháng 11/2025"
    assert subject.runs[0].bold and subject.alignment == 1
    headings = [t for t in texts(doc) if t[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert headings == [
        "I. ĐÁNH GIÁ CHUNG",
        "II. KẾT QUẢ THEO NHÓM NHIỆM VỤ",
        "III. CHỈ TIÊU",
        "IV. NHIỆM VỤ CHẬM, QUÁ HẠN VÀ BÁO CÁO CÒN THIẾU THEO CƠ QUAN",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    closing = doc.tables[-1]
    recipients, signature = closing.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- UBND tỉnh (b/c);",
        "- Các sở, ban, ngành;",
        "- Lưu: VT.",
    ]
    first = recipients.paragraphs[0].runs[0]
    assert first.bold and first.italic and first.font.size.pt == 12
    assert [p.text for p in signature.paragraphs if p.text] == ["GIÁM ĐỐC", "(Ký, ghi rõ họ tên)"]


def test_docx_figures_equal_the_services(session, filed, written) -> None:
    plan, periods, *_ = filed
    _report, doc, _book = written
    day = periods[NOVEMBER].due
    statuses = Counter(f.timeliness.status for f in task_figures(session, plan, day))
    tasks = paragraph_with(doc, "Kế hoạch có tổng số").text
    assert f"tổng số {format_number(len(plan.tasks))} nhiệm vụ" in tasks
    assert f"hoàn thành đúng hạn {statuses['completed_on_time']} nhiệm vụ" in tasks
    assert f"hoàn thành quá hạn {statuses['completed_late']} nhiệm vụ" in tasks
    assert f"còn trong hạn {statuses['in_progress']} nhiệm vụ" in tasks
    assert f"chưa hoàn thành {statuses['overdue']} nhiệm vụ" in tasks
    assert "Đến ngày 15/11/2025" in tasks
    rates = paragraph_with(doc, "Kỳ báo cáo Tháng 11/2025").text
    # 3 of 17 agencies, all on time: 17,6% and 17,6% with the Vietnamese decimal comma.
    assert "hạn gửi ngày 15/11/2025" in rates and "3/17 cơ quan" in rates
    assert "tỷ lệ báo cáo đạt 17,6%" in rates and "tỷ lệ báo cáo đúng hạn đạt 17,6%" in rates


def test_docx_indicator_and_agency_tables(session, filed, written) -> None:
    plan, *_ = filed
    report, doc, _book = written
    table = doc.tables[1]
    rows = rows_of(table)
    assert tuple(rows[0]) == INDICATOR_HEADERS
    header_flag = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header_flag is not None and header_flag.get(qn("w:val")) == "true"
    figures = target_figures(session, plan)
    assert [r[0] for r in rows[1:]] == [f.indicator.code for f in figures]
    assert len(rows) - 1 == sum(len(i.targets) for i in plan.indicators)
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["I.7"][2:6] == ["≥ 30% GRDP", "2030", "10% GRDP", "Tháng 11/2025"]
    economy = next(f for f in figures if f.indicator.code == "I.7").progress
    assert by_code["I.7"][6].startswith(economy.label_vi)
    assert by_code["I.10"][6] == "Đã đạt mục tiêu"
    assert by_code["I.3"][4] == "chưa có số liệu"
    late = rows_of(doc.tables[2])
    assert late[0][:3] == ["STT", "Cơ quan", "Nhiệm vụ quá hạn"]
    assert doc.tables[2].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [r[1] for r in late[1:]] == [a.name for a in report.late_by_agency]
    finance = next(r for r in late if r[1] == "Sở Tài chính")
    assert finance[4:] == ["1", "2"]


def test_xlsx_sheets(session, filed, written) -> None:
    plan, periods, *_ = filed
    report, _doc, book = written
    day = periods[NOVEMBER].due
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(c.font.bold for c in sheet[1])
        assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1])

    tasks = book["Nhiệm vụ"]
    header = [c.value for c in tasks[1]]
    assert header[:4] == ["Mã", "Nhóm", "Nhiệm vụ", "Cơ quan chủ trì"]
    assert tasks.max_row - 1 == len(plan.tasks)
    assert tasks.cell(2, 3).alignment.wrap_text
    labels = {f.task.code: (f.timeliness.label_vi, f.deadline) for f in task_figures(session, plan, day)}
    deadline_col, label_col = header.index("Hạn xét") + 1, header.index("Tình trạng") + 1
    for row in range(2, tasks.max_row + 1):
        code = tasks.cell(row, 1).value
        label, deadline = labels[code]
        assert tasks.cell(row, label_col).value == label
        cell = tasks.cell(row, deadline_col)
        if deadline is not None:
            assert cell.value.date() == deadline and cell.number_format == "dd/mm/yyyy"
    v74 = next(r for r in tasks.iter_rows(min_row=2, values_only=True) if r[0] == "V.74")
    assert v74[3] == "Công an tỉnh" and v74[-1] == "Hoàn thành đúng hạn"

    agencies = book["Theo cơ quan"]
    names = dict(session.query(Agency.id, Agency.name).all())
    rows = {r[0]: r for r in agencies.iter_rows(min_row=2, values_only=True)}
    scores = agency_scores(session, plan, day)
    assert len(rows) == len(scores) == 17
    for s in scores:
        name, on_time, late, overdue, _in_progress, _rate, score, rank = rows[names[s.agency_id]]
        assert (on_time, late, overdue, score, rank) == (
            s.completed_on_time,
            s.completed_late,
            s.overdue,
            s.score,
            s.rank,
        )

    indicators = book["Chỉ tiêu"]
    header = [c.value for c in indicators[1]]
    rows = {r[0].value: r for r in indicators.iter_rows(min_row=2)}
    assert indicators.max_row - 1 == len(report.indicators)
    target, latest = (
        rows["I.7"][header.index("Giá trị mục tiêu")],
        rows["I.7"][header.index("Giá trị mới nhất")],
    )
    assert (target.value, latest.value) == (30, 10)
    assert target.data_type == latest.data_type == "n" and target.number_format == "#,##0.00"
    assert rows["I.3"][header.index("Giá trị mới nhất")].value is None

    sent = book["Báo cáo"]
    header = [c.value for c in sent[1]]
    rows = {r[0].value: r for r in sent.iter_rows(min_row=2)}
    for rate in report_rate_rows(session, plan, day):
        row = rows[names[rate.agency_id]]
        assert row[1].value == rate.rates.expected and row[2].value == rate.rates.received
        on_time = row[header.index("Tỷ lệ báo cáo đúng hạn")]
        assert on_time.number_format == "0.0%"
        assert on_time.value == pytest.approx(rate.rates.on_time_rate / 100)
    assert rows["Công an tỉnh"][header.index("Tỷ lệ báo cáo")].value == 1.0  # 8 of 8


def test_latest_period_is_chosen_by_default(session, filed) -> None:
    plan, periods, *_ = filed
    # 15/12/2025 is due day of December, the fourth quarter and the year: the year covers the others.
    report = build_report(session, plan.id, as_of=date(2025, 12, 20))
    assert report.period == periods[("yearly", "2025")] and report.as_of == date(2025, 12, 20)
    assert build_report(session, plan.id, as_of=date(2025, 11, 15)).period == periods[NOVEMBER]


def test_report_before_any_report_was_filed(session, tmp_path) -> None:
    plan = make_active_plan(session)
    generate_periods(session, plan, actor="test")
    report = build_report(session, plan.id, as_of=date(2025, 6, 1))
    assert report.period is not None and report.period.key == "2025-06"  # nothing due yet: the first
    assert (report.rates.expected, report.rates.received, report.rates.reporting_rate) == (17, 0, 0.0)
    assert report.task_counts["completed_on_time"] == report.task_counts["completed_late"] == 0
    assert all(r.latest_value is None and r.latest_text == "chưa có số liệu" for r in report.indicators)
    doc = Document(str(write_docx(report, tmp_path / "r.docx")))
    assert "0/17 cơ quan" in paragraph_with(doc, "Kỳ báo cáo Tháng 6/2025").text
    book = load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    assert book.sheetnames == SHEETS and book["Báo cáo"]["C2"].value == 0


def test_report_of_a_plan_without_periods(session, tmp_path) -> None:
    plan = make_active_plan(session)
    report = build_report(session, plan.id, as_of=date(2025, 7, 1))
    assert report.period is None and report.rates.reporting_rate is None
    doc = Document(str(write_docx(report, tmp_path / "r.docx")))
    assert any("chưa có kỳ báo cáo" in t for t in texts(doc))
    assert load_workbook(write_xlsx(report, tmp_path / "r.xlsx")).sheetnames == SHEETS


def test_unknown_plan_and_foreign_period(session) -> None:
    with pytest.raises(ReportBuildError) as error:
        build_report(session, 987654)
    assert isinstance(error.value, DomainError) and error.value.kind == "not_found"  # answered 404
    assert error.value.message_vi == "Không có kế hoạch 987654" and "No plan 987654" in str(error.value)
    plan = make_active_plan(session)
    other = Plan(source_file="khac.txt", sha256="0" * 64, status="draft")
    session.add(other)
    session.flush()
    period = Period(
        plan_id=other.id,
        frequency="monthly",
        key="2025-06",
        label="Tháng 6/2025",
        cutoff_start=date(2025, 5, 15),
        cutoff_end=date(2025, 6, 14),
        due=date(2025, 6, 15),
    )
    session.add(period)
    session.flush()
    with pytest.raises(ReportBuildError) as error:
        build_report(session, plan.id, period.id)
    assert "không thuộc kế hoạch 103/KH-UBND" in error.value.message_vi
