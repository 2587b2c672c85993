"""Document facts of the five seed plans equal the hand-checked gold: number, kind, issuer,
province, signed date, signer, documents implemented and plans replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dondoc.ingest.extract import extract_file

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT.parent / "shared" / "gold"
SEEDS = sorted((ROOT / "examples" / "plans").glob("*.txt"))


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not beside this checkout")
@pytest.mark.parametrize("plan", SEEDS, ids=lambda p: p.name[:3])
def test_document_facts_equal_gold(plan: Path) -> None:
    gold = json.loads((GOLD / f"{plan.stem}.json").read_text(encoding="utf-8"))["document"]
    got = extract_file(plan)["document"]
    for key in ("number", "kind", "issuer", "province", "signed_date", "signer"):
        assert got[key] == gold[key], key
    assert sorted(got["implements"]) == sorted(gold["implements"])
    assert sorted(got["replaces"]) == sorted(gold["replaces"])
