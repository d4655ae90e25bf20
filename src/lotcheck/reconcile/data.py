"""The reconciliation as data: the document ``lotcheck reconcile --format json`` prints.

``schemas/reconcile.schema.json`` describes it (:mod:`lotcheck.report.reconcile_schemas`, and a
test validates real output against it). Money is a decimal string with two places (``"123.45"``),
never a float; a quantity is a decimal string as written; dates are ISO; verdicts and match
problems are their enum values. Both sides say where they come from: the statement item its line
in the payer's file, the item sent its line and XPath in the lot. The beneficiary's card and the
authorization password are left out: the report travels further than the lot does.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from lotcheck import __version__, messages
from lotcheck.core.codes import glosa_table
from lotcheck.core.money import format_money
from lotcheck.reconcile.classify import amounts
from lotcheck.reconcile.types import (
    GuideTotals,
    ReconciledItem,
    Reconciliation,
    SentItem,
    Totals,
    UnmatchedItem,
    Verdict,
)
from lotcheck.statement.types import Glosa, StatementItem

SCHEMA_ID = "https://lotcheck.dev/schemas/reconcile.schema.json"


def reconciliation_data(rec: Reconciliation, lang: str) -> dict[str, Any]:
    """The whole reconciliation as JSON-ready data; texts (the pricing formulas) in ``lang``
    (the findings are worded already, in the language the lots were checked in)."""
    lang = messages.normalize(lang)
    summary: dict[str, int] = {"items": len(rec.items)}
    summary.update({verdict.value: rec.count(verdict) for verdict in Verdict})
    summary["unmatched"] = len(rec.unmatched)
    summary["unanswered"] = len(rec.unanswered)
    return {
        "$schema": SCHEMA_ID,
        "tool": {"name": "lotcheck", "version": __version__},
        "lang": lang,
        "statement": {
            "path": rec.statement_path,
            "key": rec.statement_key,
            "form": rec.statement_form,
            "registro_ans": rec.registro_ans,
            "operator_name": rec.operator_name,
            "number": rec.statement_number,
            "issued": _day(rec.issued),
            "remarks": [messages.render(remark, lang) for remark in rec.remarks],
        },
        "lots": list(rec.lots),
        "contract": rec.contract,
        "summary": summary,
        "totals": totals_data(rec.totals),
        "by_service": [{"type": key, **totals_data(t)} for key, t in rec.by_service],
        "by_guide": [_guide_data(g) for g in rec.by_guide],
        "items": [_reconciled_data(item, lang) for item in rec.items],
        "unmatched": [_unmatched_data(item) for item in rec.unmatched],
        "unanswered": [sent_data(item, lang) for item in rec.unanswered],
    }


def totals_data(totals: Totals) -> dict[str, Any]:
    return {
        "items": totals.items,
        "sent": _money(totals.sent),
        "contracted": _money(totals.contracted),
        "released": _money(totals.released),
        "denied": _money(totals.denied),
        "recoverable": _money(totals.recoverable),
    }


def _guide_data(guide: GuideTotals) -> dict[str, Any]:
    return {
        "guide": guide.guide_number,
        "operator_guide": guide.operator_number,
        "protocol": guide.protocol,
        "lot": guide.lot_path,
        **totals_data(guide.totals),
    }


def _reconciled_data(item: ReconciledItem, lang: str) -> dict[str, Any]:
    money = amounts(item.item, item.sent)
    return {
        "verdict": item.verdict.value,
        "contestable": _money(item.contestable),
        "informed": _money(money.informed),
        "released": _money(money.released),
        "denied": _money(money.denied),
        "protocol": item.protocol,
        "guide": item.statement_guide,
        "operator_guide": item.statement_operator_guide,
        "glosas": [glosa_data(g) for g in item.glosas],
        "statement": statement_item_data(item.item),
        "sent": sent_data(item.sent, lang),
    }


def _unmatched_data(item: UnmatchedItem) -> dict[str, Any]:
    return {
        "problem": item.problem.value,
        "candidates": item.candidates,
        "protocol": item.protocol,
        "guide": item.statement_guide,
        "operator_guide": item.statement_operator_guide,
        "glosas": [glosa_data(g) for g in item.glosas],
        "statement": statement_item_data(item.item),
    }


def glosa_data(glosa: Glosa) -> dict[str, Any]:
    """The payer's glosa, with the official table 38 wording when lotcheck ships that row."""
    code = glosa.code.strip() if glosa.code is not None else None
    return {
        "code": glosa.code,
        "value": _money(glosa.value),
        "text": glosa.text,
        "description": glosa_table().get(code) if code else None,
    }


def statement_item_data(item: StatementItem) -> dict[str, Any]:
    """The statement item as the payer wrote it (``denied`` null when it gives none)."""
    return {
        "sequence": item.sequence,
        "date": _day(item.date),
        "table": item.table,
        "code": item.code,
        "description": item.description,
        "degree": item.degree,
        "quantity": _decimal(item.quantity),
        "informed": _money(item.informed),
        "processed": _money(item.processed),
        "released": _money(item.released),
        "denied": _money(item.denied),
        "line": item.line,
    }


def sent_data(item: SentItem, lang: str) -> dict[str, Any]:
    """The item as sent, re-priced, with the check's findings on it and its guide."""
    return {
        "lot": item.lot_path,
        "lot_number": item.lot_number,
        "tiss_version": item.tiss_version,
        "guide": item.guide_number,
        "operator_guide": item.operator_number,
        "service": item.service,
        "sequence": item.sequence,
        "table": item.table,
        "code": item.code,
        "description": item.description,
        "date": _day(item.date),
        "degree": item.degree,
        "quantity": _decimal(item.quantity),
        "sent": _money(item.sent),
        "expected": _money(item.expected),
        "line": item.line,
        "xpath": item.xpath,
        "findings": [{"code": code, "message": message} for code, message in item.findings],
        "explanation": messages.render(item.explanation, lang)
        if item.explanation is not None
        else None,
        "pricing": dict(item.pricing) if item.pricing is not None else None,
    }


def _money(value: Decimal | None) -> str | None:
    return format_money(value)


def _decimal(value: Decimal | None) -> str | None:
    return f"{value:f}" if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
