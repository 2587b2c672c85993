"""The target grammar: DESIGN.md's table, decimal commas, what is not a target, and every
indicator target of the hand-checked gold files (../shared/gold)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.ingest.targets import parse_number, parse_targets

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold"

Key = tuple[str, float | None, float | None]


def keys(targets: list[dict]) -> list[Key]:
    """(comparator, value, value_max) of each target, as the scorer compares them (a multiset)."""

    def num(x: float | None) -> float | None:
        return None if x is None else round(float(x), 6)

    return sorted(((t["comparator"], num(t["value"]), num(t["value_max"])) for t in targets), key=repr)


def want(*rows: tuple) -> list[Key]:
    return sorted(
        (
            (r[0], None if r[1] is None else float(r[1]), None if len(r) < 3 or r[2] is None else float(r[2]))
            for r in rows
        ),
        key=repr,
    )


TEXT = ("text", None)

# Table cells with a separate unit column (DESIGN.md "Targets").
CELLS = [
    ("≥ 30", "% GRDP", [(">=", 30)]),
    (">= 30", "%", [(">=", 30)]),
    ("≥ 03", "Tổ chức, doanh nghiệp", [(">=", 3)]),
    ("≤ 20 Việt Nam", "Thứ bậc", [("<=", 20)]),
    ("≤20", "Thứ bậc", [("<=", 20)]),
    (">0,75", "Chỉ số phát triển con người (HDI)", [(">", 0.75)]),
    ("> 60", "%", [(">", 60)]),
    ("< 5", "%", [("<", 5)]),
    ("~ 20", "%", [("~", 20)]),
    ("04", "Tổ chức", [("=", 4)]),
    ("100", "%", [("=", 100)]),
    ("99,5", "%", [("=", 99.5)]),
    ("1.000", "Người", [("=", 1000)]),
    ("2000", "Người", [("=", 2000)]),
    ("16 - 18", "%/năm", [("range", 16, 18)]),
    ("8 - 10", "%", [("range", 8, 10)]),
    ("15% đến 20%", "% GRDP", [("range", 15, 20)]),
    ("top 03", "Thứ bậc", [("<=", 3)]),
    ("≥ 3% và tăng dần theo yêu cầu phát triển", "% tổng chi NSNN", [(">=", 3)]),
    ("Đạt mức trên trung bình của Việt Nam", "Thứ bậc", [TEXT]),
    ("Tiên tiến, hiện đại, dung lượng siêu lớn", None, [TEXT]),
]


@pytest.mark.parametrize(("cell", "unit", "expected"), CELLS)
def test_cells(cell: str, unit: str | None, expected: list[tuple]) -> None:
    got = parse_targets(cell, unit=unit, default_what="Chỉ tiêu")
    assert keys(got) == want(*expected)
    assert all(t["unit"] == unit and t["what"] == "Chỉ tiêu" for t in got)


# Objectives prose (DESIGN.md "Targets" and the gold files' wording).
CLAUSES = [
    ("tối thiểu 30% doanh nghiệp", [(">=", 30)]),
    ("ít nhất 04 tổ chức", [(">=", 4)]),
    ("không dưới 50%", [(">=", 50)]),
    ("từ 15% trở lên", [(">=", 15)]),
    ("trên 50% hộ gia đình", [(">", 50)]),
    ("không quá 5 ngày", [("<=", 5)]),
    ("tối đa 10%", [("<=", 10)]),
    ("Xếp hạng top 03 cả nước", [("<=", 3)]),
    ("Tỷ lệ hộ nghèo dưới 5%", [("<", 5)]),
    ("Kinh tế số chiếm khoảng 20% GRDP", [("~", 20)]),
    ("kinh tế số chiếm trên 30% GRDP", [(">", 30)]),
    ("100% xã có điểm phục vụ", [("=", 100)]),
    ("Tỷ lệ giao dịch không dùng tiền mặt đạt 90%", [("=", 90)]),
    ("hình thành 01 đô thị thông minh theo quy hoạch tỉnh", [("=", 1)]),
    ("Kinh tế số chiếm 15% đến 20% GRDP", [("range", 15, 20)]),
    ("tăng trung bình 16-18%/năm", [("range", 16, 18)]),
    ("từ 15 đến 20 doanh nghiệp", [("range", 15, 20)]),
    ("Thu hút khoảng 2.000 chuyên gia, lao động", [("~", 2000)]),
    ("Tỷ lệ HDI đạt trên 0,75", [(">", 0.75)]),
    ("giảm 30% thủ tục hành chính", [("=", 30)]),
    ("Năng suất lao động hàng năm tăng tối thiểu 7%.", [(">=", 7)]),
    # several targets in one clause, a quantifier carried over a list
    (
        "90% hồ sơ công việc tại cấp tỉnh; 80% hồ sơ công việc tại cấp huyện và 60% hồ sơ công việc "
        "tại cấp xã được xử lý trên môi trường mạng",
        [("=", 90), ("=", 80), ("=", 60)],
    ),
    ("ít nhất 100 doanh nghiệp, 50 hợp tác xã", [(">=", 100), (">=", 50)]),
    ("tối thiểu 30% sở, 20% huyện và 10% xã", [(">=", 30), (">=", 20), (">=", 10)]),
    ("Hạ tầng cáp quang phủ trên 80% hộ gia đình, 100% xã.", [(">", 80), ("=", 100)]),
    ("tối thiểu 50% sản phẩm; 50% các doanh nghiệp", [(">=", 50), ("=", 50)]),
    # a clause with no number
    ("Phổ cập dịch vụ mạng di động 5G", [TEXT]),
    ("Phổ cập dịch vụ Internet băng rộng; Phổ cập dịch vụ mạng di động 5G", [TEXT, TEXT]),
    ("ưu tiên ứng dụng công nghệ số ở một số lĩnh vực, như: Y tế; Giáo dục; Giao thông vận tải; ...", [TEXT]),
    # continuation parts and activity sentences are not targets
    ("100% chế độ báo cáo được thực hiện trên hệ thống; được tích hợp, kết nối dữ liệu.", [("=", 100)]),
    ("100% dịch vụ công mức độ 4. Nghiên cứu cung cấp các dịch vụ mới.", [("=", 100)]),
    ("- Kinh tế số chiếm 10% GRDP. - Phổ cập mạng di động 4G.", [("=", 10), TEXT]),
]


@pytest.mark.parametrize(("text", "expected"), CLAUSES)
def test_clauses(text: str, expected: list[tuple]) -> None:
    assert keys(parse_targets(text)) == want(*expected)


# Numbers that are not targets: years, document numbers, dates, sections, levels, versions,
# specifications, enumeration marks, present-state figures.
NOT_TARGETS = [
    ("Hoàn thành Khu Công viên phần mềm trong năm 2022.", [TEXT]),
    ("Đến năm 2030, kết nối mạng lưới đô thị thông minh", [TEXT]),
    ("Thực hiện Nghị quyết 05-NQ/TU và Quyết định số 2289/QĐ-TTg", [TEXT]),
    ("theo Kế hoạch ngày 29/12/2020 của UBND tỉnh", [TEXT]),
    ("như quy định tại mục 2 và Điều 5", [TEXT]),
    ("dịch vụ công trực tuyến mức độ 4", [TEXT]),
    ("Phổ cập mạng 4G/5G và điện thoại thông minh", [TEXT]),
    ("trường đạt chuẩn quốc gia cấp II", [TEXT]),
    ("giai đoạn 2021 - 2025", [TEXT]),
    ("cuộc Cách mạng công nghiệp 4.0", [TEXT]),
    ("truy cập băng rộng với tốc độ 01 Gb/s đạt 100%", [("=", 100)]),
    ("Dân số từ 15 tuổi trở lên có tài khoản đạt 95%", [("=", 95)]),
    ("gồm: (1) Định danh tàu thuyền, (2) Định danh địa điểm", [TEXT]),
    ("1. Kinh tế số chiếm 45% GRDP", [("=", 45)]),
    ("Hiện có 87 trạm BTS, phấn đấu đến năm 2025 có 150 trạm", [("=", 150)]),
    ("Năm 2020 đã đạt 99,5%; phấn đấu 100%", [("=", 100)]),
    ("hiện có 87 trạm", []),
]


@pytest.mark.parametrize(("text", "expected"), NOT_TARGETS)
def test_not_targets(text: str, expected: list[tuple]) -> None:
    assert keys(parse_targets(text)) == want(*expected)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("90% hồ sơ công việc tại cấp tỉnh", "tỉnh"),
        ("80% hồ sơ công việc tại cấp huyện", "huyện"),
        ("ít nhất 20% đơn vị hành chính cấp xã chuyển đổi số", "xã"),
        ("Mỗi đơn vị cấp huyện xây dựng ít nhất 20% đơn vị hành chính cấp xã", "xã"),
        ("100% xã", "xã"),
        ("phủ 100% các xã, phường, thị trấn", "xã"),
        ("trên 80% hộ gia đình", None),
        ("Kinh tế số chiếm 45% GRDP tỉnh", None),
    ],
)
def test_level(text: str, level: str | None) -> None:
    (target,) = parse_targets(text)
    assert target["level"] == level


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Kinh tế số chiếm khoảng 20% GRDP", "% GRDP"),
        ("đạt 100% dân số", "% dân số"),
        ("tăng 7%/năm", "%/năm"),
        ("hình thành 01 đô thị thông minh", "đô thị"),
        ("Thu hút khoảng 2.000 chuyên gia", "người"),
        ("Hình thành 100 doanh nghiệp công nghệ số", "doanh nghiệp"),
        ("04", None),
    ],
)
def test_unit(text: str, unit: str | None) -> None:
    (target,) = parse_targets(text)
    assert target["unit"] == unit


def test_direction_is_kept_in_what() -> None:
    (down,) = parse_targets("giảm 30% thủ tục hành chính")
    (up,) = parse_targets("Năng suất lao động hàng năm tăng tối thiểu 7%")
    assert down["what"].startswith("giảm") and "thủ tục hành chính" in down["what"]
    assert up["what"].startswith("tăng") and "Năng suất lao động" in up["what"]


def test_text_target_carries_the_words() -> None:
    (target,) = parse_targets("- Phổ cập dịch vụ mạng di động 5G;")
    assert target == {
        "what": "Phổ cập dịch vụ mạng di động 5G",
        "unit": None,
        "comparator": "text",
        "value": None,
        "value_max": None,
        "level": None,
        "text": "Phổ cập dịch vụ mạng di động 5G",
    }


def test_cell_target_keeps_the_printed_cell() -> None:
    (target,) = parse_targets("≥ 3% và tăng dần", unit="%")
    assert target["text"] == "≥ 3% và tăng dần" and target["value"] == 3


def test_empty() -> None:
    assert parse_targets("") == [] and parse_targets("  \n ") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0,75", 0.75),
        ("1.000", 1000),
        ("1.000.000", 1_000_000),
        ("2.000,5", 2000.5),
        ("04", 4),
        ("99,5", 99.5),
        ("100", 100),
        ("2.5", 2.5),
        ("1,000,000", 1_000_000),
        (" 30% ", 30),
        ("abc", None),
        ("", None),
        ("1.2.3", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


# ---- the gold files ---------------------------------------------------------------------
def _gold_indicators() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(GOLD.glob("*.json")):
        for ind in json.loads(path.read_text(encoding="utf-8"))["indicators"]:
            if ind.get("targets"):
                out.append((path.name[:3], ind))
    return out


def _predict(ind: dict) -> list[dict]:
    """Table files print each target cell in its target's `text` (002): parse the cells with
    their unit. Elsewhere the indicator's text is the target clause: parse it whole."""
    numeric = [t for t in ind["targets"] if t["comparator"] != "text"]
    if numeric and all(t.get("text") for t in numeric):
        got: list[dict] = []
        for t in ind["targets"]:
            got.extend(parse_targets(t["text"], unit=t["unit"]))
        return got
    return parse_targets(ind["text"])


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_every_gold_indicator() -> None:
    rows = _gold_indicators()
    assert rows, "the gold files hold no indicator targets"
    failures = [
        f"{f} {ind['code']}: {ind['text'][:80]!r}\n    got  {keys(_predict(ind))}\n    gold {keys(ind['targets'])}"
        for f, ind in rows
        if keys(_predict(ind)) != keys(ind["targets"])
    ]
    rate = 1 - len(failures) / len(rows)
    assert not failures, f"{rate:.1%} of {len(rows)} gold indicators:\n" + "\n".join(failures)


_PIECES = st.sampled_from(
    [
        "≥",
        "≤",
        ">",
        "<",
        "~",
        "%",
        " ",
        ",",
        ";",
        ".",
        "-",
        " - ",
        "đến",
        "tối thiểu",
        "trên",
        "khoảng",
        "0",
        "1",
        "5",
        "20",
        "2025",
        "99,5",
        "1.000",
        "xã",
        "cấp tỉnh",
        "hiện có",
        "(",
        ")",
        "như:",
        "- ",
        "GRDP",
        "năm",
        "05-NQ/TU",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_PIECES, max_size=14).map("".join)), st.sampled_from([None, "%"]))
def test_any_text_gives_well_formed_targets(text: str, unit: str | None) -> None:
    for t in parse_targets(text, unit=unit):
        assert set(t) == {"what", "unit", "comparator", "value", "value_max", "level", "text"}
        assert t["comparator"] in {">=", "<=", ">", "<", "=", "~", "range", "text"}
        assert (t["value"] is None) == (t["comparator"] == "text")
        assert (t["value_max"] is not None) == (t["comparator"] == "range")
        assert t["comparator"] != "range" or t["value"] < t["value_max"]
        assert t["level"] in {None, "tỉnh", "huyện", "xã"}
