"""The national benchmark: one province's pages and API calls, and the national views, timed over
HTTP against `dondoc serve` on the national database (bench/national_data.py) as it grows from 1
to 4, 16 and 34 provinces; the same headline figures computed by raw SQL (bench/national_sql.py,
the lower bound) and the ratio; then report submissions per second under 20 concurrent clients.

    make bench-national                          # scale 1.0: 34 provinces, 821 plans, ~3.8 M items
    make bench-national SCALE=0.05               # a quick run: one plan a province
    .venv/bin/python bench/bench_national.py --scale 0.05 --steps 1,4 --runs 3

The database grows by appending provinces (the first ones stay as they were), so each step times
the same province (the first of provinces.yaml, Hà Nội) and the same plan. A province's pages are
asked by its coordinator with `?province=` (a province user is held to its own province; a national
user's filter), the national views by the national coordinator. A request has TIMEOUT seconds; a
page slower than SLOW seconds is timed once. Prints a table per step and the growth at the end;
writes bench/results/national-<time>.json (the server's log beside it)."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2 as httpx
import psycopg

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import national_sql  # noqa: E402
from national_data import PASSWORD, app_url, generate, libpq_url, provinces  # noqa: E402
from national_load import submissions  # noqa: E402
from national_rows import local_today, slug  # noqa: E402

TIMEOUT = 600.0  # seconds a request may take before it counts as a timeout
SLOW = 30.0  # a page slower than this is timed once
BUDGET = 90.0  # seconds of requests a page gets at most (7 runs of a 20 s page would take minutes)
RESULTS = BENCH / "results"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`dondoc serve` on the national database, its scheduled jobs off (they would run mid-measure),
    with as many app processes as a PostgreSQL deployment on the machine would run (`--workers`)."""

    def __init__(self, database_url: str, log: Path, workers: int = 2) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DONDOC_DATABASE_URL": database_url,
            "DONDOC_JOBS_INTERVAL_MINUTES": "0",
            "DONDOC_FIGURES_REFRESH_SECONDS": "0",
        }
        self.log = log.open("ab")
        command = [str(BENCH.parent / ".venv" / "bin" / "dondoc"), "serve", "--port", str(self.port)]
        command += ["--workers", str(workers)]
        self.proc = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"dondoc serve did not answer (see {log})")

    def peak_memory_mb(self) -> float | None:
        """The server's peak resident memory (VmHWM), its worker processes' added, Linux only."""
        total, pids = 0, [self.proc.pid]
        try:
            while pids:
                pid = pids.pop()
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
                pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return None
        return total / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def signed_in(url: str, username: str, timeout: float = TIMEOUT) -> httpx.Client:
    """A client with the user's session cookie (pages) and bearer token (API)."""
    client = httpx.Client(base_url=url, timeout=timeout)
    page = client.post("/login", data={"username": username, "password": PASSWORD})
    token = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    if page.status_code != 303 or token.status_code != 200:
        raise RuntimeError(f"{username} could not sign in: {page.status_code}, {token.status_code}")
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return client


