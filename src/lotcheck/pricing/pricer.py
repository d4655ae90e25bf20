"""The per-lot pricer: :func:`~lotcheck.pricing.price.price_item` memoized, and the stage's loop.

The engine gives each guide to :meth:`Pricer.price_guide` once, as the lot streams, and hands
the :class:`~lotcheck.pricing.result.PricedGuide` to the valuation and the rules.

Hot path. A lot bills the same few codes on the same few days: the version in force is looked up
once per date, the rate once per (version, table, code, degree), the result once per rate and
(method, quantity, factor), each product ``round(unit × Q × F)`` once (one cache for the
expected totals and the items' own sums: in a lot priced right they are the same products).
The Decimal objects the reader shares make those keys cheap to hash. One Python loop per guide
does it all, with the lookups inline: a function call per item would cost as much as the
lookups themselves. The caches are bounded (:data:`CACHE_LIMIT`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lotcheck.contract import Contract, PriceVersion
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind
from lotcheck.core.money import ONE, Rounding, cents_rounder
from lotcheck.pricing import participation, table
from lotcheck.pricing.formula import scheme_rate
from lotcheck.pricing.participation import Degree, degree_of
from lotcheck.pricing.price import LINE_KINDS, line_total, method_of, rate_of, settle
from lotcheck.pricing.result import Method, Priced, PricedGuide, Rate, Result, Unpriced

#: bound on each per-lot cache (emptied when full: a hostile lot may bill any number of
#: distinct lines, memory must stay flat)
CACHE_LIMIT = 8192
#: "this date was not looked up yet" (a date with no version in force is cached as None)
_UNSEEN = PriceVersion(date.min, Path(), {})
#: "no scheme names this code: the price list prices it" (cached like a result)
_LIST = Unpriced("", {}, "")
#: the family of a reason code -> who words it as a finding
_UNPRICED_HITS: dict[str, Callable[[Guide, Item, Unpriced], Hit]] = {
    "table": table.hit,
    "participation": participation.hit,
}


class Pricer:
    """:func:`~lotcheck.pricing.price.price_item` for every item of one lot, memoized, and each
    item's own sum. Without a contract nothing is priced, but the items' own arithmetic is still
    computed (half-up, as payers do)."""

    def __init__(self, contract: Contract | None) -> None:
        self.contract = contract
        # read once per lot, not once per item
        rounding = contract.rounding if contract is not None else Rounding.HALF_UP
        self.to_cents = cents_rounder(rounding)
        settings = contract.settings if contract is not None else None
        self.unpriced = frozenset(settings.tables.unpriced) if settings else frozenset()
        dental_per = settings.dental.value_per if settings else "line"
        self.methods = {kind: method_of(kind, dental_per) for kind in ItemKind}
        #: the method in a cache key by its value: a key of str, dates and Decimals only is
        #: untracked by the garbage collector, one holding an Enum member stays tracked
        self.method_keys = {method: method.value for method in Method}
        #: execution date -> version in force (a lot has a few dozen distinct dates)
        self.versions: dict[date, PriceVersion | None] = {}
        self.rates: dict[tuple[date, str, str, Degree], Rate | Unpriced] = {}
        self.results: dict[tuple[object, ...], Priced | Unpriced] = {}
        #: (unit, quantity, factor) -> round(unit × quantity × factor)
        self.products: dict[tuple[Decimal, Decimal, Decimal], Decimal] = {}
        self.memo_total = self.line_total  # bound once, not once per result

    def price_guide(self, guide: Guide) -> PricedGuide:
        """Every item of ``guide`` priced and summed, once; the unpriced ones as findings."""
        items = guide.items
        results, sums = self.price_items(items, guide.type.value)
        hits: list[Hit] = []
        if Unpriced in set(map(type, results)):  # the usual guide has none: one pass in C
            hits = [
                unpriced_hit(guide, item, result)
                for item, result in zip(items, results, strict=True)
                if type(result) is Unpriced
            ]
        return PricedGuide(guide, results, sums, hits)

    def price(self, item: Item, guide_type: str | None = None) -> Result:
        """:func:`~lotcheck.pricing.price.price_item` of one item (the very object for equal
        inputs, within the cache bounds)."""
        return self.price_items((item,), guide_type)[0][0]

    def item_sum(self, item: Item) -> Decimal | None:
        """One item's own sum: see :meth:`price_items`."""
        return self.price_items((item,))[1][0]

    def price_items(
        self, items: Sequence[Item], guide_type: str | None = None
    ) -> tuple[list[Result], list[Decimal | None]]:
        """Each item's result, and its own sum ``round(valorUnitario × Q × F)``: for a procedure
        or expense line that sends a unit, a quantity and a total (F is 1 when absent); None for
        any other line. ``guide_type`` is the items' guide's (the CBHPM components it carries)."""
        results: list[Result] = []
        sums: list[Decimal | None] = []
        add_result, add_sum = results.append, sums.append
        contract = self.contract
        methods, method_keys, unpriced = self.methods, self.method_keys, self.unpriced
        versions, cache, rates, products = self.versions, self.results, self.rates, self.products
        to_cents = self.to_cents
        memo_total, line_kinds, procedure = self.memo_total, LINE_KINDS, ItemKind.PROCEDURE
        scheme_tables = contract.scheme_tables if contract is not None else frozenset()
        for item in items:
            kind, unit, qty = item.kind, item.unit_value, item.quantity
            if unit is None or qty is None or item.total_value is None or kind not in line_kinds:
                add_sum(None)
            else:
                factor = item.factor if item.factor is not None else ONE
                computed = products.get((unit, qty, factor))
                add_sum(computed if computed is not None else memo_total(unit, qty, factor))
            tab, code, day = item.table, item.code, item.date
            method = methods[kind]
            if (
                contract is None
                or method is None
                or day is None
                or code is None
                or tab is None
                or tab in unpriced
            ):
                add_result(None)
                continue
            team = item.team
            degree: Degree
            if not team:
                degree = None
            elif len(team) == 1 and kind is procedure:  # the usual line: degree_of inline
                degree = team[0].degree
            else:
                degree = degree_of(item)
            if tab in scheme_tables:  # a formula table: its own, less travelled path
                skey = (day, tab, code, degree, guide_type, method_keys[method], qty, item.factor)
                found = cache.get(skey)
                if found is None:
                    found = self._by_scheme(skey, method)
                if found is not _LIST:
                    add_result(found)
                    continue
            version = versions.get(day, _UNSEEN)
            if version is _UNSEEN:
                version = versions[day] = contract.version_for(day)
            if version is None:
                add_result(table.no_version(contract, day, tab))
                continue
            key = (version.start, tab, code, degree, method_keys[method], qty, item.factor)
            result = cache.get(key)
            if result is None:  # not priced yet: the rate (cached too), settled for Q and F
                rate_key = (version.start, tab, code, degree)
                rate = rates.get(rate_key)
                if rate is None:
                    if len(rates) >= CACHE_LIMIT:
                        rates.clear()
                    rate = rates[rate_key] = rate_of(
                        contract, version, (tab, code), degree, to_cents
                    )
                if isinstance(rate, Rate):
                    result = settle(rate, method, qty, item.factor, memo_total)
                else:
                    result = rate
                if len(cache) >= CACHE_LIMIT:
                    cache.clear()
                cache[key] = result
            add_result(result)
        return results, sums

    def _by_scheme(self, key: tuple[Any, ...], method: Method) -> Priced | Unpriced:
        """The result of a line of a table some scheme prices (``key`` as in
        :meth:`price_items`), cached; :data:`_LIST` when no scheme names its code (then the
        price list prices it)."""
        day, tab, code, degree, guide_type, _, qty, factor = key
        contract = self.contract
        assert contract is not None
        scheme = contract.scheme_for(tab, code)
        result: Priced | Unpriced
        if scheme is None:
            result = _LIST
        else:
            rate = scheme_rate(
                contract, scheme, (tab, code), day, degree, guide_type, self.to_cents
            )
            if isinstance(rate, Rate):
                result = settle(rate, method, qty, factor, self.memo_total)
            else:
                result = rate
        if len(self.results) >= CACHE_LIMIT:
            self.results.clear()
        self.results[key] = result
        return result

    def line_total(self, unit: Decimal, quantity: Decimal, factor: Decimal) -> Decimal:
        """:func:`~lotcheck.pricing.price.line_total`, memoized."""
        key = (unit, quantity, factor)
        products = self.products
        computed = products.get(key)
        if computed is None:
            if len(products) >= CACHE_LIMIT:
                products.clear()
            computed = products[key] = line_total(unit, quantity, factor, self.to_cents)
        return computed


def unpriced_hit(guide: Guide, item: Item, unpriced: Unpriced) -> Hit:
    """The finding of an item the contract cannot price, worded by its code's family."""
    family = unpriced.code.partition(".")[0]
    return _UNPRICED_HITS[family](guide, item, unpriced)
