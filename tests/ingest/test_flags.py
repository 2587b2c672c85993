"""Review flags (dondoc/ingest/flags.py): which rows a person is asked to check, and the
document warnings for task tables that gave nothing and row numbers that skip."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from itertools import count
from pathlib import Path

from dondoc.agencies.reference import load_reference
from dondoc.ingest import flags
from dondoc.ingest.extract import extract_file
from dondoc.ingest.tables import Columns, Row

LEAD = "Sở Khoa học và Công nghệ"
_CODES = count(1)


def task(code: str = "", title: str = "Xây dựng cơ sở dữ liệu dùng chung của tỉnh", **kw) -> dict:
    row = {
        "code": code or f"T{next(_CODES)}",  # unnumbered: no gap, no duplicate
        "section": "I",
        "title": title,
        "lead": [LEAD],
        "coordinating": [],
        "output": None,
        "note": None,
        "deadline_text": None,
        "deadline": None,
    }
    row.update(kw)
    return row


def indicator(text: str = "Tỷ lệ hồ sơ xử lý trực tuyến đạt 90%", **kw) -> dict:
    row = {
        "code": f"t{next(_CODES)}",
        "text": text,
        "year": 2025,
        "lead": [],
        "coordinating": [],
        "implementing": [],
        "targets": [{"comparator": "=", "value": 90.0}],
    }
    row.update(kw)
    return row


def flagged(rows: list[dict], **kw) -> list[list[str]]:
    flags.flag_tasks(rows, **kw)
    return [r["flags"] for r in rows]


# --- every row gets a list; earlier flags are kept ---------------------------------------------


def test_a_clean_row_gets_an_empty_list():
    assert flagged([task()]) == [[]]


def test_flags_set_by_an_earlier_step_are_kept_and_added_to():
    row = task(title="STT", flags=["column_shift"])
    flags.flag_tasks([row])
    assert row["flags"] == ["column_shift", "title_is_header"]


def test_a_flag_is_listed_once():
    row = task(deadline_text="sớm", flags=["deadline_unparsed"])
    flags.flag_tasks([row])
    assert row["flags"] == ["deadline_unparsed"]


def test_every_code_the_pass_can_give_has_both_messages():
    source = Path(flags.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'(?:_add\(\w+, |return \[|out\.append\()"([a-z_]+)"', source))
    codes |= {f"{role}_not_agency" for role in ("lead", "coordinating")}
    codes |= {f"{role}_part_dropped" for role in ("lead", "coordinating", "implementing")}
    assert len(codes) > 20
    for code in codes:
        assert flags.message(code, "vi") != code, code
        assert flags.message(code, "en") != code, code


def test_the_data_file_is_nfc_and_lower_case_where_it_lists_words():
    import unicodedata

    text = resources.files("dondoc.ingest").joinpath("data", "flags.yaml").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    data = flags._data()
    for key in ("header_words", "body_heads", "sentence_words", "thing_heads", "cell_fillers"):
        assert all(w == w.lower() for w in data[key]), key


# --- titles ------------------------------------------------------------------------------------


def test_a_title_that_is_a_number_a_header_word_or_an_agency():
    rows = [
        task(title="2.1"),
        task(title="Nội dung nhiệm vụ"),
        task(title="Sở Tài chính"),
        task(title="Số hóa"),
    ]
    assert flagged(rows) == [["title_is_code"], ["title_is_header"], ["title_is_agency"], ["title_too_short"]]


def test_a_task_title_in_lower_case_continues_a_cell():
    rows = [task(title="cơ sở dữ liệu quốc gia về quy hoạch."), task(title="- Xây dựng cơ sở dữ liệu")]
    assert flagged(rows) == [["title_starts_lowercase"], []]
    ind = [indicator(text="tỷ lệ hồ sơ xử lý trực tuyến đạt 90%")]  # a clause of objectives prose
    flags.flag_indicators(ind)
    assert ind[0]["flags"] == []


def test_a_style_most_rows_share_is_the_plan_s_not_a_row_s():
    rows = [task(title=f"Hệ thống giám sát số {i} của tỉnh") for i in range(6)] + [task(title="2.1")]
    warnings = flags.review(rows, [])
    assert [r["flags"] for r in rows] == [[]] * 6 + [["title_is_code"]]
    assert [(w["kind"], w["flag"]) for w in warnings] == [("plan_wide_flag", "title_is_name")]


def test_a_title_that_names_a_system_but_no_action():
    rows = [
        task(title="Hệ thống giám sát hành trình, quản lý điều hành phương tiện."),
        task(title="Triển khai hệ thống giám sát hành trình phương tiện"),
    ]
    assert flagged(rows) == [["title_is_name"], []]


# --- agencies ----------------------------------------------------------------------------------


def test_an_empty_lead_is_flagged_only_where_the_plan_names_leads():
    named = [task(str(i)) for i in range(1, 5)] + [task("5", lead=[])]
    assert flagged(named)[-1] == ["lead_empty"]
    none_named = [task(str(i), lead=[]) for i in range(1, 6)]
    assert flagged(none_named) == [[]] * 5


def test_a_lead_that_is_no_body_or_a_sentence():
    rows = [
        task(lead=["theo chức năng được giao"]),
        task(lead=["Sở Tài chính hướng dẫn các đơn vị lập dự toán kinh phí hằng năm"]),
        task(lead=["Trung tâm Phục vụ hành chính công"]),  # unknown but a body's name: kept
        task(lead=["FPT"]),
        task(lead=["Viện Nghiên cứu phát triển Thành phố"]),  # a verb inside a body's name
    ]
    assert flagged(rows) == [["lead_not_agency"], ["lead_is_sentence"], [], [], []]


def test_a_coordinating_name_that_is_no_body():
    assert flagged([task(coordinating=["Sở Tài chính", "trên cơ sở đề xuất"])]) == [
        ["coordinating_not_agency"]
    ]


def test_a_named_agency_both_leading_and_coordinating_but_not_a_collective():
    rows = [
        task(coordinating=[LEAD]),
        task(lead=["Các sở, ban, ngành"], coordinating=["Các sở, ban, ngành"]),
    ]
    assert flagged(rows) == [["lead_also_coordinating"], []]


def test_a_duty_whose_subject_the_lead_does_not_hold():
    rows = [
        task(
            title="Doanh nghiệp, tổ chức, cơ sở giáo dục có trách nhiệm bố trí nguồn lực",
            lead=["Các doanh nghiệp"],
        ),
        task(title="Mỗi ngành, lĩnh vực cần xác định một số bài toán trọng điểm", lead=[]),
        task(title="Sở Tài chính chủ trì, phối hợp với các sở thẩm định kinh phí", lead=[]),
        task(title="Sở Tài chính chủ trì, phối hợp với các sở thẩm định kinh phí", lead=["Sở Tài chính"]),
        task(title="Hằng năm, chủ trì tổng hợp kết quả thực hiện", lead=[LEAD]),
        task(title="Triển khai các giải pháp cần thiết để bảo đảm an toàn", lead=[LEAD]),
    ]
    assert ["lead_in_text" in f for f in flagged(rows)] == [True] * 3 + [False] * 3


def test_a_name_the_resolver_matched_only_nearly(monkeypatch):
    ref = load_reference()

    @dataclass(frozen=True)
    class Near:
        name: str
        agency_id: str | None = "x"
        known: bool = True
        collective: bool = False
        related: bool = False
        fuzzy: bool = True

    real = ref.resolve
    monkeypatch.setattr(ref, "resolve", lambda n: Near(n) if n == "Sở Khoa hoc và Công nghệ" else real(n))
    assert flagged([task(lead=["Sở Khoa hoc và Công nghệ"])], ref=ref) == [["name_fuzzy"]]


def test_a_city_plan_with_a_province_body():
    rows = [task(lead=["Công an tỉnh"]), task(lead=["Sở Tài chính"])]
    flags.review(rows, [], issuer="UBND thành phố Hà Nội")
    assert [r["flags"] for r in rows] == [["name_province_in_city"], []]
    rows = [task(lead=["Công an tỉnh"])]
    flags.review(rows, [], issuer="UBND tỉnh Nghệ An")
    assert rows[0]["flags"] == []


# --- deadlines and codes -----------------------------------------------------------------------


def test_a_deadline_written_but_not_read():
    rows = [task(deadline_text="Chưa xác định"), task(deadline_text="Năm 2025", deadline={"kind": "date"})]
    assert flagged(rows) == [["deadline_unparsed"], []]


def test_a_deadline_long_before_the_signing_date():
    from datetime import date

    rows = [
        task(deadline={"kind": "date", "date": "2023-12-31"}),
        task(deadline={"kind": "range", "start": "2025-01-01", "end": "2025-12-31"}),
    ]
    assert flagged(rows, signed=date(2025, 6, 1)) == [["deadline_before_plan"], []]


def test_a_deadline_that_contradicts_its_words():
    year_end = {"kind": "date", "date": "2027-12-31"}
    yearly = {"kind": "recurring", "freq": "yearly", "start": None}
    rows = [
        task(deadline_text="Hoàn thành trước năm 2027", deadline=year_end),
        task(deadline_text="Hoàn thành trước năm 2027", deadline={"kind": "date", "date": "2026-12-31"}),
        task(deadline_text="Hoàn thành trong năm 2026. Thực hiện thường xuyên hằng năm", deadline=yearly),
        task(deadline_text="Triển khai từ năm 2026 và thực hiện thường xuyên, liên tục", deadline=yearly),
        task(deadline_text="Thường xuyên; tổng kết năm 2027", deadline=year_end),
        task(deadline_text="Hoàn thành năm 2027 và vận hành thường xuyên", deadline=year_end),
    ]
    got = ["deadline_disagrees_with_text" in f for f in flagged(rows)]
    assert got == [True, False, True, False, True, False]


def test_a_code_that_appears_twice():
    assert flagged([task("1"), task("2"), task("2")]) == [[], ["duplicate_code"], ["duplicate_code"]]


# --- indicators --------------------------------------------------------------------------------


def test_indicator_checks():
    rows = [
        indicator(),
        indicator(year=None),
        indicator(text="Tỷ lệ hồ sơ trực tuyến đến năm 2030 đạt 90%", year=2025),
        indicator(targets=[]),
        indicator(targets=[{"comparator": "=", "value": 90.0}, {"comparator": "text", "value": None}]),
        indicator(text="Phủ sóng 5G tới 95% khu dân cư", targets=[{"comparator": "text", "value": None}]),
        indicator(text="Hình thành đô thị thông minh", targets=[{"comparator": "text", "value": None}]),
        indicator(
            text="Chuyển đổi phương tiện theo Quyết định số 876/QĐ-TTg ngày 22 tháng 7 năm 2022",
            targets=[{"comparator": "text", "value": None}],
        ),
        indicator(year_source="horizon"),
        indicator(targets=[{"comparator": "=", "value": 120.0, "unit": "%"}]),
    ]
    flags.flag_indicators(rows)
    assert [r["flags"] for r in rows] == [
        [],
        ["no_year"],
        ["year_differs_from_text"],
        ["no_targets"],
        ["targets_mixed"],
        ["target_number_unread"],
        [],
        [],
        ["year_from_horizon"],
        ["percent_over_100"],
    ]


def test_an_indicator_year_before_the_plan():
    from datetime import date

    rows = [indicator(year=2020), indicator(year=2025)]
    flags.flag_indicators(rows, signed=date(2025, 3, 1))
    assert [r["flags"] for r in rows] == [["year_before_plan"], []]


# --- numbering ---------------------------------------------------------------------------------


def test_row_numbers_that_skip_give_a_warning_and_flag_the_row_before():
    rows = [task("I.5"), task("I.7"), task("I.8")]
    warnings = flags.review(rows, [])
    assert [w["kind"] for w in warnings] == ["row_number_gap"]
    assert "I.7" in warnings[0]["message_en"] and "I.5" in warnings[0]["message_vi"]
    assert [r["flags"] for r in rows] == [["row_before_gap"], [], []]


def test_a_group_row_left_out_is_no_gap_and_letters_count():
    rows = [task("1"), task("2.1"), task("2.2"), task("3"), task("III.a"), task("III.b"), task("III.đ")]
    gaps, strays = flags.number_gaps(rows)
    assert [(a["code"], b["code"]) for a, b in gaps] == [("III.b", "III.đ")]
    assert strays == []


def test_a_number_out_of_sequence_is_a_stray_not_a_gap():
    rows = [task("II.1"), task("II.8"), task("II.2"), task("II.3")]
    gaps, strays = flags.number_gaps(rows)
    assert gaps == []
    assert [r["code"] for r in strays] == ["II.8"]


# --- table cells that lost a part ----------------------------------------------------------------


def test_part_of_an_agency_cell_that_became_no_name():
    cols = Columns(["stt", "content", "lead", "coordinating"], "tasks")
    title = "Xây dựng cơ sở dữ liệu về quy hoạch"
    cells = {
        "content": title,
        "lead": "Sở Tài chính",
        "coordinating": "Các sở, ngành, UBND xã, phường, nhóm chuyên gia tư vấn",
    }
    row = Row("1", cells, 40)
    t = task(title=title, lead=["Sở Tài chính"], coordinating=["Các sở, ban, ngành", "UBND các xã, phường"])
    t["source"] = {"line": 40, "end_line": 40}
    flags.review([t], [], tables=[(cols, "", [row])])
    assert t["flags"] == ["coordinating_part_dropped"]


def test_words_saying_what_the_body_does_are_not_a_lost_name():
    ref = load_reference()
    assert (
        flags.dropped_words("Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu", [LEAD], ref)
        == []
    )
    assert flags.dropped_words("Các sở, ngành có liên quan", [], ref) == []
    cell = "UBND xã, phường, nhóm chuyên gia tư vấn"
    assert flags.dropped_words(cell, ["UBND các xã, phường"], ref) == ["nhóm chuyên gia tư vấn"]
    # a shared head expanded by the splitter, a note in brackets: nothing lost
    hn, hcm = "UBND thành phố Hà Nội", "UBND Thành phố Hồ Chí Minh"
    assert flags.dropped_words("UBND thành phố Hà Nội, Thành phố Hồ Chí Minh", [hn, hcm], ref) == []
    assert flags.dropped_words("Bộ Công an (chủ trì phần kỹ thuật, điều phối)", ["Bộ Công an"], ref) == []


# --- task tables that gave nothing ---------------------------------------------------------------


def _warnings_of(markdown: str) -> list[dict]:
    from dondoc.ingest.extract import extract_document
    from dondoc.ingest.readers import read_text

    return extract_document(read_text(markdown, path="plan.md", fmt="md"))["warnings"]


def test_a_task_table_that_gave_no_tasks_is_told():
    md = (
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n"
        "| I | NHÓM NHIỆM VỤ VỀ THỂ CHẾ |  |  |\n| II | NHÓM NHIỆM VỤ VỀ HẠ TẦNG |  |  |\n"
    )
    assert [w for w in _warnings_of(md) if w["kind"] == "task_table_unread"][0]["line"] == 1


def test_a_task_table_that_was_read_gives_no_warning():
    md = (
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời gian thực hiện |\n|---|---|---|---|\n"
        "| 1 | Xây dựng kho dữ liệu dùng chung | Sở Tài chính | 2026 |\n"
    )
    assert not [w for w in _warnings_of(md) if w["kind"] == "task_table_unread"]


def test_a_flattened_task_header_with_no_rows_under_it():
    text = "STT Nội dung nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian\nGhi chú: bảng được ban hành kèm theo.\n"
    from dondoc.ingest.extract import extract_document
    from dondoc.ingest.readers import read_text

    warnings = extract_document(read_text(text, path="plan.txt"))["warnings"]
    assert "task_table_unread" in [w["kind"] for w in warnings]


# --- through the extractor ----------------------------------------------------------------------


def test_extract_gives_every_row_its_flags_and_the_gap_warning(tmp_path: Path):
    plan = tmp_path / "plan.md"
    plan.write_text(
        "KẾ HOẠCH\n\nTriển khai chuyển đổi số năm 2025\n\nI. NHIỆM VỤ\n\n"
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
        "|---|---|---|---|---|\n"
        "| 1 | Xây dựng cơ sở dữ liệu dùng chung của tỉnh | Sở Tài chính | Sở Nội vụ | Quý IV/2025 |\n"
        "| 2 | Số hóa hồ sơ thủ tục hành chính của tỉnh | Sở Nội vụ | Sở Tài chính | Hằng năm |\n"
        "| 4 | Đào tạo kỹ năng số cho cán bộ, công chức | | Sở Tài chính | Chưa xác định |\n"
        "| 5 | Tuyên truyền về chuyển đổi số trên báo, đài | Sở Nội vụ | Sở Tài chính | 2025-2027 |\n",
        encoding="utf-8",
    )
    out = extract_file(plan)
    by_code = {t["code"]: t["flags"] for t in out["tasks"]}
    assert by_code["1"] == [] and by_code["5"] == []
    assert by_code["2"] == ["row_before_gap"]
    assert set(by_code["4"]) == {"lead_empty", "deadline_unparsed"}
    assert "row_number_gap" in [w["kind"] for w in out["warnings"]]
