"""How well a cell's text fits a column role: the content check behind reading a table.

Header words alone misread real tables: a row under vertically merged cells arrives with fewer
cells, a later table repeats its header without the STT cell, a wide table shifts its rows. So
every cell is also judged by what it holds: an STT column holds codes, a lead or coordinating
column names bodies the registry resolves (or that read like a body's name), a deadline column
parses with the deadline grammar, a content column holds long text. `fit` scores one cell in one
role; `real_tables.py` picks the column assignment with the best total.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dondoc.ingest.deadlines import parse_deadline
from dondoc.ingest.outline import squash
from dondoc.ingest.roles import mentions

CODE = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-ZĐ]|[a-zđ]|\d{1,3}(?:\.\d{1,3}){0,3})\s*[.)]?\s*$")
AGENCY_ROLES = ("lead", "coordinating", "implementing")
NUMBER = re.compile(r"\d")
# A cell that opens like a body's name ("Sở …", "Bộ …", "UBND …", "Ban …", "Các sở …").
BODY_START = re.compile(
    r"^(?:[-–+•]\s*)?(?:các\s+)?(?:sở|bộ|ubnd|ủy ban|uỷ ban|ban|văn phòng|công an|cục|chi cục|trung tâm|"
    r"đài|viện|trường|ngân hàng|bảo hiểm|thuế|kho bạc|hội|liên đoàn|tỉnh đoàn|mặt trận|"
    r"doanh nghiệp|tổng cục|thanh tra|bộ chỉ huy|ban chỉ huy|cơ quan|đơn vị|địa phương|"
    r"chính phủ|thủ tướng|tòa án|viện kiểm sát)\b",
    re.IGNORECASE,
)
VERB_START = re.compile(
    r"^(?:[-–+•]\s*)?(?:xây dựng|triển khai|tổ chức|hoàn thiện|ban hành|rà soát|nghiên cứu|thực hiện|"
    r"tăng cường|đẩy mạnh|phát triển|đầu tư|ứng dụng|kiểm tra|hướng dẫn|tuyên truyền|nâng cao|"
    r"đào tạo|bồi dưỡng|cập nhật|vận hành|thí điểm|đề xuất|tham mưu|tiếp tục|hỗ trợ|phối hợp|"
    r"chủ trì|bảo đảm|đảm bảo|duy trì|kiện toàn|thành lập|số hóa|tích hợp|kết nối|công bố)\b",
    re.IGNORECASE,
)


def is_code(text: str) -> bool:
    return bool(CODE.match(text))


@lru_cache(maxsize=4096)
def agency_share(text: str) -> float:
    """The share of the cell's letters that name bodies the registry knows."""
    flat = squash(text)
    letters = sum(1 for ch in flat if ch.isalpha())
    if not letters:
        return 0.0
    named = sum(sum(1 for ch in flat[m.start : m.end] if ch.isalpha()) for m in mentions(flat))
    return named / letters


def looks_like_agencies(text: str) -> bool:
    flat = squash(text)
    if agency_share(flat) >= 0.55:
        return True
    pieces = [p.strip(" .-–+•") for p in re.split(r"[;\n]|,\s+(?=[A-ZĐÂƯ])", flat) if p.strip(" .-–+•")]
    return bool(pieces) and all(BODY_START.match(p) and len(p.split()) <= 12 for p in pieces)


@lru_cache(maxsize=4096)
def looks_like_deadline(text: str) -> bool:
    flat = squash(text)
    if len(flat) > 160:
        return False
    return parse_deadline(flat) is not None


def fit(role: str, text: str) -> float:
    """Score of `text` in a column of `role`: positive when the cell reads like that column,
    negative when it reads like another one; 0 for an empty cell."""
    flat = squash(text)
    if not flat:
        return 0.0
    words = len(flat.split())
    if role == "stt":
        return 3.0 if is_code(flat) else -4.0
    if is_code(flat):
        return -3.0
    agencies = looks_like_agencies(flat)
    deadline = looks_like_deadline(flat)
    if role == "content":
        score = 2.0 if words >= 4 else 0.5
        if VERB_START.match(flat):
            score += 1.0
        if agencies and not VERB_START.match(flat):
            score -= 2.5
        if deadline and words <= 8:
            score -= 2.0
        return score
    if role in AGENCY_ROLES:
        if agencies:
            # "các bộ, ngành liên quan" names nobody: a partners' cell far more often than a lead's
            found = mentions(flat)
            if role == "lead" and found and all(m.agency.related for m in found):
                return 1.0
            return 2.5
        if deadline:
            return -2.0
        if VERB_START.match(flat):
            return -2.0
        return -1.0 if words > 15 else 0.0
    if role == "deadline":
        if deadline:
            return 2.5
        if agencies:
            return -2.0
        return -1.0 if words > 12 else -0.3
    if role in ("unit",):
        return 1.5 if words <= 4 and not agencies else -1.0
    if role == "target":
        return 1.5 if NUMBER.search(flat) else 0.3
    # output, note, other columns: any text, but not a list of bodies or a bare date
    if agencies and role in ("output", "note"):
        return -0.5
    return 0.3
