"""What ``lotcheck ledger send`` and ``ledger list --period`` print: the sent line, the month's
return report (text and JSON) and the JSON of the plain list.

Worded from the ``ledger.*`` texts of the catalogs like :mod:`lotcheck.ledger.messages`; money
is written as the reader writes it (``R$ 1.234,56`` in Portuguese, ``R$ 1,234.56`` in English,
``—`` when not known yet) in the text, and as plain decimal strings (``"1234.56"``, null) in the
JSON, which programs read.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from lotcheck.core.money import format_brl
from lotcheck.ledger.messages import render
from lotcheck.ledger.status_records import ReturnRow, ReturnTotals, StatusOutcome
from lotcheck.messages import Verbatim

if TYPE_CHECKING:
    from lotcheck.ledger.records import LedgerLot

#: the return report's columns, in order; the last five are money
COLUMNS: tuple[str, ...] = (
    "lot",
    "provider",
    "status",
    "protocol",
    "sent",
    "released",
    "denied",
    "contestable",
    "appealed",
)
_MONEY = COLUMNS[4:]


def money(value: Decimal | None, lang: str) -> str:
    """``R$ 1.234,56`` (pt) or ``R$ 1,234.56`` (en); ``—`` when not known."""
    if value is None or lang != "en":
        return format_brl(value)
    cents = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    return f"{sign}R$ {abs(cents):,.2f}"


def describe_sent(outcome: StatusOutcome, lang: str) -> str:
    """The line of ``lotcheck ledger send``: sent now, or already sent with that protocol."""
    lot = outcome.lot
    return render(
        "out.sent" if outcome.changed else "out.already_sent",
        lang,
        lot=Verbatim(lot.lot_number),
        provider=Verbatim(lot.provider),
        period=Verbatim(lot.period),
        protocol=Verbatim(outcome.detail),
    )


def _cells(row: ReturnRow, lang: str) -> list[str]:
    return [
        row.lot_number,
        row.provider,
        render(f"status.name.{row.status.value}", lang),
        row.protocol or "—",
        *(money(getattr(row, name), lang) for name in _MONEY),
    ]


def describe_returns(period: str, rows: list[ReturnRow], lang: str) -> list[str]:
    """The month as a return report: a title, one line per lot, a totals line; columns
    aligned (text to the left, money to the right)."""
    if not rows:
        return [render("returns.none", lang, period=Verbatim(period))]
    totals = ReturnTotals.of(rows)
    table = [[render(f"returns.col.{name}", lang) for name in COLUMNS]]
    table.extend(_cells(row, lang) for row in rows)
    table.append(
        [
            render("returns.total", lang, n=totals.lots),
            "",
            "",
            "",
            *(money(getattr(totals, name), lang) for name in _MONEY),
        ]
    )
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    lines = [render("returns.title", lang, period=Verbatim(period))]
    for line in table:
        cells = [
            cell.rjust(width) if COLUMNS[i] in _MONEY else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def returns_json(period: str, rows: list[ReturnRow]) -> dict[str, Any]:
    """The return report for programs: money as decimal strings (null: not known yet)."""
    totals = ReturnTotals.of(rows)
    return {
        "period": period,
        "lots": [
            {
                "provider": row.provider,
                "lot_number": row.lot_number,
                "status": row.status.value,
                "protocol": row.protocol,
                **{name: _plain(getattr(row, name)) for name in _MONEY},
                "statements": row.statements,
                "appeals": row.appeals,
            }
            for row in rows
        ],
        "totals": {"lots": totals.lots, **{n: _plain(getattr(totals, n)) for n in _MONEY}},
    }


def lots_json(lots: list[LedgerLot]) -> dict[str, Any]:
    """``ledger list --format json`` without ``--period``: the closed lots."""
    return {
        "lots": [
            {
                "id": lot.id,
                "period": lot.period,
                "provider": lot.provider,
                "lot_number": lot.lot_number,
                "guides": lot.guide_count,
                "closed_at": lot.closed_at.isoformat(),
                "path": lot.path,
                "sha256": lot.sha256,
            }
            for lot in lots
        ]
    }
