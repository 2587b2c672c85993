"""The pure parts of the national benchmark's generator (bench/national_plan.py, national_rows.py):
the rows keep every rule the migrations and the services hold, come out the same for the same
seed, have the issue's sizes, and follow the 2025 successions as the registry does. No database."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from national_plan import province_rows  # noqa: E402
from national_rows import COLUMNS, Ids, Sink, current_body, plans_in, start_of  # noqa: E402

from dondoc.reporting.periods import period_specs  # noqa: E402

COLLECTIVE = 10_000  # the id the registry's "Các sở, ban, ngành" would have
TODAY = date(2026, 12, 3)
NOW = start_of(TODAY)


def rows_of(
    province: str, *, kind: str = "tỉnh", absorbed: tuple[str, ...] = (), scale: float = 0.25
) -> Sink:
    sink = Sink()
    province_rows(
        sink,
        Ids(),
        province=province,
        kind=kind,
        absorbed=list(absorbed),
        scale=scale,
        seed=7,
        password_hash="hash",
        collective=COLLECTIVE,
        today=TODAY,
    )
    return sink


def table(sink: Sink, name: str) -> list[dict]:
    return [dict(zip(COLUMNS[name], row, strict=True)) for row in sink.rows[name]]


@pytest.fixture(scope="module")
def gia_lai() -> Sink:
    """A province that absorbed another in July 2025: both provinces' bodies, both kinds of plan."""
    return rows_of("Gia Lai", absorbed=("Bình Định",))


def test_the_same_seed_gives_the_same_rows() -> None:
    assert rows_of("Lai Châu", scale=0.05).rows == rows_of("Lai Châu", scale=0.05).rows
    assert rows_of("Lai Châu", scale=0.05).rows["task"] != rows_of("Sơn La", scale=0.05).rows["task"]


def test_plans_per_province() -> None:
    assert plans_in("Gia Lai", 1.0) == 24
    assert plans_in("Hà Nội", 1.0) == 25  # the five largest cities: 821 plans in all
    assert plans_in("Gia Lai", 0.05) == 1  # at least one


def test_a_province_has_the_sizes_of_the_issue() -> None:
    counts = rows_of("Nghệ An", scale=1.0).counts()
    assert counts["plan"] == 24
    assert 95 <= counts["task"] / counts["plan"] <= 120  # 87,772 tasks ÷ 821 plans ≈ 107
    assert 330 <= counts["report"] / counts["plan"] <= 500  # 338,374 ÷ 821 ≈ 412
    assert 9 <= counts["report_item"] / counts["report"] <= 14  # 3.79 M ÷ 338,374 ≈ 11.2


def test_rows_keep_the_schema_rules(gia_lai: Sink) -> None:
    for name, rows in gia_lai.rows.items():
        assert all(len(row) == len(COLUMNS[name]) for row in rows)
        ids = [row[0] for row in rows]
        assert len(ids) == len(set(ids)), name
    plans = table(gia_lai, "plan")
    assert len({p["sha256"] for p in plans}) == len(plans)
    assert {p["status"] for p in plans} == {"active"}
    assert {p["scope_province"] for p in plans} == {"Gia Lai"}
    users = table(gia_lai, "user_account")
    assert len({u["username"] for u in users}) == len(users)
    assert all(u["agency_id"] is not None for u in users if u["role"] == "reporter")
    assert {u["role"] for u in users} <= {"admin", "coordinator", "reporter", "viewer"}
    for a in table(gia_lai, "assignment"):
        assert (a["task_id"] is None) != (a["indicator_id"] is None)
        assert a["role"] in ("lead", "coordinating", "implementing")
    periods = table(gia_lai, "period")
    assert all(p["cutoff_start"] <= p["cutoff_end"] for p in periods)
    assert len({(p["plan_id"], p["frequency"], p["key"]) for p in periods}) == len(periods)


def test_reports_keep_the_reporting_rules(gia_lai: Sink) -> None:
    periods = {p["id"]: p for p in table(gia_lai, "period")}
    tasks = {t["id"] for t in table(gia_lai, "task")}
    reports = table(gia_lai, "report")
    assert len({(r["period_id"], r["agency_id"]) for r in reports}) == len(reports)
    assert Counter(r["status"] for r in reports).keys() == {"draft", "submitted", "returned", "accepted"}
    for r in reports:
        due = periods[r["period_id"]]["due"]
        sent = r["first_submitted_at"]
        assert (sent is None) == (r["status"] == "draft")
        assert r["late"] == (sent is not None and sent.date() > due)
        for moment in (r["created_at"], r["updated_at"], sent, r["reviewed_at"]):
            assert moment is None or (isinstance(moment, datetime) and moment.tzinfo and moment <= NOW)
        assert (r["review_comment"] is not None) == (r["status"] == "returned")
    assert any(r["late"] for r in reports) and not all(r["late"] for r in reports if r["first_submitted_at"])
    report_ids = {r["id"] for r in reports}
    items = table(gia_lai, "report_item")
    assert len({(i["report_id"], i["task_id"]) for i in items}) == len(items)
    for i in items:
        assert i["report_id"] in report_ids and i["task_id"] in tasks
        assert i["status"] in ("not_started", "in_progress", "completed", "not_feasible")
        assert i["progress"] is None or 0 <= i["progress"] <= 100
        assert (i["completed_on"] is not None) == (i["status"] == "completed")
        assert i["status"] != "not_feasible" or i["reason"]
    values = table(gia_lai, "indicator_value")
    assert len({(v["report_id"], v["target_id"]) for v in values}) == len(values)
    units = {t["id"]: t["unit"] for t in table(gia_lai, "target")}
    assert all(
        0 <= v["value"] <= 100 for v in values if v["value"] is not None and units[v["target_id"]] == "%"
    )


