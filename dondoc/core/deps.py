"""Typed dependency shortcuts for the API, in one module: `SessionDep` (a session that commits
at the end of the request), `CurrentUser` (from the bearer token), `require_roles`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from dondoc.audit.service import record
from dondoc.core.db import session_scope
from dondoc.core.problems import Problem
from dondoc.users.models import User
from dondoc.users.service import user_from_token

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


def get_session() -> Iterator[Session]:
    """One unit of work per request: commit at the edge when the endpoint returns."""
    with session_scope() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_current_user(session: SessionDep, token: Annotated[str | None, Depends(oauth2)]) -> User:
    user = user_from_token(session, token) if token else None
    if user is None:
        raise Problem(
            401,
            "Cần đăng nhập: thiếu hoặc sai mã truy cập",
            "Sign in: the bearer token is missing or invalid",
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_roles(*roles: str) -> Callable[..., User]:
    """Only these roles may go on; a refusal is itself audited (and committed, since the request
    ends there with nothing else to keep)."""

    def check(user: CurrentUser, session: SessionDep, request: Request) -> User:
        if user.role not in roles:
            record(
                session,
                actor=user.username,
                actor_id=user.id,
                action="refused",
                entity="request",
                entity_id=None,
                after={"method": request.method, "path": request.url.path, "role": user.role},
            )
            session.commit()
            raise Problem(
                403,
                f"Vai trò {user.role} không được thực hiện thao tác này",
                f"Role {user.role} may not do this",
            )
        return user

    return check
