"""Delivering the outbox by SMTP (`DONDOC_SMTP_URL`, e.g. smtp://user:password@host:587 or
smtps://host:465; `?starttls=1` upgrades a plain connection). Python's smtplib is the tool made
for this; no other dependency is needed. No query and no commit here: the reminder job
(notify/jobs.py) claims each row, sends it through `send` and commits."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import parse_qs, unquote, urlparse

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


def send(client: smtplib.SMTP, note: Notification) -> bool:
    """Hand one claimed notification to the server and note the outcome on the row: sent, or the
    error kept for the next run. Whether the server took it."""
    try:
        client.send_message(message_of(note))
    except smtplib.SMTPException as exc:
        note.last_error = str(exc)[:500]
        return False
    note.sent_at = utcnow()
    note.last_error = None
    return True
