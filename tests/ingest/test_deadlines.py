"""The deadline grammar: DESIGN.md's table row by row, spelling tolerance, prose items, and
every deadline cell of the hand-checked gold files (../shared/gold)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.ingest import vocab
from dondoc.ingest.deadlines import (
    find_event_clause,
    item_deadline,
    leading_time_expression,
    parse_deadline,
)

GOLD = Path(__file__).resolve().parents[2].parent / "shared" / "gold"


def date(d: str) -> dict:
    return {"kind": "date", "date": d}


def span(a: str, b: str) -> dict:
    return {"kind": "range", "start": a, "end": b}


def every(freq: str, start: str | None = None) -> dict:
    return {"kind": "recurring", "freq": freq, "start": start}


ONGOING = {"kind": "ongoing"}


def event(text: str) -> dict:
    return {"kind": "event", "text": text}


# DESIGN.md "Deadlines", one row per line, plus the other cells of the gold files.
GRAMMAR = [
    ("9/2025", date("2025-09-30")),
    ("09/2026", date("2026-09-30")),
    ("Tháng 12/2025", date("2025-12-31")),
    ("Tháng 02/2024", date("2024-02-29")),
    ("tháng 6 năm 2025", date("2025-06-30")),
    ("Quý I/2026", date("2026-03-31")),
    ("Quý IV/2025", date("2025-12-31")),
    ("Quý 2/2025", date("2025-06-30")),
    ("Quý III năm 2025", date("2025-09-30")),
    ("Năm 2025", date("2025-12-31")),
    ("2026", date("2026-12-31")),
    ("15/6/2025", date("2025-06-15")),
    ("trước ngày 01 tháng 01 năm 2026", date("2026-01-01")),
    ("Trước ngày 31/12/2025", date("2025-12-31")),
    ("6 tháng đầu năm 2025", date("2025-06-30")),
    ("Thời gian thực hiện: Hoàn thành trong năm 2025.", date("2025-12-31")),
    ("2022-2025", span("2022-01-01", "2025-12-31")),
    ("2025 - 2026", span("2025-01-01", "2026-12-31")),
    ("giai đoạn 2021–2025", span("2021-01-01", "2025-12-31")),
    ("từ năm 2025 đến năm 2030", span("2025-01-01", "2030-12-31")),
    ("Quý IV/2025 - Quý II/2026", span("2025-10-01", "2026-06-30")),
    ("Quý III - Quý IV/2025", span("2025-07-01", "2025-12-31")),
    ("Tháng 6 - 12/2025", span("2025-06-01", "2025-12-31")),
    ("2022-2022", date("2022-12-31")),
    ("Quý I/2026 - Quý I/2026", date("2026-03-31")),
    ("Hằng tháng", every("monthly")),
    ("Hằng quý", every("quarterly")),
    ("Hằng năm", every("yearly")),
    ("Năm 2025 và những năm tiếp theo", every("yearly", "2025-01-01")),
    ("Bắt đầu triển khai từ năm 2026", every("yearly", "2026-01-01")),
    ("Từ năm 2026 trở đi", every("yearly", "2026-01-01")),
    ("Hằng năm, từ năm 2026", every("yearly", "2026-01-01")),
    ("Quý I hằng năm", every("yearly")),
    ("Thường xuyên, hằng năm", every("yearly")),
    ("Định kỳ hằng quý", every("quarterly")),
    ("Định kỳ", every("periodic")),
    ("Thường xuyên", ONGOING),
    ("Nhiệm vụ thường xuyên", ONGOING),
    ("Thực hiện thường xuyên .", ONGOING),
    ("Ngay khi Bộ Công an ban hành", event("Ngay khi Bộ Công an ban hành")),
    ("Sau khi Đề án được Chính phủ ban hành", event("Sau khi Đề án được Chính phủ ban hành")),
    ("Theo kế hoạch của Bộ Quốc phòng", event("Theo kế hoạch của Bộ Quốc phòng")),
    ("Khi có hướng dẫn của Bộ", event("Khi có hướng dẫn của Bộ")),
    (
        "(sau khi Thủ tướng Chính phủ ban hành Quyết định phê duyệt Đề án giai đoạn 2021 - 2025)",
        event("sau khi Thủ tướng Chính phủ ban hành Quyết định phê duyệt Đề án giai đoạn 2021 - 2025"),
    ),
    ("Ngay khi Bộ Công an ban hành…", event("Ngay khi Bộ Công an ban hành")),
]


@pytest.mark.parametrize(("text", "expected"), GRAMMAR)
def test_grammar(text: str, expected: dict) -> None:
    assert parse_deadline(text) == expected


# Line breaks of a flattened cell, decomposed Unicode, "hàng"/"hằng", "Quí", Roman or Arabic
# quarters, the PDF's dropped "ỳ", stray brackets and punctuation.
TOLERANCE = [
    ("Thường \nxuyên", ONGOING),
    ("Nhiệm vụ \n thường \nxuyên", ONGOING),
    (unicodedata.normalize("NFD", "Quý I/2026"), date("2026-03-31")),
    (unicodedata.normalize("NFD", "Hằng năm"), every("yearly")),
    ("Hàng năm", every("yearly")),
    ("hàng tháng", every("monthly")),
    ("HẰNG QUÝ", every("quarterly")),
    ("Quí I/2026", date("2026-03-31")),
    ("Quý 1/2026", date("2026-03-31")),
    ("Quý  IV / 2025", date("2025-12-31")),
    ("Định k hằng năm", every("yearly")),
    ("Định kì", every("periodic")),
    ("2025 -\n2026", span("2025-01-01", "2026-12-31")),
    ("(Năm 2025)", date("2025-12-31")),
    ("- Quý I/2026.", date("2026-03-31")),
]


@pytest.mark.parametrize(("text", "expected"), TOLERANCE)
def test_tolerance(text: str, expected: dict) -> None:
    assert parse_deadline(text) == expected


@pytest.mark.parametrize(
    "text",
    [None, "", "   ", "-", "Tiếp tục", "theo hướng dẫn của Ngân hàng Nhà nước", "Theo quy định", "Quý I"]
    + vocab.load("deadline_words")["not_deadline"],
)
def test_no_deadline(text: str | None) -> None:
    assert parse_deadline(text) is None


LEADING = [
    ("Thường xuyên tổ chức hội nghị", ("Thường xuyên", ONGOING)),
    ("- Hằng năm, chủ trì, phối hợp với các cơ quan", ("Hằng năm", every("yearly"))),
    ("Định kỳ tổ chức khảo sát", ("Định kỳ", every("periodic"))),
    ("Định kỳ hàng năm (trước ngày 30 tháng 11) gửi báo cáo", ("Định kỳ hàng năm", every("yearly"))),
    ("Năm 2023, hoàn thành cơ sở dữ liệu", ("Năm 2023", date("2023-12-31"))),
    ("Trong năm 2026, triển khai", ("Trong năm 2026", date("2026-12-31"))),
    ("Đến năm 2025, hoàn thành 100% …", ("Đến năm 2025", date("2025-12-31"))),
    ("Đến năm 2025 hoàn thành", ("Đến năm 2025", date("2025-12-31"))),
    ("Quý I/2026: ban hành kế hoạch", ("Quý I/2026", date("2026-03-31"))),
    ("Từ năm 2026, các sở thực hiện", ("Từ năm 2026", every("yearly", "2026-01-01"))),
    (
        "Năm 2025 và những năm tiếp theo, tổ chức",
        ("Năm 2025 và những năm tiếp theo", every("yearly", "2025-01-01")),
    ),
    # the first of two wins; adjacent words make one expression
    ("Thường xuyên theo dõi và định kỳ đánh giá kết quả", ("Thường xuyên", ONGOING)),
    ("Thường xuyên, hằng năm tổ chức", ("Thường xuyên, hằng năm", every("yearly"))),
    (
        "Sau khi Đề án được phê duyệt, xây dựng kế hoạch",
        ("Sau khi Đề án được phê duyệt", event("Sau khi Đề án được phê duyệt")),
    ),
    ("**Đến năm 2030:** Phủ sóng 5G", ("Đến năm 2030", date("2030-12-31"))),
]


@pytest.mark.parametrize(("text", "expected"), LEADING)
def test_leading_time_expression(text: str, expected: tuple[str, dict]) -> None:
    assert leading_time_expression(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tiếp tục rà soát, hoàn thiện cơ chế",
        "Năm 2023 là năm bản lề",  # a year opens an item only when set off by punctuation
        "ngày 08/4/2020 của Chính phủ.",  # a document's date
        "29/12/2020. Tiếp tục triển khai",  # a line that starts inside a reference
        "Chủ trì tổ chức hội nghị thường xuyên",  # a time word inside the item
        "Theo lộ trình phổ cập kỹ năng số",  # "theo …" opens an activity in prose
        "Thường xuyênhóa",
    ],
)
def test_no_leading_time_expression(text: str) -> None:
    assert leading_time_expression(text) is None


# gold/README.md, file 000: III.8.1's "(sau khi …)" closes its only sentence → event;
# III.3.3's "(khi mạng 5G …)" qualifies only the second of two sentences → no deadline.
EVENT_CLAUSES = [
    (
        "Tham mưu UBND tỉnh xây dựng Kế hoạch giai đoạn 2021 - 2025 (sau khi Thủ tướng Chính phủ "
        "ban hành Quyết định phê duyệt Đề án …).",
        "sau khi Thủ tướng Chính phủ ban hành Quyết định phê duyệt Đề án",
    ),
    ("Nâng cấp hạ tầng mạng (khi mạng 5G được triển khai rộng rãi).", "khi mạng 5G được triển khai rộng rãi"),
    (
        "Phối hợp triển khai Đề án hỗ trợ doanh nghiệp ngành Công Thương sau khi Bộ Công Thương ban hành.",
        "sau khi Bộ Công Thương ban hành",
    ),
    ("Triển khai tại TP. Quy Nhơn (sau khi Đề án được phê duyệt).", "sau khi Đề án được phê duyệt"),
]


@pytest.mark.parametrize(("text", "phrase"), EVENT_CLAUSES)
def test_event_clause(text: str, phrase: str) -> None:
    assert find_event_clause(text) == (phrase, event(phrase))


@pytest.mark.parametrize(
    "text",
    [
        "Phối hợp với các đơn vị viễn thông, triển khai băng thông rộng chất lượng cao trên phạm vi toàn "
        "tỉnh. Tạo điều kiện để người dân được truy cập internet với chi phí thấp (khi mạng 5G được "
        "triển khai rộng rãi).",
        "Ban hành quy chế (sau khi được phê duyệt). Tổ chức tập huấn cho cán bộ.",
        "Hỗ trợ doanh nghiệp sau khi thành lập.",  # names no act anyone records
        "Xây dựng kế hoạch (giai đoạn 2021 - 2025).",
    ],
)
def test_no_event_clause(text: str) -> None:
    assert find_event_clause(text) is None


ITEMS = [
    (
        "Sở Khoa học và Công nghệ chủ trì thực hiện các nhiệm vụ sau: Thường xuyên cập nhật tiêu chuẩn. "
        "Triển khai đồng bộ các chính sách.",
        ("Thường xuyên", ONGOING),
    ),
    (
        "Các Sở tổ chức phổ biến, quán triệt Nghị quyết, xem đây là nhiệm vụ thường xuyên của cơ quan, đơn vị.",
        ("nhiệm vụ thường xuyên", ONGOING),
    ),
    ("Hằng năm, bố trí kinh phí thực hiện Kế hoạch.", ("Hằng năm", every("yearly"))),
    ("Tiếp tục triển khai Kế hoạch số 110/KH-UBND ngày 14/12/2017.", None),
    ("Thực hiện theo hướng dẫn của Ngân hàng Nhà nước Việt Nam.", None),
]


@pytest.mark.parametrize(("text", "expected"), ITEMS)
def test_item_deadline(text: str, expected: tuple[str, dict] | None) -> None:
    assert item_deadline(text) == expected


# ---- the gold files ---------------------------------------------------------------------
def _gold_tasks() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(GOLD.glob("*.json")):
        for task in json.loads(path.read_text(encoding="utf-8"))["tasks"]:
            out.append((path.name[:3], task))
    return out


def _same(got: dict | None, want: dict | None) -> bool:
    # The scorer compares events by kind only; the wording is checked here all the same when
    # the gold spells it as the cell does.
    return got == want


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_every_gold_deadline_cell() -> None:
    rows = [(f, t) for f, t in _gold_tasks() if t.get("deadline_text")]
    assert rows, "the gold files hold no deadline_text"
    failures = [
        f"{f} {t['code']}: {t['deadline_text']!r} → {parse_deadline(t['deadline_text'])} (gold {t['deadline']})"
        for f, t in rows
        if not _same(parse_deadline(t["deadline_text"]), t["deadline"])
    ]
    rate = 1 - len(failures) / len(rows)
    assert not failures, f"{rate:.1%} of {len(rows)} gold deadline cells:\n" + "\n".join(failures)


def _prose_files() -> set[str]:
    """Gold files whose tasks come from prose: every stated deadline_text is in its title."""
    by_file: dict[str, list[dict]] = {}
    for f, t in _gold_tasks():
        by_file.setdefault(f, []).append(t)
    return {
        f
        for f, tasks in by_file.items()
        if all(
            vocab.clean(t["deadline_text"]).lower() in vocab.clean(t["title"]).lower()
            for t in tasks
            if t.get("deadline_text")
        )
    }


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold is not beside this checkout")
def test_every_gold_prose_item() -> None:
    """item_deadline on each prose task's whole title gives the gold deadline (and no other)."""
    prose = _prose_files()
    rows = [(f, t) for f, t in _gold_tasks() if f in prose]
    assert rows
    failures = []
    for f, t in rows:
        found = item_deadline(t["title"])
        got = found[1] if found else None
        if not _same(got, t["deadline"]):
            failures.append(f"{f} {t['code']}: {found} (gold {t['deadline_text']!r} {t['deadline']})")
    rate = 1 - len(failures) / len(rows)
    assert not failures, f"{rate:.1%} of {len(rows)} gold prose items:\n" + "\n".join(failures)


