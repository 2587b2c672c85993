"""Importing the example plans: stored as drafts with what the extractor read, assignees mapped
to the registry (unknown names kept and listed), re-import a no-op, activation audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import WORLD_PLANS, seed_registry
from sqlalchemy import func, select

from dondoc.audit.models import AuditEvent
from dondoc.ingest.errors import ExtractionError
from dondoc.ingest.extract import extract_file
from dondoc.plans.models import Assignment, Plan, Task
from dondoc.plans.service import ImportRefused, PlanError, activate, import_draft, import_plan

PLANS = sorted((Path(__file__).resolve().parents[2] / "examples" / "plans").glob("*.txt"))
# The world holds plan 103 already (conftest.py): its first import is made on the empty database.
FIRST_IMPORTS = [
    pytest.param(p, marks=pytest.mark.empty_database) if p.name in WORLD_PLANS else p for p in PLANS
]


@pytest.mark.parametrize("path", FIRST_IMPORTS, ids=lambda p: p.name[:3])
def test_import_stores_what_was_extracted(session, path: Path) -> None:
    seed_registry(session)
    expected = extract_file(path)
    result = import_plan(session, path, actor="test")
    plan = result.plan
    assert result.created and plan.status == "draft"
    assert len(plan.tasks) == len(expected["tasks"])
    assert len(plan.indicators) == len(expected["indicators"])
    assert len(plan.duties) == len(expected["reporting"])
    assert plan.number == expected["document"]["number"]
    named = {n for t in expected["tasks"] for n in t["lead"] + t["coordinating"]}
    stored = set(
        session.scalars(select(Assignment.name_as_written).join(Task).where(Task.plan_id == plan.id))
    )
    assert stored == named
    unmapped = set(
        session.scalars(
            select(Assignment.name_as_written)
            .join(Task)
            .where(Task.plan_id == plan.id, Assignment.agency_id.is_(None))
        )
    )
    assert unmapped <= set(result.unmapped)


def test_reimport_is_a_no_op_and_activation_is_audited(session) -> None:
    seed_registry(session)
    first = import_plan(session, PLANS[3], actor="test")
    plans_before = session.scalar(select(func.count()).select_from(Plan))
    again = import_plan(session, PLANS[3], actor="test")
    assert not again.created and again.plan.id == first.plan.id
    assert session.scalar(select(func.count()).select_from(Plan)) == plans_before
    activate(session, first.plan.id, actor="coordinator-1")
    assert first.plan.status == "active"
    events = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.entity == "plan", AuditEvent.entity_id == str(first.plan.id))
        .order_by(AuditEvent.id)
    ).all()
    assert events == ["import", "activate"]
    with pytest.raises(PlanError):
        activate(session, first.plan.id, actor="coordinator-1")


def test_a_bad_file_writes_nothing(session, tmp_path: Path) -> None:
    bad = tmp_path / "plan.docx"
    bad.write_bytes(b"not a word file")
    before = session.scalar(select(func.count()).select_from(Plan))
    with pytest.raises(ExtractionError):
        import_plan(session, bad, actor="test")
    assert session.scalar(select(func.count()).select_from(Plan)) == before


def test_one_pipeline_for_bytes_and_a_name(session) -> None:
    """The API, the import page and `dondoc import` share `import_draft`: the name a client sent is
    cut to the file's own name, and every refusal is one of three kinds, writing nothing."""
    seed_registry(session)
    content = PLANS[3].read_bytes()
    before = session.scalar(select(func.count()).select_from(Plan))
    refusals = {
        "missing": [(content, None), (content, ""), (content, "C:\\Users\\ke-hoach\\.."), (content, " . ")],
        "too_large": [(b"a" * 101, "plan.txt")],
        "unreadable": [(b"not a word file", "plan.docx"), (b"   \n", "trong.txt"), (b"MZ\x90", "anh.exe")],
    }
    for kind, cases in refusals.items():
        for data, name in cases:
            with pytest.raises(ImportRefused) as refused:
                import_draft(
                    session, data, name, actor="test", max_bytes=100 if kind == "too_large" else None
                )
            assert refused.value.kind == kind and refused.value.message_vi and refused.value.message_en
            assert isinstance(refused.value, ExtractionError)
    assert session.scalar(select(func.count()).select_from(Plan)) == before
    result = import_draft(session, content, "C:\\Users\\dieu-phoi\\Tai lieu\\ke-hoach.txt", actor="test")
    assert result.created and result.plan.source_file == "ke-hoach.txt"
    again = import_draft(session, content, "../khac/ten-khac.txt", actor="test")
    assert not again.created and again.plan.id == result.plan.id
