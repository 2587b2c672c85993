"""Queries on the agency registry (no rules, no commits)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency, AgencyAlias, AgencySuccession
from dondoc.plans.models import Assignment


def by_code(session: Session, code: str) -> Agency | None:
    return session.scalar(select(Agency).where(Agency.code == code))


def by_alias_key(session: Session, key: str) -> list[Agency]:
    return list(session.scalars(select(Agency).join(AgencyAlias).where(AgencyAlias.key == key).distinct()))


def predecessors_of(session: Session, agency_id: int) -> list[int]:
    return list(
        session.scalars(
            select(AgencySuccession.predecessor_id).where(AgencySuccession.successor_id == agency_id)
        )
    )


def successors_of(session: Session, agency_id: int) -> list[AgencySuccession]:
    return list(
        session.scalars(
            select(AgencySuccession)
            .where(AgencySuccession.predecessor_id == agency_id)
            .order_by(AgencySuccession.id)
        )
    )


def by_id(session: Session, agency_id: int) -> Agency | None:
    return session.get(Agency, agency_id)


def succession(session: Session, predecessor_id: int, successor_id: int) -> AgencySuccession | None:
    return session.scalar(
        select(AgencySuccession).where(
            AgencySuccession.predecessor_id == predecessor_id,
            AgencySuccession.successor_id == successor_id,
        )
    )


def all_successions(session: Session) -> list[tuple[int, int, date | None]]:
    """(predecessor, successor, effective) of every succession, as plain rows: a registry after
    the 2025 reorganisation holds about a thousand, and objects for the ORM to track would cost
    ten times the query."""
    stmt = select(
        AgencySuccession.predecessor_id, AgencySuccession.successor_id, AgencySuccession.effective
    ).order_by(AgencySuccession.id)
    return [(row[0], row[1], row[2]) for row in session.execute(stmt)]


def ids_of_codes(session: Session, codes: list[str]) -> set[int]:
    return set(session.scalars(select(Agency.id).where(Agency.code.in_(codes))))


def agencies_query(kind: str | None = None, *, current: bool = False) -> Select[Agency]:
    """The registry by name, of one kind, or only the bodies that exist today."""
    stmt = select(Agency).order_by(Agency.name)
    if kind:
        stmt = stmt.where(Agency.kind == kind)
    if current:
        stmt = stmt.where(Agency.valid_to.is_(None))
    return stmt


def unmapped_name_counts(session: Session) -> list[tuple[str, int]]:
    """Names plans use that the registry lacks, with how often they are assigned."""
    rows = session.execute(
        select(Assignment.name_as_written, func.count())
        .where(Assignment.agency_id.is_(None))
        .group_by(Assignment.name_as_written)
        .order_by(func.count().desc(), Assignment.name_as_written)
    )
    return [(name, count) for name, count in rows]


def link_assignments(session: Session, name: str, agency_id: int) -> int:
    """Link every unmapped assignment written with `name` to the body; how many were linked."""
    result = session.execute(
        update(Assignment)
        .where(Assignment.agency_id.is_(None), Assignment.name_as_written == name)
        .values(agency_id=agency_id)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]
