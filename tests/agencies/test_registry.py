"""The agency registry in the database: seeded from the reference data (idempotently), found by
any spelling, and answering for its predecessors' work (the 2025 reorganisation)."""

from __future__ import annotations

import pytest
from factories import seed_registry
from sqlalchemy import func, select

from dondoc.agencies.models import Agency, AgencyAlias
from dondoc.agencies.reference import load_reference
from dondoc.agencies.service import find_agency, seed_reference, with_predecessors
from dondoc.audit.models import AuditEvent


@pytest.mark.empty_database  # it counts what a first seeding creates: the world is seeded already
def test_seed_is_idempotent_and_audited(session) -> None:
    created = seed_reference(session, actor="test")
    assert created >= len(load_reference().agencies)
    count = session.scalar(select(func.count()).select_from(Agency))
    audits = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.entity == "agency", AuditEvent.action == "create")
    )
    assert audits == len(load_reference().agencies)
    links = session.scalars(select(AuditEvent).where(AuditEvent.action == "seed_links")).all()
    assert len(links) == 1 and links[0].after["links"] > 0  # aliases, successions, parents
    assert seed_reference(session, actor="test") == 0
    assert session.scalar(select(func.count()).select_from(Agency)) == count
    assert session.scalar(select(func.count()).select_from(AgencyAlias)) > count


def test_found_by_any_spelling(session) -> None:
    seed_registry(session)
    for written in ("Sở TT&TT", "Sở Thông tin - Truyền thông", "STTTT"):
        found = find_agency(session, written)
        assert found is not None and found.name == "Sở Thông tin và Truyền thông"
    assert find_agency(session, "Hiệp hội Không Có Thật") is None


def test_khcn_answers_for_the_former_department_of_information(session) -> None:
    seed_registry(session)
    khcn = find_agency(session, "Sở Khoa học và Công nghệ")
    tttt = find_agency(session, "Sở Thông tin và Truyền thông")
    assert khcn and tttt
    assert tttt.id in with_predecessors(session, khcn.id)
    assert khcn.id not in with_predecessors(session, tttt.id)
