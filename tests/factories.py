"""Small factories for test data: rows built with sensible defaults, overridable per test."""

from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.users.models import User
from dondoc.users.security import hash_password

_seq = itertools.count(1)


def make_agency(session: Session, **overrides: object) -> Agency:
    n = next(_seq)
    values: dict[str, object] = {
        "code": f"test-agency-{n}",
        "name": f"Sở Thử nghiệm {n}",
        "kind": "provincial_department",
    }
    values.update(overrides)
    agency = Agency(**values)
    session.add(agency)
    session.flush()
    return agency


def make_user(session: Session, *, password: str = "mật-khẩu-thử", **overrides: object) -> User:
    n = next(_seq)
    values: dict[str, object] = {
        "username": f"user{n}",
        "role": "viewer",
        "password_hash": hash_password(password),
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.flush()
    return user
