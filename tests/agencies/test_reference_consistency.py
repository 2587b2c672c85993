"""The agency reference data is consistent (as dateparser checks its language data), encodes the
2025 reorganisation, and the resolver maps the spellings plans use to canonical names."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from dondoc.agencies.reference import load_reference, normalise, province_successor

DATA = Path(__file__).resolve().parents[2] / "dondoc" / "agencies" / "data"
RAW = yaml.safe_load((DATA / "agencies.yaml").read_text(encoding="utf-8"))
PROVINCES = yaml.safe_load((DATA / "provinces.yaml").read_text(encoding="utf-8"))
REF = load_reference()


def test_ids_unique_and_links_exist() -> None:
    ids = [row["id"] for row in RAW["agencies"]]
    assert len(ids) == len(set(ids))
    for a in REF.agencies.values():
        for linked in (*a.successor, *([a.parent] if a.parent else [])):
            assert linked in REF.agencies, f"{a.id} links to unknown {linked}"


def test_validity_and_succession() -> None:
    for a in REF.agencies.values():
        if a.valid_from and a.valid_to:
            assert a.valid_from < a.valid_to, a.id
        if a.valid_to:
            assert a.successor, f"{a.id} ends on {a.valid_to} without a successor"
            day_after = a.valid_to + timedelta(days=1)
            for s in a.successor:
                nxt = REF.agencies[s]
                assert nxt.valid_from is None or nxt.valid_from <= day_after, (a.id, s)
                assert nxt.valid_to is None or nxt.valid_to >= day_after, (a.id, s)


def test_no_succession_cycle() -> None:
    for a in REF.agencies.values():
        seen, frontier = set(), list(a.successor)
        while frontier:
            nxt = frontier.pop()
            assert nxt != a.id, f"cycle through {a.id}"
            if nxt not in seen:
                seen.add(nxt)
                frontier.extend(REF.agencies[nxt].successor)


def test_names_are_nfc_and_tidy() -> None:
    for a in REF.agencies.values():
        for text in (a.name, *a.aliases):
            assert unicodedata.is_normalized("NFC", text) and text == text.strip(), repr(text)


def test_no_alias_shared_by_two_bodies_valid_together() -> None:
    owners: dict[tuple[str, ...], list] = defaultdict(list)
    for a in REF.agencies.values():
        for text in {a.name, *a.aliases}:
            owners[normalise(text)].append(a)
    for key, bodies in owners.items():
        for i, x in enumerate(bodies):
            for y in bodies[i + 1 :]:
                if x.id == y.id:
                    continue
                overlap = (x.valid_to or date.max) >= (y.valid_from or date.min) and (
                    y.valid_to or date.max
                ) >= (x.valid_from or date.min)
                assert not overlap, f"{' '.join(key)!r} names both {x.id} and {y.id}"


def test_collectives_list_member_kinds_that_exist() -> None:
    kinds = {a.kind for a in REF.agencies.values()}
    for a in REF.agencies.values():
        if a.kind == "collective":
            assert a.members and set(a.members) <= kinds, a.id


def test_provinces_63_before_34_after() -> None:
    continuing = PROVINCES["continuing"]
    absorbed = [p for row in continuing for p in row.get("absorbed", [])]
    assert len(continuing) == 34
    assert len(absorbed) == len(set(absorbed)) == 63 - 34


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Bình Định", "Gia Lai"),
        ("Hà Giang", "Tuyên Quang"),
        ("Hòa Bình", "Phú Thọ"),
        ("Vĩnh Phúc", "Phú Thọ"),
    ],
)
def test_province_mergers(old: str, new: str) -> None:
    assert province_successor(old, date(2025, 7, 1)) == new
    assert province_successor(old, date(2025, 6, 30)) == old


@pytest.mark.parametrize(
    ("old", "new", "day"),
    [
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ", date(2025, 7, 1)),
        ("Sở Kế hoạch và Đầu tư", "Sở Tài chính", date(2025, 3, 1)),
        ("Sở Giao thông vận tải", "Sở Xây dựng", date(2025, 3, 1)),
        ("Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Môi trường", date(2025, 3, 1)),
        ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường", date(2025, 3, 1)),
        ("Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", date(2025, 3, 1)),
        ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ", date(2025, 3, 1)),
        ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính", date(2025, 3, 1)),
        ("UBND cấp huyện", "UBND cấp xã", date(2025, 7, 1)),
    ],
)
def test_2025_reorganisation(old: str, new: str, day: date) -> None:
    before = REF.by_name(old)
    after = REF.by_name(new)
    assert before is not None and after is not None
    assert REF.successor_on(before.id, day) and after.id in REF.successor_on(before.id, day)
    assert REF.successor_on(before.id, date(2024, 12, 31)) == [before.id]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("STTTT", "Sở Thông tin và Truyền thông"),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động – TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("Sở Giáo dục và đào tạo", "Sở Giáo dục và Đào tạo"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường"),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
        ("Uỷ ban nhân dân tỉnh", "UBND tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
        ("Các Sở, ban, ngành", "Các sở, ban, ngành"),
        ("các sở, ngành", "Các sở, ban, ngành"),
        ("Sở, ngành, địa phương", "Các sở, ban, ngành, địa phương"),
        ("Địa phương", "Các địa phương"),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố"),
        ("UBND các phường, xã", "UBND các xã, phường"),
        ("DN Viễn thông", "Các doanh nghiệp viễn thông"),
        ("các đơn vị viễn thông", "Các doanh nghiệp viễn thông"),
        ("Các doanh nghiệp BCVT", "Các doanh nghiệp bưu chính, viễn thông"),
        ("cơ quan thuế", "Cục Thuế tỉnh"),
        ("Công an tỉnh Bình Định", "Công an tỉnh"),
        ("Ban Tuyên giáo – Dân vận Tỉnh uỷ", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("Ngân hàng Nhà nước - Chi nhánh tỉnh Bình Định", "Ngân hàng Nhà nước chi nhánh tỉnh Bình Định"),
        (
            "Ngân hàng Nhà nƣớc Việt Nam Chi nhánh tỉnh Bình Định".replace("ƣ", "ư"),
            "Ngân hàng Nhà nước chi nhánh tỉnh Bình Định",
        ),
        ("UBND TP.Quy Nhơn", "UBND thành phố Quy Nhơn"),
        ("UBND thị xã An Nhơn", "UBND thị xã An Nhơn"),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông"),
        ("Văn phòng Chính phủ", "Văn phòng Chính phủ"),
    ],
)
def test_resolve_spellings(written: str, canonical: str) -> None:
    assert REF.resolve(written).name == canonical


@pytest.mark.parametrize(
    "phrase", ["các cơ quan, đơn vị liên quan", "các sở, ngành có liên quan", "Các cơ quan liên quan"]
)
def test_related_phrases_name_nobody(phrase: str) -> None:
    assert REF.resolve(phrase).related


def test_unknown_name_kept_as_written() -> None:
    got = REF.resolve("Hiệp hội Xyz abc")
    assert (got.name, got.known) == ("Hiệp hội Xyz abc", False)


def test_find_in_a_flattened_cell_run() -> None:
    text = (
        "Sở Khoa học và Công nghệ Ban Tuyên giáo – Dân vận Tỉnh uỷ; các Sở, ngành, địa phương; "
        "Đài Phát thanh và Truyền hình tỉnh; Báo Bình Định Văn bản, nội dung"
    )
    found = [(text[s:e], r.name) for s, e, r in REF.find(text)]
    assert found == [
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
        ("Ban Tuyên giáo – Dân vận Tỉnh uỷ", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
        ("các Sở, ngành, địa phương", "Các sở, ban, ngành, địa phương"),
        ("Đài Phát thanh và Truyền hình tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
        ("Báo Bình Định", "Báo Bình Định"),
    ]


@pytest.mark.parametrize("text", ["PHÁT TRIỂN KINH TẾ SỐ, XÃ HỘI SỐ", "cơ sở dữ liệu dùng chung"])
def test_find_nothing_in_headings_or_prose(text: str) -> None:
    assert REF.find(text) == []
