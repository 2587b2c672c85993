"""A large plan upload holds up no other request: the import (extraction and storage) runs off the
event loop — the API's upload endpoint is a plain `def`, run in FastAPI's threadpool — so a
GET /api/health sent by a second client while a ~1 MB plan is being read answers about as fast as
it does alone.

Both clients talk to the one app on one event loop (httpx's ASGI transport), as the browsers of two
officers talk to one server process. The app has its own SQLite database here, opened with
deferred transactions as PostgreSQL behaves: the project's SQLite engine (core/db.py) takes the
write lock when a request's transaction begins, so on SQLite any request that reads the database
waits for an upload's transaction, which is a matter of the database, not of the event loop."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from factories import EXAMPLE_PLANS, make_user
from fastapi import FastAPI
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.app import create_app
from dondoc.core.migrate import upgrade
from dondoc.deps import get_session
from dondoc.plans.models import Plan, Task

PASSWORD = "mat-khau-thu-8"
COPIES = 30  # of the body of a 30 KB plan: ~0.9 MB, 840 tasks, seconds to read and store
ALLOWED_DELAY = 0.1  # seconds a health check may take beyond its time alone
INTERVAL = 0.05  # seconds between two health checks


def large_plan(tmp_path: Path) -> Path:
    """A long plan: one heading, then the parts of plan 119/KH-UBND over and over."""
    text = (EXAMPLE_PLANS / "003_e7c1642710abab67.txt").read_text(encoding="utf-8")
    head, first_part, body = text.partition("I. MỤC ĐÍCH, YÊU CẦU")
    path = tmp_path / "ke-hoach-dai.txt"
    path.write_text(head + (first_part + body) * COPIES, encoding="utf-8")
    return path


@pytest.fixture()
def own_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'concurrency.db'}"
    upgrade("head", url=url)
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    yield engine
    engine.dispose()


@pytest.fixture()
def app(own_engine: Engine) -> FastAPI:
    with Session(own_engine) as session, session.begin():
        make_user(session, username="dieu-phoi", role="coordinator", password=PASSWORD)
    factory = sessionmaker(bind=own_engine, expire_on_commit=False)

    def _session() -> Iterator[Session]:
        with factory.begin() as session:  # commits at the end of the request, as get_session
            yield session

    app = create_app()
    app.dependency_overrides[get_session] = _session
    return app


async def timed_health(client: httpx.AsyncClient) -> float:
    start = time.perf_counter()
    response = await client.get("/api/health")
    assert response.status_code == 200, response.text
    return time.perf_counter() - start


async def watch(client: httpx.AsyncClient, upload: asyncio.Task[httpx.Response]) -> list[float]:
    """Health checks every INTERVAL while the upload runs: how long each took from the moment it
    was due, or from the answer before when that came later (a blocked event loop sends none until
    it is free again, and the first one due waits all that time)."""
    ready = time.perf_counter() + 0.2  # the upload is under way by then
    late: list[float] = []
    while not upload.done():
        await asyncio.sleep(max(ready - time.perf_counter(), 0))
        await timed_health(client)
        answered = time.perf_counter()
        late.append(answered - ready)
        ready = max(ready + INTERVAL, answered)
    return late


async def upload_while_watching(app: FastAPI, plan: Path) -> tuple[httpx.Response, list[float], list[float]]:
    transport = httpx.ASGITransport(app=app)
    base = "http://testserver"
    async with (
        httpx.AsyncClient(transport=transport, base_url=base, timeout=600) as officer,
        httpx.AsyncClient(transport=transport, base_url=base, timeout=600) as watcher,
    ):
        login = await officer.post("/api/auth/token", data={"username": "dieu-phoi", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        alone = [await timed_health(watcher) for _ in range(5)]
        upload = asyncio.create_task(
            officer.post(
                "/api/plans", headers=headers, files={"file": (plan.name, plan.read_bytes(), "text/plain")}
            )
        )
        late = await watch(watcher, upload)
        return await upload, alone, late


def test_a_large_upload_does_not_delay_a_concurrent_health_check(
    app: FastAPI, own_engine: Engine, tmp_path: Path
) -> None:
    plan = large_plan(tmp_path)
    assert plan.stat().st_size > 800_000
    started = time.perf_counter()
    response, alone, late = asyncio.run(upload_while_watching(app, plan))
    took = time.perf_counter() - started
    assert response.status_code == 201, response.text
    with Session(own_engine) as session:
        plan_id = response.json()["id"]
        tasks = session.scalar(select(func.count()).select_from(Task).where(Task.plan_id == plan_id))
        assert session.get(Plan, plan_id) is not None and (tasks or 0) >= COPIES * 20
    # The health checks answered about as fast as alone while the plan was read and stored. A
    # loaded machine (or a garbage collection of the import's objects) stalls a request now and
    # then, so the median and four in five are held to the allowance.
    delays = [round(t - statistics.median(alone), 3) for t in late]
    seen = f"delays (s) {delays} in an upload of {took:.1f} s"
    assert statistics.median(delays) <= ALLOWED_DELAY, seen
    assert sum(d > ALLOWED_DELAY for d in delays) <= len(delays) / 5, seen
    assert len(delays) >= 5, seen
