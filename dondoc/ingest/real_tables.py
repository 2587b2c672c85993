"""Rows of real tables (DOCX, Markdown pipe tables, ruled PDF tables) as `Row`s, read by content.

The header is the first row (or first two, for headers with merged cells) whose cells name
column roles (`table_layout.py` has already moved caption rows out). Each data row is then
placed on the columns by what its cells hold (`cell_fit.fit`): a row under vertically merged
cells arrives with fewer cells (the merged ones are missing, the rest shifted left), a group
printed without STT numbers lacks the first cell, a wide row may hold two records side by side.
The placement with the best fit wins; a row whose cells had to move says so in its `flags`, and
the cells it lacks are those of the merged cell above (the row before it in its group).

A row whose cells all hold the same text is a group row merged across the table ("I. NHÓM
NHIỆM VỤ …"); so is a row numbered with a Roman numeral or a capital letter. Numbered rows nest
by their number (1 → 1.1).
"""

from __future__ import annotations

import re

from dondoc.ingest.cell_fit import fit, is_code
from dondoc.ingest.outline import squash
from dondoc.ingest.source import Table
from dondoc.ingest.table_layout import is_fragment, join_cells
from dondoc.ingest.tables import Columns, Row, roles_from_header
from dondoc.roman import roman_value, to_roman

STT_CELL = re.compile(r"^\s*(?P<stt>[IVX]{1,5}|[A-Z]|\d{1,3}(?:\.\d{1,3}){0,3})\s*[.)]?\s*$")
ROMAN_HEAD = re.compile(r"^\s*(?P<stt>[IVX]{1,5}|[A-Z])\s*[.\-–/]\s+(?P<title>\S.*)$")
ELISION = re.compile(r"^[\s.…·_-]*$")
# Leaving a column out costs: little when the row above has a value there (a merged cell that
# spans both rows), more when it has none.
SKIP_INHERITED = 0.4
SKIP_EMPTY = 1.2
PLACEMENT_HABIT = 0.6
DOUBT_MARGIN = 1.0


def rows_from_table(table: Table) -> tuple[Columns, str, list[Row]] | None:
    rows = [list(r) for r in table.rows if any(c.strip() for c in r)]
    if len(rows) < 2:
        return None
    found = _header(rows)
    if found is None:
        return None
    header_idx, columns = found
    body: list[list[str]] = []
    for row in rows[header_idx + 1 :]:
        if body and is_fragment(row) and len(row) == len(body[-1]):
            body[-1] = list(join_cells(body[-1], row))  # the rest of a row cut by a page break
        else:
            body.append(row)
    columns = _with_missing_stt(columns, body)
    return columns, "", _read_rows(table, header_idx, columns, body)


def _header(rows: list[list[str]]) -> tuple[int, Columns] | None:
    for i, row in enumerate(rows[:3]):
        cols = roles_from_header(row)
        if cols.kind == "other":
            continue
        # a two-line header: merge role names from the next row when it is also a header
        if i + 1 < len(rows):
            nxt = roles_from_header(rows[i + 1])
            if sum(r != "other" for r in nxt.roles) >= 2 and not any(
                STT_CELL.match(c) for c in rows[i + 1][:1]
            ):
                merged = [a if a != "other" else b for a, b in zip(cols.roles, nxt.roles, strict=False)]
                return i + 1, Columns(merged, cols.kind, {**cols.years, **nxt.years})
        return i, cols
    return None


def _with_missing_stt(columns: Columns, body: list[list[str]]) -> Columns:
    """A later piece of a table that repeats its header without the STT cell: its rows are one
    cell wider than the header and open with a code, so the header gains the STT column."""
    if "stt" in columns.roles or not body:
        return columns
    width = len(columns.roles)
    wider = [r for r in body if len(_trimmed(r)) == width + 1 and is_code(r[0])]
    if len(wider) * 2 < len(body):
        return columns
    years = {i + 1: y for i, y in columns.years.items()}
    return Columns(["stt", *columns.roles], columns.kind, years)


