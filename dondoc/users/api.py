"""Sign-in for API clients: the OAuth2 password form gives a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, Field

from dondoc.core.deps import CurrentUser, SessionDep, require_roles
from dondoc.core.problems import Problem
from dondoc.users.models import User
from dondoc.users.service import UserError, authenticate, create_user, issue_token

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/auth/token")
def token(session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]):
    user = authenticate(session, form.username, form.password)
    if user is None:
        raise Problem(401, "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password")
    return {"access_token": issue_token(user), "token_type": "bearer", "role": user.role}


@router.get("/auth/me")
def me(user: CurrentUser):
    return {"id": user.id, "username": user.username, "role": user.role, "agency_id": user.agency_id}


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=80)
    role: str
    password: str = Field(min_length=8)
    agency: str | None = None


@router.post("/users", status_code=201)
def add_user(body: UserIn, session: SessionDep, admin: Annotated[User, Depends(require_roles("admin"))]):
    try:
        user = create_user(
            session,
            body.username,
            role=body.role,
            password=body.password,
            agency=body.agency,
            actor=admin.username,
        )
    except UserError as exc:
        raise Problem(422, exc.message_vi, exc.message_en) from exc
    return {"id": user.id, "username": user.username, "role": user.role, "agency_id": user.agency_id}
