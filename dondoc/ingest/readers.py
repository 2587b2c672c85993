"""Readers: .txt, .md, .docx and .pdf files → `SourceDocument` (ordered `Line`s and `Table`s).

The format comes from the file's content first (``%PDF``, a ZIP holding ``word/document.xml``)
and its extension second, so a PDF saved as ``.txt`` is still read as a PDF. Every failure is an
`ExtractionError` subclass with a Vietnamese and an English message; no library exception
escapes. All text goes through `repair.repair_text`, with a legacy encoding (TCVN3/VNI) detected
once per document.

What each reader does with tables:

* .txt — none: one `Line` per source line (PDF text exports keep their flattened tables).
* .md — GitHub pipe tables (header row + ``|---|`` separator) become a `Table`; the separator row
  is dropped, ``\\|`` is a literal pipe and ``<br>`` a newline inside a cell.
* .docx — Word tables in document order; a horizontally merged cell (gridSpan) appears once, a
  vertically merged cell repeats the text of the cell above, a nested table is flattened into its
  cell ("a | b" per row, one row per line).
* .pdf — ruled tables found by pdfplumber; text outside them becomes `Line`s in reading order; a
  table continuing on the next page (same column count) is merged, dropping a repeated header row
  and re-joining a row that the page break split.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dondoc.ingest.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    ExtractionError,
    FileAccessError,
    UnsupportedFormatError,
)
from dondoc.ingest.legacy_encoding import detect_legacy_encoding
from dondoc.ingest.pdf_reader import pdf_items
from dondoc.ingest.repair import LegacyChoice, document_legacy_encoding, repair_text
from dondoc.ingest.source import Block, Line, SourceDocument, Table

SUPPORTED = ".txt, .md, .docx, .pdf"
_TEXT_EXTENSIONS = {".txt": "txt", ".text": "txt", "": "txt", ".md": "md", ".markdown": "md"}


def _unsupported(what: str) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        f"Không đọc được tệp: định dạng không được hỗ trợ ({what}). Hỗ trợ: {SUPPORTED}",
        f"Cannot read the file: unsupported format ({what}). Supported: {SUPPORTED}",
    )


def _corrupt(fmt: str, detail_vi: str = "", detail_en: str = "") -> CorruptDocumentError:
    return CorruptDocumentError(
        detail_vi or f"Tệp .{fmt} bị hỏng hoặc không phải tệp .{fmt} hợp lệ",
        detail_en or f"The .{fmt} file is damaged or is not a valid .{fmt} file",
    )


def _empty() -> EmptyDocumentError:
    return EmptyDocumentError("Tệp rỗng: không có nội dung văn bản", "The file is empty: it holds no text")


# ---------------------------------------------------------------------------------------- entry


def check_readable(data: bytes, file_name: str) -> str:
    """The format `read_document` would read `data` as (txt, md, docx, pdf), judged from the first
    bytes and the name without reading the document; raises what it would raise for an empty
    file or one of a format it does not read. For refusing such a file at once, on upload."""
    if not data.strip():
        raise _empty()
    return _sniff(data, Path(file_name).suffix.lower())


def read_document(path: str | Path, *, max_bytes: int = 50 * 1024 * 1024) -> SourceDocument:
    """Read a .txt, .md, .docx or .pdf file into a `SourceDocument`."""
    p = Path(path)
    try:
        if not p.exists():
            raise FileAccessError(f"Không tìm thấy tệp: {p}", f"File not found: {p}")
        if not p.is_file():
            raise FileAccessError(f"Không phải là tệp: {p}", f"Not a file: {p}")
        size = p.stat().st_size
        if size > max_bytes:
            raise DocumentTooLargeError(
                f"Tệp quá lớn ({size / 1048576:.1f} MB); giới hạn là {max_bytes / 1048576:.0f} MB",
                f"The file is too large ({size / 1048576:.1f} MB); the limit is {max_bytes / 1048576:.0f} MB",
            )
        data = p.read_bytes()
    except OSError as exc:
        raise FileAccessError(
            f"Không mở được tệp: {p} ({exc.strerror})", f"Cannot open the file: {p} ({exc.strerror})"
        ) from exc
    if not data.strip():
        raise _empty()
    fmt = _sniff(data, p.suffix.lower())
    try:
        if fmt == "pdf":
            blocks = _to_blocks(pdf_items(data))
        elif fmt == "docx":
            blocks = _docx_blocks(data)
        else:
            return read_text(_decode_text(data), path=str(path), fmt=fmt)
    except ExtractionError:
        raise
    except Exception as exc:  # a library failing on a malformed file: never let it escape
        raise _corrupt(fmt) from exc
    if not any((b.text.strip() if isinstance(b, Line) else any(any(r) for r in b.rows)) for b in blocks):
        raise _empty()
    return SourceDocument(path=str(path), format=fmt, blocks=blocks)


def read_text(text: str, *, path: str = "<text>", fmt: str = "txt") -> SourceDocument:
    """Read already-decoded text as a .txt or .md document (for tests and stdin)."""
    if fmt not in ("txt", "md"):
        raise _unsupported(fmt)
    if not text.strip():
        raise _empty()
    lines = re.split(r"\r\n|\r|\n", text.replace("\f", ""))
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the file's final newline ends the last line; it is not one more line
    encoding = document_legacy_encoding(lines)
    if fmt == "md":
        blocks = _markdown_blocks(lines, encoding)
    else:
        # one repair over the whole text (no repair adds or removes a line break): far faster
        # than one call per line on a long plan
        repaired = repair_text("\n".join(lines), legacy=encoding).split("\n")
        if len(repaired) != len(lines):
            repaired = [repair_text(t, legacy=encoding) for t in lines]
        blocks = [Line(t, i) for i, t in enumerate(repaired, 1)]
    return SourceDocument(path=path, format=fmt, blocks=blocks)


def _sniff(data: bytes, ext: str) -> str:
    """The format from the content, then the extension; raise for anything unsupported."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise _corrupt(ext.lstrip(".") or "docx") from exc
        if "word/document.xml" in names:
            return "docx"
        prefixes = {n.split("/", 1)[0] for n in names}
        kind = ".xlsx" if "xl" in prefixes else ".pptx" if "ppt" in prefixes else ""
        if not kind and ext == ".docx":
            raise _corrupt("docx")
        raise _unsupported(kind or ext or "ZIP")
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Word/Excel 97-2003 (.doc, .xls)
        raise UnsupportedFormatError(
            f"Không đọc được tệp: định dạng Word/Excel 97-2003 ({ext or '.doc'}) không được hỗ trợ; hãy lưu lại thành .docx",
            f"Cannot read the file: the Word/Excel 97-2003 format ({ext or '.doc'}) is not supported; save it as .docx",
        )
    if data.startswith(b"{\\rtf"):
        raise _unsupported(".rtf")
    if ext in (".pdf", ".docx"):
        raise _corrupt(ext[1:])
    if ext not in _TEXT_EXTENSIONS:
        raise _unsupported(ext)
    return _TEXT_EXTENSIONS[ext]


