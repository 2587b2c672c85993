"""HTTP endpoints of reminders: the outbox for coordinators, and each agency's iCalendar feed.

A calendar application cannot sign in, so the feed's address carries a signed token naming the
agency (`GET /api/agencies/{id}/calendar` gives it to a signed-in user of that agency)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from dondoc.core.config import get_settings
from dondoc.core.db import utcnow
from dondoc.core.errors import DomainError
from dondoc.core.problems import Problem
from dondoc.deps import CurrentUser, SessionDep, require_roles
from dondoc.notify import repository
from dondoc.notify.service import agency_deadlines, calendar_agency, calendar_url
from dondoc.reporting import repository as reports
from dondoc.reporting.calendar import calendar_feed
from dondoc.users.models import User

router = APIRouter(prefix="/api", tags=["notify"])


@router.get("/notifications")
def list_notifications(
    session: SessionDep,
    _user: Annotated[User, Depends(require_roles("admin", "coordinator"))],
    kind: str | None = None,
    unsent: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
):
    """Hộp thư đi: nhắc việc đã quyết định và trạng thái gửi / the outbox and what was delivered."""
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "agency_id": n.agency_id,
            "recipient": n.recipient,
            "subject": n.subject,
            "created_at": n.created_at,
            "sent_at": n.sent_at,
            "attempts": n.attempts,
            "last_error": n.last_error,
        }
        for n in repository.latest(session, kind=kind, unsent=unsent, limit=limit)
    ]


@router.get("/agencies/{agency_id}/calendar")
def calendar_link(agency_id: int, session: SessionDep, user: CurrentUser, request: Request):
    """Đường dẫn lịch iCalendar của cơ quan / the address of the agency's iCalendar feed."""
    if reports.get_agency(session, agency_id) is None:
        raise Problem(404, f"Không có cơ quan {agency_id}", f"No agency {agency_id}")
    if user.role == "reporter" and user.agency_id != agency_id:
        raise DomainError(
            "forbidden", "Chỉ xem được lịch của cơ quan mình", "Only your own agency's calendar"
        )
    return {"url": calendar_url(agency_id)}


@router.get("/calendar/{token}.ics")
def calendar(token: str, session: SessionDep) -> Response:
    agency = calendar_agency(session, token)
    if agency is None:
        raise Problem(404, "Đường dẫn lịch không hợp lệ", "Invalid calendar address")
    now = utcnow()
    deadlines = agency_deadlines(session, agency, get_settings().local_date(now))
    body = calendar_feed(f"dondoc — {agency.name}", deadlines, now=now)
    return Response(body, media_type="text/calendar; charset=utf-8")
