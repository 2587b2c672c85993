"""A province's plans and their reports, as rows (pure: no database, no clock; see
bench/national_rows.py for the tables and the agencies).

A plan is what an imported, activated plan becomes in dondoc: sections, ~107 tasks with deadlines
of every kind the extractor gives (a date, a range, recurring, ongoing, an event), their lead and
coordinating agencies named as on the day the plan was signed, ~10 indicators with targets, a
reporting duty, and the periods the app itself generates for it (`plan_span`, `period_specs`).
Its reports come from the body that answered for the work on each period's due day (Sở Thông tin
và Truyền thông until February 2025, Sở Khoa học và Công nghệ after), one item per task the body
leads, whose status moves forward from one report to the next as an officer's would: a one-off task
is in progress until the day it was done and completed from then on, so the app finds the same
completion day in every later report.

`province_rows` is the entry point: one province, its own random stream (seed and name), so a
database grown from 4 to 16 provinces holds the same first four as one generated with 16."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from national_rows import (
    MERGED,
    REORGANISED,
    Body,
    Ids,
    Sink,
    agencies,
    answers,
    current_body,
    local_today,
    plans_in,
    sha,
    slug,
    start_of,
    unit_name,
    users,
)
from national_vocab import (
    INDICATORS,
    LEADS_AFTER,
    LEADS_BEFORE,
    LEVELS,
    NARRATIVES,
    OUTPUTS,
    PLAN_THEMES,
    REFERENCES,
    RETURN_COMMENTS,
    SECTIONS,
    TASK_GROUPS,
    TASK_OBJECTS,
    TASK_PLACES,
    TASK_VERBS,
)

from dondoc.core.text import search_key
from dondoc.reporting.periods import PeriodSpec, period_specs
from dondoc.reporting.service_periods import plan_span

ROMAN = ("I", "II", "III", "IV")


@dataclass
class PlanShape:
    """The random choices of a plan that its size depends on."""

    signed: date
    origin: str  # the province the document names (a merged one before July 2025)
    last_year: int  # of its deadlines: the plan's periods run to 14 December of that year
    n_tasks: int
    n_leads: int
    frequencies: list[str]
    due_day: int | None


def plan_shape(rnd: random.Random, province: str, absorbed: list[str]) -> PlanShape:
    # Most plans were signed around the start of 2023 (three years and more of reports); some later.
    if rnd.random() < 0.85:
        signed = date(2022, 11, 1) + timedelta(days=rnd.randint(0, 150))
    else:
        signed = date(2023, 4, 1) + timedelta(days=rnd.randint(0, 800))
    origin = rnd.choice([province, *absorbed]) if signed < MERGED else province
    roll = rnd.random()
    frequencies = ["monthly"] if roll < 0.6 else ["quarterly"] if roll < 0.8 else ["monthly", "quarterly"]
    return PlanShape(
        signed=signed,
        origin=origin,
        last_year=rnd.choice((2025, 2025, 2026, 2027)),
        n_tasks=rnd.randint(86, 128),
        n_leads=rnd.randint(11, 15),
        frequencies=frequencies,
        due_day=rnd.choice((None, None, 15, 20, 25)),
    )


def deadline_of(rnd: random.Random, signed: date, last_year: int) -> dict[str, Any]:
    """A deadline of each kind the extractor gives, with the text a plan writes for it."""
    roll = rnd.random()
    first_year = signed.year + (signed.month >= 10)  # a plan signed in November plans from January
    year = rnd.randint(first_year, last_year)
    if roll < 0.16:
        month = rnd.randint(1, 12)
        end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        return {"kind": "date", "date": end, "text": f"Tháng {month}/{year}"}
    if roll < 0.30:
        q = rnd.randint(1, 4)
        end = date(year + (q == 4), (3 * q) % 12 + 1, 1) - timedelta(days=1)
        return {"kind": "date", "date": end, "text": f"Quý {ROMAN[q - 1]}/{year}"}
    if roll < 0.42:
        return {"kind": "date", "date": date(year, 12, 31), "text": f"Năm {year}"}
    if roll < 0.48:
        day = date(year, rnd.randint(1, 12), rnd.randint(1, 28))
        return {"kind": "date", "date": day, "text": f"{day.day}/{day.month}/{day.year}"}
    if roll < 0.60:
        first = rnd.randint(first_year, max(first_year, last_year - 1))
        end = date(last_year, 12, 31)
        return {"kind": "range", "start": date(first, 1, 1), "end": end, "text": f"{first}-{last_year}"}
    if roll < 0.80:
        freq, text = rnd.choice((("yearly", "Hằng năm"),) * 3 + (("quarterly", "Hằng quý"),))
        return {"kind": "recurring", "freq": freq, "start": date(signed.year, 1, 1), "text": text}
    if roll < 0.94:
        return {"kind": "ongoing", "text": rnd.choice(("Thường xuyên", "Nhiệm vụ thường xuyên"))}
    phrase = rnd.choice(("Sau khi Đề án được Chính phủ ban hành", "Ngay khi Bộ Công an ban hành hướng dẫn"))
    recorded = rnd.random() < 0.6  # a coordinator recorded the event; the others still wait
    event = signed + timedelta(days=rnd.randint(60, 500)) if recorded else None
    return {"kind": "event", "text": phrase, "event": event, "days": 90 if recorded else None}


def one_off_deadline(d: dict[str, Any]) -> date | None:
    """The day a one-off task is judged by, as `scoring.service.one_off_deadline` reads it."""
    if d["kind"] == "event":
        return d["event"] + timedelta(days=d["days"]) if d.get("event") else None
    return d.get("date") or d.get("end")


@dataclass
class TaskPlan:
    """What the reports will say of one task."""

    id: int
    lead: int | None  # None: the collective "Các sở, ban, ngành" (every department reports it)
    periodic: bool
    deadline: date | None
    started_on: date
    done_on: date | None = None
    not_feasible_from: date | None = None


def task_plan(
    rnd: random.Random, task_id: int, lead: int | None, d: dict[str, Any], signed: date, today: date
) -> TaskPlan:
    """When a task starts and whether, and when, it gets done: most one-off tasks are done, about
    four in five of those by their deadline; a few turn out not to be feasible."""
    periodic = d["kind"] in ("recurring", "ongoing")
    deadline = None if periodic else one_off_deadline(d)
    task = TaskPlan(task_id, lead, periodic, deadline, signed + timedelta(days=rnd.randint(0, 120)))
    if periodic:
        return task
    if rnd.random() < 0.02:
        task.not_feasible_from = task.started_on + timedelta(days=rnd.randint(60, 400))
    elif rnd.random() < 0.78:
        base = deadline or task.started_on + timedelta(days=rnd.randint(120, 700))
        done = base + timedelta(days=round(rnd.gauss(-40, 55)))
        task.done_on = max(done, task.started_on + timedelta(days=20))
        if task.done_on > today:
            task.done_on = None
    return task


def item_state(
    rnd: random.Random, task: TaskPlan, period_end: date, today: date
) -> tuple[str, float | None, date | None]:
    """(status, progress, completed on) of a task in a report whose data ends on `period_end`."""
    if task.not_feasible_from and period_end >= task.not_feasible_from:
        return "not_feasible", None, None
    if task.periodic:  # judged anew each period
        roll = rnd.random()
        if roll < 0.45:
            return "completed", 100.0, period_end
        return (
            ("in_progress", float(rnd.randint(4, 18) * 5), None)
            if roll < 0.93
            else ("not_started", 0.0, None)
        )
    if task.done_on and task.done_on <= period_end:
        return "completed", 100.0, task.done_on
    if period_end < task.started_on:
        return "not_started", 0.0, None
    span = max(((task.done_on or task.deadline or today) - task.started_on).days, 30)
    share = min(0.95, (period_end - task.started_on).days / span)
    return "in_progress", float(max(5, round(20 * share) * 5)), None


def report_status(rnd: random.Random, due: date, today: date) -> str | None:
    """The status of an agency's report for a period due on `due` (None: nothing was opened)."""
    age = (today - due).days
    roll = rnd.random()
    if age > 60:  # long past: reviewed, with a few gaps and a few still waiting in the queue
        steps: tuple[tuple[str, float], ...] = (
            ("accepted", 0.88),
            ("returned", 0.905),
            ("submitted", 0.915),
            ("draft", 0.93),
        )
    elif age >= 0:  # the last two months: the coordinators are still reviewing
        steps = (("accepted", 0.35), ("submitted", 0.75), ("returned", 0.8), ("draft", 0.9))
    else:  # the period open today
        steps = (("draft", 0.3), ("submitted", 0.4))
    return next((status for status, p in steps if roll < p), None)


