"""Pages shared by every role (HTTP only): sign-in and sign-out, the language switch, the overview
dashboard, and the error page the problem handler renders for the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from dondoc.audit.service import record
from dondoc.core.config import get_settings
from dondoc.deps import SESSION_COOKIE, OptionalUser, PageUser, SessionDep
from dondoc.scoring import ranking
from dondoc.scoring import repository as scoring_repository
from dondoc.scoring.progress import LABELS_VI as PROGRESS_LABELS
from dondoc.scoring.summary import PlanSummary, oldest_computed, summaries
from dondoc.users.service import TOKEN_MAX_AGE, authenticate, issue_token, province_in_view
from dondoc.web import charts
from dondoc.web.i18n import LANG_COOKIE, LANGS, translator
from dondoc.web.templating import (
    ERROR_TITLES,
    FORM_ERROR,
    PLANS_PER_PAGE,
    lang_of,
    page_error,
    page_number,
    render,
    scope_bar,
)

LOGIN_FAILED = "Sai tên đăng nhập hoặc mật khẩu"
__all__ = ["ERROR_TITLES", "LOGIN_FAILED", "page_error", "router"]

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never send a signed-in user to another site after sign-in."""
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, user: OptionalUser, next: str | None = None):
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", next=safe_next(next))


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
):
    user = authenticate(session, username.strip(), password) if username and password else None
    if user is None:
        return render(
            request,
            "login.html",
            status_code=FORM_ERROR,
            error=LOGIN_FAILED,
            username=username,
            next=safe_next(next),
        )
    record(session, actor=user.username, actor_id=user.id, action="login", entity="user", entity_id=user.id)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        issue_token(user, "web"),
        max_age=TOKEN_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=get_settings().environment == "production",
        path="/",
    )
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str | None = None) -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGS:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", path="/")
    return response


TASK_SERIES = (("done", "Hoàn thành"), ("in_progress", "Đang thực hiện, trong hạn"), ("overdue", "Quá hạn"))


@router.get("/")
def dashboard(request: Request, session: SessionDep, user: PageUser):
    _ = translator(lang_of(request))
    today = get_settings().today()
    province = province_in_view(user, request.query_params.get("province"))
    plans = scoring_repository.active_plans(session, newest_first=True, province=province)
    everything = summaries(session, plans, today)  # stored figures: one query, no plan's rows read
    page, pages = page_number(request, len(everything))
    overviews = everything[(page - 1) * PLANS_PER_PAGE : page * PLANS_PER_PAGE]
    label = lambda o: o.plan.number or (o.plan.title or f"#{o.plan.id}")[:40]  # noqa: E731
    task_chart = (
        charts.stacked_bars(
            _("Nhiệm vụ theo tình trạng"),
            [label(o) for o in overviews],
            [(_(name), [o.task_counts[key] for o in overviews]) for key, name in TASK_SERIES],
        )
        if overviews
        else None
    )
    indicator_totals: dict[str, int] = {}
    for o in everything:
        for status, n in o.indicator_counts.items():
            indicator_totals[status] = indicator_totals.get(status, 0) + n
    indicator_chart = (
        charts.pie(
            _("Chỉ tiêu theo mức tiến bộ"),
            [(_(PROGRESS_LABELS[s]), n) for s, n in sorted(indicator_totals.items())],
        )
        if indicator_totals
        else None
    )
    per_agency = agency_totals(everything)
    shown = {a for a in per_agency} | {s.agency_id for o in overviews for s in o.ranking}
    names = scoring_repository.agency_names(session, shown)
    busiest = sorted(per_agency.items(), key=lambda kv: (-sum(kv[1].values()), names.get(kv[0], "")))[:15]
    agency_chart = (
        charts.stacked_bars(
            _("Nhiệm vụ theo cơ quan chủ trì"),
            [names.get(a, str(a)) for a, _c in busiest],
            [(_(name), [c[key] for _a, c in busiest]) for key, name in TASK_SERIES],
        )
        if busiest
        else None
    )
    computed_at, stale = oldest_computed(everything)
    return render(
        request,
        "dashboard.html",
        busiest=busiest,
        agency_chart=agency_chart,
        overviews=overviews,
        names=names,
        today=today,
        task_chart=task_chart,
        indicator_chart=indicator_chart,
        progress_labels=PROGRESS_LABELS,
        score_formula=ranking.SCORE_FORMULA_VI,
        computed_at=computed_at,
        stale=stale,
        **scope_bar(
            user.province, province, page, pages, lambda: scoring_repository.provinces_with_plans(session)
        ),
    )


def agency_totals(items: list[PlanSummary]) -> dict[int, dict[str, int]]:
    """Each lead agency's tasks done, under way and overdue over these plans."""
    per_agency: dict[int, dict[str, int]] = {}
    for o in items:
        for agency_id, c in o.by_agency.items():
            total = per_agency.setdefault(agency_id, {"done": 0, "in_progress": 0, "overdue": 0})
            for key, n in c.items():
                total[key] += n
    return per_agency
