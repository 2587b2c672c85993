"""API shapes of the reporting cycle. Field limits that need no database (a % in 0–100, a status
from the list, finite numbers) are checked here, so the error names the field; rules that need the
stored report (a reason for "không thực hiện được", a value far from the previous one, a comment
to return a report) are checked in the service, which names the field too."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

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
    progress: float | None = Field(default=None, ge=0, le=100, allow_inf_nan=False)
    narrative: str | None = Field(default=None, max_length=20000)
    reason: str | None = Field(default=None, max_length=5000)
    completed_on: date | None = None
    evidence_number: str | None = Field(default=None, max_length=120)
    evidence_link: HttpUrl | None = None
    # "không thực hiện được" needs a reason: checked by the service against the stored item too,
    # so that the error names the field (items[n].reason) and a reason cannot be erased later.


class ValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target_id: int
    value: float | None = Field(default=None, allow_inf_nan=False)
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
    comment: str | None = Field(default=None, max_length=5000)  # required to return: the service checks


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


class ReportState(BaseModel):
    """Where a report stands: the answer to a move of its status (submit, review), which changes
    none of its items; `GET /api/reports/{id}` answers with them."""

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


class ReportOut(ReportState):
    items: list[ItemOut]
    values: list[ValueOut]
