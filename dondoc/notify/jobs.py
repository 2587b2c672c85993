"""The reminder job: decide today's reminders and commit them, then deliver the outbox. Run once
by `dondoc remind` (for cron) and on a schedule by `dondoc serve` (dondoc/jobs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.core.db import session_scope
from dondoc.notify.delivery import deliver_pending
from dondoc.notify.service import decide_reminders


@dataclass
class ReminderRun:
    decided: int
    without_recipient: int
    sent: int
    failed: int
    smtp_configured: bool


def run_reminders(today: date | None = None) -> ReminderRun:
    settings = get_settings()
    day = today or settings.today()
    with session_scope() as session:
        decided = decide_reminders(session, day)
        record(
            session,
            actor="system",
            action="decide_reminders",
            entity="notification",
            after={
                "day": day.isoformat(),
                "created": decided.created,
                "without_recipient": decided.without_recipient,
            },
        )
    # Committed above: delivery starts only from what is stored.
    sent = failed = 0
    if settings.smtp_url:
        with session_scope() as session:
            sent, failed = deliver_pending(session, settings.smtp_url)
    return ReminderRun(decided.created, decided.without_recipient, sent, failed, bool(settings.smtp_url))
