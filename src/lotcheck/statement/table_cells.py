"""One cell of a statement table as a value: text, money, quantity or date, or a StatementError
naming the column and the value as the file wrote it.

A CSV cell is always text; an XLSX cell may be text, a number (a float: Excel stores no
decimals) or a date. Text numbers follow the mapping's decimal mark, with the other mark
grouping thousands (``1.234,56`` or ``1,234.56``) and an optional ``R$``. Money has at most two
places; a float one cent off by binary noise (``30.000000000000004``) is its two places, any
real third place is an error rather than a rounding: a statement's values are what the payer
paid, to the cent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lotcheck.messages import Verbatim

CENT = Decimal("0.01")
#: how far from its two places a float money cell may be and still be them (binary noise)
_NOISE = Decimal("0.000001")
_BLANKS = " \t\u00a0"
_NUMBER = {
    ",": re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?"),
    ".": re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?"),
}


class CellError(ValueError):
    """A cell that is not what its column holds: the catalog key and its values (the caller
    adds the file, sheet and line)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params: dict[str, Any] = params


def header_key(header: str) -> str:
    """How headers are compared: spaces around and inside them, and case, do not count."""
    return " ".join(header.split()).casefold()


def text(value: object) -> str | None:
    """A cell as text, None when empty; a whole float (an XLSX number) without ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        value = value.isoformat()
    shown = str(value).strip()
    return shown or None


def number(value: object, column: str, mark: str) -> Decimal | None:
    """A decimal cell, None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("table.bad_decimal", column=column, value=Verbatim(str(value)), mark=mark)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    written = str(value).strip()
    bare = written.removeprefix("R$").strip(_BLANKS)  # "R$ 1.234,56"
    if bare.startswith("-R$"):  # "-R$ 5,00"
        bare = "-" + bare[3:].strip(_BLANKS)
    if not _NUMBER[mark].fullmatch(bare):
        raise CellError("table.bad_decimal", column=column, value=Verbatim(written), mark=mark)
    other = "." if mark == "," else ","
    try:
        return Decimal(bare.replace(other, "").replace(mark, "."))
    except InvalidOperation as exc:  # the pattern above lets none through; kept for safety
        raise CellError(
            "table.bad_decimal", column=column, value=Verbatim(written), mark=mark
        ) from exc


def money(value: object, column: str, mark: str) -> Decimal | None:
    """A money cell to the cent, None when empty."""
    amount = number(value, column, mark)
    if amount is None:
        return None
    cents = amount.quantize(CENT)
    if cents != amount and not (isinstance(value, float) and abs(cents - amount) < _NOISE):
        raise CellError("table.bad_cents", column=column, value=Verbatim(text(value) or ""))
    return cents


def date_parser(fmt: str) -> Callable[[object, str], date | None]:
    """A parser of the date cells written in ``fmt`` (``"iso"`` or a strptime format)."""
    shown = "AAAA-MM-DD" if fmt == "iso" else fmt

    def parse(value: object, column: str) -> date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        written = str(value).strip()
        try:
            if fmt == "iso":
                return date.fromisoformat(written)
            return datetime.strptime(written, fmt).date()
        except ValueError as exc:
            raise CellError(
                "table.bad_date", column=column, value=Verbatim(written), format=Verbatim(shown)
            ) from exc

    return parse


def glosa_codes(value: object) -> tuple[str, ...]:
    """The denial codes of a cell: one, or several separated by ``;``, ``,``, ``|``, ``/`` or
    spaces (``1705; 1801``)."""
    written = text(value)
    if written is None:
        return ()
    return tuple(code for code in re.split(r"[;,|/\s]+", written) if code)
