"""Queries on users, nothing else."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.users.models import User


def by_username(session: Session, username: str) -> User | None:
    """The user of a name, active or not."""
    return session.scalar(select(User).where(User.username == username))


def active_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username, User.is_active.is_(True)))


def by_id(session: Session, user_id: Any) -> User | None:
    """`user_id` as read from a signed token, not yet checked to be an int."""
    return session.get(User, user_id)
