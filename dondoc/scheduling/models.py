"""The slots of the scheduled jobs: one row per job and interval, claimed by the first process
that reaches it. Several `dondoc serve` processes (or cron beside a server) then run a job once
per interval, on SQLite and PostgreSQL alike, without a lock held while the job runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from dondoc.core.models import Base, UTCDateTime


class JobSlot(Base):
    __tablename__ = "job_slot"

    job: Mapped[str] = mapped_column(String(60), primary_key=True)
    # The interval's number since the epoch (whole minutes ÷ interval length).
    slot: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str] = mapped_column(String(120))
