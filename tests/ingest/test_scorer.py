"""The extraction, scored against the hand-checked gold answers by the official scorer
(../shared/eval/score_extraction.py) through the real CLI, with the floors of issue 2, and the
document facts (number, signed date, signer) right on every document that prints them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score_extraction.py"
CLI = Path(sys.executable).parent / "dondoc"

FLOORS = {
    "task_f1": 0.95,
    "task_lead_acc": 0.95,
    "task_deadline_acc": 0.95,
    "task_coord_acc": 0.90,
    "indicator_f1": 0.90,
    "indicator_target_acc": 0.90,
    "reporting_f1": 0.90,
}
EXACT_FACTS = ("doc_number", "doc_signed_date", "doc_signer")

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside this checkout")


@pytest.fixture(scope="module")
def scored() -> subprocess.CompletedProcess[str]:
    args = [sys.executable, str(SCORER), "--quiet", "--cmd", f"{CLI} extract {{path}} --json"]
    for name, floor in FLOORS.items():
        args += [f"--min-{name.replace('_', '-')}", str(floor)]
    return subprocess.run(args, capture_output=True, text=True, timeout=600)


def test_scorer_floors_on_the_five_seeds(scored: subprocess.CompletedProcess[str]) -> None:
    summary = [ln for ln in scored.stdout.splitlines() if ln.startswith(("SUMMARY", "TOTAL"))]
    assert scored.returncode == 0, "\n".join(summary) + scored.stderr[-2000:]


def test_document_facts_right_on_every_document(scored: subprocess.CompletedProcess[str]) -> None:
    total = next(ln for ln in scored.stdout.splitlines() if ln.startswith("TOTAL"))
    for fact in EXACT_FACTS:
        m = re.search(rf"{fact}=([\d.]+) \((\d+)/(\d+)\)", total)
        assert m, f"{fact} missing from: {total}"
        assert m.group(2) == m.group(3), f"{fact}: {m.group(0)}"
