"""Messages about what just happened to a report, written to the outbox in the request that made
it happen (the delivery job sends them, as it sends reminders): a report sent tells the
coordinators there is one to review; a report returned tells its agency's reporters why, so they
learn it from their mail rather than by phone.

The key names the report and its version at the event: the same event never writes twice, a
report sent again after a return writes anew."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dondoc.core.config import get_settings
from dondoc.notify import repository
from dondoc.notify.service import vn_date
from dondoc.reporting import repository as reports
from dondoc.reporting.models import Report
from dondoc.users.models import User


def _what(session: Session, report: Report) -> tuple[str, str, str | None]:
    """(the agency's name, "báo cáo <period> về Kế hoạch <number> (hạn dd/mm/yyyy)", the plan's
    province)."""
    period = report.period
    plan = reports.get_plan(session, period.plan_id)
    agency = reports.get_agency(session, report.agency_id)
    name = agency.name if agency else str(report.agency_id)
    number = (plan.number if plan else None) or period.plan_id
    what = f"báo cáo {period.label} về Kế hoạch {number} (hạn {vn_date(period.due)})"
    return name, what, plan.scope_province if plan else None


def _write(session: Session, report: Report, kind: str, users: list[User], subject: str, body: str) -> int:
    rows: list[dict[str, object]] = [
        {
            "key": f"{kind}:report{report.id}:v{report.version}:user{user.id}",
            "kind": kind,
            "agency_id": report.agency_id,
            "user_id": user.id,
            "recipient": user.email or "",
            "subject": subject,
            "body": body,
            "attempts": 0,
        }
        for user in users
    ]
    return repository.insert_many_once(session, rows)


def report_sent(session: Session, report: Report) -> int:
    """Tell the coordinators who follow the plan's province that a report waits for their review
    (the national ones when the plan is central or its province has none); the number of
    messages written."""
    name, what, province = _what(session, report)
    link = f"{get_settings().public_url.rstrip('/')}/reports/{report.id}"
    body = (
        f"{name} đã gửi {what}{' (gửi muộn)' if report.late else ''}.\n"
        f"Xem và duyệt báo cáo tại {link}.\n\nThư gửi tự động từ dondoc."
    )
    # coordinators_for's rule, written in the one INSERT … SELECT (a deadline's busiest write)
    return repository.insert_for_coordinators(
        session,
        province,
        kind="report_sent",
        key=f"report_sent:report{report.id}:v{report.version}",
        agency_id=report.agency_id,
        subject=f"[dondoc] {name} đã gửi {what}",
        body=body,
    )


def report_returned(session: Session, report: Report) -> int:
    """Tell the agency's reporters their report came back, with the coordinator's comment."""
    _name, what, _province = _what(session, report)
    link = f"{get_settings().public_url.rstrip('/')}/reports/{report.id}"
    body = (
        f"Kính gửi cán bộ đầu mối,\n\n{what[0].upper()}{what[1:]} đã được trả lại để bổ sung.\n"
        f"Ý kiến của điều phối viên: {report.review_comment or '—'}\n\n"
        f"Đề nghị chỉnh sửa và gửi lại tại {link}.\n\nThư gửi tự động từ dondoc."
    )
    reporters = repository.reporters_of(session, report.agency_id)
    return _write(session, report, "report_returned", reporters, f"[dondoc] Trả lại {what}", body)
