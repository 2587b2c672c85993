"""Review flags: the reasons a person should check an extracted task or indicator.

A post-pass over the finished rows (pure functions over the task and indicator dicts). Each row
gets `flags`, a list of short codes whose Vietnamese and English messages are in
data/flags.yaml; the review page shows flagged rows first, so a flag must mean "this row is
doubtful by its own content", never "this plan is unusual": a condition every row of a plan
shares (no plan-wide lead column, say) flags nothing. Flags that an earlier step already put on
a row (the table reader's column shifts, the resolver's near matches, the indicator reader's
horizon years) are kept; this pass only adds.

The pass also gives document warnings (the same dicts as extract.py's, kind/message_vi/
message_en): a table that looks like a task table but gave no tasks, and row numbers that skip.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

from dondoc.agencies.reference import AgencyReference, load_reference, normalise
from dondoc.ingest import vocab
from dondoc.ingest.outline import squash
from dondoc.ingest.roles import is_agency_label
from dondoc.ingest.tables import Columns, Row, roles_from_header

# A share of a plan's tasks that name a lead above which a task without one is doubtful: plans
# assign work either row by row (then an empty cell is a slip) or not at all (then none has one).
LEAD_SHARE = 0.6
# A style flag on more than this share of a plan's rows (of at least STYLE_MIN_ROWS) is the
# plan's way of writing, not a doubt about a row.
STYLE_SHARE = 0.5
STYLE_MIN_ROWS = 6
# An unknown agency name longer than this is a sentence that slid into the agency column.
SENTENCE_WORDS = 12
# A deadline may end a little before the signing date (a plan signed on 5 January for "12/2024"
# work already under way is unusual but printed); beyond this it is a misread.
DEADLINE_SLACK = timedelta(days=62)
CODE_ONLY = re.compile(r"^[\s\dIVXLivxl.,:;)(/\-–]*$")
NUMBER = re.compile(r"(?<![\w/.,])(\d+(?:[.,]\d+)?)(?![\w/])")
# Dates ("ngày 22 tháng 7 năm 2022", "22/7/2022") and document numbers ("số 876/QĐ-TTg").
NOT_A_MEASURE = re.compile(
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}|\b\d{1,4}(?:/[\w.-]+)+|\bsố\s+\d+", re.IGNORECASE
)
YEAR_IN_TEXT = re.compile(r"(?:đến|trong|vào|tới)\s+năm\s+(\d{4})", re.IGNORECASE)
# What follows the subject of a duty: "X có trách nhiệm …", "X cần …", "X chủ trì …".
SUBJECT_CUE = re.compile(
    r"\s(?:có trách nhiệm|chịu trách nhiệm|cần(?!\s+thiết)|phải|chủ động|chủ trì)\b", re.IGNORECASE
)
SUBJECT_WORDS = 14
# Deadline words checked against the deadline read from them.
BEFORE_YEAR = re.compile(r"\btrước\s+năm\s+(\d{4})\b", re.IGNORECASE)
START_YEAR = re.compile(r"\btừ\s+(?:năm\s+)?\d{4}\b", re.IGNORECASE)
FIRST_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
RECURRENCE = re.compile(r"thường xuyên|hằng (?:năm|quý|tháng)|hàng (?:năm|quý|tháng)|định kỳ")
# Where an agency cell splits into names (tables.agency_list splits the same way).
CELL_SPLIT = re.compile(r"[;,\n/]|\s+và\s+|\s+[-–]\s+")
NOTE = re.compile(r"\([^)]*(?:\)|$)")
# Vietnamese letters in the order plans label clauses: a) b) c) d) đ) e) g) h) i) k) …
LETTERS = "abcdđeghiklmnopqrstuvxy"


@cache
def _data() -> dict[str, Any]:
    return vocab.load("flags")


def messages() -> dict[str, dict[str, str]]:
    """Every flag code with its `vi` and `en` message (for the review page and the docs)."""
    return dict(_data()["messages"])


def message(code: str, lang: str = "vi") -> str:
    """A flag's message; a code the data does not list is shown as itself."""
    return _data()["messages"].get(code, {}).get(lang, code)


@cache
def _phrases(key: str) -> frozenset[tuple[str, ...]]:
    return frozenset(normalise(w) for w in _data()[key])


@cache
def _heads(key: str) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(_phrases(key), key=len, reverse=True))


@cache
def _sentence_rx() -> re.Pattern[str]:
    return re.compile(vocab.alternation(_data()["sentence_words"]), re.IGNORECASE)


# --- the pass ----------------------------------------------------------------------------------


