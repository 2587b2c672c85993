"""Indicators written in the objectives prose ("Mục tiêu cụ thể") of a plan without an
indicator table.

Every clause of the dated specific objectives is an indicator: clauses are split at ";" and
"." (not inside parentheses, nor in a list that follows "như:"), the year comes from the clause
itself ("trong năm 2022"), else from the heading or lead-in that dates it ("2.1. Đến năm 2025",
"Đến năm 2030: …"). A clause with no number gets a `text` target carrying its words. General
objectives (mục tiêu tổng quát / chung) are not indicators.
"""

from __future__ import annotations

import re

from dondoc.ingest.outline import Item, fold, section_kind, squash
from dondoc.ingest.targets import parse_targets

YEAR_CUE = re.compile(
    r"(?:đến|tới|trong|vào|tầm nhìn đến|giai đoạn \d{4}\s*[-–]\s*)\s*năm\s+(\d{4})", re.IGNORECASE
)
DATED_LEAD_IN = re.compile(
    r"^\s*(?:\(?[a-zđ0-9.]+[.)\-–]\s*)?(?:Mục tiêu\s+)?(?:đến|tới|tầm nhìn đến|trong)\s+năm\s+(\d{4})\s*[:.,]?\s*",
    re.IGNORECASE,
)
GENERAL = ("tổng quát", "mục tiêu chung")
SPECIFIC = ("cụ thể", "chỉ tiêu")


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


def indicators_from_prose(sections: list[Item]) -> list[dict]:
    indicators: list[dict] = []
    for sec in sections:
        scope = _specific_scope(sec)
        for node, year in scope:
            for text in _texts(node):
                m = DATED_LEAD_IN.match(text)
                clause_year = year
                if m:
                    clause_year = int(m.group(1))
                    text = text[m.end() :]
                if clause_year is None:
                    continue
                for clause in split_clauses(text):
                    row = _indicator(len(indicators) + 1, clause, clause_year)
                    row["source"] = {"line": node.line_no, "end_line": max(node.line_no, node.end_line_no)}
                    indicators.append(row)
    return indicators


def _specific_scope(sec: Item) -> list[tuple[Item, int | None]]:
    """The items that hold dated specific objectives, with the year each one gives."""
    out: list[tuple[Item, int | None]] = []
    specific_seen = False

    def visit(node: Item, year: int | None, inside: bool) -> None:
        nonlocal specific_seen
        head = fold(node.head)
        if any(w in head for w in GENERAL) and not YEAR_CUE.search(node.head):
            return
        if any(w in head for w in SPECIFIC):
            inside = True
            specific_seen = True
        m = YEAR_CUE.search(node.head)
        if m and len(node.head) < 120:
            year = int(m.group(1))
            inside = True
        if inside and (node.body or node.kind in ("bullet", "letter")):
            out.append((node, year))
        for child in node.children:
            visit(child, year, inside)

    for child in sec.children:
        visit(child, None, False)
    # a plan whose objectives part has no sub-items: its body paragraphs may carry dated lead-ins
    if not out and sec.body:
        out.append((sec, None))
    return out


def _texts(node: Item) -> list[str]:
    """The paragraphs of an objectives item: a heading's body, or a bullet's own text."""
    if node.kind in ("bullet", "letter") or (node.kind == "number" and not node.body):
        return [squash(node.text)]
    texts = [squash(p.text) for p in node.body]
    if not _is_heading(node.head):
        texts.insert(0, squash(node.head))
    return texts


def _is_heading(head: str) -> bool:
    h = fold(head)
    return len(h) < 120 and (any(w in h for w in SPECIFIC) or YEAR_CUE.search(h) is not None)


def split_clauses(text: str) -> list[str]:
    """Split at ";" and "." outside parentheses and outside a list introduced by "như:"."""
    clauses: list[str] = []
    depth = 0
    in_list = False
    start = 0
    low = text.casefold()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "(“":
            depth += 1
        elif ch in ")”" and depth:
            depth -= 1
        elif ch == ":" and low[max(0, i - 6) : i].strip().endswith(("như", "gồm", "bao gồm")):
            in_list = True
        elif ch in ";." and depth == 0:
            is_decimal = (
                ch == "." and i + 1 < len(text) and text[i + 1].isdigit() and i > 0 and text[i - 1].isdigit()
            )
            if not is_decimal and not (in_list and ch == ";"):
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


def _indicator(n: int, clause: str, year: int) -> dict:
    own = YEAR_CUE.search(clause)
    if own:
        year = int(own.group(1))
    targets = parse_targets(clause)
    return {
        "code": f"t{n}",
        "text": clause,
        "year": year,
        "lead": [],
        "coordinating": [],
        "implementing": [],
        "targets": targets,
    }
