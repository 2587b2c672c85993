"""Use cases of the reporting domain that cross into other domains (as Netflix Dispatch keeps
them in `flows.py`); the API and the pages call these, never the two services one after the other.

- `submit_report`: a report sent (reporting) tells the coordinators it waits for review (notify).
- `review_report`: a report accepted or returned (reporting); a returned one tells its agency's
  reporters why (notify).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from dondoc.notify import events
from dondoc.reporting.models import Report, ReportStatus
from dondoc.reporting.service import review, submit


def submit_report(session: Session, report: Report, version: int, *, actor: str) -> Report:
    submit(session, report, version, actor=actor)
    events.report_sent(session, report)
    return report


def review_report(
    session: Session, report: Report, version: int, decision: str, comment: str | None, *, actor: str
) -> Report:
    review(session, report, version, decision, comment, actor=actor)
    if report.status == ReportStatus.RETURNED:
        events.report_returned(session, report)
    return report
