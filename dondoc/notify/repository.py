"""Queries of the outbox (no rules, no commits), and the users a reminder is written to (the
users table is read here for the reminders: active reporters of an agency, active coordinators)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    Table,
    and_,
    bindparam,
    cast,
    exists,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from dondoc.core.db import utcnow
from dondoc.core.models import UTCDateTime
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


def _coordinator(user: type[User] | Any, national: bool) -> ColumnElement[bool]:
    """An active coordinator with an e-mail address who follows the plans of the province bound
    as :province, or (`national`) one who follows central plans."""
    return and_(
        user.role == "coordinator",
        user.is_active.is_(True),
        user.email.is_not(None),
        user.province.is_(None) if national else user.province == bindparam("province"),
    )


@lru_cache(maxsize=2)
def _coordinators_following(national_only: bool) -> Select[Any]:
    # Built once: the statement's construction costs more than its run (the values are bound).
    national = _coordinator(User, True)
    if national_only:
        return select(User).where(national)
    own = aliased(User)
    return select(User).where(
        or_(_coordinator(User, False), and_(national, ~exists().where(_coordinator(own, False))))
    )


def coordinators_of(session: Session, province: str | None) -> list[User]:
    """The users told of a plan's reports (notify.service.coordinators_for says why): the
    coordinators of its province; the national ones when the plan is central or its province
    has none. One query, and the source of `insert_for_coordinators`."""
    stmt = _coordinators_following(province is None)
    return list(session.scalars(stmt, {"province": province}))


@lru_cache(maxsize=4)
def _insert_for_coordinators(dialect: str, national_only: bool) -> Any:
    source = _coordinators_following(national_only).subquery()
    table = Notification.__table__
    assert isinstance(table, Table)
    rows = select(
        bindparam("key", type_=String) + cast(source.c.id, String),
        bindparam("kind", type_=String),
        bindparam("agency_id", type_=Integer),
        source.c.id,
        source.c.email,
        bindparam("subject", type_=String),
        bindparam("body", type_=String),
        literal(0, Integer),
        bindparam("now", type_=UTCDateTime),
        bindparam("now", type_=UTCDateTime),
        # a WHERE clause: without one SQLite would read ON CONFLICT as the ON of a join
    ).where(source.c.email.is_not(None))
    columns = ["key", "kind", "agency_id", "user_id", "recipient", "subject", "body", "attempts"]
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        dialect_insert(table)
        .from_select([*columns, "created_at", "updated_at"], rows)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.id)
    )


def insert_for_coordinators(
    session: Session, province: str | None, *, kind: str, key: str, agency_id: int, subject: str, body: str
) -> int:
    """One notification to each of `coordinators_of(province)` in one INSERT … SELECT, keyed
    `key` + ":user<id>", unless that key is there already; the number of rows inserted."""
    connection = session.connection()
    stmt = _insert_for_coordinators(connection.dialect.name, province is None)
    params = dict(
        province=province, key=f"{key}:user", kind=kind, agency_id=agency_id, subject=subject, body=body
    )
    return len(connection.execute(stmt, {**params, "now": utcnow()}).all())


def insert_once(session: Session, **values: object) -> int:
    """Insert a notification unless its key is already there (ON CONFLICT DO NOTHING, so two
    overlapping runs do not write it twice either); the number of rows inserted (0 or 1)."""
    return insert_many_once(session, [values])


def insert_many_once(session: Session, rows: list[dict[str, object]]) -> int:
    """`insert_once` of several notifications in one statement; the number of rows inserted."""
    if not rows:
        return 0
    connection = session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    table = Notification.__table__
    assert isinstance(table, Table)
    now = utcnow()
    stmt = insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)
    # RETURNING rather than the row count, as scheduling.repository.claim does: only the rows
    # really inserted come back, on either database. The rows go as parameters, not in the
    # statement: its compiled form is cached whatever their number.
    params = [{"created_at": now, "updated_at": now, **row} for row in rows]
    return len(connection.execute(stmt, params).all())


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
