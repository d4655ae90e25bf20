"""Guide and lot totals must equal the sum of what they total.

The payer adds the items up itself and refuses a guide whose totals disagree (glosa 5042), so a
total that does not add up is a denial even when every item is right. For each guide type:

* SP-SADT and resumo de internação (``valorTotal``): ``valorProcedimentos`` = the procedure items;
  ``valorMateriais``, ``valorMedicamentos``, ``valorTaxasAlugueis``, ``valorDiarias``,
  ``valorOPME``, ``valorGasesMedicinais`` = the ``outrasDespesas`` items of codigoDespesa 03, 02,
  07, 05, 08, 01; ``valorTotalGeral`` = the sum of those parts;
* honorários: ``valorTotalHonorarios`` = the procedure items;
* odonto: ``valorTotalProc`` = the ``valorProc`` of the lines (× ``qtdProc`` when the contract
  reads ``valorProc`` as a unit price).

One finding per root cause: a wrong part is reported on itself, and ``valorTotalGeral`` only when
it agrees neither with the sum of the items nor with the sum of the parts as sent (a part the guide
leaves out counts as the sum of its items). So a part edited by hand (the grand total still adds
up the items) and an item edited by hand (part and grand total still add up the old value) are each
one finding, on the part. An item whose value cannot be read leaves its total unchecked
(``item.invalid_value`` already points at it).

**Lot total.** No TISS version, 2.01.03 to 4.03.00, carries a total in the ``loteGuias`` of an
``ENVIO_LOTE_GUIAS``: the total of a lot is the payer's *protocol* total (``valorTotalProtocolo``,
in the payer's answers), which the payer compares with the sum of the guides (glosa 1104). Some
payers' own layouts add ``valorTotalLote`` or ``valorTotalProtocolo`` directly under
``loteGuias``; when a lot carries one, ``total.lot_mismatch`` compares it with the sum of the guide
totals (``valorTotalGeral``, ``valorTotalHonorarios``, ``valorTotalProc``, or the consulta's
``valorProcedimento``).

Codes ``total.guide_mismatch`` and ``total.lot_mismatch`` were ``guide.total_mismatch`` and
``lot.total_mismatch`` (still accepted as aliases), and the rule was two, ``guide_totals`` and
``lot_total``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import EXPENSE_TOTALS, Guide, GuideType, Item, ItemKind
from lotcheck.core.money import format_money, sum_or_none
from lotcheck.messages import Msg
from lotcheck.rules.base import CheckContext, Rule

CODES = register(
    CodeSpec(
        code="total.guide_mismatch",
        aliases=("guide.total_mismatch",),
        severity=Severity.ERROR,
        glosa="5042",
        doc="A guide total is not the sum of what it totals: `valorProcedimentos` of the "
        "procedure lines, `valorMateriais`/`valorMedicamentos`/`valorTaxasAlugueis`/"
        "`valorDiarias`/`valorOPME`/`valorGasesMedicinais` of the other expenses of codigoDespesa "
        "03/02/07/05/08/01, `valorTotalGeral` of those parts, `valorTotalHonorarios` and "
        "`valorTotalProc` of the lines of a honorários or odonto guide. The payer re-adds them "
        "and denies the difference (glosa 5042, guide value differs from the sum of its "
        "items).",
        example="Two procedure lines of R$ 12,50 and R$ 13,60 with `valorProcedimentos` "
        "R$ 25,10 (expected R$ 26,10).",
    ),
    CodeSpec(
        code="total.lot_mismatch",
        aliases=("lot.total_mismatch",),
        severity=Severity.ERROR,
        glosa="1104",
        doc="The lot carries its own total (`valorTotalLote` or `valorTotalProtocolo` directly "
        "under `loteGuias`, a payer's extension: no TISS version has a lot total in "
        "ENVIO_LOTE_GUIAS) and it is not the sum of the guides' totals (glosa 1104, protocol "
        "total differs from the sum of the guides).",
        example="`<valorTotalLote>1500.00</valorTotalLote>` in a lot whose guides add up to "
        "R$ 1.450,00.",
    ),
)

#: the parts of a SP-SADT/internação ``valorTotal``, and which items each adds up
_PARTS: dict[str, tuple[ItemKind, str | None]] = {
    "valorProcedimentos": (ItemKind.PROCEDURE, None),
    **{name: (ItemKind.OTHER_EXPENSE, expense) for expense, name in EXPENSE_TOTALS.items()},
}
#: the parts a guide's ``valorTotal*`` sums, as ``fragment.total.<element>`` says them
_PART_WHAT = frozenset(
    {
        "valorProcedimentos",
        "valorGasesMedicinais",
        "valorMedicamentos",
        "valorMateriais",
        "valorDiarias",
        "valorTaxasAlugueis",
        "valorOPME",
    }
)


def _line_value(item: Item, per_unit: bool) -> Decimal | None:
    if item.total_value is None:
        return None
    if per_unit and item.kind is ItemKind.DENTAL:
        return None if item.quantity is None else item.total_value * item.quantity
    return item.total_value


class Totals(Rule):
    """Each total of a guide equals the sum of the items it totals (``total.guide_mismatch``);
    a lot-level total, where a lot carries one, equals the sum of the guides
    (``total.lot_mismatch``)."""

    id = "total"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        contract = ctx.contract
        self.tolerance = contract.tolerance if contract else Decimal(0)
        self.per_unit = contract is not None and contract.settings.dental.value_per == "unit"
        #: the sum of the guides so far; None once one guide's total could not be read
        self.sum: Decimal | None = Decimal("0.00")

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        # the lot's sum first: a guide whose own totals fail to check still counts in it
        if self.sum is not None:
            total = guide_total(guide)
            self.sum = None if total is None else self.sum + total
        if guide.type in (GuideType.SP_SADT, GuideType.INTERNACAO):
            yield from self._breakdown(guide)
        elif guide.type is GuideType.HONORARIOS:
            yield from self._single(guide, "valorTotalHonorarios", ItemKind.PROCEDURE)
        elif guide.type is GuideType.ODONTO:
            yield from self._single(guide, "valorTotalProc", ItemKind.DENTAL)

    def _breakdown(self, guide: Guide) -> Iterator[Hit]:
        parts_sent: list[Decimal | None] = []
        parts_computed: list[Decimal | None] = []
        for name, computed in part_sums(guide).items():
            parts_computed.append(computed)
            if name in guide.totals:
                sent = guide.totals[name]
                parts_sent.append(sent)
                if sent is not None and computed is not None:
                    yield from self._compare(guide, name, sent, computed)
            else:
                parts_sent.append(computed)
        grand = guide.totals.get("valorTotalGeral")
        if grand is None:
            return
        from_items, from_parts = sum_or_none(parts_computed), sum_or_none(parts_sent)
        explained = any(
            total is not None and abs(grand - total) <= self.tolerance
            for total in (from_items, from_parts)
        )
        expected = from_items if from_items is not None else from_parts
        if not explained and expected is not None:
            yield from self._compare(guide, "valorTotalGeral", grand, expected)

    def _single(self, guide: Guide, name: str, kind: ItemKind) -> Iterator[Hit]:
        sent = guide.totals.get(name)
        computed = lines_sum(guide, kind, self.per_unit)
        if sent is not None and computed is not None:
            yield from self._compare(guide, name, sent, computed)

    def _compare(self, guide: Guide, name: str, sent: Decimal, computed: Decimal) -> Iterator[Hit]:
        if abs(sent - computed) <= self.tolerance:
            return
        what = f"fragment.total.{name}" if name in _PART_WHAT else "fragment.total.parts"
        if name in ("valorTotalHonorarios", "valorTotalProc"):
            what = "fragment.total.items"
        yield Hit(
            "total.guide_mismatch",
            {"field": name, "what": Msg(what)},
            expected=format_money(computed),
            found=format_money(sent),
            guide=guide,
            field=name,
        )

    def finish(self) -> Iterator[Hit]:
        header = self.ctx.header
        sent = header.lot_total
        if sent is None or self.sum is None or header.lot_total_element is None:
            return
        if abs(sent - self.sum) <= self.tolerance:
            return
        xpath, line = header.locate(header.lot_total_element)
        yield Hit(
            "total.lot_mismatch",
            {"field": header.lot_total_element},
            expected=format_money(self.sum),
            found=format_money(sent),
            line=line if line is not None else header.lot_total_line,
            xpath=xpath,
        )


def guide_total(guide: Guide) -> Decimal | None:
    """What a guide adds to its lot: its grand total as sent, else the sum of its lines."""
    for name in ("valorTotalGeral", "valorTotalHonorarios", "valorTotalProc"):
        if name in guide.totals:
            return guide.totals[name]
    return sum_or_none([i.total_value for i in guide.items])


def part_sums(guide: Guide) -> dict[str, Decimal | None]:
    """The sum of the items of each part of a SP-SADT/internação ``valorTotal``, in the order
    the parts are checked; None for a part with an item whose value could not be read."""
    # one pass over the items: each goes to the part its kind and expense code name
    lines: dict[str, list[Decimal | None]] = {name: [] for name in _PARTS}
    for item in guide.items:
        if item.kind is ItemKind.PROCEDURE:
            lines["valorProcedimentos"].append(item.total_value)
        elif item.kind is ItemKind.OTHER_EXPENSE:
            part = EXPENSE_TOTALS.get(item.expense_code or "")
            if part is not None:
                lines[part].append(item.total_value)
    return {name: sum_or_none(lines[name]) for name in _PARTS}


def lines_sum(guide: Guide, kind: ItemKind, per_unit: bool) -> Decimal | None:
    """The sum of the ``kind`` lines of a honorários or odonto guide (a dental ``valorProc``
    × ``qtdProc`` when the contract reads it as a unit price)."""
    return sum_or_none([_line_value(i, per_unit) for i in guide.items if i.kind is kind])


def expected_totals(guide: Guide, per_unit: bool) -> dict[str, Decimal | None]:
    """What each total element of ``guide`` should hold, computed from its items' values as
    this rule computes it (``valorTotalGeral`` is the sum of the parts' items); None where an
    item's value could not be read. ``lotcheck fix`` writes these into a corrected lot."""
    if guide.type in (GuideType.SP_SADT, GuideType.INTERNACAO):
        parts = part_sums(guide)
        return {**parts, "valorTotalGeral": sum_or_none(list(parts.values()))}
    if guide.type is GuideType.HONORARIOS:
        return {"valorTotalHonorarios": lines_sum(guide, ItemKind.PROCEDURE, per_unit)}
    if guide.type is GuideType.ODONTO:
        return {"valorTotalProc": lines_sum(guide, ItemKind.DENTAL, per_unit)}
    return {}
