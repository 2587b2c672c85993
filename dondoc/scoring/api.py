"""HTTP endpoint of the computed figures: a plan's evaluation on a day, with every formula written
beside the figures it produced (HTTP only)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from fastapi import APIRouter

from dondoc.core.config import get_settings
from dondoc.deps import CurrentUser, SessionDep
from dondoc.plans.service import plan_for_user
from dondoc.scoring import progress, ranking, timeliness
from dondoc.scoring.service import (
    ReportingInputs,
    agency_scores,
    period_rates,
    report_rate_rows,
    target_figures,
    task_figures,
)

router = APIRouter(prefix="/api", tags=["scoring"])


@router.get("/plans/{plan_id}/evaluation")
def evaluation(plan_id: int, session: SessionDep, user: CurrentUser, as_of: date | None = None):
    """Đánh giá kế hoạch tại một ngày: tiến độ nhiệm vụ, chỉ tiêu, báo cáo, xếp hạng / the plan's
    figures on a day: task timeliness, indicator progress, report rates, agency ranking."""
    plan = plan_for_user(session, plan_id, user)  # a plan of another province is not there
    day = as_of or get_settings().today()
    tasks = task_figures(session, plan, day)
    targets = target_figures(session, plan, day)
    inputs = ReportingInputs.read(session, plan, day)  # periods, agencies, reports: read once
    return {
        "plan_id": plan.id,
        "as_of": day,
        "tasks": {
            "counts": dict(Counter(f.timeliness.status for f in tasks)),
            "due_soon": sum(1 for f in tasks if f.timeliness.due_soon),
            "items": [
                {
                    "task_id": f.task.id,
                    "code": f.task.code,
                    "status": f.timeliness.status,
                    "label": f.timeliness.label_vi,
                    "due_soon": f.timeliness.due_soon,
                    "days_left": f.timeliness.days_left,
                    "deadline": f.deadline,
                    "period": f.period_key,
                    "lead_agency_ids": f.lead_agency_ids,
                }
                for f in tasks
            ],
            "method": "Quyết định 42/2014/QĐ-TTg, sửa đổi bởi Quyết định 23/2018/QĐ-TTg",
        },
        "indicators": {
            "counts": dict(Counter(f.progress.status for f in targets)),
            "items": [
                {
                    "indicator_id": f.indicator.id,
                    "target_id": f.target.id,
                    "code": f.indicator.code,
                    "status": f.progress.status,
                    "label": f.progress.label_vi,
                    "ratio": f.progress.ratio,
                    "forecast": f.progress.forecast,
                    "target": f.target.value,
                    "target_max": f.target.value_max,
                    "comparator": f.target.comparator,
                    "year": f.indicator.year,
                    "values": [{"period": label, "value": v} for label, v in f.values],
                }
                for f in targets
            ],
            "formula": progress.FORMULA_VI,
            "formula_en": progress.FORMULA_EN,
        },
        "reports": {
            "by_agency": [
                {"agency_id": r.agency_id, **vars(r.rates)}
                for r in report_rate_rows(session, plan, day, inputs)
            ],
            "by_period": [
                {"period_id": p.id, "period": p.label, "due": p.due, **vars(rates)}
                for p, rates in period_rates(session, plan, day, inputs)
            ],
            "formula": timeliness.RATES_FORMULA_VI,
            "formula_en": timeliness.RATES_FORMULA_EN,
        },
        "ranking": {
            "items": [vars(s) for s in agency_scores(session, plan, day, tasks, inputs)],
            "formula": ranking.SCORE_FORMULA_VI,
            "formula_en": ranking.SCORE_FORMULA_EN,
        },
    }
