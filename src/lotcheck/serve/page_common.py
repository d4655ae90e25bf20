"""What every staff page shares: the reader's language, the catalog's words, the Jinja2
templates, pt-BR money and dates, the contract names a user may pick, and the cookies a page
sets. The pages themselves are in :mod:`~lotcheck.serve.pages`, :mod:`~lotcheck.serve.page_month`
and :mod:`~lotcheck.serve.page_prices`.

Money and dates are written here, server-side, from the JSON report's decimal strings
(``"1942.50"`` -> ``R$ 1.942,50``, ``"2023-10-10"`` -> ``10/10/2023``): the page's script only
sorts and filters what it is given, so what a clerk reads is what the tests read.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from lotcheck import messages
from lotcheck.core.money import format_brl
from lotcheck.serve import security
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.security import csrf_token

HERE = Path(__file__).parent
STATIC = HERE / "static"
LANG_COOKIE = "lang"
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PLAIN_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def lang_of(request: Request) -> str:
    """``?lang=en`` first (the switch link), then the ``lang`` cookie it left, then the
    server's default."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked:
        return messages.normalize(asked)
    config: ServeConfig = request.app.state.config
    return messages.normalize(config.lang)


def money(value: str | Decimal | None, lang: str) -> str:
    """``"1234.5"`` -> ``R$ 1.234,50`` (pt) or ``R$ 1,234.50`` (en); None -> a dash."""
    if value is None:
        return "—"
    amount = Decimal(value)
    if lang == "pt":
        return format_brl(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}R$ {abs(amount).quantize(Decimal('0.01')):,}"


def day(value: str | None, lang: str) -> str:
    """``"2023-10-10"`` -> ``10/10/2023`` in pt, as it is in en; None -> empty."""
    if not value:
        return ""
    match = _ISO_DAY.fullmatch(value)
    if match is None or lang != "pt":
        return value
    year, month, dd = match.groups()
    return f"{dd}/{month}/{year}"


def number(value: str | None, lang: str) -> str:
    """A finding's expected/found: a plain decimal localized (``582.75`` -> ``582,75``), anything
    else (a code, a date, a word) as the file wrote it."""
    if value is None:
        return ""
    if _PLAIN_DECIMAL.fullmatch(value) and "." in value:
        try:
            Decimal(value)
        except InvalidOperation:
            return value
        return str(messages.localize(value, lang))
    return day(value, lang)


def contract_names(config: ServeConfig) -> list[str]:
    """The contracts a user may pick: the sub-folders of ``--contracts`` holding a
    ``contract.toml``, by name (the page never takes a path)."""
    if config.contracts is None or not config.contracts.is_dir():
        return []
    return sorted(
        entry.name
        for entry in config.contracts.iterdir()
        if entry.is_dir() and (entry / "contract.toml").is_file()
    )


def contract_folder(config: ServeConfig, name: str) -> Path | None:
    """The folder of the contract named ``name``, or None when it is not one of
    :func:`contract_names` (so ``../x`` or an absolute path is simply unknown)."""
    if config.contracts is None or name not in contract_names(config):
        return None
    return config.contracts / name


def words(lang: str) -> Any:
    """The templates' ``t(key, **values)``: a catalog text in the page's language."""

    def t(key: str, **values: object) -> str:
        return messages.text(lang, key, **values)

    return t


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page (or a fragment) in the reader's language, with this session's CSRF token; sets
    the language cookie when ``?lang=`` chose it and the session cookie when there was none."""
    lang = lang_of(request)
    other = "pt" if lang == "en" else "en"
    html = _ENV.get_template(template).render(
        t=words(lang),
        lang=lang,
        html_lang="pt-BR" if lang == "pt" else "en",
        other_lang=other,
        path=request.url.path,
        csrf=csrf_token(request),
        money=lambda value: money(value, lang),
        day=lambda value: day(value, lang),
        number=lambda value: number(value, lang),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    finish(request, response)
    return response


def finish(request: Request, response: Any) -> None:
    """Set the cookies this request decided: the language asked by ``?lang=``, a new session."""
    asked = request.query_params.get("lang")
    if asked:
        response.set_cookie(
            LANG_COOKIE, messages.normalize(asked), samesite="strict", max_age=365 * 86400
        )
    # The stand-in security module leaves a new session id here for the response to set (the
    # API branch's module may keep its session its own way: then there is nothing to do).
    session = getattr(request.state, "new_session", None)
    if session:
        name = getattr(security, "SESSION_COOKIE", "lotcheck_session")
        response.set_cookie(name, session, httponly=True, samesite="strict")
