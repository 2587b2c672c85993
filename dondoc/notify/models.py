"""The outbox. A reminder is a row whose `key` says what it is about (kind, subject, recipient);
the key is unique, so deciding the same reminder twice inserts nothing and nothing is sent twice.
Delivery marks `sent_at`; a failed delivery keeps the row for the next run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dondoc.core.models import Base, TimestampMixin, UTCDateTime

KINDS = (
    "deadline_14",
    "deadline_3",
    "overdue",
    "report_missing",
    "escalation",
    "report_sent",
    "report_returned",
)


class Notification(TimestampMixin, Base):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recipient: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
