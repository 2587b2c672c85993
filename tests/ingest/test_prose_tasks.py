"""Tasks written as prose, in the shapes plans use: agency headings with bullets, clauses that
name their lead ("Sở X chủ trì, phối hợp với …"), labelled fields, and fields inside the
sentence. Each plan is a few lines built here and read as text or Markdown."""

from __future__ import annotations

import pytest

from dondoc.ingest.extract import extract_document
from dondoc.ingest.readers import read_text

HEAD = "KẾ HOẠCH\nThực hiện chuyển đổi số năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\nBảo đảm hoàn thành các nhiệm vụ.\n"
TAIL = "\nIV. TỔ CHỨC THỰC HIỆN\nCác sở, ngành định kỳ hằng quý báo cáo về Sở Khoa học và Công nghệ trước ngày 20 của tháng cuối quý.\n"


def tasks(body: str, fmt: str = "md") -> list[tuple]:
    doc = read_text(HEAD + body + TAIL, fmt=fmt)
    return [(t["title"], t["lead"], t["coordinating"], t["deadline"]) for t in extract_document(doc)["tasks"]]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "II. NHIỆM VỤ, GIẢI PHÁP\n1. Sở Tài chính\n- Bố trí kinh phí thực hiện kế hoạch.\n"
            "- Hằng năm, phối hợp với Sở Nội vụ đánh giá kết quả.\n2. Sở Y tế\n- Triển khai bệnh án điện tử.\n",
            [
                ("Bố trí kinh phí thực hiện kế hoạch.", ["Sở Tài chính"], [], None),
                (
                    "Hằng năm, phối hợp với Sở Nội vụ đánh giá kết quả.",
                    ["Sở Tài chính"],
                    ["Sở Nội vụ"],
                    {"kind": "recurring", "freq": "yearly", "start": None},
                ),
                ("Triển khai bệnh án điện tử.", ["Sở Y tế"], [], None),
            ],
        ),
        (
            "II. NHIỆM VỤ, GIẢI PHÁP\n1. Hạ tầng số\na) Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Xây dựng "
            "và các cơ quan liên quan nâng cấp mạng truyền số liệu.\nb) Thường xuyên rà soát an toàn thông tin.\n",
            [
                (
                    "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Xây dựng và các cơ quan liên quan nâng cấp "
                    "mạng truyền số liệu.",
                    ["Sở Khoa học và Công nghệ"],
                    ["Sở Xây dựng"],
                    None,
                ),
                ("Thường xuyên rà soát an toàn thông tin.", [], [], {"kind": "ongoing"}),
            ],
        ),
        (
            "II. NHIỆM VỤ\n1. Phát triển dữ liệu\na) Nhiệm vụ: Xây dựng cơ sở dữ liệu đất đai.\n"
            "b) Cơ quan thực hiện:\n- Đơn vị chủ trì: Sở Nông nghiệp và Môi trường.\n"
            "- Đơn vị phối hợp: UBND các xã, phường.\nc) Thời gian thực hiện: Quý IV/2026.\n",
            [
                (
                    "Xây dựng cơ sở dữ liệu đất đai.",
                    ["Sở Nông nghiệp và Môi trường"],
                    ["UBND các xã, phường"],
                    {"kind": "date", "date": "2026-12-31"},
                )
            ],
        ),
        (
            "II. NHIỆM VỤ, GIẢI PHÁP\n1. Y tế số\n- Xây dựng kho dữ liệu y tế (cơ quan chủ trì: Sở Y tế; "
            "cơ quan phối hợp: Sở Tài chính; thời gian thực hiện: năm 2026).\n",
            [
                (
                    "Xây dựng kho dữ liệu y tế (cơ quan chủ trì: Sở Y tế; cơ quan phối hợp: Sở Tài chính; "
                    "thời gian thực hiện: năm 2026).",
                    ["Sở Y tế"],
                    ["Sở Tài chính"],
                    {"kind": "date", "date": "2026-12-31"},
                )
            ],
        ),
    ],
    ids=["agency-headings", "lead-clauses", "labelled-fields", "inline-fields"],
)
def test_prose_task_shapes(body: str, expected: list[tuple]) -> None:
    assert tasks(body) == expected


def test_reporting_duty_from_the_implementation_part() -> None:
    doc = read_text(HEAD + "II. NHIỆM VỤ\n1. Sở Y tế\n- Triển khai bệnh án điện tử.\n" + TAIL, fmt="md")
    duties = extract_document(doc)["reporting"]
    assert [(d["to"], d["frequency"], d["due_day"]) for d in duties] == [
        ("Sở Khoa học và Công nghệ", ["quarterly"], 20)
    ]
