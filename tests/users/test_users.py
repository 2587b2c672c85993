"""Users: argon2 hashes, the rules of creating one (roles, reporters bound to an agency), tokens."""

from __future__ import annotations

import pytest
from factories import seed_registry
from sqlalchemy import select

from dondoc.audit.models import AuditEvent
from dondoc.users.security import hash_password, verify_password
from dondoc.users.service import UserError, authenticate, create_user, issue_token, user_from_token


def test_argon2_hash_and_verify() -> None:
    digest = hash_password("mật-khẩu-dài")
    assert digest.startswith("$argon2") and "mật-khẩu-dài" not in digest
    assert verify_password(digest, "mật-khẩu-dài") and not verify_password(digest, "sai")
    assert not verify_password("not a hash", "x")


@pytest.mark.parametrize(
    ("kwargs", "message_en"),
    [
        ({"role": "chief", "password": "12345678"}, "Unknown role"),
        ({"role": "viewer", "password": "short"}, "at least 8"),
        ({"role": "reporter", "password": "12345678"}, "belongs to one agency"),
        ({"role": "reporter", "password": "12345678", "agency": "Sở Không Có"}, "No agency"),
    ],
)
def test_create_user_refuses_bad_values(session, kwargs: dict, message_en: str) -> None:
    seed_registry(session)
    with pytest.raises(UserError) as err:
        create_user(session, "nguoi-dung", actor="test", **kwargs)
    assert message_en in err.value.message_en and err.value.message_vi


def test_reporter_bound_to_an_agency_signs_in(session) -> None:
    seed_registry(session)
    user = create_user(
        session, "bao-cao", role="reporter", password="12345678", agency="Sở Y tế", actor="admin"
    )
    assert user.agency_id is not None
    assert authenticate(session, "bao-cao", "12345678") is user
    assert authenticate(session, "bao-cao", "sai-mat-khau") is None
    assert user_from_token(session, issue_token(user)) is user
    assert user_from_token(session, issue_token(user) + "x") is None
    with pytest.raises(UserError):
        create_user(session, "bao-cao", role="viewer", password="12345678", actor="admin")
    audit = session.scalars(select(AuditEvent).where(AuditEvent.entity == "user")).all()
    assert [(a.action, a.actor_name) for a in audit] == [("create", "admin")]
