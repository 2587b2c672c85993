"""A simulated first year of Kế hoạch 103/KH-UBND (signed 01/06/2025; agencies report monthly,
quarterly and yearly "trước ngày 15"), judged on 31/05/2026. Every figure is worked out by hand
in the comments from the scenario below and the plan's own deadlines.

- Công an tỉnh reports every period on its due day; the coordinator accepts each report.
- Sở Tài chính reports every period, but its June–October 2025 monthly reports come 3 days late.
- Sở Khoa học và Công nghệ sends only the monthly reports (the quarterly and yearly ones are
  missing); its January 2026 report is returned with a comment and sent again after the due day.
- The 14 other agencies that lead tasks never report.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from factories import agency_named, make_active_plan
from sqlalchemy import select

from dondoc.agencies.models import Agency
from dondoc.core.db import utcnow
from dondoc.plans.models import Plan, Task
from dondoc.reporting.models import Period, Report
from dondoc.reporting.schemas import ItemIn, ReportUpdate, ValueIn
from dondoc.reporting.service import (
    generate_periods,
    open_report,
    record_event,
    reporting_agencies,
    review,
    submit,
    update_report,
)
from dondoc.scoring import summary
from dondoc.scoring.service import agency_scores, period_rates, report_rate_rows, target_figures, task_figures

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = date(2026, 5, 31)


def at(day: date, hour: int = 10, shift_days: int = 0) -> datetime:
    return datetime.fromordinal(day.toordinal() + shift_days).replace(hour=hour, tzinfo=HCM)


def task_id(plan: Plan, code: str) -> int:
    return next(t.id for t in plan.tasks if t.code == code)


def target_id(plan: Plan, code: str) -> int:
    return next(t.id for i in plan.indicators if i.code == code for t in i.targets)


def done(plan: Plan, code: str, day: date) -> ItemIn:
    return ItemIn(task_id=task_id(plan, code), status="completed", completed_on=day, progress=100)


def file_report(session, period: Period, agency: Agency, *, sent: datetime, items=(), values=()) -> Report:
    report = open_report(session, period, agency, actor="test")
    if items or values:
        body = ReportUpdate(version=report.version, items=list(items), values=list(values))
        update_report(session, report, body, actor="test")
    return submit(session, report, report.version, actor="test", now=sent)


@pytest.fixture()
def year(session):
    plan = make_active_plan(session)
    periods = generate_periods(session, plan, actor="test")
    due = sorted((p for p in periods if p.due <= AS_OF), key=lambda p: (p.due, p.cutoff_end))
    police = agency_named(session, "Công an tỉnh")
    finance = agency_named(session, "Sở Tài chính")
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    month = {p.key: p for p in due if p.frequency == "monthly"}
    record_event(session, session.get(Task, task_id(plan, "II.21")), date(2026, 4, 1), 30, actor="test")

    for period in due:
        # Công an tỉnh: on the due day; completions as its reports tell them.
        items = {
            "2025-11": [done(plan, "V.74", date(2025, 11, 10)), done(plan, "V.77", date(2025, 11, 10))],
            "2026-01": [done(plan, "V.80", date(2026, 1, 10))],  # deadline 31/12/2025: late
            "2026-05": [done(plan, "II.20", date(2026, 5, 10)), done(plan, "V.75", date(2026, 5, 10))],
        }.get(period.key if period.frequency == "monthly" else "", [])
        report = file_report(session, period, police, sent=at(period.due), items=items)
        review(session, report, report.version, "accept", None, actor="dieu-phoi")

        # Sở Tài chính: June–October 2025 monthly reports three days late.
        late = period.frequency == "monthly" and period.key <= "2025-10"
        items = {
            "2025-06": [done(plan, "I.12", date(2025, 6, 10))],
            "2025-10": [done(plan, "VI.91", date(2025, 10, 5))],  # deadline 30/09/2025: late
            "2026-05": [done(plan, "II.14", date(2026, 5, 10)), done(plan, "VI.101", date(2026, 5, 10))],
        }.get(period.key if period.frequency == "monthly" else "", [])
        file_report(session, period, finance, sent=at(period.due, shift_days=3 if late else 0), items=items)

    for key, period in month.items():
        # Sở KH&CN: monthly only, the day before the due day.
        items, values = [], []
        if key == "2025-06":
            values = [
                ValueIn(target_id=target_id(plan, "I.7"), value=10.0, source="Cục Thống kê"),
                ValueIn(target_id=target_id(plan, "I.3"), value=30),
            ]
        if key == "2025-07":
            items = [done(plan, "V.62", date(2025, 6, 20)), done(plan, "V.86", date(2025, 7, 10))]
        if key == "2026-05":
            values = [
                ValueIn(target_id=target_id(plan, "I.7"), value=12.0),
                ValueIn(target_id=target_id(plan, "I.3"), value=35),
                ValueIn(target_id=target_id(plan, "I.10"), value=35.0),
                ValueIn(target_id=target_id(plan, "I.11"), value=0.5),
            ]
        report = file_report(
            session, period, science, sent=at(period.due, hour=16, shift_days=-1), items=items, values=values
        )
        if key == "2026-01":
            review(session, report, report.version, "return", "Bổ sung minh chứng", actor="dieu-phoi")
            fix = ReportUpdate(
                version=report.version,
                items=[ItemIn(task_id=report.items[0].task_id, narrative="Đã bổ sung minh chứng")],
            )
            update_report(session, report, fix, actor="test")
            submit(session, report, report.version, actor="test", now=at(date(2026, 1, 20)))
    session.flush()
    return plan, police, finance, science


def test_periods_due_in_the_first_year(session, year) -> None:
    plan, *_ = year
    due = [p for p in session.query(Period).filter_by(plan_id=plan.id) if p.due <= AS_OF]
    # June 2025 … May 2026: 12 months; Q2 2025 … Q1 2026: 4 quarters; the year 2025: 1.
    assert sorted((p.frequency, p.key) for p in due if p.frequency != "monthly") == [
        ("quarterly", "2025-Q2"),
        ("quarterly", "2025-Q3"),
        ("quarterly", "2025-Q4"),
        ("quarterly", "2026-Q1"),
        ("yearly", "2025"),
    ]
    months = sorted(p.key for p in due if p.frequency == "monthly")
    assert months[0] == "2025-06" and months[-1] == "2026-05" and len(months) == 12
    assert len(due) == 17
    june = next(p for p in due if p.key == "2025-06")
    # Nghị định 09/2019: 15/05 → 14/06; due "trước ngày 15": 15/06/2025.
    assert (june.cutoff_start, june.cutoff_end, june.due) == (
        date(2025, 5, 15),
        date(2025, 6, 14),
        date(2025, 6, 15),
    )
    q1 = next(p for p in due if p.key == "2026-Q1")
    assert (q1.cutoff_start, q1.cutoff_end, q1.due) == (
        date(2025, 12, 15),
        date(2026, 3, 14),
        date(2026, 3, 15),
    )
    y2025 = next(p for p in due if p.key == "2025")
    assert (y2025.cutoff_start, y2025.cutoff_end, y2025.due) == (
        date(2024, 12, 15),
        date(2025, 12, 14),
        date(2025, 12, 15),
    )


def test_workflow_marks_late_and_keeps_the_first_sending(session, year) -> None:
    plan, police, finance, science = year
    reports = {(r.agency_id, r.period.key, r.period.frequency): r for r in session.query(Report)}
    assert reports[(finance.id, "2025-06", "monthly")].late is True
    assert reports[(finance.id, "2025-11", "monthly")].late is False
    returned = reports[(science.id, "2026-01", "monthly")]
    # Returned on 16/01, sent again on 20/01 (after the due day 15/01): the first sending counts.
    assert returned.status == "submitted" and returned.late is False
    assert returned.review_comment == "Bổ sung minh chứng"
    assert reports[(police.id, "2025-Q3", "quarterly")].status == "accepted"


def test_task_timeliness_on_31_may_2026(session, year) -> None:
    plan, *_ = year
    status = {f.task.code: f.timeliness.status for f in task_figures(session, plan, AS_OF)}
    assert {
        code: status[code] for code in ("V.74", "V.77", "V.80", "V.79", "II.21", "II.20", "V.75", "V.83")
    } == {
        "V.74": "completed_on_time",  # done 10/11/2025, due 31/12/2025
        "V.77": "completed_on_time",
        "V.80": "completed_late",  # done 10/01/2026, due 31/12/2025
        "V.79": "overdue",  # due 31/12/2025, nobody finished it
        "II.21": "overdue",  # event 01/04/2026 + 30 days = 01/05/2026
        "II.20": "completed_on_time",  # ongoing: done in May's report, sent on time
        "V.75": "completed_on_time",
        "V.83": "overdue",  # recurring: not done in May's report, due 15/05/2026
    }
    assert status["III.27"] == "in_progress"  # due 31/12/2026
    assert status["VI.91"] == "completed_late"  # done 05/10/2025, due 30/09/2025


def test_report_rates_by_agency_and_period(session, year) -> None:
    plan, police, finance, science = year
    rows = {r.agency_id: r.rates for r in report_rate_rows(session, plan, AS_OF)}
    assert len(rows) == len(reporting_agencies(session, plan, AS_OF)) == 17
    assert (rows[police.id].reporting_rate, rows[police.id].on_time_rate) == (100.0, 100.0)  # 17/17, 17/17
    assert rows[finance.id].reporting_rate == 100.0
    assert rows[finance.id].on_time_rate == pytest.approx(100 * 12 / 17)  # 5 late of 17
    assert rows[science.id].reporting_rate == pytest.approx(100 * 12 / 17)  # 12 monthly of 17
    assert rows[science.id].on_time_rate == pytest.approx(100 * 12 / 17)
    others = [r for a, r in rows.items() if a not in (police.id, finance.id, science.id)]
    assert len(others) == 14 and all(r.received == 0 and r.reporting_rate == 0.0 for r in others)
    by_period = {(p.frequency, p.key): rates for p, rates in period_rates(session, plan, AS_OF)}
    june = by_period[("monthly", "2025-06")]
    # 3 of 17 agencies sent June's report; Sở Tài chính's was late: 2 of 17 on time.
    assert (june.expected, june.received, june.on_time) == (17, 3, 2)
    assert june.reporting_rate == pytest.approx(17.647, abs=1e-3) and june.on_time_rate == pytest.approx(
        11.765, abs=1e-3
    )
    quarter = by_period[("quarterly", "2025-Q3")]
    assert (quarter.received, quarter.on_time) == (2, 2)  # Sở KH&CN sends no quarterly report


def test_indicator_progress(session, year) -> None:
    plan, *_ = year
    by_code = {f.indicator.code: f for f in target_figures(session, plan)}
    economy = by_code["I.7"].progress  # kinh tế số ≥ 30% GRDP by 2030; 10 (14/06/2025) → 12 (14/05/2026)
    # t0 = 2025 + 164/365 = 2025.4493, t1 = 2026 + 133/365 = 2026.3644, tT = 2031 (end of 2030)
    # observed CAGR = 1.2^(1/0.91507) − 1 = 0.22048; required = 3^(1/5.55068) − 1 = 0.21887
    # p = 0.22048 / 0.21887 = 1.0074 ≥ 0.95: substantial; forecast 10 × 1.2^(5.55068/0.91507) = 30.22
    assert economy.status == "substantial"
    assert economy.ratio == pytest.approx(1.0074, abs=1e-4) and economy.forecast == pytest.approx(
        30.22, abs=0.01
    )
    assert by_code["I.3"].progress.status == "deterioration"  # a rank ≤ 20 going from 30 to 35
    assert by_code["I.10"].progress.status == "target_achieved"  # 35% ≥ 30% with one value
    assert by_code["I.11"].progress.status == "not_enough_data"  # one value, short of > 0.75
    assert by_code["I.7"].values == [("Tháng 6/2025", 10.0), ("Tháng 5/2026", 12.0)]


def test_completion_scores_and_ranking(session, year) -> None:
    plan, police, finance, science = year
    scores = {s.agency_id: s for s in agency_scores(session, plan, AS_OF)}
    # Công an tỉnh: on time V.74, V.77, II.20, V.75; late V.80; overdue V.79, II.21, V.83
    # 0.8 × 100 × (4 + 0.5 × 1) / 8 + 0.2 × 100 = 45 + 20 = 65.0
    p = scores[police.id]
    assert (p.completed_on_time, p.completed_late, p.overdue, p.score, p.rank) == (4, 1, 3, 65.0, 1)
    # Sở Tài chính: on time I.12, II.14, VI.101; late VI.91; overdue V.79, III.26, III.43, V.83
    # 0.8 × 100 × 3.5 / 8 + 0.2 × 100 × 12/17 = 35 + 14.118 = 49.1
    f = scores[finance.id]
    assert (f.completed_on_time, f.completed_late, f.overdue, f.score, f.rank) == (3, 1, 4, 49.1, 2)
    # Sở KH&CN: on time V.62; late V.86, VI.91; overdue the 12 other dated tasks due by 31/05/2026
    # and its 21 recurring or ongoing tasks not done in May: 0.8 × 100 × 2/36 + 0.2 × 100 × 12/17
    # = 4.444 + 14.118 = 18.6
    s = scores[science.id]
    assert (s.completed_on_time, s.completed_late, s.overdue, s.score, s.rank) == (1, 2, 33, 18.6, 3)
    others = [v for a, v in scores.items() if a not in (police.id, finance.id, science.id)]
    assert len(others) == 14 and {(v.score, v.rank) for v in others} == {(0.0, 4)}


def test_periodic_tasks_judged_by_the_last_period(session, year) -> None:
    """June 2026 (due 15/06/2026): Sở Tài chính reports II.14 done but three days late, and the
    ongoing VI.101 under way on time; Công an tỉnh reports nothing."""
    plan, police, finance, _science = year
    june = session.scalar(select(Period).where(Period.plan_id == plan.id, Period.key == "2026-06"))
    items = [
        done(plan, "II.14", date(2026, 6, 10)),
        ItemIn(task_id=task_id(plan, "VI.101"), status="in_progress", progress=50),
    ]
    file_report(session, june, finance, sent=at(june.due, shift_days=3), items=items[:1])
    status = {f.task.code: f.timeliness.status for f in task_figures(session, plan, date(2026, 6, 30))}
    assert status["II.14"] == "completed_late"  # done, in a report sent after 15/06/2026
    assert status["II.20"] == "overdue"  # Công an tỉnh sent no June report
    report = session.scalar(select(Report).where(Report.period_id == june.id, Report.agency_id == finance.id))
    report.late = False  # as if sent on time: under way → in progress towards July's due day
    item = next(i for i in report.items if i.task_id == task_id(plan, "VI.101"))
    item.status = "in_progress"
    session.flush()
    figure = next(f for f in task_figures(session, plan, date(2026, 6, 30)) if f.task.code == "VI.101")
    assert figure.timeliness.status == "in_progress" and figure.deadline == date(2026, 7, 15)


def test_the_stored_figures_give_the_same_hand_figures(session, year) -> None:
    """What the dashboard and the ranking read (the plan's stored row, as JSON and back) holds the
    figures worked out above: scores and ranks, report rates, task counts."""
    plan, police, finance, science = year
    session.flush()
    stored = summary.from_data(
        plan,
        json.loads(json.dumps(summary.to_data(summary.compute(session, plan, AS_OF)))),
        computed_at=utcnow(),
        stale=False,
    )
    scores = {s.agency_id: s for s in stored.ranking}
    assert [(scores[a.id].score, scores[a.id].rank) for a in (police, finance, science)] == [
        (65.0, 1),
        (49.1, 2),
        (18.6, 3),
    ]
    assert (
        scores[police.id].completed_on_time,
        scores[police.id].completed_late,
        scores[police.id].overdue,
    ) == (4, 1, 3)
    assert stored.rates[finance.id].on_time_rate == pytest.approx(100 * 12 / 17)
    assert stored.rates[science.id].reporting_rate == pytest.approx(100 * 12 / 17)
    assert sum(stored.task_counts.values()) == len(plan.tasks)
