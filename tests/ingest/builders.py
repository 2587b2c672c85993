"""Build small .docx, .pdf and .md plans with a task table, for reader and extraction tests.

A table is given as rows of cell texts; two markers describe merged cells the way a person sees
them: `MERGE_LEFT` (this grid cell belongs to the cell on its left: a group row merged across
the table) and `MERGE_UP` (this grid cell belongs to the cell above: a lead agency shared by
several tasks). `expected_rows(rows)` gives what the readers must return for such a table:
a horizontally merged cell once, a vertically merged cell repeated in every row it spans.

    rows = TASK_TABLE
    make_docx_with_table(tmp_path / "plan.docx", rows)
    make_pdf_with_table(tmp_path / "plan.pdf", rows)
    make_markdown_with_table(tmp_path / "plan.md", rows)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

MERGE_LEFT = "<merge-left>"
MERGE_UP = "<merge-up>"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")
TASK_TABLE: list[tuple[str, ...]] = [
    HEADER,
    ("I. Nhiệm vụ chuyển đổi số", MERGE_LEFT, MERGE_LEFT, MERGE_LEFT, MERGE_LEFT),
    (
        "1",
        "Xây dựng cơ sở dữ liệu dùng chung của tỉnh",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành",
        "Quý IV/2025",
    ),
    (
        "2",
        "Số hóa hồ sơ thủ tục hành chính; định kỳ báo cáo kết quả",
        MERGE_UP,
        "UBND các xã, phường",
        "Hằng năm",
    ),
    ("3", "Đào tạo kỹ năng số cho cán bộ, công chức", "Sở Nội vụ", "Sở Tài chính", "2025-2027"),
]
BEFORE = (
    "KẾ HOẠCH",
    "Triển khai chuyển đổi số năm 2025",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Phân công theo dõi, đôn đốc thực hiện các nhiệm vụ dưới đây.",
)
AFTER = ("II. TỔ CHỨC THỰC HIỆN", "Các cơ quan, đơn vị báo cáo kết quả trước ngày 15 hằng tháng.")


def expected_rows(rows: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The rows a reader returns for a table built from `rows` (merged cells resolved)."""
    out: list[tuple[str, ...]] = []
    resolved: list[list[str]] = []
    for r, row in enumerate(rows):
        full: list[str] = []
        for c, cell in enumerate(row):
            full.append(resolved[r - 1][c] if cell == MERGE_UP else cell)
        resolved.append(full)
        out.append(tuple(text for text, cell in zip(full, row, strict=True) if cell != MERGE_LEFT))
    return out


def _spans(rows: Sequence[Sequence[str]], r: int, c: int) -> tuple[int, int]:
    """(colspan, rowspan) of the cell that starts at row r, column c."""
    colspan = 1
    while c + colspan < len(rows[r]) and rows[r][c + colspan] == MERGE_LEFT:
        colspan += 1
    rowspan = 1
    while r + rowspan < len(rows) and rows[r + rowspan][c] == MERGE_UP:
        rowspan += 1
    return colspan, rowspan


def make_docx_with_table(
    path: str | Path,
    rows: Sequence[Sequence[str]] = TASK_TABLE,
    *,
    before: Sequence[str] = BEFORE,
    after: Sequence[str] = AFTER,
) -> Path:
    """A Word file: the `before` paragraphs, a real table with merged cells, the `after` ones."""
    import docx

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell not in (MERGE_LEFT, MERGE_UP):
                table.cell(r, c).text = cell
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell in (MERGE_LEFT, MERGE_UP):
                continue
            colspan, rowspan = _spans(rows, r, c)
            if colspan > 1 or rowspan > 1:
                table.cell(r, c).merge(table.cell(r + rowspan - 1, c + colspan - 1))
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return Path(path)


def make_pdf_with_table(
    path: str | Path,
    rows: Sequence[Sequence[str]] = TASK_TABLE,
    *,
    before: Sequence[str] = BEFORE,
    after: Sequence[str] = AFTER,
    font: Path = FONT,
    font_size: float = 10,
) -> Path:
    """A PDF with a real text layer and a ruled table (fpdf2 draws every border).

    A table longer than a page continues on the next one with its header row repeated, as Word
    does with "repeat header row".
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    bold = font.with_name(font.stem + "-Bold.ttf")
    pdf.add_font("DejaVu", style="B", fname=str(bold if bold.exists() else font))  # table headings
    pdf.set_font("DejaVu", size=font_size)
    pdf.add_page()
    for text in before:
        pdf.multi_cell(0, font_size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(font_size * 0.4)
    widths = (10, 60, 40, 40, 30) if len(rows[0]) == 5 else None
    with pdf.table(col_widths=widths, first_row_as_headings=True, line_height=font_size * 0.6) as table:
        for r, row in enumerate(rows):
            out = table.row()
            for c, cell in enumerate(row):
                if cell in (MERGE_LEFT, MERGE_UP):
                    continue
                colspan, rowspan = _spans(rows, r, c)
                out.cell(cell, colspan=colspan, rowspan=rowspan)
    pdf.ln(font_size * 0.4)
    for text in after:
        pdf.multi_cell(0, font_size * 0.6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(font_size * 0.4)
    pdf.output(str(path))
    return Path(path)


def make_markdown_with_table(
    path: str | Path,
    rows: Sequence[Sequence[str]] = TASK_TABLE,
    *,
    before: Sequence[str] = BEFORE,
    after: Sequence[str] = AFTER,
) -> Path:
    """The same plan as Markdown; a pipe table cannot merge cells, so merged cells are empty."""

    def cell(text: str) -> str:
        return "" if text in (MERGE_LEFT, MERGE_UP) else text.replace("|", "\\|").replace("\n", "<br>")

    lines = [*before, ""]
    lines.append("| " + " | ".join(cell(c) for c in rows[0]) + " |")
    lines.append("|" + "---|" * len(rows[0]))
    lines.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows[1:])
    lines.extend(["", *after])
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


def make_scanned_pdf(path: str | Path) -> Path:
    """A PDF page with a drawn rectangle and no text at all (what a scan looks like to a reader)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 80, style="F")
    pdf.output(str(path))
    return Path(path)
