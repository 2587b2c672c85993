"""Tables that are not data tables, and data tables cut in pieces: the blocks as a reader means them.

Word and web versions of a plan use tables for layout as much as for data:
- a Decision's whole body can sit in a two-column layout table whose rows hold one paragraph each;
  a table whose rows have at most one filled cell is prose, and becomes lines;
- an appendix table often opens with its caption ("PHỤ LỤC I", the title, "(Kèm theo …)") in
  rows of its own, and its column header comes on row 4 to 6; the caption rows become lines
  (they still date the table's indicators) and the table starts at its header;
- one wide table can hold the body, the signature block and the appendix together; the header
  row then starts after cells of other text ("Nơi nhận: …", the signature), which become lines;
- a long appendix cut into several tables (a page break, an edit) continues in a later table of
  the same kind with no header of its own: its rows join the table before it.

Everything here is about the shape of the blocks; the meaning of a table's columns is read
in `real_tables.py`.
"""

from __future__ import annotations

import re

from dondoc.ingest.outline import squash
from dondoc.ingest.source import Block, Line, Table
from dondoc.ingest.syllables import joins_as_one_word
from dondoc.ingest.tables import Columns, roles_from_header

# A header cell names a column ("Cơ quan chủ trì", "Thời gian hoàn thành"); text longer than this
# is a paragraph, a signature block or a caption, never a column name.
HEADER_CELL_MAX = 70
# Where to look for the header: a caption of up to a few rows comes first.
HEADER_SEARCH_ROWS = 8
STT_HEADER = re.compile(r"^\s*(?:STT|TT|Số\s*TT|Số\s*thứ\s*tự)\s*$", re.IGNORECASE)


def header_in_row(cells: tuple[str, ...] | list[str], *, strict: bool) -> tuple[int, Columns] | None:
    """(first header cell, column roles) when this row is a data table's header. The header may
    start after a few cells of other text (a wide layout table); `strict` asks for three roles
    (a header found deep inside a table), else two suffice (the table's first rows)."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if len(filled) < 2:
        return None
    start = 0
    for i in filled:
        if len(squash(cells[i])) > HEADER_CELL_MAX:
            start = i + 1
    # a header that opens with its STT cell after cells of other text (a signature block, the
    # appendix caption printed beside the header in a wide layout table) starts there
    stt = next((i for i in filled if i >= start and STT_HEADER.match(cells[i])), None)
    if stt is not None and stt > start:
        start = stt
    rest = [c for c in cells[start:]]
    if sum(1 for c in rest if c.strip()) < 2:
        return None
    columns = roles_from_header(rest)
    if columns.kind == "other":
        return None
    named = sum(1 for r in columns.roles if r != "other")
    if named < (3 if strict or start else 2):
        return None
    return start, columns


def find_header(rows: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """(row index, first header cell) of the table's header: among the first rows after any
    caption rows (one filled cell each), or the first row deep in a layout table that reads as a
    header of three or more columns."""
    seen = 0
    for i, row in enumerate(rows):
        filled = sum(1 for c in row if c.strip())
        if filled <= 1:
            continue
        seen += 1
        found = header_in_row(row, strict=seen > HEADER_SEARCH_ROWS)
        if found:
            return i, found[0]
    return None


def normalise_blocks(blocks: list[Block]) -> list[Block]:
    """Layout tables to lines, captions out of data tables, continued tables joined."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            out.extend(_split_table(block))
        else:
            out.append(block)
    return _join_continuations(out)


def _split_table(table: Table) -> list[Block]:
    rows = table.rows
    found = find_header(rows)
    if found is None:
        if max((_filled(r) for r in rows), default=0) <= 2:
            return _runs(rows, table.line_no)
        return [table]
    h, start = found
    out = _runs(rows[:h], table.line_no)
    header = rows[h]
    out.extend(Line(squash(c), table.line_no + h) for c in header[:start] if c.strip())
    body = tuple(rows[h + 1 :])
    cells = list(header[start:])
    while cells and not cells[-1].strip():
        cells.pop()  # empty cells after the last column name belong to no column
    # the text beside the header may go on in the next rows, under no column of the table
    while start and body and not any(c.strip() for c in body[0][start:]):
        out.extend(Line(squash(c), table.line_no + h) for c in body[0][:start] if c.strip())
        body = body[1:]
    out.append(Table((tuple(cells), *body), table.line_no + h))
    return out


