"""Errors as RFC 9457 problem details (application/problem+json), with the message in
Vietnamese (`title`, `detail`) and in English (`title_en`, `detail_en`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from dondoc.core.errors import DomainError, ErrorKind

PROBLEM = "application/problem+json"

# Default wording per status, when a handler gives only the status.
TITLES = {
    400: ("Yêu cầu không hợp lệ", "Bad request"),
    401: ("Chưa đăng nhập hoặc thông tin đăng nhập sai", "Not authenticated"),
    403: ("Không có quyền thực hiện thao tác này", "Forbidden"),
    404: ("Không tìm thấy", "Not found"),
    409: ("Xung đột dữ liệu", "Conflict"),
    413: ("Tệp quá lớn", "Payload too large"),
    415: ("Loại tệp không được chấp nhận", "Unsupported media type"),
    422: ("Dữ liệu không hợp lệ", "Unprocessable content"),
    500: ("Lỗi máy chủ", "Internal server error"),
    503: ("Hệ thống đang bận", "Service busy"),
}


# The one place a domain error's kind becomes an HTTP status.
STATUS_OF_KIND: dict[ErrorKind, int] = {
    "invalid": 422,
    "missing": 400,
    "unreadable": 400,
    "conflict": 409,
    "not_found": 404,
    "forbidden": 403,
    "too_large": 413,
    "unsupported": 415,
}


def status_of(exc: DomainError) -> int:
    return STATUS_OF_KIND[exc.kind]


def problem_fields(exc: DomainError) -> dict[str, Any]:
    """The field a refusal is about, and the message of each refused field shaped like a
    validation error's (`errors`), for problem+json."""
    if not exc.field:
        return {}
    errors = [{"field": f, "message": vi, "message_en": en} for f, (vi, en) in exc.fields.items()]
    return {"field": exc.field, "errors": errors}


class Problem(Exception):
    """Raise from an endpoint: the handler turns it into problem+json."""

    def __init__(self, status: int, detail_vi: str, detail_en: str, **extra: Any) -> None:
        self.status, self.detail_vi, self.detail_en, self.extra = status, detail_vi, detail_en, extra
        super().__init__(detail_en)


def problem_response(
    status: int, detail_vi: str | None = None, detail_en: str | None = None, **extra: Any
) -> JSONResponse:
    title_vi, title_en = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
    body = {
        "type": "about:blank",
        "status": status,
        "title": title_vi,
        "title_en": title_en,
        "detail": detail_vi or title_vi,
        "detail_en": detail_en or title_en,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


PageError = Callable[[Request, int, str, str], Response]
# Called (in a worker thread) for every refusal of the kind "forbidden", once the request's own
# session has rolled back: the application writes its audit trace there.
OnRefusal = Callable[[Request, DomainError], None]


def answer(request: Request, status: int, vi: str | None, en: str | None, **extra: Any) -> Response:
    """A problem answered for who asked: problem+json under /api, the application's error page
    (`install(page_error=…)`) on any other path."""
    page_error: PageError | None = getattr(request.app.state, "page_error", None)
    if page_error is not None and not request.url.path.startswith("/api"):
        title_vi, title_en = TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400])
        return page_error(request, status, vi or title_vi, en or title_en)
    return problem_response(status, vi, en, **extra)


def install(app: FastAPI, page_error: PageError | None = None, on_refusal: OnRefusal | None = None) -> None:
    """Problems under /api answer problem+json; on the pages (any other path) `page_error` answers
    in HTML (a sign-in redirect for 401, an error page otherwise). A domain error answers with its
    kind's status (`STATUS_OF_KIND`); a page that shows the message beside its field catches the
    error itself and never reaches this handler."""

    app.state.page_error = page_error

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        if exc.kind == "forbidden" and on_refusal is not None:
            await run_in_threadpool(on_refusal, request, exc)
        return answer(request, status_of(exc), exc.message_vi, exc.message_en, **problem_fields(exc))

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return answer(request, exc.status, exc.detail_vi, exc.detail_en, **exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, None, None)

    @app.exception_handler(OverflowError)
    async def _overflow(request: Request, _exc: OverflowError) -> Response:
        # an id beyond what the database can hold (SQLite raises this before any query runs)
        return answer(request, 404, "Không tìm thấy (số hiệu quá lớn)", "Not found (the id is too large)")

    @app.exception_handler(OperationalError)
    async def _busy(request: Request, exc: OperationalError) -> Response:
        # The database refused for a moment, not the request: SQLite's one write lock held past
        # the busy timeout, or PostgreSQL's lock timeout or a deadlock broken. Nothing was written
        # (the request's transaction rolled back); the client is told to send it again.
        if not is_busy(exc):
            raise exc
        answer_ = answer(
            request,
            503,
            "Hệ thống đang bận ghi dữ liệu khác; chưa có gì được lưu. Vui lòng gửi lại sau vài giây.",
            "The database is busy with other writes; nothing was saved. Please send again in a few seconds.",
        )
        answer_.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return answer_

    @app.exception_handler(DataError)
    async def _data(request: Request, _exc: DataError) -> Response:
        # the same on PostgreSQL ("integer out of range")
        return answer(request, 404, "Không tìm thấy (số hiệu quá lớn)", "Not found (the id is too large)")

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": field_path(e["loc"]),
                "message_en": e["msg"],
            }
            for e in exc.errors()
        ]
        fields = ", ".join(e["field"] for e in errors)
        if page_error is not None and not request.url.path.startswith("/api"):
            # a page's form missing a field (a tampered or half-sent form): an error page, not JSON
            return page_error(
                request, 422, f"Biểu mẫu thiếu hoặc sai trường: {fields}", f"Invalid form field: {fields}"
            )
        return problem_response(
            422,
            f"Dữ liệu không hợp lệ ở trường: {fields}",
            f"Invalid value in: {fields}",
            field=errors[0]["field"] if errors else None,
            errors=errors,
        )


RETRY_AFTER_SECONDS = 2
BUSY_MARKS = ("database is locked", "database is busy", "lock timeout", "deadlock detected")


def is_busy(exc: OperationalError) -> bool:
    """A refusal of the moment (a lock), as opposed to a database that is down or misconfigured."""
    return any(mark in str(exc.orig).lower() for mark in BUSY_MARKS)


def field_path(loc: tuple) -> str:
    """("body", "items", 0, "progress") → "items[0].progress": the same spelling the services use."""
    out = ""
    for part in loc:
        if part in ("body", "query", "path"):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
