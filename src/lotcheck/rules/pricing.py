"""Re-price every item against the contracted table, as the payer does.

For an item with code C in table T, date D, quantity Q, factor F and participation degree G:

* the version in force is the CSV with the latest start ≤ D (and D ≤ ``valid_until``);
* ``pct = participation[G]`` (100 when the item names no degree);
* ``expected_unit = round(P × pct / 100, 2)`` and
  ``expected_total = round(expected_unit × Q × F, 2)``, rounding with the contract's mode.

One finding per root cause: when the unit value is wrong, the total is wrong too, and reporting
both would make a clerk fix one error twice. ``value.unit_mismatch`` carries the expected total in
its message; ``value.total_mismatch`` is reported only when the unit value agrees (or the item has
no unit value: a dental line) and the total still differs. ``value.arithmetic`` (the item's own sum
does not add up) is checked even without a contract.

Consulta: the single ``valorProcedimento`` is compared with the price on ``dataAtendimento``.
Odonto: ``valorProc`` is the value of the line for ``qtdProc`` (TISS legend), so it is compared
with ``round(P × qtdProc, 2)``; a contract with ``[dental] value_per = "unit"`` compares it with the
unit price instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lotcheck.contract import Contract, PriceRow, PriceVersion
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind
from lotcheck.core.money import (
    HUNDRED,
    ONE,
    ZERO,
    Rounding,
    cents_rounder,
    format_decimal,
    format_money,
    round_money,
)
from lotcheck.messages import Msg
from lotcheck.reader.items import value_problem_hit
from lotcheck.report import Valuation
from lotcheck.rules.base import CheckContext, Rule, date_field, quantity_field

CODES = register(
    CodeSpec(
        code="table.no_version",
        severity=Severity.ERROR,
        glosa=None,
        doc="The item's execution date is before the first price version, or after `valid_until`. "
        "The payer has no table to price it with. No glosa: table 38 has no message for a date "
        "the contract does not price (the 1707 of older lists is not in it).",
        example="An item of 2023-07-15 with versions starting 2023-08-01 and 2023-10-02.",
    ),
    CodeSpec(
        code="table.code_unknown",
        severity=Severity.ERROR,
        glosa="1801",
        doc="The procedure is not priced in the version in force on its date: a typo, a code "
        "outside the contract, or a code that entered the table later (glosa 1801).",
        example="`codigoProcedimento` 40301999 when the table has 40301990.",
    ),
    CodeSpec(
        code="participation.unknown",
        severity=Severity.ERROR,
        glosa="3241",
        doc="The contract's `[participation]` table does not list this grauPart, so the payer "
        "pays no fee for that degree (glosa 3241, participation degree incompatible with the "
        "procedure billed).",
        example="`grauPart` 05 (instrumentador) on a contract listing only 00–04.",
    ),
    CodeSpec(
        code="participation.ambiguous",
        severity=Severity.ERROR,
        glosa=None,
        doc="A line is priced with one percentage. A surgeon (00) and an assistant (01) on the "
        "same line cannot both be paid from it.",
        example="One `procedimentoExecutado` with two `equipeSadt` members, grauPart 00 and 01.",
    ),
    CodeSpec(
        code="value.unit_mismatch",
        severity=Severity.ERROR,
        glosa="1705",
        alt_glosas=("1706",),
        doc="`valorUnitario` (or the consulta's `valorProcedimento`) is not the table price times "
        "the participation percentage, rounded to cents. Above: glosa 1705; below: 1706. Typical "
        "causes: the old price used after a new version started; an assistant billed at 100%.",
        example="A first assistant (01, 30%) on a R$ 500,00 procedure billed at R$ 500,00 instead "
        "of R$ 150,00.",
    ),
    CodeSpec(
        code="value.total_mismatch",
        severity=Severity.ERROR,
        glosa="1805",
        doc="The line total is not `expected_unit × quantity × factor` rounded to cents although "
        "the unit value agrees (or the line has no unit value, as a dental line). Glosa 1805.",
        example="A dental line `qtdProc` 2 of a R$ 80,00 code sent as R$ 80,00.",
    ),
    CodeSpec(
        code="value.arithmetic",
        severity=Severity.ERROR,
        glosa="1805",
        doc="The item's own arithmetic: `valorTotal` must be `valorUnitario × quantidade × "
        "reducaoAcrescimo` rounded to cents (TISS field legend). Checked even with no contract.",
        example="Unit R$ 42,50, quantity 2, factor 1,00, total sent R$ 58,00.",
    ),
    CodeSpec(
        code="factor.not_allowed",
        severity=Severity.ERROR,
        glosa="1716",
        doc="`reducaoAcrescimo` is not one of the contract's `[factors] allowed` values "
        "(glosa 1716). An empty list accepts any factor.",
        example="Factor 0,80 on a contract allowing 1,00, 0,50, 0,70 and 1,30.",
    ),
    CodeSpec(
        code="quantity.invalid",
        severity=Severity.ERROR,
        glosa="1806",
        doc="A billed line with quantity 0 or negative (glosa 1806).",
        example="`<ans:quantidadeExecutada>0</ans:quantidadeExecutada>`",
    ),
)

_PRICED_KINDS = (ItemKind.PROCEDURE, ItemKind.OTHER_EXPENSE)


class FieldTypes(Rule):
    """Reports the fields whose text is not of their TISS type (dates, decimals)."""

    id = "field_types"
    codes = ()

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        for problem in guide.problems:
            yield value_problem_hit(problem, guide, None)
        for item in guide.items:
            for problem in item.problems:
                yield value_problem_hit(problem, guide, item)


#: bound on the per-lot caches of the rules below (emptied when full)
_CACHE_LIMIT = 8192
_MISSING = object()


class Arithmetic(Rule):
    """``valorTotal = round(valorUnitario × quantity × factor, 2)``, with or without a contract."""

    id = "arithmetic"
    codes = tuple(c for c in CODES if c.code == "value.arithmetic")

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        contract = ctx.contract
        self.rounding = contract.rounding if contract else Rounding.HALF_UP
        self.tolerance = contract.tolerance if contract else Decimal(0)
        self.to_cents = cents_rounder(self.rounding)
        self.products: dict[tuple[Decimal, Decimal, Decimal], Decimal] = {}

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        to_cents, tolerance, products = self.to_cents, self.tolerance, self.products
        for item in guide.items:
            unit, qty, total = item.unit_value, item.quantity, item.total_value
            if unit is None or qty is None or total is None or item.kind not in _PRICED_KINDS:
                continue
            factor = item.factor if item.factor is not None else ONE
            key = (unit, qty, factor)  # the reader shares equal Decimals: cheap to hash
            computed = products.get(key)
            if computed is None:
                if len(products) >= _CACHE_LIMIT:
                    products.clear()
                computed = products[key] = to_cents(unit * qty * factor)
            if total != computed and abs(total - computed) > tolerance:
                hit = arithmetic_hit(guide, item, self.rounding, tolerance)
                if hit is not None:
                    hits.append(hit)
        return hits


def arithmetic_hit(guide: Guide, item: Item, rounding: Rounding, tolerance: Decimal) -> Hit | None:
    """The ``value.arithmetic`` hit for an item, or None when its sum adds up."""
    if item.kind not in _PRICED_KINDS:
        return None
    unit, qty, total = item.unit_value, item.quantity, item.total_value
    if unit is None or qty is None or total is None:
        return None
    factor = item.factor if item.factor is not None else ONE
    computed = round_money(unit * qty * factor, rounding)
    if abs(total - computed) <= tolerance:
        return None
    return Hit(
        "value.arithmetic",
        {
            "unit": format_money(unit),
            "quantity": format_decimal(qty),
            "factor": format_decimal(factor),
        },
        expected=format_money(computed),
        found=format_money(total),
        guide=guide,
        item=item,
        field="valorTotal",
    )


_UNIT_FIELDS = {ItemKind.CONSULTATION: "valorProcedimento", ItemKind.DENTAL: "valorProc"}


@dataclass(slots=True)
class _Price:
    """What the contract says for one (version, table, code, degree): computed once per lot."""

    version: PriceVersion
    row: PriceRow | None
    pct: Decimal
    unit: Decimal  # round(price × pct / 100), the expected unit value
    problem: str | None = None  # the code of the finding when the item cannot be priced
    degree: str | None = None


class Pricing(Rule):
    """The payer's re-computation of every item against the contracted table.

    Hot path: one loop per guide with everything it reads hoisted out of it. A lot bills the
    same few codes on the same few days, so what the contract says for (date, table, code,
    degree) is looked up once per lot, and the expected total of (unit, quantity, factor) is
    computed once; the Decimal objects the reader shares make those keys cheap to hash. Hit
    constructors run only for the items that disagree.
    """

    id = "pricing"
    codes = tuple(c for c in CODES if c.code != "value.arithmetic")

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        # read once per lot, not once per item: pydantic attribute chains cost on the hot path
        contract = ctx.contract
        self.unpriced = frozenset(contract.settings.tables.unpriced) if contract else frozenset()
        self.dental_per = contract.settings.dental.value_per if contract else "line"
        self.valuation: Valuation | None = ctx.extras.get("valuation")
        self.to_cents = cents_rounder(contract.rounding if contract else Rounding.HALF_UP)
        #: execution date -> version in force (a lot has a few dozen distinct dates)
        self.versions: dict[date, PriceVersion | None] = {}
        self.prices: dict[tuple[date, str, str, str | None], _Price] = {}
        self.totals: dict[tuple[Decimal, Decimal, Decimal], Decimal] = {}

    def _price_of(
        self, contract: Contract, version: PriceVersion, table: str, code: str, degree: str | None
    ) -> _Price:
        """The contract's answer for one line, or the reason there is none."""
        row = version.prices.get((table, code))
        if row is None:
            return _Price(version, None, HUNDRED, ZERO, "table.code_unknown")
        pct = HUNDRED
        if degree is not None:
            found = contract.participation(degree)
            if found is None:
                return _Price(version, row, HUNDRED, ZERO, "participation.unknown", degree)
            pct = found
        price = row.price
        unit = self.to_cents(price if pct == HUNDRED else price * pct / HUNDRED)
        return _Price(version, row, pct, unit)

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        contract = self.ctx.contract
        if contract is None:
            for item in guide.items:
                if item.quantity is not None and item.quantity <= 0:
                    hits.append(_quantity_hit(guide, item))
            return hits
        priced: list[tuple[Item, Decimal]] = []
        allowed = contract.allowed_factors
        unpriced = self.unpriced
        tolerance = contract.tolerance
        versions, prices, totals, to_cents = self.versions, self.prices, self.totals, self.to_cents
        dental_lines = self.dental_per == "line"
        for item in guide.items:
            quantity, factor = item.quantity, item.factor
            if quantity is not None and quantity <= 0:
                hits.append(_quantity_hit(guide, item))
            if factor is not None and allowed and factor not in allowed:
                hits.append(_factor_hit(contract, guide, item, factor))
            table, code, day = item.table, item.code, item.date
            if day is None or code is None or table is None or table in unpriced:
                continue  # a missing field is reported by field_types
            kind = item.kind
            degree: str | None = None
            ambiguous: list[str] | None = None
            team = item.team
            if kind is ItemKind.PROCEDURE and team:
                if len(team) == 1:  # the usual line
                    degree = team[0].degree
                else:
                    degrees = item.degrees
                    if len(degrees) > 1:
                        ambiguous = degrees
                    else:
                        degree = degrees[0] if degrees else None
            version = versions.get(day, _MISSING)
            if version is _MISSING:
                version = versions[day] = contract.version_for(day)
            if version is None:
                hits.append(_no_version_hit(contract, guide, item, day))
                continue
            assert isinstance(version, PriceVersion)
            key = (version.start, table, code, degree)
            price = prices.get(key)
            if price is None:
                if len(prices) >= _CACHE_LIMIT:
                    prices.clear()
                price = prices[key] = self._price_of(contract, version, table, code, degree)
            # one finding per line, in the payer's order: no version, no code, then the degree
            if price.problem == "table.code_unknown":
                hits.append(_unpriced_hit(guide, item, price))
                continue
            if ambiguous is not None:
                hits.append(_ambiguous_hit(guide, item, ambiguous))
                continue
            if price.problem is not None:
                hits.append(_unpriced_hit(guide, item, price))
                continue
            qty = quantity if quantity is not None else ONE
            factor = factor if factor is not None else ONE
            expected_unit = price.unit
            product = (expected_unit, qty, factor)
            expected_total = totals.get(product)
            if expected_total is None:
                if len(totals) >= _CACHE_LIMIT:
                    totals.clear()
                expected_total = totals[product] = to_cents(expected_unit * qty * factor)
            total = item.total_value

            if kind is ItemKind.DENTAL:
                if dental_lines:
                    priced.append((item, expected_total))
                    if (
                        total is not None
                        and total != expected_total
                        and abs(total - expected_total) > tolerance
                    ):
                        mismatch = _Mismatch(item, price, expected_total, qty, factor)
                        assert price.row is not None
                        detail = Msg(
                            "fragment.price.dental",
                            {
                                "price": format_money(price.row.price),
                                "quantity": format_decimal(qty),
                            },
                        )
                        hits.append(mismatch.total_hit(guide, detail, "valorProc"))
                    continue
                # "unit" mode: valorProc holds the unit price
                priced.append((item, expected_unit))
                sent_unit = total
            elif kind is ItemKind.CONSULTATION:
                priced.append((item, expected_unit))
                sent_unit = item.unit_value
            else:
                priced.append((item, expected_total))
                sent_unit = item.unit_value

            if (
                sent_unit is not None
                and sent_unit != expected_unit
                and abs(sent_unit - expected_unit) > tolerance
            ):
                mismatch = _Mismatch(item, price, expected_total, qty, factor)
                field = _UNIT_FIELDS.get(kind, "valorUnitario")
                hits.append(mismatch.unit_hit(guide, sent_unit, field))
                continue
            if kind not in _PRICED_KINDS or total is None or total == expected_total:
                continue
            if abs(total - expected_total) > tolerance:
                if arithmetic_hit(guide, item, contract.rounding, tolerance) is not None:
                    continue  # the item's own sum is the root cause; the arithmetic rule says so
                detail = Msg(
                    "fragment.price.total",
                    {
                        "unit": format_money(expected_unit),
                        "quantity": format_decimal(qty),
                        "factor": format_decimal(factor),
                    },
                )
                mismatch = _Mismatch(item, price, expected_total, qty, factor)
                hits.append(mismatch.total_hit(guide, detail, "valorTotal"))
        if priced and self.valuation is not None:
            self.valuation.add_expected(guide, priced)
        return hits


