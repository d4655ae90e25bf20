"""A cap on every request body, however the client sends it.

Why a middleware: a ``Content-Length`` can be judged before a byte is read, but a body sent in
chunks (``Transfer-Encoding: chunked``) declares no length, and Starlette's form parser spools
every part of a multipart body to a temporary file before any route sees it. Without a cap on
the bytes actually received, one chunked upload could fill the server's disk (or, for a form
read into memory, its memory) before the per-file ``--max-size`` is ever applied.

So every body is counted as it arrives. A check (``POST /check``, ``/api/v1/check``,
``/api/v1/jobs``) may carry ``--max-files`` lots of ``--max-size`` each, plus the multipart
framing; any other request (a login, a month's form, a price question), and a page's check from
someone not signed in (the pages' login is judged after the body is parsed), at most
:data:`FORM_LIMIT`. Past its cap the request is answered ``413 body_too_large`` at once: the
client's further bytes are never read, and whatever the route would have answered to a body cut
short is replaced by that answer. It sits inside
:class:`~lotcheck.serve.security.SecurityMiddleware`, so an API request the token refuses is
refused before its body is read, the session is known, and the 413 carries the same security
headers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi.responses import JSONResponse

from lotcheck.serve.config import ServeConfig
from lotcheck.serve.errors import pick_lang, serve_error
from lotcheck.serve.security import Session, signed_in

Message = MutableMapping[str, Any]

#: the multipart framing around the lots of one check: boundaries, part headers, the fields
SLACK = 1 << 20
#: any body that is not a check's
FORM_LIMIT = 1 << 20
#: the requests that upload lots
UPLOADS = frozenset({("POST", "/check"), ("POST", "/api/v1/check"), ("POST", "/api/v1/jobs")})


class _Cut(Exception):
    """Raised into the route when its body passed the cap (the route's answer is dropped)."""


def body_limit(config: ServeConfig, method: str, path: str) -> int:
    """The most bytes a request's body may hold."""
    if (method, path) in UPLOADS:
        return config.max_files * config.max_bytes + SLACK
    return FORM_LIMIT


class BodyLimit:
    """Counts each request's body and answers 413 past :func:`body_limit` (plain ASGI: it
    never buffers a body or a response)."""

    def __init__(self, app: Any, config: ServeConfig) -> None:
        self.app, self.config = app, config

    async def __call__(
        self,
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(self.config, scope["method"], scope["path"])
        session = scope.get("state", {}).get("session")
        if (
            limit > FORM_LIMIT
            and not scope["path"].startswith("/api/")
            and isinstance(session, Session)
            and not signed_in(self.config, session)
        ):
            # the page's login is a dependency, judged only once the body is parsed: until
            # signed in, an upload to the page may carry what any form may
            limit = FORM_LIMIT
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, headers, limit)
            return
        seen = 0
        over = started = False

        async def counted() -> Message:
            nonlocal seen, over
            if over:  # the route asks again after the cut: there is nothing more for it
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    raise _Cut
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if over:
                return  # the route's answer to a body cut short: the 413 below is the answer
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not over:
                raise
        if over and not started:
            await self._refuse(scope, receive, send, headers, limit)

    async def _refuse(
        self,
        scope: dict[str, Any],
        receive: Callable[[], Awaitable[Message]],
        send: Callable[[Message], Awaitable[None]],
        headers: dict[str, str],
        limit: int,
    ) -> None:
        lang = pick_lang(None, headers.get("accept-language"), self.config.lang)
        body = serve_error(413, "body_too_large", limit=limit).body(lang)
        # the connection is closed after the answer: the client's unread bytes are not drained
        answer = JSONResponse(body, status_code=413, headers={"Connection": "close"})
        await answer(scope, receive, send)
