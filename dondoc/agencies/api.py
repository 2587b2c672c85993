"""HTTP endpoints of the agency registry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from dondoc.agencies import repository as agencies_repository
from dondoc.agencies.schemas import AgencyOut
from dondoc.agencies.service import map_name, unmapped_names
from dondoc.core.text import search_key
from dondoc.deps import CurrentUser, SessionDep, require_roles
from dondoc.plans import repository
from dondoc.plans.schemas import Page
from dondoc.users.models import User

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
    stmt = agencies_repository.agencies_query(kind, current=current)
    items, total = repository.page(session, stmt, 5000, 0)
    if q:
        key = search_key(q)
        items = [a for a in items if key in search_key(a.name)]
        total = len(items)
    return {"items": items[offset : offset + limit], "total": total, "limit": limit, "offset": offset}


@router.get("/agencies/unmapped")
def unmapped(session: SessionDep, _user: CurrentUser):
    """Tên cơ quan trong kế hoạch chưa có trong danh mục / names plans use that the registry lacks."""
    return {"items": [{"name": name, "assignments": count} for name, count in unmapped_names(session)]}


class MapIn(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    agency_id: int


@router.post("/agencies/map")
def map_agency_name(
    body: MapIn, session: SessionDep, user: Annotated[User, Depends(require_roles("admin", "coordinator"))]
):
    """Gán một tên cho một cơ quan / say which body a name means."""
    linked = map_name(session, body.name, body.agency_id, actor=user.username)
    return {"name": body.name, "agency_id": body.agency_id, "assignments_linked": linked}
