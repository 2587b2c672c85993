"""Tables read by their content: layout tables, captions, shifted and short rows, continued tables,
two records in one row, and words cut by narrow columns (ingest/table_layout.py, real_tables.py,
cell_fit.py, syllables.py). Each case is a small Markdown plan shaped as real plans are."""

from __future__ import annotations

from dondoc.ingest.cell_fit import fit
from dondoc.ingest.extract import extract_document
from dondoc.ingest.readers import read_text
from dondoc.ingest.source import Line, Table
from dondoc.ingest.syllables import is_syllable, rejoin
from dondoc.ingest.table_layout import normalise_blocks

HEADER = "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n|---|---|---|---|---|\n"


def _tasks(markdown: str) -> list[dict]:
    return extract_document(read_text(markdown, path="plan.md", fmt="md"))["tasks"]


def test_a_table_of_one_filled_cell_per_row_is_prose() -> None:
    md = "| QUYẾT ĐỊNH |  |\n|---|---|\n| I. MỤC TIÊU |  |\n| 1. Mục tiêu cụ thể |  |\n| Điều 2. Hiệu lực |  |\n"
    blocks = normalise_blocks(read_text(md, fmt="md").blocks)
    assert all(isinstance(b, Line) for b in blocks)
    assert [b.text for b in blocks if isinstance(b, Line)] == [
        "QUYẾT ĐỊNH",
        "I. MỤC TIÊU",
        "1. Mục tiêu cụ thể",
        "Điều 2. Hiệu lực",
    ]


def test_caption_rows_leave_the_table_and_the_header_is_found_below_them() -> None:
    md = (
        "| PHỤ LỤC I |  |  |  |  |\n|---|---|---|---|---|\n"
        "| DANH MỤC NHIỆM VỤ |  |  |  |  |\n| (Kèm theo Kế hoạch số 12/KH-UBND) |  |  |  |  |\n"
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
        "| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | Sở Tài chính | Quý I/2026 |\n"
    )
    blocks = normalise_blocks(read_text(md, fmt="md").blocks)
    assert [b.text for b in blocks if isinstance(b, Line)] == [
        "PHỤ LỤC I",
        "DANH MỤC NHIỆM VỤ",
        "(Kèm theo Kế hoạch số 12/KH-UBND)",
    ]
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.rows[0][0] == "STT"
    (task,) = _tasks(md)
    assert (task["title"], task["lead"], task["deadline"]) == (
        "Xây dựng kho dữ liệu dùng chung",
        ["Sở Khoa học và Công nghệ"],
        {"kind": "date", "date": "2026-03-31"},
    )


def test_a_short_row_under_merged_cells_takes_the_cells_above() -> None:
    md = HEADER + (
        "| 1 | Xây dựng hệ thống thông tin quy hoạch | Sở Tài chính | Sở Xây dựng | Quý IV/2026 |\n"
        "| Xây dựng hạ tầng kỹ thuật dự phòng cho hệ thống | Sở Khoa học và Công nghệ |\n"
    )
    first, second = _tasks(md)
    assert second["title"] == "Xây dựng hạ tầng kỹ thuật dự phòng cho hệ thống"
    assert second["lead"] == ["Sở Khoa học và Công nghệ"]  # its own cell
    assert second["coordinating"] == ["Sở Xây dựng"]  # the merged cells above
    assert second["deadline"] == {"kind": "date", "date": "2026-12-31"}
    assert first["flags"] == []
    assert (first["code"], second["code"]) == ("1.1", "1.2")


def test_a_group_printed_without_numbers_is_read_one_column_over() -> None:
    md = (
        "| STT | Cơ quan chủ trì | Cơ quan phối hợp | Nội dung nhiệm vụ | Thời hạn hoàn thành |\n|---|---|---|---|---|\n"
        "| A. | BỘ Y TẾ |  |  |  |\n"
        "| Bộ Y tế | Bộ Tài chính | Xây dựng hồ sơ sức khỏe điện tử cho người dân | Giai đoạn 2026 - 2030 |\n"
    )
    (task,) = _tasks(md)
    assert task["title"] == "Xây dựng hồ sơ sức khỏe điện tử cho người dân"
    assert (task["lead"], task["coordinating"]) == (["Bộ Y tế"], ["Bộ Tài chính"])
    assert task["deadline"] == {"kind": "range", "start": "2026-01-01", "end": "2030-12-31"}
    assert task["section"] == "A"
    assert "column_shift" not in task["flags"]  # the cells fit one placement only: no doubt to flag


def test_a_header_without_its_stt_cell_gains_the_column() -> None:
    md = (
        "| Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n|---|---|---|---|\n"
        "| 5 | Số hóa hồ sơ lưu trữ của tỉnh | Sở Nội vụ | Sở Khoa học và Công nghệ | Năm 2026 |\n"
        "| 6 | Đào tạo kỹ năng số cho cán bộ | Sở Nội vụ | Sở Giáo dục và Đào tạo | Năm 2027 |\n"
    )
    tasks = _tasks(md)
    assert [(t["code"], t["title"], t["lead"]) for t in tasks] == [
        ("5", "Số hóa hồ sơ lưu trữ của tỉnh", ["Sở Nội vụ"]),
        ("6", "Đào tạo kỹ năng số cho cán bộ", ["Sở Nội vụ"]),
    ]


