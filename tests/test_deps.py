"""A refusal ("forbidden" `DomainError`) keeps a trace without committing what the refused request had changed:
the audit row is written in a unit of work of its own after the request's session rolled back.

The app here runs on a database file of its own with the project's real engine and a request
session that commits or rolls back as `dondoc.deps.get_session` does, so the test sees what a
server would have kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from factories import make_user
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.audit.service import record
from dondoc.core.db import make_engine
from dondoc.core.errors import DomainError
from dondoc.core.migrate import upgrade
from dondoc.deps import CurrentUser, SessionDep, get_session
from dondoc.users.service import issue_token

PASSWORD = "mat-khau-thu-8"


def test_a_refusal_is_audited_and_the_refused_change_is_not_kept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'refuse.db'}"
    upgrade("head", url=url)
    engine = make_engine(url)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory.begin() as setup:
        user = make_user(setup, username="nguoi-thu", role="viewer", password=PASSWORD)
        token = issue_token(user, "api")

    def _session() -> Iterator[Session]:  # as get_session: commit at the edge, roll back on error
        with factory.begin() as session:
            yield session

    app = create_app()
    app.dependency_overrides[get_session] = _session

    @app.post("/api/test-refuse")
    def half_done(session: SessionDep, user: CurrentUser) -> None:
        record(session, actor=user.username, action="half_done", entity="request")
        session.flush()  # written to the request's transaction, not yet committed
        raise DomainError("forbidden", "Không được làm việc này", "You may not do this")

    with TestClient(app) as client:
        answer = client.post("/api/test-refuse", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403
    assert answer.json()["detail"] == "Không được làm việc này"
    assert answer.json()["detail_en"] == "You may not do this"
    with factory() as check:
        actions = check.scalars(select(AuditEvent.action).where(AuditEvent.actor_name == "nguoi-thu")).all()
        refusal = check.scalars(select(AuditEvent).where(AuditEvent.action == "refused")).one()
    engine.dispose()
    assert "half_done" not in actions
    assert refusal.after == {
        "method": "POST",
        "path": "/api/test-refuse",
        "role": "viewer",
        "reason": "You may not do this",
    }
