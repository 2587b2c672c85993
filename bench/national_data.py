"""The national database of the benchmark: every province's plans, tasks and three years of
reports, generated on the local PostgreSQL with the project's own migrations.

    python bench/national_data.py --scale 1.0            # 34 provinces, ~88,000 tasks, ~3.8 M items
    python bench/national_data.py --scale 0.05 --provinces 4
    python bench/national_data.py --append --provinces 16 # grow an existing database to 16

At scale 1.0 a province holds 24 plans of about 107 tasks and 10 indicators, monthly periods from
January 2024 to November 2026, and a report per period from each of about 12 lead agencies with
an item per task the agency leads. Rows are written with COPY (psycopg), not the ORM: generating
millions of rows through the services would take hours, and the benchmark measures reading them.
The reference registry is seeded by the application's own code; users share one password hash.
Deterministic: the same arguments give the same database."""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.orm import sessionmaker

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import dondoc.models  # noqa: E402,F401 — every table known before seeding
from dondoc.agencies.service import seed_reference  # noqa: E402
from dondoc.core.migrate import upgrade  # noqa: E402
from dondoc.users.security import hash_password  # noqa: E402
from dondoc.yamlload import load_yaml  # noqa: E402

SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PASSWORD = "bench-national-2026"
FIRST_MONTH, LAST_MONTH = (2024, 1), (2026, 11)
# The bodies every province has (after Nghị định 45/2025): each plan's tasks are led by these.
DEPARTMENTS = (
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tư pháp",
    "Công an tỉnh",
    "Văn phòng UBND tỉnh",
    "Thanh tra tỉnh",
    "Sở Dân tộc và Tôn giáo",
)
ITEM_STATUSES = ("not_started", "in_progress", "in_progress", "completed", "completed", "not_feasible")
NOW = datetime(2026, 12, 3, tzinfo=UTC)


def provinces() -> list[str]:
    with open(ROOT / "dondoc" / "agencies" / "data" / "provinces.yaml", encoding="utf-8") as f:
        data = load_yaml(f)
    return [str(row["name"]) for row in data["continuing"]]


def months() -> list[tuple[int, int]]:
    out, (y, m) = [], FIRST_MONTH
    while (y, m) <= LAST_MONTH:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_end(y: int, m: int) -> date:
    return (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)


