"""A new version of a plan: the difference (tasks and indicators added, removed, changed) is
shown before it replaces the old one; on activation the old plan is marked replaced and the
agencies a coordinator mapped on matching tasks are carried over."""

from __future__ import annotations

from pathlib import Path

from factories import seed_registry
from sqlalchemy import select

from dondoc.agencies.service import find_agency
from dondoc.audit.models import AuditEvent
from dondoc.plans.diff import diff_plans
from dondoc.plans.service import activate, import_plan

SOURCE = Path(__file__).resolve().parents[2] / "examples" / "plans" / "003_e7c1642710abab67.txt"


def new_version(tmp_path: Path) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    text = text.replace("Số: 119/KH-UBND", "Số: 120/KH-UBND")
    # one task reworded, one removed, and the new plan says what it replaces
    text = text.replace("h) Sở Tư pháp chủ trì nghiên cứu", "h) Sở Tư pháp chủ trì khẩn trương nghiên cứu")
    text = text.replace("i) Sở Tài nguyên và Môi trường nghiên cứu, xây dựng", "i) ĐÃ BỎ")
    text = text.replace(
        "Nơi nhận:",
        "Kế hoạch này thay thế Kế hoạch số 119/KH-UBND ngày 27/11/2020 của UBND tỉnh.\nNơi nhận:",
        1,
    )
    path = tmp_path / "003_v2.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_difference_then_replacement_with_carry_over(session, tmp_path: Path) -> None:
    seed_registry(session)
    old = import_plan(session, SOURCE, actor="test").plan
    activate(session, old.id, actor="coordinator")
    new = import_plan(session, new_version(tmp_path), actor="test").plan
    assert new.number == "120/KH-UBND"

    d = diff_plans(old, new)
    assert d.summary()["tasks"]["removed"] + d.summary()["tasks"]["changed"] >= 1
    changed_titles = [b.title for _, b, fields in d.changed_tasks if "title" in fields]
    assert any("khẩn trương" in t for t in changed_titles)
    assert len(d.task_pairs) >= len(old.tasks) - 2

    # a coordinator had mapped an assignee of the old plan by hand; the new version lost it
    before, after = next((a, b) for a, b in d.task_pairs if b.assignments)
    mapped = find_agency(session, "Sở Tư pháp")
    before.assignments[0].agency_id = mapped.id
    after.assignments[0].name_as_written = before.assignments[0].name_as_written
    after.assignments[0].agency_id = None
    session.flush()

    activate(session, new.id, actor="coordinator")
    assert old.status == "replaced" and new.status == "active" and new.replaces_id == old.id
    assert after.assignments[0].agency_id == mapped.id
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "replace")).one()
    assert event.after["assignments_carried"] >= 1
