"""Who may use the server, and what every answer carries.

* **Headers on every response** (:class:`SecurityMiddleware`): a Content-Security-Policy with no
  inline script or style (every asset is a file under ``/static``), ``frame-ancestors 'none'``,
  ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (a job id in a URL never
  leaks to another site) and ``Cache-Control: no-store`` on everything but the static assets (a
  report holds health data: no browser or proxy keeps it).
* **The access token.** With ``--token-file`` every ``/api/v1`` request needs
  ``Authorization: Bearer <token>`` (compared in constant time) or the page's signed-in session;
  anything else is a 401 in the API's JSON shape. The pages sign in through ``/login``, which
  sets an HttpOnly, SameSite=Strict cookie (Secure over HTTPS); :func:`require_user` is the
  pages' dependency. Without a token (loopback only, the CLI insists) everyone on this machine
  is signed in.
* **Sessions** are signed cookies (HMAC-SHA256 with a key made when the server starts, so a
  restart signs everyone out): ``sid.auth.issued.signature``; a login makes a new ``sid``
  (no session fixation), and a session lasts ``session_hours``. A logout revokes its ``sid``
  on the server (:class:`Revoked`): a copy of the cookie taken before is no session after.
* **CSRF**: :func:`csrf_token` is an HMAC of the session id, to put in a hidden field of every
  state-changing form; :func:`check_csrf` refuses a form without it (403). A browser request to
  the API with the session cookie must send it as ``X-CSRF-Token``; a bearer request needs none
  (no browser sends a bearer token by itself).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import secrets
import time
from collections.abc import MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from lotcheck import messages
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.errors import pick_lang, serve_error

COOKIE = "lotcheck_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: a wrong token at the login form costs this long (guessing by hand is slow; by script, slower)
WRONG_TOKEN_SECONDS = 0.5
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter()


@dataclass(frozen=True, slots=True)
class Session:
    """The browser's session: its id and whether it is signed in."""

    sid: str
    authenticated: bool


class LoginRequired(Exception):
    """A page asked for by someone not signed in: the app answers with a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _sign(secret: bytes, text: str) -> str:
    digest = hmac.new(secret, text.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def cookie_value(secret: bytes, session: Session) -> str:
    body = f"{session.sid}.{int(session.authenticated)}.{int(time.time())}"
    return f"{body}.{_sign(secret, body)}"


def read_cookie(secret: bytes, value: str, max_age: float) -> Session | None:
    """The session a cookie holds, if its signature is ours and it has not expired."""
    parts = value.split(".")
    if len(parts) != 4 or parts[1] not in ("0", "1") or not parts[2].isdigit():
        return None
    body = ".".join(parts[:3])
    if not hmac.compare_digest(_sign(secret, body), parts[3]):
        return None
    if time.time() - int(parts[2]) > max_age:
        return None
    return Session(parts[0], parts[1] == "1")


class Revoked:
    """The session ids signed out before their cookies expire, each kept until it would have
    expired anyway (then no cookie can name it), so the set stays as small as the sessions
    alive. In memory: the key that signs cookies is made at start, so a restart ends every
    session anyway."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}

    def add(self, sid: str, max_age: float) -> None:
        now = time.time()
        self._until = {s: t for s, t in self._until.items() if t > now}
        self._until[sid] = now + max_age

    def __contains__(self, sid: object) -> bool:
        until = self._until.get(sid) if isinstance(sid, str) else None
        return until is not None and until > time.time()


def new_session(authenticated: bool = False) -> Session:
    return Session(secrets.token_urlsafe(18), authenticated)


def _bearer_ok(token: str, header: str | None) -> bool:
    if not header:
        return False
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def session_of(request: Request) -> Session:
    """The request's session (set by :class:`SecurityMiddleware`)."""
    session: Session = request.scope["state"]["session"]
    return session


def signed_in(config: ServeConfig, session: Session) -> bool:
    return config.token is None or session.authenticated


