"""Golden files, as docling keeps them: the full extraction of the four unlabelled plans in
../shared/extra (Markdown and Word versions) is stored under tests/ingest/golden and compared
field by field, so that any change in what dondoc extracts from a real plan is seen in review.

After an intended change, regenerate with `DONDOC_UPDATE_GOLDEN=1 make test` and read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dondoc.ingest.extract import extract_file

EXTRA = Path(__file__).resolve().parents[3] / "shared" / "extra"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("DONDOC_UPDATE_GOLDEN") == "1"
PLANS = sorted(p for p in EXTRA.glob("*") if p.suffix in (".md", ".docx") and p.name != "README.md")


@pytest.mark.skipif(not PLANS, reason="../shared/extra is not beside this checkout")
@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_extraction_matches_golden_file(plan: Path) -> None:
    result = extract_file(plan)
    golden = GOLDEN / f"{plan.name}.json"
    text = json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if UPDATE or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {golden.name} was missing and has been written; review and commit it")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for key in ("document", "outline", "tasks", "indicators", "reporting", "warnings"):
        assert result.get(key) == expected.get(key), f"{plan.name}: '{key}' differs from {golden.name}"


@pytest.mark.skipif(not PLANS, reason="../shared/extra is not beside this checkout")
def test_word_and_markdown_versions_give_the_same_tasks() -> None:
    stems = sorted({p.stem for p in PLANS})
    for stem in stems:
        md, docx = EXTRA / f"{stem}.md", EXTRA / f"{stem}.docx"
        if not (md.exists() and docx.exists()):
            continue
        # the Word files carry a few literal asterisks where the Markdown has emphasis marks
        a = [(t["title"].replace("*", ""), t["lead"], t["deadline"]) for t in extract_file(md)["tasks"]]
        b = [(t["title"].replace("*", ""), t["lead"], t["deadline"]) for t in extract_file(docx)["tasks"]]
        assert a == b, stem
