"""The totals of the priced stage: what was sent and what the contract gives, per service type
and per guide, as the conference report prints them.

The sums are filled from each :class:`~lotcheck.pricing.result.PricedGuide` as the lot streams,
so they read the very results the value rules judged: an item's expected value is computed once,
by the stage, and only added up here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lotcheck.core.model import Guide, GuideType, Item, ItemKind
from lotcheck.core.money import format_money
from lotcheck.pricing.result import Priced, PricedGuide

#: report keys of the service types, in the order a conference report lists them (their labels
#: are the ``report.service.<key>`` texts of the message catalogs)
SERVICE_TYPES: tuple[str, ...] = (
    "consultas",
    "sadt",
    "honorarios",
    "internacao",
    "odonto",
    "materiais",
    "medicamentos",
    "taxas",
    "diarias",
    "opme",
    "gases",
    "outras",
)
_EXPENSE_SERVICE = {
    "01": "gases",
    "02": "medicamentos",
    "03": "materiais",
    "05": "diarias",
    "07": "taxas",
    "08": "opme",
}
_GUIDE_SERVICE = {
    GuideType.CONSULTA: "consultas",
    GuideType.SP_SADT: "sadt",
    GuideType.HONORARIOS: "honorarios",
    GuideType.INTERNACAO: "internacao",
    GuideType.ODONTO: "odonto",
}


def service_type(guide: Guide, item: Item) -> str:
    """The conference-report bucket an item belongs to."""
    if item.kind is ItemKind.OTHER_EXPENSE:
        return _EXPENSE_SERVICE.get(item.expense_code or "", "outras")
    return _GUIDE_SERVICE[guide.type]


def money_row(
    sent: Decimal, priced_sent: Decimal, expected: Decimal, priced: bool
) -> dict[str, str | None]:
    """The four money fields every totals, service and guide row carries.

    ``sent`` is over every item, ``expected`` only over the items the contract prices, so they
    cannot be subtracted: ``difference = sent_priced − expected``, both sides over the same
    items, computed from the printed cents so the identity holds on the page too. With nothing
    priced, ``expected`` and ``difference`` are null (nothing was compared).
    """
    sent_priced = format_money(priced_sent)
    shown_expected = format_money(expected) if priced else None
    difference = None
    if priced:
        difference = format_money(Decimal(sent_priced or 0) - Decimal(shown_expected or 0))
    return {
        "sent": format_money(sent),
        "sent_priced": sent_priced,
        "expected": shown_expected,
        "difference": difference,
    }


@dataclass(slots=True)
class ServiceLine:
    """Items of one service type: how many, the value sent and the value the contract gives."""

    items: int = 0
    sent: Decimal = Decimal(0)
    expected: Decimal = Decimal(0)
    priced_items: int = 0  # items with an expected value (priced by the contract)
    priced_sent: Decimal = Decimal(0)  # what was sent for those items: the fair comparison

    def as_dict(self, key: str) -> dict[str, Any]:
        return {
            "type": key,
            "items": self.items,
            "priced_items": self.priced_items,
            **money_row(self.sent, self.priced_sent, self.expected, self.priced_items > 0),
        }


@dataclass(slots=True)
class GuideLine:
    """One guide's sums, for the chart of differences by guide and the order by authorization."""

    number: str | None
    authorization: str | None
    date: str | None  # first execution date of the guide's items (ISO)
    value: ServiceLine = field(default_factory=ServiceLine)

    def as_dict(self) -> dict[str, Any]:
        row = self.value.as_dict("")
        del row["type"]
        return {
            "guide": self.number,
            "authorization": self.authorization,
            "date": self.date,
            **row,
        }


@dataclass(slots=True)
class Valuation:
    """Sums per service type and per guide, filled from the priced guides while the lot streams."""

    lines: dict[str, ServiceLine] = field(default_factory=dict)
    #: by the guide's position in the lot (numbers may repeat in a lot that bills twice)
    guides: dict[int, GuideLine] = field(default_factory=dict)

    def _line(self, key: str) -> ServiceLine:
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = ServiceLine()
        return line

    def _guide(self, guide: Guide) -> ServiceLine:
        entry = self.guides.get(guide.index)
        if entry is None:
            dates = [item.date for item in guide.items if item.date is not None]
            entry = self.guides[guide.index] = GuideLine(
                number=guide.number,
                authorization=guide.operator_number,
                date=min(dates).isoformat() if dates else None,
            )
        return entry.value

    def add(self, priced: PricedGuide) -> None:
        """Count every item of the guide and add its sent value, per service type; for the
        items the contract priced, add their expected value and what was sent for those same
        items (the fair comparison)."""
        guide = priced.guide
        # summed per service type first (one type per guide, usually), then added to the lot's
        # and the guide's lines: a few Decimal additions per item, no per-item lookups
        sums: dict[str, list[Any]] = {}
        guide_key = _GUIDE_SERVICE[guide.type]
        expense = ItemKind.OTHER_EXPENSE
        for item, result in zip(guide.items, priced.results, strict=True):
            # service_type() is called only for the expenses, whose bucket depends on the item;
            # every other item is the guide's
            key = service_type(guide, item) if item.kind is expense else guide_key
            entry = sums.get(key)
            if entry is None:
                # items, sent, priced items, expected, sent for the priced items
                entry = sums[key] = [0, Decimal(0), 0, Decimal(0), Decimal(0)]
            entry[0] += 1
            total = item.total_value
            if total is not None:
                entry[1] += total
            if type(result) is Priced:
                entry[2] += 1
                entry[3] += result.expected
                if total is not None:
                    entry[4] += total
        by_guide = self._guide(guide)
        for key, (count, sent, priced_count, expected, priced_sent) in sums.items():
            for target in (self._line(key), by_guide):
                target.items += count
                target.sent += sent
                if priced_count:
                    target.priced_items += priced_count
                    target.expected += expected
                    target.priced_sent += priced_sent

    def guide_rows(self) -> list[dict[str, Any]]:
        return [self.guides[k].as_dict() for k in sorted(self.guides)]

    def rows(self) -> list[dict[str, Any]]:
        return [self.lines[k].as_dict(k) for k in SERVICE_TYPES if k in self.lines]

    def totals(self) -> dict[str, str | None]:
        lines = self.lines.values()
        return money_row(
            sum((line.sent for line in lines), Decimal(0)),
            sum((line.priced_sent for line in lines), Decimal(0)),
            sum((line.expected for line in lines), Decimal(0)),
            any(line.priced_items for line in lines),
        )
