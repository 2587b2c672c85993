"""Page speed with the demo data on SQLite (issue 5's goal: the dashboard and the plan pages
answer in under 300 ms). Builds the demo database in a temporary folder, signs in as the
coordinator and times each page over HTTP in-process (FastAPI's TestClient); prints medians.

    make bench-web            # or: .venv/bin/python bench/bench_pages.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 300


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dondoc-bench-")
    os.environ["DONDOC_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.db'}"
    os.environ["DONDOC_FILES_DIR"] = str(Path(folder) / "files")
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from dondoc.app import create_app
    from dondoc.core.db import session_scope
    from dondoc.demo import DEMO_PASSWORD, MAIN_PLAN, load_demo
    from dondoc.plans.models import Plan

    load_demo()
    with session_scope() as session:
        plan_ids = {p.number or str(p.id): p.id for p in session.scalars(select(Plan))}
    main_id = plan_ids[MAIN_PLAN]
    client = TestClient(create_app())
    client.post("/login", data={"username": "dieu-phoi", "password": DEMO_PASSWORD})
    pages = [
        "/",
        f"/plans/{main_id}",
        f"/plans/{main_id}/tasks?status=overdue",
        "/ranking",
        "/review",
        "/plans",
    ]
    worst = 0.0
    print(f"{'page':<40} {'median ms':>10} {'max ms':>8}")
    for page in pages:
        client.get(page)  # warm the caches once
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(page)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                print(f"{page}: HTTP {response.status_code}", file=sys.stderr)
                return 1
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{page:<40} {median:>10.0f} {max(times):>8.0f}")
    verdict = "ok" if worst < GOAL_MS else "SLOWER THAN THE GOAL"
    print(f"SUMMARY worst_median_ms={worst:.0f} goal_ms={GOAL_MS} {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
