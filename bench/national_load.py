"""Report submissions under concurrent clients, through the API as an agency's officer sends one:
open (or fetch) the agency's report for a period, save its items and figures quoting the version
read (the preparation), then submit it quoting the new version (bench/bench_national.py calls
`submissions`). The clients prepare every report first and then, all together, submit them: the
submission is the one short transaction measured on its own (reports per second), the whole
(open, save, submit) is measured too.

Each client is the reporter of a different body, taken in turn from the provinces the database
holds (Hà Nội's Sở Khoa học và Công nghệ, then Huế's, …), and sends its body's unsent reports,
newest period first. Counted: submissions per second over the whole run, the latency of each step,
answers other than the expected ones (by HTTP status) and connections that failed (resets)."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psycopg
from national_data import PASSWORD, libpq_url, provinces
from national_rows import local_today, slug
from national_sql import summary

WORK = """
SELECT pe.id FROM period pe
WHERE pe.cutoff_start <= %(today)s
  AND pe.plan_id IN (SELECT p.plan_id FROM report r JOIN period p ON p.id = r.period_id WHERE r.agency_id = %(a)s)
  AND NOT EXISTS (SELECT 1 FROM report r WHERE r.period_id = pe.id AND r.agency_id = %(a)s
                  AND r.status IN ('submitted', 'accepted'))
ORDER BY pe.due DESC, pe.id LIMIT %(n)s
"""


def reporters(conn: Any, clients: int, sql: Callable[[str], str] = str) -> list[tuple[str, int]]:
    """(username, agency) of `clients` active reporters, one province after another (`conn` a
    DB-API connection; `sql` turns the PostgreSQL placeholders into its own)."""
    by_province = []
    for province in provinces():
        rows = conn.execute(
            sql(
                "SELECT u.username, u.agency_id FROM user_account u WHERE u.role = 'reporter' AND u.is_active"
                " AND u.province = %(province)s ORDER BY u.agency_id DESC"
            ),
            {"province": province["name"]},
        ).fetchall()
        # the coordinating office (Sở KH&CN) first: it leads the most tasks
        rows.sort(key=lambda r: not r[0].endswith(f"{slug(province['name'])}-so-khcn"))
        if rows:
            by_province.append(rows)
    out: list[tuple[str, int]] = []
    for i in range(max((len(r) for r in by_province), default=0)):
        out += [(r[i][0], r[i][1]) for r in by_province if i < len(r)]
    return out[:clients]


def work_of(
    conn: Any, clients: int, per_client: int, sql: Callable[[str], str] = str
) -> list[tuple[str, list[int]]]:
    """Each client's reporter and the periods whose report it will send."""
    today = local_today()
    return [
        (
            username,
            [row[0] for row in conn.execute(sql(WORK), {"today": today, "a": agency, "n": per_client})],
        )
        for username, agency in reporters(conn, clients, sql)
    ]