def review(
    tasks: list[dict],
    indicators: list[dict],
    *,
    tables: Sequence[tuple[Columns, str, list[Row]]] = (),
    unread_tables: Sequence[int] = (),
    signed_date: str | None = None,
    issuer: str | None = None,
) -> list[dict]:
    """Add `flags` to every task and indicator (in place) and return the document warnings."""
    ref = load_reference()
    signed = _iso(signed_date)
    flag_tasks(tasks, ref=ref, signed=signed)
    flag_indicators(indicators, ref=ref, signed=signed)
    if is_city_plan(issuer):
        flag_province_names(tasks, ref=ref)
    flag_dropped_names(tasks, indicators, tables, ref=ref)
    warnings = plan_wide_styles(tasks)
    warnings += [unread_table_warning(line_no) for line_no in unread_tables]
    for kind, rows in (("task", tasks), ("indicator", indicators)):
        gaps, strays = number_gaps(rows)
        for before, after in gaps:
            _add(before, "row_before_gap")
            warnings.append(_gap_warning(kind, before.get("code"), after.get("code")))
        for row in strays:
            _add(row, "number_out_of_order")
    return warnings


def plan_wide_styles(rows: list[dict]) -> list[dict]:
    """A style flag (data/flags.yaml `style_codes`) that most rows of a plan carry describes how
    the plan is written ("Hệ thống …" rows of a systems list), not a doubtful row: take it off
    the rows, since a review page that lists every row first helps nobody, and say it once."""
    out: list[dict] = []
    if len(rows) < STYLE_MIN_ROWS:
        return out
    counts = Counter(code for r in rows for code in set(r.get("flags") or []))
    for code in _data()["style_codes"]:
        if counts[code] / len(rows) > STYLE_SHARE:
            for r in rows:
                if code in r.get("flags", []):
                    r["flags"].remove(code)
            out.append(
                {
                    "kind": "plan_wide_flag",
                    "flag": code,
                    "message_vi": f"Hầu hết các dòng đều «{message(code, 'vi')}»; không đánh dấu từng dòng.",
                    "message_en": f"Most rows: «{message(code, 'en')}»; not flagged row by row.",
                }
            )
    return out


def _add(row: dict, code: str) -> None:
    flags = row.setdefault("flags", [])
    if code not in flags:
        flags.append(code)


def flag_tasks(tasks: list[dict], *, ref: AgencyReference | None = None, signed: date | None = None) -> None:
    ref = ref or load_reference()
    with_lead = sum(1 for t in tasks if t.get("lead"))
    leads_expected = bool(tasks) and with_lead / len(tasks) >= LEAD_SHARE
    codes = Counter(t.get("code") for t in tasks if t.get("code"))
    for t in tasks:
        t.setdefault("flags", [])
        for code in title_flags(t.get("title") or "", ref):
            _add(t, code)
        if not t.get("lead") and leads_expected:
            _add(t, "lead_empty")
        for code in agency_flags(t.get("lead") or [], ref, role="lead"):
            _add(t, code)
        for code in agency_flags(t.get("coordinating") or [], ref, role="coordinating"):
            _add(t, code)
        both = set(t.get("lead") or []) & set(t.get("coordinating") or [])
        # a collective both leads and coordinates ("các sở, ngành chủ trì, phối hợp các sở, ngành")
        if any(not ref.resolve(n).collective for n in both):
            _add(t, "lead_also_coordinating")
        if subject_not_in_lead(t.get("title") or "", t.get("lead") or [], ref):
            _add(t, "lead_in_text")
        if t.get("deadline_text") and not t.get("deadline"):
            _add(t, "deadline_unparsed")
        if signed and _ends_before(t.get("deadline"), signed - DEADLINE_SLACK):
            _add(t, "deadline_before_plan")
        if t.get("deadline") and deadline_disagrees(t.get("deadline_text") or "", t["deadline"]):
            _add(t, "deadline_disagrees_with_text")
        if t.get("code") and codes[t.get("code")] > 1:
            _add(t, "duplicate_code")


def flag_indicators(
    indicators: list[dict], *, ref: AgencyReference | None = None, signed: date | None = None
) -> None:
    ref = ref or load_reference()
    codes = Counter(i.get("code") for i in indicators if i.get("code"))
    for ind in indicators:
        ind.setdefault("flags", [])
        text = ind.get("text") or ""
        for code in title_flags(text, ref, task=False):
            _add(ind, code)
        for code in indicator_flags(ind):
            _add(ind, code)
        if signed and ind.get("year") and ind["year"] < signed.year:
            _add(ind, "year_before_plan")
        if ind.get("code") and codes[ind.get("code")] > 1:
            _add(ind, "duplicate_code")


