"""The shape every reader produces: a document as an ordered list of lines and tables.

Readers (`readers.py`) turn .txt/.md/.docx/.pdf into a `SourceDocument`; the extractor works
only on this shape, so every format goes through the same rules. A `Line` is one line of text
as the source laid it out (for PDF text, one printed line; for DOCX, one paragraph; for
Markdown, one source line), blank lines included because a blank line marks a page or paragraph
break. A `Table` is a real table (Word, Markdown pipe table, or a ruled PDF table) with its cells
already separated; merged cells appear once per row they span.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    line_no: int  # 1-based position in the source (line for text, paragraph for DOCX)


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    line_no: int  # position of the table's first row in the source


Block = Line | Table


@dataclass(slots=True)
class SourceDocument:
    path: str
    format: str  # "txt" | "md" | "docx" | "pdf"
    blocks: list[Block] = field(default_factory=list)

    def lines(self) -> list[Line]:
        return [b for b in self.blocks if isinstance(b, Line)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
