"""Queries of the audit trail: its one INSERT (never an UPDATE or a DELETE) and the lookups
of what it recorded."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from dondoc.audit.models import AuditEvent


def insert_event(session: Session, **values: Any) -> None:
    """One event, on the session's connection in its transaction. A Core INSERT rather than an
    object for the ORM to flush: every write of dondoc makes one, the busiest (a report's
    submission) included."""
    table = AuditEvent.__table__
    assert isinstance(table, Table)
    session.execute(insert(table), values)


def audited_ids(session: Session, entity: str, action: str, ids: Collection[int]) -> set[int]:
    """Which of these rows of `entity` an event of `action` names (a task added by hand)."""
    if not ids:
        return set()
    found = session.scalars(
        select(AuditEvent.entity_id).where(
            AuditEvent.entity == entity,
            AuditEvent.action == action,
            AuditEvent.entity_id.in_([str(i) for i in ids]),
        )
    )
    return {int(i) for i in found if i is not None}
