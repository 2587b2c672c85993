"""The target grammar: an indicator's target cell or objectives clause → measurable targets.

Each target is ``{"what", "unit", "comparator", "value", "value_max", "level", "text"}`` with
comparator ``>=``, ``<=``, ``>``, ``<``, ``=`` (a bare number), ``~`` ("khoảng"), ``range``
(value..value_max) or ``text`` (no number: value None, the words in ``text``). The words are
in ``data/target_words.yaml`` and ``data/units.yaml``.

How a text is read:

1. It is cut into parts at ``;`` and at ``- `` bullets (not inside brackets, and not inside
   an enumeration opened by "như:", "gồm:" …). A part with no target number gives one
   ``text`` target, unless it is a ``;`` part beside parts that have one: then it qualifies
   them ("từ 05 bộ dữ liệu; công bố trên Cổng …"); a ``- `` item keeps its own. Later
   sentences of a part that has a number are activities, not targets, except a goal stated
   again with its own date ("…, mục tiêu đến năm 2045, X đạt quy chuẩn"), a ``text`` target.
2. In a part, each number is a target unless it is a label or a figure of another kind: a
   year (2025, "giai đoạn 2021 - 2025"), a date or document number (05-NQ/TU, 29/12/2020),
   a section/level/version ("mục 2", "mức độ 4", "Công nghiệp 4.0", "4G"), a specification or
   span ("01 Gb/s", "15 tuổi", "5 năm"), an enumeration mark "(1)", a heading's count of its
   items ("(05 mục tiêu)", "gồm 12 chỉ tiêu"), or a present-state figure ("hiện có 87 trạm",
   up to the next stop or goal word).
3. The comparator comes from the symbol or word right before the number (``≥``, "tối
   thiểu", "trên", "khoảng", "top" …) or right after it ("trở lên"); "A - B" and "A% đến B%"
   are ranges. A comparator before a list carries to the list's later bare numbers ("ít
   nhất 100 A, 50 B" → both ≥) — except a carried ``>``/``≥`` onto 100 % which is just 100 %.
   "giảm/tăng 30%" is ``=`` 30 with the direction kept in ``what``.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from dondoc.ingest import vocab
from dondoc.ingest.vocab import alternation as _alt

Target = dict[str, Any]

_T = vocab.load("target_words")
_U = vocab.load("units")
_FOLDER = vocab.Folder([], _T["char_folds"])

_CMP_OF: dict[str, str] = {w: cmp for cmp, words in _T["comparators"].items() for w in words}
_CMP_BEFORE = re.compile(rf"(?P<w>{_alt(_CMP_OF)})\s*(?:{_alt(_T['fillers'])}\s*)?$")
_POST_OF: dict[str, str] = {w: cmp for cmp, words in _T["postfix_comparators"].items() for w in words}
_POST_AFTER = re.compile(rf"\s*(?P<w>{_alt(_POST_OF)})")
_RANGE_GAP = re.compile(rf"\s*(?:{_alt(_T['range_connectors'])})\s*(?=\d)")
_CARRIED = set(_T["carried_comparators"])
_LIST_SEP = re.compile(rf"(?:{_alt(_T['list_separators'])})\s*$")
_DIRECTION = re.compile(rf"(?P<w>{_alt(_T['directions'])})\s*(?:{_alt(list(_CMP_OF) + _T['fillers'])}\s*)*$")
_PRESENT = re.compile(_alt(_T["present_markers"]))
_INTENT = re.compile(_alt(_T["intent_words"]))
_NOT_BEFORE = re.compile(rf"{_alt(_T['not_before'])}\s*$")
_NOT_AFTER = re.compile(rf"\s*{_alt(_T['not_after'])}")
_CONTINUES = re.compile(rf"\s*{_alt(_T['continuation_openers'])}")
_LIST_INTRO = re.compile(rf"{_alt(_T['list_introducers'])}\s*$")
_COUNTED = re.compile(rf"\s*{_alt(_T['counted_items'])}")
_COUNT_INTRO = re.compile(rf"(?:\(|{_alt(_T['count_introducers'])})\s*$")
_RESTATED = re.compile(
    rf",\s*{_alt(_T['restated_goal_openers'])}\s+(?:đến|tới)\s+(?:hết\s+)?năm\s+(?:19|20)\d{{2}}\s*,\s*"
)

_PCT_SUFFIX: dict[str, str] = _U["percent_suffixes"]
_PCT_AFTER = re.compile(rf"\s*%(?:\s*(?P<s>{_alt(_PCT_SUFFIX)}))?")
_COUNT_OF: dict[str, str] = {w: unit for unit, words in _U["count_units"].items() for w in words}
_COUNT_UNITS = set(_U["count_units"])
_COUNT_AFTER = re.compile(rf"\s*(?:các\s+|những\s+)?(?P<w>{_alt(_COUNT_OF)})")

_LEVEL_NAMED = [(lvl, re.compile(_alt(d["named"]))) for lvl, d in _T["levels"].items()]
_LEVEL_COUNTED = [(lvl, re.compile(rf"\s*{_alt(d['counted'])}")) for lvl, d in _T["levels"].items()]

# A number as printed: "1.000" (dot thousands), "0,75" / "99,5" (decimal comma), "04".
_NUM = re.compile(r"(?<![\w.,/])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?!\w)")
_DOC_OR_DATE = re.compile(r"\s?[/-][^\W\d_]|/\d|\.\d")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_VERSION = re.compile(r"\d+\.0")
_CLAUSE_STOP = re.compile(r"[;.:]\s|[;:]")
_WHAT_STOP = re.compile(r"[,;:(]|\.\s|\.$")
_WHAT_TRIM = re.compile(r"(?:\s+(?:và|hoặc|với|của))+\s*$", re.IGNORECASE)
_WHAT_LEAD = re.compile(rf"\s*(?:{_alt(_T['intent_words'])}\s*)+")
_LEAD_WORDS = re.compile(r"^(?:các|những)\s+", re.IGNORECASE)
_TAIL_WORDS = re.compile(rf"(?:\s*(?:{_alt(list(_CMP_OF) + _T['fillers'])}))+\s*$")
_HEADING_MARK = re.compile(r"[.)]\s")
_YEAR_WORD_BEFORE = re.compile(r"năm\s*$")
_REACH = 48  # characters a look-behind rule reads before a number (see `_back`)
_BULLET = re.compile(r"^(?:[-+•–*]\s*|[a-zđ]\)\s+)+", re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """A number as Vietnamese documents print it: "0,75" → 0.75, "1.000" → 1000, "04" → 4.

    A dot followed by groups of three digits separates thousands; a comma is the decimal
    mark. A lone dot with other than three digits after it is read as a decimal point
    ("2.5"), since no thousands group has fewer digits.
    """
    s = text.strip().replace(" ", "").rstrip("%")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", s):  # English "1,000,000"
        return float(s.replace(",", ""))
    if re.fullmatch(r"\d+(?:,\d+)?", s):
        return float(s.replace(",", "."))
    if re.fullmatch(r"\d+\.\d+", s):
        return float(s)
    return None


def _num_value(x: float) -> int | float:
    return int(x) if x.is_integer() else x


def _parts(key: str) -> list[tuple[int, int]]:
    """Spans of the parts of a text: cut at ";" and at "- " bullets, outside brackets and
    outside an enumeration opened by a colon ("như: Y tế; Giáo dục; …")."""
    spans: list[tuple[int, int]] = []
    depth, in_list, start = 0, False, 0
    n = len(key)
    for i, ch in enumerate(key):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif ch == ":" and _LIST_INTRO.search(key, start, i):
            in_list = True
        elif ch == "." and (i + 1 == n or key[i + 1] == " "):
            in_list = False
        elif ch == ";" and not in_list:
            spans.append((start, i))
            start = i + 1
        elif ch in "-+•–" and i + 1 < n and key[i + 1] == " " and i > start:
            prev = key[start:i].rstrip()
            if prev and prev[-1] in ".;:":
                spans.append((start, i))
                start = i
    spans.append((start, n))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if not any(c.isalnum() for c in key[a:b]):
            continue
        # "…; được tích hợp, kết nối …" goes on with the previous part's subject.
        if merged and _CONTINUES.match(key, a):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _back(part_start: int, pos: int, reach: int = _REACH) -> int:
    # Look-behind rules read at most `reach` characters before a number: the words that
    # qualify a number stand next to it, and a bounded window keeps long paragraphs linear.
    return max(part_start, pos - reach)


def _clause_start(stops: list[int], part_start: int, pos: int) -> int:
    """Start of the clause (after the last "; . :") that holds position `pos`."""
    i = bisect.bisect_right(stops, pos)
    return stops[i - 1] if i else part_start


def _is_present_state(key: str, clause_start: int, pos: int) -> bool:
    """Whether a present-state marker governs the number at `pos` ("hiện có 87 trạm")."""
    marker = None
    for m in _PRESENT.finditer(key, _back(clause_start, pos, 4 * _REACH), pos):
        marker = m
    return marker is not None and not _INTENT.search(key, marker.end(), pos)


def _is_label(key: str, part_start: int, m: re.Match[str], cell: bool) -> bool:
    """Whether the number matched by `m` is not a quantity (see the module docstring)."""
    start, end, raw = m.start(), m.end(), m.group(1)
    near = _back(part_start, start)
    if _DOC_OR_DATE.match(key, end) or _NOT_BEFORE.search(key, near, start):
        return True
    if _NOT_AFTER.match(key, end) and not _PCT_AFTER.match(key, end):
        return True
    if _VERSION.fullmatch(raw) and not _PCT_AFTER.match(key, end):
        return True
    if start > 0 and key[start - 1] == "(" and key[end : end + 1] == ")":
        return True  # an enumeration mark "(1)"
    if _COUNTED.match(key, end) and _COUNT_INTRO.search(key, near, start):
        return True  # a heading's count of its items "(05 mục tiêu)", "gồm 12 chỉ tiêu"
    opens_part = not key[near:start].strip(" -+•–*") and near == part_start
    if opens_part and _HEADING_MARK.match(key, end):
        return True  # a heading number "1." / "2.1." opening the part
    if _YEAR.fullmatch(raw) and not (cell and opens_part):
        own_cmp = _CMP_BEFORE.search(key, near, start)
        if not (own_cmp or _PCT_AFTER.match(key, end) or _COUNT_AFTER.match(key, end)):
            return True
        if _YEAR_WORD_BEFORE.search(key, near, start):
            return True
    return False


def _unit_after(key: str, pos: int) -> tuple[str | None, int]:
    pct = _PCT_AFTER.match(key, pos)
    if pct:
        suffix = pct.group("s")
        return (_PCT_SUFFIX[re.sub(r"\s+", " ", suffix)] if suffix else "%"), pct.end()
    cnt = _COUNT_AFTER.match(key, pos)
    if cnt:
        return _COUNT_OF[re.sub(r"\s+", " ", cnt.group("w"))], pos  # the noun stays in `what`
    return None, pos


def _level(key: str, unit_end: int, window_end: int, counted: bool) -> str | None:
    # "100% xã" counts communes; "45% GRDP tỉnh" does not (the suffix names the measure).
    for lvl, rx in _LEVEL_COUNTED:
        if counted and rx.match(key, unit_end):
            return str(lvl)
    for lvl, rx in _LEVEL_NAMED:
        if rx.search(key, unit_end, window_end):
            return str(lvl)
    return None


def _what(
    s: str, key: str, index: list[int], clause_start: int, num_start: int, unit_end: int, window_end: int
) -> str | None:
    """Best effort: the noun phrase after the figure, else the words before it."""
    direction = _DIRECTION.search(key, _back(clause_start, num_start), num_start)
    stop = _WHAT_STOP.search(key, unit_end, window_end)
    a, b = unit_end, stop.start() if stop else window_end
    if not key[a:b].strip(" .;,-–"):
        a, b = clause_start, direction.start() if direction else num_start
        tail = _TAIL_WORDS.search(key, _back(a, b), b)
        if tail:
            b = tail.start()
        lead = _WHAT_LEAD.match(key, a, b)
        if lead:
            a = lead.end()
    words = _LEAD_WORDS.sub("", _WHAT_TRIM.sub("", _orig(s, index, a, b).strip(" .;,:-–")))
    if direction:
        words = f"{direction.group('w')} {words}".strip()
    return words or None


def _orig(s: str, index: list[int], a: int, b: int) -> str:
    if a >= b:
        return ""
    return s[index[a] : index[b - 1] + 1]


def parse_targets(text: str, *, unit: str | None = None, default_what: str | None = None) -> list[Target]:
    """The targets a cell or clause states (see the module docstring for the rules).

    `unit` is the separate unit column of a table row; when given it is every numeric
    target's unit, the text is read as a cell, and each target's ``text`` is the cell.
    `default_what` names what is measured when the text does not (a table row's indicator).
    """
    s = _BULLET.sub("", _FOLDER.repair(vocab.clean(text or "").replace("**", "")))
    if not s:
        return []
    key, index = _FOLDER.fold(s)
    cell = unit is not None
    out: list[Target] = []
    parts = [(a, b, _part_targets(s, key, index, a, b, unit, default_what, cell)) for a, b in _parts(key)]
    measured = any(found for _a, _b, found in parts)
    for p_start, p_end, found in parts:
        if found is None:
            continue  # only present-state figures: a statement of fact, not an objective
        if found:
            out.extend(found)
            restated = _RESTATED.search(key, p_start, p_end)
            if restated and not _quantities(key, restated.end(), p_end, cell):
                out.append(_text_target(_orig(s, index, restated.end(), p_end).strip(" .;,"), unit, None))
            continue
        if measured and key[p_start] not in "-+•–":
            # "… từ 05 bộ dữ liệu; công bố trên Cổng …": beside a measured part, a ";" part with
            # no figure qualifies it (a "- " item of its own still states its own target)
            continue
        words = _BULLET.sub("", _orig(s, index, p_start, p_end).strip()).strip(" ;,")
        out.append(_text_target(words, unit, default_what))
    return out


def _text_target(words: str, unit: str | None, default_what: str | None) -> Target:
    return {
        "what": default_what or words,
        "unit": unit,
        "comparator": "text",
        "value": None,
        "value_max": None,
        "level": None,
        "text": words,
    }


def _quantities(key: str, start: int, end: int, cell: bool) -> list[re.Match[str]]:
    return [m for m in _NUM.finditer(key, start, end) if not _is_label(key, start, m, cell)]


def _part_targets(
    s: str,
    key: str,
    index: list[int],
    p_start: int,
    p_end: int,
    unit: str | None,
    default_what: str | None,
    cell: bool,
) -> list[Target] | None:
    """The numeric targets of one part; None when its only figures describe the present."""
    stops = [m.end() for m in _CLAUSE_STOP.finditer(key, p_start, p_end)]
    quantities = [m for m in _NUM.finditer(key, p_start, p_end) if not _is_label(key, p_start, m, cell)]
    nums = [
        m
        for m in quantities
        if not _is_present_state(key, _clause_start(stops, p_start, m.start()), m.start())
    ]
    if quantities and not nums:
        return None
    out: list[Target] = []
    carried: str | None = None  # a list quantifier still in force
    prev_end = p_start
    skip_until = -1
    for i, m in enumerate(nums):
        if m.start() < skip_until:
            continue  # the upper bound of a range already read
        value = parse_number(m.group(1))
        if value is None:
            continue
        value_max: float | None = None
        end = m.end()
        own = _CMP_BEFORE.search(key, _back(p_start, m.start()), m.start())
        comparator = _CMP_OF[re.sub(r"\s+", " ", own.group("w"))] if own else None
        pct = _PCT_AFTER.match(key, end)
        gap = _RANGE_GAP.match(key, pct.end() if pct else end)
        if gap:
            upper = _NUM.match(key, gap.end())
            if upper and (hi := parse_number(upper.group(1))) is not None and hi > value:
                comparator, value_max, end = "range", hi, upper.end()
                skip_until = upper.end()
        t_unit, unit_end = _unit_after(key, end)
        post = _POST_AFTER.match(key, unit_end)
        if post and comparator is None:
            comparator, unit_end = _POST_OF[re.sub(r"\s+", " ", post.group("w"))], post.end()
        if (
            comparator is None
            and carried
            and _LIST_SEP.search(key, _back(prev_end, m.start()), m.start())
            and not _CLAUSE_STOP.search(key, prev_end, m.start())
        ):
            comparator = carried
            if comparator in (">", ">=") and value == 100 and (unit or t_unit or "").startswith("%"):
                comparator = "="  # "trên 80% hộ gia đình, 100% xã": nothing exceeds 100 %
        if own and comparator in _CARRIED:
            carried = comparator
        elif not comparator or comparator not in _CARRIED:
            carried = None
        # The words up to the next figure (not the range's own upper bound) describe this one.
        window_end = next((n.start() for n in nums[i + 1 :] if n.start() >= unit_end), p_end)
        clause_start = _clause_start(stops, p_start, m.start())
        out.append(
            {
                "what": default_what or _what(s, key, index, clause_start, m.start(), unit_end, window_end),
                "unit": unit if unit is not None else t_unit,
                "comparator": comparator or "=",
                "value": _num_value(value),
                "value_max": _num_value(value_max) if value_max is not None else None,
                "level": _level(key, unit_end, window_end, t_unit in (None, "%") or t_unit in _COUNT_UNITS),
                "text": s if cell else None,
            }
        )
        prev_end = unit_end
    return out
