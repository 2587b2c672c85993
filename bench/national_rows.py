"""The rows of the national benchmark database, as plain tuples: no database, and no clock but
`local_today` (the day the data reaches when none is given).

This module holds the tables' columns, the id counters, the buffer of rows, and a province's
agencies and users; bench/national_plan.py writes its plans and reports with them, and
bench/national_data.py COPYs the buffer into PostgreSQL.

A province's agencies are its own rows (the generic registry has one row per kind of body and no
province; a national database needs "Sở Tài chính tỉnh Gia Lai" beside "Sở Tài chính thành phố Hà
Nội"), with the 2025 reorganisation as dondoc's registry records it: the departments merged on 1
March 2025 (Nghị định 45/2025/NĐ-CP) end the day before and name their successor, and the bodies of
a province absorbed on 1 July 2025 (Nghị quyết 202/2025/QH15) are succeeded by the same department
of the province that took it over."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from national_vocab import DEPARTMENTS, MERGED_2025_03, NEW_2025_03

from dondoc.core.text import search_key

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")  # the app judges days there (`Settings.today`)
REORGANISED = date(2025, 3, 1)  # Nghị định 45/2025/NĐ-CP: the departments merged
MERGED = date(2025, 7, 1)  # Nghị quyết 202/2025/QH15: 63 provinces became 34
# Plans per province at scale 1.0: 24, and 25 in the five largest (821 in all, the count).
PLANS_PER_PROVINCE = 24
LARGER = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ")

COLUMNS: dict[str, tuple[str, ...]] = {
    "agency": ("id", "code", "name", "kind", "level", "province", "valid_from", "valid_to", "note")
    + ("created_at", "updated_at"),
    "agency_alias": ("id", "agency_id", "alias", "key"),
    "agency_succession": ("id", "predecessor_id", "successor_id", "effective", "source"),
    "user_account": ("id", "username", "full_name", "email", "password_hash", "role", "agency_id")
    + ("province", "is_active", "created_at", "updated_at"),
    "plan": ("id", "number", "kind", "title", "issuer", "province", "scope_province", "signed_date")
    + ("signer", "source_file", "sha256", "status", "source_lines", "created_at", "updated_at"),
    "plan_reference": ("id", "plan_id", "relation", "document_number"),
    "section": ("id", "plan_id", "code", "level", "title", "kind", "line"),
    "task": ("id", "plan_id", "code", "section", "title", "output", "deadline_text", "deadline_kind")
    + ("deadline_date", "deadline_start", "deadline_end", "deadline_freq", "event_text", "event_date")
    + ("event_days", "source_line", "search_text", "created_at", "updated_at"),
    "indicator": ("id", "plan_id", "code", "text", "year", "source_line", "search_text")
    + ("created_at", "updated_at"),
    "target": ("id", "indicator_id", "what", "unit", "comparator", "value", "value_max", "level", "text"),
    "assignment": ("id", "task_id", "indicator_id", "agency_id", "name_as_written", "role"),
    "reporting_duty": ("id", "plan_id", "from_text", "to_text", "frequency", "due_day", "due_text"),
    "period": ("id", "plan_id", "duty_id", "frequency", "key", "label", "cutoff_start", "cutoff_end")
    + ("due", "adjusted", "created_at", "updated_at"),
    "report": ("id", "period_id", "agency_id", "status", "version", "submitted_at", "first_submitted_at")
    + ("late", "review_comment", "reviewed_at", "reviewed_by", "created_at", "updated_at"),
    "report_item": ("id", "report_id", "task_id", "role", "status", "progress", "narrative", "reason")
    + ("completed_on", "evidence_number"),
    "indicator_value": ("id", "report_id", "indicator_id", "target_id", "value", "source", "note"),
}
TABLES = tuple(COLUMNS)  # the order of the foreign keys: a table after those it points to


class Ids:
    """The next id of each table (an append starts after what the database holds)."""

    def __init__(self, first: dict[str, int] | None = None) -> None:
        self.next = {table: 1 for table in TABLES} | (first or {})

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class Sink:
    """Rows by table, in `COLUMNS` order, until they are written."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in TABLES}

    def add(self, table: str, *row: Any) -> None:
        assert len(row) == len(COLUMNS[table]), (table, len(row))
        self.rows[table].append(row)

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.rows.items()}


@dataclass
class Body:
    """A province's agency: the registry row and who carries its work after it ends."""

    id: int
    key: str
    name: str
    province: str
    valid_from: date | None = None
    valid_to: date | None = None
    successors: list[int] = field(default_factory=list)  # effective the day after valid_to


def slug(text: str) -> str:
    return search_key(text).replace(" ", "-")


def start_of(day: date) -> datetime:
    """The moment the generated data stops: midnight of `day` where the provinces are (so nothing
    was written later than the app's clock, whatever the hour the benchmark runs)."""
    return datetime.combine(day, datetime.min.time(), VIETNAM).astimezone(UTC)


