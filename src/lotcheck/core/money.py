"""Money and decimal handling.

Every value in a lot is money or a factor, and a payer re-computes them to the cent, so nothing
here ever touches ``float``: binary floating point cannot represent 0.1 and would make
``33.35 × 30 %`` come out as 10.00 instead of 10.01. Each rounding is explicit and its mode comes
from the contract (``half_up`` by default, as payers do; ``half_even`` on request).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation
from enum import StrEnum

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal(0)


class Rounding(StrEnum):
    """The rounding modes a contract may name."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"

    @property
    def decimal_mode(self) -> str:
        return _MODES[self]


_MODES = {Rounding.HALF_UP: ROUND_HALF_UP, Rounding.HALF_EVEN: ROUND_HALF_EVEN}


def _to_cents(value: Decimal, mode: str) -> Decimal:
    if value.adjusted() < 20:  # every real amount: the default 28-digit context is enough
        return value.quantize(CENT, rounding=mode)
    # A lot may carry a 29-digit "total" (the XSD caps it, a broken file does not), and quantize
    # would raise instead of letting the rule report it.
    context = Context(prec=max(28, value.adjusted() + 4))
    return value.quantize(CENT, rounding=mode, context=context)


def round_money(value: Decimal, rounding: Rounding) -> Decimal:
    """Round to cents with the contract's mode (never the context's implicit one)."""
    return _to_cents(value, _MODES[rounding])


def cents_rounder(rounding: Rounding) -> Callable[[Decimal], Decimal]:
    """:func:`round_money` with the mode bound once: the pricing loop rounds twice per item."""
    mode = _MODES[rounding]

    def to_cents(value: Decimal) -> Decimal:
        if value.adjusted() < 20:
            return value.quantize(CENT, rounding=mode)
        return _to_cents(value, mode)

    return to_cents


# XML Schema decimals: optional sign, digits, optional fraction. No exponent, no comma. The digits
# are ASCII ([0-9], not \d: Python's \d and Decimal() take any script's digits), and every pattern
# here is used with fullmatch, since "$" would also match before a final newline.
_XSD_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def parse_xml_decimal(text: str | None) -> Decimal | None:
    """Parse an ``st_decimal`` value as the XSD allows it; None when it is not one.

    A comma or an exponent is not an XML decimal: payers reject ``1,00`` and so do we, rather than
    guessing.
    """
    if text is None:
        return None
    text = text.strip()
    if not _XSD_DECIMAL.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex already excludes these
        return None


_BR_NUMBER = re.compile(r"-?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?")
_DOT_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def parse_table_number(text: str, *, decimal_comma: bool) -> Decimal | None:
    """Parse a price as Brazilian spreadsheets or plain CSV write it.

    With ``decimal_comma`` (the ``;`` dialect) ``1.234,56`` is 1234.56 and the dots must group
    thousands; a value with a dot and one or two final digits and no comma (``93.00``) is taken
    as a decimal point, since a thousands group always has three digits. Otherwise (the ``,``
    dialect) only ``1234.56`` is accepted. Returns None for anything else, so the loader can name
    the bad cell instead of guessing.
    """
    text = text.strip().replace("R$", "").strip()
    if not text:
        return None
    if decimal_comma:
        if _BR_NUMBER.fullmatch(text):
            return Decimal(text.replace(".", "").replace(",", "."))
        if re.fullmatch(r"-?[0-9]+\.[0-9]{1,2}", text):
            return Decimal(text)
        return None
    if _DOT_NUMBER.fullmatch(text):
        return Decimal(text)
    return None


def sum_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of amounts, or None as soon as one of them is missing (could not be read, or
    the file does not give it): a total of parts one of which is unknown is unknown, and
    comparing it would report a difference that is not there."""
    total = Decimal("0.00")
    for value in values:
        if value is None:
            return None
        total += value
    return total


def format_money(value: Decimal | None) -> str | None:
    """The canonical text of a money value in reports: two decimals, point separator."""
    if value is None:
        return None
    return f"{_to_cents(value, ROUND_HALF_UP):f}"


def format_brl(value: Decimal | None) -> str:
    """Money as a Brazilian reader expects it: ``R$ 1.234,56``."""
    if value is None:
        return "—"
    q = _to_cents(value, ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    return f"{sign}R$ {group_thousands(whole)},{frac}"


def group_thousands(digits: str) -> str:
    """``1234567`` -> ``1.234.567``: thousands grouped with dots, as written in Brazil."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)


def format_decimal(value: Decimal | None) -> str | None:
    """A factor or quantity as sent, without trailing noise (``1.30``, ``2``)."""
    if value is None:
        return None
    return f"{value:f}"
