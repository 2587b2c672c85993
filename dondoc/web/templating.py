"""Rendering a page: the one Jinja2 environment (autoescaped), the Vietnamese formats as filters,
the language and the signed-in user in every template's context."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from dondoc.core.config import get_settings
from dondoc.formatting import format_date, format_number, input_number
from dondoc.web.i18n import LANG_COOKIE, LANGS, translator

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _vn_date(value: date | datetime | None) -> str:
    # A timestamp is shown as the day it was where the province is (stored in UTC).
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = get_settings().local_date(value)
    return format_date(value) or "—"


def _vn_time(value: datetime | None) -> str:
    """A timestamp as people read it where the province is: 15:42 03/12/2026."""
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(get_settings().timezone))
    return f"{local:%H:%M} {format_date(local.date())}"


TEMPLATES.env.filters["vn_date"] = _vn_date
TEMPLATES.env.filters["vn_time"] = _vn_time
TEMPLATES.env.filters["vn_number"] = format_number
TEMPLATES.env.filters["input_number"] = input_number
TEMPLATES.env.filters["pct"] = lambda v: "—" if v is None else f"{format_number(v, 1)}%"

# A form shown again with its errors is a page that worked: 200, so that browsers log no failed
# load in the console (the API answers 422 for the same error).
FORM_ERROR = 200

ROLE_LABELS = {
    "admin": "Quản trị",
    "coordinator": "Điều phối",
    "reporter": "Cán bộ báo cáo",
    "viewer": "Người xem",
}


def lang_of(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE, "vi")
    return lang if lang in LANGS else "vi"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    context.setdefault("user", getattr(request.state, "user", None))
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {"_": translator(lang), "lang": lang, "role_labels": ROLE_LABELS, **context},
        status_code=status_code,
    )


ERROR_TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không có quyền",
    404: "Không tìm thấy",
    409: "Xung đột dữ liệu",
    413: "Tệp quá lớn",
    415: "Loại tệp không được chấp nhận",
    422: "Dữ liệu không hợp lệ",
    500: "Có lỗi xảy ra",
    503: "Hệ thống đang bận",
}


def page_error(request: Request, status: int, message_vi: str, message_en: str) -> Response:
    """An error as a page in the site's layout, in the reader's language (a sign-in redirect
    for 401), for every domain's pages."""
    if status == 401:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
    lang = lang_of(request)
    title = ERROR_TITLES.get(status, ERROR_TITLES[500])
    return render(
        request,
        "error.html",
        status_code=status,
        title=title,
        message=message_en if lang == "en" else message_vi,
    )


# Plan cards per page of the dashboard and the ranking (a national view holds hundreds of plans;
# the charts and totals above the cards count them all).
PLANS_PER_PAGE = 20
REPORTS_PER_PAGE = 50  # rows of the review queue


def page_number(request: Request, total: int, per_page: int = PLANS_PER_PAGE) -> tuple[int, int]:
    """The page asked for (`?page=`, from 1; anything else is the first page) and the number of
    pages of `total` rows (plan cards unless told)."""
    pages = max(1, -(-total // per_page))
    raw = request.query_params.get("page", "1")
    page = int(raw) if raw.isdigit() else 1
    return min(max(page, 1), pages), pages


def scope_bar(
    user_province: str | None, province: str | None, page: int, pages: int, provinces: Callable[[], list[str]]
) -> dict[str, Any]:
    """What `_scope_bar.html` and `_pager.html` read: the province shown, the page, and for a
    national user (no province of their own) the provinces to filter by (`provinces()`, asked
    only then)."""
    return {
        "page": page,
        "pages": pages,
        "province": province,
        "provinces": provinces() if user_province is None else [],
    }
