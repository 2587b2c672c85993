"""The FastAPI application: routers of every domain (API and pages), problem+json errors (an HTML
page or a sign-in redirect on the pages), the static files, health."""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import dondoc.models  # noqa: F401 — every domain's tables known before the first request
from dondoc import __version__
from dondoc.agencies.api import router as agencies_router
from dondoc.core import problems
from dondoc.core.db import ping
from dondoc.deps import SessionDep, record_refusal
from dondoc.exports.api import router as exports_router
from dondoc.exports.views import router as exports_pages
from dondoc.notify.api import router as notify_router
from dondoc.notify.views import router as notify_pages
from dondoc.plans.api import router as plans_router
from dondoc.plans.views import router as plans_pages
from dondoc.reporting.api import router as reporting_router
from dondoc.reporting.views import router as reporting_pages
from dondoc.scoring.api import router as scoring_router
from dondoc.scoring.views import router as scoring_pages
from dondoc.users.api import router as users_router
from dondoc.web.templating import page_error
from dondoc.web.views import router as web_router


def create_app() -> FastAPI:
    app = FastAPI(
        title="dondoc",
        description="Theo dõi, đôn đốc thực hiện kế hoạch / plan follow-up API",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    problems.install(
        app,
        page_error=page_error,
        on_refusal=lambda request, exc: record_refusal(request.app, request, exc),
    )

    static = Path(__file__).resolve().parent / "web" / "static"
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/api/health", tags=["health"])
    def health(session: SessionDep) -> dict:
        dialect = ping(session)
        return {
            "status": "ok",
            "database": "ok",
            "dialect": dialect,
            "version": __version__,
        }

    for router in (
        users_router,
        plans_router,
        agencies_router,
        reporting_router,
        scoring_router,
        notify_router,
        exports_router,
        web_router,
        plans_pages,
        reporting_pages,
        scoring_pages,
        notify_pages,
        exports_pages,
    ):
        app.include_router(router)
    # What start-up made (modules, routes, templates, reference data) lives as long as the
    # process: out of the collector's sweeps, which would otherwise walk it on every full one.
    gc.freeze()
    return app
