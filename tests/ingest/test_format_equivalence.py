"""One plan, four formats, the same tasks.

The same small plan — a heading, a paragraph, a task table (STT | Nội dung nhiệm vụ | Cơ quan chủ
trì | Cơ quan phối hợp | Thời gian hoàn thành) with a group row and four task rows, then the
implementation section — is built as a Word file with a real table, a PDF with a ruled table
(fpdf2, DejaVuSans), Markdown with a pipe table, and the plain text a PDF text export gives for it
(one line per table row, cells run together). `extract_file` must return the same tasks (title,
lead, coordinating, deadline) from each, equal to the rows written below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import (
    AFTER,
    BEFORE,
    HEADER,
    MERGE_LEFT,
    make_docx_with_table,
    make_markdown_with_table,
    make_pdf_with_table,
)

from dondoc.ingest.extract import extract_file

GROUP = "I. Nhiệm vụ chuyển đổi số"
ROWS: list[tuple[str, ...]] = [
    HEADER,
    (GROUP, MERGE_LEFT, MERGE_LEFT, MERGE_LEFT, MERGE_LEFT),
    (
        "1",
        "Xây dựng kho dữ liệu dùng chung của tỉnh",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành",
        "Quý I/2026",
    ),
    ("2", "Bố trí kinh phí thực hiện kế hoạch", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Năm 2025"),
    (
        "3",
        "Tổng hợp, báo cáo tình hình thực hiện kế hoạch",
        "Văn phòng UBND tỉnh",
        "Sở Khoa học và Công nghệ; Sở Tài chính",
        "Hằng năm",
    ),
    (
        "4",
        "Cập nhật dữ liệu chuyên ngành lên hệ thống",
        "Các sở, ban, ngành",
        "Sở Khoa học và Công nghệ",
        "Quý IV/2025",
    ),
]

# The plain text a PDF text export gives for the same plan: the table flattened, one line per row.
FLAT_TEXT = "\n".join(
    [
        *BEFORE,
        "STT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành",
        GROUP,
        "1 Xây dựng kho dữ liệu dùng chung của tỉnh Sở Khoa học và Công nghệ Các sở, ban, ngành Quý I/2026",
        "2 Bố trí kinh phí thực hiện kế hoạch Sở Tài chính Sở Khoa học và Công nghệ Năm 2025",
        "3 Tổng hợp, báo cáo tình hình thực hiện kế hoạch Văn phòng UBND tỉnh Sở Khoa học và Công nghệ; "
        "Sở Tài chính Hằng năm",
        "4 Cập nhật dữ liệu chuyên ngành lên hệ thống Các sở, ban, ngành Sở Khoa học và Công nghệ Quý IV/2025",
        *AFTER,
    ]
)

KHCN, TAI_CHINH, VP_UBND, CAC_SO = (
    "Sở Khoa học và Công nghệ",
    "Sở Tài chính",
    "Văn phòng UBND tỉnh",
    "Các sở, ban, ngành",
)
EXPECTED = [
    {
        "title": "Xây dựng kho dữ liệu dùng chung của tỉnh",
        "lead": [KHCN],
        "coordinating": [CAC_SO],
        "deadline": {"kind": "date", "date": "2026-03-31"},
    },
    {
        "title": "Bố trí kinh phí thực hiện kế hoạch",
        "lead": [TAI_CHINH],
        "coordinating": [KHCN],
        "deadline": {"kind": "date", "date": "2025-12-31"},
    },
    {
        "title": "Tổng hợp, báo cáo tình hình thực hiện kế hoạch",
        "lead": [VP_UBND],
        "coordinating": [KHCN, TAI_CHINH],
        "deadline": {"kind": "recurring", "freq": "yearly", "start": None},
    },
    {
        "title": "Cập nhật dữ liệu chuyên ngành lên hệ thống",
        "lead": [CAC_SO],
        "coordinating": [KHCN],
        "deadline": {"kind": "date", "date": "2025-12-31"},
    },
]
# the group row "I. …" (merged across the table, or printed alone on its line) numbers the tasks
EXPECTED_CODES = [("I.1", "I"), ("I.2", "I"), ("I.3", "I"), ("I.4", "I")]
for row, (code, section) in zip(EXPECTED, EXPECTED_CODES, strict=True):
    row["code"], row["section"] = code, section
FIELDS = ("code", "section", "title", "lead", "coordinating", "deadline")


def build(fmt: str, folder: Path) -> Path:
    if fmt == "docx":
        return make_docx_with_table(folder / "plan.docx", ROWS)
    if fmt == "pdf":
        return make_pdf_with_table(folder / "plan.pdf", ROWS)
    if fmt == "md":
        return make_markdown_with_table(folder / "plan.md", ROWS)
    path = folder / "plan.txt"
    path.write_text(FLAT_TEXT + "\n", encoding="utf-8")
    return path


def tasks_of(path: Path) -> list[dict]:
    return [{k: task[k] for k in FIELDS} for task in extract_file(path)["tasks"]]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    folder = tmp_path_factory.mktemp("formats")
    return {fmt: tasks_of(build(fmt, folder)) for fmt in ("docx", "pdf", "md", "txt")}


@pytest.mark.parametrize("fmt", ["docx", "pdf", "md", "txt"])
def test_tasks_equal_expected_rows(extracted: dict[str, list[dict]], fmt: str) -> None:
    assert extracted[fmt] == EXPECTED


def test_tasks_same_across_formats(extracted: dict[str, list[dict]]) -> None:
    reference = extracted["docx"]
    differing = {fmt: tasks for fmt, tasks in extracted.items() if tasks != reference}
    assert not differing, {"docx": reference, **differing}