# ---------------------------------------------------------------------------------- txt and md

# cp1252 where it defines a character, latin-1 (the byte's own code point) where it does not
_CP1252 = {
    i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_VI_SPECIFIC = re.compile("[ăđơưĂĐƠƯĩĨũŨ\u1ea0-\u1ef9]")


def _decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (BOM or not), UTF-16, else cp1258 or cp1252 for legacy text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif len(data) >= 4 and data[:4096].count(0) > len(data[:4096]) // 4:
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        text = data.decode("utf-16-be" if even > odd else "utf-16-le", errors="replace")
    else:
        if b"\x00" in data:
            raise _binary_txt()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_non_utf8(data)
    sample = text[:100_000]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise _binary_txt()
    return text


def _decode_non_utf8(data: bytes) -> str:
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    if sum(1 for c in loose if c > "\x7f") > 10 * bad:  # UTF-8 with a few damaged bytes
        return loose
    cp1252 = data.decode("latin-1").translate(_CP1252)
    if detect_legacy_encoding(cp1252):
        return cp1252  # TCVN3 / VNI, converted by repair with the document's encoding
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    vi = len(_VI_SPECIFIC.findall(cp1258))
    loose_marks = sum(1 for c in cp1258 if "\u0300" <= c <= "\u0323")
    if vi >= 5 and loose_marks <= 0.05 * vi:
        return cp1258  # Windows Vietnamese (cp1258, tone marks as combining characters)
    return cp1252


def _binary_txt() -> CorruptDocumentError:
    vi, en = "Tệp không phải văn bản: có dữ liệu nhị phân", "The file is not text: it holds binary data"
    return _corrupt("txt", f"{vi} (hỗ trợ: {SUPPORTED})", f"{en} (supported: {SUPPORTED})")


_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ""),  # heading marks
    (re.compile(r"\s+#+\s*$"), ""),  # closing heading marks
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images → their text
    (re.compile(r"(\*\*\*|\*\*|\*)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # **bold**, *italic*
    (re.compile(r"(?<!\w)(___|__|_)(?=\S)(.+?)(?<=\S)\1(?!\w)"), r"\2"),  # __bold__, _italic_
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
    (re.compile(r"</?(?:u|b|i|em|strong|sup|sub|span)\b[^>]*>", re.IGNORECASE), ""),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
]


def _strip_markdown(text: str) -> str:
    for _ in range(3):  # nested emphasis ("***x***", "**_x_**") takes more than one pass
        before = text
        for pattern, repl in _MD_RULES[2:5]:
            text = pattern.sub(repl, text)
        if text == before:
            break
    for pattern, repl in (*_MD_RULES[:2], *_MD_RULES[5:]):
        text = pattern.sub(repl, text)
    return text


def _split_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip() for c in _UNESCAPED_PIPE.split(s)]