def timed(
    client: httpx.Client, path: str, runs: int, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """p50/p95 of `runs` requests after one to warm up; a slow page is timed by that first one, and
    a page stops being asked once BUDGET seconds went into it (its `n` says how many were timed)."""
    times: list[float] = []
    statuses: list[int] = []
    spent = 0.0
    for n in range(runs + 1):
        start = time.perf_counter()
        try:
            status = client.get(path, headers=headers).status_code
        except httpx.TimeoutException:
            return {"path": path, "timeout": True, "after_s": TIMEOUT, "n": len(times)}
        seconds = time.perf_counter() - start
        spent += seconds
        statuses.append(status)
        if n == 0 and seconds <= SLOW:
            continue  # the warm-up: templates compiled, caches filled, connections opened
        times.append(seconds)
        if seconds > SLOW or spent > BUDGET:
            break
    return {"path": path, **national_sql.summary(times), "status": sorted(set(statuses))}


def pages_of(province: str, plan_id: int) -> list[tuple[str, str, str, dict[str, str] | None, str]]:
    """(name, who, path, headers, raw query key) of every call measured."""
    p = quote(province)
    htmx = {"HX-Request": "true"}
    return [
        ("dashboard", "province", f"/?province={p}", None, "figures:province"),
        ("ranking", "province", f"/ranking?province={p}", None, "figures:province"),
        ("review queue", "province", f"/review?province={p}", None, "review:province"),
        ("plan page", "province", f"/plans/{plan_id}", None, "figures:plan+tasks"),
        (
            "task list (page part)",
            "province",
            f"/plans/{plan_id}/tasks?status=overdue",
            htmx,
            "figures:plan+tasks",
        ),
        ("task list (API)", "province", f"/api/tasks?plan={plan_id}", None, "tasks"),
        ("evaluation API", "province", f"/api/plans/{plan_id}/evaluation", None, "figures:plan"),
        ("national dashboard", "national", "/", None, "figures:all"),
        ("national ranking", "national", "/ranking", None, "figures:all"),
        ("national review queue", "national", "/review", None, "review:all"),
    ]


def raw_queries(key: str, day: date, province: str, plan_id: int) -> list[tuple[str, dict[str, Any]]]:
    scope = {"province": province, "all": None}
    out = []
    for part in key.split("+"):
        name, _, which = part.partition(":")
        if name == "figures":
            params = {
                "today": day,
                "province": scope.get(which),
                "plan": plan_id if which == "plan" else None,
            }
            out.append((national_sql.FIGURES, params))
        elif name == "review":
            out.append((national_sql.REVIEW, {"province": scope[which]}))
        else:
            out.append((national_sql.TASKS, {"plan": plan_id}))
    return out


def measure(url: str, database: str, runs: int, national: bool, day: date) -> dict[str, Any]:
    province = provinces()[0]["name"]
    with psycopg.connect(libpq_url(database)) as conn:
        found = conn.execute(
            "SELECT min(id) FROM plan WHERE scope_province = %s AND status = 'active'", (province,)
        ).fetchone()
        plan_id = int(found[0]) if found and found[0] is not None else 0
    clients = {"province": signed_in(url, f"dp-{slug(province)}"), "national": signed_in(url, "quoc-gia")}
    out: dict[str, Any] = {"province": province, "plan_id": plan_id, "today": str(day), "pages": {}}
    with psycopg.connect(libpq_url(database)) as conn:
        for name, who, path, headers, raw_key in pages_of(province, plan_id):
            if who == "national" and not national:
                continue
            figure = timed(clients[who], path, runs, headers)
            raw = national_sql.timed(conn, raw_queries(raw_key, day, province, plan_id), runs)
            figure["raw"] = raw
            if "p50" in figure and raw["p50"] > 0:
                figure["ratio"] = figure["p50"] / raw["p50"]
            out["pages"][name] = figure
            print(f"  {line(name, figure)}", flush=True)
        # The lower bound is only a bound if it computes the same figures: compare them.
        answer = clients["province"].get(f"/api/plans/{plan_id}/evaluation?as_of={day.isoformat()}")
        if answer.status_code == 200:
            raw_figures = national_sql.figures(conn, day, None, plan_id)
            out["figures_differ"] = national_sql.check(raw_figures, answer.json(), plan_id)
        else:
            out["figures_differ"] = [f"evaluation answered HTTP {answer.status_code}"]
    for client in clients.values():
        client.close()
    return out


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f}" if value < 10 else f"{value:,.0f}"


def line(name: str, f: dict[str, Any]) -> str:
    raw = f.get("raw", {})
    raw_text = f"{ms(raw['p50']):>9}" if raw else " " * 9
    if f.get("timeout"):
        return f"{name:<24} {'timeout > ' + str(int(TIMEOUT)) + ' s':>19}      {raw_text}"
    http = ",".join(map(str, f["status"]))
    ratio = f"{f['ratio']:>8.0f}×" if "ratio" in f else ""
    return f"{name:<24} {ms(f['p50']):>9} {ms(f['p95']):>9} {f['n']:>3} {http:>5} {raw_text} {ratio}"


HEADER = (
    f"{'page or call':<24} {'p50 ms':>9} {'p95 ms':>9} {'n':>3} {'HTTP':>5} {'raw ms':>9} {'page/raw':>9}"
)


