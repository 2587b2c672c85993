"""Indicators from objectives prose: clause splitting ("(1) …; (2) …", "…", "1.200"), the year of a
clause ("đến hết năm", "cuối năm", "giai đoạn Y1 - Y2"), the plan's horizon for undated targets
(flagged for review), headings, counts and lead-ins that are not indicators, and plans with no
objectives part. Each plan is a few lines built here and read as Markdown."""

from __future__ import annotations

import pytest

from dondoc.ingest.extract import extract_document
from dondoc.ingest.layout import build_paragraphs, clean_lines
from dondoc.ingest.outline import build_outline, parts
from dondoc.ingest.prose_indicators import indicators_from_parts, plan_horizon, split_clauses, year_of
from dondoc.ingest.readers import read_text
from dondoc.ingest.targets import parse_targets

TITLE = "KẾ HOẠCH\nPhát triển kinh tế số tỉnh giai đoạn 2026 - 2030\n"
TAIL = (
    "\nIII. NHIỆM VỤ, GIẢI PHÁP\n1. Hạ tầng số\n- Sở Khoa học và Công nghệ nâng cấp mạng truyền số liệu.\n"
    "IV. TỔ CHỨC THỰC HIỆN\nCác sở, ngành báo cáo Sở Khoa học và Công nghệ trước ngày 15 hằng tháng.\n"
)


def indicators(body: str, title: str = TITLE, tail: str = TAIL) -> list[dict]:
    return extract_document(read_text(title + body + tail, fmt="md"))["indicators"]


def indicators_per_line(body: str) -> list[dict]:
    """As `indicators`, for a source that gives one paragraph per line (web Markdown, DOCX)."""
    doc = read_text(TITLE + body + TAIL, fmt="md")
    root = build_outline(build_paragraphs(clean_lines(doc.lines()).lines, per_line=True))
    return indicators_from_parts(parts(root), root.body)


def keys(row: dict) -> list[tuple]:
    return sorted(((t["comparator"], t["value"], t["value_max"]) for t in row["targets"]), key=repr)


def summary(rows: list[dict]) -> list[tuple]:
    return [(r["text"], r["year"], keys(r), r.get("flags", [])) for r in rows]


# --- clauses -------------------------------------------------------------------------------


def test_numbered_list_markers_start_clauses_and_are_dropped() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n1. Mục tiêu cụ thể đến năm 2030\n"
        "(1) 100% xã có điểm phục vụ bưu chính; (2) tối thiểu 80% hộ gia đình sử dụng cáp quang "
        "(3) khoảng 50% doanh nghiệp sử dụng hóa đơn điện tử.\n"
    )
    assert summary(rows) == [
        ("100% xã có điểm phục vụ bưu chính", 2030, [("=", 100, None)], []),
        ("tối thiểu 80% hộ gia đình sử dụng cáp quang", 2030, [(">=", 80, None)], []),
        ("khoảng 50% doanh nghiệp sử dụng hóa đơn điện tử", 2030, [("~", 50, None)], []),
    ]


def test_a_lead_in_before_numbered_items_dates_them_and_is_not_an_indicator() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể\n"
        "Phấn đấu đến hết năm 2027 đạt các chỉ tiêu sau: (1) 100% hồ sơ được số hóa; (2) 95% thủ tục "
        "được giải quyết trực tuyến.\n"
    )
    assert [(r["text"], r["year"], r.get("flags", [])) for r in rows] == [
        ("100% hồ sơ được số hóa", 2027, []),
        ("95% thủ tục được giải quyết trực tuyến", 2027, []),
    ]


def test_an_enumeration_needs_two_consecutive_markers() -> None:
    assert split_clauses("Đạt 100% theo mục (1) của Phụ lục.") == ["Đạt 100% theo mục (1) của Phụ lục"]
    assert split_clauses("(i) Tỷ lệ A đạt 90% (ii) Tỷ lệ B đạt 80%") == ["Tỷ lệ A đạt 90%", "Tỷ lệ B đạt 80%"]


def test_ellipsis_and_thousands_dots_do_not_split() -> None:
    text = (
        "100% các nguồn khí thải lớn: xi măng, nhiệt điện, lò hơi... được kiểm soát. "
        "Phấn đấu cả nước có 1.200 công trình xanh; nồng độ PM2.5 giảm"
    )
    assert split_clauses(text) == [
        "100% các nguồn khí thải lớn: xi măng, nhiệt điện, lò hơi... được kiểm soát",
        "Phấn đấu cả nước có 1.200 công trình xanh",
        "nồng độ PM2.5 giảm",
    ]