def _markdown_blocks(lines: list[str], encoding: LegacyChoice) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _UNESCAPED_PIPE.search(line) and "|" in following and _SEPARATOR.match(following):
            rows = [_split_row(line)]
            j = i + 2
            while j < len(lines) and lines[j].strip() and _UNESCAPED_PIPE.search(lines[j]):
                rows.append(_split_row(lines[j]))
                j += 1
            # short rows stay short: a row under merged cells lacks cells, and which ones is read
            # from the cells' content (real_tables.py)
            cells = [
                [repair_text(_strip_markdown(_BR.sub("\n", c)), legacy=encoding) for c in r] for r in rows
            ]
            blocks.append(Table(tuple(tuple(r) for r in cells), i + 1))
            i = j
            continue
        blocks.append(Line(repair_text(_strip_markdown(_BR.sub(" ", line)), legacy=encoding), i + 1))
        i += 1
    return blocks


# ----------------------------------------------------------------------------------------- docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {_W + "txbxContent", _W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _MC_FALLBACK}
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"}
_CHAR_TAGS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_ROMAN = {1000: "M", 900: "CM", 500: "D", 400: "CD", 100: "C", 90: "XC", 50: "L", 40: "XL", 10: "X", 9: "IX"}
_ROMAN.update({5: "V", 4: "IV", 1: "I"})


def _val(el: Any, path: str, default: str | None = None) -> str | None:
    """The w:val attribute of the element at `path` ("tcPr/gridSpan") under `el`, if any."""
    found = el.find("/".join(_W + part for part in path.split("/")))
    return default if found is None else found.get(_W + "val", default)


