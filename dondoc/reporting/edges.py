"""What the reporting domain's pages share with other domains' pages without importing
reporting's `views.py`: the context a report's page is drawn with. (The one access check of a
report is the service's `report_for_user`; its refusals are answered by core/problems.py, a
"forbidden" one audited by the application.)"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dondoc.reporting.models import Report
from dondoc.reporting.schemas import ITEM_STATUS_LABELS, REPORT_STATUS_LABELS
from dondoc.reporting.service import report_parts


def report_page_context(session: Session, report: Report) -> dict[str, Any]:
    """What a report's page is drawn with: the report, its parts and the status labels."""
    return {
        **report_parts(session, report),
        "item_labels": ITEM_STATUS_LABELS,
        "status_labels": REPORT_STATUS_LABELS,
    }