def is_city_plan(issuer: str | None) -> bool:
    """A plan of a centrally-run city's People's Committee ("UBND thành phố Hà Nội"), whose
    bodies are "Công an Thành phố", "Sở … Thành phố", never "… tỉnh" (DESIGN.md)."""
    return normalise(issuer or "")[:3] == ("ubnd", "thành", "phố")


def flag_province_names(tasks: list[dict], *, ref: AgencyReference | None = None) -> None:
    """In a city's plan, a named body of a province ("Công an tỉnh") was resolved to the wrong
    level: the text wrote the city's body."""
    ref = ref or load_reference()
    for t in tasks:
        for name in [*(t.get("lead") or []), *(t.get("coordinating") or [])]:
            if "tỉnh" in normalise(name) and not ref.resolve(name).collective:
                _add(t, "name_province_in_city")
                break


def flag_dropped_names(
    tasks: list[dict],
    indicators: list[dict],
    tables: Sequence[tuple[Columns, str, list[Row]]],
    *,
    ref: AgencyReference | None = None,
) -> None:
    """A table row whose agency cell held words that became no name ("UBND xã, phường, đặc
    khu" read as "UBND các xã, phường"; "… địa phương liên quan" read as a named collective; a
    verb phrase after the name): part of the cell was lost, so the row's agencies may be wrong."""
    ref = ref or load_reference()
    cells: dict[tuple[int, str], Row] = {}
    for _columns, _title, rows in tables:
        for r in rows:
            cells.setdefault((r.line_no, squash(r.cells.get("content", ""))), r)
    for row, text_key, roles in (
        *((t, "title", ("lead", "coordinating")) for t in tasks),
        *((i, "text", ("lead", "coordinating", "implementing")) for i in indicators),
    ):
        source = row.get("source") or {}
        found = cells.get((source.get("line", -1), row.get(text_key) or ""))
        if found is None:
            continue
        for role in roles:
            if dropped_words(found.cells.get(role, ""), row.get(role) or [], ref):
                _add(row, f"{role}_part_dropped")


def dropped_words(cell: str, kept: Sequence[str], ref: AgencyReference) -> list[str]:
    """The pieces of an agency cell that became no name: neither a name the resolver found nor
    words of a name the row kept ("Thành phố Hồ Chí Minh" of "UBND thành phố Hà Nội, Thành phố
    Hồ Chí Minh" lives on in "UBND Thành phố Hồ Chí Minh"). A note in brackets ("(mạng lưới quốc
    gia)") says what the body does, and is no name either."""
    text = NOTE.sub(" ; ", squash(cell))
    if not text.strip(" -–"):
        return []
    rest = text
    for start, end, _resolved in reversed(ref.find(text)):
        rest = rest[:start] + " ; " + rest[end:]
    fillers = _phrases("cell_fillers")
    kept_words = {w for name in kept for w in normalise(name)}
    out: list[str] = []
    for piece in CELL_SPLIT.split(rest):
        piece = piece.strip(" .:-–()")
        words = normalise(piece)
        if not words or words in fillers or set(words) <= kept_words:
            continue
        if _sentence_rx().match(piece.casefold()):
            continue  # what the body does ("… thúc đẩy, theo dõi, báo cáo chỉ tiêu"), not a name
        out.append(piece)
    return out


# --- row checks --------------------------------------------------------------------------------


def title_flags(title: str, ref: AgencyReference, *, task: bool = True) -> list[str]:
    """A task's or indicator's text that is a number, a header word or an agency's name: the
    row is a piece of a table (a split cell, a header repeated at a page break), not a row. A
    task's text also opens with a capital (a lower-case start continues a cell split over a
    page) and names work, not only a system."""
    text = title.strip()
    if not text or CODE_ONLY.match(text):
        return ["title_is_code"]
    words = normalise(text)
    if words in _phrases("header_words"):
        return ["title_is_header"]
    if is_agency_label(text) or ref.resolve(text).known:
        return ["title_is_agency"]
    if len(words) < 3:
        return ["title_too_short"]
    if not task:
        return []
    if text.lstrip("-–•+* ")[:1].islower():
        return ["title_starts_lowercase"]
    if len(words) <= 30 and any(words[: len(h)] == h for h in _heads("thing_heads")):
        return ["title_is_name"]
    return []


