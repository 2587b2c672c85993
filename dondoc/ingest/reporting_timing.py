"""When a report is due: the frequencies and due dates of one duty clause.

A clause gives one `Timing` per due date ("trước ngày 10/6 và 10/12" → two), or one for its
frequency words alone ("định kỳ hằng quý"), or one per one-off report in a given year ("sơ kết
vào cuối năm 2027 và tổng kết vào cuối năm 2030" → two, frequency `once`). Rules:

- interval words: "hằng tháng, quý, năm" (a lead word and a list of units), "6 tháng"/"06
  tháng" (half-yearly), "thường niên"… A word followed by a number is a date, not an interval
  ("cuối năm 2027"); "6 tháng" after "ngày"/"trong"/"sau" is a length of time.
- "định kỳ" with no interval is `periodic`.
- a due date with no interval word: a day and month recur yearly ("trước ngày 20/01 năm sau"),
  "của tháng" monthly, "tháng cuối quý" quarterly, a full date with its year is a one-off.
- several due dates: each takes the interval words written since the previous date when every
  date has some ("6 tháng trước ngày 10/6, hằng năm trước ngày 10/12"), else they pair in order
  when there are as many words as dates; otherwise each takes all the clause's intervals.

The words live in data/reporting_words.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.ingest import vocab
from dondoc.ingest.vocab import alternation

_W = vocab.load("reporting_words")
_FOLDER = vocab.Folder(_W["folds"])
FREQ_ORDER = ("monthly", "quarterly", "half-yearly", "yearly", "periodic", "once")

_UNIT_OF = {w: freq for freq, words in _W["units"].items() for w in words}
_UNIT = alternation(_UNIT_OF)
_MORE_UNITS = r"(?:\s*(?:,|/|và|hoặc)\s*(?:cả\s+)?" + _UNIT + r")"
# "hằng tháng, quý, năm", "định kỳ (6 tháng, năm)", "báo cáo quý", and "6 tháng, năm" (a
# half-year that opens a list needs no lead word)
_UNIT_RUN = re.compile(
    r"(?:" + alternation(_W["unit_leads"]) + r"\s*\(?\s*" + _UNIT + _MORE_UNITS + r"*"
    r"|" + alternation(_W["units"]["half-yearly"]) + _MORE_UNITS + r"+)"
)
_UNIT_ONE = re.compile(_UNIT)
_STANDALONE_OF = {w: freq for freq, words in _W["standalone"].items() for w in words}
_STANDALONE = re.compile(alternation(_STANDALONE_OF))
_NOT_BEFORE = set(_W["not_before_months"])
_PERIODIC = re.compile(alternation(_W["periodic"]))
_NUMBER_AFTER = re.compile(r"\s*/?\s*(?:\d|[ivx]+\b)")

_DATE = (
    r"(?P<d>\d{1,2})(?:\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
    r"|\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y2>\d{4}))?)?"
)
# what may follow the day: "hằng tháng", "của tháng cuối quý", "năm sau", "hằng năm"
_TAIL = (
    r"(?P<tail>(?:\s+(?:của\s+)?(?:hằng\s+|mỗi\s+)?(?:tháng|quý|năm)"
    r"(?:\s+(?:cuối|đầu)\s+quý|\s+(?:sau|tiếp theo|kế tiếp|cuối|đầu))?(?!\s*\d))?)"
)
_DUE = re.compile(r"(?P<cue>" + alternation(_W["due_cues"]) + r")\s+" + _DATE + _TAIL)
_CONTINUED = re.compile(
    r"\s*(?:,|và|hoặc)\s*(?:(?:trước\s+)?ngày\s+)?"
    r"(?P<d>\d{1,2})(?:\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?"
    r"|\s+tháng\s+(?P<m2>\d{1,2})(?:\s*(?:năm|/)\s*(?P<y2>\d{4}))?)" + _TAIL
)
_ONCE_WORD = re.compile(alternation(_W["once_words"]))
_ONE_OFF = re.compile(
    r"(?:(?:vào|trong)\s+(?:(?:thời điểm|dịp)\s+)?(?:(?:cuối|giữa|đầu)\s+)?"
    r"|(?:cuối|giữa|đầu)\s+)"
    r"(?:(?:quý\s+[ivx]+|tháng\s+\d{1,2})\s*(?:/|năm)\s*|năm\s+)\d{4}(?!\d)"
)


@dataclass(frozen=True, slots=True)
class Timing:
    frequency: tuple[str, ...]
    due: str | None = None
    due_day: int | None = None
    due_month: int | None = None


@dataclass(frozen=True, slots=True)
class _Due:
    start: int
    end: int
    text: str
    day: int
    month: int | None
    year: int | None
    tail: str


def timings(clause: str) -> list[Timing]:
    """The timings a duty clause states, in text order; [] when it states none."""
    text = vocab.clean(clause)
    low, index = _FOLDER.fold(text)
    freqs = _frequencies(low)
    dues = _dues(low, index, text)
    out: list[Timing] = []
    if dues:
        for due, chosen in zip(dues, _share(dues, freqs), strict=True):
            if not chosen:
                chosen = [_freq_of_due(due)]
            out.append(Timing(tuple(chosen), _with_lead(due, low, index, text), due.day, due.month))
    elif freqs:
        out.append(Timing(tuple(_ordered({f for _, f in freqs}))))
    elif _PERIODIC.search(low) and not _once_spans(low, index, text):
        out.append(Timing(("periodic",)))
    for words in _once_spans(low, index, text):
        out.append(Timing(("once",), words))
    return out


def _share(dues: list[_Due], freqs: list[tuple[int, str]]) -> list[list[str]]:
    """The interval words of each due date ([] → read from the date itself).

    Each date takes the words written since the previous date when every date has some
    ("hằng quý trước ngày 20 …, hằng năm trước ngày 15/12"). Words that all stand before the
    first date govern the list: paired in order when there are as many words as dates ("6 tháng
    và hằng năm, trước ngày 15/6 và 15/12"), else each date takes them all ("định kỳ 06 tháng,
    trước ngày 10/6 và 10/12"). Otherwise a date with no word of its own reads from itself.
    """
    every = _ordered({f for _, f in freqs})
    if len(dues) < 2:
        return [every for _ in dues]
    bounds = [0] + [d.end for d in dues[:-1]]
    own = [
        _ordered({f for pos, f in freqs if lo <= pos < due.end}) for lo, due in zip(bounds, dues, strict=True)
    ]
    if all(own):
        return own
    if all(pos < dues[0].start for pos, _ in freqs):
        if len(freqs) == len(dues):
            return [[f] for _, f in freqs]
        return [every for _ in dues]
    return own


def _ordered(names: set[str]) -> list[str]:
    return [f for f in FREQ_ORDER if f in names]


def _frequencies(low: str) -> list[tuple[int, str]]:
    """(position, frequency) of every interval word, in text order."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for run in _UNIT_RUN.finditer(low):
        before = low[: run.start()].split()
        if low[run.start()].isdigit() and before and before[-1] in _NOT_BEFORE:
            continue
        for unit in _UNIT_ONE.finditer(low, run.start(), run.end()):
            if not _NUMBER_AFTER.match(low, unit.end()):
                found.append((unit.start(), _UNIT_OF[re.sub(r"\s+", " ", unit.group(0))]))
        taken.append((run.start(), run.end()))
    for m in _STANDALONE.finditer(low):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue  # "năm" of "hằng tháng, quý, năm" is the run's
        phrase = re.sub(r"\s+", " ", m.group(0))
        if re.search(r"(?:tháng|quý|năm)$", phrase) and _NUMBER_AFTER.match(low, m.end()):
            continue  # "cuối năm 2027", "báo cáo năm 2025": a date
        before = low[: m.start()].split()
        if (phrase[0].isdigit() or phrase.startswith("sáu")) and before and before[-1] in _NOT_BEFORE:
            continue  # "ngày 6 tháng 12", "trong thời hạn 06 tháng": not an interval
        found.append((m.start(), _STANDALONE_OF[phrase]))
        taken.append((m.start(), m.end()))
    return sorted(found)


def _dues(low: str, index: list[int], text: str) -> list[_Due]:
    out: list[_Due] = []
    pos = 0
    while (m := _DUE.search(low, pos)) is not None:
        pos = m.end()
        month = m["m"] or m["m2"]
        if m["cue"] == "trước" and not month:
            continue  # "trước 15 ngày": a bare "trước" needs a day and month
        out.append(_make_due(m, month, _span(text, index, m.start(), m.end())))
        cue = _span(text, index, m.start("cue"), m.end("cue"))
        end = m.end()
        while (c := _CONTINUED.match(low, end)) is not None:
            month = c["m"] or c["m2"]
            date = _span(text, index, c.start("d"), c.end()).strip()
            out.append(_make_due(c, month, f"{cue} {'ngày ' if 'ngày' not in cue else ''}{date}"))
            end = pos = c.end()
    return out


def _make_due(m: re.Match[str], month: str | None, words: str) -> _Due:
    year = m["y"] or m["y2"]
    return _Due(
        m.start(),
        m.end(),
        words.strip(" ,;.("),
        int(m["d"]),
        int(month) if month else None,
        int(year) if year else None,
        m["tail"],
    )


def _span(text: str, index: list[int], start: int, end: int) -> str:
    if start >= end:
        return ""
    return text[index[start] : index[end - 1] + 1]


def _freq_of_due(due: _Due) -> str:
    tail = due.tail
    if "quý" in tail:
        return "quarterly"
    if due.month is None and "tháng" in tail:
        return "monthly"
    if due.year is not None and due.month is not None:
        return "once"
    if due.month is not None:
        return "yearly"
    return "periodic"


def _with_lead(due: _Due, low: str, index: list[int], text: str) -> str:
    """ "Hàng năm, trước ngày 25 tháng 12": an interval run set before the date with a comma
    is part of the due words."""
    before = low[: due.start]
    for run in _UNIT_RUN.finditer(before):
        if re.fullmatch(r"\s*,\s*", before[run.end() :]):
            return f"{_span(text, index, run.start(), run.end())}, {due.text}"
    return due.text


def _once_spans(low: str, index: list[int], text: str) -> list[str]:
    """The words of each one-off report due in a given year, after a sơ kết/tổng kết word."""
    first = _ONCE_WORD.search(low)
    if first is None:
        return []
    return [_span(text, index, m.start(), m.end()) for m in _ONE_OFF.finditer(low, first.start())]