def _quantity_hit(guide: Guide, item: Item) -> Hit:
    assert item.quantity is not None
    return Hit(
        "quantity.invalid",
        found=format_decimal(item.quantity),
        guide=guide,
        item=item,
        field=quantity_field(item),
    )


def _factor_hit(contract: Contract, guide: Guide, item: Item, factor: Decimal) -> Hit:
    return Hit(
        "factor.not_allowed",
        {"allowed": sorted(contract.settings.factors.allowed)},
        found=format_decimal(factor),
        guide=guide,
        item=item,
        field="reducaoAcrescimo",
    )


def _ambiguous_hit(guide: Guide, item: Item, degrees: list[str]) -> Hit:
    return Hit(
        "participation.ambiguous",
        {"degrees": ", ".join(degrees)},
        found=",".join(degrees),
        guide=guide,
        item=item,
    )


def _unpriced_hit(guide: Guide, item: Item, price: _Price) -> Hit:
    """The finding for a line the contract cannot price (no code, no degree)."""
    assert item.date is not None and item.table is not None and item.code is not None
    if price.problem == "table.code_unknown":
        return _code_unknown_hit(guide, item, price.version, item.table, item.code, item.date)
    member = next((m for m in item.team if m.degree == price.degree), None)
    xpath, line = item.member_location(member) if member is not None else (None, None)
    return Hit(
        "participation.unknown",
        {"degree": price.degree},
        found=price.degree,
        guide=guide,
        item=item,
        line=line,
        xpath=xpath,  # the member's grauPart; None: the item
    )


