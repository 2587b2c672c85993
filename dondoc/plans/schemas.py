"""API shapes of plans, tasks and indicators."""

from __future__ import annotations

from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    number: str | None
    kind: str | None
    title: str | None
    issuer: str | None
    province: str | None
    signed_date: date | None
    signer: str | None
    status: str
    source_file: str


class AssignmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    agency_id: int | None
    name_as_written: str
    role: str


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    plan_id: int
    code: str
    section: str | None
    title: str
    output: str | None
    deadline_text: str | None
    deadline_kind: str | None
    deadline_date: date | None
    deadline_start: date | None
    deadline_end: date | None
    deadline_freq: str | None
    source_line: int | None
    assignments: list[AssignmentOut]


class TargetOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    what: str | None
    unit: str | None
    comparator: str
    value: float | None
    value_max: float | None
    level: str | None
    text: str | None


class IndicatorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    plan_id: int
    code: str
    text: str
    year: int | None
    targets: list[TargetOut]
    assignments: list[AssignmentOut]


class SectionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    code: str
    level: int
    title: str
    kind: str | None


class PlanDetail(PlanOut):
    sections: list[SectionOut]
    task_count: int
    indicator_count: int


class ImportJobOut(BaseModel):
    """An import job as a client follows it: its stage, how far it is (percent), then the draft
    it gave (`plan_id`, `created` False for a file imported before) or why it was refused."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    file_name: str
    size: int
    stage: str
    progress: int
    plan_id: int | None
    created: bool | None
    error_kind: str | None
    error_vi: str | None
    error_en: str | None
