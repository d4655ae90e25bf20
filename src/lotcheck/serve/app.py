"""The web application: :func:`create_app` builds the FastAPI app.

``app.state.config`` (:class:`ServeConfig`), ``app.state.runner``
(:class:`~lotcheck.serve.jobs.JobRunner`), ``app.state.secret`` (the key sessions and CSRF
tokens are signed with, made at start: a restart signs everyone out), the API router under
``/api/v1``, the login form and the pages router at ``/``, the static assets under ``/static``.
Every response goes through :class:`~lotcheck.serve.security.SecurityMiddleware` (security
headers, the access token); every error is the API's JSON shape
(:mod:`lotcheck.serve.errors`) except a page that needs a login, which redirects to it. The
OpenAPI document is served at ``/api/v1/openapi.json``; there is no Swagger page (it would load
its scripts from a CDN).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from lotcheck import __version__
from lotcheck.serve import api, pages, security
from lotcheck.serve.body_limit import BodyLimit
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.errors import ApiError, pick_lang, serve_error
from lotcheck.serve.jobs import JobRunner
from lotcheck.serve.logs import ERROR_LOGGER

OPENAPI_URL = "/api/v1/openapi.json"


def _lang(request: Request) -> str:
    config: ServeConfig = request.app.state.config
    return pick_lang(
        request.query_params.get("lang"), request.headers.get("accept-language"), config.lang
    )


def _answer(request: Request, error: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return JSONResponse(error.body(_lang(request)), status_code=error.status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _answer(request, exc)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    return _answer(request, serve_error(400, "invalid", field=where, reason=first.get("msg", "")))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _answer(request, serve_error(404, "not_found", path=request.url.path))
    if exc.status_code == 405:
        return _answer(request, serve_error(405, "method", method=request.method))
    error = ApiError(
        exc.status_code, "http", "serve.api.invalid", field="request", reason=str(exc.detail)
    )
    return _answer(request, error)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, security.LoginRequired)
    return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)


def create_app(config: ServeConfig) -> FastAPI:
    runner = JobRunner(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        try:
            await runner.close()
        except Exception:
            # Starlette would send this traceback to uvicorn as text (messages and all), which
            # uvicorn logs as is: the error log writes it instead, through NoExceptionText
            logging.getLogger(ERROR_LOGGER).exception("lotcheck: stopping the checks failed")

    app = FastAPI(
        title="lotcheck",
        version=__version__,
        description="Checks TISS billing lots against the contracted price table (issue 16).",
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.runner = runner
    app.state.secret = secrets.token_bytes(32)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(security.LoginRequired, _login_required)
    app.include_router(api.router)
    app.include_router(security.router)
    app.include_router(pages.public)
    app.include_router(pages.router)
    # the last added runs first: the token is judged before a body is read (BodyLimit)
    app.add_middleware(BodyLimit, config=config)
    app.state.revoked = security.Revoked()
    app.add_middleware(
        security.SecurityMiddleware,
        config=config,
        secret=app.state.secret,
        revoked=app.state.revoked,
    )
    return app
