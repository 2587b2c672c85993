"""Sign-in for API clients: the OAuth2 password form gives a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from dondoc.core.deps import CurrentUser, SessionDep
from dondoc.core.problems import Problem
from dondoc.users.service import authenticate, issue_token

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
