"""Tables of the reporting cycle: periods generated from a plan's reporting duties, an agency's
report per period with an item per task and a value per indicator, uploaded evidence.

A report carries a `version` that every change must quote: the second of two officers editing
the same report gets a conflict instead of overwriting the first (optimistic concurrency)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dondoc.core.models import Base, TimestampMixin, UTCDateTime

if TYPE_CHECKING:
    from dondoc.agencies.models import Agency
    from dondoc.plans.models import Plan


class ReportStatus(StrEnum):
    """Where a report stands; the values are the stored strings."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


REPORT_STATUSES = tuple(ReportStatus)
# Reports that count as sent (received, figures someone stands by): submitted or accepted. A
# returned report was refused and counts as not received until it is sent again.
SENT = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
# Reports the agency may still change: a draft, or one returned to it.
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
ITEM_STATUSES = ("not_started", "in_progress", "completed", "not_feasible")
FREQUENCIES = ("monthly", "quarterly", "half-yearly", "yearly")


class Period(TimestampMixin, Base):
    """One reporting period of a plan: the data cut-off window and the due date (Nghị định
    09/2019/NĐ-CP defaults, or the plan's own due day, adjustable by a coordinator)."""

    __tablename__ = "period"
    __table_args__ = (
        UniqueConstraint("plan_id", "frequency", "key"),
        CheckConstraint("cutoff_start <= cutoff_end", name="cutoff_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    duty_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_duty.id", ondelete="SET NULL"))
    frequency: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(80))
    cutoff_start: Mapped[date] = mapped_column(Date)
    cutoff_end: Mapped[date] = mapped_column(Date)
    due: Mapped[date] = mapped_column(Date, index=True)
    adjusted: Mapped[bool] = mapped_column(default=False)  # a coordinator changed the defaults

    # read-only: a report's access check loads its period with the plan in one query
    # (`repository.report_with_plan`) and the plan stays loaded as long as the period is
    plan: Mapped[Plan] = relationship(viewonly=True)


class Report(TimestampMixin, Base):
    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("period_id", "agency_id"),
        CheckConstraint("status IN ('draft','submitted','returned','accepted')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.DRAFT)
    version: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late: Mapped[bool] = mapped_column(default=False)
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(80))

    period: Mapped[Period] = relationship()
    agency: Mapped[Agency] = relationship(viewonly=True)  # its name is in every message about it
    items: Mapped[list[ReportItem]] = relationship(
        cascade="all, delete-orphan", order_by="ReportItem.id", back_populates="report"
    )
    values: Mapped[list[IndicatorValue]] = relationship(
        cascade="all, delete-orphan", order_by="IndicatorValue.id", back_populates="report"
    )


class ReportItem(Base):
    """The agency's account of one task in one period: the lead's, or a coordinating agency's part."""

    __tablename__ = "report_item"
    __table_args__ = (
        UniqueConstraint("report_id", "task_id"),
        CheckConstraint("status IN ('not_started','in_progress','completed','not_feasible')", name="status"),
        CheckConstraint("progress IS NULL OR (progress >= 0 AND progress <= 100)", name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="lead")
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    progress: Mapped[float | None] = mapped_column(Float)
    narrative: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None] = mapped_column(Date)
    evidence_number: Mapped[str | None] = mapped_column(String(120))
    evidence_link: Mapped[str | None] = mapped_column(String(1000))

    report: Mapped[Report] = relationship(back_populates="items")
    # selectin: a report answered with its items loads their attachments in one query, not one
    # query per item
    attachments: Mapped[list[Attachment]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class IndicatorValue(Base):
    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("report_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"), index=True)
    value: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="values")


class Attachment(TimestampMixin, Base):
    """Evidence uploaded for an item. The bytes live in the files directory under their sha256;
    the type was checked from the content, not from the name."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("report_item.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(80))
