"""The extraction pipeline: a `SourceDocument` in, the extraction contract (DESIGN.md) out.

    read → clean lines → tables (real, or rebuilt from flattened lines) → paragraphs → outline
    → document facts, tasks, indicators, reporting duties → warnings for unknown agencies.

Tasks come from the plan's task table(s) when it has one, else from its tasks part; indicators
from its indicator table(s), else from its objectives part (gold/README.md defines the units).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from dondoc.agencies.reference import load_reference
from dondoc.ingest import vocab
from dondoc.ingest.facts import extract_facts
from dondoc.ingest.flags import gives_no_tasks, looks_like_task_columns, looks_like_task_header, review
from dondoc.ingest.flat_tables import FlatTable, is_header_at, parse_flat_table
from dondoc.ingest.layout import PAGE_NUMBER, build_paragraphs, clean_lines, paragraph_per_line
from dondoc.ingest.outline import Item, build_outline, fold, parts, section_kind, squash
from dondoc.ingest.outline_markers import RANK_NUMBER
from dondoc.ingest.prose_indicators import indicators_from_parts, plan_horizon
from dondoc.ingest.prose_tasks import task_sections, tasks_from_prose
from dondoc.ingest.readers import read_document
from dondoc.ingest.real_tables import rows_from_table
from dondoc.ingest.reporting import reporting_duties
from dondoc.ingest.source import Line, SourceDocument, Table
from dondoc.ingest.table_layout import normalise_blocks
from dondoc.ingest.tables import Columns, Row, indicator_from_row, task_from_row

YEAR = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)
OWN_YEAR = re.compile(r"(?:trong|vào)\s+năm\s+(\d{4})", re.IGNORECASE)


def extract_file(path: str | Path) -> dict:
    return extract_file_with_source(path)[0]


def extract_file_with_source(
    path: str | Path, on_stage: Callable[[str], None] | None = None
) -> tuple[dict, list[tuple[int, str]]]:
    """The extraction and the source as read (line number, text; a table row as its cells joined
    by " | "), so that a reviewer sees the lines each extracted row came from. `on_stage` hears
    "reading" (the file into text) and then "extracting" (the text into the contract)."""
    if on_stage is not None:
        on_stage("reading")
    doc = read_document(path)
    if on_stage is not None:
        on_stage("extracting")
    result = extract_document(doc)
    result["file"] = Path(path).name
    source: list[tuple[int, str]] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            source.extend((block.line_no + i, " | ".join(row)) for i, row in enumerate(block.rows))
        else:
            source.append((block.line_no, block.text))
    return result, source


def extract_document(doc: SourceDocument) -> dict:
    doc = SourceDocument(doc.path, doc.format, normalise_blocks(doc.blocks))
    cleaned = clean_lines(doc.lines(), may_be_markdown=doc.format == "txt")
    lines = cleaned.lines
    tables: list[tuple[Columns, str, list[Row]]] = []
    unread: list[int] = []  # task tables that gave no task: told to the reviewer
    prose_lines: list[Line] = []
    i = 0
    while i < len(lines):
        if is_header_at(lines, i):
            title = " ".join(squash(ln.text) for ln in lines[max(0, i - 4) : i])
            flat: FlatTable = parse_flat_table(lines, i, title)
            if looks_like_task_columns(flat.columns) and gives_no_tasks(flat.columns, flat.rows):
                unread.append(lines[i].line_no)
            if flat.rows:
                tables.append((flat.columns, title, flat.rows))
                i = max(flat.end_index, i + 1)
                continue
        prose_lines.append(lines[i])
        i += 1
    recent: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            parsed = rows_from_table(block)
            header = next((n for n, row in enumerate(block.rows) if looks_like_task_header(row)), None)
            if header is not None and gives_no_tasks(*(parsed[::2] if parsed else (None, []))):
                unread.append(block.line_no + header)
            if parsed is not None:
                columns, _title, rows = parsed
                # the title printed above the table ("… ĐẾN NĂM 2030") dates its indicators
                tables.append((columns, " ".join(squash(t) for t in recent[-4:]), rows))
        elif block.text.strip():
            recent.append(block.text)
    prose_lines = [ln for ln in prose_lines if not PAGE_NUMBER.match(ln.text)]
    per_line = paragraph_per_line(prose_lines)
    paragraphs = build_paragraphs(prose_lines, per_line=per_line)
    root = build_outline(paragraphs)
    top = parts(root)
    full_text = "\n".join(ln.text for ln in lines)
    facts = extract_facts(_fact_lines(doc, lines), paragraphs, cleaned.stamps, full_text)

    tasks = _table_tasks(tables)
    if not tasks:
        tasks = tasks_from_prose(task_sections(top), per_line=per_line)
    indicators = _table_indicators(tables, plan_horizon(p.text for p in root.body))
    if not indicators:
        indicators = indicators_from_parts(top, root.body)
    _names_of_the_day(tasks, indicators, facts.get("signed_date"))
    reporting = reporting_duties(top)
    # review flags on every row (kept from earlier steps, added to) and the tables' warnings
    review_warnings = review(
        tasks,
        indicators,
        tables=tables,
        unread_tables=unread,
        signed_date=facts.get("signed_date"),
        issuer=facts.get("issuer"),
    )
    return {
        "file": Path(doc.path).name,
        "document": facts,
        "outline": outline_rows(root),
        "indicators": indicators,
        "tasks": tasks,
        "reporting": reporting,
        "warnings": _warnings(tasks, indicators)
        + _coverage_warnings(tasks, indicators, reporting)
        + review_warnings,
    }


def outline_rows(root: Item) -> list[dict]:
    """The plan's parts and numbered items (I. / 1. / 1.1.) with their titles and kinds: the
    skeleton a reader navigates; lettered points and bullets are content, not outline."""
    rows: list[dict] = []
    for item in root.walk():
        if item.kind not in ("roman", "number") or item.rank > RANK_NUMBER + 2:
            continue
        # a number label already carries its parents ("2.1"): prefix only the Roman part
        romans = [i.label for i in item.path() if i.kind == "roman"]
        path = romans if item.kind == "roman" else [*romans, item.label]
        title = item.head if len(item.head) <= 200 else item.head[:197] + "…"
        rows.append(
            {
                "code": ".".join(path),
                "level": len(romans) + (item.label.count(".") + 1 if item.kind == "number" else 0),
                "title": title,
                "kind": section_kind(item.head) if item.kind == "roman" else None,
                "line": item.line_no,
            }
        )
    return rows


def _fact_lines(doc: SourceDocument, lines: list[Line]) -> list[str]:
    """The printed lines in reading order, with table cells as lines: Word and web versions put
    the header (issuer, number, place and date) and the signature block in layout tables."""
    # several lines can share a source position (a DOCX paragraph with line breaks, the cells of
    # a layout table row): each cleaned line is taken once, in order
    by_no: dict[int, list[str]] = {}
    for ln in lines:
        by_no.setdefault(ln.line_no, []).append(ln.text)
    out: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    out.extend(part for part in cell.split("\n") if part.strip())
        elif by_no.get(block.line_no):
            out.append(by_no[block.line_no].pop(0))
    return out


def _table_tasks(tables: list[tuple[Columns, str, list[Row]]]) -> list[dict]:
    out: list[dict] = []
    for columns, _title, rows in tables:
        if columns.kind != "tasks":
            continue
        for row in rows:
            if not row.cells.get("content", "").strip():
                continue
            if row.is_group and not row.cells.get("deadline"):
                continue
            section = next(
                (g for g in row.group_path if g.isalpha()), row.group_path[0] if row.group_path else ""
            )
            out.append(task_from_row(row, section))
    return out


def _table_indicators(tables: list[tuple[Columns, str, list[Row]]], horizon: int | None = None) -> list[dict]:
    """Indicator rows; a row dated by nothing (its cells, its groups, the table's title) takes the
    plan's horizon, flagged for the reviewer."""
    out: list[dict] = []
    for columns, title, rows in tables:
        if columns.kind != "indicators":
            continue
        title_year = _year_in(title)
        for row in rows:
            content = row.cells.get("content", "").strip()
            if not content:
                continue
            has_target = bool(
                row.cells.get("target", "").strip() or row.cells.get("unit", "").strip() or row.target_cells
            )
            if row.is_group and not has_target:
                continue
            if row.stt.isalpha() and not has_target:
                continue  # a Roman group row ("I ĐẾN NĂM 2025")
            year = None
            own = OWN_YEAR.search(content)
            if own:
                year = int(own.group(1))
            else:
                for g in reversed(row.group_titles):
                    year = _year_in(g)
                    if year:
                        break
                year = year or title_year
            found = indicator_from_row(row, year or horizon)
            if year is None and horizon is not None:
                for ind in found:
                    if ind["year"] == horizon and "year_from_horizon" not in ind["flags"]:
                        ind["flags"].append("year_from_horizon")
            out.extend(found)
    return out


@lru_cache(maxsize=1)
def _renamed() -> list[dict]:
    return list(vocab.load("names_by_date")["renamed"])


def _names_of_the_day(tasks: list[dict], indicators: list[dict], signed: str | None) -> None:
    """A name whose meaning changed (data/names_by_date.yaml) reads as the body it means on the
    day the plan was signed ("UBND cấp xã" in a plan of 11/2025 is UBND các xã, phường)."""
    if not signed:
        return
    changes = {r["written"]: r["means"] for r in _renamed() if signed >= str(r["from"])}
    if not changes:
        return
    for row in (*tasks, *indicators):
        for key in ("lead", "coordinating", "implementing"):
            if row.get(key):
                row[key] = list(dict.fromkeys(changes.get(name, name) for name in row[key]))


def _year_in(text: str) -> int | None:
    m = YEAR.search(text or "")
    return int(m.group(1)) if m else None


def _coverage_warnings(tasks: list[dict], indicators: list[dict], reporting: list[dict]) -> list[dict]:
    """Tell the reviewer what was not found, so an empty list is never mistaken for a result."""
    missing = []
    if not tasks:
        missing.append(("no_tasks", "nhiệm vụ", "tasks"))
    if not reporting:
        missing.append(("no_reporting", "chế độ báo cáo", "reporting duties"))
    return [
        {
            "kind": kind,
            "message_vi": f"Không tìm thấy {vi} trong văn bản; hãy kiểm tra lại bằng tay.",
            "message_en": f"No {en} found in the document; check it by hand.",
        }
        for kind, vi, en in missing
    ]


def _warnings(tasks: list[dict], indicators: list[dict]) -> list[dict]:
    """Agency names the reference data does not know: kept as written, listed for a coordinator."""
    ref = load_reference()
    unknown: dict[str, list[str]] = {}
    for kind, rows, keys in (
        ("task", tasks, ("lead", "coordinating")),
        ("indicator", indicators, ("lead", "coordinating", "implementing")),
    ):
        for row in rows:
            for key in keys:
                for name in row.get(key) or []:
                    if not ref.resolve(name).known:
                        unknown.setdefault(name, []).append(f"{kind} {row.get('code')}")
    return [
        {
            "kind": "unknown_agency",
            "name": name,
            "where": where[:10],
            "message_vi": f"Không tìm thấy cơ quan «{name}» trong danh mục; giữ nguyên như văn bản ghi.",
            "message_en": f"Agency «{name}» is not in the reference data; kept as written.",
        }
        for name, where in unknown.items()
    ]


__all__ = ["extract_document", "extract_file", "fold"]
