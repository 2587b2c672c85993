"""The national database of the benchmark on the local PostgreSQL: every province's agencies,
users, plans, tasks and three-odd years of reports, under the project's own migrations.

    python bench/national_data.py                          # 34 provinces at scale 1.0 (~1 GB)
    python bench/national_data.py --scale 0.05 --provinces 4
    python bench/national_data.py --append --provinces 16  # grow an existing database to 16

At scale 1.0: 821 plans (24 a province, 25 in the five largest cities), ~88,000 tasks, ~340,000
reports and ~3.8 million report items; `--scale` multiplies the plans of each province (at least
one), so 0.05 is one plan a province, for a quick run. The rows are built by bench/national_plan.py
(pure, deterministic) and written with COPY, not through the ORM: the services would take hours for
millions of rows, and the benchmark measures reading them. The schema is the migrations' (`upgrade
head`), the reference registry is seeded by the application's own `seed_reference`, and every
user's password hash is made once by the project's hasher and shared (argon2 costs ~50 ms a hash).

Users (password `bench-national-2026`): `admin`, `quoc-gia` (national coordinator) and
`lanh-dao-quoc-gia` (national viewer); per province, `dp-<province>` and `dp2-<province>`
(coordinators), `ld-<province>` (viewer), and `bc-<province>-<body>` (a reporter per body),
e.g. `dp-ha-noi`, `bc-gia-lai-so-khcn`."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # the sibling modules, when imported from the runner or a test

from national_plan import province_rows  # noqa: E402
from national_rows import COLUMNS, TABLES, Ids, Sink, local_today, start_of  # noqa: E402

import dondoc.models  # noqa: E402,F401 — every table known before seeding
from dondoc.agencies.service import seed_reference  # noqa: E402
from dondoc.core.migrate import upgrade  # noqa: E402
from dondoc.users.security import hash_password  # noqa: E402
from dondoc.yamlload import load_yaml  # noqa: E402

SERVER = "postgresql://postgres@127.0.0.1:5432"
PASSWORD = "bench-national-2026"
SEED = 7
NATIONAL_USERS = (
    ("admin", "Quản trị hệ thống", "admin"),
    ("quoc-gia", "Điều phối quốc gia", "coordinator"),
    ("lanh-dao-quoc-gia", "Lãnh đạo", "viewer"),
)


def libpq_url(database: str) -> str:
    return f"{SERVER}/{database}"


def app_url(database: str) -> str:
    """The URL dondoc reads in DONDOC_DATABASE_URL (SQLAlchemy through psycopg 3)."""
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}"


def provinces() -> list[dict[str, Any]]:
    """Today's 34 provinces in the order of provinces.yaml (the growth order), each with the
    provinces it absorbed on 1 July 2025."""
    with open(BENCH.parent / "dondoc" / "agencies" / "data" / "provinces.yaml", encoding="utf-8") as f:
        rows = load_yaml(f)["continuing"]
    return [
        {
            "name": str(r["name"]),
            "kind": str(r["kind"]),
            "absorbed": [str(a) for a in r.get("absorbed") or []],
        }
        for r in rows
    ]


def create(database: str, password_hash: str, now: datetime) -> None:
    """A new database: the migrations, the reference registry as the app seeds it, national users."""
    with psycopg.connect(libpq_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{database}"')
    upgrade("head", url=app_url(database))
    engine = create_engine(app_url(database))
    with sessionmaker(bind=engine).begin() as session:
        seed_reference(session, actor="bench-national")
    engine.dispose()
    with psycopg.connect(libpq_url(database)) as conn:
        for username, name, role in NATIONAL_USERS:
            conn.execute(
                "INSERT INTO user_account (username, full_name, email, password_hash, role, is_active,"
                " created_at, updated_at) VALUES (%s, %s, %s, %s, %s, true, %s, %s)",
                (username, name, f"{username}@dondoc.gov.vn", password_hash, role, now, now),
            )


def copy_rows(cur: psycopg.Cursor[Any], sink: Sink) -> None:
    for table in TABLES:
        rows = sink.rows[table]
        if not rows:
            continue
        columns = ", ".join(f'"{c}"' for c in COLUMNS[table])
        with cur.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


def present(cur: psycopg.Cursor[Any]) -> set[str]:
    """The provinces the database already holds (their coordinator exists)."""
    cur.execute("SELECT province FROM user_account WHERE username LIKE 'dp-%%' AND province IS NOT NULL")
    return {row[0] for row in cur.fetchall()}


def generate(
    database: str = "dondoc_national",
    *,
    scale: float = 1.0,
    n_provinces: int = 34,
    append: bool = False,
    seed: int = SEED,
    today: date | None = None,
    quiet: bool = False,
) -> dict[str, Any]:
    """Create the national database (or, with `append`, add the provinces it lacks among the first
    `n_provinces`) with reports up to `today` (default: today in Vietnam, the day the app judges
    by); what was written, how long it took and how big the database is."""
    started = time.perf_counter()
    today = today or local_today()
    password_hash = hash_password(PASSWORD)  # once: every user shares it
    if not append:
        create(database, password_hash, start_of(today))
    written: dict[str, int] = dict.fromkeys(TABLES, 0)
    added = []
    with psycopg.connect(libpq_url(database)) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM agency WHERE code = 'cac-so-ban-nganh'")
        found = cur.fetchone()
        collective = found[0] if found else None
        first = {}
        for table in TABLES:
            cur.execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')
            first[table] = cur.fetchone()[0]  # type: ignore[index]
        ids = Ids(first)
        have = present(cur)
        for province in provinces()[:n_provinces]:
            if province["name"] in have:
                continue
            sink = Sink()
            province_rows(
                sink,
                ids,
                province=province["name"],
                kind=province["kind"],
                absorbed=province["absorbed"],
                scale=scale,
                seed=seed,
                password_hash=password_hash,
                collective=collective,
                today=today,
            )
            copy_rows(cur, sink)
            conn.commit()  # a province at a time: memory stays at one province's rows
            counts = sink.counts()
            for table, n in counts.items():
                written[table] += n
            added.append(province["name"])
            if not quiet:
                print(
                    f"  {province['name']}: {counts['plan']} plans, {counts['task']} tasks, "
                    f"{counts['report']} reports, {counts['report_item']} items "
                    f"({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
        for table in TABLES:  # COPY gave explicit ids: the sequences must follow them
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                f' (SELECT coalesce(max(id), 1) FROM "{table}"))'
            )
        conn.commit()
    copied = time.perf_counter() - started
    with psycopg.connect(libpq_url(database), autocommit=True) as conn:
        # VACUUM as well as ANALYZE: autovacuum would otherwise start on the fresh tables in the
        # middle of the measurements, and the first reads would pay for setting the hint bits.
        conn.execute("VACUUM (ANALYZE)")
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]  # type: ignore[index]
        totals = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}  # type: ignore[index]
        held = len(present(conn.cursor()))
    return {
        "database": database,
        "provinces": held,
        "added": added,
        "scale": scale,
        "seed": seed,
        "today": today.isoformat(),
        "written": written,
        "rows": totals,
        "seconds": round(time.perf_counter() - started, 1),
        "copy_seconds": round(copied, 1),
        "bytes": size,
        "size": f"{size / 1e6:.0f} MB",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", default="dondoc_national")
    parser.add_argument("--scale", type=float, default=1.0, help="plans per province ÷ 24 (at least one)")
    parser.add_argument("--provinces", type=int, default=34, help="the first N of provinces.yaml")
    parser.add_argument("--append", action="store_true", help="add the missing provinces, keep the rest")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--today", type=date.fromisoformat, help="YYYY-MM-DD the data reaches (default: today)"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.provinces <= 34 or args.scale <= 0:
        parser.error("--provinces is 1 to 34 and --scale above 0")
    made = generate(
        args.database,
        scale=args.scale,
        n_provinces=args.provinces,
        append=args.append,
        seed=args.seed,
        today=args.today,
    )
    rows = made["rows"]
    print(
        f"{made['database']}: {made['provinces']} provinces, {rows['plan']} plans, {rows['task']} tasks, "
        f"{rows['report']} reports, {rows['report_item']} report items, {made['size']}; "
        f"generated in {made['seconds']} s (COPY {made['copy_seconds']} s, then VACUUM ANALYZE)"
    )


if __name__ == "__main__":
    main()
