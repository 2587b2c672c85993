"""Outline markers of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP layout).

`I.` parts, `1.` items, `1.1.` sub-items, `a)` points, `-` / `+` bullets. A marker is only
accepted where a new item can begin: the text after it must start like a sentence (capital
letter, digit or opening quote), so wrapped lines such as "2.1 khoản 2 Mục III" or "2030;"
are not taken for items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = re.compile(r"^(?P<m>[IVXL]{1,6})\s*[.\-–/:]\s*(?P<rest>\S.*)$")
NUMBER = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2}){0,3})(?P<sep>\.|\)|\s*[-–]|(?=\s))\s*(?P<rest>\S.*)$")
LETTER = re.compile(r"^(?P<m>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
BULLET = re.compile(r"^(?P<m>[-–+•*])\s+(?P<rest>\S.*)$")
SENTENCE_START = re.compile(r"^[\"“'(A-ZÀ-ỸĐ0-9]")

# Ranks: smaller is higher in the outline.
RANK_ROMAN = 1
RANK_NUMBER = 2  # + depth - 1 for 1.1, 1.1.1
RANK_LETTER = 6
RANK_DASH = 7
RANK_PLUS = 8


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str  # roman | number | letter | bullet
    label: str  # "III", "2.1", "a", "-"
    rank: int
    rest: str  # the text after the marker


def _valid_roman(s: str) -> bool:
    return re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", s) is not None and s != ""


def match_marker(text: str) -> Marker | None:
    t = text.strip().lstrip("\x01")
    m = ROMAN.match(t)
    if m and _valid_roman(m["m"]) and SENTENCE_START.match(m["rest"]):
        return Marker("roman", m["m"], RANK_ROMAN, m["rest"])
    m = NUMBER.match(t)
    if m:
        label = m["m"]
        rest = m["rest"]
        plain_space = m["sep"] == ""
        # "1 Nhóm ..." without a dot is a table row number, not an outline item; "1.1 Xây" is.
        if (not plain_space or "." in label) and SENTENCE_START.match(rest) and not _is_number_value(rest):
            depth = label.count(".") + 1
            return Marker("number", label, RANK_NUMBER + depth - 1, rest)
    m = LETTER.match(t)
    if m and SENTENCE_START.match(m["rest"]):
        return Marker("letter", m["m"], RANK_LETTER, m["rest"])
    m = BULLET.match(t)
    if m:
        rank = RANK_PLUS if m["m"] in "+•*" else RANK_DASH
        return Marker("bullet", m["m"], rank, m["rest"])
    return None


def _is_number_value(rest: str) -> bool:
    # "1. 000 người" or "2.5 %": a figure, not an item
    return bool(re.match(r"^\d*\s*%", rest))
