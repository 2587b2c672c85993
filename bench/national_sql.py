"""The lower bound of the national benchmark: the headline figures of the pages computed by one
raw SQL query each, on the same database, without the application.

`FIGURES` is the scoring of `dondoc.scoring.service` written in SQL, for the active plans of one
province (or all, or one plan): each task's timeliness on a day (Quyết định 42/2014/QĐ-TTg, as
`task_figures` judges it: a one-off task by its deadline and the first completion day a counted
report gave, a recurring or ongoing one by the last period due), the task counts per plan the
dashboard charts, the reports expected, received and late in the period being collected, the
reports received and late per period due (the evaluation's rates), and each reporting agency's
completion score and rank (`agency_scores`: 0.8 × task score + 0.2 × on-time reporting rate). The
indicators' progress (the Open SDG method, a CAGR per target) is left out: the lower bound is of
the task and report figures, which are most of the rows read.

`REVIEW` is the review queue's list, `TASKS` a page of a plan's task list with its lead agencies.
`check` compares the figures with those the application answered for a plan."""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Any

import psycopg

FIGURES = """
WITH RECURSIVE
plans AS (
  SELECT id FROM plan
  WHERE status = 'active'
    AND (%(province)s::text IS NULL OR scope_province = %(province)s::text)
    AND (%(plan)s::int IS NULL OR id = %(plan)s::int)
),
lead AS (  -- lead assignments to registry bodies, of tasks and of indicators
  SELECT t.plan_id, a.task_id, a.agency_id, g.kind
  FROM assignment a JOIN task t ON t.id = a.task_id JOIN agency g ON g.id = a.agency_id
  WHERE a.role = 'lead' AND t.plan_id IN (SELECT id FROM plans)
  UNION ALL
  SELECT i.plan_id, NULL, a.agency_id, g.kind
  FROM assignment a JOIN indicator i ON i.id = a.indicator_id JOIN agency g ON g.id = a.agency_id
  WHERE a.role = 'lead' AND i.plan_id IN (SELECT id FROM plans)
),
step AS (  -- current_body: the first successor (by id) in effect by the day
  SELECT DISTINCT ON (predecessor_id) predecessor_id AS id, successor_id AS next
  FROM agency_succession WHERE effective IS NULL OR effective <= %(today)s
  ORDER BY predecessor_id, id
),
walk AS (
  SELECT agency_id AS start, agency_id AS body, ARRAY[agency_id] AS path
  FROM (SELECT DISTINCT agency_id FROM lead) l
  UNION ALL
  SELECT w.start, s.next, w.path || s.next FROM walk w JOIN step s ON s.id = w.body
  WHERE NOT s.next = ANY(w.path)
),
now_body AS (
  SELECT DISTINCT ON (start) start, body FROM walk ORDER BY start, cardinality(path) DESC
),
reporters AS (  -- reporting_agencies: today's bodies of the named (not collective) leads
  SELECT DISTINCT l.plan_id, n.body AS agency_id
  FROM lead l JOIN now_body n ON n.start = l.agency_id WHERE l.kind <> 'collective'
),
periods AS (
  SELECT id, plan_id, frequency, due, cutoff_start, cutoff_end FROM period
  WHERE plan_id IN (SELECT id FROM plans)
),
last_due AS (
  SELECT DISTINCT ON (plan_id) plan_id, id, due FROM periods WHERE due <= %(today)s
  ORDER BY plan_id, due DESC, cutoff_end DESC, frequency
),
next_due AS (SELECT plan_id, min(due) AS due FROM periods WHERE due > %(today)s GROUP BY plan_id),
sent AS (  -- reports standing as sent
  SELECT r.id, r.period_id, r.agency_id, r.late, p.plan_id, p.due
  FROM report r JOIN periods p ON p.id = r.period_id WHERE r.status IN ('submitted', 'accepted')
),
items AS (
  SELECT i.id, i.task_id, i.status, i.completed_on, s.period_id, s.agency_id, s.late, s.due
  FROM report_item i JOIN sent s ON s.id = i.report_id WHERE i.role = 'lead'
),
first_done AS (
  SELECT DISTINCT ON (task_id) task_id, completed_on FROM items
  WHERE status = 'completed' AND completed_on IS NOT NULL
  ORDER BY task_id, due, agency_id, id
),
in_last AS (
  SELECT DISTINCT ON (i.task_id) i.task_id, i.status, i.late
  FROM items i JOIN last_due l ON l.id = i.period_id
  ORDER BY i.task_id,
    CASE i.status WHEN 'completed' THEN 3 WHEN 'in_progress' THEN 2 WHEN 'not_started' THEN 1 ELSE 0 END DESC,
    i.late
),
judged AS (
  SELECT t.plan_id, t.id AS task_id,
    CASE WHEN t.deadline_kind IN ('recurring', 'ongoing') THEN
      CASE
        WHEN l.id IS NULL THEN 'no_deadline'
        WHEN il.status = 'completed' THEN CASE WHEN il.late THEN 'completed_late' ELSE 'completed_on_time' END
        WHEN il.status = 'in_progress' AND NOT il.late THEN
          CASE WHEN n.due IS NULL THEN 'no_deadline' ELSE 'in_progress' END
        WHEN l.due < %(today)s THEN 'overdue'
        ELSE 'in_progress'
      END
    ELSE
      CASE
        WHEN fd.completed_on <= %(today)s THEN
          CASE WHEN fd.completed_on > dl.day THEN 'completed_late' ELSE 'completed_on_time' END
        WHEN dl.day IS NULL THEN
          CASE WHEN t.deadline_kind = 'event' THEN 'waiting_event' ELSE 'no_deadline' END
        WHEN dl.day < %(today)s THEN 'overdue'
        ELSE 'in_progress'
      END
    END AS status
  FROM task t
  CROSS JOIN LATERAL (SELECT CASE WHEN t.deadline_kind = 'event' THEN t.event_date + coalesce(t.event_days, 0)
                                  ELSE coalesce(t.deadline_date, t.deadline_end) END AS day) dl
  LEFT JOIN last_due l ON l.plan_id = t.plan_id
  LEFT JOIN next_due n ON n.plan_id = t.plan_id
  LEFT JOIN first_done fd ON fd.task_id = t.id
  LEFT JOIN in_last il ON il.task_id = t.id
  WHERE t.plan_id IN (SELECT id FROM plans)
),
task_counts AS (
  SELECT plan_id, status, count(*) AS n FROM judged GROUP BY plan_id, status
),
collecting AS (  -- the period being collected: the latest opened by the day
  SELECT DISTINCT ON (plan_id) plan_id, id, due FROM periods WHERE cutoff_start <= %(today)s
  ORDER BY plan_id, cutoff_end DESC, due DESC, frequency
),
counted AS (  -- sent reports of the agencies expected to report
  SELECT s.* FROM sent s JOIN reporters r ON r.plan_id = s.plan_id AND r.agency_id = s.agency_id
),
expected AS (SELECT plan_id, count(*) AS n FROM reporters GROUP BY plan_id),
received AS (
  SELECT c.plan_id, c.id AS period_id, coalesce(e.n, 0) AS expected, count(s.id) AS received,
         count(s.id) FILTER (WHERE s.late) AS late, c.due < %(today)s AS closed
  FROM collecting c LEFT JOIN expected e ON e.plan_id = c.plan_id LEFT JOIN counted s ON s.period_id = c.id
  GROUP BY c.plan_id, c.id, c.due, e.n
),
per_period AS (
  SELECT p.plan_id, p.id AS period_id, count(s.id) AS received, count(s.id) FILTER (WHERE s.late) AS late
  FROM periods p LEFT JOIN counted s ON s.period_id = p.id
  WHERE p.due <= %(today)s GROUP BY p.plan_id, p.id
),
task_leads AS (SELECT DISTINCT l.plan_id, l.task_id, n.body FROM lead l JOIN now_body n ON n.start = l.agency_id
               WHERE l.task_id IS NOT NULL),
tallies AS (
  SELECT r.plan_id, r.agency_id,
         count(*) FILTER (WHERE j.status = 'completed_on_time') AS on_time,
         count(*) FILTER (WHERE j.status = 'completed_late') AS late,
         count(*) FILTER (WHERE j.status = 'overdue') AS overdue
  FROM reporters r
  LEFT JOIN task_leads tl ON tl.plan_id = r.plan_id AND tl.body = r.agency_id
  LEFT JOIN judged j ON j.task_id = tl.task_id
  GROUP BY r.plan_id, r.agency_id
),
due_count AS (SELECT plan_id, count(*) AS n FROM periods WHERE due <= %(today)s GROUP BY plan_id),
on_time AS (
  SELECT plan_id, agency_id, count(*) AS n FROM sent WHERE due <= %(today)s AND NOT late GROUP BY plan_id, agency_id
),
rates AS (
  SELECT r.plan_id, r.agency_id, coalesce(d.n, 0) AS expected, coalesce(o.n, 0) AS on_time
  FROM reporters r LEFT JOIN due_count d ON d.plan_id = r.plan_id
  LEFT JOIN on_time o ON o.plan_id = r.plan_id AND o.agency_id = r.agency_id
),
scores AS (
  SELECT t.plan_id, t.agency_id, t.on_time, t.late, t.overdue,
    floor(10 * CASE
      WHEN t.on_time + t.late + t.overdue = 0 THEN ra.rate
      WHEN ra.rate IS NULL THEN tp.part
      ELSE 0.8 * tp.part + 0.2 * ra.rate END + 0.5) / 10 AS score
  FROM tallies t JOIN rates x ON x.plan_id = t.plan_id AND x.agency_id = t.agency_id
  CROSS JOIN LATERAL (SELECT CASE WHEN x.expected > 0 THEN x.on_time * 100.0 / x.expected END AS rate) ra
  CROSS JOIN LATERAL (SELECT CASE WHEN t.on_time + t.late + t.overdue > 0
    THEN 100.0 * (t.on_time + 0.5 * t.late) / (t.on_time + t.late + t.overdue) END AS part) tp
)
SELECT
  (SELECT coalesce(json_agg(json_build_array(plan_id, status, n)), '[]') FROM task_counts),
  (SELECT coalesce(json_agg(json_build_array(plan_id, period_id, expected, received, late, closed)), '[]')
     FROM received),
  (SELECT coalesce(json_agg(json_build_array(plan_id, period_id, received, late)), '[]') FROM per_period),
  (SELECT coalesce(json_agg(json_build_array(plan_id, agency_id, score, rank)), '[]') FROM (
     SELECT plan_id, agency_id, score,
            CASE WHEN score IS NOT NULL THEN rank() OVER (PARTITION BY plan_id ORDER BY score DESC NULLS LAST) END
              AS rank
     FROM scores) ranked)
"""