def growth_table(steps: list[dict[str, Any]]) -> str:
    """One row per page: p50/p95 at each province count, then the lower bound and the ratio at the last."""
    counts = [s["provinces"] for s in steps]
    head = f"{'page or call':<24}" + "".join(f"{str(n) + ' prov. p50/p95 ms':>24}" for n in counts)
    head += f"{'raw p50 ms':>12}{'ratio':>8}"
    rows = [head]
    names = list(steps[-1]["measured"]["pages"])
    for name in names:
        row = f"{name:<24}"
        for s in steps:
            f = s["measured"]["pages"].get(name)
            cell = "—" if f is None else "timeout" if f.get("timeout") else f"{ms(f['p50'])} / {ms(f['p95'])}"
            row += f"{cell:>24}"
        last = steps[-1]["measured"]["pages"][name]
        row += f"{ms(last['raw']['p50']):>12}" + (
            f"{last['ratio']:>7.0f}×" if "ratio" in last else f"{'—':>8}"
        )
        rows.append(row)
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--steps", default="1,4,16,34", help="province counts, growing")
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page (after one warm-up)")
    parser.add_argument("--database", default="dondoc_national")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="app processes (dondoc serve --workers)")
    parser.add_argument("--per-client", type=int, default=20, help="reports each client submits a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of submissions (the median is kept)")
    parser.add_argument(
        "--national", choices=("all", "last", "none"), default="all", help="steps with the national views"
    )
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",")]
    if steps != sorted(set(steps)) or not 1 <= steps[0] <= steps[-1] <= 34:
        parser.error("--steps: growing province counts from 1 to 34")
    RESULTS.mkdir(exist_ok=True)
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    log = RESULTS / f"national-{stamp}-server.log"
    path = RESULTS / f"national-{stamp}.json"
    # One day for the whole run: the data reaches it and the raw figures are judged on it (the app
    # judges by its clock: a run across midnight in Vietnam would show a day's difference).
    day = local_today()
    results: dict[str, Any] = {
        "started": stamp,
        "today": day.isoformat(),
        "scale": args.scale,
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "steps": [],
    }
    with psycopg.connect(libpq_url("postgres")) as conn:
        results["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    for n, count in enumerate(steps):
        print(f"== generating {count} provinces at scale {args.scale}", flush=True)
        made = generate(args.database, scale=args.scale, n_provinces=count, append=n > 0, today=day)
        rows = made["rows"]
        print(
            f"== {count} provinces: {rows['plan']:,} plans, {rows['task']:,} tasks, {rows['report']:,} reports, "
            f"{rows['report_item']:,} report items, {made['size']}; generated in {made['seconds']} s; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            flush=True,
        )
        # What `dondoc serve`'s refresh job keeps up in a deployment: every plan's stored figures.
        step_refresh = refresh_stored_figures(app_url(args.database))
        print(
            f"== stored figures of {step_refresh['plans']} plans computed in {step_refresh['seconds']} s",
            flush=True,
        )
        print(f"  {HEADER}", flush=True)
        server = Server(app_url(args.database), log, args.workers)
        # Other work on the machine shows in the figures: keep the load beside them.
        step: dict[str, Any] = {
            "provinces": count,
            "generated": made,
            "figures_refresh": step_refresh,
            "load_before": os.getloadavg(),
        }
        try:
            national = args.national == "all" or (args.national == "last" and count == steps[-1])
            step["measured"] = measure(server.url, args.database, args.runs, national, day)
            if step["measured"]["figures_differ"]:
                print(f"  raw SQL and app differ: {step['measured']['figures_differ']}", flush=True)
            if count == steps[-1] and args.clients > 0:
                step["submissions"] = submissions(
                    server.url, args.database, args.clients, args.per_client, args.rounds
                )
                print(f"  submissions, {args.clients} clients: {summary_of(step['submissions'])}", flush=True)
            step["server_peak_mb"] = server.peak_memory_mb()
            step["load_after"] = os.getloadavg()
        finally:
            server.stop()
        results["steps"].append(step)
        # written after every step: a run stopped halfway keeps what it measured
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"\n== growth: {results['steps'][0]['measured']['province']}'s pages (the national views: every")
    print("   province's) as the database holds more provinces")
    print(growth_table(results["steps"]))
    print(f"written to {path} (server log {log})")


def refresh_stored_figures(database_url: str) -> dict[str, Any]:
    """Run `dondoc refresh-figures` on the database: how many plans, how long."""
    env = {**os.environ, "DONDOC_DATABASE_URL": database_url}
    start = time.perf_counter()
    out = subprocess.run(
        [str(BENCH.parent / ".venv" / "bin" / "dondoc"), "refresh-figures"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    seconds = round(time.perf_counter() - start, 1)
    plans = int(out.split("/")[-1].split()[0]) if "/" in out else 0
    return {"plans": plans, "seconds": seconds, "output": out.strip()}


def summary_of(s: dict[str, Any]) -> str:
    errors = ", ".join(f"HTTP {k}: {v}" for k, v in s["errors"].items()) or "none"
    return (
        f"{s['submitted']} reports sent: the submissions together in {s['submit_seconds']:.1f} s ="
        f" {s['submits_per_second']:.1f}/s (submit p50 {ms(s['steps'].get('submit', {'p50': 0.0})['p50'])} ms); open, save and"
        f" submit in {s['seconds']:.1f} s = {s['per_second']:.1f}/s; report p50 {ms(s['latency']['p50'])} ms, p95 {ms(s['latency']['p95'])} ms; "
        f"errors {errors}; resets {s['resets']}; the median of {len(s.get('rounds', [s]))} rounds: "
        + ", ".join(f"{r['submits_per_second']:.0f}/s" for r in s.get("rounds", []))
        + f"; CPU per submission (ms): {', '.join(f'{k} {v:.1f}' for k, v in s['cpu_ms_per_submit'].items())}"
    )


if __name__ == "__main__":
    main()
