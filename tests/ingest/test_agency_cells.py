"""The agencies of one table cell or one "Cơ quan chủ trì:" field (roles.split_agency_cell).

DESIGN.md "Collective assignees" and "Named bodies", gold/README.md (the Agencies bullets): a
cell splits at ";" and line breaks first, at "," or "và" only before another name; the longest
known name wins and an unknown one is kept whole; parenthesised notes are dropped; "related
agencies" phrases name nobody; a centrally-run city's bodies keep the city's names; a head shared
by a list is given to each item.
"""

from __future__ import annotations

import pytest

from dondoc.ingest.roles import read_agency_cell, split_agency_cell
from dondoc.ingest.tables import agency_list


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("", []),
        ("-", []),
        # ";" and line breaks first; a bullet may open each part
        ("Sở Tư pháp; Sở Y tế", ["Sở Tư pháp", "Sở Y tế"]),
        (
            "- Bộ Xây dựng; - Bộ Công thương; - UBND các tỉnh, thành phố",
            ["Bộ Xây dựng", "Bộ Công Thương", "UBND các tỉnh, thành phố trực thuộc trung ương"],
        ),
        ("Sở Tư pháp\nSở Y tế", ["Sở Tư pháp", "Sở Y tế"]),
        # a line that opens in lower case is the same name wrapped in a narrow column
        ("Sở Khoa học\nvà Công nghệ", ["Sở Khoa học và Công nghệ"]),
        (
            "Sở, ban, ngành, tổ chức chính trị\n- xã hội",
            ["Các sở, ban, ngành", "Các tổ chức chính trị - xã hội"],
        ),
        # "và" and "," inside one name do not split it
        ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
        ("Báo và Phát thanh Truyền hình Xyz", ["Báo và Phát thanh Truyền hình Xyz"]),
        ("Các trường đại học, viện nghiên cứu", ["Các trường đại học, viện nghiên cứu"]),
        # "," or "và" before another name splits
        (
            "Sở Nội vụ, Sở Giáo dục và Đào tạo, Sở Tài chính",
            ["Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Tài chính"],
        ),
        (
            "Sở Khoa học và Công nghệ và các sở, ngành, địa phương",
            ["Sở Khoa học và Công nghệ", "Các sở, ban, ngành, địa phương"],
        ),
        ("Trung tâm Abc, Đại học Xyz", ["Trung tâm Abc", "Đại học Xyz"]),
        # two names side by side (a merged cell read as one)
        (
            "Các sở, ngành, UBND xã, phường, đặc khu Sở Tài chính",
            ["Các sở, ban, ngành", "UBND các xã, phường, đặc khu", "Sở Tài chính"],
        ),
    ],
)
def test_split_points(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # the longest known name wins: đặc khu is not cut back to "UBND các xã, phường"
        ("Ủy ban nhân dân xã, phường, đặc khu", ["UBND các xã, phường, đặc khu"]),
        ("UBND các xã, phường", ["UBND các xã, phường"]),
        # a name the data lacks is kept whole, never cut back to a known name it begins with
        (
            "UBND các tỉnh, thành phố vùng trung du và miền núi phía Bắc",
            ["UBND các tỉnh, thành phố vùng trung du và miền núi phía Bắc"],
        ),
        ("Ngân hàng Chính sách xã hội chi nhánh Xyz", ["Ngân hàng Chính sách xã hội chi nhánh Xyz"]),
        (
            "Chi nhánh Ngân hàng Chính sách xã hội Thành phố",
            ["Chi nhánh Ngân hàng Chính sách xã hội Thành phố"],
        ),
        ("Ngân hàng nhà nước khu vực XII", ["Ngân hàng Nhà nước khu vực XII"]),
        # words after a name that are not part of it: the sentence goes on
        ("Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành Kế hoạch", ["Sở Nội vụ"]),
        ("Sở, ban, ngành thuộc Ủy ban nhân dân Thành phố", ["Các sở, ban, ngành"]),
        ("các sở, ban, ngành Thành phố", ["Các sở, ban, ngành"]),
    ],
)
def test_longest_known_name_and_unknown_names_whole(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Trung tâm Dịch vụ việc làm Thành phố (Sở Nội vụ)", ["Trung tâm Dịch vụ việc làm Thành phố"]),
        ("Bộ Nông nghiệp và Môi trường (mạng lưới quốc gia)", ["Bộ Nông nghiệp và Môi trường"]),
        (
            "- Bộ Xây dựng (chủ trì phần chính sách); - UBND các tỉnh, thành phố (chủ trì phần đầu tư tại địa phương).",
            ["Bộ Xây dựng", "UBND các tỉnh, thành phố trực thuộc trung ương"],
        ),
        ("Các Sở, ban, ngành (Thành phố)", ["Các sở, ban, ngành"]),
        # a collective followed by the bodies it means: those bodies
        ("Địa phương (UBND cấp huyện, cấp xã)", ["UBND cấp huyện", "UBND cấp xã"]),
    ],
)
def test_parenthesised_notes(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names


@pytest.mark.parametrize(
    ("cell", "names", "as_lead"),
    [
        ("Cơ quan, địa phương liên quan", [], ["Các cơ quan, địa phương liên quan"]),
        ("Cơ quan có liên quan", [], ["Các cơ quan liên quan"]),
        (
            "Các sở, ngành có liên quan theo chức năng, nhiệm vụ quản lý được giao.",
            [],
            ["Các sở, ngành liên quan"],
        ),
        ("Các bộ, ngành, địa phương liên quan", [], ["Các bộ, ngành, địa phương liên quan"]),
        (
            "Các sở, ngành có liên quan và UBND các xã, phường.",
            ["UBND các xã, phường"],
            ["UBND các xã, phường"],
        ),
        ("Sở Tài chính và các cơ quan, tổ chức khác có liên quan", ["Sở Tài chính"], ["Sở Tài chính"]),
        ("Sở Y tế, các cơ quan, đơn vị, tổ chức có liên quan", ["Sở Y tế"], ["Sở Y tế"]),
        # without "liên quan" a collective names its members
        ("Các bộ, ngành, địa phương", ["Các bộ, ngành, địa phương"], ["Các bộ, ngành, địa phương"]),
    ],
)
def test_related_agencies_name_nobody(cell: str, names: list[str], as_lead: list[str]) -> None:
    assert split_agency_cell(cell) == names
    assert split_agency_cell(cell, lead=True) == as_lead


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Công an Thành phố", ["Công an Thành phố"]),
        ("Ủy ban nhân dân Thành phố", ["UBND Thành phố"]),
        ("Đài Phát thanh và Truyền hình Thành phố", ["Đài Phát thanh và Truyền hình Thành phố"]),
        ("Bảo hiểm xã hội Thành phố", ["Bảo hiểm xã hội Thành phố"]),
        ("Công an tỉnh", ["Công an tỉnh"]),
        # a city inside a province is not the province
        ("UBND thành phố Quy Nhơn", ["UBND thành phố Quy Nhơn"]),
        ("UBND TP.Quy Nhơn", ["UBND thành phố Quy Nhơn"]),
    ],
)
def test_centrally_run_city_names(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        (
            "UBND thành phố Hà Nội, Thành phố Hồ Chí Minh",
            ["UBND thành phố Hà Nội", "UBND Thành phố Hồ Chí Minh"],
        ),
        (
            "UBND thành phố Hà Nội, UBND Thành phố Hồ Chí Minh và các tỉnh/ thành phố khác",
            ["UBND thành phố Hà Nội", "UBND thành phố Hồ Chí Minh", "UBND các tỉnh, thành phố khác"],
        ),
        (
            "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã",
            ["Ban Chỉ huy Phòng thủ dân sự tỉnh", "Ban Chỉ huy Phòng thủ dân sự cấp xã"],
        ),
        ("UBND các tỉnh/thành phố", ["UBND các tỉnh, thành phố trực thuộc trung ương"]),
        ("Các sở, ngành, UBND xã, phường, đặc khu", ["Các sở, ban, ngành", "UBND các xã, phường, đặc khu"]),
        ("Các bộ ngành và các địa phương", ["Các bộ, ngành, địa phương"]),
    ],
)
def test_shared_heads_expand(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names


def test_a_cell_of_roles_keeps_the_lead_clause() -> None:
    cell = "Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành, UBND cấp xã thực hiện công bố dữ liệu."
    assert split_agency_cell(cell) == ["Sở Khoa học và Công nghệ"]


def test_a_misspelt_name_resolves_by_fuzzy_match_and_says_so() -> None:
    (got,) = read_agency_cell("Sở Khoa hoc và Công nghê")
    assert (got.name, got.known, got.fuzzy) == ("Sở Khoa học và Công nghệ", True, True)
    (exact,) = read_agency_cell("Sở Khoa học và Công nghệ")
    assert not exact.fuzzy


@pytest.mark.parametrize(
    "cell",
    [
        "Sở Nội vu",  # one letter from both Sở Nội vụ and Bộ Nội vụ's pattern: too short to guess
        "Sở Văn hóa và Thể thao",  # a real body of two cities, not Sở Văn hóa, Thể thao và Du lịch
        "Sở Văn hóa và Du lịch",  # a word fewer is another name, not a misspelling
        "UBND các tỉnh, thành phố ven biển",  # begins with a known name: kept whole, not fuzzy
    ],
)
def test_no_fuzzy_guess_where_it_could_be_another_body(cell: str) -> None:
    (got,) = read_agency_cell(cell)
    assert not got.fuzzy
    assert got.name == cell


def test_each_name_once_in_order() -> None:
    assert split_agency_cell("Sở Y tế; Sở Tài chính; Sở Y tế") == ["Sở Y tế", "Sở Tài chính"]


def test_capitals_are_a_heading_not_a_name() -> None:
    assert split_agency_cell("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH") == []


def test_tables_delegate_is_the_cell_splitter() -> None:
    assert agency_list("Sở TT&TT, các sở ngành liên quan") == ["Sở Thông tin và Truyền thông"]


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # a narrow PDF column cut the word before its final consonant
        ("Đài Truyề n hình Việt Nam", ["Đài Truyền hình Việt Nam"]),
        ("Cơ quan có liên qua n", []),
        # but an abbreviation is no cut word
        ("UBND tp Quy Nhơn", ["UBND thành phố Quy Nhơn"]),
    ],
)
def test_words_cut_by_a_narrow_column(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # one kind word for a list of bodies; a comma inside a known name stays
        (
            "Các sở: Tài chính, Nội vụ, Văn hóa, Thể thao và Du lịch",
            ["Sở Tài chính", "Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch"],
        ),
        ("Các Bộ: Công an, Quốc phòng", ["Bộ Công an", "Bộ Quốc phòng"]),
        # who stands for a body is the body
        ("Giám đốc Sở Y tế", ["Sở Y tế"]),
        ("Thủ trưởng các sở, ban, ngành", ["Các sở, ban, ngành"]),
    ],
)
def test_kind_word_lists_and_heads_of_bodies(cell: str, names: list[str]) -> None:
    assert split_agency_cell(cell) == names
