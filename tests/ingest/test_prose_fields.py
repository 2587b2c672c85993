"""Tasks written as labelled fields, found in a tasks part titled only "Nội dung", and lists of
names that finish a sentence (gold/README.md, "Tasks"). Each plan is a few lines built here."""

from __future__ import annotations

from dondoc.ingest.extract import extract_document
from dondoc.ingest.layout import build_paragraphs
from dondoc.ingest.prose_fields import field_agencies, fields_in
from dondoc.ingest.readers import read_text
from dondoc.ingest.source import Line

HEAD = (
    "KẾ HOẠCH\nTriển khai thi hành Luật\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Bảo đảm thi hành thống nhất.\n"
)
TAIL = (
    "\nIII. KINH PHÍ THỰC HIỆN\nSở Tài chính chủ trì, phối hợp với các sở, ngành bố trí kinh phí.\n"
    "IV. TỔ CHỨC THỰC HIỆN\nCác sở, ngành báo cáo Sở Nội vụ trước ngày 15/12 hằng năm.\n"
)


def tasks(body: str, fmt: str = "md") -> list[dict]:
    return extract_document(read_text(HEAD + body + TAIL, fmt=fmt))["tasks"]


def brief(body: str, fmt: str = "md") -> list[tuple]:
    return [(t["title"], t["lead"], t["coordinating"], t["deadline"]) for t in tasks(body, fmt)]


YEARLY_2025 = {"kind": "recurring", "freq": "yearly", "start": "2025-01-01"}


def test_a_part_titled_only_noi_dung_between_purpose_and_funding_holds_the_tasks() -> None:
    body = (
        "II. NỘI DUNG\n1. Phổ biến Luật\n- Nội dung thực hiện: Tổ chức phổ biến Luật bằng nhiều hình thức.\n"
        "- Cơ quan thực hiện: Sở Tư pháp.\n- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.\n"
    )
    assert brief(body) == [("Tổ chức phổ biến Luật bằng nhiều hình thức.", ["Sở Tư pháp"], [], YEARLY_2025)]


def test_lead_and_partners_fields_and_a_parent_note_in_brackets() -> None:
    body = (
        "II. NỘI DUNG KẾ HOẠCH\n1. Tập huấn nghiệp vụ\n- Nội dung: Tập huấn cho cán bộ làm công tác việc làm.\n"
        "- Cơ quan chủ trì: Sở Nội vụ, Sở Tài chính.\n"
        "- Cơ quan phối hợp: Sở Y tế (Sở Nội vụ), UBND các xã, phường và các cơ quan, đơn vị có liên quan.\n"
        "- Thời gian thực hiện: Năm 2025 và các năm tiếp theo.\n"
    )
    [(title, lead, coordinating, deadline)] = brief(body)
    assert title == "Tập huấn cho cán bộ làm công tác việc làm."
    assert lead == ["Sở Nội vụ", "Sở Tài chính"]
    assert coordinating == ["Sở Y tế", "UBND các xã, phường"]
    assert deadline == YEARLY_2025


def test_implementers_written_as_sentences_lead_but_the_body_they_advise_does_not() -> None:
    value = (
        "Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân tỉnh ban hành Kế hoạch; Sở Tư pháp và Ủy ban nhân dân "
        "các xã, phường chủ động tổ chức triển khai trong phạm vi quản lý"
    )
    assert field_agencies(value, lead=True) == ["Sở Nội vụ", "Sở Tư pháp", "UBND các xã, phường"]


def test_a_lead_of_related_agencies_only_is_kept() -> None:
    value = "Các sở, ngành có liên quan theo chức năng, nhiệm vụ quản lý được giao."
    assert field_agencies(value, lead=True) == ["Các sở, ngành liên quan"]
    assert field_agencies(value, lead=False) == []


def test_each_bullet_of_a_nhiem_vu_field_is_a_task_with_the_items_agencies_and_time() -> None:
    body = (
        "II. NHIỆM VỤ\n1. Số hóa dữ liệu\na) Nhiệm vụ:\n- Rà soát các cơ sở dữ liệu chuyên ngành.\n"
        "- Chuẩn hóa, đồng bộ dữ liệu về kho dữ liệu dùng chung.\nb) Cơ quan thực hiện:\n"
        "- Đơn vị chủ trì: Sở Y tế.\n- Đơn vị phối hợp: Sở Tài chính.\n"
        "c) Thời gian thực hiện: Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành.\n"
    )
    event = {"kind": "event", "text": "Triển khai đảm bảo theo lộ trình, hướng dẫn của Bộ, ngành"}
    assert brief(body) == [
        ("Rà soát các cơ sở dữ liệu chuyên ngành.", ["Sở Y tế"], ["Sở Tài chính"], event),
        ("Chuẩn hóa, đồng bộ dữ liệu về kho dữ liệu dùng chung.", ["Sở Y tế"], ["Sở Tài chính"], event),
    ]


