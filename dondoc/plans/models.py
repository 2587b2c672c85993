"""Tables of a stored plan. The extraction contract (DESIGN.md) maps onto them one to one; the
source as read is kept too (`Plan.source_lines`), so a coordinator can review a row against the
lines it came from. The raw extraction is not kept: the rows are what is read back."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dondoc.core.models import Base, TimestampMixin

PLAN_STATUSES = ("draft", "active", "replaced", "closed")
ROLES = ("lead", "coordinating", "implementing")


class Plan(TimestampMixin, Base):
    __tablename__ = "plan"
    __table_args__ = (
        CheckConstraint("status IN ('draft','active','replaced','closed')", name="status"),
        Index("ix_plan_scope_province", "scope_province", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(80), index=True)
    kind: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(String(1000))
    issuer: Mapped[str | None] = mapped_column(String(300))
    province: Mapped[str | None] = mapped_column(String(80))  # as the document writes it
    # The province whose officers follow the plan today (after the 2025 mergers); None: central.
    scope_province: Mapped[str | None] = mapped_column(String(80))
    signed_date: Mapped[date | None] = mapped_column(Date)
    signer: Mapped[str | None] = mapped_column(String(120))
    source_file: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    # The source as read: [line number, text] pairs, shown beside each extracted row for review.
    # Deferred: megabytes for a long plan, and only the review pages read it (a list of plans
    # must not load every plan's source).
    source_lines: Mapped[list[Any] | None] = mapped_column(JSON, deferred=True)

    references: Mapped[list[PlanReference]] = relationship(cascade="all, delete-orphan")
    sections: Mapped[list[Section]] = relationship(cascade="all, delete-orphan")
    tasks: Mapped[list[Task]] = relationship(cascade="all, delete-orphan", back_populates="plan")
    indicators: Mapped[list[Indicator]] = relationship(cascade="all, delete-orphan", back_populates="plan")
    duties: Mapped[list[ReportingDuty]] = relationship(cascade="all, delete-orphan")


class PlanReference(Base):
    """A document the plan implements, or a plan it replaces, by its number."""

    __tablename__ = "plan_reference"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # implements | replaces
    document_number: Mapped[str] = mapped_column(String(80), index=True)


class Section(Base):
    __tablename__ = "section"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(1000))
    kind: Mapped[str | None] = mapped_column(String(40))
    line: Mapped[int | None] = mapped_column(Integer)


class Task(TimestampMixin, Base):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    section: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    output: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    deadline_text: Mapped[str | None] = mapped_column(String(300))
    deadline_kind: Mapped[str | None] = mapped_column(String(20), index=True)
    deadline_date: Mapped[date | None] = mapped_column(Date, index=True)
    deadline_start: Mapped[date | None] = mapped_column(Date)
    deadline_end: Mapped[date | None] = mapped_column(Date)
    deadline_freq: Mapped[str | None] = mapped_column(String(20))
    event_text: Mapped[str | None] = mapped_column(String(500))
    # An event task ("sau khi Bộ ban hành…") has no date until a coordinator records the event.
    event_date: Mapped[date | None] = mapped_column(Date)
    event_days: Mapped[int | None] = mapped_column(Integer)  # days allowed after the event
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_end_line: Mapped[int | None] = mapped_column(Integer)
    search_text: Mapped[str] = mapped_column(Text, default="")  # core.text.search_key of the title

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    assignments: Mapped[list[Assignment]] = relationship(
        cascade="all, delete-orphan", foreign_keys="Assignment.task_id"
    )


class Indicator(TimestampMixin, Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    catalog_key: Mapped[str | None] = mapped_column(String(120), index=True)
    source_line: Mapped[int | None] = mapped_column(Integer)
    search_text: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="indicators")
    targets: Mapped[list[Target]] = relationship(cascade="all, delete-orphan")
    assignments: Mapped[list[Assignment]] = relationship(
        cascade="all, delete-orphan", foreign_keys="Assignment.indicator_id"
    )


class Target(Base):
    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    what: Mapped[str | None] = mapped_column(String(1000))
    unit: Mapped[str | None] = mapped_column(String(80))
    comparator: Mapped[str] = mapped_column(String(10))
    value: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)


class Assignment(Base):
    """An agency's role on a task or an indicator; `agency_id` is NULL until the name is mapped."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("(task_id IS NULL) <> (indicator_id IS NULL)", name="one_subject"),
        CheckConstraint("role IN ('lead','coordinating','implementing')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    name_as_written: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))


class ReportingDuty(Base):
    __tablename__ = "reporting_duty"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    from_text: Mapped[str | None] = mapped_column(String(500))
    to_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    to_text: Mapped[str] = mapped_column(String(300))
    frequency: Mapped[list[str]] = mapped_column(JSON)
    due_day: Mapped[int | None] = mapped_column(Integer)
    due_month: Mapped[int | None] = mapped_column(Integer)
    due_text: Mapped[str | None] = mapped_column(String(300))


IMPORT_STAGES = ("queued", "reading", "extracting", "storing", "done", "failed")


class ImportJob(TimestampMixin, Base):
    """A plan file sent to be imported, read off the request (plans/jobs.py): its stage as the
    import goes, then the draft it gave or why it was refused. The file's bytes are kept only
    until the import ends."""

    __tablename__ = "import_job"
    __table_args__ = (
        CheckConstraint("stage IN ('queued','reading','extracting','storing','done','failed')", name="stage"),
        Index("ix_import_job_stage", "stage", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(500))
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20), default="queued")
    actor: Mapped[str] = mapped_column(String(80))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    created: Mapped[bool | None] = mapped_column()  # a new draft, or a file imported before
    error_kind: Mapped[str | None] = mapped_column(String(20))
    error_vi: Mapped[str | None] = mapped_column(Text)
    error_en: Mapped[str | None] = mapped_column(Text)
