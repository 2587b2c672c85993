"""The reminder job: decide today's reminders and commit them, then deliver the outbox. Run once
by `dondoc remind` (for cron) and on a schedule by `dondoc serve` (dondoc/jobs.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.core.db import get_sessionmaker, session_scope
from dondoc.notify import repository
from dondoc.notify.delivery import MAX_ATTEMPTS, open_smtp, send
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
        # Not a session_scope: delivery commits row by row (the claim, then the outcome), and
        # whatever an error leaves uncommitted is rolled back when the session closes.
        with get_sessionmaker()() as session:
            sent, failed = deliver_pending(session, settings.smtp_url)
    return ReminderRun(decided.created, decided.without_recipient, sent, failed, bool(settings.smtp_url))


def deliver_pending(session: Session, smtp_url: str, *, limit: int = 500) -> tuple[int, int]:
    """Send unsent notifications; each is claimed and committed before it is sent, and marked sent
    and committed right after the server took it, so a crash mid-run resends nothing already
    delivered. Returns (sent, failed)."""
    pending = repository.pending(session, max_attempts=MAX_ATTEMPTS, limit=limit)
    if not pending:
        return 0, 0
    sent = failed = 0
    with open_smtp(smtp_url) as client:
        for note in pending:
            # Claim the row before sending: of two runs that read it (the scheduler of `dondoc
            # serve` and a cron `dondoc remind`), only the one whose UPDATE matches sends it.
            claimed = repository.claim(session, note)
            session.commit()
            if not claimed:
                continue
            session.refresh(note)
            if send(client, note):
                sent += 1
            else:
                failed += 1
            session.commit()
    return sent, failed