def test_an_item_of_fields_only_is_titled_by_its_heading_and_a_lone_marker_joins_its_words() -> None:
    body = (
        "II. NỘI DUNG KẾ HOẠCH\n1.\nTổ chức tuyên truyền, phổ biến Luật.\n- Cơ quan thực hiện: Sở Tư pháp.\n"
        "2. Kiểm tra việc thi hành Luật\n- Cơ quan chủ trì: Sở Nội vụ\n"
        "- Thời gian thực hiện: Năm 2026 và các năm tiếp theo.\n"
        "3. Triển khai Chiến lược quốc gia\nThời gian thực hiện sau khi Chiến lược được ban hành.\n"
    )
    assert brief(body) == [
        ("Tổ chức tuyên truyền, phổ biến Luật.", ["Sở Tư pháp"], [], None),
        (
            "Kiểm tra việc thi hành Luật",
            ["Sở Nội vụ"],
            [],
            {"kind": "recurring", "freq": "yearly", "start": "2026-01-01"},
        ),
        (
            "Triển khai Chiến lược quốc gia",
            [],
            [],
            {"kind": "event", "text": "sau khi Chiến lược được ban hành"},
        ),
    ]


def test_a_lead_in_whose_bullets_do_the_work_gives_the_bullets_as_tasks() -> None:
    body = (
        "II. NỘI DUNG KẾ HOẠCH\n1. Hỗ trợ thi hành Luật\n- Các nội dung hỗ trợ thi hành Luật bao gồm:\n"
        "+ Hướng dẫn áp dụng văn bản quy phạm pháp luật;\n+ Tổ chức tiếp nhận kiến nghị của tổ chức, cá nhân;\n"
        "- Cơ quan thực hiện: Sở Tư pháp.\n"
    )
    assert [t[:2] for t in brief(body)] == [
        ("Hướng dẫn áp dụng văn bản quy phạm pháp luật;", ["Sở Tư pháp"]),
        ("Tổ chức tiếp nhận kiến nghị của tổ chức, cá nhân;", ["Sở Tư pháp"]),
    ]


def test_several_fields_on_one_line() -> None:
    assert fields_in("Cơ quan chủ trì: Sở Y tế; cơ quan phối hợp: Sở Tài chính; thời gian: năm 2026.") == [
        ("lead", "Sở Y tế"),
        ("coordinating", "Sở Tài chính"),
        ("deadline", "năm 2026."),
    ]
    assert fields_in("Xây dựng kế hoạch: bảo đảm tiến độ") == []


NAMES = (
    "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Nền tảng số\n1.1. Nền tảng điều hành giao thông\n"
    "Nghiên cứu, triển khai các nền tảng số điều hành giao thông như:\n"
    "- Hệ thống giám sát giao thông thông minh.\n- Hệ thống kiểm tra tải trọng xe tự động.\n"
    "1.2. Hạ tầng số\na) Phát triển hải quan số:\n- Số hóa hoàn toàn chứng từ hải quan.\n"
    "- Nghiên cứu thí điểm khu thương mại tự do.\nb) Triển khai các nền tảng\n"
    "- Nền tảng số quản trị trang trại.\n- Nền tảng truy xuất nguồn gốc nông sản.\n"
)


def test_names_that_finish_a_lead_in_are_one_task_and_work_bullets_are_tasks() -> None:
    assert [t["title"] for t in tasks(NAMES)] == [
        "Nghiên cứu, triển khai các nền tảng số điều hành giao thông như: - Hệ thống giám sát giao thông "
        "thông minh. - Hệ thống kiểm tra tải trọng xe tự động.",
        "Số hóa hoàn toàn chứng từ hải quan.",
        "Nghiên cứu thí điểm khu thương mại tự do.",
        "Triển khai các nền tảng - Nền tảng số quản trị trang trại. - Nền tảng truy xuất nguồn gốc nông sản.",
    ]


def test_present_situation_subsections_and_introductions_are_not_tasks() -> None:
    body = (
        "II. NỘI DUNG\n1. Thực trạng\nHiện nay toàn tỉnh có 87 trạm quan trắc tự động.\n"
        "2. Giáo dục nghề nghiệp\nĐẩy mạnh chuyển đổi số.\nTrọng tâm:\n"
        "Ứng dụng nền tảng đào tạo nghề trên môi trường mô phỏng.\n"
        "3. Các ngành, lĩnh vực khác\nXây dựng kế hoạch hành động phù hợp với ngành, lĩnh vực.\n"
    )
    assert [t["title"] for t in tasks(body)] == [
        "Ứng dụng nền tảng đào tạo nghề trên môi trường mô phỏng.",
        "Xây dựng kế hoạch hành động phù hợp với ngành, lĩnh vực.",
    ]


def lines(texts: list[str]) -> list[Line]:
    return [Line(t, n) for n, t in enumerate(texts, 1)]


