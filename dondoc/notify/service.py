"""Deciding reminders (no sending here): deadlines in 14 and in 3 days, overdue tasks, reports
missing after their due day, and escalation to the coordinators after a grace period.

Each reminder is an outbox row with a unique key (what, about which task or period, for whom).
Reminders are decided from the state of the data on the day the job runs, over a window rather
than on one exact day — "due within 14 days", not "due in exactly 14 days" — so a run that was
skipped never loses a reminder: the next run finds it still due and not yet in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from dondoc.agencies.models import Agency
from dondoc.core.config import get_settings
from dondoc.notify import repository
from dondoc.plans.models import Plan
from dondoc.reporting import repository as reports
from dondoc.reporting.calendar import Deadline
from dondoc.reporting.service import reporting_agencies
from dondoc.scoring.service import TaskFigure, task_figures
from dondoc.users.models import User

SOON_DAYS, URGENT_DAYS = 14, 3
# Older gaps are shown on the dashboard, not e-mailed: a plan activated years after it was signed
# must not send a reminder for every period and deadline since then.
LOOK_BACK_DAYS = 45


@dataclass
class Decided:
    created: int = 0
    without_recipient: int = 0  # agencies with nobody to write to: listed for the coordinator


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(get_settings().secret_key, salt="dondoc-calendar")


def calendar_url(agency_id: int) -> str:
    """The address of the agency's iCalendar feed: a signed token naming the agency, since a
    calendar application cannot sign in."""
    token = _signer().dumps({"agency": agency_id})
    return f"{get_settings().public_url.rstrip('/')}/api/calendar/{token}.ics"


def calendar_agency(session: Session, token: str) -> Agency | None:
    """The agency a calendar token names; None for a token not signed by us."""
    try:
        data = _signer().loads(token)
    except BadSignature:
        return None
    return reports.get_agency(session, data.get("agency"))


def coordinators_for(session: Session, province: str | None) -> list[User]:
    """Who is told of a plan's reports: the coordinators of its province; the national ones when
    the plan is central or its province has none (a province's reports are not the whole
    country's mail)."""
    return repository.coordinators_of(session, province)


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _add(
    session: Session,
    decided: Decided,
    *,
    key: str,
    kind: str,
    agency_id: int | None,
    user: User,
    subject: str,
    body: str,
) -> None:
    """Insert unless the key is already there; ON CONFLICT DO NOTHING also keeps two runs that
    overlap from writing the same reminder twice."""
    values = dict(
        key=key,
        kind=kind,
        agency_id=agency_id,
        user_id=user.id,
        recipient=user.email or "",
        subject=subject,
        body=body,
        attempts=0,
    )
    decided.created += repository.insert_once(session, **values)


def _task_line(figure: TaskFigure, plan: Plan) -> str:
    task = figure.task
    deadline = vn_date(figure.deadline) if figure.deadline else "—"
    return f"Kế hoạch {plan.number or plan.id}, nhiệm vụ {task.code}: {task.title}\nThời hạn: {deadline}"


def decide_reminders(session: Session, today: date) -> Decided:
    """Write every reminder due on `today` into the outbox (once each, ever)."""
    decided = Decided()
    settings = get_settings()
    link = settings.public_url.rstrip("/")
    plans = reports.active_plans(session)
    for plan in plans:
        for figure in task_figures(session, plan, today):
            _task_reminders(session, decided, plan, figure, link)
        _report_reminders(session, decided, plan, today, settings.escalation_grace_days, link)
    return decided


def _task_reminders(session: Session, decided: Decided, plan: Plan, figure: TaskFigure, link: str) -> None:
    status, days = figure.timeliness.status, figure.timeliness.days_left
    if figure.deadline is None or days is None:
        return
    if status == "in_progress" and 0 <= days <= SOON_DAYS:
        kind = "deadline_3" if days <= URGENT_DAYS else "deadline_14"
        subject = (
            f"[dondoc] Nhiệm vụ {figure.task.code} đến hạn ngày {vn_date(figure.deadline)} (còn {days} ngày)"
        )
    elif status == "overdue" and -days <= LOOK_BACK_DAYS:
        kind = "overdue"
        subject = f"[dondoc] Nhiệm vụ {figure.task.code} đã quá hạn từ ngày {vn_date(figure.deadline)}"
    else:
        return
    body = (
        f"Kính gửi cán bộ đầu mối,\n\n{_task_line(figure, plan)}\n\n"
        f"Đề nghị cập nhật tiến độ trong báo cáo kỳ này tại {link}.\n\n"
        "Thư gửi tự động từ dondoc — theo dõi, đôn đốc thực hiện kế hoạch."
    )
    for agency_id in figure.lead_agency_ids:
        users = repository.reporters_of(session, agency_id)
        if not users:
            decided.without_recipient += 1
        for user in users:
            # The deadline is in the key: a task whose deadline moves is reminded again.
            key = f"{kind}:task{figure.task.id}:{figure.deadline.isoformat()}:user{user.id}"
            _add(
                session,
                decided,
                key=key,
                kind=kind,
                agency_id=agency_id,
                user=user,
                subject=subject,
                body=body,
            )


def _report_reminders(
    session: Session, decided: Decided, plan: Plan, today: date, grace: int, link: str
) -> None:
    sent = set(reports.sent_reports(session, plan.id))
    agencies = reporting_agencies(session, plan, today)
    coordinators = coordinators_for(session, plan.scope_province)
    for period in reports.periods_of(session, plan.id):
        if period.due >= today or (today - period.due).days > LOOK_BACK_DAYS:
            continue
        for agency_id in agencies:
            if (agency_id, period.id) in sent:
                continue
            agency = reports.get_agency(session, agency_id)
            name = agency.name if agency else str(agency_id)
            what = f"báo cáo {period.label} về Kế hoạch {plan.number or plan.id} (hạn {vn_date(period.due)})"
            users = repository.reporters_of(session, agency_id)
            if not users:
                decided.without_recipient += 1
            for user in users:
                _add(
                    session,
                    decided,
                    key=f"report_missing:period{period.id}:user{user.id}",
                    kind="report_missing",
                    agency_id=agency_id,
                    user=user,
                    subject=f"[dondoc] Chưa nhận được {what}",
                    body=f"Kính gửi {name},\n\nĐến nay chưa nhận được {what}.\n"
                    f"Đề nghị gửi báo cáo tại {link}.\n\nThư gửi tự động từ dondoc.",
                )
            if today > period.due + timedelta(days=grace):
                for coordinator in coordinators:
                    _add(
                        session,
                        decided,
                        key=f"escalation:period{period.id}:agency{agency_id}:user{coordinator.id}",
                        kind="escalation",
                        agency_id=agency_id,
                        user=coordinator,
                        subject=f"[dondoc] {name} chưa gửi {what} sau {grace} ngày",
                        body=f"{name} chưa gửi {what}, đã quá hạn hơn {grace} ngày.\n"
                        f"Xem danh sách báo cáo còn thiếu tại {link}.\n\nThư gửi tự động từ dondoc.",
                    )


def agency_deadlines(session: Session, agency: Agency, today: date) -> list[Deadline]:
    """An agency's dated deadlines in its active plans, for its calendar feed: the tasks it leads
    (its predecessors' included) still open, and the due days of the reports it owes."""
    out: list[Deadline] = []
    plans = reports.active_plans(session)
    for plan in plans:
        for figure in task_figures(session, plan, today):
            if agency.id not in figure.lead_agency_ids or figure.deadline is None:
                continue
            if figure.timeliness.status.startswith("completed") or figure.period_key is not None:
                continue
            task = figure.task
            out.append(
                Deadline(
                    uid=f"task-{task.id}",
                    day=figure.deadline,
                    summary=f"Hạn nhiệm vụ {task.code} — Kế hoạch {plan.number or plan.id}",
                    description=task.title,
                )
            )
        if agency.id in reporting_agencies(session, plan, today):
            for period in reports.periods_of(session, plan.id):
                out.append(
                    Deadline(
                        uid=f"period-{period.id}-agency-{agency.id}",
                        day=period.due,
                        summary=f"Hạn gửi báo cáo {period.label} — Kế hoạch {plan.number or plan.id}",
                        description=f"Số liệu từ {vn_date(period.cutoff_start)} "
                        f"đến {vn_date(period.cutoff_end)}",
                    )
                )
    return out
