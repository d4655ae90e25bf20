"""The formula: (contract, item) -> :class:`Priced` | :class:`Unpriced` | None, and its memo.

:func:`price_item` is the definition, a pure function of the contract and the item's pricing
inputs. It is made of three steps, each a pure function here, that the per-lot
:class:`Pricer` memoizes:

1. :func:`method_of` and :func:`~lotcheck.pricing.participation.degree_of`: whether and how the
   item is priced (its kind, the contract's dental setting), at which degree;
2. :func:`rate_of`: what the version in force says for (table, code, degree): the row, the
   percentage and the expected unit, or why there is none;
3. :func:`settle`: the rate applied to the item's quantity and factor.

The order of the reasons is the payer's: no version on the date, then a code the version does
not price, then two degrees on one line, then a degree the contract does not pay. One reason
per line: the first one found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from lotcheck.contract import Contract, PriceRow, PriceVersion
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind
from lotcheck.core.money import HUNDRED, ONE, Rounding, cents_rounder
from lotcheck.pricing import participation, table
from lotcheck.pricing.participation import Degree, degree_of
from lotcheck.pricing.result import Method, Priced, PricedGuide, Result, Unpriced

#: the kinds whose own arithmetic is ``valorTotal = valorUnitario × Q × F``
LINE_KINDS = frozenset({ItemKind.PROCEDURE, ItemKind.OTHER_EXPENSE})
#: bound on each per-lot cache of the :class:`Pricer` (emptied when full: a hostile lot may
#: bill any number of distinct lines, memory must stay flat)
CACHE_LIMIT = 8192
#: "this date was not looked up yet" (a date with no version in force is cached as None)
_UNSEEN = PriceVersion(date.min, Path(), {})
#: the family of a reason code -> who words it as a finding
_UNPRICED_HITS: dict[str, Callable[[Guide, Item, Unpriced], Hit]] = {
    "table": table.hit,
    "participation": participation.hit,
}


@dataclass(frozen=True, slots=True)
class Rate:
    """What a price version says for one (table, code, degree): the terms before the item's
    quantity and factor. ``unit = round(row.price × pct / 100)``."""

    version: date
    row: PriceRow
    degree: str | None
    pct: Decimal
    unit: Decimal


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


#: :func:`line_total` with the rounding bound (the :class:`Pricer` memoizes it)
LineTotal = Callable[[Decimal, Decimal, Decimal], Decimal]


def settle(
    rate: Rate, method: Method, quantity: Decimal | None, factor: Decimal | None, total: LineTotal
) -> Priced:
    """The rate applied to a line: ``expected_total = round(unit × Q × F)`` (Q, F: 1 if absent)."""
    qty = quantity if quantity is not None else ONE
    fac = factor if factor is not None else ONE
    unit = rate.unit
    return Priced(
        method, rate.version, rate.row, rate.degree, rate.pct, qty, fac, unit, total(unit, qty, fac)
    )


def price_item(contract: Contract, item: Item) -> Result:
    """The contract's price of ``item``, the reason it has none, or None: nothing to price (a
    table in ``[tables] unpriced``, a missing table, code or date, a kind the contract does not
    price). Pure: the same contract and inputs give an equal result."""
    settings = contract.settings
    method = method_of(item.kind, settings.dental.value_per)
    tab, code, day = item.table, item.code, item.date
    if method is None or day is None or code is None or tab is None:
        return None
    if tab in settings.tables.unpriced:
        return None
    degree = degree_of(item)
    version = contract.version_for(day)
    if version is None:
        return table.no_version(contract, day)
    to_cents = cents_rounder(contract.rounding)
    rate = rate_of(contract, version, (tab, code), degree, to_cents)
    if isinstance(rate, Unpriced):
        return rate

    def total(unit: Decimal, quantity: Decimal, factor: Decimal) -> Decimal:
        return line_total(unit, quantity, factor, to_cents)

    return settle(rate, method, item.quantity, item.factor, total)


class Pricer:
    """:func:`price_item` for every item of one lot, memoized, and a guide's arithmetic.

    Hot path. A lot bills the same few codes on the same few days: the version in force is
    looked up once per date, the rate once per (version, table, code, degree), the result once
    per rate and (method, quantity, factor); the Decimal objects the reader shares make those
    keys cheap to hash. The caches are bounded (:data:`CACHE_LIMIT`). Without a contract
    nothing is priced, but the items' own arithmetic is still computed (half-up, as payers do).
    """

    def __init__(self, contract: Contract | None) -> None:
        self.contract = contract
        # read once per lot, not once per item
        rounding = contract.rounding if contract is not None else Rounding.HALF_UP
        self.to_cents = cents_rounder(rounding)
        settings = contract.settings if contract is not None else None
        self.unpriced = frozenset(settings.tables.unpriced) if settings else frozenset()
        dental_per = settings.dental.value_per if settings else "line"
        self.methods = {kind: method_of(kind, dental_per) for kind in ItemKind}
        self.method_keys = {method: method.value for method in Method}
        #: execution date -> version in force (a lot has a few dozen distinct dates)
        self.versions: dict[date, PriceVersion | None] = {}
        self.rates: dict[tuple[date, str, str, Degree], Rate | Unpriced] = {}
        self.results: dict[tuple[object, ...], Priced | Unpriced] = {}
        #: (unit, quantity, factor) -> round(unit × quantity × factor): expected totals and
        #: the items' own sums
        self.products: dict[tuple[Decimal, Decimal, Decimal], Decimal] = {}

    def price(self, item: Item) -> Result:
        """:func:`price_item` of ``item`` (the very object for equal inputs, within bounds)."""
        contract = self.contract
        if contract is None:
            return None
        tab, code, day = item.table, item.code, item.date
        method = self.methods[item.kind]
        if method is None or day is None or code is None or tab is None or tab in self.unpriced:
            return None
        team = item.team
        if not team:
            degree: Degree = None
        elif len(team) == 1 and item.kind is ItemKind.PROCEDURE:  # the usual line, inline
            degree = team[0].degree
        else:
            degree = degree_of(item)
        versions = self.versions
        version = versions.get(day, _UNSEEN)
        if version is _UNSEEN:
            version = versions[day] = contract.version_for(day)
        if version is None:
            return table.no_version(contract, day)
        quantity, factor = item.quantity, item.factor
        # every part of the key is atomic (str, date, Decimal, None), the method by its value:
        # the collector untracks such tuples, so the cached keys do not slow it down
        key = (version.start, tab, code, degree, self.method_keys[method], quantity, factor)
        results = self.results
        result = results.get(key)
        if result is None:
            rates = self.rates
            rate_key = (version.start, tab, code, degree)
            rate = rates.get(rate_key)
            if rate is None:
                if len(rates) >= CACHE_LIMIT:
                    rates.clear()
                rate = rates[rate_key] = rate_of(
                    contract, version, (tab, code), degree, self.to_cents
                )
            if isinstance(rate, Unpriced):
                result = rate
            else:
                result = settle(rate, method, quantity, factor, self.line_total)
            if len(results) >= CACHE_LIMIT:
                results.clear()
            results[key] = result
        return result

    def line_total(self, unit: Decimal, quantity: Decimal, factor: Decimal) -> Decimal:
        """:func:`line_total`, memoized. One cache for the expected totals and the items' own
        sums: in a lot priced right, a line's sum is its expected total, computed once."""
        key = (unit, quantity, factor)
        products = self.products
        computed = products.get(key)
        if computed is None:
            if len(products) >= CACHE_LIMIT:
                products.clear()
            computed = products[key] = line_total(unit, quantity, factor, self.to_cents)
        return computed

    def item_sum(self, item: Item) -> Decimal | None:
        """``round(valorUnitario × Q × F)`` of a procedure or expense line that sends a unit, a
        quantity and a total (F is 1 when absent); None for any other line."""
        unit, qty = item.unit_value, item.quantity
        if unit is None or qty is None or item.total_value is None or item.kind not in LINE_KINDS:
            return None
        factor = item.factor if item.factor is not None else ONE
        computed = self.products.get((unit, qty, factor))  # the usual case, inline
        return computed if computed is not None else self.line_total(unit, qty, factor)

    def price_guide(self, guide: Guide) -> PricedGuide:
        """Every item of ``guide`` priced and summed, once; the unpriced ones as findings."""
        items = guide.items
        price, item_sum = self.price, self.item_sum
        results = [price(item) for item in items]
        sums = [item_sum(item) for item in items]
        hits = [
            unpriced_hit(guide, item, result)
            for item, result in zip(items, results, strict=True)
            if type(result) is Unpriced
        ]
        return PricedGuide(guide, results, sums, hits)


def unpriced_hit(guide: Guide, item: Item, unpriced: Unpriced) -> Hit:
    """The finding of an item the contract cannot price, worded by its code's family."""
    family = unpriced.code.partition(".")[0]
    return _UNPRICED_HITS[family](guide, item, unpriced)
