"""API shapes of agencies."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class AgencyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    code: str
    name: str
    kind: str
    level: str | None
    valid_from: date | None
    valid_to: date | None