class Ids:
    """The next id of each table, read once from the database (an append continues after it)."""

    def __init__(self, cur: psycopg.Cursor, tables: Iterable[str]) -> None:
        self.next: dict[str, int] = {}
        for table in tables:
            cur.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')
            self.next[table] = cur.fetchone()[0]  # type: ignore[index]

    def take(self, table: str) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class Copier:
    """One COPY per table, rows buffered as they come."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[Sequence[str], list[tuple[Any, ...]]]] = {}

    def add(self, table: str, columns: Sequence[str], row: tuple[Any, ...]) -> None:
        self.rows.setdefault(table, (columns, []))[1].append(row)

    def flush(self, cur: psycopg.Cursor, order: Sequence[str]) -> None:
        for table in order:
            if table not in self.rows:
                continue
            columns, rows = self.rows.pop(table)
            cols = ", ".join(f'"{c}"' for c in columns)
            with cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)


TABLES = (
    "agency",
    "user_account",
    "plan",
    "section",
    "task",
    "indicator",
    "target",
    "assignment",
    "reporting_duty",
    "period",
    "report",
    "report_item",
    "indicator_value",
)


def _province(
    out: Copier, ids: Ids, rnd: random.Random, index: int, name: str, scale: float, password_hash: str
) -> dict[str, int]:
    """One province's agencies, users, plans, periods and reports; the counts written."""
    ts = NOW
    agencies = []
    for k, dept in enumerate(DEPARTMENTS):
        agency_id = ids.take("agency")
        agencies.append(agency_id)
        body = dept.replace("tỉnh", name) if dept.endswith("tỉnh") else f"{dept} {name}"
        out.add(
            "agency",
            ("id", "code", "name", "kind", "level", "province", "created_at", "updated_at"),
            (agency_id, f"bench-{index}-{k}", body, "department", "province", name, ts, ts),
        )
    user_cols = ("id", "username", "full_name", "password_hash", "role", "agency_id", "province", "is_active")
    user_cols += ("created_at", "updated_at")  # type: ignore[assignment]
    for role, who in (("coordinator", "dp"), ("viewer", "ld")):
        row = (ids.take("user_account"), f"{who}-{index}", f"{who} {name}", password_hash, role, None, name)
        out.add("user_account", user_cols, (*row, True, ts, ts))
    for k, agency_id in enumerate(agencies):
        row = (ids.take("user_account"), f"bc-{index}-{k}", None, password_hash, "reporter", agency_id, name)
        out.add("user_account", user_cols, (*row, True, ts, ts))

    counts = dict.fromkeys(("plans", "tasks", "reports", "items"), 0)
    n_plans = max(1, round(24 * scale))
    periods_of_year = months()
    for p in range(n_plans):
        plan_id = ids.take("plan")
        number = f"{100 + p}/KH-UBND"
        signed = date(2023, 1 + p % 12, 1 + p % 27)
        digest = hashlib.sha256(f"{index}-{p}".encode()).hexdigest()
        plan_cols = ("id", "number", "kind", "title", "issuer", "province", "scope_province", "signed_date")
        plan_cols += ("source_file", "sha256", "status", "created_at", "updated_at")  # type: ignore[assignment]
        title = f"Kế hoạch chuyển đổi số và đổi mới sáng tạo số {p + 1} tỉnh {name}"
        row = (plan_id, number, "Kế hoạch", title, f"UBND tỉnh {name}", name, name, signed)
        out.add("plan", plan_cols, (*row, f"kh-{index}-{p}.pdf", digest, "active", ts, ts))
        counts["plans"] += 1
        for code in ("I", "II", "III"):
            out.add(
                "section",
                ("id", "plan_id", "code", "level", "title"),
                (ids.take("section"), plan_id, code, 1, f"Phần {code}"),
            )
        leads = rnd.sample(agencies, 12)
        led: dict[int, list[int]] = {a: [] for a in leads}
        for t in range(rnd.randint(96, 118)):
            task_id = ids.take("task")
            lead = leads[t % len(leads)]
            led[lead].append(task_id)
            due = date(2024 + t % 3, 1 + t % 12, 28) if t % 4 else None
            kind = "date" if due else "recurring"
            title = f"Nhiệm vụ {t + 1}: triển khai nền tảng số dùng chung của tỉnh"
            task_cols = ("id", "plan_id", "code", "section", "title", "deadline_text", "deadline_kind")
            task_cols += ("deadline_date", "deadline_freq", "search_text", "created_at", "updated_at")  # type: ignore[assignment]
            deadline_text = due.strftime("%d/%m/%Y") if due else "Hằng năm"
            freq = None if due else "yearly"
            row = (task_id, plan_id, str(t + 1), "II", title, deadline_text, kind, due, freq)
            out.add("task", task_cols, (*row, title.lower(), ts, ts))
            out.add(
                "assignment",
                ("id", "task_id", "agency_id", "name_as_written", "role"),
                (ids.take("assignment"), task_id, lead, "lead", "lead"),
            )
            helper = rnd.choice(agencies)
            out.add(
                "assignment",
                ("id", "task_id", "agency_id", "name_as_written", "role"),
                (ids.take("assignment"), task_id, helper, "coordinating", "coordinating"),
            )
            counts["tasks"] += 1
        targets: dict[int, list[tuple[int, int]]] = {a: [] for a in leads}
        for i in range(10):
            indicator_id, target_id = ids.take("indicator"), ids.take("target")
            lead = leads[i % len(leads)]
            targets[lead].append((indicator_id, target_id))
            text_ = f"Tỷ lệ hồ sơ trực tuyến toàn trình {i + 1}"
            out.add(
                "indicator",
                ("id", "plan_id", "code", "text", "year", "search_text", "created_at", "updated_at"),
                (indicator_id, plan_id, f"I.{i + 1}", text_, 2030, text_.lower(), ts, ts),
            )
            out.add(
                "target",
                ("id", "indicator_id", "unit", "comparator", "value"),
                (target_id, indicator_id, "%", ">=", float(rnd.choice((50, 70, 80, 90, 100)))),
            )
            out.add(
                "assignment",
                ("id", "indicator_id", "agency_id", "name_as_written", "role"),
                (ids.take("assignment"), indicator_id, lead, "lead", "lead"),
            )
        out.add(
            "reporting_duty",
            ("id", "plan_id", "to_text", "frequency", "due_day"),
            (ids.take("reporting_duty"), plan_id, f"UBND tỉnh {name}", '["monthly"]', 15),
        )
        for y, m in periods_of_year:
            period_id = ids.take("period")
            end = month_end(y, m)
            due = date(y, m, 15)
            period_cols = ("id", "plan_id", "frequency", "key", "label", "cutoff_start", "cutoff_end", "due")
            period_cols += ("adjusted", "created_at", "updated_at")  # type: ignore[assignment]
            row = (period_id, plan_id, "monthly", f"{y}-{m:02d}", f"Tháng {m}/{y}", date(y, m, 1), end, due)
            out.add("period", period_cols, (*row, False, ts, ts))
            recent = (y, m) >= (2026, 10)
            for agency_id in leads:
                if rnd.random() < (0.35 if recent else 0.06):
                    continue  # not sent: the gaps the dashboard and the reminders find
                report_id = ids.take("report")
                status = (
                    rnd.choice(("submitted", "draft"))
                    if recent
                    else rnd.choice(("accepted",) * 8 + ("returned",))
                )
                late = rnd.random() < 0.2
                sent = datetime(y, m, 12, 9, tzinfo=UTC) + timedelta(days=6 if late else 0)
                report_cols = ("id", "period_id", "agency_id", "status", "version", "submitted_at")
                report_cols += ("first_submitted_at", "late", "created_at", "updated_at")  # type: ignore[assignment]
                was_sent = status != "draft"
                row = (report_id, period_id, agency_id, status, 2, sent if was_sent else None)
                out.add("report", report_cols, (*row, sent if was_sent else None, late and was_sent, ts, ts))
                counts["reports"] += 1
                for task_id in led[agency_id]:
                    item_status = rnd.choice(ITEM_STATUSES)
                    progress = {"completed": 100.0, "not_started": 0.0}.get(
                        item_status, float(rnd.randint(10, 90))
                    )
                    out.add(
                        "report_item",
                        ("id", "report_id", "task_id", "role", "status", "progress"),
                        (ids.take("report_item"), report_id, task_id, "lead", item_status, progress),
                    )
                    counts["items"] += 1
                for indicator_id, target_id in targets[agency_id]:
                    value = round(30 + 70 * ((y - 2024) * 12 + m) / 36 * rnd.uniform(0.7, 1.1), 1)
                    out.add(
                        "indicator_value",
                        ("id", "report_id", "indicator_id", "target_id", "value"),
                        (ids.take("indicator_value"), report_id, indicator_id, target_id, value),
                    )
    return counts


