"""The consolidated report as a Word document in the layout of Nghị định 30/2020/NĐ-CP (thể thức
văn bản hành chính, Phụ lục I): A4 portrait, margins 20/20/30/15 mm, Times New Roman 13 pt, the
header table (issuing body | quốc hiệu and tiêu ngữ), place and date, title, body, "Nơi nhận" and
the signature block, page numbers centred at the top from page 2.

Only python-docx and plain WordprocessingML: the file opens in Word and LibreOffice and stays
editable (the office writes part V and signs it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from dondoc.exports.consolidated import (
    COUNT_LABELS_VI,
    DEFAULT_SOON_DAYS,
    ConsolidatedReport,
    TaskGroup,
    day_text,
    percent,
)
from dondoc.formatting import format_number
from dondoc.scoring.progress import LABELS_VI as PROGRESS_LABELS_VI
from dondoc.scoring.progress import PROGRESS_STATUSES

FONT = "Times New Roman"
BODY_PT = 13
TITLE_PT = 14
TABLE_PT = 12
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5  # A4 less the left and right margins
OVERDUE_SHOWN = 10  # per group in the body; the annex lists them all
INDICATOR_HEADERS = ("Mã", "Chỉ tiêu", "Mục tiêu", "Năm", "Giá trị mới nhất", "Kỳ", "Đánh giá")
INDICATOR_WIDTHS = (1.5, 4.7, 2.5, 1.3, 2.1, 2.0, 2.4)
LATE_HEADERS = (
    "STT",
    "Cơ quan",
    "Nhiệm vụ quá hạn",
    "Nhiệm vụ hoàn thành chậm",
    "Báo cáo nộp muộn",
    "Báo cáo còn thiếu",
)
LATE_WIDTHS = (1.2, 4.0, 4.7, 2.6, 2.0, 2.0)
# WordprocessingML fixes the order of the children of pPr, tblPr and trPr; Word refuses a file
# whose properties come out of order, so each added element goes before its schema successors.
PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
TBLPR_AFTER_CELL_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", *TBLPR_AFTER_CELL_MARGINS)
TRPR_AFTER_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
RECIPIENTS = ("- UBND tỉnh (b/c);", "- Các sở, ban, ngành;", "- Lưu: VT.")


def write_docx(report: ConsolidatedReport, path: Path) -> Path:
    """Write the report to `path` (.docx) and return the path."""
    doc = Document()
    setup_page(doc)
    setup_styles(doc)
    set_properties(doc, report)
    header_block(doc, report)
    title_block(doc, report)
    body_paragraph(doc, introduction(report))
    general_assessment(doc, report)
    task_groups(doc, report)
    indicator_table(doc, report)
    late_table(doc, report)
    proposals(doc, report)
    closing(doc, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


# --- page, styles, properties ---------------------------------------------------------------------


def setup_page(doc: DocumentType) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # Nghị định 30/2020: page numbers centred in the top margin, not on the first page.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(paragraph)


def page_field(paragraph: Paragraph) -> None:
    """A PAGE field (begin / instruction / separate / shown number / end) that Word updates."""

    def char(kind: str) -> None:
        run = paragraph.add_run()
        fld = OxmlElement("w:fldChar")
        fld.set(qn("w:fldCharType"), kind)
        run._r.append(fld)

    char("begin")
    instruction = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    instruction._r.append(text)
    char("separate")
    paragraph.add_run("2")
    char("end")
    for run in paragraph.runs:
        run.font.size = Pt(BODY_PT)


def setup_styles(doc: DocumentType) -> None:
    """Times New Roman on the Normal style for every script: w:eastAsia and w:cs too, else Word
    picks the theme's East-Asian font for some Vietnamese letters. The document defaults lose their
    theme fonts for the same reason, and the language is Vietnamese for the spelling checker."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr())
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(6)
    fmt.line_spacing = 1.15
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            set_fonts(r_pr)
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            for key in ("w:val", "w:eastAsia"):
                lang.set(qn(key), "vi-VN")


