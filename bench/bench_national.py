"""The national benchmark: one province's pages and the national roll-up, timed over HTTP against
`dondoc serve` on the generated national database (bench/national_data.py) as it grows from 1 to
4, 16 and 34 provinces; the same headline figures computed by one raw SQL query (the lower bound)
and the ratio; report submissions per second under 20 clients.

    make bench-national                       # scale 1.0: 34 provinces, 821 plans, ~3.8 M items
    .venv/bin/python bench/bench_national.py --scale 0.05 --steps 1,4

Prints a table; writes bench/results/national-<time>.json."""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from national_data import PASSWORD, generate  # noqa: E402

TIMEOUT = 600.0  # seconds a page may take before it counts as a timeout
SLOW = 30.0  # a page slower than this is measured once
CLIENTS = 20

# The headline figures of one province's dashboard in one query: task items by status in the
# latest report of each agency, and reports received and late per period.
RAW_SQL = """
WITH plans AS (SELECT id FROM plan WHERE status = 'active' AND scope_province = %(p)s),
periods AS (SELECT id, plan_id FROM period WHERE plan_id IN (SELECT id FROM plans)),
reports AS (
  SELECT r.id, r.period_id, r.agency_id, r.status, r.late,
         row_number() OVER (PARTITION BY p.plan_id, r.agency_id ORDER BY r.period_id DESC) AS newest
  FROM report r JOIN periods p ON p.id = r.period_id WHERE r.status IN ('submitted', 'accepted'))
SELECT (SELECT json_agg(t) FROM (
          SELECT i.status, count(*) FROM report_item i JOIN reports r ON r.id = i.report_id
          WHERE r.newest = 1 GROUP BY i.status) t),
       (SELECT json_agg(t) FROM (
          SELECT period_id, count(*) AS received, count(*) FILTER (WHERE late) AS late
          FROM reports GROUP BY period_id) t),
       (SELECT json_agg(t) FROM (
          SELECT r.agency_id, avg(CASE WHEN i.status = 'completed' THEN 1.0 ELSE 0 END) AS done
          FROM report_item i JOIN reports r ON r.id = i.report_id WHERE r.newest = 1
          GROUP BY r.agency_id) t)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DONDOC_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}",
        "DONDOC_JOBS_INTERVAL_MINUTES": "0",
    }
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "dondoc"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("dondoc serve did not answer")


def signed_in(url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=TIMEOUT)
    client.post("/login", data={"username": username, "password": PASSWORD})
    token = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return client


def timed(client: httpx.Client, path: str, runs: int) -> dict[str, Any]:
    times, statuses = [], set()
    for _ in range(runs):
        start = time.perf_counter()
        try:
            status = client.get(path).status_code
        except httpx.TimeoutException:
            return {"path": path, "timeout": True}
        times.append(time.perf_counter() - start)
        statuses.add(status)
        if times[-1] > SLOW:
            break
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "path": path,
        "p50": statistics.median(times),
        "p95": p95,
        "n": len(times),
        "status": sorted(statuses),
    }


def raw_sql(database: str, province: str, runs: int) -> float:
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as conn:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            conn.execute(RAW_SQL, {"p": province}).fetchall()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def submissions(url: str, database: str, province_index: int) -> dict[str, Any]:
    """20 clients send the province's unsent reports: open (or fetch) each, then submit it."""
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as conn:
        pairs = conn.execute(
            """SELECT pe.id, a.id FROM period pe JOIN plan p ON p.id = pe.plan_id
               JOIN agency a ON a.province = p.scope_province AND a.code LIKE 'bench-%%'
               LEFT JOIN report r ON r.period_id = pe.id AND r.agency_id = a.id
               WHERE p.scope_province = (SELECT province FROM agency WHERE code = %(c)s)
                 AND (r.id IS NULL OR r.status = 'draft') AND a.code NOT LIKE 'bench-%%-11'
               ORDER BY pe.id, a.id LIMIT 2000""",
            {"c": f"bench-{province_index}-0"},
        ).fetchall()
    lock, done, errors, resets = threading.Lock(), [0], [0], [0]
    queue = list(pairs)

    def worker() -> None:
        client = signed_in(url, f"dp-{province_index}")
        while True:
            with lock:
                if not queue:
                    return
                period_id, agency = queue.pop()
            try:
                # the agency by its id: the generated bodies have no aliases to find them by name
                opened = client.post(f"/api/periods/{period_id}/reports", json={"agency": str(agency)})
                ok = opened.status_code == 201
                if ok:
                    body = opened.json()
                    sent = client.post(f"/api/reports/{body['id']}/submit", json={"version": body["version"]})
                    ok = sent.status_code == 200
            except httpx.TransportError:
                with lock:
                    resets[0] += 1
                continue
            with lock:
                done[0] += ok
                errors[0] += not ok

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    return {"submitted": done[0], "errors": errors[0], "resets": resets[0], "per_second": done[0] / seconds}


def measure(url: str, database: str, runs: int) -> dict[str, Any]:
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as conn:
        province, plan_id = conn.execute(
            "SELECT province, (SELECT min(id) FROM plan WHERE scope_province = a.province) FROM agency a"
            " WHERE code = 'bench-0-0'"
        ).fetchone()  # type: ignore[misc]
    local = signed_in(url, "dp-0")
    national = signed_in(url, "quoc-gia")
    pages = [
        ("dashboard", local, "/"),
        ("ranking", local, "/ranking"),
        ("review queue", local, "/review"),
        ("plan page", local, f"/plans/{plan_id}"),
        ("evaluation API", local, f"/api/plans/{plan_id}/evaluation"),
        ("national dashboard", national, "/"),
    ]
    out = {name: timed(client, path, runs) for name, client, path in pages}
    out["raw SQL (province figures)"] = {"p50": raw_sql(database, province, runs)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--steps", default="1,4,16,34")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", default="dondoc_national")
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    results: dict[str, Any] = {"scale": args.scale, "steps": {}}
    for n, provinces in enumerate(steps):
        made = generate(args.database, scale=args.scale, n_provinces=provinces, append=n > 0)
        print(f"== {provinces} provinces: generated in {made['seconds']} s, {made['size']}", flush=True)
        proc, url = serve(args.database)
        try:
            step = {"generated": made, "pages": measure(url, args.database, args.runs)}
            if provinces == steps[-1]:
                step["submissions"] = submissions(url, args.database, 0)
        finally:
            proc.terminate()
            proc.wait(30)
        results["steps"][provinces] = step
        for name, figure in step["pages"].items():
            if figure.get("timeout"):
                print(f"  {name:<28} timeout (> {TIMEOUT:.0f} s)")
            else:
                p95 = f"{figure['p95'] * 1000:>8.0f}" if "p95" in figure else " " * 8
                print(f"  {name:<28} p50 {figure['p50'] * 1000:>8.0f} ms  p95 {p95} ms")
        if "submissions" in step:
            print(f"  submissions, {CLIENTS} clients: {step['submissions']}")
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    path = folder / f"national-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"written to {path}")


if __name__ == "__main__":
    main()