# --- years ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Đến hết năm 2027, 100% xã có cáp quang", 2027),
        ("cuối năm 2026 hoàn thành 90% hồ sơ", 2026),
        ("đến cuối năm 2028 đạt 80%", 2028),
        ("Mục tiêu cụ thể giai đoạn 2026 – 2030", 2030),
        ("trong năm 2026-2028 đào tạo 500 người", 2028),
        ("Tầm nhìn đến năm 2045", 2045),
        ("giảm 20% so với năm 2024", None),
        ("sau năm 2030 giảm 5 μg/m3", None),
        ("theo Quyết định số 876/QĐ-TTg phê duyệt Chiến lược đến năm 2035", None),
        ("ngày 22 tháng 7 năm 2022", None),
    ],
)
def test_the_year_a_text_dates_a_target_to(text: str, year: int | None) -> None:
    assert year_of(text) == year


def test_a_period_heading_gives_its_end_year_and_a_citation_year_does_not_win() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n1. Mục tiêu tổng thể giai đoạn 2026 - 2030\nPhấn đấu đến năm 2030 đạt 100% xã có cáp quang.\n"
        "2. Mục tiêu cụ thể giai đoạn 2026 - 2030\n"
        "- Các tỉnh chuyển đổi phương tiện công cộng theo Quyết định số 876/QĐ-TTg về Chương trình đến năm 2035.\n"
        "- Đến cuối năm 2028, 90% xe buýt dùng điện.\n"
    )
    assert [(r["year"], keys(r)) for r in rows] == [
        (2030, [("text", None, None)]),
        (2028, [("=", 90, None)]),
    ]


# --- the plan's horizon ----------------------------------------------------------------------


def test_an_undated_target_takes_the_plans_horizon_and_is_flagged() -> None:
    rows = indicators("II. MỤC TIÊU\n- 100% xã có cáp quang.\n- Nâng cao nhận thức về chuyển đổi số.\n")
    # outside a "Mục tiêu cụ thể" heading only measured clauses count
    assert summary(rows) == [("100% xã có cáp quang", 2030, [("=", 100, None)], ["year_from_horizon"])]


def test_undated_specific_objectives_keep_every_clause_with_the_horizon() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n1. Mục tiêu chung\nPhát triển kinh tế số nhanh, bền vững.\n2. Mục tiêu cụ thể\n"
        "- 100% xã có cáp quang.\n- Nâng cao nhận thức về chuyển đổi số.\n"
    )
    assert [(r["year"], r["flags"]) for r in rows] == [(2030, ["year_from_horizon"])] * 2


def test_without_a_horizon_an_undated_target_is_kept_and_flagged() -> None:
    rows = indicators("II. MỤC TIÊU\n- 100% xã có cáp quang.\n", title="KẾ HOẠCH\nChuyển đổi số\n")
    assert [(r["year"], r["flags"]) for r in rows] == [(None, ["no_year"])]


def test_the_objectives_part_gives_the_horizon_when_the_title_has_none() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n1. Mục tiêu chung đến năm 2028\nPhát triển kinh tế số.\n2. Mục tiêu cụ thể\n- 60% dân số có ví điện tử.\n",
        title="KẾ HOẠCH\nChuyển đổi số\n",
    )
    assert [(r["year"], r["flags"]) for r in rows] == [(2028, ["year_from_horizon"])]


@pytest.mark.parametrize(
    ("preamble", "year"),
    [
        (["KẾ HOẠCH", "Phát triển kinh tế số giai đoạn 2026 - 2030, tầm nhìn đến năm 2045"], 2030),
        (["KẾ HOẠCH", "Chuyển đổi số năm 2026"], 2026),
        (["Số: 12/KH-UBND Hà Tĩnh, ngày 27 tháng 11 năm 2025", "KẾ HOẠCH", "Chuyển đổi số"], None),
        (["Căn cứ Quyết định số 749/QĐ-TTg về Chương trình chuyển đổi số đến năm 2025"], None),
        (["Thực hiện Quyết định số 2289/QĐ-TTg về Chiến lược quốc gia đến năm 2030"], None),
        (["Căn cứ …, UBND tỉnh ban hành Kế hoạch phát triển đô thị thông minh đến năm 2030"], 2030),
        (["Điều 1. Phê duyệt “Kế hoạch hành động giai đoạn 2026 - 2030, tầm nhìn đến năm 2045”"], 2030),
    ],
)
def test_plan_horizon_from_the_title(preamble: list[str], year: int | None) -> None:
    assert plan_horizon(preamble) == year


