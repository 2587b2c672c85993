"""Every dev plan against its hand-checked gold, field by field, with the official scorer's rules.

Each (plan, measure) pair is a test that passes when the measure is perfect (1.0). The measures
still known wrong are listed in `known_wrong.yaml` and run as strict expected failures: a fix
turns its entry into a failure until the entry is removed, and a new error fails at once. So the
list is always the exact state of what dondoc still gets wrong on the plans it was built on.

After an intended change: `DONDOC_UPDATE_GOLDEN=1 make test` rewrites the list (read its diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from dev_plans import SCORER, dev_docs, extracted, gold_for, scorer

KNOWN_WRONG = Path(__file__).resolve().parent / "known_wrong.yaml"
UPDATE = os.environ.get("DONDOC_UPDATE_GOLDEN") == "1"
MEASURES = (
    "doc_number",
    "doc_signed_date",
    "doc_signer",
    "doc_implements_f1",
    "task_f1",
    "task_lead_acc",
    "task_coord_acc",
    "task_deadline_acc",
    "task_output_acc",
    "task_title_exact",
    "indicator_f1",
    "indicator_year_acc",
    "indicator_lead_acc",
    "indicator_target_acc",
    "reporting_f1",
)


def _known() -> dict[str, list[str]]:
    if not KNOWN_WRONG.exists():
        return {}
    return yaml.safe_load(KNOWN_WRONG.read_text(encoding="utf-8")) or {}


def _applies(gold: dict, measure: str) -> bool:
    """A measure applies when the gold has something for it to count."""
    doc = gold.get("document") or {}
    if measure.startswith("doc_"):
        field = measure[4:].removesuffix("_f1")
        return bool(doc.get(field))
    if measure.startswith("task_"):
        if measure == "task_output_acc":
            return any(t.get("output") for t in gold.get("tasks") or [])
        return bool(gold.get("tasks"))
    if measure.startswith("indicator_"):
        if measure == "indicator_lead_acc":
            return any(i.get("lead") for i in gold.get("indicators") or [])
        return bool(gold.get("indicators"))
    return bool(gold.get("reporting"))


def _cases() -> list:
    known = _known()
    cases = []
    for doc in dev_docs():
        gold = gold_for(doc)
        for measure in MEASURES:
            if not _applies(gold, measure):
                continue
            marks = []
            if measure in known.get(doc.name, []) and not UPDATE:
                marks.append(pytest.mark.xfail(strict=True, reason="known wrong (known_wrong.yaml)"))
            cases.append(pytest.param(doc, measure, marks=marks, id=f"{doc.name}:{measure}"))
    return cases


def _value(doc: Path, measure: str) -> float | None:
    tally = scorer().score(gold_for(doc), extracted(doc), 0.6)
    return tally.value(measure)


@pytest.mark.skipif(not SCORER.exists(), reason="../shared is not beside this checkout")
@pytest.mark.parametrize(("doc", "measure"), _cases())
def test_measure_is_perfect(doc: Path, measure: str) -> None:
    value = _value(doc, measure)
    assert value is None or value == pytest.approx(1.0), f"{doc.name} {measure}={value}"


@pytest.mark.skipif(not (SCORER.exists() and UPDATE), reason="only when regenerating")
def test_write_known_wrong_list() -> None:
    wrong: dict[str, list[str]] = {}
    for doc in dev_docs():
        gold = gold_for(doc)
        bad = [
            m for m in MEASURES if _applies(gold, m) and (v := _value(doc, m)) is not None and v < 1.0 - 1e-9
        ]
        if bad:
            wrong[doc.name] = bad
    header = "# Written by DONDOC_UPDATE_GOLDEN=1 make test (tests/ingest/test_gold_fields.py): the\n"
    header += "# measures that are not yet perfect on each dev plan, run as strict expected failures.\n"
    KNOWN_WRONG.write_text(
        header + yaml.safe_dump(wrong, allow_unicode=True, sort_keys=True), encoding="utf-8"
    )
