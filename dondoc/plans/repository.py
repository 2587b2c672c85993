"""Queries on stored plans (no rules, no commits)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.plans.models import Plan


def by_sha256(session: Session, sha256: str) -> Plan | None:
    return session.scalar(select(Plan).where(Plan.sha256 == sha256))


def by_number(session: Session, number: str) -> list[Plan]:
    return list(session.scalars(select(Plan).where(Plan.number == number)))
