"""PDF reading: lines and ruled tables from the text layer (pdfplumber), in reading order.

Printed lines become lines, ruled tables become rows of cells; a table cut by a page break
continues on the next page (repeated header rows dropped, a row split by the break rejoined).
A cell's text is rebuilt from its characters: Word and LibreOffice print the space that ends a
wrapped line, so a line that ends without one broke inside a word ("Phò|ng" in a narrow
column) and joins without a space.
"""

from __future__ import annotations

import bisect
import io
import re
from typing import Any

from dondoc.ingest.errors import CorruptDocumentError, ScannedPdfError
from dondoc.ingest.syllables import is_syllable, rejoin

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:Trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–—\s]*$", re.IGNORECASE)
_LIST_START = re.compile(r"^(?:[-+•*–▪➢]|\d{1,2}[.)]|[a-zđ][)]|[IVX]{1,4}\.)\s")
_SENTENCE_END = re.compile(r"[.:;!?…]\s*$")


def _join_wrapped(text: str) -> str:
    """Join the lines a PDF cell wrapped into; keep a break before a bullet or a numbered item."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    out = ""
    for ln in lines:
        out = ln if not out else out + ("\n" if _LIST_START.match(ln) else " ") + ln
    return out


def _pdf_table_rows(table: Any) -> list[list[str]]:
    """Rows of a pdfplumber table: a horizontally merged cell once, a vertically merged one repeated."""
    boxes = [row.cells for row in table.rows]
    raw = _cell_texts(table.page, boxes)
    out: list[list[str]] = []
    for i, row in enumerate(raw):
        cells: list[str] = []
        row_top = min((b[1] for b in boxes[i] if b is not None), default=0.0)
        for j, cell in enumerate(row):
            if cell is not None:
                cells.append(cell)
                continue
            k = next((k for k in range(i - 1, -1, -1) if j < len(raw[k]) and raw[k][j] is not None), None)
            if k is not None and boxes[k][j] is not None and boxes[k][j][3] > row_top + 1:
                cells.append(raw[k][j] or "")  # covered from above: vertical merge
        out.append(cells)
    return out


def _cell_texts(page: Any, boxes: list[list[Any]]) -> list[list[str | None]]:
    """Each cell's text from the page's characters (None for a cell a merge covers). Lines of a
    cell join on the space the printer left at the end of a wrapped line; a line that ends with
    no space broke inside a word and joins directly. A PDF that prints no such spaces at all
    (other producers) joins lines with a space, as before."""
    chars = sorted(page.chars, key=lambda c: c["top"])
    tops = [c["top"] for c in chars]
    cells: list[list[list[list[dict]]]] = []
    ends = spaced = 0
    for row in boxes:
        out_row: list[list[list[dict]]] = []
        for box in row:
            lines = _lines_in(chars, tops, box) if box is not None else []
            for line in lines[:-1]:
                ends += 1
                spaced += line[-1]["text"] == " "
            out_row.append(lines)
        cells.append(out_row)
    trust_spaces = ends > 0 and spaced >= 0.3 * ends
    return [
        [
            _join_lines(lines, trust_spaces) if box is not None else None
            for lines, box in zip(row, brow, strict=True)
        ]
        for row, brow in zip(cells, boxes, strict=True)
    ]


def _lines_in(
    chars: list[dict], tops: list[float], box: tuple[float, float, float, float]
) -> list[list[dict]]:
    x0, top, x1, bottom = box
    lo, hi = bisect.bisect_left(tops, top - 20), bisect.bisect_right(tops, bottom)
    inside = [
        c
        for c in chars[lo:hi]
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]
    inside.sort(key=lambda c: (c["top"], c["x0"]))
    lines: list[list[dict]] = []
    for c in inside:
        if lines and abs(lines[-1][0]["top"] - c["top"]) < 3:
            lines[-1].append(c)
        else:
            lines.append([c])
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _join_lines(lines: list[list[dict]], trust_spaces: bool) -> str:
    out = ""
    for line in lines:
        text = "".join(c["text"] for c in line)
        if not text.strip():
            continue
        if not out:
            out = text
        elif _LIST_START.match(text.strip()):
            out = out.rstrip() + "\n" + text
        elif out.endswith(" "):
            out = out.rstrip() + " " + text
        elif not trust_spaces:
            # no spaces printed at line ends: only a piece that cannot stand alone ("hàn" + "g")
            # is known to go on the same word
            out = rejoin(out.rstrip(), text.strip())
        elif _breaks_inside_word(out, text.lstrip()) or rejoin(out, text.lstrip()) == out + text.lstrip():
            out += text.lstrip()
        else:
            out += " " + text.lstrip()
    if "\n" in out:
        return "\n".join(" ".join(p.split()) for p in out.split("\n"))
    return " ".join(out.split())


def _breaks_inside_word(before: str, after: str) -> bool:
    """A wrapped line that ends with no space (the printer prints one at a word break): the word
    goes on when the next line opens with punctuation, or when the two pieces make one
    Vietnamese syllable ("Phò" + "ng", "Trư" + "ớc"); else the space did not fit the line."""
    if not after or after[0] in ",.;:)%]":
        return True
    joined_code = before[-1:] in "/-" and before[-2:-1].isalnum() and after[0].isalnum()
    if after[0].isdigit() and before[-1:].isdigit() or joined_code:
        return True  # "30/" + "11/2025", "202" + "5", "KH-" + "UBND"
    head = re.split(r"[\s,.;:()/-]", after, maxsplit=1)[0]
    tail = re.split(r"[\s,.;:()/-]", before)[-1]
    if not (tail and head):
        return False
    if after[0].isupper():
        # capitals go on only inside a capitalised word: "PH" + "Ụ LỤC", "UB" + "ND"
        if not tail.isupper():
            return False
        return is_syllable(tail + head) or not (is_syllable(tail) or is_syllable(head))
    return is_syllable(tail + head)


def _is_continuation_row(first: list[str], rows: list[list[str]]) -> bool:
    """Is `first` (top row on a new page) the rest of `rows[-1]`, split by the page break? Yes when
    its first cell is empty in a numbered (STT) table, or when every cell it has starts lowercase."""
    last = rows[-1]
    if len(first) != len(last) or not any(first):
        return False
    numbered = sum(1 for r in rows[1:] if r and r[0]) >= 0.8 * (len(rows) - 1)
    if first[0] == "" and last[0] != "" and numbered:
        return True
    filled = [c for c in first if c]
    return all(c[0].isalpha() and c[0].islower() for c in filled)


def _page_items(page: Any) -> list[tuple[float, str, Any]]:
    """(top, "line"|"table", text or rows) for one page, in vertical order."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char" or not boxes:
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    items: list[tuple[float, str, Any]] = []
    source = page.filter(outside) if boxes else page
    for ln in source.extract_text_lines(return_chars=False):
        margin = ln["top"] < 0.1 * page.height or ln["bottom"] > 0.92 * page.height
        if not (margin and _PAGE_NUMBER.match(ln["text"])):  # a page number is not content
            items.append((ln["top"], "line", ln["text"]))
    items.extend((t.bbox[1], "table", _pdf_table_rows(t)) for t in tables)
    items.sort(key=lambda it: it[0])
    return items


