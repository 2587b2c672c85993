"""Delivering the outbox by SMTP (`DONDOC_SMTP_URL`, e.g. smtp://user:password@host:587 or
smtps://host:465; `?starttls=1` upgrades a plain connection). Python's smtplib is the tool made
for this; no other dependency is needed."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import parse_qs, unquote, urlparse

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dondoc.core.config import get_settings
from dondoc.core.db import utcnow
from dondoc.notify.models import Notification

MAX_ATTEMPTS = 10


class SmtpUrlError(ValueError):
    pass


def open_smtp(url: str) -> smtplib.SMTP:
    parts = urlparse(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SmtpUrlError(
            f"DONDOC_SMTP_URL không hợp lệ: {url!r} (ví dụ smtp://máy:25) / invalid DONDOC_SMTP_URL"
        )
    timeout = 30
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            parts.hostname, parts.port or 465, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=timeout)
        if parse_qs(parts.query).get("starttls") == ["1"]:
            client.starttls(context=ssl.create_default_context())
    if parts.username:
        client.login(unquote(parts.username), unquote(parts.password or ""))
    return client


def message_of(note: Notification) -> EmailMessage:
    settings = get_settings()
    msg = EmailMessage()
    msg["From"] = formataddr(("dondoc", settings.mail_from))
    msg["To"] = note.recipient
    msg["Subject"] = note.subject
    msg["Message-ID"] = make_msgid(idstring=f"dondoc-{note.id}")
    msg.set_content(note.body, charset="utf-8")
    return msg


def deliver_pending(session: Session, smtp_url: str, *, limit: int = 500) -> tuple[int, int]:
    """Send unsent notifications; each is marked sent and committed right after the server took
    it, so a crash mid-run resends nothing already delivered. Returns (sent, failed)."""
    pending = list(
        session.scalars(
            select(Notification)
            .where(Notification.sent_at.is_(None), Notification.attempts < MAX_ATTEMPTS)
            .order_by(Notification.id)
            .limit(limit)
        )
    )
    if not pending:
        return 0, 0
    sent = failed = 0
    with open_smtp(smtp_url) as client:
        for note in pending:
            # Claim the row before sending: of two runs that read it (the scheduler of `dondoc
            # serve` and a cron `dondoc remind`), only the one whose UPDATE matches sends it.
            claimed = session.execute(
                update(Notification)
                .where(
                    Notification.id == note.id,
                    Notification.sent_at.is_(None),
                    Notification.attempts == note.attempts,
                )
                .values(attempts=Notification.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            session.commit()
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue
            session.refresh(note)
            try:
                client.send_message(message_of(note))
            except smtplib.SMTPException as exc:
                note.last_error = str(exc)[:500]
                failed += 1
            else:
                note.sent_at = utcnow()
                note.last_error = None
                sent += 1
            session.commit()
    return sent, failed