def sending(rnd: random.Random, due: date, now: datetime) -> tuple[datetime, bool]:
    """When a report was first sent and whether that was after its due day (about one in seven)."""
    late = rnd.random() < 0.15
    days = rnd.randint(1, 20) if late else -rnd.randint(0, 10)
    moment = datetime(due.year, due.month, due.day, rnd.randint(1, 9), rnd.randint(0, 59), tzinfo=UTC)
    moment += timedelta(days=days)
    if moment > now:
        moment = now - timedelta(hours=rnd.randint(1, 48))
    return moment, moment.date() > due  # the app's rule: sent after the due day (UTC+7 aside)


def value_on(rnd: random.Random, target: dict[str, Any], on: date) -> float:
    """A target's value on a day: from its base in 2023 towards its goal at its own pace, with a
    little noise (figures move slowly; a jump would need a note, as the service asks)."""
    years = (on - date(2023, 1, 1)).days / 365.25
    horizon = max(1.0, target["year"] - 2022)
    reached = target["base"] + (target["goal"] - target["base"]) * target["pace"] * min(years / horizon, 1.3)
    value = reached * (1 + rnd.uniform(-0.02, 0.02))
    if target["rank"]:
        return float(max(1, round(value)))
    return round(min(100.0, max(0.0, value)) if target["unit"].startswith("%") else max(0.0, value), 1)