def require_user(request: Request) -> Session:
    """The pages' dependency: the session, signed in; else a redirect to ``/login``."""
    config: ServeConfig = request.app.state.config
    session = session_of(request)
    if not signed_in(config, session):
        raise LoginRequired(request.url.path)
    return session


def csrf_token(request: Request) -> str:
    """The token to put in a hidden ``csrf`` field of a state-changing form of this session."""
    secret: bytes = request.app.state.secret
    return _sign(secret, "csrf:" + session_of(request).sid)


def check_csrf(request: Request, form_value: str | None) -> None:
    """Refuse (403, ``csrf``) a state-changing request whose token is not this session's."""
    if not form_value or not hmac.compare_digest(form_value, csrf_token(request)):
        raise serve_error(403, "csrf")


class SecurityMiddleware:
    """Reads the session, guards ``/api/v1`` and adds the security headers (a plain ASGI
    middleware: it never buffers a response)."""

    def __init__(self, app: Any, config: ServeConfig, secret: bytes, revoked: Revoked) -> None:
        self.app, self.config, self.secret, self.revoked = app, config, secret, revoked

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        session = None
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:
            cookie = SimpleCookie()
        if COOKIE in cookie:
            max_age = self.config.session_hours * 3600
            session = read_cookie(self.secret, cookie[COOKIE].value, max_age)
            if session is not None and session.sid in self.revoked:
                session = None  # signed out: a copy of the old cookie is no session
        host_ok = self.config.token is not None or loopback_host(headers.get("host", ""))
        fresh = session is None and host_ok  # a refused host gets no cookie
        if session is None:
            session = new_session()
        scope.setdefault("state", {})["session"] = session
        path: str = scope["path"]
        is_static = path.startswith("/static/")
        is_api = path.startswith("/api/")
        https = scope.get("scheme") == "https"

        async def secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                out = list(message.get("headers", []))
                out.extend(_HEADERS)
                if not is_static:
                    out.append((b"cache-control", b"no-store"))
                sets_cookie = any(
                    k.lower() == b"set-cookie" and v.startswith(COOKIE.encode() + b"=")
                    for k, v in out
                )
                # an API client (an ERP) gets no cookie: only a browser's page visit starts one
                if fresh and not sets_cookie and not is_static and not is_api:
                    out.append((b"set-cookie", set_cookie(self.secret, session, https).encode()))
                message = {**message, "headers": out}
            await send(message)

        if not host_ok:
            lang = pick_lang(None, headers.get("accept-language"), self.config.lang)
            body = serve_error(421, "host").body(lang)
            await JSONResponse(body, status_code=421)(scope, receive, secured)
            return
        if cross_site(scope["method"], headers):
            lang = pick_lang(None, headers.get("accept-language"), self.config.lang)
            body = serve_error(403, "cross_site").body(lang)
            await JSONResponse(body, status_code=403)(scope, receive, secured)
            return
        if path.startswith("/api/v1") and not self._api_allowed(scope, headers, session):
            lang = pick_lang(None, headers.get("accept-language"), self.config.lang)
            body = serve_error(401, "unauthorized").body(lang)
            answer = JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})
            await answer(scope, receive, secured)
            return
        started = False

        async def tracked(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await secured(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            # a bug: Starlette's own 500 is sent outside this middleware, without the headers;
            # answer it here (the type of nothing, the text of nothing), then let it be logged
            if not started:
                lang = pick_lang(None, headers.get("accept-language"), self.config.lang)
                body = serve_error(500, "internal").body(lang)
                await JSONResponse(body, status_code=500)(scope, receive, secured)
            raise

    def _api_allowed(
        self, scope: dict[str, Any], headers: dict[str, str], session: Session
    ) -> bool:
        token = self.config.token
        if token is None:
            return True
        if _bearer_ok(token, headers.get("authorization")):
            return True
        if not session.authenticated:
            return False
        if scope["method"] in _SAFE_METHODS:
            return True
        given = headers.get(CSRF_HEADER, "")
        expected = _sign(self.secret, "csrf:" + session.sid)
        return bool(given) and hmac.compare_digest(given, expected)


def cross_site(method: str, headers: dict[str, str]) -> bool:
    """Whether a state-changing request comes from another site's page. The browser says so
    in ``Sec-Fetch-Site`` (anything but ``same-origin`` or ``none``: another site, or another
    port of this host); a browser without it is judged by ``Origin`` against the ``Host``
    (``Origin: null``, which Chrome sends for this server's own forms under
    ``Referrer-Policy: no-referrer``, says nothing either way). Such a request is refused
    whatever it carries: without a token, a page elsewhere could otherwise make a staff
    member's browser start checks or close a month here (it could not read the answers, but it
    could act). A bearer client (an ERP) sends neither header."""
    if method in _SAFE_METHODS:
        return False
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site.lower() not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return False
    _, _, rest = origin.partition("://")
    return rest.rstrip("/").lower() != headers.get("host", "").lower()


def loopback_host(host: str) -> bool:
    """Whether a request's ``Host`` names this machine (``localhost``, 127.0.0.0/8, ``[::1]``,
    any port; no Host at all is not a browser's request). Without a token this is what keeps a
    web page that re-points its own name at 127.0.0.1 (DNS rebinding) from being, for the
    browser, the same origin as the server: it could read every report and post every form."""
    name = host.strip().lower()
    if name.startswith("["):
        name = name[1 : name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    if name in ("", "localhost") or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def set_cookie(secret: bytes, session: Session, https: bool) -> str:
    """The ``Set-Cookie`` header value of ``session``."""
    secure = "; Secure" if https else ""
    return f"{COOKIE}={cookie_value(secret, session)}; Path=/; HttpOnly; SameSite=Strict{secure}"


def _safe_next(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (no ``//host``, no scheme)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def _login_page(request: Request, lang: str, next_path: str, wrong: bool) -> HTMLResponse:
    context = {
        "lang": lang,
        "csrf": csrf_token(request),
        "next": next_path,
        "wrong": wrong,
        "t": lambda key: messages.text(lang, f"serve.login.{key}"),
    }
    return templates.TemplateResponse(
        request, "login.html", context, status_code=401 if wrong else 200
    )


@router.get("/login", include_in_schema=False)
async def login_form(
    request: Request, next: str | None = None, lang: str | None = None
) -> Response:
    config: ServeConfig = request.app.state.config
    if config.token is None:
        return RedirectResponse(_safe_next(next), status_code=303)
    chosen = pick_lang(lang, request.headers.get("accept-language"), config.lang)
    return _login_page(request, chosen, _safe_next(next), wrong=False)


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    config: ServeConfig = request.app.state.config
    form = await request.form(max_files=0, max_fields=10)
    field = form.get(CSRF_FIELD)
    check_csrf(request, field if isinstance(field, str) else None)
    next_path = _safe_next(str(form.get("next") or "/"))
    given = form.get("token")
    lang = pick_lang(
        str(form.get("lang") or "") or None, request.headers.get("accept-language"), config.lang
    )
    if config.token is None:
        return RedirectResponse(next_path, status_code=303)
    if not isinstance(given, str) or not hmac.compare_digest(
        given.strip().encode(), config.token.encode()
    ):
        await asyncio.sleep(WRONG_TOKEN_SECONDS)
        return _login_page(request, lang, next_path, wrong=True)
    answer = RedirectResponse(next_path, status_code=303)
    https = request.url.scheme == "https"
    answer.headers.append(
        "set-cookie", set_cookie(request.app.state.secret, new_session(True), https)
    )
    return answer


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=10)
    field = form.get(CSRF_FIELD)
    check_csrf(request, field if isinstance(field, str) else None)
    config: ServeConfig = request.app.state.config
    session = session_of(request)
    if session.authenticated:  # an id never signed in has nothing to revoke: keep none of them
        request.app.state.revoked.add(session.sid, config.session_hours * 3600)
    answer = RedirectResponse("/login", status_code=303)
    https = request.url.scheme == "https"
    answer.headers.append("set-cookie", set_cookie(request.app.state.secret, new_session(), https))
    return answer
