"""Reporting duties from the implementation part (Tổ chức thực hiện, Chế độ báo cáo).

A duty is a clause (a sentence, or a part of one between `;`) that names a report ("báo cáo"),
its recipient (`to`) and its timing (reporting_timing.py): one duty per recipient and timing.
The rules, for any plan:

- recipient: the first list of bodies after "báo cáo … về/gửi/lên/cho" or right after "báo cáo
  (và kiến nghị)", or "gửi X báo cáo"; "(thông) qua Y" is only the channel. A body is named as
  the registry names it, except the people's committee, which is kept as printed in short form
  ("UBND Thành phố" in a city's plan, "Chủ tịch UBND tỉnh"); a body the registry lacks is kept
  whole as printed ("Cục Cảnh sát Quản lý hành chính về trật tự xã hội").
- not duties: a clause with no recipient or no timing (ad-hoc reports "khi có yêu cầu",
  difficulties "phản ánh"), amendment proposals ("sửa đổi, bổ sung … gửi X"), and the purpose
  clause "để tổng hợp, báo cáo Z" (the recipient's own onward report).
- `from`: the clause's own subject, else the last subject of the same item, else the agency
  heading the item sits under, else the item's subject; "tham mưu X báo cáo …" adds "(tham mưu X)".
- the same duty stated twice is one duty.
"""

from __future__ import annotations

import re

from dondoc.agencies.reference import Resolved
from dondoc.ingest import vocab
from dondoc.ingest.outline import Item, fold, section_kind, squash
from dondoc.ingest.reporting_timing import Timing, timings
from dondoc.ingest.roles import Mention, is_agency_label, leading_agencies, mentions
from dondoc.ingest.vocab import alternation

_W = vocab.load("reporting_words")
REPORT_VERB = re.compile(alternation(_W["report_verbs"]))
AMENDMENT = re.compile(alternation(_W["amendment"]))
PURPOSE = re.compile(alternation(_W["purpose"]))
RECIPIENT_CUE = re.compile(alternation(_W["recipient_cues"]) + r"\s+$")
DIRECT_CUE = re.compile(alternation(_W["direct_cues"]) + r"\s+$")
SENT_BEFORE = re.compile(r"\bgửi(?:\s+(?:về|cho))?\s+$")
REPORT_AFTER = re.compile(r"^\s*(?:các\s+)?" + alternation(_W["report_verbs"]))
LIST_GLUE = re.compile(r"^[\s,]*(?:và\s+)?(?:các\s+)?$")
NAME_HEAD = re.compile(r"(?<![\w])" + alternation(_W["name_heads"]) + r"(?=\s)")
NAME_STOP = re.compile(r"\s+" + alternation(_W["name_stops"]) + r"|\s*[,;.:()\[\]]|\s+[-–]\s")
TITLE_BEFORE = re.compile(alternation(_W["titles"]) + r"\s+$")
LITERAL_IDS = set(_W["literal_recipients"])
COMMITTEE = re.compile(r"(?:Ủy|Uỷ|ủy|uỷ)\s+ban\s+nhân\s+dân")
STRONG_END = re.compile(alternation(_W["subject_ends"]["strong"]))
WEAK_END = re.compile(alternation(_W["subject_ends"]["weak"]))
SUBJECT_HEAD = re.compile("^" + alternation(_W["subject_heads"]))
SUBJECT_OPENER = re.compile("^" + alternation(_W["subject_openers"]) + r"\s+")
# "Hằng năm, trước ngày 25 tháng 12, …", "Định kỳ hằng năm (trước ngày 30 tháng 11) …",
# "Căn cứ nội dung Kế hoạch …, các sở …", "Trong quá trình thực hiện, …": not the subject.
TIME_OPENER = re.compile(
    r"^(?:(?:định kỳ|định kì)\s*)?(?:(?:hằng|hàng|mỗi)\s+(?:tháng|quý|năm)(?:\s*,\s*(?:tháng|quý|năm))*)?"
    r"\s*(?:\([^)]*\))?\s*,?\s*(?:trước ngày[^,]*,\s*)?"
)
CLAUSE_OPENER = re.compile(r"^(?:căn cứ|trên cơ sở|trong quá trình|sau khi)\b[^,]{0,160},\s*")
ADVISING = re.compile(r"^tham mưu\s+")
MAX_WORDS = int(_W["subject_max_words"])