def test_a_one_off_task_once_done_stays_done(gia_lai: Sink) -> None:
    """The app takes the first completion day a report gave: every later report gives the same."""
    periods = {p["id"]: p for p in table(gia_lai, "period")}
    reports = {r["id"]: r for r in table(gia_lai, "report")}
    periodic = {t["id"] for t in table(gia_lai, "task") if t["deadline_kind"] in ("recurring", "ongoing")}
    seen: dict[int, list[tuple[date, str, date | None]]] = {}
    for i in table(gia_lai, "report_item"):
        if i["task_id"] not in periodic:
            end = periods[reports[i["report_id"]]["period_id"]]["cutoff_end"]
            seen.setdefault(i["task_id"], []).append((end, i["status"], i["completed_on"]))
    for history in seen.values():
        history.sort()
        done = [day for _end, status, day in history if status == "completed"]
        assert len(set(done)) <= 1
        if done:
            first = next(n for n, h in enumerate(history) if h[1] == "completed")
            assert all(status == "completed" for _e, status, _d in history[first:])


def test_the_periods_are_the_apps(gia_lai: Sink) -> None:
    """Monthly and quarterly periods as `period_specs` names them, the first covering the signing."""
    plans = {p["id"]: p for p in table(gia_lai, "plan")}
    for period in table(gia_lai, "period"):
        signed = plans[period["plan_id"]]["signed_date"]
        spec = period_specs(period["frequency"], start=signed, end=period["cutoff_end"])
        assert period["key"] in {s.key for s in spec}
        assert period["cutoff_end"] >= signed


def test_bodies_follow_the_2025_successions(gia_lai: Sink) -> None:
    agencies = {a["code"]: a for a in table(gia_lai, "agency")}
    assert agencies["bench-gia-lai-so-tai-chinh"]["name"] == "Sở Tài chính tỉnh Gia Lai"
    assert agencies["bench-gia-lai-cong-an"]["name"] == "Công an tỉnh Gia Lai"
    assert (
        rows_of("Hà Nội", kind="thành phố", scale=0.05).rows["agency"][0][2]
        == "Văn phòng UBND thành phố Hà Nội"
    )
    # successions as the registry writes them; the generator's current_body walks them as the app's does
    from national_rows import agencies as make

    bodies = make(Sink(), Ids(), "Gia Lai", "tỉnh", ["Bình Định"], NOW)
    by_id = {b.id: b for place in bodies.values() for b in place.values()}
    old = bodies["Bình Định"]["so-tttt"].id
    assert current_body(by_id, old, date(2025, 2, 28)) == old
    assert current_body(by_id, old, date(2025, 3, 1)) == bodies["Bình Định"]["so-khcn"].id
    assert current_body(by_id, old, date(2025, 7, 1)) == bodies["Gia Lai"]["so-khcn"].id
    successions = table(gia_lai, "agency_succession")
    assert {s["effective"] for s in successions} == {date(2025, 3, 1), date(2025, 7, 1)}


def test_a_report_carries_what_open_report_would(gia_lai: Sink) -> None:
    """Sở KH&CN's report after the merger holds its predecessor Sở TT&TT's tasks, as `duties_of` gives."""
    agencies = {a["id"]: a for a in table(gia_lai, "agency")}
    leads = {
        a["task_id"]: a["agency_id"]
        for a in table(gia_lai, "assignment")
        if a["role"] == "lead" and a["task_id"]
    }
    by_report: dict[int, set[int]] = {}
    for i in table(gia_lai, "report_item"):
        by_report.setdefault(i["report_id"], set()).add(leads[i["task_id"]])
    khcn = [
        r for r in table(gia_lai, "report") if agencies[r["agency_id"]]["code"] == "bench-gia-lai-so-khcn"
    ]
    named = {agencies[a]["code"] for r in khcn for a in by_report.get(r["id"], ()) if a != COLLECTIVE}
    assert "bench-gia-lai-so-khcn" in named
    assert {"bench-binh-dinh-so-tttt", "bench-gia-lai-so-tttt"} & named
