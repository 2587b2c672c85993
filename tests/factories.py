"""Small factories for test data: rows built with sensible defaults, overridable per test."""

from __future__ import annotations

import itertools
from pathlib import Path

from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.agencies.service import find_agency, seed_reference
from dondoc.plans.models import Plan
from dondoc.plans.service import activate, import_plan
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


EXAMPLE_PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"
PLAN_103 = "002_2f8b4d489cccd7d8.txt"  # 103/KH-UBND, signed 01/06/2025, reports monthly before the 15th


def make_active_plan(session: Session, file_name: str = PLAN_103) -> Plan:
    """A seed plan imported and activated, with the agency registry seeded first."""
    seed_reference(session, actor="test")
    plan = import_plan(session, EXAMPLE_PLANS / file_name, actor="test").plan
    return activate(session, plan.id, actor="test")


def agency_named(session: Session, name: str) -> Agency:
    agency = find_agency(session, name)
    assert agency is not None, name
    return agency
