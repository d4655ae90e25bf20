"""The ``quantity.*`` codes: a billed line's quantity must be positive.

A line billed with quantity 0 (or less) pays nothing or takes money back: payers refuse it
(glosa 1806). Checked with or without a contract.
"""

from __future__ import annotations

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, quantity_field
from lotcheck.core.money import ZERO, format_decimal
from lotcheck.rules.base import Rule

CODES = register(
    CodeSpec(
        code="quantity.invalid",
        severity=Severity.ERROR,
        glosa="1806",
        doc="A billed line with quantity 0 or negative (glosa 1806).",
        example="`<ans:quantidadeExecutada>0</ans:quantidadeExecutada>`",
    ),
)


class Quantity(Rule):
    """Reports every line whose quantity is 0 or negative."""

    id = "quantity"
    codes = CODES

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        for item in guide.items:
            quantity = item.quantity
            if quantity is not None and quantity <= ZERO:  # Decimal to Decimal: no conversion
                hits.append(
                    Hit(
                        "quantity.invalid",
                        found=format_decimal(quantity),
                        guide=guide,
                        item=item,
                        field=quantity_field(item),
                    )
                )
        return hits
