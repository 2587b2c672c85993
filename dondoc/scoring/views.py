"""The ranking page (HTTP only): each active plan's agencies by completion score, with the formula
and the report rates beside the figures, read from the stored figures (scoring/summary.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from dondoc.core.config import get_settings
from dondoc.deps import PageUser, SessionDep
from dondoc.scoring import ranking, repository, timeliness
from dondoc.scoring.summary import oldest_computed, summaries
from dondoc.users.service import province_in_view
from dondoc.web import charts
from dondoc.web.i18n import translator
from dondoc.web.templating import PLANS_PER_PAGE, lang_of, page_number, render, scope_bar

router = APIRouter(include_in_schema=False)


@router.get("/ranking")
def ranking_page(request: Request, session: SessionDep, user: PageUser):
    _ = translator(lang_of(request))
    today = get_settings().today()
    province = province_in_view(user, request.query_params.get("province"))
    ranked_plans = [
        s for s in summaries(session, repository.active_plans(session, province=province), today) if s.ranking
    ]
    page, pages = page_number(request, len(ranked_plans))
    shown = ranked_plans[(page - 1) * PLANS_PER_PAGE : page * PLANS_PER_PAGE]
    names = repository.agency_names(session, {s.agency_id for item in shown for s in item.ranking})
    boards = []
    for item in shown:
        top = [s for s in item.ranking if s.score is not None][:15]
        chart = (
            charts.bars(
                _("Điểm hoàn thành") + f" · {item.plan.number or item.plan.id}",
                [names.get(s.agency_id, str(s.agency_id)) for s in top],
                [s.score for s in top],
            )
            if top
            else None
        )
        boards.append((item.plan, item.ranking, item.rates, chart))
    computed_at, stale = oldest_computed(ranked_plans)
    return render(
        request,
        "scoring/ranking.html",
        boards=boards,
        names=names,
        today=today,
        score_formula=ranking.SCORE_FORMULA_VI,
        rates_formula=timeliness.RATES_FORMULA_VI,
        computed_at=computed_at,
        stale=stale,
        **scope_bar(user.province, province, page, pages, lambda: repository.provinces_with_plans(session)),
    )
