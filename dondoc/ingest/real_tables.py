"""Rows of real tables (DOCX, Markdown pipe tables, ruled PDF tables) as `Row`s.

The header is the first row (or first two, for headers with merged cells) whose cells name
column roles. A row whose cells all hold the same text is a group row merged across the table
("I. NHÓM NHIỆM VỤ …"); so is a row numbered with a Roman numeral. Numbered rows nest by
their number (1 → 1.1).
"""

from __future__ import annotations

import re

from dondoc.ingest.outline import squash
from dondoc.ingest.source import Table
from dondoc.ingest.tables import Columns, Row, roles_from_header

STT_CELL = re.compile(r"^\s*(?P<stt>[IVX]{1,5}|[A-Z]|\d{1,3}(?:\.\d{1,3}){0,3})\s*[.)]?\s*$")
ROMAN_HEAD = re.compile(r"^\s*(?P<stt>[IVX]{1,5}|[A-Z])\s*[.\-–/]\s+(?P<title>\S.*)$")


def rows_from_table(table: Table) -> tuple[Columns, str, list[Row]] | None:
    rows = [list(r) for r in table.rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        return None
    header_idx = None
    columns: Columns | None = None
    for i, row in enumerate(rows[:3]):
        cols = roles_from_header(row)
        if cols.kind != "other":
            header_idx, columns = i, cols
            # a two-line header: merge role names from the next row when it is also a header
            if i + 1 < len(rows):
                nxt = roles_from_header(rows[i + 1])
                if sum(r != "other" for r in nxt.roles) >= 2 and not any(
                    STT_CELL.match(c) for c in rows[i + 1][:1]
                ):
                    merged = [a if a != "other" else b for a, b in zip(cols.roles, nxt.roles, strict=False)]
                    columns = Columns(merged, cols.kind, {**cols.years, **nxt.years})
                    header_idx = i + 1
            break
    if columns is None or header_idx is None:
        return None
    out: list[Row] = []
    group_stack: list[tuple[str, str]] = []
    stt_col = columns.roles.index("stt") if "stt" in columns.roles else None
    body = rows[header_idx + 1 :]
    for n, cells in enumerate(body):
        texts = [c.strip() for c in cells]
        if _is_repeated_header(texts, columns):
            continue
        distinct = {t for t in texts if t}
        stt = ""
        if stt_col is not None and stt_col < len(texts):
            m = STT_CELL.match(texts[stt_col])
            stt = m["stt"] if m else ""
        # a group row: one text across the table, whether the reader repeated it in every
        # column or gave the merged cell once
        if len(distinct) == 1 and (len(texts) > 2 or len(texts) < len(columns.roles)):
            title = next(iter(distinct))
            m = ROMAN_HEAD.match(title)
            gstt = m["stt"] if m else (stt or str(len(group_stack) + 1))
            group_stack = [(gstt, title)]
            out.append(Row(gstt, {"content": title}, table.line_no + n, [], [], True))
            continue
        by_role: dict[str, str] = {}
        target_cells: dict[int, str] = {}
        for i, role in enumerate(columns.roles):
            if i >= len(texts) or role in ("stt", "other"):
                continue
            if i in columns.years:
                target_cells[columns.years[i]] = texts[i]
                continue
            if texts[i]:
                by_role[role] = (by_role.get(role, "") + " " + texts[i]).strip()
        if stt and stt.isalpha() and stt.isupper():
            group_stack = [(stt, squash(by_role.get("content", "")))]
            out.append(Row(stt, by_role, table.line_no + n, [], [], True, target_cells))
            continue
        is_group = _has_children(stt, body[n + 1 :], stt_col)
        path = [s for s, _ in group_stack if s.isalpha() or _is_prefix(s, stt)]
        titles = [t for s, t in group_stack if s.isalpha() or _is_prefix(s, stt)]
        out.append(Row(stt or str(n + 1), by_role, table.line_no + n, path, titles, is_group, target_cells))
        if is_group:
            group_stack = [(s, t) for s, t in group_stack if s.isalpha() or _is_prefix(s, stt)] + [
                (stt, squash(by_role.get("content", "")))
            ]
    return columns, "", out


def _is_repeated_header(texts: list[str], columns: Columns) -> bool:
    again = roles_from_header(texts)
    return sum(a == b and a != "other" for a, b in zip(again.roles, columns.roles, strict=False)) >= 3


def _is_prefix(a: str, b: str) -> bool:
    pa, pb = a.split("."), b.split(".")
    return bool(b) and len(pa) < len(pb) and pb[: len(pa)] == pa


def _has_children(stt: str, rest: list[list[str]], stt_col: int | None) -> bool:
    if not stt or stt_col is None:
        return False
    for cells in rest:
        if stt_col >= len(cells):
            continue
        m = STT_CELL.match(cells[stt_col])
        if m:
            return _is_prefix(stt, m["stt"])
    return False
