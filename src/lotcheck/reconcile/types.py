"""What a reconciliation found: every statement item matched and classified, or listed apart.

These are the values the reconciliation report renders (text, JSON, HTML, CSV) and the appeal
reads. Nothing is dropped: each statement item line is exactly one :class:`ReconciledItem` or
one :class:`UnmatchedItem` (a guide with no item lines is one ``ReconciledItem`` per item of its
guide it answers, or one ``UnmatchedItem``: :mod:`lotcheck.reconcile.whole`), and each item sent
that the statement does not answer is one :class:`SentItem` in
:attr:`Reconciliation.unanswered`. Money is :class:`~decimal.Decimal`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lotcheck.messages import Msg
from lotcheck.statement.types import Glosa, StatementItem

ZERO = Decimal("0.00")


class Verdict(StrEnum):
    """The class of one matched statement item (the report's and the JSON's words)."""

    #: released what was informed, and no more than the contract pays
    PAID = "paid"
    #: released more than the contract pays (or than was informed)
    OVERPAID = "overpaid"
    #: denied or cut, and the check had a finding on that item or its guide: foreseeable
    FORESEEABLE = "foreseeable"
    #: denied or cut although the value billed is what the contract pays: appeal it
    CONTESTABLE = "contestable"
    #: denied for a reason lotcheck does not check (audit, clinical), or with no contract to
    #: say what is owed: listed with the payer's glosa and text
    UNCHECKED = "unchecked"


class MatchProblem(StrEnum):
    """Why a statement item has no item sent."""

    #: no guide of the lots has its provider or operator guide number
    NO_GUIDE = "no_guide"
    #: the guide is there, but no item has its sequence, or its code and date
    NO_ITEM = "no_item"
    #: more than one item (or guide) fits, and nothing tells them apart
    AMBIGUOUS = "ambiguous"
    #: a guide with no item lines whose totals do not say which of its items was cut
    GUIDE_ONLY = "guide_only"


@dataclass(frozen=True, slots=True)
class SentItem:
    """One item as sent in a lot, re-priced: the lot side of a match.

    ``expected`` is what the contract pays for it (None without a contract, or when the
    contract does not price it); ``explanation`` is the pricing stage's formula
    (:func:`lotcheck.pricing.explain.formula`) and ``pricing`` its data
    (:func:`lotcheck.pricing.explain.pricing_data`), for the appeal's justification and the
    JSON. ``findings`` are the check's findings on this item, as ``(code, message)`` in the
    report's language; those on its guide as a whole wait in ``guide_findings`` until the item
    is classified, which shows them among ``findings`` (or, when they explain a denial, only
    them).
    """

    lot_path: str
    lot_number: str | None
    tiss_version: str | None
    guide_number: str | None  # numeroGuiaPrestador
    operator_number: str | None  # numeroGuiaOperadora
    password: str | None
    card: str | None
    service: str  # a lotcheck.pricing.valuation.SERVICE_TYPES key
    sequence: str | None
    table: str | None
    code: str | None
    description: str | None
    date: date | None
    degree: str | None
    quantity: Decimal | None
    sent: Decimal | None  # valorTotal as sent
    expected: Decimal | None
    line: int | None
    xpath: str
    findings: tuple[tuple[str, str], ...] = ()
    #: the check's findings on the item's guide as a whole, as ``(code, message, glosa)``: they
    #: make a denial foreseeable only when they carry the payer's glosa (or the payer gives
    #: none), so a guide's unrelated warning never hides a contestable cut; the classified item
    #: shows them among its ``findings``
    guide_findings: tuple[tuple[str, str, str | None], ...] = ()
    explanation: Msg | None = field(default=None, hash=False)
    pricing: Mapping[str, Any] | None = field(default=None, hash=False)


@dataclass(frozen=True, slots=True)
class Amounts:
    """One matched item's money as the verdict, the totals and the reports read it."""

    informed: Decimal
    released: Decimal
    denied: Decimal


