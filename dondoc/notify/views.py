"""The reminders page for coordinators (HTTP only): what the reminder job decided and whether it
was delivered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from dondoc.agencies.models import Agency
from dondoc.core.config import get_settings
from dondoc.core.deps import SessionDep, require_roles
from dondoc.notify.models import KINDS, Notification
from dondoc.users.models import User
from dondoc.web.templating import render

router = APIRouter(include_in_schema=False)
KIND_LABELS = {
    "deadline_14": "Sắp đến hạn (14 ngày)",
    "deadline_3": "Sắp đến hạn (3 ngày)",
    "overdue": "Quá hạn",
    "report_missing": "Chưa gửi báo cáo",
    "escalation": "Báo cáo điều phối viên",
}
assert set(KIND_LABELS) == set(KINDS)


@router.get("/reminders")
def reminders_page(
    request: Request,
    session: SessionDep,
    user: Annotated[User, Depends(require_roles("admin", "coordinator"))],
    kind: str | None = None,
):
    stmt = select(Notification).order_by(Notification.id.desc()).limit(300)
    if kind in KIND_LABELS:
        stmt = stmt.where(Notification.kind == kind)
    notes = list(session.scalars(stmt))
    names = {
        a.id: a.name
        for a in session.scalars(select(Agency).where(Agency.id.in_({n.agency_id for n in notes})))
    }
    return render(
        request,
        "notify/reminders.html",
        notes=notes,
        names=names,
        kind=kind,
        kinds=KIND_LABELS,
        smtp=bool(get_settings().smtp_url),
    )