def local_today() -> date:
    return datetime.now(VIETNAM).date()


def sha(*parts: object) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()


def plans_in(province: str, scale: float) -> int:
    return max(1, round((PLANS_PER_PROVINCE + (province in LARGER)) * scale))


def unit_name(province: str, kind: str) -> str:
    """ "tỉnh Gia Lai", "thành phố Hà Nội" (Thành phố Hồ Chí Minh keeps its capital)."""
    if province == "Hồ Chí Minh":
        return "Thành phố Hồ Chí Minh"
    return f"{kind} {province}"


def body_name(pattern: str, unit: str) -> str:
    """ "Sở Tài chính" + "tỉnh Gia Lai"; "Công an tỉnh" + "thành phố Hà Nội" → "Công an thành phố Hà Nội"."""
    return f"{pattern.removesuffix(' tỉnh')} {unit}"


def agencies(
    sink: Sink, ids: Ids, province: str, kind: str, absorbed: list[str], now: datetime
) -> dict[str, dict[str, Body]]:
    """Every body of a province and of the provinces it absorbed, by province then department key;
    written with their aliases and successions (the generic registry has one row per kind of body,
    no province: a national database needs each province's own)."""
    out: dict[str, dict[str, Body]] = {}
    for place in [province, *absorbed]:
        unit = unit_name(place, kind if place == province else "tỉnh")
        ends = None if place == province else MERGED - timedelta(days=1)
        bodies: dict[str, Body] = {}
        for key, pattern, _kind in DEPARTMENTS:
            starts = REORGANISED if key in NEW_2025_03 else None
            ended = REORGANISED - timedelta(days=1) if key in MERGED_2025_03 else ends
            bodies[key] = Body(ids.take("agency"), key, body_name(pattern, unit), place, starts, ended)
        out[place] = bodies
    for place, bodies in out.items():
        for key, body in bodies.items():
            if key in MERGED_2025_03:
                body.successors = [bodies[k].id for k in MERGED_2025_03[key]]
            elif place != province:
                body.successors = [out[province][key].id]
    kinds = {key: k for key, _p, k in DEPARTMENTS}
    for bodies in out.values():
        for body in bodies.values():
            note = "sáp nhập theo Nghị quyết 202/2025/QH15" if body.province != province else None
            row = (body.id, f"bench-{slug(body.province)}-{body.key}", body.name, kinds[body.key], "province")
            sink.add("agency", *row, province, body.valid_from, body.valid_to, note, now, now)
            sink.add("agency_alias", ids.take("agency_alias"), body.id, body.name, search_key(body.name))
            for successor in body.successors:
                source = (
                    "Nghị định 45/2025/NĐ-CP" if body.key in MERGED_2025_03 else "Nghị quyết 202/2025/QH15"
                )
                effective = body.valid_to + timedelta(days=1) if body.valid_to else None
                sink.add(
                    "agency_succession", ids.take("agency_succession"), body.id, successor, effective, source
                )
    return out


def current_body(by_id: dict[int, Body], agency_id: int, on: date) -> int:
    """`agencies.service.current_body` over the generated bodies: follow the first successor of a
    body that ended before `on`."""
    current = agency_id
    while True:
        body = by_id.get(current)
        if body is None or not body.successors or body.valid_to is None or body.valid_to >= on:
            return current
        current = body.successors[0]


def answers(by_id: dict[int, Body]) -> dict[int, set[int]]:
    """`agencies.service.with_predecessors` of every body."""
    before: dict[int, set[int]] = {b: set() for b in by_id}
    for body in by_id.values():
        for successor in body.successors:
            before[successor].add(body.id)
    out = {}
    for body_id in by_id:
        seen, frontier = {body_id}, [body_id]
        while frontier:
            for earlier in before[frontier.pop()] - seen:
                seen.add(earlier)
                frontier.append(earlier)
        out[body_id] = seen
    return out


def users(
    sink: Sink, ids: Ids, province: str, bodies: dict[str, dict[str, Body]], password_hash: str, now: datetime
) -> None:
    """Two coordinators (the Sở KH&CN and the Văn phòng UBND), a leader who reads, and a reporter per
    body (those of bodies that ended are no longer active)."""
    s = slug(province)
    own = bodies[province]
    people = [
        (f"dp-{s}", f"Điều phối {province}", "coordinator", own["so-khcn"].id, True),
        (f"dp2-{s}", f"Văn phòng UBND {province}", "coordinator", own["van-phong"].id, True),
        (f"ld-{s}", f"Lãnh đạo UBND {province}", "viewer", None, True),
    ]
    for place in bodies.values():
        for body in place.values():
            active = body.valid_to is None
            people.append((f"bc-{slug(body.province)}-{body.key}", body.name, "reporter", body.id, active))
    for username, name, role, agency_id, active in people:
        email = f"{username}@{s}.gov.vn"
        row = (ids.take("user_account"), username, name, email, password_hash, role, agency_id, province)
        sink.add("user_account", *row, active, now, now)