def periods_of(shape: PlanShape, deadlines: list[dict[str, Any]]) -> Iterator[PeriodSpec]:
    """The periods dondoc generates for the plan on activation (`plan_span`, `period_specs`)."""
    tasks = [
        SimpleNamespace(deadline_start=d.get("start"), deadline_date=d.get("date"), deadline_end=d.get("end"))
        for d in deadlines
    ]
    plan: Any = SimpleNamespace(signed_date=shape.signed, tasks=tasks, indicators=[])
    start, end = plan_span(None, plan)  # the rule reads the plan only, not the session
    for freq in shape.frequencies:
        yield from period_specs(freq, start=start, end=end, due_day=shape.due_day)


@dataclass
class Context:
    """One province being written."""

    sink: Sink
    ids: Ids
    rnd: random.Random
    province: str
    kind: str
    absorbed: list[str]
    bodies: dict[str, dict[str, Body]]
    by_id: dict[int, Body]
    answers_for: dict[int, set[int]]  # a body → itself and every body it succeeded, transitively
    collective: int | None
    coordinator: str
    today: date  # the day the data reaches: the periods opened by then have reports
    now: datetime  # the start of that day; no row is written later


def province_rows(
    sink: Sink,
    ids: Ids,
    *,
    province: str,
    kind: str,
    absorbed: list[str],
    scale: float,
    seed: int,
    password_hash: str,
    collective: int | None = None,
    today: date | None = None,
) -> None:
    """Every row of one province: agencies, users, plans and their reports, up to `today` (default:
    today in Vietnam; the same seed and day give the same rows)."""
    today = today or local_today()
    now = start_of(today)
    bodies = agencies(sink, ids, province, kind, absorbed, now)
    users(sink, ids, province, bodies, password_hash, now)
    by_id = {b.id: b for place in bodies.values() for b in place.values()}
    rnd = random.Random(f"{seed}/{province}")
    coordinator = f"dp-{slug(province)}"
    ctx = Context(
        sink,
        ids,
        rnd,
        province,
        kind,
        absorbed,
        bodies,
        by_id,
        answers(by_id),
        collective,
        coordinator,
        today,
        now,
    )
    for number in range(plans_in(province, scale)):
        write_plan(ctx, number)