def amounts(item: StatementItem, sent: SentItem) -> Amounts:
    """Informed, released and denied of a matched item, as the verdict, the totals and every
    report read them (:mod:`lotcheck.reconcile.classify` says how): one reading, so an item's
    line adds up to the totals in every format."""
    if item.informed is not None:
        informed = item.informed
    else:
        informed = sent.sent if sent.sent is not None else ZERO
    denied = item.denied_value
    if item.released is None:
        released = max(informed - denied, ZERO)
    else:
        released = item.released
        denied = max(denied, informed - released)
    if sent.sent is not None:  # a statement that informs less than was sent hides that cut
        denied = max(denied, sent.sent - released)
    return Amounts(informed, released, denied)


@dataclass(frozen=True, slots=True)
class ReconciledItem:
    """A statement item, the item sent it answers, and the verdict.

    ``contestable`` is the amount to appeal (zero unless the verdict is contestable): what the
    contract pays minus what was released. ``protocol`` and the guide numbers are the
    statement's own, as the appeal must quote them.
    """

    verdict: Verdict
    item: StatementItem
    sent: SentItem
    protocol: str | None
    statement_guide: str | None  # the statement's numeroGuiaPrestador
    statement_operator_guide: str | None  # the statement's numeroGuiaOperadora
    glosas: tuple[Glosa, ...]  # the item's, else its guide's
    contestable: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class UnmatchedItem:
    """A statement item with no item sent, and why; ``candidates`` counts what fitted when it
    is ambiguous."""

    problem: MatchProblem
    item: StatementItem
    protocol: str | None
    statement_guide: str | None
    statement_operator_guide: str | None
    glosas: tuple[Glosa, ...]
    candidates: int = 0


@dataclass(frozen=True, slots=True)
class Totals:
    """The conference-report columns: sent, contracted, released, denied, recoverable.

    ``sent`` is what the lots billed for the matched items, ``contracted`` what the contract
    pays for those of them it prices (None when nothing was priced), ``released`` and
    ``denied`` the statement's, ``recoverable`` the sum of the contestable amounts.
    """

    sent: Decimal
    contracted: Decimal | None
    released: Decimal
    denied: Decimal
    recoverable: Decimal
    items: int


@dataclass(frozen=True, slots=True)
class GuideTotals:
    """One guide's line of the report."""

    guide_number: str | None
    operator_number: str | None
    protocol: str | None
    lot_path: str | None
    totals: Totals


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The whole answer: the statement's identity, each item, and the totals.

    ``by_service`` is keyed by :data:`lotcheck.pricing.valuation.SERVICE_TYPES` keys, in that
    order; ``by_guide`` is in the statement's order. ``contract`` names the contract used (None:
    no contract, so nothing is contestable and denials without a finding are unchecked).
    ``remarks`` are the statement's own (:attr:`Statement.remarks
    <lotcheck.statement.types.Statement.remarks>`): whoever reads the reconciliation must
    know when the payer's totals disagree with its lines.
    """

    statement_path: str
    statement_key: str
    statement_form: str
    registro_ans: str | None
    operator_name: str | None
    statement_number: str | None
    issued: date | None
    lots: tuple[str, ...]
    contract: str | None
    items: tuple[ReconciledItem, ...]
    unmatched: tuple[UnmatchedItem, ...]
    unanswered: tuple[SentItem, ...]
    totals: Totals
    by_service: tuple[tuple[str, Totals], ...]
    by_guide: tuple[GuideTotals, ...]
    #: the statement reader's remarks (its own totals that do not add up), for the report
    remarks: tuple[Msg, ...] = field(default=(), hash=False)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for item in self.items if item.verdict is verdict)

    @property
    def contestable(self) -> tuple[ReconciledItem, ...]:
        return tuple(i for i in self.items if i.verdict is Verdict.CONTESTABLE)