REVIEW = """
SELECT r.id, r.version, g.name, pe.label, pe.due, p.number
FROM report r JOIN period pe ON pe.id = r.period_id JOIN plan p ON p.id = pe.plan_id
JOIN agency g ON g.id = r.agency_id
WHERE r.status = 'submitted' AND (%(province)s::text IS NULL OR p.scope_province = %(province)s::text)
ORDER BY pe.due, r.id
"""

TASKS = """
SELECT t.id, t.code, t.title, t.deadline_text, t.deadline_kind, t.deadline_date,
       (SELECT string_agg(g.name, '; ') FROM assignment a JOIN agency g ON g.id = a.agency_id
        WHERE a.task_id = t.id AND a.role = 'lead') AS leads,
       count(*) OVER () AS total
FROM task t WHERE t.plan_id = %(plan)s ORDER BY t.id LIMIT 50
"""


def figures(
    conn: psycopg.Connection[Any], today: date, province: str | None, plan: int | None
) -> dict[str, Any]:
    row = conn.execute(FIGURES, {"today": today, "province": province, "plan": plan}).fetchone()
    assert row is not None
    tasks, collecting, per_period, scores = row
    return {"tasks": tasks, "collecting": collecting, "per_period": per_period, "scores": scores}


def timed(
    conn: psycopg.Connection[Any], queries: list[tuple[str, dict[str, Any]]], runs: int, budget: float = 30.0
) -> dict[str, Any]:
    """p50 and p95 of running the queries one after the other (a page's lower bound), after one run
    to warm the cache as the page had; at most `budget` seconds of runs."""
    times: list[float] = []
    for n in range(runs + 1):
        start = time.perf_counter()
        for sql, params in queries:
            conn.execute(sql, params).fetchall()
        if n > 0:
            times.append(time.perf_counter() - start)
            if sum(times) > budget:
                break
    return summary(times)


