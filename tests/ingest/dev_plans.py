"""The dev plans (the five seeds and the nine real plans of ../shared/extra in their three forms),
their hand-checked gold answers, and each plan's extraction computed once per test run.

Shared by the golden-file, gold-field, scorer-floor and form-equivalence tests, so that a PDF is
read once however many tests look at it.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType

from dondoc.ingest.extract import extract_file

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS, SEED_GOLD = SHARED / "seeds", SHARED / "gold"
EXTRA, EXTRA_GOLD = SHARED / "extra", SHARED / "extra" / "gold"
SCORER = SHARED / "eval" / "score_extraction.py"
FORMS = (".md", ".docx", ".pdf")


def seed_docs() -> list[Path]:
    return sorted(p for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def extra_docs(form: str | None = None) -> list[Path]:
    if not EXTRA_GOLD.is_dir():
        return []
    stems = sorted(p.stem for p in EXTRA_GOLD.glob("*.json"))
    forms = (form,) if form else FORMS
    return [EXTRA / f"{stem}{ext}" for stem in stems for ext in forms if (EXTRA / f"{stem}{ext}").exists()]


def dev_docs() -> list[Path]:
    return seed_docs() + extra_docs()


def gold_for(doc: Path) -> dict:
    folder = SEED_GOLD if doc.parent == SEEDS else EXTRA_GOLD
    return json.loads((folder / f"{doc.stem}.json").read_text(encoding="utf-8"))


@cache
def extracted(doc: Path) -> dict:
    return extract_file(doc)


@lru_cache(maxsize=1)
def scorer() -> ModuleType:
    """The official scorer (../shared/eval/score_extraction.py), imported to score in process."""
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def doc_id(doc: Path) -> str:
    return doc.name
