"""The extraction, scored against the hand-checked gold answers by the official scorer
(../shared/eval/score_extraction.py) through the real CLI, with the floors of issue 2."""

from __future__ import annotations

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


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside this checkout")
def test_scorer_floors_on_the_five_seeds() -> None:
    args = [sys.executable, str(SCORER), "--quiet", "--cmd", f"{CLI} extract {{path}} --json"]
    for name, floor in FLOORS.items():
        args += [f"--min-{name.replace('_', '-')}", str(floor)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=600)
    summary = [ln for ln in out.stdout.splitlines() if ln.startswith(("SUMMARY", "TOTAL"))]
    assert out.returncode == 0, "\n".join(summary) + out.stderr[-2000:]
