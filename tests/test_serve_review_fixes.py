"""Defects found reviewing the body cap, the logout revocation, the page's uploads, the
contract reload and the log filter of ``lotcheck serve``, each pinned by a test that failed
before its fix."""

from __future__ import annotations

import asyncio
import logging
import re
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.contracts import ContractCache

LOOPBACK = "http://127.0.0.1"
CARD = "00010002000600"  # a numeroCarteira of the example lot
TOKEN = "review-token-for-tests-0123456789"


def _form_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)


def test_a_logout_without_a_login_revokes_nothing() -> None:
    """Anyone who can reach the login form can post /logout with its CSRF token: were every
    such id kept for ``session_hours``, a script doing that in a loop would grow the server's
    memory (and the cost of each logout) without a token. Only a signed-in id is revoked."""
    app = create_app(ServeConfig(token=TOKEN, workers=1))
    with TestClient(app, base_url=LOOPBACK) as client:
        for _ in range(5):
            client.cookies.clear()
            token = _form_csrf(client.get("/login").text)
            answer = client.post("/logout", data={"csrf": token}, follow_redirects=False)
            assert answer.status_code == 303
        assert len(app.state.revoked._until) == 0
        # a signed-in session is still revoked by its logout
        client.cookies.clear()
        page = client.get("/login")
        client.post(
            "/login",
            data={"token": TOKEN, "csrf": _form_csrf(page.text), "next": "/"},
            follow_redirects=False,
        )
        token = _form_csrf(client.get("/").text)
        client.post("/logout", data={"csrf": token}, follow_redirects=False)
        assert len(app.state.revoked._until) == 1


def test_a_slow_contract_load_does_not_hold_up_another_contract(tmp_path: Path) -> None:
    """A big table takes seconds to load: meanwhile a check against another contract (one
    already loaded, even) must not wait for it, as it did not before the cache had a lock."""
    release = threading.Event()
    loaded: dict[str, Any] = {}

    def loader(folder: Path, name: str) -> Any:
        if name == "slow":
            assert release.wait(30)
        return object()

    cache = ContractCache(loader)
    for name in ("slow", "quick"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "contract.toml").write_text("")
    slow = threading.Thread(target=lambda: loaded.update(slow=cache.get(tmp_path / "slow", "slow")))
    slow.start()
    try:
        quick = threading.Thread(
            target=lambda: loaded.update(quick=cache.get(tmp_path / "quick", "quick"))
        )
        quick.start()
        quick.join(5)
        assert "quick" in loaded, "the other contract waited for the slow load"
    finally:
        release.set()
        slow.join(30)
    assert "slow" in loaded


def test_a_failing_shutdown_logs_no_exception_text(caplog: pytest.LogCaptureFixture) -> None:
    """Starlette answers a lifespan that raises with ``traceback.format_exc()`` as the
    failure's message, and uvicorn logs that message as is: past NoExceptionText, the
    exceptions' messages included. A failure to stop the checks is logged by the error log
    with its traceback (which the filter strips), never sent as text."""
    app = create_app(ServeConfig(workers=1))

    async def failing() -> None:
        raise RuntimeError(f"stopping {CARD}")

    app.state.runner.close = failing
    events = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return events.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def drive() -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}}
        await app(scope, receive, send)

    with caplog.at_level(logging.ERROR, logger="uvicorn.error"):
        asyncio.run(drive())
    assert all(CARD not in str(message.get("message", "")) for message in sent), sent
    assert [r.exc_info for r in caplog.records if r.name == "uvicorn.error" and r.exc_info]


def _multipart(size: int) -> bytes:
    head = (
        b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.xml"\r\n'
        b"Content-Type: text/xml\r\n\r\n"
    )
    return head + b"x" * size + b"\r\n--b--\r\n"


def test_a_page_upload_from_someone_not_signed_in_is_capped_as_a_form() -> None:
    """The pages' login is a dependency, which FastAPI resolves after it has parsed the body:
    an upload to POST /check from someone not signed in was spooled to disk whole (up to
    --max-files x --max-size, 50 GiB by default) before the redirect to /login. Until
    signed in, that request may carry what any form may (1 MiB)."""
    config = ServeConfig(token=TOKEN, workers=1, max_bytes=8 << 20, max_files=2)
    kind = {"content-type": "multipart/form-data; boundary=b"}
    with TestClient(create_app(config), base_url=LOOPBACK) as client:
        small = client.post("/check", content=_multipart(10), headers=kind, follow_redirects=False)
        assert small.status_code == 303  # a small one is still sent to the login
        big = client.post(
            "/check", content=_multipart(2 << 20), headers=kind, follow_redirects=False
        )
        assert big.status_code == 413
        assert big.json()["error"]["code"] == "body_too_large"
        page = client.get("/login")
        client.post(
            "/login",
            data={"token": TOKEN, "csrf": _form_csrf(page.text), "next": "/"},
            follow_redirects=False,
        )
        signed = client.post("/check", content=_multipart(2 << 20), headers=kind)
        assert signed.status_code == 403  # read whole and judged by the route: no CSRF token