# --- what is not an indicator --------------------------------------------------------------


def test_a_headings_count_of_items_is_not_a_target() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030 (03 chỉ tiêu)\na) Về hạ tầng số (02 chỉ tiêu)\n"
        "- 100% xã có cáp quang.\n- 95% hộ gia đình có internet.\nb) Về kinh tế số (01 chỉ tiêu)\n"
        "- Kinh tế số chiếm 30% GRDP.\n"
    )
    assert [keys(r) for r in rows] == [[("=", 100, None)], [("=", 95, None)], [("=", 30, None)]]


def test_a_lead_in_ending_with_a_colon_heads_its_bullets_only() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030\n"
        "a) Chất lượng không khí từng bước được kiểm soát, cải thiện:\n"
        "- Tại Hà Nội, nồng độ bụi PM2.5 đạt dưới 40 μg/m3 (giảm 20% so với mức trung bình năm 2024).\n"
        "- Tỷ lệ số ngày có chỉ số VN_AQI tốt đạt tối thiểu 80%.\n"
    )
    assert [keys(r) for r in rows] == [[("<", 40, None), ("=", 20, None)], [(">=", 80, None)]]
    assert all(r["year"] == 2030 for r in rows)


def test_a_heading_printed_with_its_first_sentence_is_cut_there() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n1. Mục tiêu tổng thể giai đoạn 2026 - 2030 Kiểm soát ô nhiễm không khí, đạt 100% mục tiêu.\n"
        "2. Mục tiêu cụ thể giai đoạn 2026 - 2030\n- 100% công trường được quản lý chặt chẽ.\n"
        "3. Tầm nhìn đến năm 2045 Sau năm 2030, nồng độ bụi mịn PM2.5 giảm trung bình 5 μg/m3 theo mỗi kỳ kế "
        "hoạch 5 năm, mục tiêu đến năm 2045, nồng độ bụi PM2.5 đạt mức quy chuẩn kỹ thuật quốc gia. "
        "Chất lượng không khí được duy trì ở mức tốt.\n"
    )
    assert [(r["text"][:20], r["year"], keys(r)) for r in rows] == [
        ("100% công trường đượ", 2030, [("=", 100, None)]),
        ("Sau năm 2030, nồng đ", 2045, [("=", 5, None), ("text", None, None)]),
        ("Chất lượng không khí", 2045, [("text", None, None)]),
    ]


def test_green_building_counts() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể\nh) Phấn đấu đến năm 2030, cả nước có 1.200 công trình xây dựng xanh. "
        "Trong đó, Hà Nội có tối thiểu 200 công trình, Thành phố Hồ Chí Minh có tối thiểu 500 công trình.\n"
    )
    assert [(r["year"], keys(r)) for r in rows] == [
        (2030, [("=", 1200, None)]),
        (2030, [(">=", 200, None), (">=", 500, None)]),
    ]
    assert rows[0]["targets"][0]["unit"] == "công trình"


# --- plans with no objectives part -----------------------------------------------------------


def test_no_objectives_part_takes_dated_quantified_purpose_clauses_and_task_target_lines() -> None:
    body = (
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nPhấn đấu đến năm 2026, 100% hồ sơ được số hóa; bảo đảm hiệu quả.\n"
        "2. Yêu cầu\nBảo đảm từ ngày 01 tháng 01 năm 2026, Luật được thực hiện thống nhất.\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n1. Dữ liệu\n- Xây dựng 11 cơ sở dữ liệu chuyên ngành.\n"
        "- Chỉ tiêu: 90% người dân trưởng thành có danh tính số.\n"
    )
    rows = extract_document(read_text(TITLE + body, fmt="md"))["indicators"]
    assert summary(rows) == [
        ("Phấn đấu đến năm 2026, 100% hồ sơ được số hóa", 2026, [("=", 100, None)], []),
        ("90% người dân trưởng thành có danh tính số", 2030, [("=", 90, None)], ["year_from_horizon"]),
    ]