def reporting_duties(parts: list[Item]) -> list[dict]:
    """The duties of the plan's implementation parts, in text order, each stated once."""
    duties: list[dict] = []
    for part in parts:
        if section_kind(part.head) != "implementation":
            continue
        joined: set[int] = set()
        for item in part.walk():
            if id(item) in joined or (item is part and not item.body):
                continue
            text = item.text if item is not part else " ".join(p.text for p in part.body)
            if item is not part:
                text = _run_on(item, text, joined)
            label = _label(item)
            item_subject = _subject(text)
            last: str | None = None
            for sentence in _sentences(text):
                own = _subject(sentence)
                last = own or last
                duties.extend(_duties_in(sentence, own or last or label or item_subject))
    return _dedupe(duties)


def _run_on(item: Item, text: str, joined: set[int]) -> str:
    """A report sentence broken by a bullet line ("… báo cáo về Cục X" / "- Cơ quan thường
    trực … trước ngày 20 hằng tháng …") goes on in the item's first child."""
    if not item.children or re.search(r"[.;:!?]\W*$", text) or not REPORT_VERB.search(fold(text)):
        return text
    if len(text.split()) < 12:
        return text  # a heading ("3. Chế độ báo cáo"), not a sentence in progress
    child = item.children[0]
    joined.add(id(child))
    return f"{text} - {child.text}"


def _label(item: Item) -> str | None:
    """The agency an item sits under: the nearest heading that is only a list of bodies
    ("1. Các Sở, ban, ngành, UBND các huyện:", "5. Các sở ngành liên quan, Viện X")."""
    node: Item | None = item
    while node is not None and node.kind != "root":
        # "1. Sở Tài chính (cơ quan chủ trì)": the note in brackets is not part of the name
        head = squash(re.sub(r"\s*\([^)]*\)", "", node.head.split(":")[0])).rstrip(" :;.")
        if is_agency_label(head) or _looks_like_label(node, head):
            return head
        node = node.parent
    return None


def _looks_like_label(node: Item, head: str) -> bool:
    # a short heading that opens with a body and says nothing more; the registry may lack
    # the last names of its list, so is_agency_label cannot tell
    if not (node.children or node.body) or re.search(r"[.;]", head) or len(head.split()) > 16:
        return False
    agencies, _end = leading_agencies(head)
    return bool(agencies) and not STRONG_END.search(fold(head)) and not WEAK_END.search(fold(head))


def _sentences(text: str) -> list[str]:
    # an outline marker inside a paragraph ("… thực hiện Kế hoạch a) Bộ X chủ trì …", a heading
    # the reader joined to its first point) opens a new clause too
    parts = re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ-])|;\s+|\s+[a-zđ]\)\s+(?=[A-ZĐÀ-Ỹ])", squash(text))
    return [s for s in parts if s]


def _subject(sentence: str) -> str | None:
    """Who a sentence is about: the bodies (or "Thủ trưởng …", "Các cơ quan, đơn vị …") that
    open it, up to its first verb."""
    s = sentence
    for rx in (TIME_OPENER, CLAUSE_OPENER, SUBJECT_OPENER):
        m = rx.match(fold(s))
        if m and m.end():
            s = s[m.end() :]
    s = s.lstrip(" ,-–")
    low = fold(s)
    agencies, run_end = leading_agencies(s)
    if not agencies and not SUBJECT_HEAD.match(low):
        return None
    end = _subject_end(low, run_end)
    named = agencies and not all(m.agency.related for m in mentions(s[:run_end]))
    if named and (STRONG_END.match(low, run_end + 1) or WEAK_END.match(low, run_end + 1)):
        # "Sở Tài chính chủ trì, …": a named body followed by its verb ends there; an unnamed
        # one goes on ("Các cơ quan, đơn vị chủ trì thực hiện các nhiệm vụ được giao gửi …")
        end = run_end
    if end is None:
        if not agencies:
            return None
        end = run_end
    subject = s[:end].strip(" ,;:-–")
    return subject[:1].upper() + subject[1:] if subject else None


def _subject_end(low: str, run_end: int) -> int | None:
    limit = _word_offset(low, MAX_WORDS)
    for rx in (STRONG_END, WEAK_END):
        m = next((m for m in rx.finditer(low) if m.start() >= run_end and m.start() > 0), None)
        if m and m.start() <= limit:
            return m.start()
    return None


def _word_offset(text: str, n: int) -> int:
    words = list(re.finditer(r"\S+", text))
    return words[n].start() if len(words) > n else len(text)


