"""The reminders page for coordinators (HTTP only): what the reminder job decided and whether it
was delivered."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from dondoc.core.config import get_settings
from dondoc.deps import SessionDep, require_roles
from dondoc.notify import repository
from dondoc.notify.models import KINDS
from dondoc.reporting import repository as reports
from dondoc.users.models import User
from dondoc.web.templating import render

router = APIRouter(include_in_schema=False)
KIND_LABELS = {
    "deadline_14": "Sắp đến hạn (14 ngày)",
    "deadline_3": "Sắp đến hạn (3 ngày)",
    "overdue": "Quá hạn",
    "report_missing": "Chưa gửi báo cáo",
    "escalation": "Báo cáo điều phối viên",
    "report_sent": "Đã gửi báo cáo, chờ duyệt",
    "report_returned": "Báo cáo bị trả lại để bổ sung",
}
assert set(KIND_LABELS) == set(KINDS)


@router.get("/reminders")
def reminders_page(
    request: Request,
    session: SessionDep,
    user: Annotated[User, Depends(require_roles("admin", "coordinator"))],
    kind: str | None = None,
):
    notes = repository.latest(session, kind=kind if kind in KIND_LABELS else None, limit=300)
    names = reports.agency_names(session, {n.agency_id for n in notes})
    return render(
        request,
        "notify/reminders.html",
        notes=notes,
        names=names,
        kind=kind,
        kinds=KIND_LABELS,
        smtp=bool(get_settings().smtp_url),
    )
