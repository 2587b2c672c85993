"""Typed request dependencies for the API and the pages, in one module outside `core`:
`SessionDep` (a session that commits at the end of the request), `CurrentUser` (from the bearer
token of an API client or the session cookie of the browser), `OptionalUser`, `require_roles`,
and `record_refusal`, the audit trace of every refusal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.core.db import session_scope
from dondoc.core.errors import DomainError
from dondoc.core.problems import Problem
from dondoc.users.models import User
from dondoc.users.service import user_from_token

oauth2 = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
SESSION_COOKIE = "dondoc_session"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: commit at the edge when the endpoint returns. A GET, HEAD or
    OPTIONS only reads (`session_scope(write=False)`): on SQLite it waits for no writer."""
    with session_scope(write=request.method not in SAFE_METHODS) as session:
        yield session


def get_units() -> Callable[[], AbstractContextManager[Session]]:
    """How work a request starts after its response (an import job) opens its own units of work:
    `session_scope`; the tests give theirs."""
    return session_scope


UnitsDep = Annotated[Callable[[], AbstractContextManager[Session]], Depends(get_units)]


# scope="function": the session commits when the endpoint returns, before the response is sent, so
# a browser following a redirect never asks for data not yet committed, and a failed commit is an
# error response rather than a lost write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_optional_user(
    session: SessionDep, request: Request, token: Annotated[str | None, Depends(oauth2)]
) -> User | None:
    """The bearer token wins; else the browser's session cookie. A cookie is sent by the browser on
    its own, so a write that rides on it must come from our own pages: the cookie is SameSite=Lax
    and a cross-site Origin header is refused here as well (CSRF)."""
    request.state.user = None
    if token:
        user = user_from_token(session, token, "api")
        request.state.user = Viewer.of(user)
        return user
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    user = user_from_token(session, cookie, "web")
    request.state.user = Viewer.of(user)  # the pages show who is signed in, even after a rollback
    origin = request.headers.get("origin")
    # Our own pages come from the Host the browser asked for, or from the public address the site
    # is published under (a reverse proxy may rewrite Host).
    public_host = get_settings().public_url.split("://", 1)[-1].rstrip("/")
    own = {request.headers.get("host", ""), public_host}
    cross_site = origin is not None and origin.split("://", 1)[-1] not in own
    if user is not None and request.method not in SAFE_METHODS and cross_site:
        raise DomainError(
            "forbidden",
            "Yêu cầu ghi đến từ trang khác bị từ chối",
            "A write from another site's page was refused",
        )
    return user


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


@dataclass(frozen=True)
class Viewer:
    """Who is signed in, as plain values: safe to show on an error page after the session rolled
    back (an ORM row would be expired by then)."""

    id: int
    username: str
    full_name: str | None
    role: str
    agency_id: int | None

    @classmethod
    def of(cls, user: User | None) -> Viewer | None:
        if user is None:
            return None
        return cls(user.id, user.username, user.full_name, user.role, user.agency_id)


async def get_current_user(user: OptionalUser) -> User:
    # async: it does no I/O, and a plain def would be one more hop to the thread pool per request
    if user is None:
        raise Problem(
            401,
            "Cần đăng nhập: thiếu hoặc sai mã truy cập",
            "Sign in: the bearer token or session is missing or invalid",
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
# The same user for the pages: a missing session answers with a redirect to the sign-in page (the
# problem handler does that for every path outside /api).
PageUser = CurrentUser


def require_roles(*roles: str) -> Callable[..., Awaitable[User]]:
    """Only these roles may go on; a refusal is itself audited (`record_refusal`)."""

    async def check(user: CurrentUser) -> User:  # no I/O: on the event loop, as get_current_user
        if user.role not in roles:
            raise DomainError(
                "forbidden",
                f"Vai trò {user.role} không được thực hiện thao tác này",
                f"Role {user.role} may not do this",
            )
        return user

    return check


def record_refusal(app: FastAPI, request: Request, refused: DomainError) -> None:
    """Write the audit row of a refusal ("forbidden") in a unit of work of its own, opened by the
    same session provider the requests use (tests override it with their rolled-back session): the
    problem handler calls it after the request's session rolled back, so nothing the refused
    request changed is ever committed with it. Who was refused comes from `request.state.user`."""
    viewer: Viewer | None = getattr(request.state, "user", None)
    # A refused GET was a reading unit of work; its trace is a write of its own. A test's override
    # of get_session (its rolled-back session, taking no argument) receives the trace instead.
    override = app.dependency_overrides.get(get_session)
    units = contextmanager(override)() if override is not None else session_scope(write=True)
    with units as session:
        record(
            session,
            action="refused",
            entity="request",
            entity_id=None,
            actor=viewer.username if viewer else "anonymous",
            actor_id=viewer.id if viewer else None,
            after={
                "method": request.method,
                "path": request.url.path,
                "role": viewer.role if viewer else None,
                "reason": refused.message_en,
            },
        )
