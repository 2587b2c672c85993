"""Claiming a job's slot: an INSERT that only one process can win (the primary key), answered
with whether this process won it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dondoc.scheduling.models import JobSlot


def claim(session: Session, job: str, slot: int, *, now: datetime, by: str) -> bool:
    """Whether this caller claimed `job`'s `slot` (ON CONFLICT DO NOTHING: a slot already claimed,
    or claimed at the same moment by another process, inserts nothing)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(JobSlot)
        .values(job=job, slot=slot, claimed_at=now, claimed_by=by[:120])
        .on_conflict_do_nothing(index_elements=["job", "slot"])
        .returning(JobSlot.job)
    )
    # RETURNING rather than the row count: psycopg reports a count for a skipped insert that
    # cannot be told from an inserted row's.
    return session.execute(stmt).scalar() is not None
