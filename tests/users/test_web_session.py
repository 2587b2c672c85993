"""Browser sessions: `/api/auth/login` sets a signed HttpOnly cookie that authenticates the pages
and the API, `/api/auth/logout` ends it, a cross-site write riding on the cookie is refused, and a
cookie value is never accepted as a bearer token (different salts)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from factories import make_user, seed_registry
from fastapi.testclient import TestClient

from dondoc.app import create_app
from dondoc.deps import SESSION_COOKIE, get_session


@pytest.fixture()
def browser(session) -> Iterator[TestClient]:
    seed_registry(session)
    make_user(session, username="quan-tri", role="admin", password="mat-khau-8")
    app = create_app()

    def _session():
        yield session

    app.dependency_overrides[get_session] = _session
    with TestClient(app, base_url="http://testserver") as client:
        yield client


def _login(client: TestClient, password: str = "mat-khau-8"):
    return client.post("/api/auth/login", data={"username": "quan-tri", "password": password})


def test_login_sets_an_httponly_lax_cookie_that_signs_the_browser_in(browser: TestClient) -> None:
    assert browser.get("/api/auth/me").status_code == 401
    response = _login(browser)
    assert response.status_code == 200 and response.json()["role"] == "admin"
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Path=/" in set_cookie
    assert browser.get("/api/auth/me").json()["username"] == "quan-tri"


def test_wrong_password_sets_no_cookie(browser: TestClient) -> None:
    response = _login(browser, "sai-mat-khau")
    assert response.status_code == 401 and "set-cookie" not in response.headers
    assert response.json()["detail_en"] == "Wrong username or password"


def test_logout_ends_the_session(browser: TestClient) -> None:
    _login(browser)
    assert browser.post("/api/auth/logout").status_code == 204
    assert browser.get("/api/auth/me").status_code == 401


def test_cross_site_write_with_the_cookie_is_refused(browser: TestClient) -> None:
    _login(browser)
    body = {"username": "nguoi-moi", "role": "viewer", "password": "mat-khau-9"}
    foreign = browser.post("/api/users", json=body, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert foreign.json()["detail_en"] == "A write from another site's page was refused"
    own = browser.post("/api/users", json=body, headers={"Origin": "http://testserver"})
    assert own.status_code == 201


def test_a_cookie_is_not_a_bearer_token(browser: TestClient) -> None:
    cookie = _login(browser).cookies[SESSION_COOKIE]
    browser.cookies.clear()
    as_bearer = browser.get("/api/auth/me", headers={"Authorization": f"Bearer {cookie}"})
    assert as_bearer.status_code == 401
