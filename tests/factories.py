"""Small factories for test data: rows built with sensible defaults, overridable per test; and
the world every test's database is copied from (built once per worker by conftest.py)."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.agencies.reference import load_reference
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


# What the world holds besides the registry: the plans most tests need, imported and active.
# Only plan 103: the others are imported as drafts by the tests of importing and reviewing.
WORLD_PLANS = (PLAN_103,)


def build_world(session: Session) -> None:
    """The reference registry seeded and every plan of WORLD_PLANS active (not committed)."""
    seed_reference(session, actor="test")
    for file_name in WORLD_PLANS:
        plan = import_plan(session, EXAMPLE_PLANS / file_name, actor="test").plan
        activate(session, plan.id, actor="test")


def seed_registry(session: Session) -> None:
    """The reference registry in the session's database: seeded when missing (an empty database),
    left as it is when every reference body is there (the world, seeded once per worker), which
    spares the tens of milliseconds of comparing each body again. Tests of seeding itself call
    `seed_reference`."""
    codes = list(load_reference().agencies)
    present = session.scalar(select(func.count()).select_from(Agency).where(Agency.code.in_(codes)))
    if present != len(codes):
        seed_reference(session, actor="test")


def make_active_plan(session: Session, file_name: str = PLAN_103) -> Plan:
    """A seed plan active, with the agency registry seeded first. One of WORLD_PLANS is already
    there in the world and is returned as it is (looked up by its file's digest: an import costs
    0.4 s); any other, or any plan on the empty database, is imported and activated here."""
    if file_name in WORLD_PLANS:
        digest = hashlib.sha256((EXAMPLE_PLANS / file_name).read_bytes()).hexdigest()
        found = session.scalars(select(Plan).where(Plan.sha256 == digest, Plan.status == "active")).first()
        if found is not None:
            return found
    seed_registry(session)
    plan = import_plan(session, EXAMPLE_PLANS / file_name, actor="test").plan
    return activate(session, plan.id, actor="test")


def agency_named(session: Session, name: str) -> Agency:
    agency = find_agency(session, name)
    assert agency is not None, name
    return agency
