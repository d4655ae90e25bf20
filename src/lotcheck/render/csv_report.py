"""One row per finding (``--format csv``), for the spreadsheet a billing clerk works the glosas in.

Two dialects, because a Brazilian spreadsheet opens ``;``-separated files with decimal commas and
a plain CSV reader expects ``,`` and points: ``default`` (``,``, ``13.20``) and ``br`` (``;``,
``13,20`` in the money columns, and a UTF-8 byte-order mark so Excel reads the accents). Rows
follow ``--order`` like the text report; the header follows the language.

Everything in a row but the code and severity comes from the lot, which is untrusted: a cell that
a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first, and not a number) is
prefixed with ``'``, as OWASP advises against CSV injection.

An interrupted run (Ctrl-C, SIGTERM) ends with one marker row, since CSV has no comments: the
same columns as every row (any CSV reader takes it), ``#partial`` in the first (lot) column,
code and severity empty (no finding row has them empty) and the notice in the message column,
e.g. ``#partial,,,,,,,,,,,Run interrupted: partial report (3 files checked).`` A complete run
has no such row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum

from lotcheck import messages
from lotcheck.core.printable import printable
from lotcheck.render import Meta
from lotcheck.render.common import Order, ordered
from lotcheck.report import LotReport, Report, is_partial


class Dialect(StrEnum):
    DEFAULT = "default"
    BR = "br"


COLUMNS = (
    "lot",
    "guide",
    "authorization",
    "date",
    "item",
    "line",
    "code",
    "severity",
    "glosa",
    "expected",
    "found",
    "message",
)
# expected/found hold money, factors and quantities as plain decimals, or codes (22/40399999)
_PLAIN_DECIMAL = re.compile(r"^-?\d+\.\d+$")


_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


#: the first cell of the row that ends the CSV of an interrupted run (see the module docstring)
PARTIAL_MARKER = "#partial"


def _partial_notice(files: int, lang: str) -> str:
    return messages.text(lang, "report.csv.partial", n=files)


def safe_cell(value: str | None) -> str:
    """A cell taken from untrusted input, safe to open in a spreadsheet (see the module
    docstring); shared with the reconciliation's CSV (:mod:`lotcheck.render.reconcile_csv`)."""
    if not value:
        return ""
    value = printable(value)  # a file name that is not UTF-8 shows as \xNN
    if value[0] in "=+-@\t\r" and not _NUMBER.match(value):
        return "'" + value
    return value


def number_cell(value: str | None, dialect: Dialect) -> str:
    """A plain decimal (``13.20``) as the dialect writes it (``13,20`` in ``br``); anything
    else (a code) as a safe cell."""
    if value is None:
        return ""
    if dialect is Dialect.BR and _PLAIN_DECIMAL.match(value):
        return value.replace(".", ",")
    return safe_cell(value)


def iter_csv(
    lots: Iterable[LotReport],
    meta: Meta,
    *,
    dialect: Dialect | str = Dialect.DEFAULT,
    order: Order | str = Order.GUIDE,
) -> Iterator[str]:
    """Yield the header, then the rows of each lot as it comes."""
    dialect = Dialect(dialect)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=";" if dialect is Dialect.BR else ",", lineterminator="\n"
    )

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    header = [messages.text(meta.lang, f"report.csv.{c}") for c in COLUMNS]
    writer.writerow(header)
    yield ("\ufeff" if dialect is Dialect.BR else "") + take()
    files = 0
    for lot in lots:
        files += 1
        for f in ordered(lot.findings, order):
            writer.writerow(
                [
                    safe_cell(lot.path),
                    safe_cell(f.guide),
                    safe_cell(f.authorization),
                    f.date or "",
                    safe_cell(f.item),
                    "" if f.line is None else f.line,
                    f.code,
                    str(f.severity),
                    f.glosa or "",
                    number_cell(f.expected, dialect),
                    number_cell(f.found, dialect),
                    safe_cell(f.message),
                ]
            )
        yield take()
    if is_partial(lots):
        marker = [""] * len(COLUMNS)
        marker[0], marker[-1] = PARTIAL_MARKER, _partial_notice(files, meta.lang)
        writer.writerow(marker)
        yield take()


def render(
    report: Report | Iterable[LotReport],
    meta: Meta,
    *,
    dialect: Dialect | str = Dialect.DEFAULT,
    order: Order | str = Order.GUIDE,
) -> str:
    """The whole CSV as one string."""
    return "".join(iter_csv(report, meta, dialect=dialect, order=order))
