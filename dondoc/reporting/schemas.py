"""API shapes of the reporting cycle. Field limits that need no database (a % in 0–100, a status
from the list, a reason for "không thực hiện được") are checked here, so the error names the field;
rules that need history (a value far from the previous one) are checked in the service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

ItemStatus = Literal["not_started", "in_progress", "completed", "not_feasible"]

ITEM_STATUS_LABELS = {
    "not_started": ("Chưa triển khai", "Not started"),
    "in_progress": ("Đang triển khai", "In progress"),
    "completed": ("Hoàn thành", "Completed"),
    "not_feasible": ("Không thực hiện được", "Cannot be done"),
}
REPORT_STATUS_LABELS = {
    "draft": ("Bản nháp", "Draft"),
    "submitted": ("Đã gửi", "Submitted"),
    "returned": ("Bị trả lại", "Returned"),
    "accepted": ("Đã chấp nhận", "Accepted"),
}


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    task_id: int
    status: ItemStatus | None = None
    progress: float | None = Field(default=None, ge=0, le=100)
    narrative: str | None = Field(default=None, max_length=20000)
    reason: str | None = Field(default=None, max_length=5000)
    completed_on: date | None = None
    evidence_number: str | None = Field(default=None, max_length=120)
    evidence_link: HttpUrl | None = None

    @model_validator(mode="after")
    def reason_when_not_feasible(self) -> ItemIn:
        if self.status == "not_feasible" and not (self.reason and self.reason.strip()):
            raise ValueError(
                "Nhiệm vụ không thực hiện được phải nêu lý do (reason) / "
                "a task that cannot be done needs a reason"
            )
        return self


class ValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target_id: int
    value: float | None = None
    source: str | None = Field(default=None, max_length=500)
    note: str | None = Field(default=None, max_length=5000)


class ReportUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="the version you read; a stale one gets 409 Conflict")
    items: list[ItemIn] = Field(default_factory=list)
    values: list[ValueIn] = Field(default_factory=list)


class VersionIn(BaseModel):
    version: int = Field(ge=1)


class ReviewIn(BaseModel):
    version: int = Field(ge=1)
    decision: Literal["accept", "return"]
    comment: str | None = Field(default=None, max_length=5000)

    @model_validator(mode="after")
    def comment_when_returned(self) -> ReviewIn:
        if self.decision == "return" and not (self.comment and self.comment.strip()):
            raise ValueError("Trả lại báo cáo phải kèm ý kiến (comment) / a returned report needs a comment")
        return self


class PeriodIn(BaseModel):
    frequency: Literal["monthly", "quarterly", "half-yearly", "yearly"]
    due_day: int | None = Field(default=None, ge=1, le=31)
    due_month: int | None = Field(default=None, ge=1, le=12)


class PeriodAdjust(BaseModel):
    cutoff_start: date | None = None
    cutoff_end: date | None = None
    due: date | None = None


class EventIn(BaseModel):
    event_date: date
    days: int | None = Field(default=None, ge=0, le=3650)


class PeriodOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    plan_id: int
    frequency: str
    key: str
    label: str
    cutoff_start: date
    cutoff_end: date
    due: date
    adjusted: bool


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    filename: str
    content_type: str
    size: int


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    task_id: int
    role: str
    status: str
    progress: float | None
    narrative: str | None
    reason: str | None
    completed_on: date | None
    evidence_number: str | None
    evidence_link: str | None
    attachments: list[AttachmentOut] = []


class ValueOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    indicator_id: int
    target_id: int
    value: float | None
    source: str | None
    note: str | None


class ReportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    period_id: int
    agency_id: int
    status: str
    version: int
    late: bool
    submitted_at: datetime | None
    review_comment: str | None
    reviewed_by: str | None
    items: list[ItemOut]
    values: list[ValueOut]
