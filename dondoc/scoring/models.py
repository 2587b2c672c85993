"""The stored figures of each live plan (as DHIS2 keeps analytics tables beside the data): what
the dashboard and the ranking read, one row per plan, so that a page of many plans costs one
query on a small table and never grows with other provinces' reports.

A row holds the figures of one day (`as_of`); any write that changes what they are computed from
sets `stale` in the same transaction (scoring/staleness.py), and the refresh job computes them
again right after (scoring/jobs.py). A page shows a stale row with the time it was computed; a
row of another day, or none, is computed live."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from dondoc.core.models import Base, UTCDateTime


class PlanFigures(Base):
    __tablename__ = "plan_figures"
    __table_args__ = (Index("ix_plan_figures_refresh", "stale", "as_of"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)
    # None while the refresh job computes the row again (the row was claimed, the figures not yet
    # written): readers then compute live, and a refresh that died is taken up again.
    as_of: Mapped[date | None] = mapped_column(Date)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    # scoring.summary.PlanSummary as JSON: counts, the current period's reports, the agencies'
    # scores and report rates.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