def generate(database: str, *, scale: float, n_provinces: int, append: bool, seed: int = 7) -> dict[str, Any]:
    """Create (or grow, with `append`) the national database; what was written and how long it took."""
    started = time.perf_counter()
    url = make_url(SERVER).set(database=database)
    sa_url = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if not append:
        with psycopg.connect(SERVER, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{database}"')
        upgrade("head", url=sa_url)
        engine = create_engine(sa_url)
        with sessionmaker(bind=engine).begin() as session:
            seed_reference(session, actor="bench")
            session.execute(
                text(
                    "INSERT INTO user_account (username, password_hash, role, is_active, created_at, updated_at)"
                    " VALUES ('admin', :h, 'admin', true, now(), now()),"
                    " ('quoc-gia', :h, 'coordinator', true, now(), now())"
                ),
                {"h": hash_password(PASSWORD)},
            )
        engine.dispose()
    names = provinces()[:n_provinces]
    password_hash = hash_password(PASSWORD)
    totals: dict[str, int] = {}
    with psycopg.connect(url.render_as_string(hide_password=False)) as conn, conn.cursor() as cur:
        cur.execute("SELECT province FROM agency WHERE code LIKE 'bench-%' GROUP BY province")
        present = {row[0] for row in cur.fetchall()}
        ids = Ids(cur, TABLES)
        for index, name in enumerate(names):
            if name in present:
                continue
            out = Copier()
            # A province's own random stream: growing 4 → 16 writes the same first four provinces.
            counts = _province(
                out, ids, random.Random(seed * 1000 + index), index, name, scale, password_hash
            )
            out.flush(cur, TABLES)
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            print(f"  {name}: {counts}", flush=True)
        for table in TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT coalesce(max(id), 1) FROM \"{table}\"))"
            )
        conn.commit()
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute("ANALYZE")
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]  # type: ignore[index]
    return {
        "database": database,
        "provinces": n_provinces,
        "scale": scale,
        "written": totals,
        "seconds": round(time.perf_counter() - started, 1),
        "size": size,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="dondoc_national")
    parser.add_argument("--scale", type=float, default=1.0, help="plans per province ÷ 24")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--append", action="store_true", help="add the missing provinces to the database")
    args = parser.parse_args(argv)
    result = generate(args.database, scale=args.scale, n_provinces=args.provinces, append=args.append)
    print(result)


if __name__ == "__main__":
    main()