# ---- any text -----------------------------------------------------------------------------
_ALPHABET = st.sampled_from(
    list("0123456789/-–.,:;() ")
    + ["Quý", "I", "IV", "năm", "tháng", "ngày", "Hằng", "hàng", "sau khi", "thường xuyên", "định kỳ", "\n"]
)
_SHAPES = {
    "date": {"date"},
    "range": {"start", "end"},
    "recurring": {"freq", "start"},
    "ongoing": set(),
    "event": {"text"},
}


def _valid(d: dict | None) -> bool:
    if d is None:
        return True
    kind = d["kind"]
    if set(d) != {"kind"} | _SHAPES[kind]:
        return False
    if kind == "recurring":
        return d["freq"] in {"monthly", "quarterly", "yearly", "periodic"}
    if kind == "range":
        return d["start"] < d["end"]
    return True


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_ALPHABET, max_size=12).map("".join)))
def test_any_text_gives_a_contract_shape(text: str) -> None:
    assert _valid(parse_deadline(text))
    for found in (leading_time_expression(text), find_event_clause(text), item_deadline(text)):
        assert found is None or (isinstance(found[0], str) and _valid(found[1]) and found[1] is not None)


def test_the_first_sentence_that_states_a_time_governs_a_cell() -> None:
    assert parse_deadline("Hoàn thành việc đầu tư trong năm 2026. Thực hiện thường xuyên, hằng năm") == {
        "kind": "date",
        "date": "2026-12-31",
    }
    assert parse_deadline("Giai đoạn 2026 - 2027. Thực hiện rà soát (nếu có)") == {
        "kind": "range",
        "start": "2026-01-01",
        "end": "2027-12-31",
    }


def test_before_a_year_is_the_last_day_of_the_year_before() -> None:
    assert parse_deadline("Trước năm 2030") == {"kind": "date", "date": "2029-12-31"}
    assert parse_deadline("trước ngày 01 tháng 01 năm 2026") == {"kind": "date", "date": "2026-01-01"}


def test_a_closing_khi_clause_with_an_issuing_body_makes_the_item_an_event() -> None:
    text = (
        "Các sở rà soát, tham mưu ban hành văn bản quy định chi tiết theo lĩnh vực phụ trách khi Chính "
        "phủ và các Bộ, ngành ban hành các văn bản quy định chi tiết, hướng dẫn thi hành."
    )
    found = find_event_clause(text)
    assert found is not None and found[1]["kind"] == "event"
    assert found[0].startswith("khi Chính phủ")
    # a "khi" that names no issuing body, or that does not close the item, waits for nothing
    assert find_event_clause("Các sở cập nhật dữ liệu khi có thay đổi về tổ chức bộ máy.") is None