def busy_seconds() -> tuple[float, float]:
    """(CPU seconds this process has used, CPU seconds the whole machine has been busy): over the
    submissions, what the clients cost and what the server and the database cost besides (Linux's
    /proc/stat; its first line sums user, nice, system, irq, softirq and steal ticks over the cores)."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    own = os.times()
    return own.user + own.system, (user + nice + system + irq + softirq + steal) / ticks


def database_seconds() -> float:
    """CPU seconds the PostgreSQL processes on this machine have used (Linux's /proc): what the
    database's share of the submissions' cost is."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if name.startswith("postgres"):
            # utime, stime, and the children's it reaped (the postmaster's: backends that ended)
            total += sum(int(f) for f in rest[11:15])
    return total / ticks


def submissions(url: str, database: str, clients: int, per_client: int, rounds: int = 3) -> dict[str, Any]:
    """`send` the reports of `clients` reporters of the national database (PostgreSQL), `rounds`
    times (each round the next unsent reports): the round of the median rate, with every round's
    rate and CPU beside it (on a shared 2-core machine one round can run at half the speed of the
    next, the clients' own CPU time per request rising with it)."""
    runs = []
    for _ in range(rounds):
        with psycopg.connect(libpq_url(database)) as conn:
            work = work_of(conn, clients, per_client)
        runs.append(send(url, work))
    runs.sort(key=lambda r: r["submits_per_second"])
    median = dict(runs[len(runs) // 2])
    median["rounds"] = [
        {k: r[k] for k in ("submitted", "submits_per_second", "cpu_ms_per_submit", "errors", "resets")}
        for r in runs
    ]
    return median


def send(
    url: str, work: list[tuple[str, list[int]]], on_sending: Callable[[], object] | None = None
) -> dict[str, Any]:
    """Each client signs in, prepares its reports, then all submit together (`on_sending` is
    called as they start: a profiler watching the submissions alone starts there)."""
    lock = threading.Lock()
    steps: dict[str, list[float]] = {"open": [], "save": [], "submit": [], "submission": []}
    errors: Counter[str] = Counter()
    resets: Counter[str] = Counter()
    examples: list[str] = []
    done = [0]
    ready = threading.Barrier(len(work) + 1)
    prepared = threading.Barrier(len(work) + 1)

    def call(client: httpx.Client, step: str, method: str, path: str, body: Any, expect: int) -> Any:
        start = time.perf_counter()
        answer = client.request(method, path, json=body)
        seconds = time.perf_counter() - start
        with lock:
            steps[step].append(seconds)
            if answer.status_code != expect:
                errors[f"{answer.status_code} on {step}"] += 1
                if len(examples) < 5:
                    examples.append(f"{step} {path}: {answer.status_code} {answer.text[:300]}")
        return answer.json() if answer.status_code == expect else None

    def worker(username: str, periods: list[int]) -> None:
        client = httpx.Client(base_url=url, timeout=120)
        try:
            token = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
            client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        except (httpx.HTTPError, KeyError) as exc:
            with lock:
                errors[f"sign-in: {type(exc).__name__}"] += 1
            periods = []
        finally:
            ready.wait()  # the others start together, signed in or not
        ready_to_send: list[tuple[int, int, float]] = []  # (report, version, seconds so far)
        try:  # whatever goes wrong, the others are not left waiting at the barrier
            for period_id in periods:
                start = time.perf_counter()
                try:
                    report = call(client, "open", "POST", f"/api/periods/{period_id}/reports", {}, 201)
                    if report is None:
                        continue
                    edit = {
                        "version": report["version"],
                        "items": [
                            {
                                "task_id": i["task_id"],
                                "status": "in_progress",
                                "progress": 60,
                                "narrative": "Đang triển khai",
                            }
                            for i in report["items"]
                            if i["status"] != "completed"
                        ],
                        # a note: the service asks for one when a figure moves far from the last report's
                        "values": [
                            {"target_id": v["target_id"], "value": 50, "note": "Số liệu kỳ này"}
                            for v in report["values"]
                        ],
                    }
                    saved = call(client, "save", "PATCH", f"/api/reports/{report['id']}", edit, 200)
                    if saved is not None:
                        ready_to_send.append((report["id"], saved["version"], time.perf_counter() - start))
                except httpx.TransportError as exc:
                    with lock:
                        resets[type(exc).__name__] += 1
        finally:
            prepared.wait()  # every client's reports prepared: they submit together
        for report_id, version, so_far in ready_to_send:
            start = time.perf_counter()
            try:
                sent = call(
                    client, "submit", "POST", f"/api/reports/{report_id}/submit", {"version": version}, 200
                )
            except httpx.TransportError as exc:
                with lock:
                    resets[type(exc).__name__] += 1
                continue
            if sent is not None:
                with lock:
                    done[0] += 1
                    steps["submission"].append(so_far + time.perf_counter() - start)
        client.close()

    threads = [threading.Thread(target=worker, args=w) for w in work]
    for t in threads:
        t.start()
    ready.wait()  # every client signed in: the clock starts when they all begin
    start = time.perf_counter()
    prepared.wait()
    if on_sending is not None:
        on_sending()
    sending = time.perf_counter()
    own_before, machine_before = busy_seconds()
    database_before = database_seconds()
    for t in threads:
        t.join()
    end = time.perf_counter()
    own_after, machine_after = busy_seconds()
    client_cpu, machine_cpu = own_after - own_before, machine_after - machine_before
    database_cpu = database_seconds() - database_before
    seconds, submit_seconds = end - start, end - sending
    return {
        "clients": len(work),
        "reporters": [w[0] for w in work],
        "asked": sum(len(w[1]) for w in work),
        "submitted": done[0],
        "seconds": seconds,
        "per_second": done[0] / seconds if seconds else 0.0,  # whole reports: open, save, submit
        "submit_seconds": submit_seconds,
        "submits_per_second": done[0] / submit_seconds if submit_seconds else 0.0,
        "latency": summary(steps["submission"] or [0.0]),
        # CPU per submission while they were sent: the clients', PostgreSQL's, and the rest of the
        # machine's (the app processes; on 2 cores, 200/s leaves 10 ms for all of it)
        "cpu_ms_per_submit": {
            "clients": 1000 * client_cpu / done[0] if done[0] else 0.0,
            "database": 1000 * database_cpu / done[0] if done[0] else 0.0,
            "server": 1000 * (machine_cpu - client_cpu - database_cpu) / done[0] if done[0] else 0.0,
        },
        "steps": {k: summary(v) for k, v in steps.items() if v and k != "submission"},
        "errors": dict(errors),
        "resets": sum(resets.values()),
        "reset_kinds": dict(resets),
        "examples": examples,
    }
