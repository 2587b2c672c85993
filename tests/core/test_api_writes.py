"""Writes through the API: every role against every write endpoint (refusals answered as
problem+json and audited), and bad input — a malformed file, an oversized upload, invalid JSON,
an unknown plan id — leaving the database as it was (row counts before and after)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import make_user, seed_registry
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from dondoc.agencies.service import find_agency
from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.core.config import get_settings
from dondoc.deps import get_session
from dondoc.plans.models import Assignment, Indicator, Plan, Task
from dondoc.users.models import User

PLAN = Path(__file__).resolve().parents[2] / "examples" / "plans" / "003_e7c1642710abab67.txt"
PASSWORD = "mat-khau-8"
ROLES = ("admin", "coordinator", "reporter", "viewer")


@pytest.fixture()
def app_client(session) -> Iterator[TestClient]:
    seed_registry(session)
    khcn = find_agency(session, "Sở Khoa học và Công nghệ")
    for role in ROLES:
        make_user(
            session,
            username=role,
            role=role,
            password=PASSWORD,
            agency_id=khcn.id if role == "reporter" else None,
        )
    app = create_app()

    def _session():
        yield session

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as c:
        yield c


def sign_in(client: TestClient, role: str) -> dict[str, str]:
    token = client.post("/api/auth/token", data={"username": role, "password": PASSWORD}).json()[
        "access_token"
    ]
    return {"Authorization": f"Bearer {token}"}


def counts(session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Plan, Task, Indicator, Assignment, User)
    )


WRITES = {
    "upload": ("admin", "coordinator"),
    "activate": ("admin", "coordinator"),
    "add_user": ("admin",),
    "map_name": ("admin", "coordinator"),
    "catalog": ("admin", "coordinator"),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", sorted(WRITES))
def test_rbac_matrix(app_client: TestClient, session, role: str, write: str) -> None:
    headers = sign_in(app_client, role)
    allowed = role in WRITES[write]
    if write == "upload":
        response = app_client.post(
            "/api/plans", headers=headers, files={"file": (PLAN.name, PLAN.read_bytes())}
        )
    elif write == "activate":
        admin = sign_in(app_client, "admin")
        plan_id = app_client.post(
            "/api/plans", headers=admin, files={"file": (PLAN.name, PLAN.read_bytes())}
        ).json()["id"]
        response = app_client.post(f"/api/plans/{plan_id}/activate", headers=headers)
    elif write == "catalog":
        admin = sign_in(app_client, "admin")
        app_client.post("/api/plans", headers=admin, files={"file": (PLAN.name, PLAN.read_bytes())})
        first = app_client.get("/api/indicators", headers=admin, params={"limit": 1}).json()["items"][0]["id"]
        response = app_client.post(
            "/api/indicators/catalog", headers=headers, json={"key": "thu-nghiem", "indicator_ids": [first]}
        )
    elif write == "map_name":
        khcn = find_agency(session, "Sở Khoa học và Công nghệ")
        response = app_client.post(
            "/api/agencies/map", headers=headers, json={"name": "Trung tâm ICISE", "agency_id": khcn.id}
        )
    else:
        response = app_client.post(
            "/api/users",
            headers=headers,
            json={"username": f"new-{role}", "role": "viewer", "password": PASSWORD},
        )
    if allowed:
        assert response.status_code in (200, 201), response.text
    else:
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail_en"] == f"Role {role} may not do this"
        refused = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "refused", AuditEvent.actor_name == role)
        ).all()
        assert refused and refused[-1].after["role"] == role


def test_bad_input_leaves_the_database_as_it_was(app_client: TestClient, session, monkeypatch) -> None:
    headers = sign_in(app_client, "coordinator")
    before = counts(session)
    malformed = app_client.post(
        "/api/plans", headers=headers, files={"file": ("plan.docx", b"PK not a word file")}
    )
    assert malformed.status_code == 400 and malformed.json()["detail"] and malformed.json()["detail_en"]
    monkeypatch.setattr(get_settings(), "max_upload_mb", 1)
    big = app_client.post(
        "/api/plans", headers=headers, files={"file": ("plan.txt", b"a" * (1024 * 1024 + 10))}
    )
    assert big.status_code == 413 and big.json()["detail_en"] == "The file is larger than 1 MB"
    invalid_json = app_client.post(
        "/api/users",
        headers=sign_in(app_client, "admin"),
        content=b"{not json",
        # the body is not JSON at all
    )
    assert invalid_json.status_code == 422 and invalid_json.headers["content-type"].startswith(
        "application/problem+json"
    )
    missing = app_client.post("/api/plans/987654/activate", headers=headers)
    assert missing.status_code == 404 and missing.json()["detail"] == "Không có kế hoạch số hiệu 987654"
    unknown_agency = app_client.post(
        "/api/users",
        headers=sign_in(app_client, "admin"),
        json={"username": "bc1", "role": "reporter", "password": PASSWORD, "agency": "Sở Không Tồn Tại"},
    )
    assert unknown_agency.status_code == 422 and "Sở Không Tồn Tại" in unknown_agency.json()["detail"]
    assert counts(session) == before


def test_a_coordinator_maps_a_name_the_registry_lacks(app_client: TestClient, session) -> None:
    headers = sign_in(app_client, "coordinator")
    plan = PLAN.parent / "001_0cf2e2caa0968a15.txt"
    assert (
        app_client.post(
            "/api/plans", headers=headers, files={"file": (plan.name, plan.read_bytes())}
        ).status_code
        == 201
    )
    names = {
        row["name"]: row["assignments"]
        for row in app_client.get("/api/agencies/unmapped", headers=headers).json()["items"]
    }
    assert names.get("UBND thành phố Quy Nhơn", 0) >= 1
    target = find_agency(session, "UBND cấp huyện")
    mapped = app_client.post(
        "/api/agencies/map", headers=headers, json={"name": "UBND thành phố Quy Nhơn", "agency_id": target.id}
    ).json()
    assert mapped["assignments_linked"] == names["UBND thành phố Quy Nhơn"]
    after = {row["name"] for row in app_client.get("/api/agencies/unmapped", headers=headers).json()["items"]}
    assert "UBND thành phố Quy Nhơn" not in after
    assert session.scalars(
        select(AuditEvent).where(AuditEvent.action == "map_name", AuditEvent.actor_name == "coordinator")
    ).first()
    missing = app_client.post("/api/agencies/map", headers=headers, json={"name": "X Y", "agency_id": 10**8})
    assert missing.status_code == 404


def test_work_of_a_collective_is_its_members_work(app_client: TestClient) -> None:
    headers = sign_in(app_client, "coordinator")
    plan = PLAN.parent / "003_e7c1642710abab67.txt"
    app_client.post("/api/plans", headers=headers, files={"file": (plan.name, plan.read_bytes())})
    tasks = app_client.get("/api/tasks", headers=headers, params={"agency": "Sở Y tế", "limit": 500}).json()[
        "items"
    ]
    written = {a["name_as_written"] for t in tasks for a in t["assignments"]}
    assert "Các sở, ban, ngành" in written  # assigned to the group, so Sở Y tế's to do
