"""A write that waits for another writer past the busy timeout is answered "busy, send again"
(503 with Retry-After, in Vietnamese and English), never a server error, and nothing of it is
kept: on the embedded SQLite the one write lock is held here by a second unit of work, and the
timeout is shortened for the test (DONDOC_SQLITE_BUSY_SECONDS)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from own_database import OwnDatabase, own_database

from dondoc.core.config import get_settings
from dondoc.core.db import session_scope
from dondoc.plans.models import Plan


@pytest.fixture()
def own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[OwnDatabase]:
    monkeypatch.setenv("DONDOC_SQLITE_BUSY_SECONDS", "0.2")
    get_settings.cache_clear()
    yield from own_database(tmp_path, monkeypatch)
    monkeypatch.undo()
    get_settings.cache_clear()


def test_a_write_behind_a_long_writer_is_told_to_come_back(own: OwnDatabase) -> None:
    with TestClient(own.app) as client, TestClient(own.app) as browser:
        signed_in = browser.post("/login", data={"username": "dieu-phoi", "password": "mật-khẩu-thử"})
        assert signed_in.status_code == 200, signed_in.text
        with session_scope() as writer:
            writer.add(Plan(source_file="ke-hoach.pdf", sha256="b" * 64, status="draft"))
            writer.flush()  # the write lock is held from here to the commit
            answer = client.post("/api/plans/1/activate", headers=own.auth)
            page = browser.post("/plans/1/activate", follow_redirects=False)
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "2"
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "gửi lại" in answer.json()["detail"] and "send again" in answer.json()["detail_en"]
        # a page gets the error page in the site's layout, not JSON
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "Hệ thống đang bận" in page.text
        # once the writer is gone the same write goes through
        assert client.post("/api/plans/1/activate", headers=own.auth).status_code == 200
