"""Province scope: a user of a province sees and changes that province's plans only (another
province's plan is answered as missing, a filter naming another province is refused and audited);
a national user sees every province's plans, with the province as a filter. Plan 103/KH-UBND is
Bình Định's, which Gia Lai took over on 01/07/2025 (Nghị quyết 202/2025/QH15)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from factories import agency_named, make_active_plan, make_user
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from dondoc.app import create_app
from dondoc.audit.models import AuditEvent
from dondoc.deps import get_session
from dondoc.plans.models import Plan
from dondoc.plans.service import scope_of
from dondoc.users.service import UserError, create_user

PASSWORD = "mat-khau-8"


@pytest.fixture()
def scoped(session: Session) -> Iterator[tuple[TestClient, Plan]]:
    plan = make_active_plan(session)
    make_user(session, username="quoc-gia", role="coordinator", password=PASSWORD)
    make_user(session, username="dp-gia-lai", role="coordinator", province="Gia Lai", password=PASSWORD)
    make_user(session, username="dp-ha-noi", role="coordinator", province="Hà Nội", password=PASSWORD)
    make_user(session, username="xem-ha-noi", role="viewer", province="Hà Nội", password=PASSWORD)
    science = agency_named(session, "Sở Khoa học và Công nghệ")
    make_user(
        session,
        username="bc-ha-noi",
        role="reporter",
        agency_id=science.id,
        province="Hà Nội",
        password=PASSWORD,
    )
    session.commit()
    app = create_app()

    def _session() -> Iterator[Session]:
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        else:
            session.commit()

    app.dependency_overrides[get_session] = _session
    with TestClient(app) as client:
        yield client, plan


def auth(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/api/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_merged_provinces_plan_is_followed_by_the_province_it_joined() -> None:
    assert scope_of("Bình Định", date(2025, 7, 1)) == "Gia Lai"
    assert scope_of("Bình Định", date(2025, 6, 30)) == "Bình Định"
    assert scope_of("Hà Nội") == "Hà Nội"
    assert scope_of(None) is None  # a central plan


def test_the_plan_belongs_to_gia_lai(scoped) -> None:
    _client, plan = scoped
    assert (plan.province, plan.scope_province) == ("Bình Định", "Gia Lai")


@pytest.mark.parametrize(
    ("username", "sees"),
    [("quoc-gia", True), ("dp-gia-lai", True), ("dp-ha-noi", False), ("xem-ha-noi", False)],
)
def test_each_user_sees_the_plans_of_their_province(scoped, username: str, sees: bool) -> None:
    client, plan = scoped
    headers = auth(client, username)
    listed = client.get("/api/plans", headers=headers).json()
    assert (plan.id in {p["id"] for p in listed["items"]}) is sees
    tasks = client.get("/api/tasks", params={"plan": plan.id}, headers=headers).json()
    assert (tasks["total"] > 0) is sees
    for path in (
        f"/api/plans/{plan.id}",
        f"/api/plans/{plan.id}/evaluation",
        f"/api/plans/{plan.id}/periods",
    ):
        assert client.get(path, headers=headers).status_code == (200 if sees else 404), path


def test_a_national_user_filters_by_province_in_any_spelling(scoped) -> None:
    client, plan = scoped
    headers = auth(client, "quoc-gia")
    gia_lai = client.get("/api/plans", params={"province": "tỉnh Gia Lai"}, headers=headers).json()
    ha_noi = client.get("/api/plans", params={"province": "TP. Hà Nội"}, headers=headers).json()
    assert [p["id"] for p in gia_lai["items"]] == [plan.id] and ha_noi["items"] == []
    unknown = client.get("/api/plans", params={"province": "Bình Định"}, headers=headers)  # merged away
    assert unknown.status_code == 422 and unknown.json()["field"] == "province"


def test_a_province_user_asking_for_another_province_is_refused_and_audited(scoped, session: Session) -> None:
    client, _plan = scoped
    answer = client.get("/api/plans", params={"province": "Gia Lai"}, headers=auth(client, "dp-ha-noi"))
    assert answer.status_code == 403
    refusal = session.scalars(select(AuditEvent).where(AuditEvent.action == "refused")).all()[-1]
    assert refusal.actor_name == "dp-ha-noi" and refusal.after["path"] == "/api/plans"


def test_another_provinces_plan_cannot_be_changed(scoped) -> None:
    client, plan = scoped
    headers = auth(client, "dp-ha-noi")
    assert client.post(f"/api/plans/{plan.id}/periods", headers=headers).status_code == 404
    periods = client.post(f"/api/plans/{plan.id}/periods", headers=auth(client, "quoc-gia")).json()
    assert periods, "plan 103 reports monthly"
    opened = client.post(
        f"/api/periods/{periods[0]['id']}/reports", json={"agency": "Sở Tài chính"}, headers=headers
    )
    assert opened.status_code == 404


def test_the_pages_follow_the_scope(scoped) -> None:
    client, plan = scoped
    client.post("/login", data={"username": "dp-ha-noi", "password": PASSWORD}, follow_redirects=False)
    assert plan.number not in client.get("/").text
    assert client.get(f"/plans/{plan.id}").status_code == 404
    client.post("/logout", follow_redirects=False)
    client.post("/login", data={"username": "dp-gia-lai", "password": PASSWORD}, follow_redirects=False)
    assert plan.number in client.get("/").text
    assert client.get(f"/plans/{plan.id}").status_code == 200


def test_a_users_province_is_one_of_todays(session: Session) -> None:
    user = create_user(
        session, "dp-hue", role="coordinator", password=PASSWORD, province="thừa thiên huế", actor="t"
    )
    assert user.province == "Huế"
    with pytest.raises(UserError) as refused:
        create_user(session, "dp-bd", role="coordinator", password=PASSWORD, province="Bình Định", actor="t")
    assert refused.value.field == "province" and refused.value.kind == "invalid"
