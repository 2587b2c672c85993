"""The agency reference data (dondoc/agencies/data/*.yaml) and the resolver built on it.

1. Data consistency, in the style of dateparser's language-data tests: every check runs twice,
   once on the YAML read directly with `yaml.safe_load` and once on what `load_reference()`
   builds from it, so neither a slip in the file nor one in its parsing goes unnoticed.
2. The 2025 reorganisation (Nghị định 45/2025/NĐ-CP, Nghị quyết 176/2025/QH15, the end of the
   district level on 2025-07-01) as `successor_on` reports it.
3. `resolve()` maps the abbreviations and spellings plans use to canonical names.
4. `find()` picks the agencies out of sentences and flattened table cells, with exact spans.
5. Every agency name in the hand-checked gold files (../shared/gold) resolves to itself.

Failures list every offending row at once, so one run shows the whole of a data problem.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from dondoc.agencies.reference import load_reference, normalise, province_successor

DATA = Path(__file__).resolve().parents[2] / "dondoc" / "agencies" / "data"
GOLD = Path(__file__).resolve().parents[3] / "shared" / "gold"

RAW: dict[str, Any] = yaml.safe_load((DATA / "agencies.yaml").read_text(encoding="utf-8"))
PROVINCES: dict[str, Any] = yaml.safe_load((DATA / "provinces.yaml").read_text(encoding="utf-8"))
REF = load_reference()


# --- one view of an agency row, whichever way it was read ------------------------------------


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    parent: str | None
    valid_from: date | None
    valid_to: date | None
    successor: tuple[str, ...]
    members: tuple[str, ...]


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _rows_from_yaml() -> list[Row]:
    return [
        Row(
            id=r["id"],
            name=r["name"],
            aliases=_as_tuple(r.get("aliases")),
            kind=r["kind"],
            parent=r.get("parent"),
            valid_from=_as_date(r.get("valid_from")),
            valid_to=_as_date(r.get("valid_to")),
            successor=_as_tuple(r.get("successor")),
            members=_as_tuple(r.get("members")),
        )
        for r in RAW["agencies"]
    ]


def _rows_from_reference() -> list[Row]:
    return [
        Row(a.id, a.name, a.aliases, a.kind, a.parent, a.valid_from, a.valid_to, a.successor, a.members)
        for a in REF.agencies.values()
    ]


SOURCES = {"yaml.safe_load": _rows_from_yaml(), "load_reference": _rows_from_reference()}
by_source = pytest.mark.parametrize("source", list(SOURCES))


def _overlap(a: Row, b: Row) -> bool:
    """Is there a day on which both bodies exist?"""
    return max(a.valid_from or date.min, b.valid_from or date.min) <= min(
        a.valid_to or date.max, b.valid_to or date.max
    )


# --- 1. data consistency ------------------------------------------------------------------------


def test_both_readings_hold_the_same_rows() -> None:
    from_yaml = [(r.id, unicodedata.normalize("NFC", r.name)) for r in SOURCES["yaml.safe_load"]]
    from_ref = [(r.id, r.name) for r in SOURCES["load_reference"]]
    assert from_yaml == from_ref


@by_source
def test_ids_are_unique(source: str) -> None:
    counts: dict[str, int] = defaultdict(int)
    for row in SOURCES[source]:
        counts[row.id] += 1
    assert {i: n for i, n in counts.items() if n > 1} == {}


@by_source
def test_parents_and_successors_exist(source: str) -> None:
    ids = {row.id for row in SOURCES[source]}
    dangling = [
        (row.id, field, target)
        for row in SOURCES[source]
        for field, targets in (("parent", (row.parent,) if row.parent else ()), ("successor", row.successor))
        for target in targets
        if target not in ids
    ]
    assert dangling == []


@by_source
def test_valid_from_is_before_valid_to(source: str) -> None:
    bad = [
        (row.id, row.valid_from, row.valid_to)
        for row in SOURCES[source]
        if row.valid_from is not None and row.valid_to is not None and not row.valid_from < row.valid_to
    ]
    assert bad == []


@by_source
def test_an_ended_body_has_a_successor_from_the_next_day(source: str) -> None:
    rows = {row.id: row for row in SOURCES[source]}
    problems: list[str] = []
    for row in rows.values():
        if row.valid_to is None:
            continue
        day_after = row.valid_to + timedelta(days=1)
        if not row.successor:
            problems.append(f"{row.id} ends {row.valid_to} with no successor")
        for sid in row.successor:
            nxt = rows.get(sid)
            if nxt is None:
                problems.append(f"{row.id} → unknown {sid}")
            elif not (
                (nxt.valid_from is None or nxt.valid_from <= day_after)
                and (nxt.valid_to is None or day_after <= nxt.valid_to)
            ):
                problems.append(
                    f"{row.id} ends {row.valid_to} but successor {sid} is valid "
                    f"{nxt.valid_from}..{nxt.valid_to}, not on {day_after}"
                )
    assert problems == []


@by_source
def test_no_successor_cycles(source: str) -> None:
    successors = {row.id: row.successor for row in SOURCES[source]}
    cycles: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for nxt in successors.get(path[-1], ()):
            if nxt in path:
                cycles.append([*path[path.index(nxt) :], nxt])
            else:
                walk([*path, nxt])

    for start in successors:
        walk([start])
    assert cycles == []


@by_source
def test_names_and_aliases_are_nfc_and_trimmed(source: str) -> None:
    bad = [
        (row.id, text)
        for row in SOURCES[source]
        for text in (row.name, *row.aliases)
        if not unicodedata.is_normalized("NFC", text) or text != text.strip()
    ]
    assert bad == []


@by_source
def test_no_alias_names_two_bodies_valid_on_the_same_day(source: str) -> None:
    owners: dict[tuple[str, ...], dict[str, Row]] = defaultdict(dict)
    for row in SOURCES[source]:
        for text in (row.name, *row.aliases):
            owners[normalise(text)][row.id] = row
    collisions = [
        (" ".join(key), a.id, b.id)
        for key, rows in owners.items()
        for i, a in enumerate(rows.values())
        for b in list(rows.values())[i + 1 :]
        if _overlap(a, b)
    ]
    assert collisions == []


@by_source
def test_collectives_list_kinds_some_agency_has(source: str) -> None:
    rows = SOURCES[source]
    kinds = {row.kind for row in rows if row.kind != "collective"}
    bad = [
        (row.id, row.members)
        for row in rows
        if row.kind == "collective" and (not row.members or not set(row.members) <= kinds)
    ]
    assert bad == []


# Related phrases normally say "liên quan"; these generic ones name nobody without it.
GENERIC_RELATED = {"các cơ quan, đơn vị", "các cơ quan chức năng"}


@pytest.mark.parametrize("phrase", RAW["related_phrases"])
def test_related_phrase_says_lien_quan_or_is_generic(phrase: str) -> None:
    assert "liên quan" in phrase or phrase in GENERIC_RELATED
    assert unicodedata.is_normalized("NFC", phrase) and phrase == phrase.strip()
    assert REF.resolve(phrase).related


def test_generic_related_exceptions_are_in_the_data() -> None:
    assert sorted(GENERIC_RELATED - set(RAW["related_phrases"])) == []


# --- provinces (Nghị quyết 202/2025/QH15) --------------------------------------------------------

CONTINUING = [row["name"] for row in PROVINCES["continuing"]]
ABSORBED = [p for row in PROVINCES["continuing"] for p in _as_tuple(row.get("absorbed"))]


def test_34_continuing_units() -> None:
    assert len(CONTINUING) == len(set(CONTINUING)) == 34


def test_63_units_before_the_mergers() -> None:
    assert len(set(CONTINUING) | set(ABSORBED)) == 63


def test_no_province_absorbed_twice_or_both_absorbed_and_continuing() -> None:
    twice = sorted({p for p in ABSORBED if ABSORBED.count(p) > 1})
    assert twice == []
    assert sorted(set(ABSORBED) & set(CONTINUING)) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Bình Định", "Gia Lai"),
        ("Hà Giang", "Tuyên Quang"),
        ("Hòa Bình", "Phú Thọ"),
        ("Vĩnh Phúc", "Phú Thọ"),
        ("Gia Lai", "Gia Lai"),
        ("Tuyên Quang", "Tuyên Quang"),
        ("Phú Thọ", "Phú Thọ"),
    ],
)
def test_province_mergers(old: str, new: str) -> None:
    assert province_successor(old, date(2025, 7, 1)) == new


def test_province_unchanged_before_the_mergers() -> None:
    assert province_successor("Bình Định", date(2025, 6, 30)) == "Bình Định"


# --- 2. the 2025 reorganisation --------------------------------------------------------------------


def _id(name: str) -> str:
    agency = REF.by_name(name)
    assert agency is not None, f"by_name({name!r}) found nothing"
    return agency.id


@pytest.mark.parametrize(
    ("old", "new", "exact", "change"),
    [
        # exact=True: the successors are exactly `new`; False: they include all of `new`.
        ("Sở Thông tin và Truyền thông", ["Sở Khoa học và Công nghệ"], True, date(2025, 3, 1)),
        ("Sở Kế hoạch và Đầu tư", ["Sở Tài chính"], True, date(2025, 3, 1)),
        ("Sở Giao thông vận tải", ["Sở Xây dựng"], True, date(2025, 3, 1)),
        ("Sở Tài nguyên và Môi trường", ["Sở Nông nghiệp và Môi trường"], True, date(2025, 3, 1)),
        ("Sở Nông nghiệp và Phát triển nông thôn", ["Sở Nông nghiệp và Môi trường"], True, date(2025, 3, 1)),
        ("Sở Lao động - Thương binh và Xã hội", ["Sở Nội vụ"], False, date(2025, 3, 1)),
        ("Ban Dân tộc", ["Sở Dân tộc và Tôn giáo"], True, date(2025, 3, 1)),
        ("Bộ Thông tin và Truyền thông", ["Bộ Khoa học và Công nghệ"], True, date(2025, 3, 1)),
        ("Bộ Kế hoạch và Đầu tư", ["Bộ Tài chính"], True, date(2025, 3, 1)),
        ("Bộ Giao thông vận tải", ["Bộ Xây dựng"], True, date(2025, 3, 1)),
        ("Bộ Tài nguyên và Môi trường", ["Bộ Nông nghiệp và Môi trường"], True, date(2025, 3, 1)),
        ("Bộ Nông nghiệp và Phát triển nông thôn", ["Bộ Nông nghiệp và Môi trường"], True, date(2025, 3, 1)),
        ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Nội vụ"], False, date(2025, 3, 1)),
        ("Ủy ban Dân tộc", ["Bộ Dân tộc và Tôn giáo"], True, date(2025, 3, 1)),
        ("UBND cấp huyện", ["UBND cấp xã"], True, date(2025, 7, 1)),
        ("UBND các huyện, thị xã, thành phố", ["UBND các xã, phường"], True, date(2025, 7, 1)),
    ],
)
def test_2025_successors(old: str, new: list[str], exact: bool, change: date) -> None:
    old_id, new_ids = _id(old), [_id(n) for n in new]
    assert REF.successor_on(old_id, date(2024, 12, 31)) == [old_id]
    assert REF.successor_on(old_id, change - timedelta(days=1)) == [old_id]
    for day in (change, date(2025, 7, 1), date(2026, 1, 1)):
        got = REF.successor_on(old_id, day)
        if exact:
            assert got == new_ids, day
        else:
            assert set(new_ids) <= set(got), day


@pytest.mark.parametrize(
    ("old", "parts"),
    [
        # DESIGN.md: into Sở Nội vụ, parts to Sở Y tế and Sở Giáo dục và Đào tạo (and the ministries alike)
        ("Sở Lao động - Thương binh và Xã hội", ["Sở Nội vụ", "Sở Y tế", "Sở Giáo dục và Đào tạo"]),
        ("Bộ Lao động - Thương binh và Xã hội", ["Bộ Nội vụ", "Bộ Y tế", "Bộ Giáo dục và Đào tạo"]),
    ],
)
def test_labour_split_between_three_bodies(old: str, parts: list[str]) -> None:
    got = REF.successor_on(_id(old), date(2025, 7, 1))
    assert set(got) == {_id(p) for p in parts}
    assert got[0] == _id(parts[0])


@pytest.mark.parametrize(
    "name",
    ["Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Bộ Khoa học và Công nghệ"],
)
def test_a_continuing_body_succeeds_itself(name: str) -> None:
    for day in (date(2024, 12, 31), date(2025, 7, 1)):
        assert REF.successor_on(_id(name), day) == [_id(name)]


# --- 3. resolve() -------------------------------------------------------------------------------------

TTTT = "Sở Thông tin và Truyền thông"
LDTBXH = "Sở Lao động - Thương binh và Xã hội"
NHNN_BD = "Ngân hàng Nhà nước chi nhánh tỉnh Bình Định"


@pytest.mark.parametrize(
    ("written", "canonical", "known", "collective"),
    [
        ("Sở TT&TT", TTTT, True, False),
        ("STTTT", TTTT, True, False),
        ("Sở TTTT", TTTT, True, False),
        ("Sở Thông tin - Truyền thông", TTTT, True, False),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", TTTT, True, False),
        ("Sở  Thông tin   và Truyền thông.", TTTT, True, False),
        ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", True, False),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ", True, False),
        ("Sở LĐ-TB&XH", LDTBXH, True, False),
        ("Sở Lao động – TB&XH", LDTBXH, True, False),
        ("Sở Lao động, Thương binh và Xã hội", LDTBXH, True, False),
        ("Sở LĐTBXH", LDTBXH, True, False),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo", True, False),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn", True, False),
        ("Sở TN&MT", "Sở Tài nguyên và Môi trường", True, False),
        ("Sở GTVT", "Sở Giao thông vận tải", True, False),
        ("Sở NN&MT", "Sở Nông nghiệp và Môi trường", True, False),
        ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch", True, False),
        ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch", True, False),
        ("Ủy ban nhân dân tỉnh", "UBND tỉnh", True, False),
        ("Uỷ ban nhân dân tỉnh", "UBND tỉnh", True, False),
        ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", True, False),
        ("Hội đồng nhân dân tỉnh", "HĐND tỉnh", True, False),
        ("Tỉnh uỷ", "Tỉnh ủy", True, False),
        ("Ban Tuyên giáo – Dân vận Tỉnh uỷ", "Ban Tuyên giáo và Dân vận Tỉnh ủy", True, False),
        ("Đài PT-TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh", True, False),
        ("Bộ TT&TT", "Bộ Thông tin và Truyền thông", True, False),
        ("Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư", True, False),
        ("Ủy ban nhân dân cấp huyện", "UBND cấp huyện", True, False),
        ("Các Sở, ban, ngành", "Các sở, ban, ngành", True, True),
        ("các sở, ngành", "Các sở, ban, ngành", True, True),
        ("Sở, ban, ngành", "Các sở, ban, ngành", True, True),
        ("Các sở, ban, ngành tỉnh", "Các sở, ban, ngành", True, True),
        ("Sở, ngành, địa phương", "Các sở, ban, ngành, địa phương", True, True),
        ("Các sở, ngành, địa phương", "Các sở, ban, ngành, địa phương", True, True),
        ("Địa phương", "Các địa phương", True, True),
        ("các địa phương", "Các địa phương", True, True),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", "UBND các huyện, thị xã, thành phố", True, True),
        ("Ủy ban nhân dân các huyện, thành phố", "UBND các huyện, thành phố", True, True),
        ("UBND các phường, xã", "UBND các xã, phường", True, True),
        ("Ủy ban nhân dân các xã, phường", "UBND các xã, phường", True, True),
        ("Bộ, ngành", "Các bộ, ngành", True, True),
        ("DN Viễn thông", "Các doanh nghiệp viễn thông", True, True),
        ("Doanh nghiệp viễn thông", "Các doanh nghiệp viễn thông", True, True),
        ("các đơn vị viễn thông", "Các doanh nghiệp viễn thông", True, True),
        ("Các doanh nghiệp BCVT", "Các doanh nghiệp bưu chính, viễn thông", True, True),
        ("cơ quan thuế", "Cục Thuế tỉnh", True, False),
        ("Công an tỉnh Bình Định", "Công an tỉnh", True, False),
        # built from a head and a place by a pattern marked `known`: a kind every place has
        ("Ngân hàng Nhà nước - Chi nhánh tỉnh Bình Định", NHNN_BD, True, False),
        ("Ngân hàng Nhà nước Việt Nam Chi nhánh tỉnh Bình Định", NHNN_BD, True, False),
        ("UBND TP.Quy Nhơn", "UBND thành phố Quy Nhơn", True, False),
        ("UBND TX Hoài Nhơn", "UBND thị xã Hoài Nhơn", True, False),
        ("Báo Bình Định", "Báo Bình Định", True, False),
        ("Ngân hàng nhà nước khu vực XII", "Ngân hàng Nhà nước khu vực XII", True, False),
        ("Trung tâm Xyz", "Trung tâm Xyz", False, False),
        ("Tập đoàn FPT", "FPT", True, False),
        ("Hiệp hội Xyz abc", "Hiệp hội Xyz abc", False, False),
    ],
)
def test_resolve(written: str, canonical: str, known: bool, collective: bool) -> None:
    got = REF.resolve(written)
    assert (got.name, got.known, got.collective, got.related) == (canonical, known, collective, False)


@pytest.mark.parametrize(
    "phrase",
    [
        "các cơ quan, đơn vị liên quan",
        "các sở, ngành có liên quan",
        "Các cơ quan liên quan",
        "các sở, ban, ngành liên quan",
        "Các cơ quan, đơn vị, địa phương liên quan",
    ],
)
def test_resolve_related_phrase(phrase: str) -> None:
    got = REF.resolve(phrase)
    assert got.related and not got.known and got.agency_id is None


# --- 4. find() --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ, các sở, ngành liên quan và "
            "UBND các huyện, thành phố triển khai",
            [
                ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", False),
                ("Sở Nội vụ", "Sở Nội vụ", False),
                ("các sở, ngành liên quan", "Các sở, ngành liên quan", True),
                ("UBND các huyện, thành phố", "UBND các huyện, thành phố", False),
            ],
        ),
        (
            "Sở Khoa học và Công nghệ Ban Tuyên giáo – Dân vận Tỉnh uỷ; các Sở, ngành, địa phương; "
            "Đài Phát thanh và Truyền hình tỉnh; Báo Bình Định Văn bản, nội dung",
            [
                ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", False),
                ("Ban Tuyên giáo – Dân vận Tỉnh uỷ", "Ban Tuyên giáo và Dân vận Tỉnh ủy", False),
                ("các Sở, ngành, địa phương", "Các sở, ban, ngành, địa phương", False),
                ("Đài Phát thanh và Truyền hình tỉnh", "Đài Phát thanh và Truyền hình tỉnh", False),
                ("Báo Bình Định", "Báo Bình Định", False),
            ],
        ),
        (
            "Trung tâm ICISE, Đại học Quy Nhơn, FPT",
            [
                ("Trung tâm ICISE", "Trung tâm ICISE", False),
                ("Đại học Quy Nhơn", "Đại học Quy Nhơn", False),
                ("FPT", "FPT", False),
            ],
        ),
        ("PHÁT TRIỂN KINH TẾ SỐ, XÃ HỘI SỐ", []),
        ("cơ sở dữ liệu dùng chung", []),
        ("Xây dựng cơ sở dữ liệu dùng chung của tỉnh, bảo đảm kết nối liên thông.", []),
    ],
    ids=["sentence", "flattened-cells", "comma-list", "heading", "prose", "prose-sentence"],
)
def test_find(text: str, expected: list[tuple[str, str, bool]]) -> None:
    found = REF.find(text)
    assert [(text[s:e], r.name, r.related) for s, e, r in found] == expected
    ends = [0] + [e for _, e, _ in found]
    for (start, end, _), previous_end in zip(found, ends, strict=False):
        assert previous_end <= start < end  # in order, not overlapping


def test_find_ends_the_newspaper_before_the_output_column() -> None:
    text = (
        "Sở Khoa học và Công nghệ Ban Tuyên giáo – Dân vận Tỉnh uỷ; các Sở, ngành, địa phương; "
        "Đài Phát thanh và Truyền hình tỉnh; Báo Bình Định Văn bản, nội dung"
    )
    found = REF.find(text)
    assert len(found) == 5
    start, end, _ = found[-1]
    assert text[start:end] == "Báo Bình Định"
    assert end < text.index("Văn bản")


# --- 5. the gold files ------------------------------------------------------------------------------

# Names built from a head and a place (the `patterns` of agencies.yaml): they resolve to themselves
# but need not be known bodies. The brief names the first five; the bank branch and the provincial
# youth union are built by the bank and "Tỉnh đoàn" patterns of the same file.
PATTERN_BUILT = re.compile(
    r"UBND (thị xã|thành phố) \S.*|Báo \S.*|Trung tâm \S.*|Đại học \S.*|FPT"
    r"|Ngân hàng Nhà nước chi nhánh (tỉnh|khu vực) \S.*|Tỉnh đoàn \S.*"
)


def _gold_names() -> list[str]:
    names: set[str] = set()
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for task in gold.get("tasks", []):
            names.update(task["lead"])
            names.update(task["coordinating"])
        for indicator in gold.get("indicators", []):
            for key in ("lead", "coordinating", "implementing"):
                names.update(indicator[key])
    return sorted(names)


GOLD_NAMES = (
    [pytest.param(n, id=n) for n in _gold_names()]
    if GOLD.is_dir()
    else [pytest.param(None, marks=pytest.mark.skip(reason=f"gold files not present: {GOLD}"))]
)


@pytest.mark.parametrize("name", GOLD_NAMES)
def test_gold_name_resolves_to_itself(name: str) -> None:
    got = REF.resolve(name)
    assert got.name.casefold() == name.casefold()
    if not PATTERN_BUILT.fullmatch(name):
        assert got.known, f"{name!r} is not a known body"