def write_plan(ctx: Context, number: int) -> None:
    rnd, ids, add = ctx.rnd, ctx.ids, ctx.sink.add
    shape = plan_shape(rnd, ctx.province, ctx.absorbed)
    unit = unit_name(shape.origin, ctx.kind if shape.origin == ctx.province else "tỉnh")
    bodies = ctx.bodies[shape.origin]
    names = LEADS_BEFORE if shape.signed < REORGANISED else LEADS_AFTER
    # The coordinating office leads the most tasks; the others are drawn from the day's bodies.
    leads = [bodies[names[0]]] + [
        bodies[k] for k in rnd.sample(names[1:], min(shape.n_leads, len(names)) - 1)
    ]
    plan_id = ids.take("plan")
    theme = rnd.choice(PLAN_THEMES)
    title = f"Kế hoạch {theme[0].lower()}{theme[1:]} {unit} giai đoạn {shape.signed.year + (shape.signed.month > 6)}-{shape.last_year}"
    lines: list[list[Any]] = []  # the source as read: [line number, text], as an import keeps it
    tasks: list[TaskPlan] = []
    deadlines: list[dict[str, Any]] = []

    def line(text: str) -> int:
        lines.append([len(lines) + 1, text])
        return len(lines)

    for text in (f"ỦY BAN NHÂN DÂN {unit.upper()}", f"Số: {100 + number}/KH-UBND", "KẾ HOẠCH", title):
        line(text)
    for code, heading, kind in SECTIONS:
        add("section", ids.take("section"), plan_id, code, 1, heading, kind, line(f"{code}. {heading}"))
        if kind != "tasks":
            continue
        groups = rnd.sample(TASK_GROUPS, rnd.randint(4, 6))
        tasks, deadlines = write_tasks(ctx, plan_id, shape, leads, (code, groups), unit, line)
    targets = write_indicators(ctx, plan_id, leads, line)
    for reference in rnd.sample(REFERENCES, 2):
        add("plan_reference", ids.take("plan_reference"), plan_id, "implements", reference)
    recipient = bodies[names[0]].name
    due_text = f"trước ngày {shape.due_day} của tháng cuối kỳ" if shape.due_day else None
    duty_id = ids.take("reporting_duty")
    frequency = json.dumps(shape.frequencies)
    add(
        "reporting_duty",
        duty_id,
        plan_id,
        "Các sở, ban, ngành",
        recipient,
        frequency,
        shape.due_day,
        due_text,
    )
    line(f"Định kỳ báo cáo kết quả thực hiện về {recipient} {due_text or ''}".strip())
    signer = rnd.choice(("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Đức", "Hoàng Thị Hà"))
    row = (plan_id, f"{100 + number}/KH-UBND", "Kế hoạch", title, f"UBND {unit}", shape.origin, ctx.province)
    source = json.dumps(lines, ensure_ascii=False)
    digest = sha("bench-national", ctx.province, number)
    add(
        "plan",
        *row,
        shape.signed,
        signer,
        f"kh-{slug(ctx.province)}-{number + 1}.pdf",
        digest,
        "active",
        source,
        ctx.now,
        ctx.now,
    )
    for spec in periods_of(shape, deadlines):
        period_id = ids.take("period")
        named = (period_id, plan_id, duty_id, spec.frequency, spec.key, spec.label_vi, spec.cutoff_start)
        add("period", *named, spec.cutoff_end, spec.due, False, ctx.now, ctx.now)
        if spec.cutoff_start <= ctx.today:
            write_reports(ctx, period_id, spec, tasks, targets)


