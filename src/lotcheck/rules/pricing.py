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

from lotcheck.codes import CodeSpec, Severity, register
from lotcheck.contract import Contract, PriceVersion
from lotcheck.findings import Hit
from lotcheck.model import Guide, Item, ItemKind
from lotcheck.money import (
    HUNDRED,
    ONE,
    Rounding,
    cents_rounder,
    format_decimal,
    format_money,
    round_money,
)
from lotcheck.parser import value_problem_hit
from lotcheck.report import Valuation
from lotcheck.rules.base import CheckContext, Rule, date_field, quantity_field

CODES = register(
    CodeSpec(
        code="table.no_version",
        severity=Severity.ERROR,
        glosa="1707",
        title_pt="Nenhuma versão da tabela na data",
        title_en="No price version on the date",
        message_pt="Nenhuma versão da tabela contratada vigora em {date} (versões: {versions}).",
        message_en="No contracted price version is in force on {date} (versions: {versions}).",
        doc="The item's execution date is before the first price version, or after `valid_until`. "
        "The payer has no table to price it with (glosa 1707).",
        example="An item of 2023-07-15 with versions starting 2023-08-01 and 2023-10-02.",
    ),
    CodeSpec(
        code="table.code_unknown",
        severity=Severity.ERROR,
        glosa="1801",
        title_pt="Código fora da tabela",
        title_en="Code not in the table",
        message_pt="O código {table}/{code} não consta da tabela contratada vigente em {date} "
        "(versão de {version}).",
        message_en="Code {table}/{code} is not in the contracted table in force on {date} "
        "(version of {version}).",
        doc="The procedure is not priced in the version in force on its date: a typo, a code "
        "outside the contract, or a code that entered the table later (glosa 1801).",
        example="`codigoProcedimento` 40301999 when the table has 40301990.",
    ),
    CodeSpec(
        code="participation.unknown",
        severity=Severity.ERROR,
        glosa="2603",
        title_pt="Grau de participação sem percentual",
        title_en="Participation degree without a percentage",
        message_pt="O grau de participação {degree} não tem percentual no contrato.",
        message_en="Participation degree {degree} has no percentage in the contract.",
        doc="The contract's `[participation]` table does not list this grauPart, so the payer "
        "has no record of what it pays for it (glosa 2603).",
        example="`grauPart` 05 (instrumentador) on a contract listing only 00–04.",
    ),
    CodeSpec(
        code="participation.ambiguous",
        severity=Severity.ERROR,
        glosa=None,
        title_pt="Vários graus de participação no item",
        title_en="Several participation degrees on one item",
        message_pt="O item traz graus de participação diferentes ({degrees}); cada grau deve ser "
        "cobrado em sua própria linha para ser precificado.",
        message_en="The item carries different participation degrees ({degrees}); each degree must "
        "be billed on its own line to be priced.",
        doc="A line is priced with one percentage. A surgeon (00) and an assistant (01) on the "
        "same line cannot both be paid from it.",
        example="One `procedimentoExecutado` with two `equipeSadt` members, grauPart 00 and 01.",
    ),
    CodeSpec(
        code="value.unit_mismatch",
        severity=Severity.ERROR,
        glosa="1705",
        alt_glosas=("1706",),
        title_pt="Valor unitário diferente do contratado",
        title_en="Unit value differs from the contract",
        message_pt="Valor unitário R$ {found} difere do contratado R$ {expected} para "
        "{table}/{code} em {date} (tabela de {version}: R$ {price} × {pct}%); total esperado "
        "R$ {expected_total}.",
        message_en="Unit value R$ {found} differs from the contracted R$ {expected} for "
        "{table}/{code} on {date} (table of {version}: R$ {price} × {pct}%); expected total "
        "R$ {expected_total}.",
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
        title_pt="Valor total diferente do processado",
        title_en="Total differs from the processed value",
        message_pt="Valor total R$ {found} difere do esperado R$ {expected} para {table}/{code} "
        "({detail}).",
        message_en="Total value R$ {found} differs from the expected R$ {expected} for "
        "{table}/{code} ({detail}).",
        doc="The line total is not `expected_unit × quantity × factor` rounded to cents although "
        "the unit value agrees (or the line has no unit value, as a dental line). Glosa 1805.",
        example="A dental line `qtdProc` 2 of a R$ 80,00 code sent as R$ 80,00.",
    ),
    CodeSpec(
        code="value.arithmetic",
        severity=Severity.ERROR,
        glosa="1805",
        title_pt="Total do item não confere",
        title_en="Item total does not add up",
        message_pt="Valor total R$ {found} ≠ R$ {unit} × {quantity} × {factor} = R$ {expected}.",
        message_en="Total value R$ {found} ≠ R$ {unit} × {quantity} × {factor} = R$ {expected}.",
        doc="The item's own arithmetic: `valorTotal` must be `valorUnitario × quantidade × "
        "reducaoAcrescimo` rounded to cents (TISS field legend). Checked even with no contract.",
        example="Unit R$ 42,50, quantity 2, factor 1,00, total sent R$ 58,00.",
    ),
    CodeSpec(
        code="factor.not_allowed",
        severity=Severity.ERROR,
        glosa="1716",
        title_pt="Fator de redução/acréscimo não previsto",
        title_en="Reduction/increase factor not allowed",
        message_pt="Fator {found} não previsto no contrato (permitidos: {allowed}).",
        message_en="Factor {found} is not allowed by the contract (allowed: {allowed}).",
        doc="`reducaoAcrescimo` is not one of the contract's `[factors] allowed` values "
        "(glosa 1716). An empty list accepts any factor.",
        example="Factor 0,80 on a contract allowing 1,00, 0,50, 0,70 and 1,30.",
    ),
    CodeSpec(
        code="quantity.invalid",
        severity=Severity.ERROR,
        glosa="1806",
        title_pt="Quantidade deve ser maior que zero",
        title_en="Quantity must be greater than zero",
        message_pt="Quantidade {found} inválida: deve ser maior que zero.",
        message_en="Quantity {found} is invalid: it must be greater than zero.",
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

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        to_cents, tolerance = self.to_cents, self.tolerance
        for item in guide.items:
            unit, qty, total = item.unit_value, item.quantity, item.total_value
            if unit is None or qty is None or total is None or item.kind not in _PRICED_KINDS:
                continue
            factor = item.factor if item.factor is not None else ONE
            if abs(total - to_cents(unit * qty * factor)) > tolerance:
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
_MISSING = object()


class Pricing(Rule):
    """The payer's re-computation of every item against the contracted table.

    Hot path: one call per guide, one loop over its items, everything the loop reads hoisted out
    of it; the hit constructors run only for the few items that disagree.
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

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        contract = self.ctx.contract
        priced: list[tuple[Item, Decimal]] = []
        for item in guide.items:
            quantity = item.quantity
            if quantity is not None and quantity <= 0:
                hits.append(
                    Hit(
                        "quantity.invalid",
                        found=format_decimal(quantity),
                        guide=guide,
                        item=item,
                        field=quantity_field(item),
                    )
                )
            if contract is not None:
                self._price(contract, guide, item, hits, priced)
        if priced and self.valuation is not None:
            self.valuation.add_expected(guide, priced)
        return hits

    def _price(
        self,
        contract: Contract,
        guide: Guide,
        item: Item,
        hits: list[Hit],
        priced: list[tuple[Item, Decimal]],
    ) -> None:
        factor = item.factor
        allowed = contract.allowed_factors
        if factor is not None and allowed and factor not in allowed:
            hits.append(
                Hit(
                    "factor.not_allowed",
                    {"allowed": ", ".join(sorted(contract.settings.factors.allowed))},
                    found=format_decimal(factor),
                    guide=guide,
                    item=item,
                    field="reducaoAcrescimo",
                )
            )
        table, code, day = item.table, item.code, item.date
        if table in self.unpriced:
            return
        if day is None or code is None or table is None:
            return  # the field problem is reported by field_types
        version = self.versions.get(day, _MISSING)
        if version is _MISSING:
            version = self.versions[day] = contract.version_for(day)
        if version is None:
            hits.append(_no_version_hit(contract, guide, item, day))
            return
        assert isinstance(version, PriceVersion)
        row = version.prices.get((table, code))
        if row is None:
            hits.append(_code_unknown_hit(guide, item, version, table, code, day))
            return
        kind = item.kind
        pct = HUNDRED
        team = item.team
        if kind is ItemKind.PROCEDURE and team:
            if len(team) == 1:  # the usual line: skip building the distinct list
                degree = team[0].degree
                degrees = [degree] if degree is not None else []
            else:
                degrees = item.degrees
            if len(degrees) > 1:
                hits.append(
                    Hit(
                        "participation.ambiguous",
                        {"degrees": ", ".join(degrees)},
                        found=",".join(degrees),
                        guide=guide,
                        item=item,
                    )
                )
                return
            if degrees:
                found_pct = contract.participation(degrees[0])
                if found_pct is None:
                    hits.append(
                        Hit(
                            "participation.unknown",
                            {"degree": degrees[0]},
                            found=degrees[0],
                            guide=guide,
                            item=item,
                        )
                    )
                    return
                pct = found_pct

        to_cents, tolerance = self.to_cents, contract.tolerance
        price = row.price
        expected_unit = to_cents(price if pct == HUNDRED else price * pct / HUNDRED)
        qty = item.quantity if item.quantity is not None else ONE
        factor = factor if factor is not None else ONE
        expected_total = to_cents(expected_unit * qty * factor)
        total = item.total_value

        def mismatch() -> _Mismatch:  # only for a finding: most items agree with the contract
            assert isinstance(version, PriceVersion)
            return _Mismatch(item, version, price, pct, expected_unit, expected_total, qty, factor)

        if kind is ItemKind.DENTAL:
            if self.dental_per == "line":
                priced.append((item, expected_total))
                if total is not None and abs(total - expected_total) > tolerance:
                    detail = f"R$ {format_money(price)} × {format_decimal(qty)}"
                    hits.append(mismatch().total_hit(guide, detail, "valorProc"))
                return
            # "unit" mode: valorProc holds the unit price
            priced.append((item, expected_unit))
            sent_unit = total
        elif kind is ItemKind.CONSULTATION:
            priced.append((item, expected_unit))
            sent_unit = item.unit_value
        else:
            priced.append((item, expected_total))
            sent_unit = item.unit_value

        if sent_unit is not None and abs(sent_unit - expected_unit) > tolerance:
            field = _UNIT_FIELDS.get(kind, "valorUnitario")
            hits.append(mismatch().unit_hit(guide, sent_unit, field))
            return
        if kind not in _PRICED_KINDS or total is None:
            return
        if abs(total - expected_total) > tolerance:
            if arithmetic_hit(guide, item, contract.rounding, tolerance) is not None:
                return  # the item's own sum is the root cause; reported by the arithmetic rule
            detail = (
                f"R$ {format_money(expected_unit)} × {format_decimal(qty)} × "
                f"{format_decimal(factor)}"
            )
            hits.append(mismatch().total_hit(guide, detail, "valorTotal"))


def _no_version_hit(contract: Contract, guide: Guide, item: Item, day: date) -> Hit:
    return Hit(
        "table.no_version",
        {
            "date": day.isoformat(),
            "versions": ", ".join(v.start.isoformat() for v in contract.versions),
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
    version: PriceVersion
    price: Decimal
    pct: Decimal
    expected_unit: Decimal
    expected_total: Decimal
    quantity: Decimal
    factor: Decimal

    def args(self) -> dict[str, str | None]:
        item = self.item
        assert item.date is not None
        return {
            "table": item.table,
            "code": item.code,
            "date": item.date.isoformat(),
            "version": self.version.start.isoformat(),
            "price": format_money(self.price),
            "pct": format_decimal(self.pct.normalize()),
            "expected_total": format_money(self.expected_total),
        }

    def unit_hit(self, guide: Guide, sent_unit: Decimal, field: str) -> Hit:
        return Hit(
            "value.unit_mismatch",
            self.args(),
            expected=format_money(self.expected_unit),
            found=format_money(sent_unit),
            guide=guide,
            item=self.item,
            field=field,
            glosa="1705" if sent_unit > self.expected_unit else "1706",
        )

    def total_hit(self, guide: Guide, detail: str, field: str) -> Hit:
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