def set_fonts(r_pr: BaseOxmlElement) -> None:
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for key in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(key)) is not None:
            del fonts.attrib[qn(key)]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def set_properties(doc: DocumentType, report: ConsolidatedReport) -> None:
    props = doc.core_properties
    props.title = f"Báo cáo {subject(report)}"
    props.subject = subject(report)
    props.author = report.issuer
    props.language = "vi-VN"
    props.comments = "Tạo bởi dondoc; thể thức theo Nghị định 30/2020/NĐ-CP."


# --- small builders ------------------------------------------------------------------------------


def add_text(
    paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = Pt(size)


def tight(
    paragraph: Paragraph, align: WD_PARAGRAPH_ALIGNMENT | None = WD_ALIGN_PARAGRAPH.CENTER, after: float = 0
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.0
    if align is not None:
        paragraph.alignment = align
    return paragraph


def short_line(cell: _Cell, length_cm: float, width_cm: float) -> None:
    """The short rule under the issuing body and under the tiêu ngữ: an empty paragraph of 1 pt,
    indented on both sides, with a bottom border (Word keeps it editable, unlike a drawing)."""
    paragraph = tight(cell.add_paragraph())
    rule(paragraph, max((width_cm - length_cm) / 2, 0))


def rule(paragraph: Paragraph, side_cm: float) -> None:
    """Turn an empty paragraph into a centred short line: indents on both sides, a bottom border."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(side_cm)
    # A line box of a few points: at 1 pt LibreOffice draws the border over the text above.
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *PPR_AFTER_BORDER)


def body_paragraph(
    doc: DocumentType, text: str = "", *, bold: bool = False, italic: bool = False
) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        add_text(paragraph, text, bold=bold, italic=italic)
    return paragraph


def heading(doc: DocumentType, text: str) -> None:
    paragraph = body_paragraph(doc, text, bold=True)
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True


def no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *TBLPR_AFTER_BORDERS)


def cell_margins(table: Table, side_cm: float) -> None:
    """Narrower left and right cell margins than Word's 0,19 cm, so short columns ("Năm") fit."""
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(side_cm * 567)))  # twips per cm
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *TBLPR_AFTER_CELL_MARGINS)