def write_tasks(
    ctx: Context,
    plan_id: int,
    shape: PlanShape,
    leads: list[Body],
    part: tuple[str, list[str]],
    unit: str,
    line: Any,
) -> tuple[list[TaskPlan], list[dict[str, Any]]]:
    """The tasks part: a subsection per group of tasks, each task under its group as the outline
    reads (`III.2` holds tasks 2.14, 2.15 …), with its lead and coordinating agencies."""
    rnd, ids, add = ctx.rnd, ctx.ids, ctx.sink.add
    part_code, groups = part
    tasks, deadlines = [], []
    for t in range(shape.n_tasks):
        group = t * len(groups) // shape.n_tasks + 1
        if t == 0 or group != (t - 1) * len(groups) // shape.n_tasks + 1:
            title = groups[group - 1]
            heading = (ids.take("section"), plan_id, f"{part_code}.{group}", 2, title, None)
            add("section", *heading, line(f"{group}. {title}"))
        code = f"{group}.{t + 1}"
        place = rnd.choice(TASK_PLACES).format(unit=unit, start=shape.signed.year, end=shape.last_year)
        title = f"{rnd.choice(TASK_VERBS)} {rnd.choice(TASK_OBJECTS)} {place}".strip()
        d = deadline_of(rnd, shape.signed, shape.last_year)
        deadlines.append(d)
        collective = ctx.collective is not None and rnd.random() < 0.01
        lead = None if collective else (leads[0] if rnd.random() < 0.12 else rnd.choice(leads[1:]))
        helpers = rnd.sample([b for b in leads if b is not lead], rnd.choice((0, 1, 1, 2, 2, 3)))
        lead_name = "Các sở, ban, ngành" if lead is None else lead.name
        text = f"{code}. {title}. Chủ trì: {lead_name}; phối hợp: {', '.join(b.name for b in helpers) or '—'}; thời gian: {d['text']}"
        task_id = ids.take("task")
        row: tuple[Any, ...] = (
            task_id,
            plan_id,
            code,
            f"{part_code}.{group}",
            title,
            rnd.choice(OUTPUTS),
            d["text"],
            d["kind"],
        )
        row += (d.get("date"), d.get("start"), d.get("end"), d.get("freq"))
        row += (d["text"] if d["kind"] == "event" else None, d.get("event"), d.get("days"))
        add("task", *row, line(text), search_key(title), ctx.now, ctx.now)
        add(
            "assignment",
            ids.take("assignment"),
            task_id,
            None,
            lead.id if lead else ctx.collective,
            lead_name,
            "lead",
        )
        for helper in helpers:
            add("assignment", ids.take("assignment"), task_id, None, helper.id, helper.name, "coordinating")
        tasks.append(task_plan(rnd, task_id, lead.id if lead else None, d, shape.signed, ctx.today))
    return tasks, deadlines


def write_indicators(ctx: Context, plan_id: int, leads: list[Body], line: Any) -> list[dict[str, Any]]:
    """The plan's indicators and targets; the numeric targets, with the path their values take."""
    rnd, ids, add = ctx.rnd, ctx.ids, ctx.sink.add
    out = []
    for i, (text, unit, comparator, goals, bases, rank) in enumerate(
        rnd.sample(INDICATORS, rnd.randint(8, 12)), 1
    ):
        indicator_id = ids.take("indicator")
        year = rnd.choice((2025, 2025, 2030))
        add(
            "indicator",
            indicator_id,
            plan_id,
            f"{i}",
            f"{text} đến năm {year}",
            year,
            line(f"({i}) {text}"),
            search_key(text),
            ctx.now,
            ctx.now,
        )
        lead = leads[0] if rnd.random() < 0.4 else rnd.choice(leads[1:6])
        add("assignment", ids.take("assignment"), None, indicator_id, lead.id, lead.name, "lead")
        levels = LEVELS[: rnd.choice((1, 1, 1, 2, 3))] if unit == "%" else LEVELS[:1]
        for level, words in levels:
            target_id = ids.take("target")
            if rnd.random() < 0.06:  # a qualitative target: no value to report
                add(
                    "target",
                    target_id,
                    indicator_id,
                    words,
                    None,
                    "text",
                    None,
                    None,
                    level,
                    "Cơ bản hoàn thành",
                )
                continue
            goal = float(rnd.randint(*goals))
            ranged = comparator == ">=" and unit == "%" and goal <= 90 and rnd.random() < 0.1
            top = goal + 10 if ranged else None
            add(
                "target",
                target_id,
                indicator_id,
                words,
                unit,
                "range" if ranged else comparator,
                goal,
                top,
                level,
                None,
            )
            out.append(
                {
                    "indicator": indicator_id,
                    "target": target_id,
                    "lead": lead.id,
                    "unit": unit,
                    "rank": rank,
                    "year": year,
                    "base": float(rnd.randint(*bases)),
                    "goal": goal + 5 if ranged else goal,
                    "pace": rnd.uniform(0.6, 1.25),
                }
            )
    return out


