"""The :class:`~lotcheck.ledger.Ledger`'s status methods: sent, statement, appeal, the month.

A mixin of :class:`~lotcheck.ledger.store.Ledger` (kept apart so the store stays readable): it
uses the store's life cycle (the file is created and upgraded by the first write, never for a
write that is refused) and transactions. Every method is ONE transaction: a statement load that
fails midway records nothing of it. The statements are :mod:`lotcheck.ledger.status_queries`,
whose docstring says how concurrent writers are serialized.

Rules
-----
* Only a lot closed in the ledger moves: marking a lot that is not closed is a
  :class:`LedgerError` (close it first); naming a lot by number alone (``provider`` None) needs
  the number to be closed for one provider only.
* A lot has one protocol: sending it again with the same protocol changes nothing (the outcome
  says so), with another one is an error, and so is a statement or appeal quoting another one.
* A statement is recorded once, by its key: loading it again reports ``already_recorded`` and
  changes nothing (it only gives its status to lots closed since the first load). Its lots that
  are not closed in the ledger are listed in the outcome, the others get the status.
* An appeal is recorded once per lot and appeal number; the same number with another amount is
  an error.
* Reopening a month (:meth:`Ledger.reopen`) removes its lots' history with them.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from sqlalchemy.engine import Connection, Engine

import lotcheck.ledger.status_queries as sq
from lotcheck.ledger.messages import LedgerError
from lotcheck.ledger.queries import clean, validate_period
from lotcheck.ledger.records import display_path
from lotcheck.ledger.status_records import (
    AppealRecord,
    LotRef,
    LotStatus,
    ReturnRow,
    StatementLotFigures,
    StatementOutcome,
    StatementRecord,
    StatusOutcome,
)

if TYPE_CHECKING:
    from lotcheck.ledger.backends import Target


class LedgerStatuses:
    """The status methods; :class:`~lotcheck.ledger.store.Ledger` provides the plumbing."""

    if TYPE_CHECKING:  # defined by Ledger
        _target: Target

        @property
        def location(self) -> str: ...
        def _writable(self) -> None: ...
        def _ensure_ready(self) -> Engine: ...
        def _existing(self) -> Engine | None: ...
        def _journal(self, engine: Engine) -> None: ...
        def _write(self, engine: Engine) -> AbstractContextManager[Connection]: ...
        def _read(self) -> AbstractContextManager[Connection]: ...
        def _db_errors(self, action: Literal["status", "read"]) -> AbstractContextManager[None]: ...

    @contextmanager
    def _status_write(self, provider: str | None, lot_number: str | None) -> Iterator[Connection]:
        """A write transaction for a status change. A ledger whose SQLite file does not exist
        yet has no closed lot: marking ``lot_number`` is refused without creating the file."""
        self._writable()
        if self._existing() is None and lot_number is not None:
            raise LedgerError(
                "status.not_closed", lot=sq.lot_name(provider, lot_number), location=self.location
            )
        engine = self._ensure_ready()
        self._journal(engine)
        with self._db_errors("status"), self._write(engine) as conn:
            yield conn

    def _one(self, conn: Connection, provider: str | None, lot_number: str) -> sq.FoundLot:
        found = sq.lock_lots(conn, self._target.backend, [(provider, lot_number)])
        return sq.one_lot(found[(provider, lot_number)], provider, lot_number, self.location)

    def mark_sent(self, provider: str | None, lot_number: str, protocol: str) -> StatusOutcome:
        """Record that the closed lot was delivered to the payer under ``protocol``."""
        lot_number = sq.required(lot_number, "status.no_lot_number")
        protocol = sq.required(protocol, "status.no_protocol")
        provider = clean(provider)
        now = datetime.now(UTC)
        with self._status_write(provider, lot_number) as conn:
            lot = self._one(conn, provider, lot_number)
            rows = sq.events(conn, lot.id)
            for row in rows:
                if row.status == LotStatus.SENT and row.protocol == protocol:
                    return StatusOutcome(lot.ref, LotStatus.SENT, protocol, changed=False)
            sq.check_protocol(lot, protocol, rows)
            sq.add_event(
                conn, self._target.backend, lot.id, LotStatus.SENT, "", now, protocol=protocol
            )
        return StatusOutcome(lot.ref, LotStatus.SENT, protocol, changed=True)

    def record_statement(self, record: StatementRecord) -> StatementOutcome:
        """Record the payer's statement and give its lots the ``statement`` status, with their
        released, denied and contestable totals. One transaction (see the module docstring)."""
        key = sq.required(record.key, "status.no_key")
        figures = list(record.lots)
        for fig in figures:
            sq.required(fig.lot_number, "status.no_lot_number")
            for amount in (fig.released, fig.denied, fig.contestable):
                sq.money_text(amount)  # a float or NaN is refused before anything is written
        wanted = [(clean(f.provider), clean(f.lot_number) or "") for f in figures]
        now = datetime.now(UTC)
        backend = self._target.backend
        with self._status_write(None, None) as conn:
            found = sq.lock_lots(conn, backend, wanted)
            by_lot: dict[int, tuple[sq.FoundLot, list[StatementLotFigures]]] = {}
            unknown: list[StatementLotFigures] = []
            for fig, (provider, number) in zip(figures, wanted, strict=True):
                hits = found[(provider, number)]
                if not hits:
                    unknown.append(fig)
                    continue
                lot = sq.one_lot(hits, provider, number, self.location)
                by_lot.setdefault(lot.id, (lot, []))[1].append(fig)
            statement_id, recorded, earlier_path, earlier_sha = sq.record_statement_row(
                conn, backend, record, now
            )
            given: list[LotRef] = []
            for lot_id in sorted(by_lot):
                lot, figs = by_lot[lot_id]
                rows = sq.events(conn, lot_id)
                if any(r.status == LotStatus.STATEMENT and r.event_key == key for r in rows):
                    continue  # this statement's figures are already there
                protocol = sq.one_protocol(lot, [f.protocol for f in figs])
                sq.check_protocol(lot, protocol, rows)
                sq.add_event(
                    conn,
                    backend,
                    lot_id,
                    LotStatus.STATEMENT,
                    key,
                    now,
                    protocol=protocol,
                    statement_id=statement_id,
                    released=sq.money_text(_total(f.released for f in figs)),
                    denied=sq.money_text(_total(f.denied for f in figs)),
                    contestable=sq.money_text(_total(f.contestable for f in figs)),
                    sha256=record.sha256,
                    path=display_path(record.path),
                )
                given.append(lot.ref)
        return StatementOutcome(
            key, recorded, tuple(given), tuple(unknown), earlier_path, earlier_sha
        )

    def record_appeal(self, record: AppealRecord) -> StatusOutcome:
        """Record an appeal written for a closed lot; once per lot and appeal number."""
        lot_number = sq.required(record.lot_number, "status.no_lot_number")
        number = sq.required(record.number, "status.no_appeal_number")
        amount = sq.money_text(record.amount)
        provider, protocol = clean(record.provider), clean(record.protocol)
        now = datetime.now(UTC)
        with self._status_write(provider, lot_number) as conn:
            lot = self._one(conn, provider, lot_number)
            rows = sq.events(conn, lot.id)
            for row in rows:
                if row.status == LotStatus.APPEALED and row.event_key == number:
                    if sq.money_value(row.appealed) == record.amount:
                        return StatusOutcome(lot.ref, LotStatus.APPEALED, number, changed=False)
                    raise LedgerError(
                        "status.appeal_conflict",
                        lot=sq.lot_name(lot.ref.provider, lot.ref.lot_number),
                        number=number,
                        recorded=sq.money_value(row.appealed),
                        given=record.amount,
                    )
            sq.check_protocol(lot, protocol, rows)
            sq.add_event(
                conn,
                self._target.backend,
                lot.id,
                LotStatus.APPEALED,
                number,
                now,
                protocol=protocol,
                appealed=amount,
                sha256=record.sha256,
                path=display_path(record.path),
            )
        return StatusOutcome(lot.ref, LotStatus.APPEALED, number, changed=True)

    def returns(self, period: str) -> builtins.list[ReturnRow]:
        """The month's return report: each lot closed in ``period`` (YYYY-MM) with its status,
        protocol, sent, released, denied, contestable and appealed (None while not known), by
        provider and lot number; :meth:`ReturnTotals.of
        <lotcheck.ledger.status_records.ReturnTotals.of>` adds them up. Reads only."""
        validate_period(period)
        if self._existing() is None:
            return []
        with self._db_errors("read"), self._read() as conn:
            return sq.month_returns(conn, period)


def _total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, Decimal("0.00"))
