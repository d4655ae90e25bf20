"""``GET /prices``: what a code pays on a date for a degree, with the breakdown: the answer of
:func:`lotcheck.pricing.quote.quote` (the figure the check will expect of the line, as
``lotcheck price`` prints it), worded with the same catalog texts as that command.

A lookup changes nothing, so it is a plain GET form (no CSRF token needed, and the answer's
address can be bookmarked or sent to a colleague).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from lotcheck import messages
from lotcheck.contract import Contract, ContractError, load_contract
from lotcheck.messages import Verbatim
from lotcheck.pricing.answer import answer_rows, parse_day, words
from lotcheck.pricing.quote import QuoteError, quote, unpriced_finding
from lotcheck.pricing.result import Priced
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.contracts import shown_error
from lotcheck.serve.page_common import contract_folder, contract_names, lang_of, money, render

router = APIRouter()

#: grauPart, TISS domain table 35
DEGREES = tuple(f"{n:02d}" for n in range(14))


def breakdown(priced: Priced, day: date, lang: str) -> list[tuple[str, str]]:
    """The answer's lines (label, value), as ``lotcheck price`` writes them (the page's own
    money format: ``R$ 1,234.50`` in English)."""
    rows = answer_rows(priced, day, lang, money=lambda amount: money(amount, lang))
    return [(words(lang, f"label.{key}"), value) for key, value in rows]


def _refused(error: QuoteError, lang: str) -> str:
    """A question the contract cannot answer as asked, worded as the command words it."""
    values = error.message_values()
    option = "CODE" if error.option == "code" else error.option
    return messages.text(lang, f"cli.usage.price_{error.reason}", option=option, **values)


@router.get("/prices", include_in_schema=False)
def prices_page(
    request: Request,
    code: str = "",
    date: str = "",
    degree: str = "",
    table: str = "",
    contract: str = "",
) -> Response:
    config: ServeConfig = request.app.state.config
    lang = lang_of(request)
    names = contract_names(config)
    form = {"code": code, "date": date, "degree": degree, "table": table, "contract": contract}
    context: dict[str, Any] = {
        "contracts": names,
        "degrees": DEGREES,
        "form": form,
        "rows": [],
        "problem": None,
        "unpriced": None,
    }
    asked = bool(code or date)
    if not asked:
        return render(request, "prices.html", **context)
    problem, status = _answer(config, form, lang, context)
    context["problem"] = problem
    return render(request, "prices.html", status, **context)


def _answer(
    config: ServeConfig, form: dict[str, str], lang: str, context: dict[str, Any]
) -> tuple[str | None, int]:
    """Fill ``context`` with the answer; return the problem (and status) when there is none."""
    if not form["code"].strip() or not form["date"].strip():
        return messages.text(lang, "serve.page.prices.missing"), 400
    day = parse_day(form["date"].strip())
    if day is None:
        return messages.text(lang, "cli.usage.price_date", value=form["date"]), 400
    folder = contract_folder(config, form["contract"])
    if folder is None:
        key = "serve.page.check.unknown_contract"
        return messages.text(lang, key, name=Verbatim(form["contract"])), 400
    try:
        loaded: Contract = load_contract(folder)
    except ContractError as exc:
        key = "serve.page.prices.contract_failed"
        reason = shown_error(exc, folder, form["contract"])
        return messages.text(lang, key, name=Verbatim(form["contract"]), reason=reason), 422
    code = form["code"].strip()
    table = form["table"].strip() or None
    degree = form["degree"] or None
    try:
        answer = quote(loaded, code, day, table=table, degree=degree)
    except QuoteError as exc:
        return _refused(exc, lang), 400
    if isinstance(answer, Priced):
        context["rows"] = breakdown(answer, day, lang)
        return None, 200
    finding = unpriced_finding(loaded, answer, code, day, table=table, degree=degree, lang=lang)
    context["unpriced"] = messages.text(
        lang, "serve.page.prices.unpriced", message=Verbatim(finding.message)
    )
    return None, 200
