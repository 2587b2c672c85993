"""Reporting duties in the shapes plans write them: who reports to whom, how often, by which
day. Each plan is a few lines built here and read as Markdown; the timing grammar is also
checked on single clauses."""

from __future__ import annotations

import pytest

from dondoc.ingest.extract import extract_document
from dondoc.ingest.readers import read_text
from dondoc.ingest.reporting_timing import Timing, timings

HEAD = (
    "KẾ HOẠCH\nThực hiện chuyển đổi số năm 2026\nI. MỤC ĐÍCH, YÊU CẦU\nBảo đảm hoàn thành các nhiệm vụ.\n"
    "II. NHIỆM VỤ\n1. Sở Y tế\n- Triển khai bệnh án điện tử.\nIII. TỔ CHỨC THỰC HIỆN\n"
)


def duties(body: str) -> list[dict]:
    return extract_document(read_text(HEAD + body, fmt="md"))["reporting"]


def keys(body: str) -> list[tuple]:
    return [(d["to"], d["frequency"], d["due_day"], d["due_month"]) for d in duties(body)]


def test_six_months_with_two_due_dates_gives_two_duties() -> None:
    body = "1. Các sở, ban, ngành định kỳ 06 tháng báo cáo về Sở Tài chính trước ngày 10/6 và 10/12.\n"
    assert keys(body) == [
        ("Sở Tài chính", ["half-yearly"], 10, 6),
        ("Sở Tài chính", ["half-yearly"], 10, 12),
    ]


def test_day_and_month_without_a_frequency_word_is_yearly() -> None:
    body = "1. Các sở, ban, ngành báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 20/01 năm sau.\n"
    assert keys(body) == [("Sở Nội vụ", ["yearly"], 20, 1)]
    assert duties(body)[0]["due"] == "trước ngày 20/01 năm sau"


def test_one_off_reviews_in_a_given_year_are_once() -> None:
    body = (
        "1. Bộ Xây dựng chủ trì các nhiệm vụ được giao; tổ chức sơ kết kết quả triển khai vào cuối năm 2027 "
        "và tổng kết vào cuối năm 2030 để báo cáo Thủ tướng Chính phủ.\n"
    )
    got = duties(body)
    assert [(d["from"], d["to"], d["frequency"], d["due"], d["due_day"]) for d in got] == [
        ("Bộ Xây dựng", "Thủ tướng Chính phủ", ["once"], "vào cuối năm 2027", None),
        ("Bộ Xây dựng", "Thủ tướng Chính phủ", ["once"], "vào cuối năm 2030", None),
    ]


def test_review_without_a_year_or_recipient_is_not_a_duty() -> None:
    body = "1. Bộ Xây dựng\na) Chủ trì triển khai Đề án; tổ chức sơ kết, tổng kết việc thực hiện Đề án.\n"
    assert duties(body) == []


def test_the_same_duty_stated_twice_is_one_duty() -> None:
    body = (
        "1. Sở Tài chính định kỳ hằng quý báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.\n"
        "2. Cơ chế phối hợp\n- Sở Tài chính định kỳ hằng quý tổng hợp, báo cáo UBND tỉnh.\n"
    )
    assert keys(body) == [("UBND tỉnh", ["quarterly"], None, None)]


def test_a_duty_needs_a_recipient_and_a_timing() -> None:
    body = (
        "1. Các sở, ngành báo cáo kết quả thực hiện trước ngày 15 hằng tháng.\n"
        "2. Các sở, ngành báo cáo kết quả thực hiện về Sở Nội vụ theo quy định.\n"
    )
    assert duties(body) == []


def test_periodic_alone() -> None:
    body = "1. Sở Khoa học và Công nghệ định kỳ báo cáo và kiến nghị UBND tỉnh, Bộ Khoa học và Công nghệ.\n"
    assert keys(body) == [
        ("UBND tỉnh", ["periodic"], None, None),
        ("Bộ Khoa học và Công nghệ", ["periodic"], None, None),
    ]


def test_the_channel_is_not_the_recipient_and_the_city_committee_is_kept_as_printed() -> None:
    body = (
        "1. Các Sở, ban, ngành, UBND xã, phường xây dựng kế hoạch triển khai; báo cáo UBND Thành phố "
        "kết quả thực hiện thông qua Sở Khoa học và Công nghệ trước ngày 15 hằng tháng.\n"
    )
    got = duties(body)
    assert keys(body) == [("UBND Thành phố", ["monthly"], 15, None)]
    assert got[0]["from"] == "Các Sở, ban, ngành, UBND xã, phường"


def test_purpose_clause_is_not_a_duty() -> None:
    body = (
        "1. Định kỳ hằng năm (trước ngày 30 tháng 11) các cơ quan, đơn vị gửi báo cáo kết quả thực hiện "
        "về Sở Xây dựng để tổng hợp, báo cáo Ủy ban nhân dân tỉnh và Bộ Xây dựng.\n"
    )
    assert keys(body) == [("Sở Xây dựng", ["yearly"], 30, 11)]