def summary(times: list[float]) -> dict[str, Any]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": statistics.median(ordered), "p95": p95, "n": len(ordered)}


def check(raw: dict[str, Any], evaluation: dict[str, Any], plan_id: int) -> list[str]:
    """Where the raw figures of a plan differ from the application's evaluation (none: they agree)."""
    differences = []
    mine = {status: n for p, status, n in raw["tasks"] if p == plan_id}
    if mine != evaluation["tasks"]["counts"]:
        differences.append(f"task counts: SQL {mine} ≠ app {evaluation['tasks']['counts']}")
    sql_scores = {a: (float(s) if s is not None else None, r) for p, a, s, r in raw["scores"] if p == plan_id}
    app_scores = {i["agency_id"]: (i["score"], i["rank"]) for i in evaluation["ranking"]["items"]}
    if sql_scores != app_scores:
        wrong = {a: (sql_scores.get(a), app_scores.get(a)) for a in sql_scores.keys() | app_scores.keys()}
        wrong = {a: v for a, v in wrong.items() if v[0] != v[1]}
        differences.append(f"scores (SQL, app) of {len(wrong)} agencies: {dict(list(wrong.items())[:3])}")
    sql_rates = {pe: (got, late) for p, pe, got, late in raw["per_period"] if p == plan_id}
    app_rates = {
        r["period_id"]: (r["received"], r["received"] - r["on_time"])
        for r in evaluation["reports"]["by_period"]
    }
    if sql_rates != app_rates:
        differences.append(
            f"reports per period differ in {sum(sql_rates.get(k) != v for k, v in app_rates.items())} periods"
        )
    return differences
