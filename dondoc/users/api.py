"""Sign-in: the OAuth2 password form gives API clients a bearer token; `/auth/login` gives the
browser an HttpOnly session cookie and `/auth/logout` ends it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.core.problems import Problem
from dondoc.deps import SESSION_COOKIE, CurrentUser, SessionDep, require_roles
from dondoc.users.models import User
from dondoc.users.service import TOKEN_MAX_AGE, authenticate, create_user, issue_token

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/token")
def token(session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]):
    user = authenticate(session, form.username, form.password)
    if user is None:
        raise Problem(401, "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password")
    return {"access_token": issue_token(user), "token_type": "bearer", "role": user.role}


@router.post("/auth/login")
def login(session: SessionDep, response: Response, form: Annotated[OAuth2PasswordRequestForm, Depends()]):
    """Browser sign-in: the session lives in a signed, HttpOnly, SameSite=Lax cookie (Secure in
    production, where the site is served over HTTPS)."""
    user = authenticate(session, form.username, form.password)
    if user is None:
        raise Problem(401, "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password")
    record(session, actor=user.username, actor_id=user.id, action="login", entity="user", entity_id=user.id)
    response.set_cookie(
        SESSION_COOKIE,
        issue_token(user, "web"),
        max_age=TOKEN_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=get_settings().environment == "production",
        path="/",
    )
    return _user_out(user)


@router.post("/auth/logout", status_code=204)
def logout(response: Response) -> Response:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.status_code = 204
    return response


def _user_out(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "agency_id": user.agency_id,
        "province": user.province,
    }


@router.get("/auth/me")
def me(user: CurrentUser):
    return _user_out(user)


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=80)
    role: str
    password: str = Field(min_length=8)
    agency: str | None = None
    email: str | None = Field(default=None, max_length=300)
    province: str | None = Field(
        default=None,
        max_length=80,
        description="tỉnh của người dùng; bỏ trống: toàn quốc / the user's province",
    )


@router.post("/users", status_code=201)
def add_user(body: UserIn, session: SessionDep, admin: Annotated[User, Depends(require_roles("admin"))]):
    user = create_user(
        session,
        body.username,
        role=body.role,
        password=body.password,
        agency=body.agency,
        email=body.email,
        province=body.province,
        actor=admin.username,
    )
    return _user_out(user)
