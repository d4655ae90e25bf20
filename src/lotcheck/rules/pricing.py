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
from decimal import Decimal

from lotcheck.codes import CodeSpec, Severity, register
from lotcheck.findings import Hit
from lotcheck.model import Guide, Item, ItemKind
from lotcheck.money import HUNDRED, Rounding, format_decimal, format_money, round_money
from lotcheck.parser import value_problem_hit
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

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        rounding = self.ctx.contract.rounding if self.ctx.contract else Rounding.HALF_UP
        tolerance = self.ctx.contract.tolerance if self.ctx.contract else Decimal(0)
        for item in guide.items:
            hit = arithmetic_hit(guide, item, rounding, tolerance)
            if hit is not None:
                yield hit


def arithmetic_hit(guide: Guide, item: Item, rounding: Rounding, tolerance: Decimal) -> Hit | None:
    """The ``value.arithmetic`` hit for an item, or None when its sum adds up."""
    if item.kind not in _PRICED_KINDS:
        return None
    unit, qty, total = item.unit_value, item.quantity, item.total_value
    if unit is None or qty is None or total is None:
        return None
    factor = item.factor if item.factor is not None else Decimal(1)
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


class Pricing(Rule):
    """The payer's re-computation of every item against the contracted table."""

    id = "pricing"
    codes = tuple(c for c in CODES if c.code != "value.arithmetic")

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        # read once per lot, not once per item: pydantic attribute chains cost on the hot path
        contract = ctx.contract
        self.unpriced = frozenset(contract.settings.tables.unpriced) if contract else frozenset()
        self.dental_per = contract.settings.dental.value_per if contract else "line"
        self.valuation = ctx.extras.get("valuation")

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        for item in guide.items:
            yield from self._item(guide, item)

    def _item(self, guide: Guide, item: Item) -> Iterator[Hit]:
        if item.quantity is not None and item.quantity <= 0:
            yield Hit(
                "quantity.invalid",
                found=format_decimal(item.quantity),
                guide=guide,
                item=item,
                field=quantity_field(item),
            )
        contract = self.ctx.contract
        if contract is None:
            return
        allowed = contract.allowed_factors
        if item.factor is not None and allowed and item.factor not in allowed:
            yield Hit(
                "factor.not_allowed",
                {"allowed": ", ".join(sorted(contract.settings.factors.allowed))},
                found=format_decimal(item.factor),
                guide=guide,
                item=item,
                field="reducaoAcrescimo",
            )
        if item.table in self.unpriced:
            return
        if item.date is None or item.code is None or item.table is None:
            return  # the field problem is reported by field_types
        version = contract.version_for(item.date)
        if version is None:
            yield Hit(
                "table.no_version",
                {
                    "date": item.date.isoformat(),
                    "versions": ", ".join(v.start.isoformat() for v in contract.versions),
                },
                found=item.date.isoformat(),
                guide=guide,
                item=item,
                field=date_field(item),
            )
            return
        row = version.prices.get((item.table, item.code))
        if row is None:
            yield Hit(
                "table.code_unknown",
                {
                    "table": item.table,
                    "code": item.code,
                    "date": item.date.isoformat(),
                    "version": version.start.isoformat(),
                },
                found=f"{item.table}/{item.code}",
                guide=guide,
                item=item,
                field="codigoProcedimento",
            )
            return
        pct = HUNDRED
        if item.kind is ItemKind.PROCEDURE:
            degrees = item.degrees
            if len(degrees) > 1:
                yield Hit(
                    "participation.ambiguous",
                    {"degrees": ", ".join(degrees)},
                    found=",".join(degrees),
                    guide=guide,
                    item=item,
                )
                return
            if degrees:
                found_pct = contract.participation(degrees[0])
                if found_pct is None:
                    yield Hit(
                        "participation.unknown",
                        {"degree": degrees[0]},
                        found=degrees[0],
                        guide=guide,
                        item=item,
                    )
                    return
                pct = found_pct

        rounding, tolerance = contract.rounding, contract.tolerance
        expected_unit = round_money(row.price * pct / HUNDRED, rounding)
        qty = item.quantity if item.quantity is not None else Decimal(1)
        factor = item.factor if item.factor is not None else Decimal(1)
        expected_total = round_money(expected_unit * qty * factor, rounding)

        def message_args() -> dict[str, str | None]:
            # built only for a finding: most items agree with the contract
            assert item.date is not None
            return {
                "table": item.table,
                "code": item.code,
                "date": item.date.isoformat(),
                "version": version.start.isoformat(),
                "price": format_money(row.price),
                "pct": format_decimal(pct.normalize()),
                "expected_total": format_money(expected_total),
            }

        valuation = self.valuation
        if valuation is not None:
            line_value = expected_total if item.kind is not ItemKind.CONSULTATION else expected_unit
            if item.kind is ItemKind.DENTAL and self.dental_per == "unit":
                line_value = expected_unit
            valuation.add_expected(guide, item, line_value)

        def total_hit(detail: str, field: str) -> Hit:
            assert item.total_value is not None
            return Hit(
                "value.total_mismatch",
                {**message_args(), "detail": detail},
                expected=format_money(expected_total),
                found=format_money(item.total_value),
                guide=guide,
                item=item,
                field=field,
            )

        if item.kind is ItemKind.DENTAL and self.dental_per == "line":
            if item.total_value is not None and abs(item.total_value - expected_total) > tolerance:
                yield total_hit(
                    f"R$ {format_money(row.price)} × {format_decimal(qty)}", "valorProc"
                )
            return

        unit_field = {ItemKind.CONSULTATION: "valorProcedimento", ItemKind.DENTAL: "valorProc"}.get(
            item.kind, "valorUnitario"
        )
        # a dental line in "unit" mode sends the unit price in valorProc
        sent_unit = item.total_value if item.kind is ItemKind.DENTAL else item.unit_value
        unit_wrong = False
        if sent_unit is not None and abs(sent_unit - expected_unit) > tolerance:
            unit_wrong = True
            yield Hit(
                "value.unit_mismatch",
                message_args(),
                expected=format_money(expected_unit),
                found=format_money(sent_unit),
                guide=guide,
                item=item,
                field=unit_field,
                glosa="1705" if sent_unit > expected_unit else "1706",
            )
        if item.kind not in _PRICED_KINDS or unit_wrong or item.total_value is None:
            return
        if abs(item.total_value - expected_total) > tolerance:
            if arithmetic_hit(guide, item, rounding, tolerance) is not None:
                return  # the item's own sum is the root cause; reported by the arithmetic rule
            unit_text = format_money(expected_unit)
            detail = f"R$ {unit_text} × {format_decimal(qty)} × {format_decimal(factor)}"
            yield total_hit(detail, "valorTotal")