def test_ad_hoc_reports_are_not_duties() -> None:
    body = (
        "1. Các sở, ngành báo cáo đột xuất khi có yêu cầu về Sở Khoa học và Công nghệ.\n"
        "2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các sở, ngành kịp thời phản ánh về "
        "Ủy ban nhân dân tỉnh (qua Sở Khoa học và Công nghệ) để xem xét, giải quyết.\n"
    )
    assert duties(body) == []


def test_a_chairman_receives_as_printed() -> None:
    body = (
        "1. Sở Khoa học và Công nghệ có trách nhiệm theo dõi, đôn đốc, báo cáo Chủ tịch Ủy ban nhân dân "
        "tỉnh kết quả thực hiện hằng năm theo quy định.\n"
    )
    assert [(d["from"], d["to"], d["frequency"]) for d in duties(body)] == [
        ("Sở Khoa học và Công nghệ", "Chủ tịch UBND tỉnh", ["yearly"])
    ]


def test_a_body_the_registry_lacks_is_kept_whole() -> None:
    body = (
        "3. Căn cứ nội dung Kế hoạch, các sở, ban, ngành, Ủy ban nhân dân các xã, phường xây dựng kế hoạch "
        "triển khai. Hằng năm báo cáo kết quả thực hiện về Ban Chỉ huy Phòng thủ dân sự tỉnh qua Văn phòng "
        "Ban Chỉ huy Phòng thủ dân sự tỉnh để tổng hợp, báo cáo.\n"
    )
    got = duties(body)
    assert keys(body) == [("Ban Chỉ huy Phòng thủ dân sự tỉnh", ["yearly"], None, None)]
    assert got[0]["from"] == "Các sở, ban, ngành, Ủy ban nhân dân các xã, phường"


def test_time_then_subject_then_gui_recipient() -> None:
    body = (
        "1. Phân công cụ thể tại Phụ lục. Hàng năm, trước ngày 25 tháng 12, các cơ quan, đơn vị chủ trì "
        "thực hiện các nhiệm vụ được giao gửi Bộ Nông nghiệp và Môi trường báo cáo tình hình triển khai "
        "để tổng hợp, báo cáo Thủ tướng Chính phủ.\n"
    )
    got = duties(body)
    assert keys(body) == [("Bộ Nông nghiệp và Môi trường", ["yearly"], 25, 12)]
    assert got[0]["due"] == "Hàng năm, trước ngày 25 tháng 12"
    assert got[0]["from"] == "Các cơ quan, đơn vị chủ trì thực hiện các nhiệm vụ được giao"


def test_a_report_sentence_broken_by_a_bullet_line_goes_on() -> None:
    body = (
        "1. Sở Khoa học và Công nghệ theo dõi, đôn đốc thực hiện; tham mưu UBND Thành phố báo cáo kết quả "
        "triển khai về Cục Cảnh sát Quản lý hành chính về trật tự xã hội\n"
        "- Cơ quan thường trực Tổ công tác trước ngày 20 hằng tháng lên phần mềm theo dõi để tổng hợp, "
        "báo cáo Chính phủ.\n"
    )
    got = duties(body)
    assert [(d["from"], d["to"], d["frequency"], d["due_day"]) for d in got] == [
        (
            "Sở Khoa học và Công nghệ (tham mưu UBND Thành phố)",
            "Cục Cảnh sát Quản lý hành chính về trật tự xã hội",
            ["monthly"],
            20,
        )
    ]


def test_a_heading_the_registry_only_partly_knows_is_the_reporter() -> None:
    body = (
        "1. Các sở ngành liên quan, Viện Nghiên cứu phát triển Thành phố\n"
        "- Cung cấp, chia sẻ dữ liệu chuyên ngành.\n"
        "- Thực hiện chế độ báo cáo định kỳ hằng quý về tiến độ gửi Sở Tài chính để tổng hợp, báo cáo "
        "Ủy ban nhân dân Thành phố.\n"
    )
    got = duties(body)
    assert [(d["from"], d["to"], d["frequency"]) for d in got] == [
        ("Các sở ngành liên quan, Viện Nghiên cứu phát triển Thành phố", "Sở Tài chính", ["quarterly"])
    ]