def _no_version_hit(contract: Contract, guide: Guide, item: Item, day: date) -> Hit:
    return Hit(
        "table.no_version",
        {
            "date": day.isoformat(),
            "versions": [v.start for v in contract.versions],
        },
        found=day.isoformat(),
        guide=guide,
        item=item,
        field=date_field(item),
    )


def _code_unknown_hit(
    guide: Guide, item: Item, version: PriceVersion, table: str, code: str, day: date
) -> Hit:
    return Hit(
        "table.code_unknown",
        {
            "table": table,
            "code": code,
            "date": day.isoformat(),
            "version": version.start.isoformat(),
        },
        found=f"{table}/{code}",
        guide=guide,
        item=item,
        field="codigoProcedimento",
    )


@dataclass(frozen=True, slots=True)
class _Mismatch:
    """What a value finding says about an item's price; built only when one is reported."""

    item: Item
    price: _Price
    expected_total: Decimal
    quantity: Decimal
    factor: Decimal

    def args(self) -> dict[str, str | None]:
        item, price = self.item, self.price
        assert item.date is not None and price.row is not None
        return {
            "table": item.table,
            "code": item.code,
            "date": item.date.isoformat(),
            "version": price.version.start.isoformat(),
            "price": format_money(price.row.price),
            "pct": format_decimal(price.pct.normalize()),
            "expected_total": format_money(self.expected_total),
        }

    def unit_hit(self, guide: Guide, sent_unit: Decimal, field: str) -> Hit:
        expected_unit = self.price.unit
        return Hit(
            "value.unit_mismatch",
            self.args(),
            expected=format_money(expected_unit),
            found=format_money(sent_unit),
            guide=guide,
            item=self.item,
            field=field,
            glosa="1705" if sent_unit > expected_unit else "1706",
        )

    def total_hit(self, guide: Guide, detail: Msg, field: str) -> Hit:
        assert self.item.total_value is not None
        return Hit(
            "value.total_mismatch",
            {**self.args(), "detail": detail},
            expected=format_money(self.expected_total),
            found=format_money(self.item.total_value),
            guide=guide,
            item=self.item,
            field=field,
        )
