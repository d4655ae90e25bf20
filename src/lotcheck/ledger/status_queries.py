"""The statements of a lot's status history (schema version 4), each a function of an open
connection; the transaction is the caller's (:mod:`lotcheck.ledger.status_store`).

Locks (PostgreSQL): a status write first takes the advisory lock of every month its lots were
closed in, in month order (:func:`lock_lots`), the same lock a closing and a reopening of that
month take first (:func:`lotcheck.ledger.queries.lock_period`). So a status write and a reopening
of the month never interleave (the reopen removes the lot, or the status is written first and
removed with it), two status writes on the same lots run one after the other (the second sees
the first's rows: "already sent", "already recorded") and, every writer taking its locks in
the same order, none of them can deadlock. SQLite writers are serialized by BEGIN IMMEDIATE.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

import lotcheck.ledger.schema as schema
from lotcheck.ledger.backends import Backend
from lotcheck.ledger.messages import LedgerError
from lotcheck.ledger.queries import _insert, clean, lock_period
from lotcheck.ledger.records import display_path, raw_path
from lotcheck.ledger.status_records import (
    STATUS_ORDER,
    LotRef,
    LotStatus,
    ReturnRow,
    StatementRecord,
)
from lotcheck.ledger.status_tables import lot_statuses, money_text, money_value, statements
from lotcheck.messages import Msg, Verbatim

#: how many times the lots are looked up again when a month changed while its lock was awaited
_LOCK_ROUNDS = 3

#: (provider or None, lot number) as the caller named a lot
Wanted = tuple[str | None, str]


@dataclass(frozen=True, slots=True)
class FoundLot:
    """A lot the ledger has: its row id and how it is named."""

    id: int
    ref: LotRef


def lot_name(provider: str | None, lot_number: str) -> Msg:
    """A lot as a message names it: "1002" or "1002 of provider 123"."""
    if provider is None:
        return Msg("ledger.status.lot_any", {"lot": Verbatim(lot_number)})
    return Msg("ledger.status.lot", {"lot": Verbatim(lot_number), "provider": Verbatim(provider)})


def _find(conn: Connection, wanted: Sequence[Wanted]) -> dict[Wanted, list[FoundLot]]:
    lots, closings = schema.lots, schema.closings
    found: dict[Wanted, list[FoundLot]] = {}
    for provider, lot_number in wanted:
        stmt = (
            select(lots.c.id, lots.c.provider, lots.c.lot_number, closings.c.period)
            .join(closings, lots.c.closing_id == closings.c.id)
            .where(lots.c.lot_number == lot_number)
            .order_by(lots.c.provider)
        )
        if provider is not None:
            stmt = stmt.where(lots.c.provider == provider)
        found[(provider, lot_number)] = [
            FoundLot(int(r.id), LotRef(r.provider, r.lot_number, r.period))
            for r in conn.execute(stmt)
        ]
    return found


def lock_lots(
    conn: Connection, backend: Backend, wanted: Sequence[Wanted]
) -> dict[Wanted, list[FoundLot]]:
    """The closed lots matching each (provider, lot number), their months locked (see the module
    docstring); a provider None matches every provider's lot of that number."""
    found = _find(conn, wanted)
    if backend != "postgresql":
        return found
    locked: set[str] = set()
    for _round in range(_LOCK_ROUNDS):
        periods = {lot.ref.period for hits in found.values() for lot in hits} - locked
        if not periods:
            return found
        for period in sorted(periods):
            lock_period(conn, backend, period)
        locked |= periods
        found = _find(conn, wanted)  # under the locks: what a reopen left
    return found


def one_lot(
    found: list[FoundLot], provider: str | None, lot_number: str, location: str
) -> FoundLot:
    """The one lot meant; :class:`LedgerError` when none is closed or, without a provider, the
    number is closed for several providers (all named)."""
    if not found:
        raise LedgerError(
            "status.not_closed", lot=lot_name(provider, lot_number), location=location
        )
    if len(found) > 1:
        providers = ", ".join(lot.ref.provider for lot in found)
        raise LedgerError("status.ambiguous", lot=lot_number, providers=providers)
    return found[0]


def events(conn: Connection, lot_id: int) -> list[Row[Any]]:
    """The lot's status rows, oldest first."""
    return list(
        conn.execute(
            select(lot_statuses).where(lot_statuses.c.lot_id == lot_id).order_by(lot_statuses.c.id)
        )
    )


def check_protocol(lot: FoundLot, given: str | None, rows: Sequence[Row[Any]]) -> None:
    """A lot has one protocol: ``given`` must be the one it was sent with or a statement or
    appeal gave, when there is one (:class:`LedgerError` naming both otherwise)."""
    if given is None:
        return
    for row in rows:
        if row.protocol is not None and row.protocol != given:
            raise LedgerError(
                "status.protocol_mismatch",
                lot=lot_name(lot.ref.provider, lot.ref.lot_number),
                given=given,
                known=row.protocol,
                status=Msg(f"ledger.status.name.{row.status}"),
            )