def test_no_objectives_part_and_no_targets_gives_no_indicators() -> None:
    body = (
        "I. MỤC ĐÍCH, YÊU CẦU\nTriển khai đầy đủ các nhiệm vụ, chỉ tiêu được giao tại Nghị quyết 214/NQ-CP.\n"
        "II. NHIỆM VỤ\n1. Tạo lập dữ liệu\n- Hoàn thành 11 cơ sở dữ liệu trong năm 2025.\n"
    )
    assert extract_document(read_text(TITLE + body, fmt="md"))["indicators"] == []


# --- targets beside each other ---------------------------------------------------------------


def test_a_figureless_part_beside_measured_parts_qualifies_them() -> None:
    text = "Mỗi năm phát triển từ 05 bộ dữ liệu mở; công bố trên Cổng Dữ liệu mở; có tối thiểu 05 kịch bản."
    assert [t["comparator"] for t in parse_targets(text)] == [">=", ">="]


def test_a_bullet_without_a_figure_still_states_its_own_target() -> None:
    text = "- Cáp quang phủ trên 80% hộ gia đình, 100% xã. - Phổ cập dịch vụ mạng di động 4G."
    assert [t["comparator"] for t in parse_targets(text)] == [">", "=", "text"]


def test_figureless_parts_alone_are_text_targets() -> None:
    assert [t["comparator"] for t in parse_targets("Hoàn thiện hạ tầng; nâng cao nhận thức")] == [
        "text",
        "text",
    ]


def test_a_period_opened_by_tu_nam_still_gives_its_end_year() -> None:
    assert year_of("Từ năm 2026 đến năm 2030, mỗi năm đào tạo 500 người") == 2030
    assert year_of("tăng 15% so với giai đoạn 2021 - 2025") is None


def test_a_bullet_opening_with_muc_tieu_is_an_objective_not_a_heading() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể đến năm 2030\n- Mục tiêu nâng cao nhận thức của người dân về chuyển đổi số.\n"
    )
    assert [(r["year"], keys(r)) for r in rows] == [(2030, [("text", None, None)])]


def test_a_results_subsection_inside_the_objectives_part_gives_no_targets() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n1. Kết quả đạt được\n- 87% xã có cáp quang.\n2. Mục tiêu cụ thể đến năm 2030\n- 100% xã có cáp quang.\n"
    )
    assert [keys(r) for r in rows] == [[("=", 100, None)]]


def test_label_paragraphs_between_bullets_set_the_scope_for_what_follows() -> None:
    rows = indicators_per_line(
        "II. MỤC TIÊU\n**Mục tiêu chung:** Phấn đấu đến năm 2030 có 100% xã đạt chuẩn nông thôn mới.\n"
        "**Mục tiêu cụ thể đến năm 2027:**\n- 90% hồ sơ được số hóa.\n- Nâng cao nhận thức của người dân.\n"
    )
    assert [(r["text"], r["year"], r.get("flags", [])) for r in rows] == [
        ("90% hồ sơ được số hóa", 2027, []),
        ("Nâng cao nhận thức của người dân", 2027, []),
    ]


def test_dated_lettered_lead_ins_date_their_bullets() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể\na) Đến năm 2026:\n- 80% doanh nghiệp dùng hóa đơn điện tử.\n"
        "b) Đến năm 2030:\n- 100% doanh nghiệp dùng hóa đơn điện tử.\n"
    )
    assert [(r["year"], keys(r)) for r in rows] == [(2026, [("=", 80, None)]), (2030, [("=", 100, None)])]


def test_a_dated_opening_with_a_colon_heads_the_clauses_and_one_with_a_comma_stays_in_the_text() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n2. Mục tiêu cụ thể\nĐến năm 2025: Kinh tế số chiếm khoảng 20% GRDP; hoàn thành quy hoạch.\n"
        "- Đến năm 2030, 100% xã có cáp quang.\n"
    )
    assert [(r["text"], r["year"]) for r in rows] == [
        ("Kinh tế số chiếm khoảng 20% GRDP", 2025),
        ("hoàn thành quy hoạch", 2025),
        ("Đến năm 2030, 100% xã có cáp quang", 2030),
    ]


def test_general_words_inside_a_specific_objective_do_not_make_it_general() -> None:
    rows = indicators(
        "II. MỤC TIÊU\n1. Mục tiêu tổng quát\nPhát triển bền vững, đạt 100% mục tiêu.\n2. Mục tiêu cụ thể đến năm 2030\n"
        "- 100% đô thị có quy hoạch tổng thể về hạ tầng số.\n"
    )
    assert [(r["year"], keys(r)) for r in rows] == [(2030, [("=", 100, None)])]
