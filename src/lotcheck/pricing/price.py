"""The formula: (contract, item) -> :class:`Priced` | :class:`Unpriced` | None.

:func:`price_item` is the definition, a pure function of the contract and the item's pricing
inputs. It is made of three steps, each a pure function here, that the per-lot
:class:`~lotcheck.pricing.pricer.Pricer` memoizes:

1. :func:`method_of` and :func:`~lotcheck.pricing.participation.degree_of`: whether and how the
   item is priced (its kind, the contract's dental setting), at which degree;
2. :func:`rate_of`: what the version in force says for (table, code, degree): the row, the
   percentage and the expected unit, or why there is none;
3. :func:`settle`: the rate applied to the item's quantity and factor, with :func:`line_total`,
   ``round(unit × Q × F)``, which is also the item's own arithmetic.

The order of the reasons is the payer's: no version on the date, then a code the version does
not price, then two degrees on one line, then a degree the contract does not pay. One reason
per line: the first one found.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from lotcheck.contract import Contract, PriceVersion
from lotcheck.core.model import Item, ItemKind
from lotcheck.core.money import HUNDRED, ONE, cents_rounder
from lotcheck.pricing import participation, table
from lotcheck.pricing.formula import scheme_rate
from lotcheck.pricing.participation import Degree, degree_of
from lotcheck.pricing.result import UNIT_VALUED, Method, Priced, Rate, Result, Unpriced

#: the kinds whose own arithmetic is ``valorTotal = valorUnitario × Q × F``
LINE_KINDS = frozenset({ItemKind.PROCEDURE, ItemKind.OTHER_EXPENSE})


def method_of(kind: ItemKind, dental_per: str) -> Method | None:
    """How an item of ``kind`` is priced (None: the contract does not price that kind)."""
    if kind is ItemKind.CONSULTATION:
        return Method.CONSULTA
    if kind is ItemKind.DENTAL:
        return Method.DENTAL_LINE if dental_per == "line" else Method.DENTAL_UNIT
    if kind in LINE_KINDS:
        return Method.LINE
    return None


def rate_of(
    contract: Contract,
    version: PriceVersion,
    table_code: tuple[str, str],
    degree: Degree,
    to_cents: Callable[[Decimal], Decimal],
) -> Rate | Unpriced:
    """The version's price for ``(table, code)`` at ``degree``, or the reason there is none."""
    row = version.prices.get(table_code)
    if row is None:
        return table.code_unknown(version, *table_code)
    if isinstance(degree, tuple):
        return participation.ambiguous(degree)
    pct = HUNDRED
    if degree is not None:
        found = contract.participation(degree)
        if found is None:
            return participation.unknown(degree)
        pct = found
    price = row.price
    unit = to_cents(price if pct == HUNDRED else price * pct / HUNDRED)
    return Rate(version.start, row, degree, pct, unit)


def line_total(
    unit: Decimal, quantity: Decimal, factor: Decimal, to_cents: Callable[[Decimal], Decimal]
) -> Decimal:
    """``round(unit × Q × F)``: a line's total, the expected one (from the contract's unit) or
    the item's own sum (from the unit it sends)."""
    return to_cents(unit * quantity * factor)


#: :func:`line_total` with the rounding bound (the :class:`~lotcheck.pricing.pricer.Pricer`
#: memoizes it)
LineTotal = Callable[[Decimal, Decimal, Decimal], Decimal]


def settle(
    rate: Rate, method: Method, quantity: Decimal | None, factor: Decimal | None, total: LineTotal
) -> Priced:
    """The rate applied to a line: ``expected_total = round(unit × Q × F)`` (Q, F: 1 if absent)."""
    qty = quantity if quantity is not None else ONE
    fac = factor if factor is not None else ONE
    unit = rate.unit
    line = total(unit, qty, fac)
    return Priced(method, rate, qty, fac, line, unit if method in UNIT_VALUED else line)


def price_item(contract: Contract, item: Item, guide_type: str | None = None) -> Result:
    """The contract's price of ``item``, the reason it has none, or None: nothing to price (a
    table in ``[tables] unpriced``, a missing table, code or date, a kind the contract does not
    price). Pure: the same contract and inputs give an equal result.

    A table a ``[[pricing]]`` scheme names is priced by its formula
    (:func:`~lotcheck.pricing.formula.scheme_rate`); ``guide_type`` (``guiaSP-SADT`` …) says
    which CBHPM components the line carries. Any other table by the price list."""
    settings = contract.settings
    method = method_of(item.kind, settings.dental.value_per)
    tab, code, day = item.table, item.code, item.date
    if method is None or day is None or code is None or tab is None:
        return None
    if tab in settings.tables.unpriced:
        return None
    degree = degree_of(item)
    to_cents = cents_rounder(contract.rounding)
    scheme = contract.scheme_for(tab, code)
    rate: Rate | Unpriced
    if scheme is not None:
        rate = scheme_rate(contract, scheme, (tab, code), day, degree, guide_type, to_cents)
    else:
        version = contract.version_for(day)
        if version is None:
            return table.no_version(contract, day, tab)
        rate = rate_of(contract, version, (tab, code), degree, to_cents)
    if isinstance(rate, Unpriced):
        return rate

    def total(unit: Decimal, quantity: Decimal, factor: Decimal) -> Decimal:
        return line_total(unit, quantity, factor, to_cents)

    return settle(rate, method, item.quantity, item.factor, total)
