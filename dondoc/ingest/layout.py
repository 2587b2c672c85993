"""From a document's raw lines to clean paragraphs: noise removed, wrapped lines joined.

PDF text exports break every printed line and sprinkle page numbers, repeated table headers
and digital-signature stamps between them; Markdown from web pages gives one paragraph per line
with emphasis marks. This module hides both behind one list of `Paragraph`s that start where
the document starts a new item (an outline marker) or a new paragraph.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from dondoc.ingest.outline_markers import match_marker
from dondoc.ingest.source import Line

# A line that is only a page number ("11", " 9 ") or a dash-wrapped one ("- 3 -").
PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
# Digital-signature stamps that PDF exports of signed documents repeat on some pages.
STAMP = re.compile(
    r"^\s*(?:Thời gian ký|Ký bởi|Người ký|Cơ quan|Email|Signed by|Signature)\s*:", re.IGNORECASE
)
STAMP_NUMBER = re.compile(r"^\s*Số\s*:\s*\S+\s*$")
MD_EMPHASIS = re.compile(r"(\*{2,3}|_{2,3}|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
MD_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
SENTENCE_END = re.compile(r"[.;:!?…)\"”]\s*$")
# A marker printed alone on its line ("1." then the item's words on the next line).
BARE_MARKER = re.compile(r"^(?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2}){0,3}\.|[a-zđ]\))$")


@dataclass(slots=True)
class Paragraph:
    text: str
    line_no: int
    end_line_no: int
    heading: bool = False  # a Markdown heading or a bold-only line: a title, not prose


@dataclass(slots=True)
class CleanLines:
    lines: list[Line]
    stamps: list[str]  # signature-stamp lines removed from the flow (they carry number and date)
    markdown: bool


def strip_markdown(text: str) -> str:
    text = MD_HEADING.sub("", text)
    text = text.replace("\\*", "*")
    return MD_EMPHASIS.sub("", text)


def looks_like_markdown(lines: list[Line]) -> bool:
    sample = [ln.text for ln in lines[:400]]
    hits = sum(1 for t in sample if "**" in t or MD_HEADING.match(t))
    return hits >= 3


def clean_lines(lines: list[Line], *, may_be_markdown: bool = True) -> CleanLines:
    """Drop stamps and Markdown marks; keep blank lines (they can mark paragraphs) and lone
    numbers (in a flattened table they are row numbers; elsewhere the caller drops them as page
    numbers)."""
    # Markdown marks are stripped by the .md reader; a .txt file may still hold Markdown
    markdown = may_be_markdown and looks_like_markdown(lines)
    out: list[Line] = []
    stamps: list[str] = []
    for ln in lines:
        text = ln.text.rstrip()
        if markdown:
            if MD_RULE.match(text):
                out.append(Line("", ln.line_no))
                continue
            heading = bool(MD_HEADING.match(text)) or (
                text.strip().startswith("**") and text.strip().endswith("**")
            )
            text = strip_markdown(text).strip()
            if heading and text:
                text = "\x01" + text  # mark: this line is a title (kept through joining)
        if STAMP.match(text) or STAMP_NUMBER.match(text):
            stamps.append(text.strip())
            continue
        out.append(Line(text, ln.line_no))
    return CleanLines(out, stamps, markdown)


def paragraph_per_line(lines: list[Line]) -> bool:
    """True when the source gives one paragraph per line (web Markdown, DOCX)."""
    lengths = [len(ln.text) for ln in lines if ln.text.strip()]
    if not lengths:
        return True
    return statistics.median(lengths) > 120


def build_paragraphs(lines: list[Line], *, per_line: bool | None = None) -> list[Paragraph]:
    """Join wrapped lines into paragraphs.

    Per-line sources: each non-blank line is a paragraph, except that a line starting in lower
    case right after a blank line continues the paragraph before it (a page break fell inside
    it). Wrapped sources (PDF text): lines join until the next outline marker, or until a line
    that ends a sentence and is clearly shorter than a full printed line.
    """
    if per_line is None:
        per_line = paragraph_per_line(lines)
    paras: list[Paragraph] = []
    if per_line:
        blank_before = False
        for ln in lines:
            text = ln.text.strip()
            if not text:
                blank_before = True
                continue
            heading = text.startswith("\x01")
            text = text.lstrip("\x01")
            marker = match_marker(text)
            # "a) Đào tạo …" opens a lettered item although its first character is lower case
            lower_start = (marker is None and text[:1].islower()) or (
                marker is not None and marker.kind == "bullet" and marker.rest[:1].islower()
            )
            if paras and BARE_MARKER.match(paras[-1].text):
                # the words of an item whose marker stands alone on the line above
                paras[-1].text += " " + text
                paras[-1].end_line_no = ln.line_no
                blank_before = False
                continue
            continues = (
                paras
                and lower_start
                and not paras[-1].heading
                and (blank_before or not SENTENCE_END.search(paras[-1].text))
                and (marker is None or not SENTENCE_END.search(paras[-1].text))
            )
            if continues:
                # a page break (blank line, then lower case) or a hyphen wrapped to the line
                # start ("… từ sản xuất" / "- quản lý - tiêu thụ …") inside one paragraph
                paras[-1].text += " " + text
                paras[-1].end_line_no = ln.line_no
            else:
                paras.append(Paragraph(text, ln.line_no, ln.line_no, heading))
            blank_before = False
        return paras

    full = _typical_width(lines)
    gaps = _blank_lines_are_gaps(lines)
    current: Paragraph | None = None
    prev_text = ""
    blank_before = False
    for ln in lines:
        text = ln.text.strip()
        if not text:
            blank_before = True
            continue
        marker = match_marker(text)
        bare = BARE_MARKER.match(text) is not None
        # where blank lines are paragraph gaps (the PDF reader's), one before a line that starts
        # like a sentence ends the paragraph above when that paragraph ends a sentence or is a
        # one-line numbered title ("4.4. Nền tảng …", "Trọng tâm:")
        gap = (
            gaps
            and blank_before
            and not text[:1].islower()
            and current is not None
            and (bool(SENTENCE_END.search(prev_text)) or _is_title_line(current))
        )
        blank_before = False
        starts_new = current is None or marker is not None or bare or gap
        if marker is not None and marker.kind == "bullet" and marker.rest[:1].islower():
            # "khoa học" / "- công nghệ": a hyphen that wrapped to the line start, not a bullet
            starts_new = current is None or bool(SENTENCE_END.search(prev_text))
        if not starts_new and len(prev_text) < 0.7 * full and (text[:1].isupper() or text[:1].isdigit()):
            # a justified paragraph's only short line is its last one; two lines in capitals
            # are one wrapped title
            starts_new = not (prev_text.isupper() and text.isupper())
        if BARE_MARKER.match(prev_text) and current is not None:
            # the words of an item whose marker stands alone on the line above
            starts_new = False
        if starts_new:
            if current is not None:
                paras.append(current)
            current = Paragraph(text, ln.line_no, ln.line_no)
        elif current is not None:
            current.text = join_wrapped(current.text, text)
            current.end_line_no = ln.line_no
        prev_text = text
    if current is not None:
        paras.append(current)
    return paras


def _is_title_line(para: Paragraph) -> bool:
    marker = match_marker(para.text)
    return para.line_no == para.end_line_no and marker is not None and marker.kind in ("roman", "number")


def _blank_lines_are_gaps(lines: list[Line]) -> bool:
    """Whether blank lines separate paragraphs (wrapped lines follow one another) rather than
    every printed line (a text export with a blank after each line)."""
    texts = [bool(ln.text.strip()) for ln in lines]
    printed = sum(texts)
    if printed < 2:
        return False
    adjacent = sum(1 for a, b in zip(texts, texts[1:], strict=False) if a and b)
    # PDF text has about 0.55 and more; exports with a blank after (nearly) every line far less
    return adjacent >= 0.45 * printed


def _typical_width(lines: list[Line]) -> float:
    lengths = sorted(len(ln.text.strip()) for ln in lines if ln.text.strip())
    if not lengths:
        return 80.0
    return float(lengths[int(len(lengths) * 0.9)])


# A document number or hyphenated word split at the line end: "05-" + "NQ/TU", "LĐ-" + "TB&XH".
_SPLIT_CODE = re.compile(r"[\w&]-$")
_CODE_START = re.compile(r"^[A-ZĐ]{1,6}[/&\-A-ZĐa-z]*")


def join_wrapped(left: str, right: str) -> str:
    """Join two printed lines of one paragraph with a space, or with none when a code was split."""
    left = left.rstrip()
    right = right.strip()
    if _SPLIT_CODE.search(left) and _CODE_START.match(right):
        return left + right
    # a degree sign printed as a superscript "0" on its own line ("360" / "0")
    return f"{left} {right}"
