"""Queries on the agency registry (no rules, no commits)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency, AgencyAlias, AgencySuccession


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