def _runs(rows: tuple[tuple[str, ...], ...], line_no: int) -> list[Block]:
    """Rows with at most one filled cell as lines (a cell's paragraphs each a line); runs of
    rows with more filled cells stay a (small) table: the header block of issuer, number and
    date is one."""
    out: list[Block] = []
    pending: list[tuple[str, ...]] = []
    pending_at = line_no
    for i, row in enumerate(rows):
        if _filled(row) <= 1:
            if pending:
                out.append(Table(tuple(pending), pending_at))
                pending = []
            text = next((c for c in row if c.strip()), "")
            out.extend(Line(part.strip(), line_no + i) for part in text.split("\n") if part.strip())
        else:
            if not pending:
                pending_at = line_no + i
            pending.append(row)
    if pending:
        out.append(Table(tuple(pending), pending_at))
    return out


def _filled(row: tuple[str, ...]) -> int:
    return sum(1 for c in row if c.strip())


def _join_continuations(blocks: list[Block]) -> list[Block]:
    """A table with no header of its own right after a data table (blank lines, page numbers
    or a page-break fragment between them aside) continues it, when its rows are about as wide."""
    out: list[Block] = []
    last_data: int | None = None  # index in `out` of the last data table
    for block in blocks:
        if isinstance(block, Line):
            if block.text.strip() and not _is_page_mark(block.text):
                last_data = None
            out.append(block)
            continue
        has_header = bool(block.rows) and header_in_row(block.rows[0], strict=False) is not None
        if has_header:
            last_data = len(out)
            out.append(block)
            continue
        prev = out[last_data] if last_data is not None else None
        if last_data is not None and isinstance(prev, Table) and _continues(prev, block):
            out[last_data] = Table(_continue_rows(prev.rows, block.rows), prev.line_no)
            continue
        out.append(block)
        last_data = None
    return out


def _continues(a: Table, b: Table) -> bool:
    """Does table `b` (no header of its own, right after `a`) go on with `a`'s rows? When its
    rows are as wide as `a`'s header, or as wide as rows `a` already has (rows under merged
    cells), or it opens with the rest of `a`'s last row."""
    if _about_as_wide(a, b):
        return True
    widths = {len(r) for r in a.rows}
    if b.rows and all(len(r) in widths and len(r) >= 3 for r in b.rows):
        return True
    return bool(b.rows) and is_fragment(b.rows[0])


def is_fragment(row: tuple[str, ...] | list[str]) -> bool:
    """A row that is the rest of the row before it, cut by a page break: every cell it fills
    goes on in lower case."""
    filled = [c.strip() for c in row if c.strip()]
    return bool(filled) and all(c[0].islower() or c[0] == "(" for c in filled)


def _about_as_wide(a: Table, b: Table) -> bool:
    """The header's width against the usual width of the other table's rows (a row may be
    wider when it holds two records, or shorter under merged cells)."""
    wa = len(a.rows[0]) if a.rows else 0
    widths = sorted(sum(1 for _ in r) for r in b.rows)
    wb = widths[len(widths) // 2] if widths else 0
    return wb >= 3 and abs(wa - wb) <= 1


def _continue_rows(
    rows: tuple[tuple[str, ...], ...], more: tuple[tuple[str, ...], ...]
) -> tuple[tuple[str, ...], ...]:
    """The rows of a table's next piece after its rows; a first row that is the rest of the last
    row, cut by a page break (no STT, its text going on in lower case), joins that row cell by cell."""
    if not more or not rows:
        return (*rows, *more)
    first, last = more[0], rows[-1]
    # across a page break a cut row may go on with a capital in one cell ("Thành phố …"), so
    # an empty first (STT) cell and one cell going on in lower case suffice there
    cut = bool(first) and not first[0].strip() and any(c.strip()[:1].islower() for c in first)
    if not (cut or is_fragment(first)) or len(rows) < 2:
        return (*rows, *more)
    return (*rows[:-1], join_cells(last, first), *more[1:])


def join_cells(last: tuple[str, ...] | list[str], rest: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A row and the rest of it (after a page break), cell by cell."""
    width = max(len(rest), len(last))
    a, b = list(last) + [""] * (width - len(last)), list(rest) + [""] * (width - len(rest))
    return tuple(_join_text(p.strip(), q.strip()) for p, q in zip(a, b, strict=True))


def _join_text(a: str, b: str) -> str:
    if not (a and b):
        return a or b
    tail, head = re.split(r"[\s,.;:()/-]", a)[-1], re.split(r"[\s,.;:()/-]", b, maxsplit=1)[0]
    return a + b if joins_as_one_word(tail, head) else a + " " + b


def _is_page_mark(text: str) -> bool:
    t = text.strip(" -–")
    return t.isdigit() and len(t) <= 3
