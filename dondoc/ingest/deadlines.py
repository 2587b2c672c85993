"""The deadline grammar: a deadline cell or a time phrase of a plan → the contract's deadline.

Shapes returned (DESIGN.md "Deadlines", shared/gold/README.md)::

    {"kind": "date", "date": "YYYY-MM-DD"}
    {"kind": "range", "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}
    {"kind": "recurring", "freq": "monthly|quarterly|yearly|periodic", "start": "YYYY-MM-DD" | None}
    {"kind": "ongoing"}
    {"kind": "event", "text": "<the phrase>"}

The words live in ``data/deadline_words.yaml``; this module holds the shapes of dates
(``15/6/2025``, ``9/2025``, ``Quý I/2026``, ``Năm 2025``, ``2022-2025``) and the order in
which the readings are tried. A point in time means the last day of the period it names
(month, quarter, half, year); a range runs from the first day of its first period to the
last day of its last, and a range within one period is that period's last day.

Precedence, the most specific first: an event opener at the head of the phrase; an interval
word (hằng tháng/quý/năm) — so "Quý I hằng năm" and "Thường xuyên, hằng năm" are yearly; a
year that starts a yearly series ("Năm 2025 và những năm tiếp theo", "từ năm 2026"); a date or
range; "định kỳ" (periodic); "thường xuyên" (ongoing); a "sau khi …" clause anywhere.

Three functions read prose items (a bullet, a lettered clause):

* `leading_time_expression` — a time expression that opens the item governs it.
* `find_event_clause` — a "(sau khi …)" clause, or a trailing "… sau khi Bộ X ban hành.",
  makes the item an event only when the item is a single sentence. A clause belongs to the
  sentence it sits in; in an item of several sentences the other sentences do not wait for
  the trigger, so the item as a whole has none (000 III.3.3's "(khi mạng 5G …)" qualifies
  only its second sentence; 000 III.8.1's "(sau khi Thủ tướng … ban hành …)" closes its only
  sentence). Inside an item a bare "khi" counts only in parentheses (or opening the item);
  a trailing clause needs a strong opener ("sau khi", "ngay khi") and an act ("ban hành").
* `item_deadline` — the three rules above plus a time expression opening the first duty
  after a lead-in ("… thực hiện các nhiệm vụ sau: Thường xuyên …") and an item that calls
  itself ongoing work ("xem đây là nhiệm vụ thường xuyên").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from dondoc.ingest import vocab
from dondoc.ingest.vocab import alternation as _alt

Deadline = dict[str, Any]

_W = vocab.load("deadline_words")
_FOLDER = vocab.Folder(_W["folds"], _W["char_folds"])

# ---- words ---------------------------------------------------------------------------
_INTERVALS = ("monthly", "quarterly", "yearly")
_FREQ_RX = {freq: re.compile(_alt(words)) for freq, words in _W["freq"].items()}
_ANY_FREQ = _alt([w for words in _W["freq"].values() for w in words] + _W["ongoing"])
_ANY_FREQ_RX = re.compile(_ANY_FREQ)
_ONGOING_RX = re.compile(_alt(_W["ongoing"]))
_PREFIXES_RX = re.compile(rf"(?:(?:{_alt(_W['prefixes'])})\s*:?\s*)*")
_EVENT_AT = re.compile(_alt(_W["event_openers"]))
# the end of a cell's first sentence: a full stop before a capital's folded form and more text
_FIRST_SENTENCE = re.compile(r".*?[^\s.]\.\s+(?=\S)")
_BEFORE_YEAR = re.compile(r"\btrước\s+$")
_LEAD_EVENT_AT = re.compile(_alt(_W["lead_event_openers"]))
_STRONG_EVENT_RX = re.compile(_alt(_W["strong_event_openers"]))
_EVENT_VERB_RX = re.compile(_alt(_W["event_verbs"]))
_KHI_ACTOR_RX = re.compile(rf"(?<!\w)khi\s+(?:{_alt(_W['event_actors'])})(?!\w)")
_ONWARD_AT = re.compile(rf"\s*,?\s*{_alt(_W['onward'])}")
_START_BEFORE = re.compile(rf"{_alt(_W['start_markers'])}\s*$")
_RANGE_GAP = re.compile(rf"\s*(?:[-–—]|{_alt(_W['range_connectors'])})\s*")
_LEAD_PREFIX_AT = re.compile(rf"(?:{_alt(_W['lead_prefixes'] + _W['start_markers'])})\s+")
_LEAD_IN_END = re.compile(rf"{_alt(_W['lead_in_endings'])}\s*$")
_STATEMENT_RX = re.compile(
    rf"{_alt(_W['ongoing_statement_verbs'])}\s+(?:một\s+)?(?P<noun>{_alt(_W['ongoing_statement_nouns'])})"
)

# ---- shapes of dates (on the folded, lower-case text) --------------------------------
_Y = r"(?:19|20)\d{2}"
_TOKEN = re.compile(
    r"(?<![\w/.,])(?:"
    rf"(?:ngày\s*)?(?P<dd>\d{{1,2}})\s*(?P<ds>[/.-])\s*(?P<dm>\d{{1,2}})\s*(?P=ds)\s*(?P<dy>{_Y})"
    rf"|(?:ngày\s*)?(?P<ed>\d{{1,2}})\s*tháng\s*(?P<em>\d{{1,2}})\s*(?:năm|/)\s*(?P<ey>{_Y})"
    rf"|(?P<half>{_alt(_W['first_half'] + _W['second_half'])})\s*(?P<hy>{_Y})"
    rf"|(?:tháng\s*)?(?P<mm>\d{{1,2}})\s*/\s*(?P<my>{_Y})"
    rf"|tháng\s*(?P<nm>\d{{1,2}})\s*(?:năm|[-.])\s*(?P<ny>{_Y})"
    rf"|quý\s*(?P<qq>iv|iii|ii|i|[1-4])(?!\w)(?:\s*(?:/|-|năm)\s*(?P<qy>{_Y}))?"
    r"|tháng\s*(?P<bm>\d{1,2})(?![\d/])"
    rf"|(?:năm\s*)?(?P<yy>{_Y})"
    r")(?![\w/]|[.,]\d)"
)
_FIRST_HALF = set(_W["first_half"])
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

_JOIN = re.compile(r"\s*,?\s*(?:và\s+)?")
_EVENT_STOP = re.compile(r"[,:;(]|\.\s|\.$")
_SET_OFF = re.compile(r"\s*(?:[,:;–-]|$)")
_PAREN = re.compile(r"\(([^()]*)\)")
_CLAUSE_BREAK = re.compile(r"[,;:(]")
_BULLET = re.compile(r"^(?:[-+*•–]\s*|\*\*|__|[a-zđ]\)\s+)+", re.IGNORECASE)
_EDGE_PUNCT = " \t.,;:…-–"
_SENTENCE_END = re.compile(r"[.!?]+[\"”»)]*\s+")
_ABBREVIATIONS = {"tp", "tx", "tt", "ts", "ths", "pgs", "gs", "ks", "bs", "v.v", "st", "tr", "q"}


@dataclass(frozen=True, slots=True)
class _Point:
    """A named period of time: a day, month, quarter, half or year (year may be unknown)."""

    unit: str
    year: int | None
    num: int = 0  # month 1-12, quarter 1-4, half 1-2
    day: int = 0
    pos: int = 0  # span in the folded text
    end: int = 0

    def first(self) -> date:
        y = self.year or 1
        if self.unit == "day":
            return date(y, self.num, self.day)
        if self.unit == "month":
            return date(y, self.num, 1)
        if self.unit == "quarter":
            return date(y, 3 * self.num - 2, 1)
        if self.unit == "half":
            return date(y, 1 if self.num == 1 else 7, 1)
        return date(y, 1, 1)

    def last(self) -> date:
        y = self.year or 1
        if self.unit == "day":
            return date(y, self.num, self.day)
        month = {"month": self.num, "quarter": 3 * self.num, "half": 6 * self.num}.get(self.unit, 12)
        return date(y, month, calendar.monthrange(y, month)[1])


def _point(m: re.Match[str]) -> _Point | None:
    g = m.groupdict()
    try:
        if g["dd"] or g["ed"]:
            d, mo, y = (
                (int(g["dd"]), int(g["dm"]), int(g["dy"]))
                if g["dd"]
                else (int(g["ed"]), int(g["em"]), int(g["ey"]))
            )
            date(y, mo, d)  # validates
            p = _Point("day", y, mo, d)
        elif g["half"]:
            p = _Point("half", int(g["hy"]), 1 if g["half"] in _FIRST_HALF else 2)
        elif g["mm"] or g["nm"]:
            mo, y = (int(g["mm"]), int(g["my"])) if g["mm"] else (int(g["nm"]), int(g["ny"]))
            if not 1 <= mo <= 12:
                return None
            p = _Point("month", y, mo)
        elif g["qq"]:
            q = _ROMAN.get(g["qq"]) or int(g["qq"])
            p = _Point("quarter", int(g["qy"]) if g["qy"] else None, q)
        elif g["bm"]:
            mo = int(g["bm"])
            if not 1 <= mo <= 12:
                return None
            p = _Point("month", None, mo)
        else:
            p = _Point("year", int(g["yy"]))
    except ValueError:
        return None
    return replace(p, pos=m.start(), end=m.end())


def _points(key: str, pos: int = 0) -> list[_Point]:
    out = []
    for m in _TOKEN.finditer(key, pos):
        p = _point(m)
        if p is not None:
            out.append(p)
    return out


def _group(key: str, points: list[_Point]) -> tuple[_Point, _Point | None] | None:
    """The first point, or the first range "A - B" / "A đến B"; years are shared across it."""
    if not points:
        return None
    a, b = points[0], None
    if len(points) > 1 and _RANGE_GAP.fullmatch(key, a.end, points[1].pos):
        b = points[1]
        if a.year is None and b.year is not None:
            a = replace(a, year=b.year)
        if b.year is None and a.year is not None:
            b = replace(b, year=a.year)
    if a.year is None or (b is not None and b.year is None):
        return None
    return a, b


def _dated(a: _Point, b: _Point | None, key: str = "") -> Deadline:
    # A range within one period ("2022-2022") is that period's end; so is an inverted one.
    if b is None and a.unit == "year" and a.year and _BEFORE_YEAR.search(key, 0, a.pos):
        # "trước năm 2030": the last day before that year
        return {"kind": "date", "date": date(a.year - 1, 12, 31).isoformat()}
    if b is None or (a.first() == b.first() and a.last() == b.last()) or b.last() < a.first():
        return {"kind": "date", "date": a.last().isoformat()}
    return {"kind": "range", "start": a.first().isoformat(), "end": b.last().isoformat()}


def _series_start(key: str, p: _Point) -> bool:
    """Whether `p` starts a series: "Năm 2025 và những năm tiếp theo", "từ năm 2026"."""
    return bool(_ONWARD_AT.match(key, p.end) or _START_BEFORE.search(key, 0, p.pos))


def _clean(text: str) -> str:
    """The text as printed, on one line, NFC, with the font artefacts ("ƣ") repaired."""
    return _FOLDER.repair(vocab.clean(text))


def _tidy(text: str) -> str:
    """The phrase as printed, without wrapping brackets, bullets or edge punctuation."""
    s = _BULLET.sub("", _clean(text).replace("**", ""))
    while True:
        t = s.strip(_EDGE_PUNCT).replace("...", "").strip(_EDGE_PUNCT)
        if t.startswith("(") and t.endswith(")") and t.count("(") == 1:
            t = t[1:-1]
        elif t.startswith("(") and t.count(")") == 0:
            t = t[1:]
        if t == s:
            return s
        s = t


def parse_deadline(text: str | None) -> Deadline | None:
    """The deadline a cell or phrase states, or None when it states none.

    >>> parse_deadline("Quý I/2026")
    {'kind': 'date', 'date': '2026-03-31'}
    >>> parse_deadline("Năm 2025 và những năm tiếp theo")
    {'kind': 'recurring', 'freq': 'yearly', 'start': '2025-01-01'}
    """
    if text is None:
        return None
    phrase = _tidy(text)
    if not phrase:
        return None
    key, _ = _FOLDER.fold(phrase)
    head = _PREFIXES_RX.match(key)
    if _EVENT_AT.match(key, head.end() if head else 0):
        return {"kind": "event", "text": phrase}

    # a cell of several sentences ("Hoàn thành trong năm 2026. Thực hiện thường xuyên …"): the
    # first sentence that states a time governs (gold/README: the first time expression wins)
    first = _FIRST_SENTENCE.match(key)
    if first and first.end() < len(key):
        for sentence in (key[: first.end()], key[first.end() :]):
            found = parse_deadline(sentence)
            if found is not None:
                return found if found.get("kind") != "event" else {"kind": "event", "text": phrase}
    points = _points(key)
    intervals = sorted((m.start(), freq) for freq in _INTERVALS for m in _FREQ_RX[freq].finditer(key))
    if intervals:
        start = next((p.first().isoformat() for p in points if p.year and _series_start(key, p)), None)
        return {"kind": "recurring", "freq": intervals[0][1], "start": start}
    group = _group(key, points)
    if group is not None:
        a, b = group
        if b is None and _series_start(key, a):
            return {"kind": "recurring", "freq": "yearly", "start": a.first().isoformat()}
        return _dated(a, b, key)
    if _FREQ_RX["periodic"].search(key):
        return {"kind": "recurring", "freq": "periodic", "start": None}
    if _ONGOING_RX.search(key):
        return {"kind": "ongoing"}
    if _STRONG_EVENT_RX.search(key):
        return {"kind": "event", "text": phrase}
    return None


# ---- prose items ---------------------------------------------------------------------
def _orig_end(index: list[int], folded_end: int) -> int:
    return index[folded_end - 1] + 1 if folded_end > 0 else 0


def _time_at(key: str, pos: int) -> int | None:
    """End of a time expression (words, or an optionally prefixed date) starting at `pos`."""
    m = _ANY_FREQ_RX.match(key, pos)
    if m:
        return m.end()
    pre = _LEAD_PREFIX_AT.match(key, pos)
    start = pre.end() if pre else pos
    tok = _TOKEN.match(key, start)
    if not tok or _point(tok) is None:
        return None
    end = tok.end()
    gap = _RANGE_GAP.match(key, end)
    nxt = _TOKEN.match(key, gap.end()) if gap else None
    if nxt and _point(nxt) is not None:
        end = nxt.end()
    onward = _ONWARD_AT.match(key, end)
    if onward:
        end = onward.end()
    if not pre:
        # Unprefixed, a date opens an item only when it starts with a word (năm, quý, tháng,
        # ngày): a bare "29/12/2020" at a line head is the tail of a document reference. A
        # year or a day must also be set off by punctuation ("Năm 2023, …"), so "Năm 2023 là
        # năm …" and "ngày 08/4/2020 của Chính phủ" do not open an item.
        if not key[tok.start()].isalpha():
            return None
        p = _point(tok)
        if p is not None and p.unit in ("year", "day") and end == tok.end() and not _SET_OFF.match(key, end):
            return None
    return end


def leading_time_expression(text: str) -> tuple[str, Deadline] | None:
    """(phrase, deadline) for a time expression that opens a prose item, else None.

    Time words joined to the first one ("Định kỳ hằng năm", "Thường xuyên, hằng năm") make
    one expression; a later one after other words does not count ("Thường xuyên theo dõi
    và định kỳ đánh giá" → "Thường xuyên").
    """
    s = _BULLET.sub("", _clean(text).replace("**", ""))
    if not s:
        return None
    key, index = _FOLDER.fold(s)
    ev = _LEAD_EVENT_AT.match(key)
    if ev:
        stop = _EVENT_STOP.search(key, ev.end())
        phrase = _tidy(s[: _orig_end(index, stop.start() if stop else len(key))])
        return phrase, {"kind": "event", "text": phrase}
    first = _time_at(key, 0)
    if first is None:
        return None
    end = first
    while True:
        j = _JOIN.match(key, end)
        nxt = _time_at(key, j.end()) if j and j.end() > end else None
        if nxt is None:
            break
        end = nxt
    phrase = _tidy(s[: _orig_end(index, end)])
    deadline = parse_deadline(phrase)
    return (phrase, deadline) if deadline else None


def split_sentences(text: str) -> list[str]:
    """Sentences of a cleaned text: a stop, then a space, then a capital (not after "TP.")."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        nxt = text[m.end() : m.end() + 1]
        before = text[start : m.start()].rsplit(" ", 1)[-1].lower()
        if not nxt or not (nxt.isupper() or nxt in '“"(-') or before in _ABBREVIATIONS:
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    # A stray "…" or "." left by the extraction is not a sentence.
    return [x for x in out if any(ch.isalpha() for ch in x)]


def find_event_clause(text: str) -> tuple[str, Deadline] | None:
    """(clause, event) when a conditional clause makes the whole item an event, else None.

    The clause is either in parentheses and opens with an event opener ("(sau khi Thủ tướng
    Chính phủ ban hành …)", "(khi …)"), or closes the sentence, opens with a strong opener and
    names an act ("… sau khi Bộ Công Thương ban hành."). Either counts only when the item is
    a single sentence (see the module docstring for why).
    """
    s = _clean(text)
    if len(split_sentences(s)) != 1:
        return None
    key, index = _FOLDER.fold(s)
    for m in _PAREN.finditer(key):
        inner = m.group(1).strip()
        if _EVENT_AT.match(inner):
            phrase = _tidy(s[_orig_end(index, m.start() + 1) : _orig_end(index, m.end() - 1)])
            return phrase, {"kind": "event", "text": phrase}
    for m in _STRONG_EVENT_RX.finditer(key):
        if m.start() == 0 or key.count("(", 0, m.start()) > key.count(")", 0, m.start()):
            continue  # an opening clause is leading_time_expression's; a bracketed one is above
        rest = key[m.end() :]
        if _CLAUSE_BREAK.search(rest.rstrip(" .…")) or not _EVENT_VERB_RX.search(rest):
            continue
        phrase = _tidy(s[index[m.start()] :])
        return phrase, {"kind": "event", "text": phrase}
    for m in _KHI_ACTOR_RX.finditer(key):
        # "… khi Chính phủ và các Bộ, ngành ban hành văn bản hướng dẫn.": the last clause of the
        # one sentence, an issuing body acting in it (its commas are the body's list, not a break)
        if m.start() == 0 or key.count("(", 0, m.start()) > key.count(")", 0, m.start()):
            continue
        rest = key[m.end() :]
        if ";" in rest or ":" in rest or not _EVENT_VERB_RX.search(rest):
            continue
        phrase = _tidy(s[index[m.start()] :])
        return phrase, {"kind": "event", "text": phrase}
    return None


def item_deadline(text: str) -> tuple[str, Deadline] | None:
    """The deadline governing a whole prose item, with the phrase that states it.

    Tried in order: a time expression opening the item; one opening the first duty after a
    lead-in ("Sở X chủ trì … thực hiện các nhiệm vụ sau: Thường xuyên …"); a conditional
    clause (`find_event_clause`); a statement that the item is ongoing work ("…, xem đây là
    nhiệm vụ thường xuyên của cơ quan, đơn vị"). A time word inside the item is not enough.
    """
    found = leading_time_expression(text)
    if found:
        return found
    s = _clean(text)
    colon = s.find(":")
    if colon > 0:
        sentences = split_sentences(s)
        first = sentences[0] if sentences else s
        head_key, _ = _FOLDER.fold(s[:colon])
        if colon < len(first) and _LEAD_IN_END.search(head_key):
            found = leading_time_expression(s[colon + 1 :])
            if found:
                return found
    found = find_event_clause(s)
    if found:
        return found
    key, index = _FOLDER.fold(s)
    m = _STATEMENT_RX.search(key)
    if m:
        phrase = s[index[m.start("noun")] : _orig_end(index, m.end("noun"))]
        return phrase, {"kind": "ongoing"}
    return None
