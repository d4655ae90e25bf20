"""The API's errors: one exception, one JSON shape, words in the request's language.

Every error the server answers is ``{"error": {"code": "...", "message": "..."}}`` with the
HTTP status that matches it (400 bad input, 401 no access, 404 unknown, 413 too large, 422 a
contract that does not load). Where the command line has a usage error for the same problem the
code is the CLI's key (``contract``, ``price_date``...) and the message its text
(``cli.usage.*``), so an ERP that scripts both reads one set of codes; the server's own problems
(uploads, the token, jobs) are ``serve.api.*``. What the client sent is echoed verbatim, never
localized.
"""

from __future__ import annotations

from typing import Any

from lotcheck import messages
from lotcheck.messages import Verbatim

#: the languages the catalogs speak
LANGS = ("pt", "en")


class ApiError(Exception):
    """An answer that is an error: its status, code and catalog key with the values."""

    def __init__(self, status: int, code: str, key: str, **values: object) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        echoed = {k: Verbatim(v) if isinstance(v, str) else v for k, v in self.values.items()}
        return messages.text(lang, self.key, **echoed)

    def body(self, lang: str) -> dict[str, Any]:
        return error_body(self.code, self.message(lang))


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def serve_error(status: int, code: str, **values: object) -> ApiError:
    """An error of the server's own (``serve.api.<code>``)."""
    return ApiError(status, code, f"serve.api.{code}", **values)


def usage_error(status: int, code: str, **values: object) -> ApiError:
    """The command line's usage error ``code`` (``cli.usage.<code>``), as an HTTP answer."""
    return ApiError(status, code, f"cli.usage.{code}", **values)


def pick_lang(asked: str | None, accept_language: str | None, default: str) -> str:
    """``lang`` as asked (``pt``/``en``), else the first of Accept-Language's languages the
    catalogs speak (by its weight), else the server's ``--lang``."""
    if asked:
        return messages.normalize(asked)
    if accept_language:
        ranked: list[tuple[float, int, str]] = []
        for index, part in enumerate(accept_language.split(",")):
            name, _, params = part.strip().partition(";")
            weight = 1.0
            params = params.strip()
            if params.startswith("q="):
                try:
                    weight = float(params[2:])
                except ValueError:
                    weight = 0.0
            base = name.strip().lower().split("-")[0]
            if base in LANGS and weight > 0:
                ranked.append((-weight, index, base))
        if ranked:
            return min(ranked)[2]
    return default
