"""Indicators written in prose: the objectives part of a plan without an indicator table
("Mục tiêu cụ thể"), or, in a plan with no objectives part, the dated quantified targets of its
purpose part and the target lines of its tasks part (gold/README.md).

How objectives prose is read:

- Every clause of the specific objectives is an indicator. Clauses are split at ";" and "."
  (not inside brackets, not in "…" / "...", not in "1.200" or "2.5", not in a list opened by
  "như:"), and a "(1) …; (2) …" list marker starts a clause. A clause with no number gets a
  `text` target carrying its words (targets.py reads the targets).
- General objectives (mục tiêu tổng quát / chung / tổng thể) are not indicators, dated or not.
- A lead-in that only introduces the items below it ("a) Chất lượng … được cải thiện:") is not
  an indicator; nor is a heading ("2. Mục tiêu cụ thể giai đoạn 2026 - 2030", "Tầm nhìn đến năm
  2045", "a) Về hạ tầng số (03 chỉ tiêu)"), whose "(n chỉ tiêu)" is a count. A heading printed on
  one line with its first sentence ("3. Tầm nhìn đến năm 2045 Sau năm 2030, …") is cut there.
- The year: the clause's own ("đến hết năm Y", "cuối năm Y", "trong năm Y", "giai đoạn Y1 - Y2"
  and "năm Y1 - Y2" give the end year), else the heading or lead-in that dates it. A year inside
  a cited document ("Quyết định số 876/QĐ-TTg … đến năm 2030") or a baseline ("so với năm 2024")
  dates nothing. A clause that states a target and has no year takes the plan's horizon (the
  period of its title, else of its objectives part) and is flagged ``year_from_horizon`` so that
  a reviewer checks it; with no horizon at all it keeps ``year`` null, flagged ``no_year``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dondoc.ingest.layout import Paragraph
from dondoc.ingest.outline import Item, fold, section_kind, squash
from dondoc.ingest.targets import parse_targets
from dondoc.roman import roman_value

_Y = r"(?:19|20)\d{2}"
_DASH = r"\s*[-–—]\s*"
# One capturing group per alternative: the year the expression dates a target to.
_CUE = (
    rf"giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?{_Y}{_DASH}(?:năm\s+)?({_Y})"
    rf"|(?<!\w)năm\s+{_Y}{_DASH}(?:năm\s+)?({_Y})"
    rf"|(?:(?:đến|tới)\s+(?:hết\s+)?(?:cuối\s+)?|cuối\s+|trong\s+|vào\s+|tầm\s+nhìn\s+(?:đến\s+)?)"
    rf"năm\s+({_Y})(?!{_DASH}(?:năm\s+)?{_Y})"
    rf"|(?:tầm\s+nhìn\s+(?:đến\s+)?|(?:đến|tới)\s+(?:hết\s+)?)({_Y})(?![\d/%.,]\d|\s*%)"
)
YEAR_CUE = re.compile(_CUE, re.IGNORECASE)
# A dated expression right after these is a baseline ("so với giai đoạn 2021 - 2025", "so với
# cuối năm 2024"), not the target's year.
_NOT_A_TARGET_YEAR = re.compile(r"(?:so\s+với|bằng|hơn)(?:\s+\w+){0,3}\s*$", re.IGNORECASE)
# A cited document: the years after its number belong to it ("… số 876/QĐ-TTg … đến năm 2030").
_CITATION = re.compile(r"\d+\s?/\s?(?:\d{4}/)?[A-ZĐ]|\d+-[A-ZĐ]{2,}/")

_MARKER = r"(?:\(?[a-zđ0-9.]+[.)\-–]\s*)?"
_LABEL = r"(?:(?:Các\s+)?(?:Mục\s+tiêu|Chỉ\s+tiêu)(?:\s+(?:cụ\s+thể|chủ\s+yếu|chính))?\s*)"
# "Đến năm 2030:", "Mục tiêu đến năm 2025,", "Chỉ tiêu cụ thể giai đoạn 2026 - 2030:" opening a text.
DATED_LEAD_IN = re.compile(rf"^\s*{_MARKER}{_LABEL}?(?:{_CUE})\s*[:.,]?\s*", re.IGNORECASE)
# "Mục tiêu cụ thể: …", "Chỉ tiêu: …" opening a text (a label, no year).
LABEL_LEAD_IN = re.compile(rf"^\s*{_MARKER}{_LABEL}:\s*", re.IGNORECASE)
# A heading printed on one line with the first sentence of its text.
_RUN_ON = re.compile(
    rf"^(?P<h>(?:{_LABEL}|Tầm\s+nhìn\s+|Định\s+hướng\s+)[^.;:]{{0,80}}?(?:{_CUE}))\s*[:.]?\s+(?=\S)",
    re.IGNORECASE,
)
_HEAD_WORDS = ("mục tiêu", "chỉ tiêu", "tầm nhìn", "định hướng")
_SITUATION = ("kết quả", "tình hình", "thực trạng", "hiện trạng", "đánh giá")
GENERAL = ("mục tiêu tổng quát", "mục tiêu chung", "mục tiêu tổng thể")
SPECIFIC = ("cụ thể", "chỉ tiêu")
_GENERAL_LABEL = re.compile(r"^\s*(?:Mục\s+tiêu\s+(?:tổng\s+quát|chung|tổng\s+thể))\b", re.IGNORECASE)
_LIST_MARK = re.compile(r"\((\d{1,2}|[ivx]{1,4})\)\s*")
_OWN_TITLE = re.compile(
    r"(?:ban\s+hành|phê\s+duyệt)\s+[“\"]?(?:Kế\s+hoạch|Chương\s+trình|Đề\s+án)", re.IGNORECASE
)
_NOT_TITLE = ("căn cứ", "theo đề nghị", "trên cơ sở", "xét đề nghị", "xét tờ trình")
# A line of a tasks part that states targets: "Chỉ tiêu: …", "Mục tiêu đến năm 2025: …".
_TARGET_LINE = re.compile(rf"^\s*{_MARKER}(?:{_LABEL}(?:(?:{_CUE})\s*)?):\s*", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?…]\s*$")
_POINT = re.compile(r"[a-zđ]\)\s+\S")
_LABEL_HEADING = re.compile(rf"^\s*{_MARKER}{_LABEL}(?:(?:{_CUE})\s*)?:?\s*$", re.IGNORECASE)
_DATE_BEFORE = re.compile(r"(?:tháng|ngày)\s+\d{1,2}\s*$", re.IGNORECASE)
_BARE_YEAR = re.compile(rf"(?<!\w)năm\s+({_Y})(?!\d)", re.IGNORECASE)

YEAR_FROM_HORIZON = "year_from_horizon"
NO_YEAR = "no_year"


@dataclass(slots=True)
class _Unit:
    """Texts of one outline item that may hold indicator clauses."""

    node: Item
    texts: list[str]
    year: int | None
    specific: bool  # inside the specific objectives: every clause counts, numbers or not
    dated_only: bool = False  # a purpose part: only dated, quantified clauses count


def year_of(text: str) -> int | None:
    """The year a text dates a target to (see the module docstring), or None."""
    cut = _CITATION.search(text)
    scope = text[: cut.start()] if cut else text
    for m in YEAR_CUE.finditer(scope):
        if _NOT_A_TARGET_YEAR.search(scope, max(0, m.start() - 24), m.start()):
            continue
        return int(next(g for g in m.groups() if g))
    return None


def plan_horizon(preamble: Iterable[str]) -> int | None:
    """The year a plan runs to, from its title ("… giai đoạn 2026 - 2030, tầm nhìn đến năm
    2045" → 2030, "… năm 2026" → 2026): the first dated line before its first part, read from
    "ban hành Kế hoạch" / "Phê duyệt “Kế hoạch" when the line has it. Legal-basis lines ("Căn
    cứ …") and the years of cited documents (after their number) or of dates do not count."""
    for i, raw in enumerate(preamble):
        if i >= 40:
            break
        text = squash(raw)
        m = _OWN_TITLE.search(text)
        if m:
            text = text[m.start() :]
        elif fold(text).startswith(_NOT_TITLE):
            continue
        year = year_of(text) or _bare_year(text)
        if year:
            return year
    return None


def _bare_year(text: str) -> int | None:
    """ "… năm 2026" in a title, not the year of a date ("ngày 27 tháng 11 năm 2020")."""
    cut = _CITATION.search(text)
    scope = text[: cut.start()] if cut else text
    for m in _BARE_YEAR.finditer(scope):
        if not _DATE_BEFORE.search(scope, max(0, m.start() - 12), m.start()):
            return int(m.group(1))
    return None


def objective_sections(parts: list[Item]) -> list[Item]:
    out: list[Item] = []
    for part in parts:
        kind = section_kind(part.head)
        if kind in ("objectives", "objectives+tasks"):
            if kind == "objectives+tasks":
                subs = [c for c in part.children if section_kind(c.head) == "objectives"]
                out.extend(subs or [part])
            else:
                out.append(part)
    return out


def indicators_from_parts(parts: list[Item], preamble: Iterable[Paragraph | str] = ()) -> list[dict]:
    """The prose indicators of a plan: from its objectives part, or, when it has none, from its
    purpose part (dated quantified targets) and the target lines of its tasks part.
    `preamble` is what precedes the first part (its title), which gives the plan's horizon."""
    texts = [p if isinstance(p, str) else p.text for p in preamble]
    horizon = plan_horizon(texts)
    sections = objective_sections(parts)
    if sections:
        return indicators_from_prose(sections, horizon=horizon)
    units: list[_Unit] = []
    for part in parts:
        kind = section_kind(part.head)
        if kind == "purpose":
            units.extend(_purpose_units(part))
        elif kind == "tasks":
            units.extend(_target_line_units(part))
    return _emit(units, horizon)


def indicators_from_prose(sections: list[Item], horizon: int | None = None) -> list[dict]:
    units: list[_Unit] = []
    for sec in sections:
        units.extend(_specific_scope(sec))
    if horizon is None:
        horizon = next((y for y in (_section_year(s) for s in sections) if y), None)
    return _emit(units, horizon)


def _emit(units: list[_Unit], horizon: int | None) -> list[dict]:
    indicators: list[dict] = []
    for unit in units:
        for text in unit.texts:
            year = unit.year
            m = DATED_LEAD_IN.match(text)
            if m:
                year = year_of(m.group(0)) or year
                if ":" in m.group(0):
                    # "Đến năm 2025: A; B" heads the clauses after it; "Đến năm 2030, 100% …"
                    # is the clause's own wording and stays in its text
                    text = text[m.end() :]
            else:
                m = LABEL_LEAD_IN.match(text)
                if m:
                    text = text[m.end() :]
            for clause in split_clauses(text):
                if clause.endswith(":"):
                    year = year_of(clause) or year  # a lead-in: it dates the clauses after it
                    continue
                row = _indicator(len(indicators) + 1, clause, year, unit, horizon)
                if row is None:
                    continue
                row["source"] = {
                    "line": unit.node.line_no,
                    "end_line": max(unit.node.line_no, unit.node.end_line_no),
                }
                indicators.append(row)
    return indicators


def _indicator(n: int, clause: str, year: int | None, unit: _Unit, horizon: int | None) -> dict | None:
    targets = parse_targets(clause)
    measured = any(t["comparator"] != "text" for t in targets)
    own = year_of(clause)
    flags: list[str] = []
    if unit.dated_only:
        if not (measured and (own or year)):
            return None
    elif not unit.specific and not measured:
        return None
    year = own or year
    if year is None:
        if horizon is not None:
            year, flags = horizon, [YEAR_FROM_HORIZON]
        else:
            flags = [NO_YEAR]
    if not targets:
        return None
    row: dict = {
        "code": f"t{n}",
        "text": clause,
        "year": year,
        "lead": [],
        "coordinating": [],
        "implementing": [],
        "targets": targets,
        "flags": flags,  # reasons for a reviewer to check the row (a later pass may add more)
    }
    return row


def _section_year(sec: Item) -> int | None:
    """The period an objectives part itself names (its title, then its general objective)."""
    year = year_of(sec.head) if len(sec.head) < 160 else None
    if year:
        return year
    for node in sec.walk():
        head = fold(node.head)
        if any(w in head for w in GENERAL):
            heading, rest = _split_run_on(node.head)
            return year_of(heading) or year_of(" ".join([rest or "", *(p.text for p in node.body)]))
    return None


def _split_run_on(head: str) -> tuple[str, str | None]:
    """("Tầm nhìn đến năm 2045", "Sau năm 2030, …") for a heading printed with its text."""
    m = _RUN_ON.match(head)
    # the text goes on with a sentence, or with a lettered point the line break was lost before
    if m and (head[m.end() :][:1].isupper() or _POINT.match(head, m.end())):
        return m.group("h"), head[m.end() :]
    return head, None


def _specific_scope(sec: Item) -> list[_Unit]:
    """The items that hold specific objectives, with the year each one gives."""
    out: list[_Unit] = []
    sec_year = year_of(sec.head) if len(sec.head) < 160 else None

    def visit(node: Item, year: int | None, inside: bool) -> None:
        heading, rest = _split_run_on(node.head)
        head = fold(heading)
        if _is_general(node, heading):
            return
        titled = (
            node.kind in ("roman", "number") and len(heading) < 80 and not any(w in head for w in _HEAD_WORDS)
        )
        if titled and (section_kind(heading) == "situation" or head.startswith(_SITUATION)):
            return  # "Kết quả đạt được": present figures, not targets
        if titled and section_kind(heading) == "purpose":
            out.extend(_purpose_units(node))
            return
        if any(w in head for w in SPECIFIC) and (rest is not None or _is_heading(node, heading)):
            inside = True
        own = year_of(heading) if (rest is not None or len(heading) < 120) else None
        if own and (rest is not None or _is_heading(node, heading)):
            year, inside = own, True
        own_text = _head_text(node, heading, rest)
        if node.kind in ("bullet", "letter"):
            body = [squash(p.text) for p in node.body]
            texts = [" ".join([own_text, *body])] if own_text else body  # one item, all its lines
            if texts:
                out.append(_Unit(node, texts, year, inside))
            for child in node.children:
                visit(child, year, inside)
            return
        if own_text:
            out.append(_Unit(node, [own_text], year, inside))
        walk_in_order(node, year, inside)

    def walk_in_order(node: Item, year: int | None, inside: bool) -> None:
        """A titled item's paragraphs and sub-items in reading order: a paragraph "Mục tiêu tổng
        quát: …" is skipped (with what follows it, up to the next label), a title "Mục tiêu cụ thể
        đến năm 2025" opens the specific scope for the paragraphs and items after it."""
        general = False
        for x in _reading_order(node):
            if isinstance(x, Item):
                if not general:
                    visit(x, year, inside)
                continue
            text = squash(x.text)
            if _GENERAL_LABEL.match(text):
                general = True
                continue
            low = fold(text)
            if len(text) < 120 and any(w in low for w in SPECIFIC) and not parse_measured(text):
                inside, general = True, False
                year = year_of(text) or year
                continue
            if DATED_LEAD_IN.match(text):
                inside, general = True, False
            if not general:
                out.append(_Unit(node, [text], year, inside))

    walk_in_order(sec, sec_year, sec_year is not None)
    return out


def _is_general(node: Item, heading: str) -> bool:
    """A general objective: a title "1. Mục tiêu chung (giai đoạn …)", or a point opening with
    one; "quy hoạch tổng thể" inside a specific objective is not."""
    if _GENERAL_LABEL.match(heading):
        return True
    head = fold(heading)
    return (
        node.kind in ("roman", "number")
        and len(head) < 120
        and any(w in head for w in GENERAL)
        and not any(w in head for w in SPECIFIC)
    )


def _reading_order(node: Item) -> list[Paragraph | Item]:
    """An item's paragraphs and sub-items interleaved by line number; paragraphs first when the
    line numbers do not follow the text (a layout table read as prose numbers its own lines)."""
    body: list[Paragraph | Item] = list(node.body)
    children: list[Paragraph | Item] = list(node.children)
    if not (_ascending(body) and _ascending(children)):
        return body + children
    return sorted(body + children, key=lambda x: (x.line_no, isinstance(x, Item)))


def _ascending(xs: list[Paragraph | Item]) -> bool:
    return all(a.line_no <= b.line_no for a, b in zip(xs, xs[1:], strict=False))


def _head_text(node: Item, heading: str, rest: str | None) -> str | None:
    """An objectives item's own words: none when its head is a heading or a lead-in."""
    if rest is not None:
        return squash(rest)
    if _is_heading(node, heading) or _is_lead_in(node, heading):
        return None
    return squash(heading)


def _is_lead_in(node: Item, head: str) -> bool:
    """A head that only introduces the items under it ("… được kiểm soát, cải thiện:")."""
    return bool(node.children) and head.rstrip().endswith(":")


def _is_heading(node: Item, head: str) -> bool:
    """A title rather than a statement: a Markdown title, a date or label alone ("Đến năm
    2026", "2. Mục tiêu cụ thể giai đoạn 2026 - 2030"), or a short unpunctuated head over
    sub-items ("a) Về hạ tầng số (03 chỉ tiêu)")."""
    if node.heading:
        return True
    m = DATED_LEAD_IN.match(head)
    if m and not head[m.end() :].strip(" .:"):
        return True
    h = fold(head).strip()
    if (
        node.kind != "bullet"
        and len(h) < 120
        and h.startswith(_HEAD_WORDS)
        and not _TERMINAL.search(h)
        and not parse_measured(head)
    ):
        return True
    return bool(node.children) and len(h) < 80 and not _TERMINAL.search(h) and not parse_measured(head)


def parse_measured(text: str) -> bool:
    return any(t["comparator"] != "text" for t in parse_targets(text))


def _purpose_units(part: Item) -> list[_Unit]:
    """A purpose part: every text, kept only where a clause is dated and quantified."""
    out: list[_Unit] = []
    for node in part.walk():
        if node.kind in ("bullet", "letter"):
            texts = [squash(node.text)]
        else:  # a part or numbered item: its title, then its paragraphs, each on its own
            texts = [squash(t) for t in ([] if node is part else [node.head]) + [p.text for p in node.body]]
        if texts:
            out.append(_Unit(node, texts, None, False, dated_only=True))
    return out


def _target_line_units(part: Item) -> list[_Unit]:
    """The target lines of a tasks part: a paragraph or item opened by "Chỉ tiêu:" /
    "Mục tiêu …:", or the items under a heading "Chỉ tiêu" / "Mục tiêu"."""
    out: list[_Unit] = []
    for node in part.walk():
        paras = [node.head, *(p.text for p in node.body)] if node is not part else [p.text for p in node.body]
        for raw in paras:
            text = squash(raw)
            m = _TARGET_LINE.match(text) or _LABEL_HEADING.match(text)
            if not m:
                continue
            label, rest = m.group(0), text[m.end() :]
            specific = "chỉ tiêu" in fold(label)
            if rest:
                out.append(_Unit(node, [rest], year_of(label), specific))
            elif raw is node.head:
                out.extend(_Unit(c, [squash(c.text)], year_of(label), specific) for c in node.children)
    return out


def split_clauses(text: str) -> list[str]:
    """Split at ";" and "." outside brackets, "…"/"...", numbers ("1.200", "2.5") and a list
    introduced by "như:"; a "(1) … (2) …" list marker also starts a clause (and is dropped)."""
    clauses: list[str] = []
    marks = _list_marks(text)
    depth = 0
    in_list = False
    start = 0
    low = text.casefold()
    i = 0
    while i < len(text):
        if i in marks:
            piece = text[start:i].strip()
            if piece:
                clauses.append(piece)
            start = i = marks[i]
            in_list = False
            continue
        ch = text[i]
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        elif ch == ":" and low[max(0, i - 6) : i].strip().endswith(("như", "gồm", "bao gồm")):
            in_list = True
        elif ch in ";." and depth == 0 and not _keeps_dot(text, i) and not (in_list and ch == ";"):
            piece = text[start:i].strip()
            if piece:
                clauses.append(piece)
            start = i + 1
            if ch == ".":
                in_list = False
        i += 1
    tail = text[start:].strip()
    if tail and tail.strip(" .…"):
        clauses.append(tail)
    return [c.strip(" ;.") for c in clauses if len(c.strip(" ;.…")) > 3]


def _keeps_dot(text: str, i: int) -> bool:
    """A "." that does not end a sentence: in a number ("1.200", "PM2.5") or an ellipsis."""
    if text[i] != ".":
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return (before.isdigit() and after.isdigit()) or before == "." or after == "."


def _list_marks(text: str) -> dict[int, int]:
    """Start → end of each "(1)", "(2)" … marker of an enumeration (consecutive from 1 or i)."""
    found = [m for m in _LIST_MARK.finditer(text)]
    out: dict[int, int] = {}
    expect = 1
    for m in found:
        label = m.group(1)
        n = int(label) if label.isdigit() else roman_value(label)
        if n == expect:
            out[m.start()] = m.end()
            expect += 1
    return out if len(out) >= 2 else {}