def test_wrapped_lines_a_lone_marker_and_paragraph_gaps() -> None:
    """A PDF's lines: wrapped lines follow each other, paragraphs are separated by a blank."""
    paras = build_paragraphs(
        lines(
            [
                "2.",
                "",
                "Rà soát văn bản quy phạm pháp luật",
                "",
                "4.4. Nền tảng giám sát, điều hành giao thông thông minh trên địa bàn",
                "",
                "Nghiên cứu, triển khai các nền tảng số chuyên dùng, cung cấp dịch vụ hỗ trợ giám",
                "sát, điều hành giao thông thông minh trên toàn địa bàn tỉnh theo lộ trình, bảo",
                "đảm kết nối với Trung tâm điều hành thông minh của tỉnh.",
                "",
                "Thi đua là động lực, khen thưởng là ghi nhận. Mở rộng, đa dạng hóa các hình",
                "thức tôn vinh, biểu dương kịp thời, xứng đáng các tổ chức, doanh nghiệp, cá",
                "nhân có đóng góp thiết thực, hiệu quả cho phát triển kinh tế số và xã hội số.",
                "",
                "Khen thưởng đúng người, đúng việc, kịp thời; tạo khí thế thi đua sôi nổi, lan tỏa",
                "tinh thần đổi mới sáng tạo.",
            ]
        ),
        per_line=False,
    )
    assert [" ".join(p.text.split()[:4]) for p in paras] == [
        "2. Rà soát văn",
        "4.4. Nền tảng giám",
        "Nghiên cứu, triển khai",
        "Thi đua là động",
        "Khen thưởng đúng người,",
    ]
    assert paras[2].text.endswith("điều hành thông minh của tỉnh.")


def test_a_blank_after_every_line_is_not_a_paragraph_gap() -> None:
    paras = build_paragraphs(
        lines(
            [
                "- Tổ chức quán triệt, tuyên truyền đầy đủ các nội dung của Quyết định số 2289/QĐ-TTg",
                "",
                "Chính phủ ban hành Chiến lược quốc gia về Cách mạng công nghiệp lần thứ tư đến năm",
                "",
                "2030;",
            ]
        ),
        per_line=False,
    )
    assert len(paras) == 1


def test_a_lettered_item_after_a_title_line_opens_its_own_paragraph() -> None:
    paras = build_paragraphs(lines(["8. Về nâng cao năng lực", "a) Đào tạo và bồi dưỡng:"]), per_line=True)
    assert [p.text for p in paras] == ["8. Về nâng cao năng lực", "a) Đào tạo và bồi dưỡng:"]


def test_without_a_purpose_part_the_parts_before_implementation_hold_the_tasks_but_not_the_scope() -> None:
    text = (
        "KẾ HOẠCH\nTriển khai thi hành Luật\nI. PHẠM VI, ĐỐI TƯỢNG\nCác cơ quan hành chính nhà nước của tỉnh.\n"
        "II. NỘI DUNG\n1. Tổ chức hội nghị quán triệt Luật.\n2. Rà soát văn bản quy phạm pháp luật.\n"
        "III. TỔ CHỨC THỰC HIỆN\nCác sở, ngành báo cáo Sở Tư pháp trước ngày 15/12 hằng năm.\n"
    )
    found = extract_document(read_text(text, fmt="md"))["tasks"]
    assert [t["title"] for t in found] == [
        "Tổ chức hội nghị quán triệt Luật.",
        "Rà soát văn bản quy phạm pháp luật.",
    ]


def test_sub_items_with_their_own_fields_are_tasks_sharing_the_groups_fields() -> None:
    body = (
        "II. NỘI DUNG KẾ HOẠCH\n1. Góp ý dự thảo văn bản\n- Thời gian thực hiện: Năm 2026.\n"
        "1.1. Góp ý dự thảo Nghị định về tiêu chuẩn\n- Cơ quan chủ trì: Sở Y tế.\n"
        "1.2. Góp ý dự thảo Thông tư hướng dẫn\n- Cơ quan chủ trì: Sở Tư pháp.\n"
    )
    year = {"kind": "date", "date": "2026-12-31"}
    assert brief(body) == [
        ("Góp ý dự thảo Nghị định về tiêu chuẩn", ["Sở Y tế"], [], year),
        ("Góp ý dự thảo Thông tư hướng dẫn", ["Sở Tư pháp"], [], year),
    ]


def test_bullets_an_agency_opens_are_tasks_even_after_nhu() -> None:
    body = (
        "II. NHIỆM VỤ\n1. Triển khai các nhiệm vụ trọng tâm như:\n- Sở Y tế xây dựng kho dữ liệu y tế.\n"
        "- Sở Tư pháp rà soát văn bản.\n"
    )
    assert [t[:2] for t in brief(body)] == [
        ("Sở Y tế xây dựng kho dữ liệu y tế.", ["Sở Y tế"]),
        ("Sở Tư pháp rà soát văn bản.", ["Sở Tư pháp"]),
    ]


def test_an_item_whose_own_line_is_the_nhiem_vu_field() -> None:
    body = (
        "II. NỘI DUNG\n1. Nhiệm vụ: Hoàn thiện thể chế về dữ liệu\n- Cơ quan chủ trì: Sở Tư pháp\n"
        "- Thời hạn hoàn thành: Quý IV/2026\n"
    )
    assert brief(body) == [
        ("Hoàn thiện thể chế về dữ liệu", ["Sở Tư pháp"], [], {"kind": "date", "date": "2026-12-31"})
    ]
