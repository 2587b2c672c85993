"""Page entry of the spreadsheet import (HTTP only): upload a filled template on the report page;
all rows or none, and every bad row listed with its line number."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from dondoc.core.config import get_settings
from dondoc.deps import PageUser, SessionDep
from dondoc.exports import spreadsheet_import
from dondoc.reporting.edges import report_page_context
from dondoc.reporting.service import report_for_user
from dondoc.web.templating import FORM_ERROR, render

router = APIRouter(include_in_schema=False)
TOO_BIG = "Tệp lớn hơn giới hạn cho phép"


@router.post("/reports/{report_id}/figures")
async def upload_figures(
    report_id: int,
    request: Request,
    session: SessionDep,
    user: PageUser,
    file: UploadFile,
    version: Annotated[int, Form()],
) -> Response:
    report = report_for_user(session, report_id, user, write=True)
    limit = get_settings().max_upload_mb * 1024 * 1024
    data = await file.read(limit + 1)
    if len(data) > limit:
        errors = [spreadsheet_import.RowError(0, None, TOO_BIG, "The file is too large")]
    else:
        outcome = spreadsheet_import.import_file(
            session, report, data, file.filename or "so-lieu.xlsx", version=version, actor=user.username
        )
        if outcome.applied:
            return RedirectResponse(f"/reports/{report.id}?saved=figures", status_code=303)
        errors = outcome.errors
    session.expire_all()
    report = report_for_user(session, report_id, user)
    return render(
        request,
        "reporting/report.html",
        status_code=FORM_ERROR,
        **report_page_context(session, report),
        errors={},
        typed={},
        editable=True,
        notice=None,
        import_errors=errors,
    )
