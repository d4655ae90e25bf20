"""MINIMAL stand-in written on the page branch (issue 16): the API branch owns this module and its
version wins on merge. It keeps exactly the three names the pages call.

CSRF: a per-process random secret; a form's token is the HMAC of the browser's session cookie
(``lotcheck_session``, random, set by the first page that asks for a token), so a page of
another site, which can neither read our pages nor our cookie, cannot forge one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request

SESSION_COOKIE = "lotcheck_session"
_SECRET = secrets.token_bytes(32)


def _session(request: Request) -> str:
    session = request.cookies.get(SESSION_COOKIE)
    if not session:
        session = getattr(request.state, "new_session", None) or secrets.token_urlsafe(24)
        request.state.new_session = session
    return session


def csrf_token(request: Request) -> str:
    """The token a form of this browser session carries. When the browser has no session yet,
    one is made and left in ``request.state.new_session`` for the response to set as a cookie."""
    return hmac.new(_SECRET, _session(request).encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, value: str | None) -> None:
    """Refuse (403) a state-changing request whose token is not this session's."""
    session = request.cookies.get(SESSION_COOKIE)
    if not session or not value:
        raise HTTPException(status_code=403, detail="csrf")
    expected = hmac.new(_SECRET, session.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, value):
        raise HTTPException(status_code=403, detail="csrf")


def require_user(request: Request) -> None:
    """Nothing to check without an access token; with one, the bearer header or the login
    cookie must carry it (401 otherwise)."""
    token = request.app.state.config.token
    if token is None:
        return
    given = request.cookies.get("lotcheck_token") or ""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:]
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(status_code=401, detail="token")