def set_widths(table: Table, widths: Sequence[float]) -> None:
    # Word reads the table's and each cell's width, LibreOffice the grid: set all three.
    table.autofit = False
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(round(sum(widths) * 567)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def repeat_header(table: Table) -> None:
    """Mark the first row as a header row, repeated at the top of every page the table spans."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.insert_element_before(flag, *TRPR_AFTER_HEADER)


def data_table(
    doc: DocumentType,
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    centred: Sequence[int] = (),
) -> Table:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        add_text(tight(cell.paragraphs[0]), text, bold=True, size=TABLE_PT)
    for values in rows:
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.CENTER if n in centred else WD_ALIGN_PARAGRAPH.LEFT
            add_text(tight(cell.paragraphs[0], align), text, size=TABLE_PT)
    repeat_header(table)
    cell_margins(table, 0.1)
    set_widths(table, widths)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


# --- header, title ----------------------------------------------------------------------------------


def place_and_date(report: ConsolidatedReport) -> str:
    """ "Bình Định, ngày 05 tháng 02 năm 2026": Nghị định 30/2020 writes a 0 before days under 10
    and the months 1 and 2."""
    day: date = report.as_of
    place = report.province or "......"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def abbreviation(name: str) -> str:
    """The short name in a document number: "Sở Khoa học và Công nghệ" → "SKHCN"."""
    return "".join(w[0] for w in name.split() if w.lower() != "và" and w[0].isalpha()).upper()


def header_block(doc: DocumentType, report: ConsolidatedReport) -> None:
    left_w, right_w = 7.2, TEXT_WIDTH_CM - 7.2
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    cell_margins(table, 0.05)
    left, right = table.rows[0].cells
    superior = f"UBND TỈNH {report.province.upper()}" if report.province else "UBND TỈNH"
    add_text(tight(left.paragraphs[0]), superior, size=12)
    add_text(tight(left.add_paragraph()), report.issuer.upper(), bold=True, size=12)
    short_line(left, 2.5, left_w - 0.1)
    add_text(
        tight(left.add_paragraph(), after=0), f"Số:        /BC-{abbreviation(report.issuer)}", size=BODY_PT
    )
    left.paragraphs[-1].paragraph_format.space_before = Pt(6)
    add_text(tight(right.paragraphs[0]), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    add_text(tight(right.add_paragraph()), "Độc lập - Tự do - Hạnh phúc", bold=True, size=BODY_PT)
    short_line(right, 5.9, right_w - 0.1)
    date_line = tight(right.add_paragraph())
    date_line.paragraph_format.space_before = Pt(6)
    add_text(date_line, place_and_date(report), italic=True, size=BODY_PT)
    set_widths(table, (left_w, right_w))


def subject(report: ConsolidatedReport) -> str:
    plan = report.plan
    title = plan.title or "Kế hoạch"
    if plan.number and plan.number not in title:
        title = f"{title} số {plan.number}"
    label = report.period_label
    # "Tháng 6/2025" → "tháng 6/2025" inside a sentence.
    return f"Kết quả thực hiện {title} {label[:1].lower()}{label[1:]}".strip()


def title_block(doc: DocumentType, report: ConsolidatedReport) -> None:
    title = tight(doc.add_paragraph())
    title.paragraph_format.space_before = Pt(18)
    add_text(title, "BÁO CÁO", bold=True, size=TITLE_PT)
    add_text(tight(doc.add_paragraph()), subject(report), bold=True, size=TITLE_PT)
    rule(tight(doc.add_paragraph(), after=12), (TEXT_WIDTH_CM - 3.5) / 2)


def introduction(report: ConsolidatedReport) -> str:
    plan = report.plan
    name = plan.title or "Kế hoạch"
    if plan.number and plan.number not in name:
        name = f"{name} số {plan.number}"
    if plan.signed_date:
        name += f" ngày {day_text(plan.signed_date)}"
    if plan.issuer:
        name += f" của {plan.issuer}"
    period = f" {report.period_label[:1].lower()}{report.period_label[1:]}" if report.period else ""
    return (
        f"Thực hiện {name}, trên cơ sở báo cáo của các cơ quan, đơn vị, {report.issuer} tổng hợp, "
        f"báo cáo kết quả thực hiện{period} (số liệu tính đến ngày {day_text(report.as_of)}) như sau:"
    )


# --- body -----------------------------------------------------------------------------------------------


def count(n: int) -> str:
    return format_number(n)


def share(n: int, total: int) -> str:
    return f" ({percent(100 * n / total)})" if total else ""


def general_assessment(doc: DocumentType, report: ConsolidatedReport) -> None:
    heading(doc, "I. ĐÁNH GIÁ CHUNG")
    c, total = report.task_counts, report.tasks_total
    heading(doc, "1. Tình hình thực hiện nhiệm vụ")
    if total:
        body_paragraph(
            doc,
            f"Kế hoạch có tổng số {count(total)} nhiệm vụ. Đến ngày {day_text(report.as_of)}: hoàn "
            f"thành đúng hạn {count(c['completed_on_time'])} nhiệm vụ{share(c['completed_on_time'], total)}; "
            f"hoàn thành quá hạn {count(c['completed_late'])} nhiệm vụ{share(c['completed_late'], total)}; "
            f"chưa hoàn thành, còn trong hạn {count(c['in_progress'])} nhiệm vụ (trong đó "
            f"{count(c['due_soon'])} nhiệm vụ đến hạn trong {DEFAULT_SOON_DAYS} ngày tới); quá hạn, "
            f"chưa hoàn thành {count(c['overdue'])} nhiệm vụ{share(c['overdue'], total)}; "
            f"{count(c['other'])} nhiệm vụ chờ sự kiện hoặc không có thời hạn.",
        )
        body_paragraph(
            doc,
            "(Phân loại theo Quyết định số 42/2014/QĐ-TTg, được sửa đổi bởi Quyết định số 23/2018/QĐ-TTg.)",
            italic=True,
        )
    else:
        body_paragraph(doc, "Kế hoạch chưa có nhiệm vụ được theo dõi.")
    heading(doc, "2. Chế độ báo cáo")
    body_paragraph(doc, rates_sentence(report))
    heading(doc, "3. Thực hiện các chỉ tiêu")
    body_paragraph(doc, indicators_sentence(report))
    heading(doc, "4. Đánh giá, xếp hạng các cơ quan")
    body_paragraph(doc, ranking_sentence(report))


def rates_sentence(report: ConsolidatedReport) -> str:
    if report.period is None:
        return "Kế hoạch chưa có kỳ báo cáo nào; chưa có số liệu về tỷ lệ báo cáo."
    r = report.rates
    if not r.expected:
        return f"Kỳ báo cáo {report.period.label} không có cơ quan nào phải báo cáo; chưa có số liệu."
    return (
        f"Kỳ báo cáo {report.period.label} (hạn gửi ngày {day_text(report.period.due)}): "
        f"{count(r.received)}/{count(r.expected)} cơ quan đã gửi báo cáo, trong đó "
        f"{count(r.on_time)} báo cáo gửi đúng hạn; tỷ lệ báo cáo đạt {percent(r.reporting_rate)}, "
        f"tỷ lệ báo cáo đúng hạn đạt {percent(r.on_time_rate)} (số báo cáo đã nhận, số báo cáo đúng "
        "hạn chia cho số báo cáo phải nộp, theo cách tính của DHIS2; kỳ và hạn báo cáo theo Nghị định "
        "số 09/2019/NĐ-CP)."
    )


def indicators_sentence(report: ConsolidatedReport) -> str:
    rows = report.indicators
    if not rows:
        return "Kế hoạch không có chỉ tiêu được theo dõi."
    by_status = Counter(r.progress for r in rows)
    parts = [
        f"{PROGRESS_LABELS_VI[s].lower()}: {count(by_status[s])}" for s in PROGRESS_STATUSES if by_status[s]
    ]
    with_data = sum(1 for r in rows if r.latest_value is not None)
    return (
        f"Kế hoạch có {count(len(rows))} chỉ tiêu, trong đó {count(with_data)} chỉ tiêu đã có số liệu "
        f"báo cáo. Theo phương pháp đánh giá tiến độ của Open SDG: {'; '.join(parts)} (chi tiết tại "
        "mục III)."
    )


def ranking_sentence(report: ConsolidatedReport) -> str:
    scored = [(rank, name, score) for rank, name, score in report.ranking if score is not None]
    if not scored:
        return "Chưa có cơ quan nào đủ số liệu để chấm điểm, xếp hạng."
    top = "; ".join(
        f"{name} ({format_number(score, 1)} điểm, hạng {rank})" for rank, name, score in scored[:3]
    )
    return (
        f"Trong số {count(len(report.ranking))} cơ quan có trách nhiệm báo cáo, {count(len(scored))} cơ "
        f"quan đã được chấm điểm mức độ hoàn thành; dẫn đầu: {top}. Điểm = 0,8 × điểm nhiệm vụ + 0,2 × "
        "tỷ lệ báo cáo đúng hạn (chi tiết tại Phụ lục)."
    )


def task_groups(doc: DocumentType, report: ConsolidatedReport) -> None:
    heading(doc, "II. KẾT QUẢ THEO NHÓM NHIỆM VỤ")
    if not report.groups:
        body_paragraph(doc, "Kế hoạch chưa có nhiệm vụ được theo dõi.")
    for n, group in enumerate(report.groups, start=1):
        code = f" (nhóm {group.code})" if group.code else ""
        paragraph = body_paragraph(doc, f"{n}. {group.title}{code}", bold=True)
        paragraph.paragraph_format.keep_with_next = True
        body_paragraph(doc, group_sentence(group))
        if group.overdue:
            body_paragraph(doc, "Các nhiệm vụ quá hạn, chưa hoàn thành:", italic=True)
            for row in group.overdue[:OVERDUE_SHOWN]:
                lead = f"; chủ trì: {', '.join(row.lead)}" if row.lead else ""
                body_paragraph(
                    doc, f"- {row.code}: {row.title.rstrip(' .;')} (hạn {day_text(row.deadline)}{lead})."
                )
            if len(group.overdue) > OVERDUE_SHOWN:
                rest = len(group.overdue) - OVERDUE_SHOWN
                body_paragraph(doc, f"- Và {count(rest)} nhiệm vụ quá hạn khác (chi tiết tại Phụ lục).")


def group_sentence(group: TaskGroup) -> str:
    c = group.counts
    keys = ("completed_on_time", "completed_late", "in_progress", "overdue", "other")
    parts = [f"{COUNT_LABELS_VI[k].lower()} {count(c[k])}" for k in keys]
    return f"Tổng số {count(group.total)} nhiệm vụ: {'; '.join(parts)}."


def indicator_table(doc: DocumentType, report: ConsolidatedReport) -> None:
    heading(doc, "III. CHỈ TIÊU")
    if not report.indicators:
        body_paragraph(doc, "Kế hoạch không có chỉ tiêu được theo dõi.")
        return
    rows = [
        (
            r.code,
            r.text,
            r.target_text,
            str(r.year) if r.year else "—",
            r.latest_text,
            r.latest_period or "—",
            progress_text(r.progress_label, r.forecast, r.unit),
        )
        for r in report.indicators
    ]
    data_table(doc, INDICATOR_HEADERS, INDICATOR_WIDTHS, rows, centred=(0, 3))


def progress_text(label: str, forecast: float | None, unit: str | None) -> str:
    if forecast is None:
        return label
    shown = f"{format_number(forecast, 1)}{unit if unit and unit.startswith('%') else ''}"
    return f"{label} (dự báo {shown})"


def late_table(doc: DocumentType, report: ConsolidatedReport) -> None:
    heading(doc, "IV. NHIỆM VỤ CHẬM, QUÁ HẠN VÀ BÁO CÁO CÒN THIẾU THEO CƠ QUAN")
    if not report.late_by_agency:
        body_paragraph(doc, "Không có cơ quan nào có nhiệm vụ chậm, quá hạn hoặc báo cáo còn thiếu.")
        return
    rows = [
        (
            str(n),
            r.name,
            codes(r.overdue_tasks),
            codes(r.late_tasks),
            count(r.late_reports),
            count(r.missing_reports),
        )
        for n, r in enumerate(report.late_by_agency, start=1)
    ]
    data_table(doc, LATE_HEADERS, LATE_WIDTHS, rows, centred=(0, 4, 5))


def codes(values: list[str]) -> str:
    return f"{', '.join(values)} ({count(len(values))})" if values else "—"


def proposals(doc: DocumentType, report: ConsolidatedReport) -> None:
    heading(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    body_paragraph(doc, f"(Phần này do {report.issuer} bổ sung trước khi trình ký.)", italic=True)
    for line in ("1. Đối với Ủy ban nhân dân tỉnh:", "2. Đối với các sở, ban, ngành, địa phương:"):
        body_paragraph(doc, line)
        for _ in range(2):
            dots = body_paragraph(doc, "." * 90)
            dots.alignment = WD_ALIGN_PARAGRAPH.LEFT
            dots.paragraph_format.first_line_indent = Cm(0)
    body_paragraph(
        doc,
        f"Trên đây là báo cáo {subject(report)[:1].lower()}{subject(report)[1:]} của {report.issuer}, "
        f"kính báo cáo {report.recipient} xem xét, chỉ đạo./.",
    )


def closing(doc: DocumentType, report: ConsolidatedReport) -> None:
    """ "Nơi nhận" on the left (the word 12 pt bold italic, the list 11 pt upright, as Nghị định
    30/2020 sets them) and the signer's title on the right."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    add_text(tight(left.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT), "Nơi nhận:", bold=True, italic=True, size=12)
    for line in RECIPIENTS:
        add_text(tight(left.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT), line, size=11)
    add_text(tight(right.paragraphs[0]), "GIÁM ĐỐC", bold=True, size=TITLE_PT)
    add_text(tight(right.add_paragraph()), "(Ký, ghi rõ họ tên)", italic=True, size=BODY_PT)
    for _ in range(4):
        tight(right.add_paragraph())
    set_widths(table, (7.5, TEXT_WIDTH_CM - 7.5))
