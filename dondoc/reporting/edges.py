"""What the reporting domain's HTTP edges share, and what other domains' pages and APIs may use
without importing reporting's `api.py` or `views.py`: the one access check of a report answered as
HTTP (a forbidden access refused and audited), the service's refusals as problem+json, and the
context a report's page is drawn with."""

from __future__ import annotations

from typing import Any, NoReturn

from fastapi import Request
from sqlalchemy.orm import Session

from dondoc.core.problems import Problem
from dondoc.deps import refuse
from dondoc.reporting.errors import ReportError
from dondoc.reporting.models import Report
from dondoc.reporting.schemas import ITEM_STATUS_LABELS, REPORT_STATUS_LABELS
from dondoc.reporting.service import report_for_user, report_parts
from dondoc.users.models import User

HTTP_STATUS = {
    "invalid": 422,
    "conflict": 409,
    "not_found": 404,
    "forbidden": 403,
    "too_large": 413,
    "unsupported": 415,
}
# Refusals of an uploaded file name the field ("file") without a list of errors.
FILE_REFUSALS = ("too_large", "unsupported")


def problem_of(exc: ReportError) -> Problem:
    """The service's refusal as problem+json; `field` and `errors` are shaped like validation errors."""
    if not exc.field:
        return Problem(HTTP_STATUS[exc.kind], exc.message_vi, exc.message_en)
    if exc.kind in FILE_REFUSALS:
        return Problem(HTTP_STATUS[exc.kind], exc.message_vi, exc.message_en, field=exc.field)
    errors = [{"field": exc.field, "message": exc.message_vi, "message_en": exc.message_en}]
    return Problem(HTTP_STATUS[exc.kind], exc.message_vi, exc.message_en, field=exc.field, errors=errors)


def denied(user: User, request: Request, exc: ReportError) -> NoReturn:
    """A refused access: a forbidden one is refused and audited (`refuse`), the others answered."""
    if exc.kind == "forbidden":
        refuse(user, request, exc.message_vi, exc.message_en)
    raise problem_of(exc) from exc


def report_or_refuse(
    session: Session, report_id: int, user: User, request: Request, *, write: bool = False
) -> Report:
    """The report, through the service's one access check (`report_for_user`), for the API and the pages."""
    try:
        return report_for_user(session, report_id, user, write=write)
    except ReportError as exc:
        denied(user, request, exc)


def report_page_context(session: Session, report: Report) -> dict[str, Any]:
    """What a report's page is drawn with: the report, its parts and the status labels."""
    return {
        **report_parts(session, report),
        "item_labels": ITEM_STATUS_LABELS,
        "status_labels": REPORT_STATUS_LABELS,
    }