def _trimmed(cells: list[str]) -> list[str]:
    texts = [c.strip() for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _records(texts: list[str], width: int) -> list[list[str]]:
    """A row wider than the header can hold two records side by side (a wide layout table that
    printed the row before an elision and the row after it on one line): cut it where a code
    opens the second one; elision cells ("……") between them are dropped."""
    if len(texts) <= width:
        return [texts]
    first, rest = texts[:width], texts[width:]
    while rest and ELISION.match(rest[0]):
        rest = rest[1:]
    if len(rest) >= 3 and is_code(rest[0]):
        return [first, *_records(rest, width)]
    return [texts[:width]]


def _score(texts: list[str], roles: list[str], above: dict[int, str], placed: list[int]) -> float:
    """The fit of one placement, with the same costs as `_align`."""
    total = sum(fit(roles[j], texts[i]) for i, j in enumerate(placed))
    last = placed[-1] if placed else -1
    return total - sum(SKIP_INHERITED if above.get(j) else SKIP_EMPTY for j in range(last) if j not in placed)


def _doubtful(texts: list[str], roles: list[str], above: dict[int, str], placed: list[int]) -> bool:
    """Was the placement of a moved row a close call? Against the row read as it stands and
    against every placement one cell away, the chosen one must win by a clear margin; a row under
    merged cells whose cells fit only one way is not worth a reviewer's time."""
    best = _score(texts, roles, above, placed)
    rivals = [list(range(len(texts)))]
    for i in range(len(placed)):
        for step in (-1, 1):
            moved = [*placed[:i], placed[i] + step, *placed[i + 1 :]]
            if 0 <= moved[i] < len(roles) and all(a < b for a, b in zip(moved, moved[1:], strict=False)):
                rivals.append(moved)
    return any(_score(texts, roles, above, r) > best - DOUBT_MARGIN for r in rivals if r != placed)


def _align(texts: list[str], roles: list[str], above: dict[int, str]) -> list[int]:
    """The columns the row's cells belong to, in order (a monotone placement): the one with the
    best fit, where leaving out a column before the last placed cell costs a little when the row
    above has a value there (a merged cell) and more when it has none. Columns after the last
    placed cell are free: a row may end early."""
    m, width = len(texts), len(roles)
    if m >= width:
        return list(range(width))
    fits = [[fit(roles[j], texts[i]) for j in range(width)] for i in range(m)]
    skip = [SKIP_INHERITED if above.get(j) else SKIP_EMPTY for j in range(width)]
    neg = float("-inf")
    # best[i][j]: cells[:i+1] placed with cell i at column j
    best = [[neg] * width for _ in range(m)]
    back = [[-1] * width for _ in range(m)]
    for j in range(width):
        best[0][j] = fits[0][j] - sum(skip[:j])
    for i in range(1, m):
        for j in range(i, width):
            for k in range(i - 1, j):
                if best[i - 1][k] == neg:
                    continue
                score = best[i - 1][k] + fits[i][j] - sum(skip[k + 1 : j])
                if score > best[i][j]:
                    best[i][j], back[i][j] = score, k
    # a tie keeps the cells where they stand
    j = max(range(m - 1, width), key=lambda c: (best[m - 1][c], -c))
    out = [j]
    for i in range(m - 1, 0, -1):
        j = back[i][j]
        out.append(j)
    return out[::-1]


def _read_rows(table: Table, header_idx: int, columns: Columns, body: list[list[str]]) -> list[Row]:
    out: list[Row] = []
    group_stack: list[tuple[str, str]] = []
    roles = columns.roles
    width = len(roles)
    stt_col = roles.index("stt") if "stt" in roles else None
    above: dict[int, str] = {}  # the last data row's cells by column, for merged cells
    continuation: dict[str, int] = {}  # numbered row → continuations seen
    numbered_at: dict[str, int] = {}  # numbered row → its index in `out`
    last_top = 0
    habit: dict[int, list[int]] = {}  # cells in a row → the placement the last such row had
    for n, cells in enumerate(body):
        line_no = table.line_no + header_idx + 1 + n
        texts = _trimmed(cells)
        if not texts or all(ELISION.match(t) for t in texts) or _is_repeated_header(texts, columns):
            continue
        distinct = {t for t in texts if t}
        # a group row: one text across the table, whether the reader repeated it in every
        # column or gave the merged cell once
        if len(distinct) == 1 and (len(cells) > 2 or len(texts) < width) and not is_code(texts[0]):
            title = next(iter(distinct))
            m = ROMAN_HEAD.match(title)
            gstt = m["stt"] if m else str(len(group_stack) + 1)
            group_stack = [(gstt, title)]
            out.append(Row(gstt, {"content": title}, line_no, [], [], True))
            above, last_top = {}, 0
            continue
        for record in _records(texts, width):
            placed = _align(record, roles, above)
            # rows of one shape are laid out alike in a table: a near tie goes to the placement
            # the last row with as many cells had
            usual = habit.get(len(record))
            if (
                usual
                and usual != placed
                and usual[-1] < width
                and (
                    _score(record, roles, above, usual)
                    >= _score(record, roles, above, placed) - PLACEMENT_HABIT
                )
            ):
                placed = usual
            habit[len(record)] = placed
            shifted = placed != list(range(len(record)))
            by_col = {j: record[i] for i, j in enumerate(placed)}
            flags: list[str] = []
            if shifted:
                if _doubtful(record, roles, above, placed):
                    flags.append("column_shift")
                for j in range(width):
                    if j not in by_col and above.get(j) and roles[j] != "content":
                        by_col[j] = above[j]
            stt = ""
            own_stt = stt_col is not None and stt_col in placed
            if stt_col is not None and by_col.get(stt_col):
                m = STT_CELL.match(by_col[stt_col])
                stt = m["stt"] if m else ""
            by_role, target_cells = _by_role(by_col, columns)
            if stt and stt.isalpha() and stt.isupper() and own_stt and _is_group_text(by_role):
                group_stack = [(stt, squash(by_role.get("content", "")))]
                out.append(Row(stt, by_role, line_no, [], [], True, target_cells))
                above, last_top = {}, 0
                continue
            if stt and not own_stt:
                # a continuation row under a numbered row's merged cells: its own task
                continuation[stt] = continuation.get(stt, 1) + 1
                stt = f"{stt}.{continuation[stt]}"
            elif stt and own_stt and stt.isdigit():
                top = int(stt)
                if last_top and top <= last_top and group_stack:
                    # numbering restarts with no group row between: a group heading is missing
                    group_stack = [(_missing_group(group_stack[0][0], body[n + 1 :], stt_col), "")]
                    flags.append("numbering_restarts")
                last_top = top
            is_group = own_stt and _has_children(stt, body[n + 1 :], stt_col)
            path = [s for s, _ in group_stack if s.isalpha() or _is_prefix(s, stt)]
            titles = [t for s, t in group_stack if s.isalpha() or _is_prefix(s, stt)]
            row = Row(stt or str(n + 1), by_role, line_no, path, titles, is_group, target_cells)
            row.flags = flags
            if own_stt and stt:
                numbered_at[stt] = len(out)
            out.append(row)
            above = dict(by_col)
            if is_group:
                group_stack = [(s, t) for s, t in group_stack if s.isalpha() or _is_prefix(s, stt)] + [
                    (stt, squash(by_role.get("content", "")))
                ]
    for stt, count in continuation.items():
        if count > 1 and stt in numbered_at:
            out[numbered_at[stt]].stt = f"{stt}.1"
    return out


def _by_role(by_col: dict[int, str], columns: Columns) -> tuple[dict[str, str], dict[int, str]]:
    by_role: dict[str, str] = {}
    target_cells: dict[int, str] = {}
    for i, role in enumerate(columns.roles):
        text = by_col.get(i, "")
        if role in ("stt", "other"):
            continue
        if i in columns.years:
            target_cells[columns.years[i]] = text
            continue
        if text:
            by_role[role] = (by_role.get(role, "") + " " + text).strip()
    return by_role, target_cells


def _is_group_text(by_role: dict[str, str]) -> bool:
    """A lettered row is a group row when it carries a title and no deadline of its own."""
    return not by_role.get("deadline")


def _missing_group(current: str, rest: list[list[str]], stt_col: int | None) -> str:
    """The label of a group whose heading row is missing (a cut or elided source): the numeral
    before the next group's, when the groups are Roman numerals; else the current one again."""
    if stt_col is None:
        return current
    for cells in rest:
        if stt_col < len(cells):
            m = STT_CELL.match(cells[stt_col])
            if m and m["stt"].isalpha() and m["stt"].isupper():
                nxt = roman_value(m["stt"])
                if nxt and nxt - 1 > (roman_value(current) or 0):
                    return to_roman(nxt - 1)
                break
    return current


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