def _format_number(n: int, fmt: str) -> str:
    """A list number in Word's numFmt: decimal, decimalZero, upper/lowerRoman, upper/lowerLetter."""
    if fmt.endswith("Roman"):
        out = ""
        for value, sym in _ROMAN.items():
            out, n = out + sym * (n // value), n % value
        return out if fmt == "upperRoman" else out.lower()
    if fmt.endswith("Letter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    return f"{n:02d}" if fmt == "decimalZero" else str(n)


class _Numbering:
    """Renders Word's automatic list numbers ("I.", "1.", "a)"), which are not in the text."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.styles: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterchildren(_W + "abstractNum"):
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in an.iterchildren(_W + "lvl"):
                start = int(_val(lvl, "start", "1") or 1)
                lv[int(lvl.get(_W + "ilvl", "0"))] = (
                    _val(lvl, "numFmt") or "decimal",
                    _val(lvl, "lvlText") or "",
                    start,
                )
            abstract[an.get(_W + "abstractNumId", "")] = lv
        for num in root.iterchildren(_W + "num"):
            self.levels[num.get(_W + "numId", "")] = abstract.get(_val(num, "abstractNumId", "") or "", {})
        for style in document.styles.element.iterchildren(_W + "style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                self.styles[style.get(_W + "styleId", "")] = self._num_pr(num_pr) or ("", 0)

    @staticmethod
    def _num_pr(num_pr: Any) -> tuple[str, int] | None:
        num_id = _val(num_pr, "numId")
        return None if num_id is None else (num_id, int(_val(num_pr, "ilvl", "0") or 0))

    def label(self, p: Any) -> str:
        if not self.levels:
            return ""
        num_pr = p.find(f"{_W}pPr/{_W}numPr")
        ref = self._num_pr(num_pr) if num_pr is not None else self.styles.get(_val(p, "pPr/pStyle", "") or "")
        if not ref or ref[0] in ("", "0") or ref[0] not in self.levels:
            return ""
        num_id, ilvl = ref
        levels = self.levels[num_id]
        counts = self.counters.setdefault(num_id, {})
        fmt, text, start = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        if fmt == "bullet":
            return (text if text in ("-", "–", "+", "•", "*", "o") else "-") + " "
        if fmt == "none":
            return ""
        for k in range(9):
            if f"%{k + 1}" in text:
                n = counts.get(k, levels.get(k, ("decimal", "", 1))[2])
                text = text.replace(f"%{k + 1}", _format_number(n, levels.get(k, ("decimal", "", 1))[0]))
        return text + " " if text else ""


def _run_text(el: Any) -> Iterator[str]:
    """The visible text under a paragraph element, skipping deleted text and text boxes."""
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            yield child.text or ""
        elif tag in _CHAR_TAGS:
            yield _CHAR_TAGS[tag]
        elif tag == _W + "sym":
            with contextlib.suppress(ValueError):
                yield chr(int(child.get(_W + "char", ""), 16))
        else:
            yield from _run_text(child)


def _children(el: Any) -> Iterator[Any]:
    """Block-level children, looking through content controls and custom XML wrappers."""
    for child in el.iterchildren():
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _cell_text(tc: Any, numbering: _Numbering) -> str:
    parts: list[str] = []
    for child in _children(tc):
        if child.tag == _W + "p":
            parts.append(numbering.label(child) + "".join(_run_text(child)))
        elif child.tag == _W + "tbl":  # nested table: one line per row, cells joined by " | "
            parts.extend(" | ".join(c for c in row if c) for row in _docx_table(child, numbering))
    return "\n".join(parts).strip()


def _continues(tc: Any, merge: str) -> bool:
    """Is this cell the continuation of a merge (w:vMerge / w:hMerge without val="restart")?"""
    el = tc.find(f"{_W}tcPr/{_W}{merge}")
    return el is not None and el.get(_W + "val", "continue") == "continue"


def _docx_table(tbl: Any, numbering: _Numbering) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    above: dict[int, str] = {}  # grid column → text of the cell starting there in the row above
    for tr in (c for c in _children(tbl) if c.tag == _W + "tr"):
        col = int(_val(tr, "trPr/gridBefore", "0") or 0)
        cells: list[str] = []
        current: dict[int, str] = {}
        for tc in (c for c in _children(tr) if c.tag == _W + "tc"):
            span = int(_val(tc, "tcPr/gridSpan", "1") or 1)
            if _continues(tc, "hMerge"):
                col += span  # legacy horizontal merge: part of the cell on its left
                continue
            text = above.get(col, "") if _continues(tc, "vMerge") else _cell_text(tc, numbering)
            cells.append(text)
            current[col] = text
            col += span
        rows.append(tuple(cells))
        above = current
    return rows


def _docx_blocks(data: bytes) -> list[Block]:
    import docx  # imported here: only .docx reading needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _corrupt("docx") from exc
    numbering = _Numbering(document)
    raw: list[tuple[int, str | list[tuple[str, ...]]]] = []
    position = 0
    for child in _children(document.element.body):
        if child.tag == _W + "p":
            position += 1
            raw.append((position, numbering.label(child) + "".join(_run_text(child))))
        elif child.tag == _W + "tbl":
            position += 1
            raw.append((position, _docx_table(child, numbering)))
    return _to_blocks(raw)


def _to_blocks(raw: list[tuple[int, Any]]) -> list[Block]:
    """(position, text or rows) → repaired Lines and Tables; a "\n" in a text starts a new Line."""
    texts = [t if isinstance(t, str) else "\n".join("\n".join(r) for r in t) for _, t in raw]
    encoding = document_legacy_encoding(texts)
    blocks: list[Block] = []
    for pos, item in raw:
        if isinstance(item, str):
            blocks.extend(Line(repair_text(part, legacy=encoding), pos) for part in item.split("\n"))
        else:
            blocks.append(Table(tuple(tuple(repair_text(c, legacy=encoding) for c in r) for r in item), pos))
    return blocks
