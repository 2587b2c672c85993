"""HTTP endpoints of the agency registry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from dondoc.agencies.models import Agency
from dondoc.agencies.schemas import AgencyOut
from dondoc.core.deps import CurrentUser, SessionDep
from dondoc.core.text import search_key
from dondoc.plans import repository
from dondoc.plans.schemas import Page

router = APIRouter(prefix="/api", tags=["agencies"])


@router.get("/agencies", response_model=Page[AgencyOut])
def list_agencies(
    session: SessionDep,
    _user: CurrentUser,
    kind: str | None = None,
    q: str | None = None,
    current: bool = Query(False, description="chỉ cơ quan còn hoạt động / only bodies that exist today"),
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
):
    stmt = select(Agency).order_by(Agency.name)
    if kind:
        stmt = stmt.where(Agency.kind == kind)
    if current:
        stmt = stmt.where(Agency.valid_to.is_(None))
    items, total = repository.page(session, stmt, 5000, 0)
    if q:
        key = search_key(q)
        items = [a for a in items if key in search_key(a.name)]
        total = len(items)
    return {"items": items[offset : offset + limit], "total": total, "limit": limit, "offset": offset}