def agency_flags(names: Iterable[str], ref: AgencyReference, *, role: str) -> list[str]:
    """Names the reference data does not know and that do not read like a body's name."""
    out: list[str] = []
    for name in names:
        resolved = ref.resolve(name)
        if getattr(resolved, "fuzzy", False):
            out.append("name_fuzzy")
        if resolved.known or resolved.related:
            continue
        if looks_like_body(name) and len(name.split()) <= SENTENCE_WORDS:
            continue  # "Viện Nghiên cứu phát triển Thành phố": a verb inside a body's name
        if role == "lead" and is_sentence(name):
            out.append("lead_is_sentence")
        else:
            out.append(f"{role}_not_agency")
    return list(dict.fromkeys(out))


def subject_not_in_lead(title: str, lead: Sequence[str], ref: AgencyReference) -> bool:
    """The text opens with who must act ("Doanh nghiệp, tổ chức, cơ sở giáo dục … có trách
    nhiệm …", "Mỗi ngành, lĩnh vực cần …") and the lead does not hold them all."""
    m = SUBJECT_CUE.search(title)
    if m is None:
        return False
    subject = title[: m.start()]
    # a time or purpose opener ("Hằng năm, …", "Ứng dụng … để …") is no subject
    if len(subject.split()) > SUBJECT_WORDS or subject.rstrip().endswith(",") or " để " in f" {subject} ":
        return False
    named = [r.name for _s, _e, r in ref.find(subject) if not r.related]
    return any(n not in lead for n in named) or bool(dropped_words(subject, lead, ref))


def is_sentence(name: str) -> bool:
    return len(name.split()) > SENTENCE_WORDS or bool(_sentence_rx().search(name))


def looks_like_body(name: str) -> bool:
    """ "Trung tâm ICISE", "Đại học Quy Nhơn", "FPT": a name the registry lacks but that opens
    with a body's head word, or an acronym; DESIGN.md keeps such names whole."""
    text = name.strip()
    if not text:
        return False
    if len(text) >= 2 and text.replace("&", "").replace("-", "").isupper() and len(text.split()) <= 3:
        return True
    words = normalise(text)
    return text[:1].isupper() and any(words[: len(h)] == h for h in _heads("body_heads"))


def indicator_flags(ind: dict) -> list[str]:
    out: list[str] = []
    targets = ind.get("targets") or []
    text = ind.get("text") or ""
    if ind.get("year_source") == "horizon":
        out.append("year_from_horizon")
    year = ind.get("year")
    if not year:
        out.append("no_year")
    else:
        stated = {int(y) for y in YEAR_IN_TEXT.findall(text)}
        if stated and year not in stated:
            out.append("year_differs_from_text")
    if not targets:
        out.append("no_targets")
        return out
    numeric = [t for t in targets if t.get("comparator") != "text"]
    if any(_over_100_percent(t) for t in numeric):
        out.append("percent_over_100")
    if numeric and len(numeric) < len(targets):
        out.append("targets_mixed")
    elif not numeric and _has_measure(text):
        out.append("target_number_unread")
    return out


def _over_100_percent(target: dict) -> bool:
    if not str(target.get("unit") or "").startswith("%"):
        return False
    values = [v for v in (target.get("value"), target.get("value_max")) if isinstance(v, int | float)]
    return any(v > 100 for v in values)


def _has_measure(text: str) -> bool:
    """A number in an indicator's text that is not a year, a date or a document's number:
    "90%", "05 bộ dữ liệu"."""
    text = NOT_A_MEASURE.sub(" ", text)
    for m in NUMBER.finditer(text):
        value = m.group(1)
        if len(value) == 4 and value[:2] in ("19", "20"):
            continue
        return True
    return "%" in text


def deadline_disagrees(text: str, deadline: dict) -> bool:
    """The read deadline contradicts its words: "trước năm 2027" read as ending in 2027 or
    later; or, where the text holds a year and a recurrence, the one written first (which
    governs, gold/README.md) is not the kind that was read ("Hoàn thành trong năm 2026. Thực
    hiện thường xuyên …" read as recurring). A start year ("từ năm 2026 … thường xuyên") goes
    with a recurrence."""
    end = _iso(deadline.get("date") if deadline.get("kind") == "date" else deadline.get("end"))
    before = BEFORE_YEAR.search(text)
    if before and end is not None and end.year >= int(before.group(1)):
        return True
    year, recurrence = FIRST_YEAR.search(text), RECURRENCE.search(text.casefold())
    if year is None or recurrence is None or START_YEAR.search(text):
        return False
    kind = deadline.get("kind")
    if year.start() < recurrence.start():
        return kind in ("recurring", "ongoing")
    return kind in ("date", "range")


