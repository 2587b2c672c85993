"""Task and indicator tables: column roles from the header, rows to tasks and indicators.

Works the same for real tables (DOCX, Markdown, ruled PDF) and for tables that a PDF text export
flattened into lines (`flat_tables.py` rebuilds their rows first). A header cell's words give
its role: STT, content, lead (chủ trì), coordinating (phối hợp), implementing (thực hiện),
deadline (thời gian/thời hạn/tiến độ), output (kết quả/sản phẩm), unit (đơn vị tính), target
(kết quả/chỉ tiêu/mục tiêu … in an indicator table, or a year column), note (ghi chú).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from dondoc.ingest.deadlines import parse_deadline
from dondoc.ingest.outline import fold, squash
from dondoc.ingest.roles import read_agency_cell, split_agency_cell
from dondoc.ingest.targets import parse_targets

# Longest phrases first: "đơn vị chủ trì" must not be read as the unit column.
ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("cơ quan chủ trì", "lead"),
    ("đơn vị chủ trì", "lead"),
    ("chủ trì", "lead"),
    ("cơ quan phối hợp", "coordinating"),
    ("đơn vị phối hợp", "coordinating"),
    ("phối hợp", "coordinating"),
    ("cơ quan thực hiện", "implementing"),
    ("đơn vị thực hiện", "implementing"),
    ("thời gian thực hiện", "deadline"),
    ("thời gian hoàn thành", "deadline"),
    ("thời hạn", "deadline"),
    ("tiến độ", "deadline"),
    ("thời gian", "deadline"),
    ("đơn vị tính", "unit"),
    ("đvt", "unit"),
    ("ghi chú", "note"),
    ("sản phẩm", "output"),
    ("kết quả", "result"),
    ("mục tiêu", "content_or_target"),
    ("chỉ tiêu", "content_or_target"),
    ("tên nhiệm vụ", "content"),
    ("nội dung", "content"),
    ("nhiệm vụ", "content"),
    ("đơn vị", "unit"),
    ("stt", "stt"),
    ("tt", "stt"),
)
YEAR_COLUMN = re.compile(r"(?:năm|đến)\s*(\d{4})|^\s*(\d{4})\s*$")


@dataclass(slots=True)
class Columns:
    roles: list[str]  # one role per column, in column order
    kind: str  # "tasks" | "indicators" | "other"
    years: dict[int, int] = field(default_factory=dict)  # column index → target year


def roles_from_header(cells: list[str]) -> Columns:
    roles: list[str] = []
    years: dict[int, int] = {}
    for i, cell in enumerate(cells):
        low = " " + fold(squash(cell)) + " "
        role = "other"
        for word, r in ROLE_WORDS:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", low):
                role = r
                break
        y = YEAR_COLUMN.search(low)
        if y and role in ("other", "content_or_target", "result"):
            years[i] = int(y.group(1) or y.group(2))
            role = "target"
        roles.append(role)
    return _settle(_one_content(roles, cells), years)


# Which header names the task or indicator itself when several could: "Tên dự án, nhiệm vụ"
# beside "Nội dung chính", "Nội dung nhiệm vụ" beside "Thuộc nhóm nhiệm vụ".
CONTENT_PRIORITY = (("thuoc nhom", -1), ("ten ", 3), ("noi dung", 2), ("nhiem vu", 1))


def _one_content(roles: list[str], cells: list[str]) -> list[str]:
    content = [i for i, r in enumerate(roles) if r == "content"]
    if len(content) < 2:
        return roles

    def priority(i: int) -> int:
        low = " " + _plain(cells[i]) + " "
        return next((p for word, p in CONTENT_PRIORITY if f" {word}" in low), 0)

    keep = max(content, key=lambda i: (priority(i), -i))
    # the other content columns ("Nội dung chính") are details of the row, read for its output
    return [r if r != "content" or i == keep else "detail" for i, r in enumerate(roles)]


def _plain(text: str) -> str:
    """Lower case without diacritics, for matching header words."""
    folded = unicodedata.normalize("NFD", fold(squash(text)).replace("đ", "d"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def roles_from_header_text(text: str) -> Columns:
    """Roles from a flattened header line ("STT NỘI DUNG … CHỦ TRÌ … GHI CHÚ"), in order of
    appearance; each phrase is masked once found so that "đơn vị" in "đơn vị chủ trì" is not
    counted again."""
    low = fold(squash(text))
    found: list[tuple[int, str]] = []
    masked = low
    for word, role in ROLE_WORDS:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", masked):
            found.append((m.start(), role))
            masked = masked[: m.start()] + "#" * len(word) + masked[m.end() :]
    found.sort()
    roles: list[str] = []
    for _pos, role in found:
        if role not in roles or role in ("content_or_target",):
            roles.append(role)
    return _settle(roles, {})


def _settle(roles: list[str], years: dict[int, int]) -> Columns:
    """Resolve words whose role depends on the table: a "chỉ tiêu"/"mục tiêu" column is the
    content of an indicator table; "kết quả" is the target there and the output in a task table."""
    content_words = [r for r in roles if r in ("content", "content_or_target")]
    # "NỘI DUNG MỤC TIÊU CỤ THỂ" / "Nội dung chỉ tiêu": one content column of an indicator table
    pairs = list(zip(roles, roles[1:], strict=False))
    merged = ("content", "content_or_target") in pairs
    if merged:
        i = pairs.index(("content", "content_or_target"))
        roles = roles[: i + 1] + roles[i + 2 :]
    # a deadline column makes a task table: there "chỉ tiêu đạt được" after the content is the
    # output a task must reach
    is_indicators = "deadline" not in roles and (
        merged or ("content" not in roles and "content_or_target" in roles) or "unit" in roles
    )
    if merged and not is_indicators:
        roles = roles[: i + 1] + ["output" if "output" not in roles else "other"] + roles[i + 1 :]
    out: list[str] = []
    content_taken = False
    for r in roles:
        if r in ("content", "content_or_target") and not content_taken:
            out.append("content")
            content_taken = True
        elif r == "content_or_target":
            out.append("target" if is_indicators else "other")
        elif r == "result":
            out.append("target" if is_indicators else "output")
        else:
            out.append(r)
    if not is_indicators and "lead" not in out and "implementing" in out:
        # a task table with one agency column, "Cơ quan thực hiện": that agency leads
        out = ["lead" if r == "implementing" else r for r in out]
    if not content_words:
        kind = "other"
    elif is_indicators:
        kind = "indicators"
    elif "lead" in out or "deadline" in out:
        kind = "tasks"
    else:
        kind = "other"
    return Columns(out, kind, years)


@dataclass(slots=True)
class Row:
    stt: str
    cells: dict[str, str]  # role → text
    line_no: int
    group_path: list[str] = field(default_factory=list)  # enclosing group rows' STT
    group_titles: list[str] = field(default_factory=list)
    is_group: bool = False
    target_cells: dict[int, str] = field(default_factory=dict)  # year → target text (year columns)
    end_line_no: int = 0  # the row's last source line (0: same as line_no)
    flags: list[str] = field(default_factory=list)  # reasons to check the row (cells that moved…)

    def __post_init__(self) -> None:
        self.end_line_no = max(self.end_line_no, self.line_no)


# The cell splitter lives with the other agency-name rules (roles.py); kept here by its old name.
agency_list = split_agency_cell


def _agencies(text: str | None, flags: list[str], *, lead: bool = False) -> list[str]:
    """The names of an agency cell; a name resolved only by a fuzzy match flags the row."""
    found = read_agency_cell(text, lead=lead)
    if any(r.fuzzy for r in found) and "name_fuzzy" not in flags:
        flags.append("name_fuzzy")
    return list(dict.fromkeys(r.name for r in found))


def task_from_row(row: Row, section: str) -> dict:
    cells = row.cells
    deadline_text = squash(cells.get("deadline", "")) or None
    flags = list(row.flags)
    return {
        "code": ".".join([*row.group_path[:1], row.stt]) if row.group_path else row.stt,
        "section": section,
        "title": squash(cells.get("content", "")),
        # a lead cell naming only "các sở, ngành liên quan" keeps it: it is all the row says
        "lead": _agencies(cells.get("lead"), flags, lead=True),
        "coordinating": _agencies(cells.get("coordinating"), flags),
        "output": squash(cells.get("output", "")) or _labelled_output(cells.get("detail", "")),
        "note": squash(cells.get("note", "")) or None,
        "deadline_text": deadline_text,
        "deadline": parse_deadline(deadline_text) if deadline_text else None,
        "flags": flags,
        "source": {"line": row.line_no, "end_line": row.end_line_no},
    }


OUTPUT_LABEL = re.compile(r"(?:^|[\s.;-])(?:Sản phẩm|Kết quả)(?: dự kiến)?\s*:\s*", re.IGNORECASE)


def _labelled_output(detail: str) -> str | None:
    """A table with no output column may state it inside a detail cell: "… - Sản phẩm: X"."""
    m = OUTPUT_LABEL.search(detail or "")
    return squash(detail[m.end() :]).rstrip(" .;") or None if m else None


def indicator_from_row(row: Row, year: int | None) -> list[dict]:
    """One indicator per leaf row; a row with a target column per year ("Năm 2025 | Năm 2030")
    gives one indicator per year that has a target, the same measure with its own year."""
    cells = row.cells
    text = squash(cells.get("content", ""))
    unit = squash(cells.get("unit", "")) or None
    per_year: list[tuple[int | None, list[dict]]] = []
    if row.target_cells:
        for y, cell in sorted(row.target_cells.items()):
            if cell.strip(" -–"):
                per_year.append((y, parse_targets(squash(cell), unit=unit, default_what=text)))
    elif cells.get("target", "").strip():
        per_year.append((year, parse_targets(squash(cells["target"]), unit=unit, default_what=text)))
    if not per_year:
        per_year.append((year, parse_targets(text, unit=unit)))
    code = ".".join([*row.group_path[:1], row.stt]) if row.group_path else row.stt
    return [
        {
            "code": code if len(per_year) == 1 else f"{code}/{y}",
            "text": text,
            "year": y,
            "lead": agency_list(cells.get("lead")),
            "coordinating": agency_list(cells.get("coordinating")),
            "implementing": agency_list(cells.get("implementing")),
            "targets": targets,
            "flags": list(row.flags),
            "source": {"line": row.line_no, "end_line": row.end_line_no},
        }
        for y, targets in per_year
    ]
