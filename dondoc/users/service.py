"""Rules for users: creating one (audited), checking a password, and signed credentials: a bearer
token for API clients and the value of the web session cookie. Both are signed with the secret key
under different salts, so one can never be replayed as the other."""

from __future__ import annotations

import re

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from dondoc.agencies.reference import current_province
from dondoc.agencies.service import find_agency
from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.core.errors import DomainError, ErrorKind
from dondoc.users import repository
from dondoc.users.models import USER_ROLES, User
from dondoc.users.security import hash_password, verify_password

TOKEN_MAX_AGE = 12 * 3600
# Only a sanity check: the mail server is the judge of an address.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


class UserError(DomainError):
    """A refused account change; "invalid" unless said."""

    def __init__(
        self, message_vi: str, message_en: str, kind: ErrorKind = "invalid", field: str | None = None
    ) -> None:
        super().__init__(kind, message_vi, message_en, field=field)


def create_user(
    session: Session,
    username: str,
    *,
    role: str,
    password: str,
    agency: str | None = None,
    email: str | None = None,
    province: str | None = None,
    actor: str,
) -> User:
    if role not in USER_ROLES:
        raise UserError(
            f"Vai trò không hợp lệ: {role}",
            f"Unknown role: {role} (one of {', '.join(USER_ROLES)})",
            field="role",
        )
    if len(password) < 8:
        raise UserError(
            "Mật khẩu phải có ít nhất 8 ký tự",
            "The password needs at least 8 characters",
            field="password",
        )
    if repository.by_username(session, username):
        raise UserError(
            f"Tên đăng nhập {username} đã tồn tại", f"User {username} already exists", field="username"
        )
    agency_id = None
    if agency:
        found = find_agency(session, agency)
        if found is None:
            raise UserError(
                f"Không tìm thấy cơ quan «{agency}»", f"No agency «{agency}» in the registry", field="agency"
            )
        agency_id = found.id
    if role == "reporter" and agency_id is None:
        raise UserError(
            "Cán bộ báo cáo phải thuộc một cơ quan (--agency)",
            "A reporter belongs to one agency (--agency)",
            field="agency",
        )
    if email is not None and not EMAIL.fullmatch(email):
        raise UserError(
            f"Địa chỉ thư không hợp lệ: {email}", f"Invalid e-mail address: {email}", field="email"
        )
    scope = None
    if province:
        scope = current_province(province)
        if scope is None:
            raise UserError(
                f"«{province}» không phải một tỉnh, thành phố hiện nay (34 đơn vị từ 01/07/2025)",
                f"«{province}» is not one of today's 34 provinces and cities",
                field="province",
            )
    user = User(
        username=username,
        role=role,
        password_hash=hash_password(password),
        agency_id=agency_id,
        email=email,
        province=scope,
    )
    session.add(user)
    session.flush()
    record(
        session,
        actor=actor,
        action="create",
        entity="user",
        entity_id=user.id,
        after={"username": username, "role": role, "agency_id": agency_id},
    )
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = repository.active_by_username(session, username)
    if user is None or not verify_password(user.password_hash, password):
        return None
    return user


SALTS = {"api": "dondoc-api-token", "web": "dondoc-web-session"}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=SALTS[purpose])


def issue_token(user: User, purpose: str = "api") -> str:
    # The password hash's tail is signed in: changing the password ends every session and token.
    return _serializer(purpose).dumps({"uid": user.id, "pw": user.password_hash[-12:]})


def user_from_token(session: Session, token: str, purpose: str = "api") -> User | None:
    try:
        data = _serializer(purpose).loads(token, max_age=TOKEN_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    user = repository.by_id(session, data.get("uid"))
    if user is None or not user.is_active or data.get("pw") != user.password_hash[-12:]:
        return None
    return user


# --- province scope ----------------------------------------------------------------------------


def province_in_view(user: User, wanted: str | None = None) -> str | None:
    """The province whose plans `user` is shown: a province user's own, always (a filter naming
    another province is refused); for a national user the province asked for (`wanted`, any
    spelling), or None for every province. Raises UserError ("forbidden", "invalid")."""
    asked = current_province(wanted) if wanted else None
    if wanted and asked is None:
        raise UserError(
            f"«{wanted}» không phải một tỉnh, thành phố hiện nay",
            f"«{wanted}» is not one of today's provinces and cities",
            kind="invalid",
            field="province",
        )
    if user.province is None:
        return asked
    if asked is not None and asked != user.province:
        raise UserError(
            f"Chỉ xem được kế hoạch của {user.province}",
            f"Only the plans of {user.province} are yours to see",
            kind="forbidden",
        )
    return user.province


def may_see_plan(user: User, plan_scope_province: str | None) -> bool:
    """A national user sees every plan; a province user its province's plans only."""
    return user.province is None or plan_scope_province == user.province
