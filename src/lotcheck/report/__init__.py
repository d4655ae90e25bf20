"""The report: one :class:`LotReport` per file, and the batch :class:`Report`.

Owns: the report values (:class:`LotReport`, :class:`Report`), a lot's findings held in flat
memory (:mod:`~lotcheck.report.findings`) and the JSON Schemas published in ``schemas/``
(:mod:`~lotcheck.report.schemas`; the statement column mapping's comes from
:mod:`lotcheck.statement.mapping`).
May import: lotcheck.core, lotcheck.messages, lotcheck.contract, lotcheck.pricing,
lotcheck.statement.

These are the values renderers turn into text, JSON and the rest. Field names are a public
contract (``schemas/report.schema.json``): other tools read them, so they only ever grow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.pricing.valuation import ServiceLine, Valuation
from lotcheck.report.findings import Findings


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
    #: sent, sent_priced, expected, difference over the whole lot (see
    #: :func:`lotcheck.pricing.valuation.money_row`)
    totals: dict[str, str | None]
    services: list[dict[str, Any]]
    hash: dict[str, str | None]
    #: in report order: the file's findings, then the rules' by line, code and XPath. A checked
    #: lot holds a :class:`~lotcheck.report.findings.Findings` (compact, counted as it was
    #: built); any sequence will do for one built by hand
    findings: Sequence[Finding]
    #: per guide, in document order: items and the money_row fields (see
    #: :class:`lotcheck.pricing.valuation.GuideLine`)
    guide_values: list[dict[str, Any]] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        findings = self.findings
        if isinstance(findings, Findings):  # counted as they were made: no pass over them
            return findings.severity_count(severity)
        return sum(1 for f in findings if f.severity is severity)

    def code_counts(self) -> dict[str, int]:
        """How many findings each code has (the batch summary's ``by_code``)."""
        findings = self.findings
        if isinstance(findings, Findings):
            return findings.code_counts()
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        return counts

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    def as_dict(self) -> dict[str, Any]:
        return {**self.head_dict(), "findings": [f.as_dict() for f in self.findings]}

    def head_dict(self) -> dict[str, Any]:
        """:meth:`as_dict` without its last key, ``findings``: what a streaming renderer writes
        before it writes the findings one at a time."""
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
        for code, n in lot.code_counts().items():
            self.by_code[code] = self.by_code.get(code, 0) + n

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
