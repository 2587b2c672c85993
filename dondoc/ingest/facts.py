"""Document facts: number, kind, issuer, province, signed date, signer, documents implemented
and plans replaced.

The header block (issuing body, "Số: 119/KH-UBND", "Tuyên Quang, ngày 27 tháng 11 năm 2020")
is read when present; PDF exports of digitally signed plans often lose it, and then the
signature stamp ("Số: 103/KH-UBND", "Thời gian ký: 2025-06-01T…") gives the number and date.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from dondoc.agencies.reference import DATA
from dondoc.ingest.layout import Paragraph
from dondoc.ingest.outline import fold, squash
from dondoc.yamlload import load_yaml

# A document number: 119/KH-UBND, 05-NQ/TU, 2289/QĐ-TTg, 45/2020/NĐ-CP, 152-KH/TU.
DOC_NUMBER = re.compile(
    r"(?<![\w/.])(\d{1,5}(?:\.\d{1,3})?(?:/\d{4})?\s?[/-]\s?[A-ZĐ][A-Za-zĐđ]{0,7}(?:\s?[-/]\s?[A-ZĐ][A-Za-zĐđ0-9]{0,9})+)"
)
DOC_KIND_WORDS = (
    "nghị quyết",
    "quyết định",
    "kế hoạch",
    "chỉ thị",
    "chương trình",
    "thông báo",
    "kết luận",
    "nghị định",
    "thông tư",
    "luật",
    "công văn",
    "đề án",
    "chiến lược",
)
NUMBER_LINE = re.compile(r"\bSố\s*:\s*(?P<n>\d{1,5}\s*/\s*[A-ZĐ][\w\-/]*)")
PLACE_DATE = re.compile(
    r"(?P<place>[A-ZĐÀ-Ỹ][\wÀ-ỹ .]{1,40}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})"
)
STAMP_DATE = re.compile(r"Thời gian ký\s*:\s*(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")
KINDS = (
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "Chương trình hành động"),
    ("KẾ HOẠCH", "Kế hoạch"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("CHƯƠNG TRÌNH", "Chương trình"),
    ("ĐỀ ÁN", "Đề án"),
    ("CHỈ THỊ", "Chỉ thị"),
    ("NGHỊ QUYẾT", "Nghị quyết"),
)
SIGN_ROLES = re.compile(
    r"^(?:TM\.|KT\.|Q\.|TL\.|TUQ\.)?\s*(?:CHỦ TỊCH|PHÓ CHỦ TỊCH|BÍ THƯ|PHÓ BÍ THƯ|GIÁM ĐỐC|THỦ TƯỚNG|"
    r"PHÓ THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BAN THƯỜNG VỤ|TỈNH ỦY|TỈNH UỶ|"
    r"CHÁNH VĂN PHÒNG|THỨ TRƯỞNG|T/M)\b"
)
# A signature block flattened onto one line (Markdown/DOCX tables): "… KT. CHỦ TỊCH PHÓ CHỦ TỊCH Mai Sơn"
SIGNER_INLINE = re.compile(
    r"(?:CHỦ TỊCH|THỦ TƯỚNG|BÍ THƯ|GIÁM ĐỐC|BỘ TRƯỞNG|CHÁNH VĂN PHÒNG)\**\s+"
    r"([A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4})\s*\**\s*$"
)
PERSON_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
PROVINCE_IN_TEXT = re.compile(
    r"(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ)\s+(?P<p>(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]*\s?){1,3})"
)
REPLACES = re.compile(
    r"thay thế\s+(?:cho\s+)?(?:các\s+)?(?:Kế hoạch|Quyết định|Chương trình[^\d]{0,30}?)\s+số\s+(?P<n>[^\s,;]+)"
)


def normalize_number(raw: str) -> str:
    number = re.sub(r"\s+", "", raw).strip(".,;:")
    # a title printed in capitals writes the Prime Minister's suffix "TTG"; it is "TTg"
    return re.sub(r"(?<=[-/])TTG\b", "TTg", number)


def find_doc_numbers(text: str) -> list[tuple[int, str]]:
    """Document numbers cited with a kind word before them ("Nghị quyết số 57-NQ/TW")."""
    out: list[tuple[int, str]] = []
    low = fold(text)
    for m in DOC_NUMBER.finditer(text):
        before = low[max(0, m.start() - 40) : m.start()]
        if not any(w in before for w in DOC_KIND_WORDS):
            continue
        out.append((m.start(), normalize_number(m.group(1))))
    return out


def _first_roman_index(paras: list[Paragraph]) -> int:
    for i, p in enumerate(paras):
        if re.match(r"^\s*\x01?(?:I|1)\s*[.\-–]\s*\S", p.text):
            return i
    return min(len(paras), 12)


def extract_facts(lines: list[str], paras: list[Paragraph], stamps: list[str], full_text: str) -> dict:
    """`lines` are the printed lines (the header and signature blocks are line-based),
    `paras` the joined paragraphs (cited documents can wrap over lines)."""
    preamble_end = _first_roman_index(paras)
    preamble = [p.text for p in paras[:preamble_end]]
    head_lines = [squash(t.lstrip("\x01")) for t in lines[:80] if t.strip()]
    stop = next(
        (i for i, t in enumerate(head_lines) if re.match(r"^(?:I|1)\s*[.\-–]\s*\S", t)), len(head_lines)
    )
    head_lines = head_lines[:stop]
    facts: dict = {
        "number": None,
        "kind": None,
        "issuer": None,
        "province": None,
        "signed_date": None,
        "signer": None,
        "implements": [],
        "replaces": [],
    }
    # number and date: header first, then the signature stamp
    for text in [*head_lines, *stamps]:
        m = NUMBER_LINE.search(text)
        if m and not facts["number"]:
            facts["number"] = normalize_number(m["n"])
        m = PLACE_DATE.search(text)
        if m and not facts["signed_date"]:
            facts["signed_date"] = _iso(m["y"], m["m"], m["d"])
        m = STAMP_DATE.search(text)
        if m and not facts["signed_date"]:
            facts["signed_date"] = _iso(m["y"], m["m"], m["d"])
    # the kind is the title printed in capitals ("KẾ HOẠCH"), not a kind cited in the text
    titles = [t for t in head_lines if t == t.upper()] or head_lines
    for upper, kind in KINDS:
        if any(t.startswith(upper) for t in titles):
            facts["kind"] = kind
            break
    if facts["kind"] is None:
        # no title in capitals survived the export: "UBND tỉnh ban hành Kế hoạch …" says it
        m = re.search(
            r"ban hành\s+(Kế hoạch|Chương trình hành động|Chương trình|Đề án|Quyết định)",
            " ".join(head_lines),
        )
        facts["kind"] = m.group(1) if m else None
    facts["province"] = _province(head_lines, full_text)
    facts["issuer"] = _issuer(head_lines, full_text, facts["province"])
    facts["signer"] = _signer([squash(t.lstrip("\x01")) for t in lines if t.strip() and not t.islower()])
    facts["implements"] = _implements(preamble, facts["number"])
    facts["replaces"] = sorted({normalize_number(m["n"]) for m in REPLACES.finditer(squash(full_text))})
    if facts["number"]:
        facts["replaces"] = [r for r in facts["replaces"] if r != facts["number"]]
    return facts


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


# A "Căn cứ" line whose document regulates ("quy định chi tiết …", "quy định chức năng …", a "Quy
# chế làm việc") gives the legal basis, not a policy the plan carries out (gold/README rules).
LEGAL_BASIS = re.compile(r"\bquy (?:định|chế)\b")
BASIS_START = re.compile(r"(?=\b(?:Căn cứ|Theo đề nghị|Xét đề nghị)\s)")
PROPOSAL_LINE = re.compile(r"^\s*(?:theo|xét)\s+đề nghị\b")


def _implements(preamble: list[str], own_number: str | None) -> list[str]:
    seen: dict[str, str] = {}
    # a PDF paragraph can hold several "Căn cứ" lines run together: judge each on its own
    segments = [seg for text in preamble for seg in BASIS_START.split(text) if seg.strip()]
    for text in segments:
        low = fold(text).lstrip(" -*")
        if PROPOSAL_LINE.match(low) or (low.startswith("căn cứ") and LEGAL_BASIS.search(low)):
            continue
        for _pos, num in find_doc_numbers(text):
            if "/TTr" in num or num == own_number:
                continue  # a proposal (Tờ trình) is not implemented, and a plan does not implement itself
            # the same document with a typo in its suffix ("152-KH/TW" for "152-KH/TU") counts once
            key = re.split(r"[/-]", num)[0] + "|" + re.split(r"[/-]", num)[1][:2]
            seen.setdefault(key, num)
    return list(seen.values())


def _province(preamble: list[str], full_text: str) -> str | None:
    for text in preamble[:12]:
        m = re.search(
            r"(?:^|NHÂN DÂN\s+)(?:TỈNH|THÀNH PHỐ)\s+([A-ZĐÀ-Ỹ ]+?)\s*(?:-{2,}.*)?$",
            squash(text).lstrip("\x01"),
        )
        if m:
            return m.group(1).title()
    counts: dict[str, int] = {}
    for m in PROVINCE_IN_TEXT.finditer(full_text[:200_000]):
        name = m["p"].strip()
        if len(name.split()) >= 2:
            name = " ".join(name.split()[:2])
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        # no "tỉnh X" in the text: the province named most often, from the reference list
        for name in _province_names():
            hits = [m.start() for m in re.finditer(re.escape(name), full_text)]
            # a mention next to "tỉnh" ("Hòa Bình là tỉnh miền núi") counts more than a passing one
            near = sum(1 for h in hits if "tỉnh" in full_text[max(0, h - 25) : h + len(name) + 25].casefold())
            if hits:
                counts[name] = len(hits) + near
    if not counts:
        return None
    return max(counts.items(), key=lambda kv: kv[1])[0]


@lru_cache(maxsize=1)
def _province_names() -> tuple[str, ...]:
    with open(DATA / "provinces.yaml", encoding="utf-8") as f:
        raw = load_yaml(f)
    names: list[str] = []
    for row in raw["continuing"]:
        names.append(row["name"])
        names.extend(row.get("absorbed") or [])
    return tuple(names)


def _issuer(preamble: list[str], full_text: str, province: str | None) -> str | None:
    # the issuing body is printed in capitals in the header; a body cited in a sentence is not it
    head = " ".join(t for t in (squash(x).lstrip("\x01") for x in preamble[:12]) if t == t.upper())
    low = fold(full_text[:20_000])
    top = head[:400]
    if "ỦY BAN NHÂN DÂN" in top or "UỶ BAN NHÂN DÂN" in top:
        body = "UBND thành phố" if re.search(r"NHÂN DÂN\s+THÀNH PHỐ", top) else "UBND tỉnh"
    elif "THỦ TƯỚNG CHÍNH PHỦ" in top:
        return "Thủ tướng Chính phủ"
    elif "BAN THƯỜNG VỤ" in top or re.search(
        r"ban thường vụ tỉnh ủy[^.]{0,40}ban hành chương trình", low[:5000]
    ):
        body = "Ban Thường vụ Tỉnh ủy"
    elif re.search(r"(?:ubnd|ủy ban nhân dân) tỉnh[^.]{0,60}ban hành", low[:5000]):
        body = "UBND tỉnh"
    else:
        return None
    return f"{body} {province}" if province else body


def _signer(lines: list[str]) -> str | None:
    """The name under a signature block: a person-like line within a few lines after an
    all-capitals role line ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")."""
    found: list[str] = []
    for i, t in enumerate(lines):
        inline = SIGNER_INLINE.search(t)
        if inline:
            found.append(inline.group(1))
            continue
        if not (t.upper() == t and SIGN_ROLES.match(t)):
            continue
        for nxt in lines[i + 1 : i + 6]:
            if PERSON_NAME.match(nxt):
                found.append(nxt)
                break
    return found[0] if found else None
