"""The ranking page (HTTP only): each active plan's agencies by completion score, with the formula
and the report rates beside the figures."""

from __future__ import annotations

from fastapi import APIRouter, Request

from dondoc.core.config import get_settings
from dondoc.deps import PageUser, SessionDep
from dondoc.scoring import ranking, repository, timeliness
from dondoc.scoring.service import ReportingInputs, agency_scores, report_rate_rows
from dondoc.users.service import province_in_view
from dondoc.web import charts
from dondoc.web.i18n import translator
from dondoc.web.templating import lang_of, render

router = APIRouter(include_in_schema=False)


@router.get("/ranking")
def ranking_page(request: Request, session: SessionDep, user: PageUser):
    _ = translator(lang_of(request))
    today = get_settings().today()
    names = repository.agency_names(session)
    boards = []
    province = province_in_view(user, request.query_params.get("province"))
    for plan in repository.active_plans(session, province=province):
        inputs = ReportingInputs.read(session, plan, today)  # read once for both figures
        scores = agency_scores(session, plan, today, inputs=inputs)
        if not scores:
            continue
        rates = {r.agency_id: r.rates for r in report_rate_rows(session, plan, today, inputs)}
        ranked = [s for s in scores if s.score is not None][:15]
        chart = (
            charts.bars(
                _("Điểm hoàn thành") + f" · {plan.number or plan.id}",
                [names.get(s.agency_id, str(s.agency_id)) for s in ranked],
                [s.score for s in ranked],
            )
            if ranked
            else None
        )
        boards.append((plan, scores, rates, chart))
    return render(
        request,
        "scoring/ranking.html",
        boards=boards,
        names=names,
        today=today,
        score_formula=ranking.SCORE_FORMULA_VI,
        rates_formula=timeliness.RATES_FORMULA_VI,
    )
