"""The outline of a plan: a tree of items built from paragraphs and their markers.

Each `Item` has the paragraph that opens it (`head`, the text after its marker), the unmarked
paragraphs that follow it (`body`), and its marked children. Parts (`I.`) are classified by
the words of their title: purpose, objectives, tasks, implementation, funding, situation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from dondoc.ingest.layout import Paragraph
from dondoc.ingest.outline_markers import RANK_NUMBER, match_marker


@dataclass(slots=True)
class Item:
    kind: str  # root | roman | number | letter | bullet | para
    label: str
    rank: int
    head: str
    line_no: int
    end_line_no: int
    heading: bool = False
    body: list[Paragraph] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    parent: Item | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The item's own words: its head and its unmarked paragraphs."""
        return " ".join([self.head, *(p.text for p in self.body)]).strip()

    def full_text(self) -> str:
        parts = [self.text]
        parts.extend(c.full_text() for c in self.children)
        return " ".join(p for p in parts if p)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def path(self) -> list[Item]:
        out: list[Item] = []
        node: Item | None = self
        while node is not None and node.kind != "root":
            out.append(node)
            node = node.parent
        return list(reversed(out))


def build_outline(paragraphs: list[Paragraph]) -> Item:
    root = Item("root", "", 0, "", 0, 0)
    stack: list[Item] = [root]
    for p in paragraphs:
        m = match_marker(p.text)
        if m is None:
            stack[-1].body.append(p)
            stack[-1].end_line_no = p.end_line_no
            continue
        rank = m.rank
        # "2.1-" style sub-items under "2." keep their depth; a number item that follows a
        # letter item ("a) Đến năm 2030" then "1. ...") is rare, so plain rank order is enough.
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1]
        item = Item(m.kind, m.label, rank, m.rest, p.line_no, p.end_line_no, p.heading, parent=parent)
        parent.children.append(item)
        stack.append(item)
    return root


SECTION_KINDS = (
    (
        "implementation",
        ("tổ chức thực hiện", "trách nhiệm thực hiện", "phân công thực hiện", "chế độ báo cáo"),
    ),
    ("funding", ("kinh phí", "nguồn lực thực hiện")),
    ("tasks", ("nhiệm vụ", "giải pháp", "nội dung thực hiện", "nội dung, định hướng")),
    ("objectives", ("mục tiêu", "chỉ tiêu")),
    ("purpose", ("mục đích", "yêu cầu", "quan điểm")),
    ("situation", ("tình hình", "kết quả thực hiện", "đánh giá")),
)


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def section_kind(title: str) -> str:
    t = fold(title[:120])
    kinds = [k for k, words in SECTION_KINDS if any(w in t for w in words)]
    if not kinds:
        return "other"
    # "Mục tiêu, nhiệm vụ, giải pháp" holds both; callers look inside for the sub-parts.
    if "objectives" in kinds and "tasks" in kinds:
        return "objectives+tasks"
    return kinds[0]


def parts(root: Item) -> list[Item]:
    """Top-level parts: the Roman items, or the number items when a plan has no Roman parts."""
    romans = [c for c in root.children if c.kind == "roman"]
    if romans:
        return romans
    return [c for c in root.children if c.kind == "number" and c.rank == RANK_NUMBER]


def squash(text: str) -> str:
    """Whitespace runs to one space, ends trimmed (str.split is several times faster than a regex)."""
    return " ".join(text.split())
