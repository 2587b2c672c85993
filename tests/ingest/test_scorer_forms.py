"""The nine real plans of ../shared/extra in each of their three forms (.md, .docx, .pdf), scored
with the official scorer's rules in process, against the floors of the extraction issue; and the
three forms of every plan giving the same tasks (codes, titles, leads, deadlines)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dev_plans import FORMS, SCORER, extra_docs, extracted, gold_for, scorer

# The floors the extraction must keep on every form (the acceptance figures).
FLOORS = {
    "task_f1": 0.95,
    "task_lead_acc": 0.95,
    "task_deadline_acc": 0.95,
    "indicator_f1": 0.90,
    "indicator_target_acc": 0.90,
    "reporting_f1": 0.85,
    "flag_recall": 0.80,
}
FLAG_RATE_MAX = 0.20

pytestmark = pytest.mark.skipif(
    not (SCORER.exists() and extra_docs()), reason="../shared is not beside this checkout"
)


def _total(form: str):
    module = scorer()
    total = module.Tally()
    for doc in extra_docs(form):
        total.merge(module.score(gold_for(doc), extracted(doc), 0.6))
    return total


@pytest.mark.parametrize("form", FORMS)
def test_floors_on_the_extra_plans(form: str) -> None:
    total = _total(form)
    below = {m: total.value(m) for m, floor in FLOORS.items() if (total.value(m) or 0.0) < floor}
    assert below == {}, f"{form}: " + " ".join(total.describe(m) for m in [*FLOORS, "flag_rate"])
    assert (total.value("flag_rate") or 0.0) <= FLAG_RATE_MAX, total.describe("flag_rate")


def _tasks(doc: Path) -> list[tuple]:
    norm = scorer().norm
    return [(t["code"], norm(t["title"]), t["lead"], t["deadline"]) for t in extracted(doc)["tasks"]]


@pytest.mark.parametrize("stem", sorted({d.stem for d in extra_docs()}))
def test_three_forms_give_the_same_tasks(stem: str) -> None:
    docs = [d for d in extra_docs() if d.stem == stem]
    first, *others = docs
    for other in others:
        a, b = _tasks(first), _tasks(other)
        diff = [(x, y) for x, y in zip(a, b, strict=False) if x != y][:3]
        assert (len(a), diff) == (len(b), []), f"{first.name} vs {other.name}"
