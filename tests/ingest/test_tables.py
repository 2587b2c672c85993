"""Column roles from table headers, and task/indicator tables in the shapes other provinces use
(a single "Cơ quan thực hiện" column, a target column per year, an output column), read from
Word files built by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import MERGE_LEFT, make_docx_with_table

from dondoc.ingest.extract import extract_file
from dondoc.ingest.tables import roles_from_header, roles_from_header_text


@pytest.mark.parametrize(
    ("cells", "roles", "kind"),
    [
        (
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
            ["stt", "content", "lead", "coordinating", "deadline"],
            "tasks",
        ),
        (
            ["TT", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kết quả/Sản phẩm", "Tiến độ"],
            ["stt", "content", "lead", "coordinating", "output", "deadline"],
            "tasks",
        ),
        (
            ["TT", "Nhiệm vụ", "Cơ quan thực hiện", "Thời hạn"],
            ["stt", "content", "lead", "deadline"],
            "tasks",
        ),
        (
            ["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "Năm 2030", "Cơ quan chủ trì"],
            ["stt", "content", "unit", "target", "target", "lead"],
            "indicators",
        ),
        (
            ["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá"],
            ["stt", "content", "unit", "target", "lead"],
            "indicators",
        ),
        (["Họ và tên", "Chức vụ"], ["other", "other"], "other"),
    ],
)
def test_roles_from_header_cells(cells: list[str], roles: list[str], kind: str) -> None:
    columns = roles_from_header(cells)
    assert (columns.roles, columns.kind) == (roles, kind)


def test_roles_from_a_flattened_header_line() -> None:
    columns = roles_from_header_text(
        "STT NỘI DUNG NHIỆM VỤ, GIẢI PHÁP THỜI GIAN THỰC HIỆN ĐƠN VỊ CHỦ TRÌ ĐƠN VỊ PHỐI HỢP GHI CHÚ"
    )
    assert columns.roles == ["stt", "content", "deadline", "lead", "coordinating", "note"]
    assert columns.kind == "tasks"
    indicators = roles_from_header_text(
        "STT NỘI DUNG MỤC TIÊU CỤ THỂ CHỦ TRÌ ĐÔN ĐỐC PHỐI HỢP ĐÔN ĐỐC CƠ QUAN THỰC HIỆN"
    )
    assert indicators.kind == "indicators"
    assert indicators.roles == ["stt", "content", "lead", "coordinating", "implementing"]


def test_task_table_with_one_agency_column_and_outputs(tmp_path: Path) -> None:
    rows = [
        ("TT", "Nhiệm vụ", "Cơ quan thực hiện", "Sản phẩm", "Thời hạn"),
        ("I", "Hạ tầng số", MERGE_LEFT, MERGE_LEFT, MERGE_LEFT),
        (
            "1",
            "Nâng cấp mạng truyền số liệu chuyên dùng",
            "Sở Khoa học và Công nghệ",
            "Mạng được nâng cấp",
            "Quý II/2026",
        ),
        ("2", "Xây dựng kho dữ liệu dùng chung", "Văn phòng UBND tỉnh", "Kho dữ liệu", "2026-2027"),
    ]
    tasks = extract_file(make_docx_with_table(tmp_path / "plan.docx", rows))["tasks"]
    assert [(t["code"], t["lead"], t["output"], t["deadline"]) for t in tasks] == [
        ("I.1", ["Sở Khoa học và Công nghệ"], "Mạng được nâng cấp", {"kind": "date", "date": "2026-06-30"}),
        (
            "I.2",
            ["Văn phòng UBND tỉnh"],
            "Kho dữ liệu",
            {"kind": "range", "start": "2026-01-01", "end": "2027-12-31"},
        ),
    ]


def test_indicator_table_with_a_target_column_per_year(tmp_path: Path) -> None:
    rows = [
        ("TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "Năm 2030", "Cơ quan chủ trì"),
        ("1", "Tỷ trọng kinh tế số trong GRDP", "%", "≥ 20", "≥ 30", "Sở Tài chính"),
        ("2", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "%", "80", "", "Văn phòng UBND tỉnh"),
    ]
    result = extract_file(make_docx_with_table(tmp_path / "plan.docx", rows))
    got = [
        (i["text"], i["year"], [(t["comparator"], t["value"]) for t in i["targets"]], i["lead"])
        for i in result["indicators"]
    ]
    assert got == [
        ("Tỷ trọng kinh tế số trong GRDP", 2025, [(">=", 20)], ["Sở Tài chính"]),
        ("Tỷ trọng kinh tế số trong GRDP", 2030, [(">=", 30)], ["Sở Tài chính"]),
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình", 2025, [("=", 80)], ["Văn phòng UBND tỉnh"]),
    ]


def test_bodies_missing_from_the_reference_data_are_kept_as_written(tmp_path: Path) -> None:
    rows = [
        ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"),
        (
            "1",
            "Xây dựng nền tảng dữ liệu ngành",
            "Cục Chuyển đổi số quốc gia",
            "Văn phòng Bộ; các đơn vị có liên quan",
            "2026",
        ),
        (
            "2",
            "Ban hành quy chế khai thác dữ liệu",
            "Vụ Pháp chế",
            "Sở Tài chính, Cục Thống kê",
            "Quý III/2026",
        ),
    ]
    result = extract_file(make_docx_with_table(tmp_path / "plan.docx", rows))
    got = [(t["lead"], t["coordinating"]) for t in result["tasks"]]
    assert got == [
        (["Cục Chuyển đổi số quốc gia"], ["Văn phòng Bộ"]),
        (["Vụ Pháp chế"], ["Sở Tài chính", "Cục Thống kê"]),
    ]
    unknown = {w["name"] for w in result["warnings"] if w["kind"] == "unknown_agency"}
    assert {"Cục Chuyển đổi số quốc gia", "Văn phòng Bộ", "Vụ Pháp chế"} <= unknown
