"""What a guide's corrected copy must hold: the value elements of its items and its totals.

Nothing is priced here: the pricing stage has priced every item
(:meth:`~lotcheck.pricing.pricer.Pricer.price_guide`), and the totals are the totals rule's own
sums (:func:`~lotcheck.rules.totals.expected_totals`), taken over the items as they will be once
corrected. This module only says which element gets which figure, from the attributes every
pricing method fills (``rate.unit``, ``expected_total``, ``expected``):

* a procedure or other-expense line (``Method.LINE``): ``valorUnitario`` := ``rate.unit`` and
  ``valorTotal`` := ``expected_total``;
* a consulta (``Method.CONSULTA``): its one ``valorProcedimento`` := ``expected`` (the unit);
* a dental line: ``valorProc`` := ``expected``, the line's value (``Method.DENTAL_LINE``,
  ``expected_total``) or the unit price (``Method.DENTAL_UNIT``, ``rate.unit``).

An item the contract does not price (a table priced elsewhere, an unknown code) keeps its
values, but its own arithmetic is made right (``valorTotal`` := ``round(valorUnitario × Q ×
F)``, the pricing stage's sum, what ``value.arithmetic`` expects). No code, date, quantity,
factor or degree is ever touched: those are facts of the care given, and what cannot be fixed
without changing one (an unknown code, no version in force, a factor the contract does not
pay) is left as it is and reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind
from lotcheck.fix.result import Leftover
from lotcheck.pricing.price import LINE_KINDS
from lotcheck.pricing.result import Priced, PricedGuide
from lotcheck.rules.totals import expected_totals, guide_total

#: the value elements read into ``Item.unit_value`` (the consulta's one element is also its
#: total); every other one is read into ``Item.total_value``
_UNIT_ELEMENTS = frozenset({"valorUnitario", "valorProcedimento"})


@dataclass(frozen=True, slots=True)
class Edit:
    """One element to rewrite: where the reader read it, the value it read (None: a text that is
    not a decimal) and the value it must hold."""

    xpath: str
    line: int | None
    element: str
    guide: str | None
    item: str | None
    read: Decimal | None
    value: Decimal
    #: the XPath of the item whose value it is (None: a guide's or the lot's total)
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class GuidePlan:
    """A guide's edits and leftovers, and what the corrected guide adds to its lot's total (None:
    a value it sums could not be read)."""

    edits: list[Edit]
    leftovers: list[Leftover]
    total: Decimal | None


def value_targets(item: Item, priced: Priced) -> tuple[tuple[str, Decimal], ...]:
    """The value elements of a priced item and what each must hold (see the module doc)."""
    if item.kind in LINE_KINDS:
        return (("valorUnitario", priced.rate.unit), ("valorTotal", priced.expected_total))
    if item.kind is ItemKind.CONSULTATION:
        return (("valorProcedimento", priced.expected),)
    if item.kind is ItemKind.DENTAL:
        return (("valorProc", priced.expected),)
    return ()


def has_field(item: Item, name: str) -> bool:
    """Whether the item's XML holds the element ``name`` (the reader read it)."""
    return name in item.fields or (item.exact is not None and name in item.exact)


def plan_guide(
    guide: Guide,
    priced: PricedGuide,
    findings: Iterable[Hit],
    per_unit: bool,
    frozen: frozenset[str] = frozenset(),
) -> GuidePlan:
    """The edits that make ``guide`` what the contract and its own sums say, and what cannot be
    fixed: the unpriced items' findings, ``findings`` (the factor rule's), the value elements
    the file lacks (``value_missing``) and the totals no sum can be made for
    (``total_unknown``). ``per_unit``: the contract reads a dental ``valorProc`` as a unit.
    The items whose XPath is in ``frozen`` keep the values they were sent (one of their value
    elements cannot be rewritten); the totals add them up as sent."""
    edits: list[Edit] = []
    leftovers = [Leftover.of_hit(hit) for hit in (*priced.hits, *findings)]
    items: list[Item] = []
    for item, result, own_sum in zip(guide.items, priced.results, priced.sums, strict=True):
        targets: tuple[tuple[str, Decimal], ...]
        if item.xpath in frozen:
            targets = ()
        elif type(result) is Priced:
            targets = value_targets(item, result)
        elif own_sum is not None:
            targets = (("valorTotal", own_sum),)
        else:
            targets = ()
        unit, total = item.unit_value, item.total_value
        for element, value in targets:
            if not has_field(item, element):
                leftovers.append(Leftover.at("value_missing", item, element, guide))
                continue
            read = item.unit_value if element == "valorUnitario" else item.total_value
            if read != value:
                xpath, line = item.locate(element)
                edits.append(
                    Edit(xpath, line, element, guide.number, item.sequence, read, value, item.xpath)
                )
            if element in _UNIT_ELEMENTS:
                unit = value
            if element != "valorUnitario":
                total = value
        changed = unit != item.unit_value or total != item.total_value
        items.append(replace(item, unit_value=unit, total_value=total) if changed else item)
    fixed = replace(guide, items=items)
    totals = dict(guide.totals)
    for name, computed in expected_totals(fixed, per_unit).items():
        if name not in guide.totals:
            continue  # a total the guide leaves out is never added
        if computed is None:
            leftovers.append(Leftover.at("total_unknown", guide, name))
        elif guide.totals[name] != computed:
            xpath, line = guide.locate(name)
            edits.append(Edit(xpath, line, name, guide.number, None, guide.totals[name], computed))
            totals[name] = computed
    leftovers.sort(key=lambda left: left.line if left.line is not None else 0)
    return GuidePlan(edits, leftovers, guide_total(replace(fixed, totals=totals)))
