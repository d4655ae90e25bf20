"""The reconciliation as one spreadsheet row per item (``lotcheck reconcile --format csv``).

One row per statement item, matched or not, then one per item sent that the statement does not
mention, so a clerk can filter the month's glosas by class, sum the contestable column and open
each item in the lot (path and line) or in the payer's file (statement line). Nothing is left
out: the rows are the reconciliation's items, its unmatched items and its unanswered items, in
that order and each in the reconciliation's own order.

The ``verdict`` (``classe``) column holds a stable word, as the conference CSV's severity does,
so a filter or a script works whatever the report's language: ``paid``, ``overpaid``,
``foreseeable``, ``contestable``, ``unchecked`` for a matched item
(:class:`~lotcheck.reconcile.types.Verdict`), ``no_guide``, ``no_item``, ``ambiguous``,
``guide_only`` for one that matched nothing (:class:`~lotcheck.reconcile.types.MatchProblem`) and ``unanswered`` for an
item sent that the statement does not mention. The header follows the language.

The two dialects are the conference CSV's (:mod:`lotcheck.render.csv_report`, whose cell rules
are reused): ``br`` has ``;`` between cells, a decimal comma (``13,20``) and a UTF-8 byte-order
mark so Excel reads the accents; ``default`` has ``,`` and a decimal point. Dates are ISO
(``2023-10-10``) in both, as in the conference CSV; amounts have two decimals and no thousands
mark. A value with several parts (glosa codes, glosa texts, finding codes) is joined with
`` | ``. Every cell taken from the statement or the lots is guarded against formula injection,
its control characters written ``\\xNN`` as the text report writes them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from lotcheck import messages
from lotcheck.core.money import format_money
from lotcheck.reconcile.types import (
    ReconciledItem,
    Reconciliation,
    SentItem,
    UnmatchedItem,
    amounts,
)
from lotcheck.render.csv_report import Dialect, number_cell, safe_cell
from lotcheck.render.reconcile_parts import clean
from lotcheck.statement.types import Glosa

COLUMNS: tuple[str, ...] = (
    "verdict",
    "protocol",
    "guide",
    "operator_guide",
    "item",
    "table",
    "code",
    "date",
    "informed",
    "sent",
    "contracted",
    "released",
    "denied",
    "contestable",
    "glosa",
    "glosa_text",
    "findings",
    "candidates",
    "lot",
    "lot_line",
    "statement_line",
)
#: the verdict of an item sent that the statement does not mention
UNANSWERED = "unanswered"
#: between the parts of one cell (several glosas, several findings)
JOIN = " | "

Row = dict[str, str]


def _safe(value: str | None) -> str:
    """A cell from the statement or the lots: its control characters written ``\\xNN`` (a
    payer's CSV may carry a terminal escape, and the report is often printed to one), then
    guarded against formula injection."""
    return safe_cell(clean(value)) if value else ""


def _amount(value: Decimal | None, dialect: Dialect) -> str:
    return number_cell(format_money(value), dialect)


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _line(value: int | None) -> str:
    return "" if value is None else str(value)


def _joined(values: Iterable[str | None]) -> str:
    return _safe(JOIN.join(v for v in values if v))


def _glosas(glosas: Iterable[Glosa]) -> Row:
    glosas = tuple(glosas)
    return {
        "glosa": _joined(g.code for g in glosas),
        "glosa_text": _joined(g.text for g in glosas),
    }


def _sent_side(sent: SentItem, dialect: Dialect) -> Row:
    return {
        "sent": _amount(sent.sent, dialect),
        "contracted": _amount(sent.expected, dialect),
        "findings": _joined(code for code, _ in sent.findings),
        "lot": _safe(sent.lot_path),
        "lot_line": _line(sent.line),
    }


def _matched(ri: ReconciledItem, dialect: Dialect) -> Row:
    item, sent = ri.item, ri.sent
    read = amounts(item, sent)  # what the totals add up, as the JSON gives it
    return {
        "verdict": ri.verdict.value,
        "protocol": _safe(ri.protocol),
        "guide": _safe(ri.statement_guide or sent.guide_number),
        "operator_guide": _safe(ri.statement_operator_guide or sent.operator_number),
        "item": _safe(item.sequence or sent.sequence),
        "table": _safe(item.table or sent.table),
        "code": _safe(item.code or sent.code),
        "date": _day(item.date or sent.date),
        "informed": _amount(read.informed, dialect),
        "released": _amount(read.released, dialect),
        "denied": _amount(read.denied, dialect),
        "contestable": _amount(ri.contestable, dialect),
        "statement_line": _line(item.line),
        **_sent_side(sent, dialect),
        **_glosas(ri.glosas),
    }


def _unmatched(un: UnmatchedItem, dialect: Dialect) -> Row:
    item = un.item
    return {
        "verdict": un.problem.value,
        "protocol": _safe(un.protocol),
        "guide": _safe(un.statement_guide),
        "operator_guide": _safe(un.statement_operator_guide),
        "item": _safe(item.sequence),
        "table": _safe(item.table),
        "code": _safe(item.code),
        "date": _day(item.date),
        "informed": _amount(item.informed, dialect),
        "released": _amount(item.released, dialect),
        "denied": _amount(item.denied_value, dialect),
        "candidates": str(un.candidates) if un.candidates else "",
        "statement_line": _line(item.line),
        **_glosas(un.glosas),
    }


def _unanswered(sent: SentItem, dialect: Dialect) -> Row:
    return {
        "verdict": UNANSWERED,
        "guide": _safe(sent.guide_number),
        "operator_guide": _safe(sent.operator_number),
        "item": _safe(sent.sequence),
        "table": _safe(sent.table),
        "code": _safe(sent.code),
        "date": _day(sent.date),
        **_sent_side(sent, dialect),
    }


def rows(rec: Reconciliation, dialect: Dialect | str = Dialect.DEFAULT) -> list[Row]:
    """Every row as a dict by column key (a cell nobody gave is empty)."""
    dialect = Dialect(dialect)
    out = [_matched(ri, dialect) for ri in rec.items]
    out += [_unmatched(un, dialect) for un in rec.unmatched]
    out += [_unanswered(sent, dialect) for sent in rec.unanswered]
    return out


def render_csv(rec: Reconciliation, lang: str, *, dialect: Dialect | str = Dialect.BR) -> str:
    """The whole CSV: the header in ``lang``, then every row."""
    dialect = Dialect(dialect)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if dialect is Dialect.BR else ",", lineterminator="\n"
    )
    writer.writerow([messages.text(lang, f"reconcile.report.csv.{c}") for c in COLUMNS])
    for row in rows(rec, dialect):
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return ("\ufeff" if dialect is Dialect.BR else "") + buffer.getvalue()
