"""Tasks written as labelled fields, and the lists of names that finish a sentence.

An item whose children are labelled fields is one task (gold/README.md):

    1. Phổ biến Luật …                      2. Tổ chức tập huấn …
    - Nội dung thực hiện: Tổ chức …          a) Nhiệm vụ:
    - Cơ quan thực hiện: Sở X chủ trì …;     - Rà soát …        (one task per bullet)
      Sở Y … chủ động triển khai …           - Xây dựng …
    - Thời gian thực hiện: Năm 2025 …        b) Cơ quan thực hiện:
                                             - Đơn vị chủ trì: Sở X.
                                             - Đơn vị phối hợp: Sở Y.
                                             c) Thời gian thực hiện: Hoàn thành trong năm 2025.

The title is the "Nhiệm vụ"/"Nội dung" field (one task per bullet when it holds bullets, each
with the item's agencies and time), else the items that are not fields, else the item's own
words. "Cơ quan/Đơn vị thực hiện" is the lead when no "chủ trì" is named; a time field with no
date is an event ("Theo tiến độ …", "Triển khai theo lộ trình, hướng dẫn của Bộ, ngành").
The label words are in data/task_words.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dondoc.ingest.deadlines import parse_deadline
from dondoc.ingest.outline import Item, fold, squash
from dondoc.ingest.roles import leading_agencies, mentions, roles_in_text
from dondoc.ingest.tables import agency_list
from dondoc.ingest.vocab import alternation, load

FIELD_NAMES = ("title", "lead", "implementing", "coordinating", "deadline", "output")
# a note in brackets after a name is its parent or scope ("Trung tâm Dịch vụ việc làm (Sở Nội vụ)")
_BRACKETS = re.compile(r"\([^()]*\)")


@cache
def _words() -> dict:
    return load("task_words")


@cache
def _label_patterns() -> list[tuple[str, re.Pattern[str]]]:
    labels = _words()["field_labels"]
    return [
        (
            name,
            re.compile(rf"^\s*{alternation(labels[name])}\s*:\s*(?P<value>.*)$", re.IGNORECASE | re.DOTALL),
        )
        for name in FIELD_NAMES
    ]


@cache
def _bare_time() -> re.Pattern[str]:
    return re.compile(
        rf"^\s*{alternation(_words()['bare_time_labels'])}\s*:?\s+(?P<value>.+)$", re.IGNORECASE
    )


@cache
def _glued_time() -> re.Pattern[str]:
    # a time label glued to the heading above it by PDF line joining ("… quốc gia Thời gian thực
    # hiện sau khi …"): capitalised, right after a word with no punctuation
    labels = [w[0].upper() + w[1:] for w in _words()["bare_time_labels"]]
    return re.compile(rf"(?<=[^\s.;:!?])\s+(?P<label>{alternation(labels)})\s*:?\s+(?P<value>.+)$")


@cache
def _subject_end() -> re.Pattern[str]:
    return re.compile(alternation(_words()["subject_ends"]))


def field_of(text: str) -> tuple[str, str] | None:
    """(field name, value) when `text` opens with a field label and ":"."""
    for name, rx in _label_patterns():
        m = rx.match(text)
        if m:
            return name, squash(m["value"])
    return None


@cache
def _next_label() -> re.Pattern[str]:
    labels = [w for name in FIELD_NAMES if name != "title" for w in _words()["field_labels"][name]]
    return re.compile(rf"[;.]\s+(?={alternation(labels)}\s*:)", re.IGNORECASE)


def fields_in(text: str) -> list[tuple[str, str]]:
    """The fields of one line, which may hold several ("Cơ quan chủ trì: Sở A; cơ quan phối hợp:
    Sở B; thời gian: 2026")."""
    out: list[tuple[str, str]] = []
    for part in _next_label().split(text):
        f = field_of(part)
        if f is None:
            if not out:
                return []
            # words after a field that are not a field belong to it
            out[-1] = (out[-1][0], squash(f"{out[-1][1]} {part}"))
            continue
        out.append(f)
    return out


def bare_time_field(text: str) -> str | None:
    """The time of a paragraph written "Thời gian thực hiện sau khi …" (no ":"), when it is one."""
    m = _bare_time().match(text)
    if m and parse_deadline(m["value"]):
        return squash(m["value"])
    return None


def split_glued_time(head: str) -> tuple[str, str | None]:
    """(heading, time) when a time field was joined onto the end of a heading."""
    m = _glued_time().search(head)
    if m and parse_deadline(m["value"]):
        return head[: m.start()].rstrip(), squash(m["value"])
    return head, None


@dataclass(slots=True)
class Fields:
    values: dict[str, str] = field(default_factory=dict)
    title_node: Item | None = None
    others: list[Item] = field(default_factory=list)  # children that are not fields
    body: list[str] = field(default_factory=list)  # the item's paragraphs that are not fields
    head: str = ""

    @property
    def is_task(self) -> bool:
        return any(k in self.values for k in ("lead", "implementing", "coordinating", "deadline", "output"))


def read_fields(item: Item) -> Fields:
    head, glued = split_glued_time(item.head)
    own = field_of(head)
    if own and own[0] == "title" and own[1]:
        head = own[1]  # "1. Nhiệm vụ: Hoàn thiện thể chế" names its task in its own line
    out = Fields(head=head)
    if glued:
        out.values["deadline"] = glued
    for p in item.body:
        time = bare_time_field(p.text)
        f = field_of(p.text)
        if time and "deadline" not in out.values:
            out.values["deadline"] = time
        elif f and f[0] != "title":
            out.values.setdefault(f[0], f[1])
        else:
            out.body.append(p.text)
    for child in item.children:
        found = fields_in(child.head)
        if not found:
            out.others.append(child)
            continue
        if (
            len(found) == 1
            and found[0][0] != "title"
            and not found[0][1]
            and not child.body
            and child.children
        ):
            # "b) Cơ quan thực hiện:" heading its own fields ("- Đơn vị chủ trì: …")
            for g in child.children:
                for name, value in fields_in(g.head):
                    if name != "title":
                        out.values.setdefault(name, squash(" ".join([value, *(p.text for p in g.body)])))
            continue
        # the paragraphs under the line belong to its last field
        found[-1] = (found[-1][0], squash(" ".join([found[-1][1], *(p.text for p in child.body)])))
        for name, value in found:
            if name == "title" and out.title_node is None:
                out.title_node = child
                out.values["title"] = value
            elif name != "title":
                out.values.setdefault(name, value)
    return out


def field_deadline(text: str | None) -> tuple[str | None, dict | None]:
    """A time field: a date, range or recurrence when it states one, else the event it waits for."""
    if not text:
        return None, None
    text = text.strip().rstrip(".").strip()
    if not text:
        return None, None
    return text, parse_deadline(text) or {"kind": "event", "text": text}


def field_agencies(text: str | None, *, lead: bool) -> list[str]:
    """The agencies a field names. A field may be a list ("Sở A; Sở B và các sở, ngành liên
    quan") or sentences ("Sở A chủ trì tham mưu UBND …; Sở B … chủ động triển khai …"): each
    ";"-clause gives the agencies before its verb, so the body it advises is not read as an
    actor. A lead that names only "related agencies" keeps that phrase (it is all there is)."""
    if not text:
        return []
    text = _BRACKETS.sub(" ", text)
    out: list[str] = []
    related: list[str] = []
    for clause in text.split(";"):
        subject = _subject(clause)
        for name in agency_list(subject):
            if name not in out:
                out.append(name)
        related.extend(m.agency.name for m in mentions(squash(subject)) if m.agency.related)
    if not out and related and lead:
        out.append(_related_name(related[0]))
    return out


def _subject(clause: str) -> str:
    spans = [(m.start, m.end) for m in mentions(clause)]
    for m in _subject_end().finditer(clause):
        if m.start() > 0 and not any(s <= m.start() < e for s, e in spans):
            return clause[: m.start()]
    return clause


def _related_name(phrase: str) -> str:
    """ "các sở, ngành có liên quan" → "Các sở, ngành liên quan" (the form the gold keeps)."""
    name = re.sub(r"\s+có\s+liên quan\b", " liên quan", squash(phrase))
    return name[:1].upper() + name[1:]


def roles_from_fields(values: dict[str, str]) -> tuple[list[str], list[str]]:
    """(lead, coordinating): "chủ trì" leads; "thực hiện" leads when no "chủ trì" is named."""
    if values.get("lead"):
        lead = field_agencies(values["lead"], lead=True)
    else:
        lead = field_agencies(values.get("implementing"), lead=True)
    if values.get("coordinating"):
        coordinating = field_agencies(values["coordinating"], lead=False)
    elif values.get("implementing") and not values.get("lead"):
        # partners written inside an implementers sentence ("Sở A chủ trì, phối hợp với Sở B …")
        coordinating = roles_in_text(values["implementing"])[1]
    else:
        coordinating = []
    return lead, [n for n in coordinating if n not in lead]


# --- lists of names ---------------------------------------------------------------------------


@cache
def _name_start() -> re.Pattern[str]:
    return re.compile(rf"^{alternation(_words()['name_nouns'])}", re.IGNORECASE)


@cache
def _example_end() -> re.Pattern[str]:
    return re.compile(rf"{alternation(_words()['example_leadins'])}\s*:\s*$", re.IGNORECASE)


def is_name_list(lead_in: str, bullets: list[Item]) -> bool:
    """Whether `bullets` only finish `lead_in`'s sentence: every one names a thing ("Hệ thống
    …", "Nền tảng …"), or the lead-in ends "… như:" and the bullets are short examples."""
    if not bullets or any(b.kind != "bullet" or b.children for b in bullets):
        return False
    heads = [fold(b.text.strip()) for b in bullets]
    if any(len(h.split()) > 25 or leading_agencies(b.head)[0] for h, b in zip(heads, bullets, strict=True)):
        return False  # a long item, or one an agency opens, is work of its own
    if all(_name_start().match(h) for h in heads):
        return True
    return bool(_example_end().search(lead_in)) and all(len(h.split()) <= 20 for h in heads)


def joined_list(lead_in: str, bullets: list[Item]) -> str:
    """The lead-in and its list as one text, each item with its printed marker."""
    return squash(" ".join([lead_in, *(f"{b.label} {b.text}" for b in bullets)]))
