"""``/month``: the ledger's periods and the lots closed in each, closing a month from a check,
reopening one (after a confirmation page), and the month's return report.

The ledger is the one ``--ledger-url`` names (the user's default ledger without it, as for
``lotcheck ledger``). A closing records the lots the check kept for it
(:mod:`~lotcheck.serve.page_closing`) with :meth:`Ledger.close
<lotcheck.ledger.Ledger.close>`, the call ``lotcheck ledger close`` makes, and says what
happened to each lot in the command's words (:func:`~lotcheck.ledger.describe_outcome`).
Reopening deletes a month's records, so it takes two forms: the first only asks; the second,
with ``confirm=yes``, reopens. Every one of these forms carries the session's CSRF token.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from lotcheck import messages
from lotcheck.ledger import Ledger, LedgerError, describe_outcome, describe_reopen
from lotcheck.messages import Verbatim
from lotcheck.serve.config import ServeConfig
from lotcheck.serve.page_closing import closables
from lotcheck.serve.page_common import lang_of, money, render
from lotcheck.serve.security import check_csrf

router = APIRouter()
_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _ledger_state(config: ServeConfig, period: str | None, lang: str) -> dict[str, Any]:
    """The periods with their lots, and ``period``'s return report (when one is asked)."""
    with Ledger.open(config.ledger_url) as store:
        lots = store.list()
        returns = store.returns(period) if period else []
    by_period: dict[str, list[Any]] = defaultdict(list)
    for lot in lots:
        by_period[lot.period].append(lot)
    rows = [
        {
            "lot": row.lot_number,
            "provider": row.provider,
            "status": messages.text(lang, f"ledger.status.name.{row.status}"),
            "protocol": row.protocol or "—",
            **{
                key: money(getattr(row, key), lang)
                for key in ("sent", "released", "denied", "contestable", "appealed")
            },
        }
        for row in returns
    ]
    return {"periods": sorted(by_period.items(), reverse=True), "returns": rows}


async def _page(
    request: Request, status: int = 200, notes: list[str] | None = None, **extra: Any
) -> Response:
    config: ServeConfig = request.app.state.config
    lang = lang_of(request)
    chosen = extra.pop("period", None)
    period = request.query_params.get("period") or chosen
    context: dict[str, Any] = {"periods": [], "returns": [], "ledger_error": None}
    if period and not _PERIOD.fullmatch(period):
        notes = [*(notes or []), _bad_period(period, lang)]
        period, status = None, 400
    try:
        context.update(await run_in_threadpool(_ledger_state, config, period, lang))
    except LedgerError as exc:
        context["ledger_error"] = exc.text(lang)
        status = max(status, 503)
    return render(
        request,
        "month.html",
        status,
        notes=notes or [],
        period=period,
        job_value=extra.pop("job", ""),
        **context,
        **extra,
    )


def _bad_period(value: str, lang: str) -> str:
    return messages.text(lang, "serve.page.month.bad_period", value=Verbatim(value))


@router.get("/month", include_in_schema=False)
async def month_page(request: Request) -> Response:
    return await _page(request)


def _close(config: ServeConfig, lots: list[Any], period: str, lang: str) -> list[str]:
    with Ledger.open(config.ledger_url) as store:
        outcomes = store.close(lots, period)
    return [describe_outcome(outcome, lang) for outcome in outcomes]


@router.post("/month/close", include_in_schema=False)
async def month_close(
    request: Request,
    job: Annotated[str, Form()] = "",
    period: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    lang = lang_of(request)
    period = period.strip()
    if not _PERIOD.fullmatch(period):
        return await _page(request, 400, [_bad_period(period, lang)], job=job)
    closable = closables(request).get(job.strip())
    if closable is None:
        return await _page(request, 404, [messages.text(lang, "serve.page.check.no_job")], job=job)
    if closable.refused:
        notes = [
            messages.text(
                lang, "serve.page.month.not_a_lot", file=Verbatim(name), reason=exc.text(lang)
            )
            for name, exc in closable.refused
        ]
        return await _page(request, 400, notes, job=job)
    if not closable.lots:
        note = messages.text(lang, "serve.page.month.no_lots", job=Verbatim(job))
        return await _page(request, 400, [note], job=job)
    config: ServeConfig = request.app.state.config
    try:
        notes = await run_in_threadpool(_close, config, closable.lots, period, lang)
    except LedgerError as exc:
        return await _page(request, 503, [exc.text(lang)], job=job)
    return await _page(request, 200, notes, period=period)


@router.post("/month/reopen", include_in_schema=False)
async def month_reopen_ask(
    request: Request,
    period: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """The first step: nothing changes; the page asks to confirm."""
    check_csrf(request, csrf)
    period = period.strip()
    if not _PERIOD.fullmatch(period):
        return await _page(request, 400, [_bad_period(period, lang_of(request))])
    return render(request, "confirm.html", period=period)


def _reopen(config: ServeConfig, period: str, lang: str) -> str:
    with Ledger.open(config.ledger_url) as store:
        count = store.reopen(period)
    return describe_reopen(period, count, lang)


@router.post("/month/reopen/confirm", include_in_schema=False)
async def month_reopen(
    request: Request,
    period: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """The second step: with ``confirm=yes``, reopen the month."""
    check_csrf(request, csrf)
    lang = lang_of(request)
    period = period.strip()
    if not _PERIOD.fullmatch(period):
        return await _page(request, 400, [_bad_period(period, lang)])
    if confirm != "yes":
        return render(request, "confirm.html", 400, period=period)
    config: ServeConfig = request.app.state.config
    try:
        note = await run_in_threadpool(_reopen, config, period, lang)
    except LedgerError as exc:
        return await _page(request, 503, [exc.text(lang)])
    return await _page(request, 200, [note])
