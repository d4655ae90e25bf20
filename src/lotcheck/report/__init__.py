"""The report: one :class:`LotReport` per file, and the batch :class:`Report`.

These are the values renderers turn into text, JSON and the rest. Field names are a public
contract (``schemas/report.schema.json``): other tools read them, so they only ever grow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.core.model import Guide, GuideType, Item, ItemKind
from lotcheck.core.money import format_money

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
    """Sums per service type and per guide, filled while the lot streams.

    The engine adds every item's sent value; the pricing rule adds the expected value of each item
    it could price (the only place that computes it, so it is computed once).
    """

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

    def add_sent(self, guide: Guide) -> None:
        """Count every item of the guide and add its sent value, per service type."""
        self._add(guide, ((item, None) for item in guide.items), expected=False)

    def add_expected(self, guide: Guide, priced: Iterable[tuple[Item, Decimal]]) -> None:
        """Add the expected values of the items the pricing rule could price (and what was sent
        for those same items: the fair comparison)."""
        self._add(guide, priced, expected=True)

    def _add(
        self, guide: Guide, entries: Iterable[tuple[Item, Decimal | None]], *, expected: bool
    ) -> None:
        # summed per service type first (one type per guide, usually), then added to the lot's
        # and the guide's lines: a few Decimal additions per item, no per-item lookups
        sums: dict[str, list[Any]] = {}
        guide_key = _GUIDE_SERVICE[guide.type]
        expense = ItemKind.OTHER_EXPENSE
        for item, value in entries:
            # this loop runs twice for every item: service_type() is called only for the
            # expenses, whose bucket depends on the item; every other item is the guide's
            key = service_type(guide, item) if item.kind is expense else guide_key
            entry = sums.get(key)
            if entry is None:
                entry = sums[key] = [0, Decimal(0), Decimal(0)]
            entry[0] += 1
            if value is not None:
                entry[1] += value
            if item.total_value is not None:
                entry[2] += item.total_value
        by_guide = self._guide(guide)
        for key, (count, value_sum, sent) in sums.items():
            for target in (self._line(key), by_guide):
                if expected:
                    target.priced_items += count
                    target.expected += value_sum
                    target.priced_sent += sent
                else:
                    target.items += count
                    target.sent += sent

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


@dataclass(frozen=True, slots=True)
class LotReport:
    """Everything lotcheck says about one file."""

    path: str
    tiss_version: str | None
    transaction: str | None
    lot_number: str | None
    provider: str | None
    guide_type: str | None
    guides: int
    items: int
    #: sent, sent_priced, expected, difference over the whole lot (see :func:`money_row`)
    totals: dict[str, str | None]
    services: list[dict[str, Any]]
    hash: dict[str, str | None]
    findings: tuple[Finding, ...]
    #: per guide, in document order: items and the :func:`money_row` fields (:class:`GuideLine`)
    guide_values: list[dict[str, Any]] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "tiss_version": self.tiss_version,
            "transaction": self.transaction,
            "lot_number": self.lot_number,
            "provider": self.provider,
            "guide_type": self.guide_type,
            "guides": self.guides,
            "items": self.items,
            "totals": self.totals,
            "services": self.services,
            "guide_values": self.guide_values,
            "hash": self.hash,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(slots=True)
class Summary:
    """Batch counters, accumulated lot by lot so a report never needs all lots in memory."""

    files: int = 0
    guides: int = 0
    items: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    files_with_errors: int = 0
    by_code: dict[str, int] = field(default_factory=dict)

    def add(self, lot: LotReport) -> None:
        self.files += 1
        self.guides += lot.guides
        self.items += lot.items
        errors = lot.count(Severity.ERROR)
        self.errors += errors
        self.warnings += lot.count(Severity.WARNING)
        self.infos += lot.count(Severity.INFO)
        self.files_with_errors += 1 if errors else 0
        for finding in lot.findings:
            self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1

    def as_dict(self, partial: bool = False) -> dict[str, Any]:
        return {
            "files": self.files,
            "files_with_errors": self.files_with_errors,
            "guides": self.guides,
            "items": self.items,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "by_code": dict(sorted(self.by_code.items())),
            "partial": partial,
        }


@dataclass(slots=True)
class ServiceTotals:
    """The batch total by service type: the lots' ``services`` rows added up, lot by lot."""

    lines: dict[str, ServiceLine] = field(default_factory=dict)

    def add(self, lot: LotReport) -> None:
        for row in lot.services:
            line = self.lines.get(row["type"])
            if line is None:
                line = self.lines[row["type"]] = ServiceLine()
            line.items += row["items"]
            line.priced_items += row["priced_items"]
            line.sent += Decimal(row["sent"])
            line.priced_sent += Decimal(row["sent_priced"])
            if row["expected"] is not None:
                line.expected += Decimal(row["expected"])

    def rows(self) -> list[dict[str, Any]]:
        return Valuation(lines=self.lines).rows()

    def totals(self) -> dict[str, str | None]:
        return Valuation(lines=self.lines).totals()


@dataclass(slots=True)
class Report:
    """A batch: the lots in path order and their summary."""

    lots: list[LotReport] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    partial: bool = False

    @classmethod
    def of(cls, lots: Iterable[LotReport]) -> Report:
        report = cls()
        for lot in lots:
            report.add(lot)
        report.partial = is_partial(lots)
        return report

    def add(self, lot: LotReport) -> None:
        self.lots.append(lot)
        self.summary.add(lot)

    def __iter__(self) -> Iterator[LotReport]:
        return iter(self.lots)


class LotStream:
    """Lots as a batch checks them, and whether the batch was cut short.

    A streaming renderer writes each lot as it comes and the summary last; whether the run was
    interrupted (Ctrl-C) is only known when the lots stop coming, so renderers ask
    :func:`is_partial` *after* their loop instead of taking a flag up front. The stream turns a
    ``KeyboardInterrupt`` raised by the batch (after it has stopped its workers) into the end of
    the iteration with :attr:`partial` set, so the report still gets its summary.
    """

    def __init__(
        self, lots: Iterable[LotReport], on_lot: Callable[[LotReport], None] | None = None
    ) -> None:
        self._lots = lots
        self._on_lot = on_lot
        self.partial = False

    def __iter__(self) -> Iterator[LotReport]:
        iterator = iter(self._lots)
        try:
            while True:
                try:
                    lot = next(iterator)
                except StopIteration:
                    return
                except KeyboardInterrupt:
                    self.partial = True
                    return
                if self._on_lot is not None:
                    self._on_lot(lot)
                yield lot
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()  # a batch left early still stops its workers now, not at garbage collection


def is_partial(lots: Iterable[LotReport]) -> bool:
    """Whether ``lots`` (a :class:`LotStream` or a :class:`Report`) was cut short.

    Only meaningful once the lots have been consumed; a plain list is never partial.
    """
    return bool(getattr(lots, "partial", False))
