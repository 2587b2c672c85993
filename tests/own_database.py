"""The application on a SQLite database of its own, opened as a server opens its database: the
project's engine (`make_engine`) and units of work (`session_scope`), with data that really commits.
For the concurrency tests, where the shared test database's rolled-back session would hide what
one connection's transaction does to another's.

The requests go through the application's own `dondoc.deps.get_session` (a GET reads, any other
method writes), not an override."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import make_user
from fastapi import FastAPI
from sqlalchemy import Engine

import dondoc.core.db
from dondoc.app import create_app
from dondoc.core.db import make_engine, session_scope
from dondoc.core.migrate import upgrade
from dondoc.users.service import issue_token


@dataclass
class OwnDatabase:
    app: FastAPI
    engine: Engine
    token: str  # a coordinator's bearer token

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OwnDatabase]:
    """A migrated SQLite file; `session_scope` opens its units of work there (the engine it asks
    for is replaced for the test), and the app's requests go through `request_session`."""
    url = f"sqlite:///{tmp_path / 'own.db'}"
    upgrade("head", url=url)
    engine = make_engine(url)
    monkeypatch.setattr(dondoc.core.db, "get_engine", lambda: engine)
    with session_scope() as session:
        token = issue_token(make_user(session, username="dieu-phoi", role="coordinator"), "api")
    app = create_app()
    yield OwnDatabase(app, engine, token)
    engine.dispose()
