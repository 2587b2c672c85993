"""Reminders against a real SMTP server started by the test (aiosmtpd): the right messages, in
Vietnamese, once each — a second run sends nothing again, and a skipped run loses nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from factories import agency_named, make_active_plan, make_user
from sqlalchemy import func, select

from dondoc.notify.jobs import deliver_pending
from dondoc.notify.models import Notification
from dondoc.notify.service import decide_reminders


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp() -> Iterator[tuple[Inbox, str]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@pytest.fixture()
def people(session):
    plan = make_active_plan(session)
    from dondoc.reporting.service import generate_periods

    generate_periods(session, plan, actor="test")
    finance = agency_named(session, "Sở Tài chính")
    reporter = make_user(
        session, username="tai-chinh", role="reporter", agency_id=finance.id, email="taichinh@example.vn"
    )
    coordinator = make_user(session, username="dieu-phoi", role="coordinator", email="dieuphoi@example.vn")
    return plan, reporter, coordinator


def _run(session, day: date, url: str) -> tuple[int, int]:
    decide_reminders(session, day)
    return deliver_pending(session, url)


def test_overdue_task_and_missing_reports_once_each(session, smtp, people) -> None:
    inbox, url = smtp
    _plan, reporter, coordinator = people
    sent, failed = _run(session, date(2025, 6, 17), url)
    assert failed == 0 and sent == len(inbox.messages) > 0
    subjects = sorted(m["Subject"] for m in inbox.to(reporter.email))
    # 17/06/2025: task I.12 was due 15/06/2025; the June monthly and the Q2 quarterly reports were
    # due 15/06/2025; the recurring and ongoing tasks II.14, III.26, III.43, V.83 and VI.101 were
    # not reported done for the period due 15/06/2025.
    assert "[dondoc] Nhiệm vụ I.12 đã quá hạn từ ngày 15/06/2025" in subjects
    assert sum("Chưa nhận được báo cáo" in s for s in subjects) == 2
    assert {s.split()[3] for s in subjects if "quá hạn" in s} == {
        "I.12",
        "II.14",
        "III.26",
        "III.43",
        "V.83",
        "VI.101",
    }
    body = inbox.to(reporter.email)[0].get_content()
    assert "Kính gửi" in body and "dondoc" in body
    assert inbox.to(coordinator.email) == []  # within the 5-day grace period: no escalation yet

    count = len(inbox.messages)
    assert _run(session, date(2025, 6, 17), url) == (0, 0)  # the same day again: nothing twice
    assert _run(session, date(2025, 6, 18), url) == (0, 0)  # nothing new the next day either
    assert len(inbox.messages) == count


def test_escalation_after_the_grace_period(session, smtp, people) -> None:
    inbox, url = smtp
    plan, reporter, coordinator = people
    _run(session, date(2025, 6, 21), url)  # 15/06 + 5 days of grace < 21/06
    escalations = inbox.to(coordinator.email)
    # 17 agencies are expected to report; none sent the two reports due 15/06/2025.
    assert len(escalations) == 17 * 2
    assert any("Sở Tài chính chưa gửi báo cáo Tháng 6/2025" in m["Subject"] for m in escalations)


def test_deadline_in_14_then_3_days_even_after_a_skipped_run(session, smtp, people) -> None:
    inbox, url = smtp
    _plan, reporter, _ = people
    # III.27 and VI.90 are due 31/12/2026. No run happened on 17/12 (14 days before): the run of
    # 20/12 (11 days before) still sends the 14-day reminder; the run of 29/12 the 3-day one.
    _run(session, date(2026, 12, 20), url)
    soon = [m["Subject"] for m in inbox.to(reporter.email) if "III.27" in m["Subject"]]
    assert soon == ["[dondoc] Nhiệm vụ III.27 đến hạn ngày 31/12/2026 (còn 11 ngày)"]
    _run(session, date(2026, 12, 29), url)
    soon = [m["Subject"] for m in inbox.to(reporter.email) if "III.27" in m["Subject"]]
    assert soon[1:] == ["[dondoc] Nhiệm vụ III.27 đến hạn ngày 31/12/2026 (còn 2 ngày)"]
    kinds = dict(session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).all())
    assert kinds["deadline_14"] >= 1 and kinds["deadline_3"] >= 1


def test_a_failed_delivery_is_kept_for_the_next_run(session, people) -> None:
    _plan, reporter, _ = people
    decide_reminders(session, date(2025, 6, 17))
    with pytest.raises(OSError):
        deliver_pending(session, f"smtp://127.0.0.1:{_free_port()}")  # nobody listens there
    unsent = session.scalar(
        select(func.count()).select_from(Notification).where(Notification.sent_at.is_(None))
    )
    assert unsent > 0


def test_only_recent_gaps_are_mailed(session, smtp, people) -> None:
    """On 20/12/2026 the reports due 15/11 and 15/12/2026 are reminded; the older missing ones
    (due more than 45 days ago) are left to the dashboard."""
    inbox, url = smtp
    _plan, reporter, _ = people
    _run(session, date(2026, 12, 20), url)
    missing = sorted(m["Subject"] for m in inbox.to(reporter.email) if "Chưa nhận được" in m["Subject"])
    assert missing and all(
        "/2026" in s
        and ("Tháng 11/2026" in s or "Tháng 12/2026" in s or "Quý IV/2026" in s or "Năm 2026" in s)
        for s in missing
    ), missing
