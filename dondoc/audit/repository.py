"""Writes of the audit trail (queries only): one INSERT, never an UPDATE or a DELETE."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from dondoc.audit.models import AuditEvent


def insert_event(session: Session, **values: Any) -> None:
    """One event, on the session's connection in its transaction. A Core INSERT rather than an
    object for the ORM to flush: every write of dondoc makes one, the busiest (a report's
    submission) included."""
    table = AuditEvent.__table__
    assert isinstance(table, Table)
    session.execute(insert(table), values)
