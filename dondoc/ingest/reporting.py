"""Reporting duties from the implementation part (Tổ chức thực hiện).

A duty is a sentence that says who reports (`from`, the item's agency), to whom (`to`, the
agency after "báo cáo … về" / "gửi … về" / "báo cáo (và kiến nghị) X"), how often (monthly,
quarterly, half-yearly, yearly, or "định kỳ" with no interval → periodic) and by which day
("trước ngày 15 của tháng", "trước ngày 01/12 hằng năm", "(trước ngày 30 tháng 11)").
A sentence with no recipient, the purpose clause "để tổng hợp, báo cáo X", and proposals for
amendments ("sửa đổi, bổ sung … gửi X") are not duties.
"""

from __future__ import annotations

import re

from dondoc.ingest.outline import Item, fold, section_kind, squash
from dondoc.ingest.roles import is_agency_label, leading_agencies, mentions

FREQ_WORDS = (
    ("monthly", re.compile(r"\b(?:hằng|hàng|mỗi)\s+tháng\b|\bhằng tháng\b|(?:hằng|hàng)\s+tháng,")),
    ("quarterly", re.compile(r"\b(?:hằng|hàng|mỗi)\s+quý\b|(?:hằng|hàng)\s+tháng,\s*quý\b")),
    ("half-yearly", re.compile(r"\b(?:6 tháng|sáu tháng|bán niên)\b")),
    ("yearly", re.compile(r"\b(?:hằng|hàng|mỗi)\s+năm\b|(?:tháng|quý),\s*năm\b|\bcuối năm\b")),
)
PERIODIC = re.compile(r"\bđịnh kỳ\b")
REPORT_VERB = re.compile(r"\bbáo cáo\b")
AMENDMENT = re.compile(r"sửa đổi,?\s*bổ sung|điều chỉnh,?\s*bổ sung")
PURPOSE = re.compile(r"\bđể\s+(?:tổng hợp|theo dõi)[^.;]*$")
DUE_DAY_MONTH = re.compile(
    r"trước\s+ngày\s+(?P<d>\d{1,2})(?:\s*(?:/|tháng)\s*(?P<m>\d{1,2}))?(?P<rest>(?:\s+(?:của\s+)?(?:tháng|quý|năm)[^\s,.;)]*)?(?:\s+(?:hằng|hàng)\s+(?:năm|tháng|quý))?)",
    re.IGNORECASE,
)
RECIPIENT_CUES = re.compile(r"\b(?:về|gửi|cho|lên)\s+(?:cho\s+)?$", re.IGNORECASE)
DIRECT_RECIPIENT = re.compile(r"\bbáo cáo(?:\s+và\s+kiến nghị)?\s+$", re.IGNORECASE)


def reporting_duties(parts: list[Item]) -> list[dict]:
    duties: list[dict] = []
    for part in parts:
        if section_kind(part.head) != "implementation":
            continue
        for item in part.walk():
            if item is part and not item.body:
                continue
            text = item.text if item is not part else " ".join(p.text for p in part.body)
            owner = _owner(item) or _from_text(text, None)
            for sentence in _sentences(text):
                duties.extend(_duties_in(sentence, owner))
    return duties


def _owner(item: Item) -> str | None:
    """The agency an implementation item is about: its heading's label, or its own subject."""
    node: Item | None = item
    while node is not None and node.kind != "root":
        label = is_agency_label(node.head.split(":")[0])
        if label:
            return squash(node.head.split(":")[0]).rstrip(" :;.")
        node = node.parent
    return None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ-])|;\s+", squash(text)) if s]


def _duties_in(sentence: str, owner: str | None) -> list[dict]:
    low = fold(sentence)
    if not REPORT_VERB.search(low) or AMENDMENT.search(low):
        return []
    freqs = [name for name, rx in FREQ_WORDS if rx.search(low)]
    if not freqs and PERIODIC.search(low):
        freqs = ["periodic"]
    if not freqs:
        return []
    body = PURPOSE.sub("", sentence)
    recipients = _recipients(body)
    if not recipients:
        return []
    due = DUE_DAY_MONTH.search(body)
    due_text = squash(due.group(0)) if due else None
    due_day = int(due["d"]) if due else None
    due_month = int(due["m"]) if due and due["m"] else None
    if due and not due_month:
        m = re.search(r"tháng\s+(\d{1,2})\b", due.group(0))
        if m:
            due_month = int(m.group(1))
    return [
        {
            "from": owner or _from_text(sentence, None),
            "to": r,
            "frequency": freqs,
            "due": due_text,
            "due_day": due_day,
            "due_month": due_month,
        }
        for r in recipients
    ]


def _from_text(sentence: str, owner: str | None) -> str | None:
    if owner:
        return owner
    agencies, end = leading_agencies(sentence)
    if agencies:
        return squash(sentence[:end])
    m = re.match(
        r"^(?:Thủ trưởng|Giám đốc|Chủ tịch|Người đứng đầu)\b[^.;]*?"
        r"(?=\s+(?:tập trung|chủ trì|có trách nhiệm|định kỳ|chỉ đạo|thực hiện|tổ chức|theo dõi))",
        sentence,
    )
    if m:
        return squash(m.group(0))
    # a subject that names no agency ("Các cơ quan, đơn vị được giao nhiệm vụ …"): its words
    m = re.match(r"^(.{3,100}?)\s+(?:có trách nhiệm|định kỳ|gửi|thực hiện|tổ chức|chủ động)\b", sentence)
    return squash(m.group(1)) if m else None


def _recipients(text: str) -> list[str]:
    """Agencies a report goes to: the list right after "về"/"gửi" following "báo cáo", or right
    after "báo cáo (và kiến nghị)"."""
    low = fold(text)
    verb = REPORT_VERB.search(low)
    if not verb:
        return []
    found = [m for m in mentions(text) if m.start >= verb.start() and not m.agency.related]
    out: list[str] = []
    for m in found:
        before = text[verb.start() : m.start]
        if RECIPIENT_CUES.search(before) or DIRECT_RECIPIENT.search(before):
            out.append(m.agency.name)
            # the rest of the same list ("UBND tỉnh, Bộ Thông tin và Truyền thông")
            tail_end = m.end
            for nxt in found:
                if nxt.start >= tail_end and re.fullmatch(r"[\s,;]*(?:và\s+)?", text[tail_end : nxt.start]):
                    out.append(nxt.agency.name)
                    tail_end = nxt.end
            break
    return out