def test_two_records_in_one_row_and_a_missing_group_heading() -> None:
    md = HEADER + (
        "| I | NHÓM THỂ CHẾ |  |  |  |\n"
        "| 1 | Rà soát văn bản hướng dẫn | Sở Tư pháp | Sở Nội vụ | Năm 2025 |\n"
        "| 2 | Ban hành quy chế phối hợp | Sở Xây dựng | Sở Tài chính | Năm 2025 | …………… | 2 | "
        "Thành lập quỹ phòng thủ dân sự | Sở Tài chính | Sở Nội vụ | Năm 2026 |\n"
        "| 3 | Duy trì tổng đài 112 | Công an tỉnh | Sở Y tế | Năm 2026 |\n"
        "| III | NHÓM DIỄN TẬP |  |  |  |\n"
        "| 1 | Diễn tập phòng thủ dân sự các cấp | Sở Nội vụ | Sở Y tế | Năm 2027 |\n"
    )
    tasks = _tasks(md)
    assert [(t["code"], t["title"]) for t in tasks] == [
        ("I.1", "Rà soát văn bản hướng dẫn"),
        ("I.2", "Ban hành quy chế phối hợp"),
        ("II.2", "Thành lập quỹ phòng thủ dân sự"),  # numbering restarts: group II was elided
        ("II.3", "Duy trì tổng đài 112"),
        ("III.1", "Diễn tập phòng thủ dân sự các cấp"),
    ]
    assert "numbering_restarts" in tasks[2]["flags"]


def test_a_later_table_without_a_header_continues_the_one_before() -> None:
    md = (
        HEADER
        + "| 1 | Xây dựng kho dữ liệu dùng chung | Sở Khoa học và Công nghệ | Sở Tài chính | Quý I/2026 |\n\n"
        + "| 2 | Kết nối cơ sở dữ liệu dân cư | Công an tỉnh | Sở Khoa học và Công nghệ | Năm 2025 |\n|---|---|---|---|---|\n"
        + "| 3 | Đào tạo nhân lực số | Sở Nội vụ | Sở Giáo dục và Đào tạo | Năm 2026 |\n"
    )
    tasks = _tasks(md)
    assert [t["code"] for t in tasks] == ["1", "2", "3"]
    assert tasks[1]["lead"] == ["Công an tỉnh"]


def test_a_deadline_column_makes_a_task_table_and_its_target_column_the_output() -> None:
    md = (
        "| STT | Cơ quan chủ trì | Cơ quan phối hợp | Thuộc nhóm nhiệm vụ | Nội dung nhiệm vụ | Chỉ tiêu đạt được "
        "| Thời hạn hoàn thành |\n|---|---|---|---|---|---|---|\n"
        "| 1 | Bộ Xây dựng | Bộ Tài chính | Kinh tế tuần hoàn | Hoàn thiện quy định về tái chế chất thải xây dựng "
        "| Quy định được ban hành | Năm 2026 |\n"
    )
    doc = extract_document(read_text(md, path="plan.md", fmt="md"))
    assert doc["indicators"] == []
    (task,) = doc["tasks"]
    assert task["title"] == "Hoàn thiện quy định về tái chế chất thải xây dựng"
    assert task["output"] == "Quy định được ban hành"


def test_cells_are_judged_by_what_they_hold() -> None:
    assert fit("stt", "12") > 0 > fit("stt", "Xây dựng kho dữ liệu")
    assert fit("lead", "Sở Tài chính; Sở Nội vụ") > 0 > fit("lead", "Quý I/2026")
    assert fit("deadline", "Giai đoạn 2026 - 2030") > 0 > fit("deadline", "Sở Tài chính")
    assert fit("content", "Xây dựng kho dữ liệu dùng chung của tỉnh") > fit("content", "Sở Tài chính")
    # "các bộ, ngành liên quan" names nobody: a partners' cell rather than a lead's
    assert fit("coordinating", "Các bộ, ngành liên quan") > fit("lead", "Các bộ, ngành liên quan")


def test_words_cut_by_a_narrow_column_or_a_page_break_join_again() -> None:
    assert is_syllable("phòng") and is_syllable("trước") and not is_syllable("ng")
    assert rejoin("Phò", "ng thủ dân sự") == "Phòng thủ dân sự"
    assert rejoin("chi ngân sách tron", "g năm") == "chi ngân sách trong năm"
    assert rejoin("Thông tư số 85/2020/T", "T-BTC") == "Thông tư số 85/2020/TT-BTC"
    assert rejoin("tổ chức lại", "Ban Chỉ huy") == "tổ chức lại Ban Chỉ huy"
    assert rejoin("dân", "sự các cấp") == "dân sự các cấp"


def test_roman_numerals_read_and_written_in_one_place() -> None:
    from dondoc.roman import roman_value, to_roman

    assert [roman_value(x) for x in ("I", "iv", "XIV", "VIII", "ab", "")] == [1, 4, 14, 8, None, None]
    assert [to_roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
