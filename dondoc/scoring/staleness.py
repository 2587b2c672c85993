"""Marking a plan's stored figures stale in the transaction of the write that changes what they
are computed from (a report sent or reviewed, a task corrected, a period opened, an agency's
succession recorded), whichever domain's code made the write.

One ORM flush hook does it rather than a call in every write path: a path that forgot the call
would leave a page showing figures that no longer hold, with nothing to tell. Bulk statements that
bypass the ORM are not seen: their code calls `mark_plans` (a report's submission does); the
refresh job recomputes every plan once a day anyway."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction

from dondoc.agencies.models import Agency, AgencySuccession
from dondoc.plans.models import Assignment, Indicator, Plan, ReportingDuty, Target, Task
from dondoc.reporting.models import IndicatorValue, Period, Report, ReportItem
from dondoc.scoring import repository

# Which key of a changed row names what it belongs to: the plan, a period, a report, a task or an
# indicator (the repository turns these into plan ids in one statement).
KEY_OF: dict[type, tuple[str, str]] = {
    Plan: ("plans", "id"),
    Task: ("plans", "plan_id"),
    Indicator: ("plans", "plan_id"),
    ReportingDuty: ("plans", "plan_id"),
    Period: ("plans", "plan_id"),
    Report: ("periods", "period_id"),
    ReportItem: ("reports", "report_id"),
    IndicatorValue: ("reports", "report_id"),
    Target: ("indicators", "indicator_id"),
}
# Rows every plan's figures depend on: who answers for whom.
EVERY_PLAN = (Agency, AgencySuccession)


def changed_keys(objects: list[Any]) -> dict[str, set[int]] | None:
    """What the changed rows belong to, by kind; None when every plan is concerned."""
    keys: dict[str, set[int]] = {
        "plans": set(),
        "periods": set(),
        "reports": set(),
        "tasks": set(),
        "indicators": set(),
    }
    for obj in objects:
        if isinstance(obj, EVERY_PLAN):
            return None
        if isinstance(obj, Assignment):
            if obj.task_id is not None:
                keys["tasks"].add(obj.task_id)
            if obj.indicator_id is not None:
                keys["indicators"].add(obj.indicator_id)
            continue
        kind = KEY_OF.get(type(obj))
        if kind is not None and (value := getattr(obj, kind[1], None)) is not None:
            keys[kind[0]].add(value)
    return keys


# What this transaction has marked already, in `session.info`: a request that flushes a report
# five times marks its plan once. Safe because a marked row stays locked until the transaction
# ends (`repository.mark_stale`): no refresh can claim it in between. Cleared when any
# transaction or savepoint ends (a savepoint rolled back takes its mark with it).
MARKED = "dondoc.stale_marked"
EVERYTHING = ("all", 0)


def _after_flush(session: Session, _context: UOWTransaction) -> None:
    # After the flush every new row has its id and foreign keys; `new`, `dirty` and `deleted`
    # still list what the flush wrote.
    objects = [*session.new, *session.deleted, *(o for o in session.dirty if session.is_modified(o))]
    if not objects:
        return
    marked: set[tuple[str, int]] = session.info.setdefault(MARKED, set())
    if EVERYTHING in marked:
        return
    keys = changed_keys(objects)
    if keys is None:
        repository.mark_stale(session, None)
        marked.add(EVERYTHING)
        return
    fresh = {(kind, key) for kind, values in keys.items() for key in values} - marked
    if not fresh:
        return
    by_kind: dict[str, set[int]] = {kind: set() for kind in keys}
    for kind, key in fresh:
        by_kind[kind].add(key)
    repository.mark_stale(session, repository.plan_ids_of(**by_kind))
    marked |= fresh


def mark_plans(session: Session, plan_ids: set[int]) -> None:
    """Mark these plans' figures stale now, for a write that bypasses the ORM's flush (a report's
    submission is one UPDATE statement): what the hook would have done, once per transaction."""
    marked: set[tuple[str, int]] = session.info.setdefault(MARKED, set())
    if EVERYTHING in marked:
        return
    fresh = {("plans", plan_id) for plan_id in plan_ids} - marked
    if fresh:
        repository.mark_plans_stale(session, {plan_id for _kind, plan_id in fresh})
        marked |= fresh


def _forget_marked(session: Session, _transaction: SessionTransaction) -> None:
    session.info.pop(MARKED, None)


def install() -> None:
    """Watch every session's flushes (idempotent); dondoc.models calls it, so every unit of work
    with the full metadata has it."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_transaction_end", _forget_marked)
