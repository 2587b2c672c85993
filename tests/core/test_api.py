"""The REST API over HTTP (FastAPI's TestClient) against the test database: health, sign-in,
plans, tasks with their filters (agency with predecessors, deadline window, search without
diacritics), indicators, agencies, and errors as problem+json in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import make_user, seed_registry
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from dondoc.agencies.service import find_agency
from dondoc.app import create_app
from dondoc.deps import get_session
from dondoc.plans.models import Plan
from dondoc.plans.service import activate, import_plan

PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"
# The API is read over a database of exactly plans 001 and 003 (counted, listed, compared), not
# over the world with plan 103 in it.
pytestmark = pytest.mark.empty_database


@pytest.fixture()
def client(session) -> Iterator[TestClient]:
    seed_registry(session)
    for name in ("001_0cf2e2caa0968a15.txt", "003_e7c1642710abab67.txt"):
        activate(session, import_plan(session, PLANS / name, actor="test").plan.id, actor="test")
    make_user(session, username="dieu-phoi", role="coordinator", password="mat-khau-8")
    app = create_app()

    def _session():
        yield session

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as c:
        token = c.post("/api/auth/token", data={"username": "dieu-phoi", "password": "mat-khau-8"}).json()
        c.headers["Authorization"] = f"Bearer {token['access_token']}"
        yield c


def test_health_and_openapi(client: TestClient) -> None:
    health = client.get("/api/health")
    assert health.status_code == 200 and health.json()["database"] == "ok"
    assert "/api/tasks" in client.get("/api/openapi.json").json()["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_sign_in_refused_with_a_problem(client: TestClient) -> None:
    bad = client.post("/api/auth/token", data={"username": "dieu-phoi", "password": "sai"})
    assert bad.status_code == 401
    assert bad.headers["content-type"].startswith("application/problem+json")
    body = bad.json()
    assert (
        body["detail"] == "Sai tên đăng nhập hoặc mật khẩu"
        and body["detail_en"] == "Wrong username or password"
    )
    anonymous = TestClient(client.app).get("/api/plans")
    assert anonymous.status_code == 401 and anonymous.json()["title_en"] == "Not authenticated"


def test_plans_list_and_detail(client: TestClient, session) -> None:
    plans = client.get("/api/plans").json()
    assert plans["total"] == session.scalar(select(func.count()).select_from(Plan)) == 2
    tuyen_quang = next(p for p in plans["items"] if p["number"] == "119/KH-UBND")
    detail = client.get(f"/api/plans/{tuyen_quang['id']}").json()
    assert detail["task_count"] == 28 and detail["signed_date"] == "2020-11-27"
    assert any(s["kind"] == "tasks" for s in detail["sections"])
    missing = client.get("/api/plans/999999")
    assert missing.status_code == 404 and missing.json()["detail_en"] == "No plan 999999"


def test_tasks_of_an_agency_include_its_predecessors(client: TestClient, session) -> None:
    by_name = client.get("/api/tasks", params={"agency": "Sở Khoa học và Công nghệ", "limit": 500}).json()
    tttt = find_agency(session, "Sở Thông tin và Truyền thông")
    lead_ids = {a["agency_id"] for t in by_name["items"] for a in t["assignments"]}
    assert tttt is not None and tttt.id in lead_ids  # the 2022 tasks of Sở TT&TT
    by_alias = client.get("/api/tasks", params={"agency": "Sở KH&CN", "limit": 500}).json()
    assert by_alias["total"] == by_name["total"] > 0
    khcn = find_agency(session, "Sở Khoa học và Công nghệ")
    by_id = client.get("/api/tasks", params={"agency": str(khcn.id), "limit": 1}).json()
    assert by_id["total"] == by_name["total"] and len(by_id["items"]) == 1
    unknown = client.get("/api/tasks", params={"agency": "Cơ quan không có"})
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith(
        "application/problem+json"
    )


def test_deadline_window_and_search_without_diacritics(client: TestClient) -> None:
    window = client.get(
        "/api/tasks", params={"due_after": "2023-01-01", "due_before": "2023-12-31", "limit": 500}
    )
    for t in window.json()["items"]:
        due = t["deadline_date"] or t["deadline_end"]
        assert "2023-01-01" <= due <= "2023-12-31"
    assert window.json()["total"] > 0
    plain = client.get("/api/search", params={"q": "chuyen doi so"}).json()
    accented = client.get("/api/search", params={"q": "chuyển đổi số"}).json()
    assert plain["tasks"]["total"] == accented["tasks"]["total"] > 0


def test_indicators_agencies_and_validation_errors(client: TestClient) -> None:
    indicators = client.get("/api/indicators", params={"year": 2025}).json()
    assert indicators["total"] > 0 and all(i["year"] == 2025 for i in indicators["items"])
    agencies = client.get("/api/agencies", params={"q": "khoa hoc"}).json()
    assert any(a["name"] == "Sở Khoa học và Công nghệ" for a in agencies["items"])
    bad = client.get("/api/tasks", params={"due_before": "ngày mai"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "due_before" and "due_before" in bad.json()["detail"]


def test_plan_difference_endpoint(client: TestClient) -> None:
    plans = {p["number"]: p["id"] for p in client.get("/api/plans").json()["items"]}
    tq = plans["119/KH-UBND"]
    same = client.get(f"/api/plans/{tq}/diff", params={"against": tq}).json()
    assert same["summary"]["tasks"] == {"added": 0, "removed": 0, "changed": 0}
    other = next(i for n, i in plans.items() if n != "119/KH-UBND")
    d = client.get(f"/api/plans/{tq}/diff", params={"against": other}).json()
    assert d["summary"]["tasks"]["added"] > 0 and d["summary"]["tasks"]["removed"] > 0
    missing = client.get(f"/api/plans/{tq}/diff", params={"against": 10**7})
    assert missing.status_code == 404 and missing.json()["detail_en"] == f"No plan {10**7}"


def test_me_and_the_indicator_catalog_over_http(client: TestClient) -> None:
    me = client.get("/api/auth/me").json()
    assert me["username"] == "dieu-phoi" and me["role"] == "coordinator"
    hoa_binh = PLANS / "004_5478f06e898d6373.txt"
    assert (
        client.post("/api/plans", files={"file": (hoa_binh.name, hoa_binh.read_bytes())}).status_code == 201
    )
    proposals = client.get("/api/indicators/catalog/proposals").json()["items"]
    assert proposals, "001 and 004 both set the digital economy's share of GRDP"
    group = proposals[0]
    assert len({i["plan_id"] for i in group["indicators"]}) > 1
    ids = [i["id"] for i in group["indicators"]]
    confirmed = client.post(
        "/api/indicators/catalog", json={"key": group["key"], "indicator_ids": ids}
    ).json()
    assert confirmed == {"key": group["key"], "linked": len(ids)}
    assert group["key"] not in {
        p["key"] for p in client.get("/api/indicators/catalog/proposals").json()["items"]
    }
    assert isinstance(client.get("/api/indicators/catalog/conflicts").json()["items"], list)
    missing = client.post("/api/indicators/catalog", json={"key": "x-y", "indicator_ids": [10**8]})
    assert missing.status_code == 404