def test_amendment_proposals_are_not_reports() -> None:
    body = (
        "1. Trong quá trình thực hiện, nếu cần sửa đổi, bổ sung, các sở hằng năm đề xuất gửi Sở Nội vụ "
        "để tổng hợp, báo cáo UBND tỉnh.\n"
    )
    assert duties(body) == []


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (
            "định kỳ hằng tháng, quý, năm báo cáo về Sở X trước ngày 15 của tháng",
            [Timing(("monthly", "quarterly", "yearly"), "trước ngày 15 của tháng", 15, None)],
        ),
        (
            "báo cáo 6 tháng trước ngày 10/6 và báo cáo hằng năm trước ngày 10/12",
            [
                Timing(("half-yearly",), "trước ngày 10/6", 10, 6),
                Timing(("yearly",), "trước ngày 10/12", 10, 12),
            ],
        ),
        ("báo cáo về Sở X trước ngày 6 tháng 12", [Timing(("yearly",), "trước ngày 6 tháng 12", 6, 12)]),
        (
            "báo cáo trước ngày 20 của tháng cuối quý",
            [Timing(("quarterly",), "trước ngày 20 của tháng cuối quý", 20)],
        ),
        ("báo cáo về Sở X trước ngày 30/11/2025", [Timing(("once",), "trước ngày 30/11/2025", 30, 11)]),
        (
            "định k  báo cáo về Sở X trước ngày 01/12 hàng năm",
            [Timing(("yearly",), "trước ngày 01/12 hàng năm", 1, 12)],
        ),
        ("báo cáo cuối năm 2027 về Sở X", []),
        ("báo cáo trong thời hạn 06 tháng kể từ ngày ký", []),
        ("báo cáo đột xuất, sơ kết, tổng kết khi có yêu cầu", []),
        ("báo cáo bán niên về Sở X", [Timing(("half-yearly",))]),
        ("Báo cáo định kỳ (6 tháng, năm) gửi về Sở X", [Timing(("half-yearly", "yearly"))]),
        ("Báo cáo tháng, quý, năm gửi Sở X", [Timing(("monthly", "quarterly", "yearly"))]),
        ("báo cáo quý I/2026 về Sở X", []),
        ("báo cáo 6 tháng cuối năm về Sở X", [Timing(("half-yearly",))]),
        (
            "hằng quý (trước ngày 15 của tháng cuối quý), 6 tháng (trước ngày 15/6), năm (trước ngày 15/12)",
            [
                Timing(("quarterly",), "trước ngày 15 của tháng cuối quý", 15),
                Timing(("half-yearly",), "trước ngày 15/6", 15, 6),
                Timing(("yearly",), "trước ngày 15/12", 15, 12),
            ],
        ),
        (
            "báo cáo 6 tháng và báo cáo năm trước ngày 15/6 và 15/12",
            [
                Timing(("half-yearly",), "trước ngày 15/6", 15, 6),
                Timing(("yearly",), "trước ngày 15/12", 15, 12),
            ],
        ),
    ],
)
def test_timing_grammar(clause: str, expected: list[Timing]) -> None:
    assert timings(clause) == expected


def test_a_report_heading_is_not_joined_to_its_first_bullet() -> None:
    body = (
        "1. Sở Tài chính (cơ quan chủ trì)\n- Chủ trì theo dõi, đôn đốc thực hiện Kế hoạch.\n"
        "2. Chế độ báo cáo\n- Các sở, ngành định kỳ hằng quý báo cáo về Sở Tài chính.\n"
        "- Sở Tài chính định kỳ hằng năm báo cáo UBND tỉnh.\n"
    )
    assert [(d["from"], d["to"], d["frequency"]) for d in duties(body)] == [
        ("Các sở, ngành", "Sở Tài chính", ["quarterly"]),
        ("Sở Tài chính", "UBND tỉnh", ["yearly"]),
    ]


def test_a_point_joined_to_its_heading_opens_a_new_clause() -> None:
    from dondoc.ingest.reporting import _duties_in, _sentences, _subject

    text = (
        "Phân công thực hiện Kế hoạch a) Bộ Xây dựng chủ trì các nhiệm vụ được giao; tổ chức tổng kết "
        "vào cuối năm 2030 để báo cáo Thủ tướng Chính phủ."
    )
    sentences = _sentences(text)
    assert sentences[0] == "Phân công thực hiện Kế hoạch"
    assert _subject(sentences[1]) == "Bộ Xây dựng"
    assert _duties_in(sentences[2], "Bộ Xây dựng")[0]["due"] == "vào cuối năm 2030"


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Giao Sở Nội vụ tổng hợp, báo cáo UBND tỉnh hằng năm.", "Sở Nội vụ"),
        (
            "Sở Tài chính chủ trì, phối hợp với các sở ngành tham mưu UBND tỉnh báo cáo Bộ Tài chính.",
            "Sở Tài chính",
        ),
        (
            "Hàng năm, trước ngày 25 tháng 12, các cơ quan, đơn vị chủ trì thực hiện các nhiệm vụ được giao gửi Bộ Y tế.",
            "Các cơ quan, đơn vị chủ trì thực hiện các nhiệm vụ được giao",
        ),
        (
            "Thủ trưởng sở, ban, ngành và Ủy ban nhân dân các địa phương tập trung chỉ đạo thực hiện.",
            "Thủ trưởng sở, ban, ngành và Ủy ban nhân dân các địa phương",
        ),
        ("Định kỳ hằng năm (trước ngày 30 tháng 11) báo cáo kết quả về Sở Xây dựng.", None),
        ("Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện.", "Các cơ quan, đơn vị"),
    ],
)
def test_subject_of_a_sentence(sentence: str, subject: str | None) -> None:
    from dondoc.ingest.reporting import _subject

    assert _subject(sentence) == subject