def one_protocol(lot: FoundLot, given: Sequence[str | None]) -> str | None:
    """The protocol a statement gives a lot (it may list the lot more than once), or None;
    :class:`LedgerError` when it gives two."""
    protocols = sorted({p for p in (clean(g) for g in given) if p is not None})
    if len(protocols) > 1:
        raise LedgerError(
            "status.protocol_mismatch",
            lot=lot_name(lot.ref.provider, lot.ref.lot_number),
            given=protocols[1],
            known=protocols[0],
            status=Msg("ledger.status.name.statement"),
        )
    return protocols[0] if protocols else None


def add_event(
    conn: Connection,
    backend: Backend,
    lot_id: int,
    status: LotStatus,
    event_key: str,
    now: datetime,
    **values: object,
) -> bool:
    """Record one event of the lot's history; False if it was already there (the unique
    (lot, status, event_key) decides, so a race cannot record it twice)."""
    inserted = conn.execute(
        _insert(backend, lot_statuses)
        .values(lot_id=lot_id, status=status.value, event_key=event_key, recorded_at=now, **values)
        .on_conflict_do_nothing(
            index_elements=[lot_statuses.c.lot_id, lot_statuses.c.status, lot_statuses.c.event_key]
        )
        .returning(lot_statuses.c.id)
    ).scalar_one_or_none()
    return inserted is not None


def record_statement_row(
    conn: Connection, backend: Backend, record: StatementRecord, now: datetime
) -> tuple[int, bool, str | None, str | None]:
    """The statement's row id, whether this load recorded it, and (when it was already
    recorded) the path and digest recorded first."""
    path = os.path.abspath(record.path)
    new_id = conn.execute(
        _insert(backend, statements)
        .values(
            statement_key=record.key,
            sha256=record.sha256,
            path=display_path(path),
            raw_path=raw_path(path),
            loaded_at=now,
        )
        .on_conflict_do_nothing(index_elements=[statements.c.statement_key])
        .returning(statements.c.id)
    ).scalar_one_or_none()
    if new_id is not None:
        return int(new_id), True, None, None
    earlier = conn.execute(
        select(statements.c.id, statements.c.path, statements.c.sha256).where(
            statements.c.statement_key == record.key
        )
    ).one()
    return int(earlier.id), False, earlier.path, earlier.sha256


def _add(total: Decimal | None, text: str | None) -> Decimal | None:
    value = money_value(text)
    if value is None:
        return total
    return value if total is None else total + value


def month_returns(conn: Connection, period: str) -> list[ReturnRow]:
    """Each lot closed in ``period`` with its status, protocol and figures, by provider and lot
    number (see :class:`~lotcheck.ledger.status_records.ReturnRow`)."""
    lots, closings = schema.lots, schema.closings
    lot_ids = (
        select(lots.c.id)
        .join(closings, lots.c.closing_id == closings.c.id)
        .where(closings.c.period == period)
    )
    history: dict[int, list[Row[Any]]] = {}
    for row in conn.execute(
        select(lot_statuses)
        .where(lot_statuses.c.lot_id.in_(lot_ids.scalar_subquery()))
        .order_by(lot_statuses.c.id)
    ):
        history.setdefault(int(row.lot_id), []).append(row)
    out: list[ReturnRow] = []
    for lot in conn.execute(
        select(lots.c.id, lots.c.provider, lots.c.lot_number, lots.c.sent)
        .join(closings, lots.c.closing_id == closings.c.id)
        .where(closings.c.period == period)
        .order_by(lots.c.provider, lots.c.lot_number)
    ):
        out.append(_return_row(lot, history.get(int(lot.id), [])))
    return out


def _return_row(lot: Any, rows: list[Row[Any]]) -> ReturnRow:
    rank = {status.value: index for index, status in enumerate(STATUS_ORDER)}
    reached = max((rank.get(row.status, 0) for row in rows), default=0)
    sent_protocols = [r.protocol for r in rows if r.status == LotStatus.SENT and r.protocol]
    other_protocols = [r.protocol for r in rows if r.protocol]
    protocol = (sent_protocols or other_protocols or [None])[0]
    released = denied = contestable = appealed = None
    statements_count = appeals = 0
    for row in rows:
        if row.status == LotStatus.STATEMENT:
            statements_count += 1
            released = _add(released, row.released)
            denied = _add(denied, row.denied)
            contestable = _add(contestable, row.contestable)
        elif row.status == LotStatus.APPEALED:
            appeals += 1
            appealed = _add(appealed, row.appealed)
    return ReturnRow(
        provider=lot.provider,
        lot_number=lot.lot_number,
        status=STATUS_ORDER[reached],
        protocol=protocol,
        sent=money_value(lot.sent),
        released=released,
        denied=denied,
        contestable=contestable,
        appealed=appealed,
        statements=statements_count,
        appeals=appeals,
    )


def required(value: str | None, key: str) -> str:
    """``value`` cleaned; :class:`LedgerError` ``key`` when it is missing or blank."""
    cleaned = clean(value)
    if cleaned is None:
        raise LedgerError(key)
    return cleaned


__all__ = [
    "FoundLot",
    "add_event",
    "check_protocol",
    "events",
    "lock_lots",
    "lot_name",
    "money_text",
    "month_returns",
    "one_lot",
    "one_protocol",
    "record_statement_row",
    "required",
]