def pdf_items(data: bytes) -> list[tuple[int, Any]]:
    """(position, text or table rows) in reading order; `readers._to_blocks` makes the blocks."""
    import pdfplumber  # imported here: only .pdf reading needs it
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise CorruptDocumentError(
            "Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi thử lại",
            "The PDF is password-protected; remove the password and try again",
        ) from exc
    except Exception as exc:
        raise CorruptDocumentError(
            "Tệp .pdf bị hỏng hoặc không phải tệp .pdf hợp lệ",
            "The .pdf file is damaged or is not a valid .pdf file",
        ) from exc
    pages: list[list[tuple[float, str, Any]]] = []
    chars = 0
    with pdf:
        for page in pdf.pages:
            pages.append(_page_items(page))
            chars += len(page.chars)
            page.close()  # drop the page's parsed objects: memory stays flat on long documents
    if chars == 0:
        raise ScannedPdfError(
            "Tệp PDF không có lớp văn bản (bản quét); cần nhận dạng ký tự (OCR) trước",
            "The PDF has no text layer (it is a scan); it needs OCR (text recognition) first",
        )
    # assemble: ("line", text) / ("blank", "") / ("table", rows); tables merged across pages
    out: list[tuple[str, Any]] = []
    for page_no, items in enumerate(pages):
        tops = [top for top, kind, _ in items if kind == "line"]
        pitches = [b - a for a, b in zip(tops, tops[1:], strict=False) if b > a]
        pitch = sorted(pitches)[len(pitches) // 4] if pitches else 0.0  # lower quartile: the line pitch
        prev_top: float | None = None
        for idx, (top, kind, payload) in enumerate(items):
            last = out[-1] if out else None
            if kind == "table":
                rows = payload
                if idx == 0 and page_no and last and last[0] == "table" and _same_width(last[1], rows):
                    _merge_table(last[1], rows)
                else:
                    out.append(("table", rows))
                prev_top = None
                continue
            if idx == 0 and page_no and last and last[0] == "line":
                continues = not _SENTENCE_END.search(last[1]) and payload[:1].islower()
                if not continues:
                    out.append(("blank", ""))
            elif prev_top is not None and pitch and top - prev_top > 1.3 * pitch:
                out.append(("blank", ""))  # a paragraph gap
            out.append(("line", payload))
            prev_top = top
    return [(n, payload) for n, (_, payload) in enumerate(out, 1)]


def _same_width(a: list[list[str]], b: list[list[str]]) -> bool:
    return bool(a and b) and max(len(r) for r in a) == max(len(r) for r in b)


def _join_cut(a: str, b: str) -> str:
    """A cell and its rest after a page break."""
    if not (a and b):
        return a or b
    if _LIST_START.match(b):
        return a + "\n" + b
    return rejoin(a, b)


def _merge_table(rows: list[list[str]], more: list[list[str]]) -> None:
    """Append a table's continuation from the next page to `rows` (in place)."""
    more = list(more)
    h = 0
    while more and h < min(3, len(rows) - 1) and more[0] == rows[h]:  # repeated header rows
        more.pop(0)
        h += 1
    if more and rows and _is_continuation_row(more[0], rows):
        first = more.pop(0)
        rows[-1] = [_join_cut(a, b) for a, b in zip(rows[-1], first, strict=True)]
    rows.extend(more)
