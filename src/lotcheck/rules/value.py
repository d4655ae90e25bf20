"""The ``value.*`` codes: what was sent against what the pricing stage computed.

This rule prices nothing: :mod:`lotcheck.pricing` has priced every item before the rules see the
guide (``ctx.priced``), and the item's own sum ``round(valorUnitario × Q × F)`` with it. Here the
values sent are compared with those results, within the contract's tolerance.

One finding per root cause: when the unit value is wrong, the total is wrong too, and reporting
both would make a clerk fix one error twice. ``value.unit_mismatch`` carries the expected total in
its message; ``value.total_mismatch`` is reported only when the unit value agrees (or the item has
no unit value: a dental line) and the total still differs, and not when the item's own sum does
not add up (``value.arithmetic`` says so, checked even without a contract).

Consulta: the single ``valorProcedimento`` is compared with the unit price. Odonto:
``valorProc`` is the value of the line for ``qtdProc`` (TISS legend), so it is compared with the
expected total; a contract with ``[dental] value_per = "unit"`` compares it with the unit price.
"""

from __future__ import annotations

from decimal import Decimal

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item
from lotcheck.core.money import ONE, format_decimal, format_money
from lotcheck.messages import Msg
from lotcheck.pricing.explain import formula, pricing_data
from lotcheck.pricing.result import Method, Priced
from lotcheck.rules.base import CheckContext, Rule

CODES = register(
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
)

#: the element that holds the unit value, by pricing method
_UNIT_FIELDS = {
    Method.LINE: "valorUnitario",
    Method.CONSULTA: "valorProcedimento",
    Method.DENTAL_UNIT: "valorProc",
}


class Value(Rule):
    """Compares every item's values with the stage's price and the item's own sum."""

    id = "value"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        contract = ctx.contract
        self.tolerance = contract.tolerance if contract is not None else Decimal(0)

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        priced = self.ctx.priced
        if priced is None or priced.guide is not guide:
            return hits
        tolerance = self.tolerance
        for item, result, own_sum in zip(guide.items, priced.results, priced.sums, strict=True):
            total = item.total_value
            # the item's own sum; a line that does not add up has that as its root cause
            off_sum = False
            if own_sum is not None and total is not None and total != own_sum:
                off_sum = abs(total - own_sum) > tolerance
                if off_sum:
                    hits.append(_arithmetic_hit(guide, item, own_sum))
            if type(result) is not Priced:
                continue
            method = result.method
            if method is Method.DENTAL_LINE:
                expected = result.expected_total
                if total is not None and total != expected and abs(total - expected) > tolerance:
                    detail = Msg(
                        "fragment.price.dental",
                        {
                            "price": format_money(result.rate.row.price),
                            "quantity": format_decimal(result.quantity),
                        },
                    )
                    hits.append(_total_hit(guide, item, result, detail, "valorProc"))
                continue
            sent_unit = total if method is Method.DENTAL_UNIT else item.unit_value
            expected_unit = result.rate.unit
            if (
                sent_unit is not None
                and sent_unit != expected_unit
                and abs(sent_unit - expected_unit) > tolerance
            ):
                hits.append(_unit_hit(guide, item, result, sent_unit, _UNIT_FIELDS[method]))
                continue
            if method is not Method.LINE or total is None or off_sum:
                continue
            expected_total = result.expected_total
            if total != expected_total and abs(total - expected_total) > tolerance:
                product: dict[str, object] = {
                    "unit": format_money(expected_unit),
                    "quantity": format_decimal(result.quantity),
                    "factor": format_decimal(result.factor),
                }
                if result.rate.scheme == "list":
                    detail = Msg("fragment.price.total", product)
                else:  # a formula price shows how its unit was made
                    product["formula"] = formula(result.rate)
                    detail = Msg("fragment.price.total_formula", product)
                hits.append(_total_hit(guide, item, result, detail, "valorTotal"))
        return hits


def _arithmetic_hit(guide: Guide, item: Item, own_sum: Decimal) -> Hit:
    assert item.unit_value is not None and item.quantity is not None
    return Hit(
        "value.arithmetic",
        {
            "unit": format_money(item.unit_value),
            "quantity": format_decimal(item.quantity),
            "factor": format_decimal(item.factor if item.factor is not None else ONE),
        },
        expected=format_money(own_sum),
        found=format_money(item.total_value),
        guide=guide,
        item=item,
        field="valorTotal",
    )


def _price_args(item: Item, priced: Priced) -> dict[str, object]:
    """What a value finding says about an item's price; built only when one is reported."""
    assert item.date is not None
    return {
        "table": item.table,
        "code": item.code,
        "date": item.date.isoformat(),
        "formula": formula(priced.rate),
        "expected_total": format_money(priced.expected_total),
    }


def _unit_hit(guide: Guide, item: Item, priced: Priced, sent_unit: Decimal, field: str) -> Hit:
    expected_unit = priced.rate.unit
    return Hit(
        "value.unit_mismatch",
        _price_args(item, priced),
        expected=format_money(expected_unit),
        found=format_money(sent_unit),
        guide=guide,
        item=item,
        field=field,
        glosa="1705" if sent_unit > expected_unit else "1706",
        pricing=pricing_data(priced),
    )


def _total_hit(guide: Guide, item: Item, priced: Priced, detail: Msg, field: str) -> Hit:
    assert item.total_value is not None
    return Hit(
        "value.total_mismatch",
        {**_price_args(item, priced), "detail": detail},
        expected=format_money(priced.expected_total),
        found=format_money(item.total_value),
        guide=guide,
        item=item,
        field=field,
        pricing=pricing_data(priced),
    )
