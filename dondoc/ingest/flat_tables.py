"""Rebuild the rows of tables that a PDF text export flattened into lines.

A flattened table arrives as: a header ("STT NỘI DUNG … CHỦ TRÌ PHỐI HỢP GHI CHÚ", itself
wrapped and repeated after each page break), then for each row its number (STT) and the lines
of its cells, usually cell by cell in column order, sometimes several cells on one line.

Rows are found by their numbers, which must follow each other (1.1 → 1.2 → 2 → 2.1, I → II), so
that a figure at the start of a wrapped line ("100% các", "2022-2025") is not taken for a row.
Cells are then recovered from what each column holds: after the content come agency lists
(cells separated where two agencies touch without a comma or semicolon), deadlines, units and
free text, assigned in the header's order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from dondoc.ingest import vocab
from dondoc.ingest.outline import fold, section_kind, squash
from dondoc.ingest.roles import LIST_GLUE, mentions
from dondoc.ingest.source import Line
from dondoc.ingest.tables import Columns, Row, roles_from_header_text
from dondoc.roman import to_roman

HEADER_START = re.compile(r"^\s*(?:STT|TT|Số\s*TT)\b", re.IGNORECASE)
ROMAN_VALUES = {to_roman(n): n for n in range(1, 16)}  # the Roman groups of a table
ROW_START = re.compile(r"^\s*(?P<stt>(?:[IVX]{1,5})|\d{1,3}(?:\.\d{1,3}){0,3})\.?(?:\s+(?P<rest>.*))?$")
DEADLINE_TOKEN = re.compile(
    r"(?:(?:Nhiệm vụ\s+)?[Tt]hường\s+xuyên(?:\s*,\s*(?:hằng|hàng)\s+năm)?"
    r"|(?:Hằng|Hàng|hằng|hàng)\s+(?:tháng|quý|năm)"
    r"|Quý\s+[IV]{1,3}\s*(?:/\s*\d{4}|\s+(?:hằng|hàng)\s+năm)(?:\s*[-–]\s*Quý\s+[IV]{1,3}\s*/\s*\d{4})?"
    r"|[Nn]ăm\s+\d{4}(?:\s+và\s+(?:những|các)\s+năm\s+tiếp\s+theo)?"
    r"|(?:Tháng|tháng)\s+\d{1,2}\s*/\s*\d{4}"
    r"|\d{4}\s*[-–]\s*\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4}"
    r"|\d{1,2}/\d{4}"
    r"|(?:Ngay\s+sau\s+khi|Ngay\s+khi|Sau\s+khi|Theo\s+kế\s+hoạch|Theo\s+tiến\s+độ|Khi)\s.*"
    r"|\d{4})(?=\s|$|[.;,])"
)
# Units as a unit column prints them, longest first (data/units.yaml, `column_units`).
UNIT_TOKEN = re.compile(
    "(?:"
    + "|".join(re.escape(u) for u in sorted(vocab.load("units")["column_units"], key=len, reverse=True))
    + r")(?=\s|$)"
)
UNIT_THEN_FIGURE = re.compile(rf"(?<= )(?:{UNIT_TOKEN.pattern})\s+(?=[≥≤<>]|\d)")
TARGET_START = re.compile(r"^(?:[≥≤<>]|\d|Đạt|đạt|Tối thiểu|Ít nhất|Trên|Dưới|Khoảng|Top)")
PART_HEADING = re.compile(r"^\s*[IVX]{1,5}\s*[.\-–]\s*(.+)$")
SPLIT_END = re.compile(r"[\w&]-$")
UPPER_START = frozenset("ABCDEGHIKLMNOPQRSTUVXYĐ")
FOOTNOTE = re.compile(r"^\s*\d{1,2}\s+[A-ZĐ][^\n]{10,}$")
AGENCY_ROLES = ("lead", "coordinating", "implementing")
FREE_ROLES = ("output", "note", "target", "other")


@dataclass(slots=True)
class FlatTable:
    columns: Columns
    title: str
    rows: list[Row]
    line_no: int
    end_index: int  # index in the line list after the table


def _stt_key(stt: str) -> tuple:
    if stt in ROMAN_VALUES:
        return ("R", ROMAN_VALUES[stt])
    return ("N", tuple(int(x) for x in stt.split(".")))


def _follows(prev: str | None, cand: str, last_roman: int, last_top: int) -> bool:
    kind, val = _stt_key(cand)
    if kind == "R":
        return val == last_roman + 1
    parts = list(val)
    if prev is None or _stt_key(prev)[0] == "R":
        # after a group heading numbering restarts at 1 or continues from the last top number
        return parts in ([1], [last_top + 1]) or (len(parts) == 2 and parts[1] == 1)
    p = list(_stt_key(prev)[1])
    options = [p[:i] + [p[i] + 1] for i in range(len(p))] + [p + [1]]
    return parts in options


def is_header_at(lines: list[Line], i: int) -> bool:
    """True when lines[i] opens a table header: "STT"/"TT" and, on it or on the next few lines
    before the first row, the names of at least three columns."""
    if not HEADER_START.match(lines[i].text):
        return False
    texts = [lines[i].text]
    for ln in lines[i + 1 : i + 8]:
        if ROW_START.match(ln.text):
            break
        texts.append(ln.text)
    cols = roles_from_header_text(" ".join(texts))
    return cols.kind != "other" and sum(r != "other" for r in cols.roles) >= 3


def parse_flat_table(lines: list[Line], start: int, title: str) -> FlatTable:
    """Parse the table whose header line is lines[start]."""
    header_lines = [squash(lines[start].text)]
    i = start + 1
    while i < len(lines) and not ROW_START.match(lines[i].text) and len(header_lines) < 8:
        if lines[i].text.strip():
            header_lines.append(squash(lines[i].text))
        i += 1
    columns = roles_from_header_text(" ".join(header_lines))
    header_set = {fold(h) for h in header_lines}
    rows_raw: list[tuple[str, int, list[str]]] = []
    last_line: dict[int, int] = {}  # row index → its last source line
    prev: str | None = None
    last_roman = 0
    last_top = 0
    while i < len(lines):
        text = lines[i].text
        st = text.strip()
        if not st:
            i += 1
            continue
        if fold(squash(st)) in header_set:
            if rows_raw and rows_raw[-1][2] and FOOTNOTE.match(rows_raw[-1][2][-1]):
                rows_raw[-1][2].pop()  # a footnote printed at the foot of the page
            i += 1
            continue  # a header repeated after a page break
        if is_header_at(lines, i) or _ends_table(st):
            break
        m = ROW_START.match(st)
        if (
            m
            and _follows(prev, m["stt"], last_roman, last_top)
            and not _is_page_number(lines, i, header_set, m)
        ):
            stt = m["stt"]
            kind, val = _stt_key(stt)
            if kind == "R":
                last_roman = val
            else:
                last_top = max(last_top, val[0]) if len(val) == 1 else last_top
            prev = stt
            rows_raw.append((stt, lines[i].line_no, [m["rest"] or ""]))
        elif m and re.fullmatch(r"\d{1,3}", st) and rows_raw and _is_page_number(lines, i, header_set, m):
            pass  # a page number between rows
        elif rows_raw:
            rows_raw[-1][2].append(text)
            last_line[len(rows_raw) - 1] = lines[i].line_no
        i += 1
    rows = _rows(rows_raw, columns)
    for n, row in enumerate(rows):
        row.end_line_no = max(row.line_no, last_line.get(n, row.line_no))
    return FlatTable(columns, title, rows, lines[start].line_no, i)


def _ends_table(text: str) -> bool:
    """The plan's own text resumes: an appendix title, the addressees, a signature, or a part
    heading such as "II. TỔ CHỨC THỰC HIỆN" (a group row never names a part of the plan)."""
    low = fold(text)
    if re.match(r"^(?:phụ lục|nơi nhận|tm\.|kt\.)", low):
        return True
    m = PART_HEADING.match(text)
    return m is not None and section_kind(m.group(1)) in ("implementation", "funding", "purpose")


def _is_page_number(lines: list[Line], i: int, header_set: set[str], m: re.Match) -> bool:
    """A lone number followed by a repeated header is a page number, not a row."""
    if m["rest"]:
        return False
    for nxt in lines[i + 1 : i + 4]:
        if nxt.text.strip():
            return fold(squash(nxt.text)) in header_set
    return True


def _rows(rows_raw: list[tuple[str, int, list[str]]], columns: Columns) -> list[Row]:
    rows: list[Row] = []
    stack: list[tuple[str, str]] = []  # (stt, title) of enclosing groups
    for idx, (stt, line_no, texts) in enumerate(rows_raw):
        nxt = rows_raw[idx + 1][0] if idx + 1 < len(rows_raw) else None
        kind, val = _stt_key(stt)
        is_group = kind == "R" or (
            nxt is not None
            and _stt_key(nxt)[0] == "N"
            and kind == "N"
            and list(_stt_key(nxt)[1])[: len(val)] == list(val)
            and len(_stt_key(nxt)[1]) > len(val)
        )
        if kind == "R":
            stack = []
        else:
            stack = [s for s in stack if _stt_key(s[0])[0] == "R" or _is_ancestor(s[0], stt)]
        cells = split_cells(texts, columns)
        rows.append(Row(stt, cells, line_no, [s for s, _ in stack], [t for _, t in stack], is_group))
        if is_group:
            stack.append((stt, squash(" ".join(texts))))
    return rows


def _is_ancestor(a: str, b: str) -> bool:
    pa, pb = a.split("."), b.split(".")
    return len(pa) < len(pb) and pb[: len(pa)] == pa


# --- cells ---------------------------------------------------------------------------------


def split_cells(texts: list[str], columns: Columns) -> dict[str, str]:
    """Assign a row's text to its columns. `texts` are the printed lines, the first without
    its STT."""
    joined, boundaries, line_ends = _join(texts)
    after = (
        [r for r in columns.roles[columns.roles.index("content") + 1 :]] if "content" in columns.roles else []
    )
    after = [r for r in after if r != "stt"]
    if not after:
        return {"content": joined}
    found = mentions(joined)
    boundaries = sorted(set(boundaries) | _line_tail_starts(joined, found, line_ends))
    if "unit" in after:
        # "Quy mô kinh tế số % GRDP ≥ 30": a unit followed by a figure ends the content mid-line
        boundaries = sorted(
            set(boundaries) | {m.start() for m in UNIT_THEN_FIGURE.finditer(joined) if m.start() > 0}
        )
    cut = _content_end(joined, boundaries, after, found)
    cells: dict[str, str] = {"content": joined[:cut].strip()}
    tokens = _tokens(joined, cut, [m for m in found if m.start >= cut], after, set(line_ends))
    _assign(tokens, after, cells)
    return cells


def _join(texts: list[str]) -> tuple[str, list[int], list[int]]:
    """Join lines with single spaces; return the text, the positions where a line or a wide gap
    starts, and the positions where each line ends."""
    out = ""
    boundaries: list[int] = []
    line_ends: list[int] = []
    for n, raw in enumerate(texts):
        pieces = re.split(r"\s{2,}", raw.strip())
        for k, piece in enumerate(pieces):
            if not piece:
                continue
            if out and not (n > 0 and k == 0 and SPLIT_END.search(out[-3:]) and piece[:1] in UPPER_START):
                out += " "  # (no space when a word or code was split at the line end)
            if (n > 0 or k > 0) and out:
                boundaries.append(len(out))  # (never before any content: "5" alone, then its text)
            out += piece
        line_ends.append(len(out))
    return out, boundaries, line_ends


def _content_end(joined: str, boundaries: list[int], after: list[str], found) -> int:
    starts = {m.start for m in found}
    for b in boundaries:
        rest = joined[b:]
        for role in after:
            if (
                role in AGENCY_ROLES
                and b in starts
                and joined[b : b + 1].isupper()
                and not _continues_sentence(joined, b)
            ):
                return b
            if role == "deadline" and DEADLINE_TOKEN.match(rest) and not _continues_sentence(joined, b):
                return b
            if role == "unit" and UNIT_TOKEN.match(rest):
                return b
            if role == "target" and "unit" not in after and TARGET_START.match(rest):
                return b
    return len(joined)


def _line_tail_starts(joined: str, found, line_ends: list[int]) -> set[int]:
    """Mid-line places where a line's last cells begin: from there to the end of the printed
    line there is only column material — agency lists, deadlines, units ("… sử dụng định Công
    an tỉnh", "… triển khai Năm 2025", "… Bình Định 2022-2025 Sở TT&TT Các sở, ngành")."""
    starts: set[int] = set()
    by_start = {m.start: m for m in found}
    mention_starts = sorted(by_start)
    line_start = 0
    for e in line_ends:
        lo, hi = bisect_right(mention_starts, line_start), bisect_left(mention_starts, e)
        candidates = sorted(
            mention_starts[lo:hi]
            + [dm.start() for dm in DEADLINE_TOKEN.finditer(joined, line_start, e) if dm.start() > line_start]
        )
        for p in candidates:
            if joined[p - 1 : p] != " " or _continues_sentence(joined, p):
                continue
            first = joined[p : p + 1]
            if not (first.isupper() or (first.isdigit() and re.match(r"\d{1,4}\s*[-/–]", joined[p : p + 8]))):
                continue
            if _only_columns(joined, p, e, by_start):
                starts.add(p)
                break
        line_start = e
    return starts


def _only_columns(joined: str, p: int, e: int, by_start: dict) -> bool:
    pos = p
    while pos < e:
        while pos < e and joined[pos] in " ,;.-–":
            pos += 1
        if pos >= e:
            return True
        m = by_start.get(pos)
        if m is not None:
            pos = m.end  # the last name may wrap onto the next line ("Các doanh" / "nghiệp viễn thông")
            continue
        dm = DEADLINE_TOKEN.match(joined, pos, e)
        if dm and not dm.group(0).startswith(("Sau", "Ngay", "Theo", "Khi")):
            pos = dm.end()
            continue
        if joined[pos : pos + 4].casefold() in ("và ", "các "):
            pos += 3
            continue
        return False
    return True


def _continues_sentence(joined: str, b: int) -> bool:
    """An agency name right after a word that needs an object ("tham mưu", "của", "với") is part
    of the content's sentence, not the start of the next cell."""
    before = joined[max(0, b - 20) : b].strip().casefold()
    return bool(
        re.search(r"(?:của|với|cho|và|tham mưu|giao|theo|tại|các|về|ở|từ|đến|trong|cấp|năm|kỳ|đoạn)$", before)
    )


def _tokens(joined: str, cut: int, found, after: list[str], line_ends: set[int]) -> list[tuple[str, str]]:
    """Cut the text after the content into typed pieces: agency runs, deadlines, units, text."""
    tokens: list[tuple[str, str]] = []
    pos = cut
    runs: list[tuple[int, int]] = []
    for m in found:
        if runs and LIST_GLUE.match(joined[runs[-1][1] : m.start]) and _glued(joined[runs[-1][1] : m.start]):
            runs[-1] = (runs[-1][0], m.end)
        else:
            runs.append((m.start, m.end))
    want_deadline = "deadline" in after
    want_unit = "unit" in after
    run_at = {r[0]: r for r in runs}
    run_starts = sorted(run_at)
    # deadlines that can end the free text before them: each found once, not per position
    stops = (
        [
            dm.start()
            for dm in DEADLINE_TOKEN.finditer(joined, cut)
            if dm.start() > 0 and joined[dm.start() - 1] == " " and _deadline_at_end(joined, dm, line_ends)
        ]
        if want_deadline
        else []
    )
    while pos < len(joined):
        while pos < len(joined) and (
            joined[pos] in " ,;." or (joined[pos] in "-–" and joined[pos + 1 : pos + 2] == " ")
        ):
            pos += 1
        if pos >= len(joined):
            break
        run = run_at.get(pos)
        if run:
            tokens.append(("agency", joined[run[0] : run[1]]))
            pos = run[1]
            continue
        if want_deadline:
            m = DEADLINE_TOKEN.match(joined, pos)
            if m:
                tokens.append(("deadline", m.group(0)))
                pos = m.end()
                continue
        if want_unit:
            m = UNIT_TOKEN.match(joined, pos)
            if m and not tokens:
                tokens.append(("unit", m.group(0)))
                pos = m.end()
                continue
        # free text up to the next agency run or deadline token
        k = bisect_right(run_starts, pos)
        nxt = run_starts[k] if k < len(run_starts) else len(joined)
        k = bisect_right(stops, pos)
        if k < len(stops):
            nxt = min(nxt, stops[k])
        piece = joined[pos:nxt].strip()
        if piece:
            tokens.append(("text", piece))
        pos = nxt
    return tokens


def _glued(glue: str) -> bool:
    """Two agencies belong to one cell when a comma, semicolon or "và" joins them."""
    return bool(re.search(r"[,;]|\bvà\b", glue))


def _deadline_at_end(joined: str, m: re.Match, line_ends: set[int]) -> bool:
    return not joined[m.end() :].strip(" .;,") or m.end() in line_ends


def _assign(tokens: list[tuple[str, str]], after: list[str], cells: dict[str, str]) -> None:
    i = 0
    free_roles = [r for r in after if r in FREE_ROLES]
    for n, role in enumerate(after):
        if i >= len(tokens):
            break
        later = after[n + 1 :]
        if role in AGENCY_ROLES:
            if tokens[i][0] == "agency":
                cells[role] = tokens[i][1]
                i += 1
            elif tokens[i][0] == "text" and not free_roles:
                # stray words between agency cells continue the content (a wrapped content cell)
                cells["content"] = (cells.get("content", "") + " " + tokens[i][1]).strip()
                i += 1
                if i < len(tokens) and tokens[i][0] == "agency":
                    cells[role] = tokens[i][1]
                    i += 1
        elif role == "deadline":
            if tokens[i][0] == "deadline":
                cells[role] = tokens[i][1]
                i += 1
        elif role == "unit":
            if tokens[i][0] == "unit":
                cells[role] = tokens[i][1]
                i += 1
        else:
            parts: list[str] = []
            stop_types = {("agency" if r in AGENCY_ROLES else r) for r in later}
            while i < len(tokens):
                kind, text = tokens[i]
                if not later or kind not in stop_types:
                    parts.append(text)
                    i += 1
                    continue
                break
            if parts:
                cells[role] = " ".join(parts)
    # whatever is left continues the last column when that one holds free text; otherwise it is
    # the content cell's end, printed after the other cells when a page break split the row
    if i < len(tokens):
        rest = " ".join(t for _, t in tokens[i:])
        target = after[-1] if after[-1] in FREE_ROLES else "content"
        cells[target] = (cells.get(target, "") + " " + rest).strip()
