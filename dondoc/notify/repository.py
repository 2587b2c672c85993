"""Queries of the outbox (no rules, no commits), and the users a reminder is written to (the
users table is read here for the reminders: active reporters of an agency, active coordinators)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dondoc.notify.models import Notification
from dondoc.users.models import User


def reporters_of(session: Session, agency_id: int) -> list[User]:
    """The agency's active reporters who have an e-mail address."""
    return list(
        session.scalars(
            select(User).where(
                User.agency_id == agency_id,
                User.role == "reporter",
                User.is_active.is_(True),
                User.email.is_not(None),
            )
        )
    )


def coordinators_of(session: Session, province: str | None) -> list[User]:
    """Active coordinators with an e-mail address who follow the plans of `province` (None: the
    national ones, who follow central plans)."""
    return list(
        session.scalars(
            select(User).where(
                User.role == "coordinator",
                User.is_active.is_(True),
                User.email.is_not(None),
                User.province.is_(None) if province is None else User.province == province,
            )
        )
    )


def insert_once(session: Session, **values: object) -> int:
    """Insert a notification unless its key is already there (ON CONFLICT DO NOTHING, so two
    overlapping runs do not write it twice either); the number of rows inserted (0 or 1)."""
    return insert_many_once(session, [values])


def insert_many_once(session: Session, rows: list[dict[str, object]]) -> int:
    """`insert_once` of several notifications in one statement; the number of rows inserted."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(Notification)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(Notification.id)
    )
    # RETURNING rather than the row count, as scheduling.repository.claim does: only the rows
    # really inserted come back, on either database.
    return len(session.execute(stmt).all())


def latest(
    session: Session, *, kind: str | None = None, unsent: bool = False, limit: int = 100
) -> list[Notification]:
    """The latest notifications first, of one kind or all, unsent ones only if asked."""
    stmt = select(Notification).order_by(Notification.id.desc()).limit(limit)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    if unsent:
        stmt = stmt.where(Notification.sent_at.is_(None))
    return list(session.scalars(stmt))


def pending(session: Session, *, max_attempts: int, limit: int) -> list[Notification]:
    """Unsent notifications tried fewer than `max_attempts` times, oldest first."""
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.sent_at.is_(None), Notification.attempts < max_attempts)
            .order_by(Notification.id)
            .limit(limit)
        )
    )


def claim(session: Session, note: Notification) -> bool:
    """Count one more attempt on the row if it is still unsent and tried as often as when it was
    read; whether this UPDATE matched it (of two runs that read it, one does)."""
    result = session.execute(
        update(Notification)
        .where(
            Notification.id == note.id,
            Notification.sent_at.is_(None),
            Notification.attempts == note.attempts,
        )
        .values(attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
