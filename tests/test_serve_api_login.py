"""The page side of the access token (issue 16): the login form, the session cookie, the
pages' ``require_user`` dependency and the CSRF token of state-changing forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi import Depends, FastAPI, Form, Request
from fastapi.testclient import TestClient

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.security import (
    COOKIE,
    Session,
    check_csrf,
    csrf_token,
    read_cookie,
    require_user,
)

LOOPBACK = "http://127.0.0.1"  # no token: only a loopback Host is answered
TOKEN = "login-token-for-tests-0123456789"


def _app(token: str | None) -> FastAPI:
    app = create_app(ServeConfig(token=token, workers=1))

    @app.get("/privado")
    async def private(user: Session = Depends(require_user)) -> dict[str, str]:  # noqa: B008
        return {"sid": user.sid}

    @app.post("/acao")
    async def act(request: Request, csrf: str = Form("")) -> dict[str, bool]:
        check_csrf(request, csrf)
        return {"done": True}

    @app.get("/token")
    async def token_of(request: Request) -> dict[str, str]:
        return {"csrf": csrf_token(request)}

    return app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(_app(TOKEN), base_url=LOOPBACK) as test_client:
        yield test_client


def _form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


def _sign_in(client: TestClient, token: str = TOKEN) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"token": token, "csrf": _form_csrf(page.text), "next": "/privado"},
        follow_redirects=False,
    )


def test_a_page_without_a_session_redirects_to_the_login(client: TestClient) -> None:
    response = client.get("/privado", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/privado"


def test_the_login_form_has_labels_and_a_csrf_field(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert '<label for="token">Token de acesso</label>' in page.text
    assert 'id="token"' in page.text
    assert "<script" not in page.text and "style=" not in page.text  # the CSP allows neither
    english = client.get("/login?lang=en")
    assert '<label for="token">Access token</label>' in english.text


def test_the_right_token_signs_in_with_a_strict_http_only_cookie(client: TestClient) -> None:
    response = _sign_in(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/privado"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert client.get("/privado").status_code == 200
    # the session also opens the API to the page's own calls
    assert client.get("/api/v1/contracts").status_code == 200


def test_a_login_makes_a_new_session_id(client: TestClient) -> None:
    before = client.get("/token").json()["csrf"]
    _sign_in(client)
    assert client.get("/token").json()["csrf"] != before  # no session fixation


def test_a_wrong_token_is_refused_on_the_form(client: TestClient) -> None:
    response = _sign_in(client, "wrong-token-0123456789")
    assert response.status_code == 401
    assert "Token incorreto." in response.text
    assert client.get("/privado", follow_redirects=False).status_code == 303


def test_a_login_without_the_csrf_token_is_403(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"token": TOKEN}, follow_redirects=False)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "evil", "/\\x"])
def test_the_login_goes_back_to_this_site_only(client: TestClient, target: str) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"token": TOKEN, "csrf": _form_csrf(page.text), "next": target},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_a_state_changing_form_needs_the_session_csrf_token(client: TestClient) -> None:
    _sign_in(client)
    token = client.get("/token").json()["csrf"]
    assert client.post("/acao", data={"csrf": token}).json() == {"done": True}
    for wrong in ("", "x", token[:-1] + ("A" if token[-1] != "A" else "B")):
        response = client.post("/acao", data={"csrf": wrong})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "csrf"


def test_a_browser_post_to_the_api_needs_the_csrf_header(client: TestClient) -> None:
    _sign_in(client)
    token = client.get("/token").json()["csrf"]
    files = {"files": ("a.xml", b"<a/>")}
    assert client.post("/api/v1/check", files=files).status_code == 401
    answered = client.post("/api/v1/check", files=files, headers={"x-csrf-token": token})
    assert answered.status_code == 200


def test_logout_ends_the_session(client: TestClient) -> None:
    _sign_in(client)
    token = client.get("/token").json()["csrf"]
    client.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert client.get("/privado", follow_redirects=False).status_code == 303


def test_a_copy_of_the_cookie_is_no_session_after_logout(client: TestClient) -> None:
    """Someone who copied the cookie (a shared computer, a stolen backup) keeps nothing once
    its owner signs out: the server revokes the session id, not only the browser's cookie."""
    _sign_in(client)
    copied = client.cookies[COOKIE]
    other = TestClient(client.app, base_url=LOOPBACK, cookies={COOKIE: copied})
    assert other.get("/privado", follow_redirects=False).status_code == 200
    assert other.get("/api/v1/contracts").status_code == 200
    token = client.get("/token").json()["csrf"]
    client.post("/logout", data={"csrf": token}, follow_redirects=False)
    assert other.get("/privado", follow_redirects=False).status_code == 303
    assert other.get("/api/v1/contracts").status_code == 401
    _sign_in(client)  # a new login is a new session id, not a revoked one
    assert client.get("/privado", follow_redirects=False).status_code == 200


def test_a_revoked_id_is_forgotten_once_its_cookie_would_have_expired() -> None:
    from lotcheck.serve.security import Revoked

    revoked = Revoked()
    revoked.add("old", -1)  # already past its cookie's life
    revoked.add("new", 3600)
    assert "old" not in revoked and "new" in revoked
    revoked.add("newer", 3600)  # each add drops the expired ones
    assert set(revoked._until) == {"new", "newer"}


def test_without_a_token_everyone_here_is_signed_in() -> None:
    with TestClient(_app(None), base_url=LOOPBACK) as client:
        assert client.get("/privado").status_code == 200
        assert client.get("/login", follow_redirects=False).status_code == 303
        assert client.get("/api/v1/contracts").status_code == 200
        token = client.get("/token").json()["csrf"]
        assert client.post("/acao", data={"csrf": token}).status_code == 200
        assert client.post("/acao", data={"csrf": "x"}).status_code == 403  # CSRF still applies


def test_a_forged_or_expired_cookie_is_no_session() -> None:
    secret = b"k" * 32
    from lotcheck.serve.security import cookie_value

    good = cookie_value(secret, Session("abc", True))
    assert read_cookie(secret, good, 3600) == Session("abc", True)
    sid, _, issued, signature = good.split(".")
    assert read_cookie(secret, f"{sid}.1.{issued}.{signature}x", 3600) is None
    assert read_cookie(secret, f"{sid}.0.{issued}.{signature}", 3600) is None  # flag changed
    assert read_cookie(b"j" * 32, good, 3600) is None
    assert read_cookie(secret, good, -1) is None