def write_reports(
    ctx: Context, period_id: int, spec: PeriodSpec, tasks: list[TaskPlan], targets: list[dict[str, Any]]
) -> None:
    """A report from each body that carried the plan's work on the period's due day, with what
    `reporting.service.open_report` would put in it: an item per task led by the body, by one of
    its predecessors (any day: `with_predecessors` does not look at dates) or by a collective it
    belongs to, and a line per numeric target it monitors on the same terms."""
    rnd, ids, add = ctx.rnd, ctx.ids, ctx.sink.add
    leads = {t.lead for t in tasks if t.lead is not None} | {t["lead"] for t in targets}
    mine: dict[int, tuple[list[TaskPlan], list[dict[str, Any]]]] = {}
    for agency_id in sorted({current_body(ctx.by_id, lead, spec.due) for lead in leads}):
        answers = ctx.answers_for[agency_id]
        own = [t for t in tasks if t.lead is None or t.lead in answers]
        mine[agency_id] = (own, [t for t in targets if t["lead"] in answers])
    for agency_id, (own, values) in sorted(mine.items()):
        status = report_status(rnd, spec.due, ctx.today)
        if status is None:
            continue
        report_id = ids.take("report")
        opened = datetime.combine(spec.cutoff_end, datetime.min.time(), UTC) - timedelta(
            days=rnd.randint(0, 5)
        )
        sent = late = reviewed = reviewer = comment = None
        version = rnd.randint(1, 2)
        if status != "draft":
            sent, late = sending(rnd, spec.due, ctx.now)
            opened = min(opened, sent - timedelta(hours=2))
            version += 1
        if status in ("accepted", "returned") and sent is not None:
            reviewed = min(ctx.now, sent + timedelta(days=rnd.randint(1, 10), hours=rnd.randint(0, 8)))
            reviewer, version = ctx.coordinator, version + 1
            comment = rnd.choice(RETURN_COMMENTS) if status == "returned" else None
        opened = min(opened, ctx.now - timedelta(hours=1))
        changed = max(x for x in (opened, sent, reviewed) if x is not None)
        row = (
            report_id,
            period_id,
            agency_id,
            status,
            version,
            sent,
            sent,
            bool(late),
            comment,
            reviewed,
            reviewer,
        )
        add("report", *row, opened, changed)
        for task in own:
            state, progress, done = item_state(rnd, task, spec.cutoff_end, ctx.today)
            narrative = rnd.choice(NARRATIVES) if rnd.random() < 0.5 else None
            reason = "Chưa được bố trí kinh phí thực hiện" if state == "not_feasible" else None
            evidence = (
                f"{rnd.randint(1, 999)}/QĐ-UBND" if state == "completed" and rnd.random() < 0.6 else None
            )
            add(
                "report_item",
                ids.take("report_item"),
                report_id,
                task.id,
                "lead",
                state,
                progress,
                narrative,
                reason,
                done,
                evidence,
            )
        for target in values:
            value = value_on(rnd, target, spec.cutoff_end) if rnd.random() < 0.92 else None
            add(
                "indicator_value",
                ids.take("indicator_value"),
                report_id,
                target["indicator"],
                target["target"],
                value,
                None,
                None,
            )
