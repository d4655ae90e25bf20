"""The values of a closed lot's life after the closing: its statuses, statements and appeals.

Plain frozen dataclasses, no SQLAlchemy (like :mod:`lotcheck.ledger.records`), so a caller can
build them without importing the database layer. Money is :class:`~decimal.Decimal`; the ledger
stores it as decimal text and gives it back equal (``Decimal("10.50")`` stays ``10.50``).

A lot is named by ``provider`` and ``lot_number`` (``numeroLote``), as the closing recorded it.
``provider`` None means "whichever provider closed that lot number": the ledger then requires the
number to be closed for exactly one provider and names them all when it is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class LotStatus(StrEnum):
    """Where a closed lot is in the billing cycle, in the order it moves.

    The lot's status is the furthest one it reached (:data:`STATUS_ORDER`), whatever order the
    events were recorded in: a statement loaded before the lot was marked sent still makes it
    ``statement``.
    """

    #: recorded by ``lotcheck ledger close``
    CLOSED = "closed"
    #: delivered to the payer, with the payer's protocol number (``lotcheck ledger send``)
    SENT = "sent"
    #: the payer's statement (demonstrativo) for it was loaded: released, denied, contestable
    STATEMENT = "statement"
    #: an appeal (recurso de glosa) for it was recorded
    APPEALED = "appealed"


#: the statuses from first to last; a lot's status is the furthest it has
STATUS_ORDER: tuple[LotStatus, ...] = tuple(LotStatus)


@dataclass(frozen=True, slots=True)
class LotRef:
    """A lot as the ledger holds it: provider, lot number and the month it was closed in."""

    provider: str
    lot_number: str
    period: str


@dataclass(frozen=True, slots=True)
class StatusOutcome:
    """What :meth:`~lotcheck.ledger.Ledger.mark_sent` or ``record_appeal`` did.

    ``changed`` is False when the lot already had exactly this event (the same protocol, the
    same appeal number and amount): nothing was written. ``detail`` is the protocol (sent) or
    the appeal number (appealed).
    """

    lot: LotRef
    status: LotStatus
    detail: str
    changed: bool


@dataclass(frozen=True, slots=True)
class StatementLotFigures:
    """One lot's figures in a statement: what the payer released and denied, and what
    lotcheck found contestable (the sum of the reconciliation's contestable amounts)."""

    provider: str | None
    lot_number: str
    protocol: str | None
    released: Decimal
    denied: Decimal
    contestable: Decimal


@dataclass(frozen=True, slots=True)
class StatementRecord:
    """A statement to record: its key (:attr:`lotcheck.statement.types.Statement.key`), the
    file's SHA-256 and path, and its figures per lot (a lot given twice is added up)."""

    key: str
    sha256: str
    path: str
    lots: tuple[StatementLotFigures, ...]


@dataclass(frozen=True, slots=True)
class StatementOutcome:
    """What :meth:`~lotcheck.ledger.Ledger.record_statement` did.

    ``recorded`` is True when this load recorded the statement, False when its key was already
    recorded (``earlier_path`` and ``earlier_sha256`` are then the file recorded first: a
    different digest means the payer sent another file under the same number, and the first
    one stands). ``lots`` are the lots this load gave the ``statement`` status: all the lots
    found when recorded; when already recorded, only lots closed since the first load (normally
    none: a second load of the same statement changes nothing). ``unknown`` are the figures
    whose lot is not closed in the ledger: listed, never silently dropped.
    """

    key: str
    recorded: bool
    lots: tuple[LotRef, ...]
    unknown: tuple[StatementLotFigures, ...]
    earlier_path: str | None = None
    earlier_sha256: str | None = None

    @property
    def already_recorded(self) -> bool:
        return not self.recorded


@dataclass(frozen=True, slots=True)
class AppealRecord:
    """An appeal (recurso de glosa) written for a lot: its number, the amount appealed, and the
    appeal file's SHA-256 and path. Recorded once per lot and number."""

    provider: str | None
    lot_number: str
    protocol: str | None
    number: str
    amount: Decimal
    sha256: str
    path: str


@dataclass(frozen=True, slots=True)
class ReturnRow:
    """One lot of a month's return report (:meth:`~lotcheck.ledger.Ledger.returns`).

    ``sent`` is what the lot billed (None for lots closed before the ledger kept it);
    ``released``, ``denied`` and ``contestable`` add up the statements recorded for the lot
    (None before any), ``appealed`` its appeals (None before any). ``protocol`` is the one the
    lot was sent with, else the one a statement or appeal gave. ``statements`` and ``appeals``
    count what was added up.
    """

    provider: str
    lot_number: str
    status: LotStatus
    protocol: str | None
    sent: Decimal | None
    released: Decimal | None
    denied: Decimal | None
    contestable: Decimal | None
    appealed: Decimal | None
    statements: int = 0
    appeals: int = 0


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal("0.00")) if known else None


@dataclass(frozen=True, slots=True)
class ReturnTotals:
    """The month's totals: each column added over the lots that know it (None when none does);
    ``lots`` counts the rows."""

    lots: int
    sent: Decimal | None
    released: Decimal | None
    denied: Decimal | None
    contestable: Decimal | None
    appealed: Decimal | None

    @classmethod
    def of(cls, rows: Iterable[ReturnRow]) -> ReturnTotals:
        rows = tuple(rows)
        return cls(
            lots=len(rows),
            sent=_sum(r.sent for r in rows),
            released=_sum(r.released for r in rows),
            denied=_sum(r.denied for r in rows),
            contestable=_sum(r.contestable for r in rows),
            appealed=_sum(r.appealed for r in rows),
        )
