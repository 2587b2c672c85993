"""The indicator catalog on the example plans: the digital economy's share of GRDP (10% by 2025
in 001, ≥ 30% by 2030 in 002, about 20% by 2025 in 004) is proposed as one measure; once a
coordinator confirms it, the different targets for the same year are listed as conflicts."""

from __future__ import annotations

from pathlib import Path

from factories import seed_registry
from sqlalchemy import select

from dondoc.audit.models import AuditEvent
from dondoc.plans.catalog import confirm, conflicts, propose
from dondoc.plans.service import import_plan

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"


def test_grdp_share_proposed_confirmed_and_conflicting(session) -> None:
    seed_registry(session)
    plans = {
        name[:3]: import_plan(session, PLANS / name, actor="test").plan
        for name in ("001_0cf2e2caa0968a15.txt", "002_2f8b4d489cccd7d8.txt", "004_5478f06e898d6373.txt")
    }
    proposals = propose(session)
    grdp = [
        p for p in proposals if any("GRDP" in i.text or "kinh tế số" in i.text.lower() for i in p.indicators)
    ]
    assert grdp, [p.key for p in proposals]
    group = max(grdp, key=lambda p: len({i.plan_id for i in p.indicators}))
    assert {i.plan_id for i in group.indicators} == {p.id for p in plans.values()}
    assert all(i.targets[0].unit and "GRDP" in i.targets[0].unit for i in group.indicators)

    assert confirm(session, "kinh-te-so-grdp", [i.id for i in group.indicators], actor="coordinator") == len(
        group.indicators
    )
    found = conflicts(session)
    years = {c["year"]: c for c in found if c["key"] == "kinh-te-so-grdp"}
    assert 2025 in years  # 10% (001) against about 20% (004)
    assert sorted(t[1] for t in years[2025]["targets"]) == [10, 20]
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "catalog")).first()
    assert not [p for p in propose(session) if p.key == group.key]  # keyed rows are no longer proposed
