"""The conference-report columns over the matched items: sent, contracted, released, denied and
recoverable, for the whole statement, by service type and by guide.

Only matched items are added up: an unmatched statement item has no item sent to compare with,
and an unanswered item sent has no released or denied value; both are listed apart, whole.
``sent`` adds what the lots billed (``valorTotal``), ``contracted`` what the contract pays for
the items it prices (None when it prices none), ``released`` and ``denied`` the amounts the
verdict read (:func:`lotcheck.reconcile.classify.amounts`), ``recoverable`` the contestable
amounts. Decimal arithmetic throughout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from lotcheck.pricing.valuation import SERVICE_TYPES
from lotcheck.reconcile.classify import amounts
from lotcheck.reconcile.types import ReconciledItem, Totals

ZERO = Decimal("0.00")


@dataclass(slots=True)
class _Sums:
    sent: Decimal = ZERO
    contracted: Decimal = ZERO
    priced: int = 0
    released: Decimal = ZERO
    denied: Decimal = ZERO
    recoverable: Decimal = ZERO
    items: int = 0

    def add(self, item: ReconciledItem) -> None:
        money = amounts(item.item, item.sent)
        self.items += 1
        if item.sent.sent is not None:
            self.sent += item.sent.sent
        if item.sent.expected is not None:
            self.priced += 1
            self.contracted += item.sent.expected
        self.released += money.released
        self.denied += money.denied
        self.recoverable += item.contestable

    def totals(self) -> Totals:
        return Totals(
            sent=self.sent,
            contracted=self.contracted if self.priced else None,
            released=self.released,
            denied=self.denied,
            recoverable=self.recoverable,
            items=self.items,
        )


def totals(items: Iterable[ReconciledItem]) -> Totals:
    """The columns over ``items``."""
    sums = _Sums()
    for item in items:
        sums.add(item)
    return sums.totals()


def by_service(items: Iterable[ReconciledItem]) -> tuple[tuple[str, Totals], ...]:
    """The columns per service type of the items sent, in :data:`SERVICE_TYPES` order, only the
    types present."""
    sums: dict[str, _Sums] = {}
    for item in items:
        sums.setdefault(item.sent.service, _Sums()).add(item)
    return tuple((key, sums[key].totals()) for key in SERVICE_TYPES if key in sums)