def _duties_in(sentence: str, subject: str | None) -> list[dict]:
    low = fold(sentence)
    # " | ": the row of a table the reader left as text, whose cells are a task's, not a duty
    if not REPORT_VERB.search(low) or AMENDMENT.search(low) or " | " in sentence:
        return []
    purpose = PURPOSE.search(low)
    body = sentence[: purpose.start()] if purpose else sentence
    found: list[Timing] = timings(body)
    if not found:
        return []
    recipients = _recipients(body)
    if not recipients:
        return []
    advising = ADVISING.match(low)
    if advising and subject:
        adv = _name_list(sentence, advising.end())
        if adv:
            subject = f"{subject} (tham mưu {adv[0]})"
    return [
        {
            "from": subject,
            "to": to,
            "frequency": list(t.frequency),
            "due": t.due,
            "due_day": t.due_day,
            "due_month": t.due_month,
        }
        for t in found
        for to in recipients
    ]


def _recipients(text: str) -> list[str]:
    """The bodies a report goes to: the first list after a recipient cue that follows the
    report verb, or the list after "gửi" that the report verb follows ("gửi Bộ X báo cáo")."""
    low = fold(text)
    verb = REPORT_VERB.search(low)
    if verb is None:
        return []
    names = _names(text)
    for n, (start, end, _name) in enumerate(names):
        before = low[:start]
        after_verb = start > verb.start() and (
            RECIPIENT_CUE.search(before[verb.start() :]) or DIRECT_CUE.search(before)
        )
        sent_before = SENT_BEFORE.search(before) and REPORT_AFTER.match(low[end:])
        if after_verb or sent_before:
            out = [names[n][2]]
            last_end = end
            for s2, e2, name2 in names[n + 1 :]:
                if not LIST_GLUE.match(low[last_end:s2]):
                    break
                if name2 not in out:
                    out.append(name2)
                last_end = e2
            return out
    return []


def _name_list(text: str, pos: int) -> list[str]:
    return [name for start, _end, name in _names(text) if start == pos][:1]


def _names(text: str) -> list[tuple[int, int, str]]:
    """Every body named in `text` as a recipient would be written: (start, end, name)."""
    found = [m for m in mentions(text) if not m.agency.related]
    out: list[tuple[int, int, str]] = []
    for m in found:
        start = m.start
        title = TITLE_BEFORE.search(text[:start])
        if title:
            start = title.start()
        out.append((start, m.end, _written(text, start, m)))
    # bodies the registry lacks, kept whole as printed
    covered = [(m.start, m.end) for m in mentions(text)]
    for head in NAME_HEAD.finditer(text):
        if any(s <= head.start() < e for s, e in covered):
            continue
        end = _printed_end(text, head.start(), covered)
        if len(text[head.start() : end].split()) >= 2:
            out.append((head.start(), end, squash(text[head.start() : end])))
            covered.append((head.start(), end))
    return sorted(out)


def _written(text: str, start: int, m: Mention) -> str:
    agency: Resolved = m.agency
    if agency.agency_id in LITERAL_IDS:
        return COMMITTEE.sub("UBND", squash(text[start : m.end]))
    if start < m.start:
        return f"{squash(text[start : m.start])} {agency.name}"
    return agency.name


def _printed_end(text: str, start: int, covered: list[tuple[int, int]]) -> int:
    stop = NAME_STOP.search(text, start + 1)
    end = stop.start() if stop else len(text)
    later = [s for s, _ in covered if start < s < end]
    if later:
        end = min(later)
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > 14:
        end = start + words[13].end()
    return len(text[:end].rstrip())


def _dedupe(duties: list[dict]) -> list[dict]:
    """The same duty stated twice (same recipient, timing and reporter) is one duty."""
    out: list[dict] = []
    for d in duties:
        twin = next((o for o in out if _key(o) == _key(d) and _same_reporter(o["from"], d["from"])), None)
        if twin is None:
            out.append(d)
        elif twin["due"] is None and d["due"]:
            twin["due"] = d["due"]
    return out


def _key(duty: dict) -> tuple:
    # one-off reports are told apart by their words ("cuối năm 2027", "cuối năm 2030")
    once = fold(duty["due"] or "") if "once" in duty["frequency"] else None
    return (fold(duty["to"] or ""), tuple(duty["frequency"]), duty["due_day"], duty["due_month"], once)


def _same_reporter(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    fa, fb = fold(a), fold(b)
    return fa in fb or fb in fa
