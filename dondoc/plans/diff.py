"""What changed between two versions of a plan: tasks and indicators added, removed, changed.

Rows are paired by the similarity of their text (rapidfuzz's token-set ratio, which ignores word
order and repeated words), best pairs first; a pair is "changed" when its lead, deadline or
targets differ. The same pairing carries a coordinator's work (mapped agencies) over when a new
version replaces the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from dondoc.plans.models import Indicator, Plan, Task

SAME_ROW = 80.0  # token-set similarity (0–100) above which two rows are the same task or measure


@dataclass
class PlanDiff:
    added_tasks: list[Task] = field(default_factory=list)
    removed_tasks: list[Task] = field(default_factory=list)
    changed_tasks: list[tuple[Task, Task, list[str]]] = field(default_factory=list)
    added_indicators: list[Indicator] = field(default_factory=list)
    removed_indicators: list[Indicator] = field(default_factory=list)
    changed_indicators: list[tuple[Indicator, Indicator, list[str]]] = field(default_factory=list)
    task_pairs: list[tuple[Task, Task]] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "tasks": {
                "added": len(self.added_tasks),
                "removed": len(self.removed_tasks),
                "changed": len(self.changed_tasks),
            },
            "indicators": {
                "added": len(self.added_indicators),
                "removed": len(self.removed_indicators),
                "changed": len(self.changed_indicators),
            },
        }


def pair(old: list, new: list, text) -> tuple[list[tuple], list, list]:
    """Greedy one-to-one pairing by similarity; returns (pairs, unpaired old, unpaired new)."""
    scored = sorted(
        (
            (fuzz.token_set_ratio(text(o), text(n)), i, j)
            for i, o in enumerate(old)
            for j, n in enumerate(new)
        ),
        reverse=True,
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score < SAME_ROW:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i], new[j]))
    return (
        pairs,
        [o for i, o in enumerate(old) if i not in used_old],
        [n for j, n in enumerate(new) if j not in used_new],
    )


def _task_changes(a: Task, b: Task) -> list[str]:
    changes = []
    if a.title != b.title:
        changes.append("title")
    if (a.deadline_kind, a.deadline_date, a.deadline_start, a.deadline_end, a.deadline_freq) != (
        b.deadline_kind,
        b.deadline_date,
        b.deadline_start,
        b.deadline_end,
        b.deadline_freq,
    ):
        changes.append("deadline")
    lead = lambda t: sorted(x.name_as_written for x in t.assignments if x.role == "lead")  # noqa: E731
    if lead(a) != lead(b):
        changes.append("lead")
    return changes


def _indicator_changes(a: Indicator, b: Indicator) -> list[str]:
    key = lambda i: sorted((t.comparator, t.value, t.value_max) for t in i.targets)  # noqa: E731
    changes = []
    if a.year != b.year:
        changes.append("year")
    if key(a) != key(b):
        changes.append("targets")
    return changes


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    result = PlanDiff()
    pairs, result.removed_tasks, result.added_tasks = pair(old.tasks, new.tasks, lambda t: t.title)
    result.task_pairs = pairs
    for a, b in pairs:
        changes = _task_changes(a, b)
        if changes:
            result.changed_tasks.append((a, b, changes))
    ipairs, result.removed_indicators, result.added_indicators = pair(
        old.indicators, new.indicators, lambda i: f"{i.text} {i.year}"
    )
    for a, b in ipairs:
        changes = _indicator_changes(a, b)
        if changes:
            result.changed_indicators.append((a, b, changes))
    return result