def _ends_before(deadline: dict | None, day: date) -> bool:
    if not deadline:
        return False
    end = _iso(deadline.get("date") if deadline.get("kind") == "date" else deadline.get("end"))
    return end is not None and end < day


def _iso(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- numbering ---------------------------------------------------------------------------------


def number_gaps(rows: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """Where the printed numbers of consecutive rows skip ("5" then "7", "c" then "đ"): the pairs
    (row before the gap, row after it), and the rows out of order ("1", "8", "2": the "8" is a
    stray, most likely a piece of a cell read as a row). A number that a later row nests under
    ("2" of "2.1", a group row that gives no task) counts as present, so a group row left out of
    the list is no gap."""
    seen: dict[tuple[str, ...], set[int]] = {}
    runs: dict[tuple[str, ...], list[tuple[int, dict]]] = {}
    for row in rows:
        parts = str(row.get("code") or "").split("/")[0].split(".")
        for depth in range(1, len(parts)):
            pos = _position(parts[depth - 1])
            if pos is not None:
                seen.setdefault(tuple(parts[: depth - 1]), set()).add(pos)
        pos = _position(parts[-1])
        if pos is not None:
            runs.setdefault(tuple(parts[:-1]), []).append((pos, row))
            seen.setdefault(tuple(parts[:-1]), set()).add(pos)
    gaps: list[tuple[dict, dict]] = []
    strays: list[dict] = []
    for prefix, run in runs.items():
        top: tuple[int, dict] | None = None
        for k, (pos, row) in enumerate(run):
            if top is None or pos <= top[0]:
                top = top or (pos, row)
                continue
            if pos > top[0] + 1:
                later = [p for p, _ in run[k + 1 :]]
                if any(top[0] < p < pos for p in later):
                    strays.append(row)  # the sequence goes on below this number
                    continue
                if set(range(top[0] + 1, pos)) - seen[prefix]:
                    gaps.append((top[1], row))
            top = (pos, row)
    return gaps, strays


def _position(label: str) -> int | None:
    if label.isdigit():
        return int(label)
    if len(label) == 1 and label in LETTERS:
        return LETTERS.index(label) + 1
    return None


def _gap_warning(kind: str, before: object, after: object) -> dict:
    return {
        "kind": "row_number_gap",
        "where": [f"{kind} {before}", f"{kind} {after}"],
        "message_vi": f"Số thứ tự bị nhảy cóc: sau {before} là {after}; có thể thiếu một dòng.",
        "message_en": f"Row numbers skip: {after} follows {before}; a row may be missing.",
    }


# --- task tables that gave nothing ---------------------------------------------------------------


def gives_no_tasks(columns: Columns | None, rows: Sequence[Row]) -> bool:
    """A table whose header names task columns (content with lead or deadline) but that gave no
    task rows: a header the reader did not recognise, or a layout table holding the plan. The
    reader calls this on the tables it has parsed, so nothing is read twice."""
    return columns is None or columns.kind != "tasks" or not any(_is_task_row(r) for r in rows)


def looks_like_task_header(cells: Sequence[str]) -> bool:
    """A header row: short cells that name a content column and a lead or deadline column."""
    # a layout table may hold the header beside long cells (the signature block): judge only
    # the short cells
    short = [c if len(c.split()) <= 10 else "" for c in cells]
    if sum(1 for c in short if c.strip()) < 3:
        return False
    return looks_like_task_columns(roles_from_header(short))


def looks_like_task_columns(columns: Columns) -> bool:
    roles = set(columns.roles)
    if "content" not in roles or sum(r != "other" for r in columns.roles) < 3:
        return False
    return columns.kind == "tasks" or ("lead" in roles and "deadline" in roles)


def _is_task_row(row: Row) -> bool:
    return bool(row.cells.get("content", "").strip()) and not (row.is_group and not row.cells.get("deadline"))


def unread_table_warning(line_no: int) -> dict:
    return {
        "kind": "task_table_unread",
        "line": line_no,
        "message_vi": f"Bảng ở dòng {line_no} có vẻ là bảng nhiệm vụ nhưng không đọc được nhiệm vụ nào.",
        "message_en": f"The table at line {line_no} looks like a task table but gave no tasks.",
    }


__all__ = [
    "agency_flags",
    "flag_indicators",
    "flag_tasks",
    "indicator_flags",
    "looks_like_body",
    "message",
    "messages",
    "number_gaps",
    "review",
    "gives_no_tasks",
    "unread_table_warning",
    "title_flags",
]
