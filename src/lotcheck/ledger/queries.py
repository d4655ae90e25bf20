"""The ledger's statements, each a function of an open connection (transactions: the caller's).

The same SQLAlchemy Core on SQLite and PostgreSQL; ``backend`` only picks the dialect's INSERT
(the one that knows ON CONFLICT) and whether the PostgreSQL advisory locks are taken.
:class:`~lotcheck.ledger.store.Ledger` wraps them in transactions and error messages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import and_, delete, insert, not_, select, text
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection

import lotcheck.ledger.schema as schema
from lotcheck.ledger.backends import Backend
from lotcheck.ledger.messages import LedgerError
from lotcheck.ledger.records import (
    ClosedLot,
    CloseOutcome,
    LedgerLot,
    Reuse,
    ReuseKind,
    display_path,
    raw_path,
)
from lotcheck.ledger.status_tables import lot_statuses, money_text

#: First key of the per-period advisory locks ("lotc"); the second is the month as YYYYMM. Two
#: int4 keys live apart from the one-bigint migration lock.
_PG_PERIOD_LOCK: Final = 0x6C6F7463

# Bound parameters per IN (...) list. SQLite allows 32766 and PostgreSQL 65535 per statement; a
# lot has at most 100 guides, so this only matters for hand-made ClosedLots.
_IN_CHUNK: Final = 500

_DIGITS: Final = frozenset("0123456789")


def validate_period(period: str) -> str:
    """``period`` if it is a month written YYYY-MM; :class:`LedgerError` otherwise."""
    ok = (
        isinstance(period, str)
        and len(period) == 7
        and period[4] == "-"
        and set(period[:4] + period[5:]) <= _DIGITS
        and 1 <= int(period[5:]) <= 12
    )
    if not ok:
        raise LedgerError("period.invalid", period=period)
    return period


def clean(value: str | None) -> str | None:
    """Numbers are compared as the payer sees them: surrounding blanks are noise, empty is none."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def lot_key(lot: ClosedLot) -> tuple[str, str]:
    """What identifies a lot in the ledger: provider and ``numeroLote``, cleaned."""
    return (clean(lot.provider) or "", clean(lot.lot_number) or "")


def _insert(backend: Backend, table: Any) -> Any:
    return pg_dialect.insert(table) if backend == "postgresql" else sqlite_dialect.insert(table)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def lock_period(conn: Connection, backend: Backend, period: str) -> None:
    """PostgreSQL: the first lock a closing or reopening of ``period`` takes, in both.

    Without it a reopen (deleting guides, then lots, then the period row) and a closing
    (locking the period row, then inserting lots the reopen is deleting) each waited for the
    other: "deadlock detected" every time. With one lock taken first, the second waits for the
    first to commit. SQLite needs none: BEGIN IMMEDIATE serializes writers.
    """
    if backend == "postgresql":
        month = int(period[:4] + period[5:])
        conn.execute(
            text("SELECT pg_advisory_xact_lock(:space, :month)"),
            {"space": _PG_PERIOD_LOCK, "month": month},
        )


def closing_id(conn: Connection, backend: Backend, period: str, now: datetime) -> int:
    """The id of ``period``'s closing row, created if needed."""
    closings = schema.closings
    stmt = _insert(backend, closings).values(period=period, closed_at=now)
    # DO UPDATE (a no-op) rather than DO NOTHING: it returns the existing row's id.
    return int(
        conn.execute(
            stmt.on_conflict_do_update(
                index_elements=[closings.c.period], set_={"period": stmt.excluded.period}
            ).returning(closings.c.id)
        ).scalar_one()
    )


def record_lot(
    conn: Connection,
    backend: Backend,
    lot: ClosedLot,
    closing: int,
    period: str,
    now: datetime,
) -> CloseOutcome | None:
    """Record ``lot`` in closing ``closing``, or say in which period it already is.

    The path is recorded absolute, as printable text plus the name's bytes when the text is not
    the name (see :mod:`lotcheck.ledger.records`). A lot already recorded is found by the insert
    (ON CONFLICT), then read back for its period; None if a concurrent reopen removed it in
    between (the caller tries again).
    """
    provider, lot_number = lot_key(lot)
    path = os.path.abspath(lot.path)
    lots = schema.lots
    lot_id = conn.execute(
        _insert(backend, lots)
        .values(
            closing_id=closing,
            provider=provider,
            lot_number=lot_number,
            path=display_path(path),
            raw_path=raw_path(path),
            sha256=lot.sha256,
            tiss_version=lot.tiss_version,
            guide_count=len(lot.guides),
            closed_at=now,
            sent=money_text(lot.sent),
        )
        .on_conflict_do_nothing(index_elements=[lots.c.provider, lots.c.lot_number])
        .returning(lots.c.id)
    ).scalar_one_or_none()
    if lot_id is not None:
        _record_guides(conn, lot, provider, int(lot_id))
        # the first event of the lot's status history (see lotcheck.ledger.status_records)
        conn.execute(
            insert(lot_statuses).values(
                lot_id=int(lot_id), status="closed", event_key="", recorded_at=now
            )
        )
        return CloseOutcome(lot, True, period)
    earlier = conn.execute(
        select(schema.closings.c.period, lots.c.path)
        .join(schema.closings, lots.c.closing_id == schema.closings.c.id)
        .where(lots.c.provider == provider, lots.c.lot_number == lot_number)
    ).first()
    return None if earlier is None else CloseOutcome(lot, False, earlier.period, earlier.path)


def _record_guides(conn: Connection, lot: ClosedLot, provider: str, lot_id: int) -> None:
    if not lot.guides:
        return
    conn.execute(
        insert(schema.guides),
        [
            {
                "lot_id": lot_id,
                "provider": provider,
                "guide_number": (guide.guide_number or "").strip(),
                "operator_guide_number": clean(guide.operator_guide_number),
                "password": clean(guide.password),
                "beneficiary": clean(guide.beneficiary),
                "guide_type": guide.guide_type,
            }
            for guide in lot.guides
        ],
    )


def delete_period(conn: Connection, period: str) -> int:
    """Remove ``period``'s closing, lots, guides and the lots' status history; how many lots.

    The statements loaded stay recorded (they may cover lots of other months); loading one
    again after the month is closed again gives its lots their status back.
    """
    closings, lots, guides = schema.closings, schema.lots, schema.guides
    closing_ids = select(closings.c.id).where(closings.c.period == period)
    lot_ids = select(lots.c.id).where(lots.c.closing_id.in_(closing_ids))
    # Explicit deletes, child first: correct even where ON DELETE CASCADE is not enforced (a
    # SQLite connection without PRAGMA foreign_keys).
    conn.execute(delete(guides).where(guides.c.lot_id.in_(lot_ids)))
    conn.execute(delete(lot_statuses).where(lot_statuses.c.lot_id.in_(lot_ids)))
    removed = conn.execute(delete(lots).where(lots.c.closing_id.in_(closing_ids)))
    conn.execute(delete(closings).where(closings.c.period == period))
    return int(removed.rowcount or 0)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def list_lots(conn: Connection, period: str | None) -> list[LedgerLot]:
    """The recorded lots, of one period or all, by period, provider and lot number."""
    lots, closings = schema.lots, schema.closings
    stmt = (
        select(
            lots.c.id,
            lots.c.provider,
            lots.c.lot_number,
            lots.c.path,
            lots.c.raw_path,
            lots.c.sha256,
            closings.c.period,
            lots.c.closed_at,
            lots.c.guide_count,
        )
        .join(closings, lots.c.closing_id == closings.c.id)
        .order_by(closings.c.period, lots.c.provider, lots.c.lot_number)
    )
    if period is not None:
        stmt = stmt.where(closings.c.period == period)
    return [
        LedgerLot(
            id=int(row.id),
            provider=row.provider,
            lot_number=row.lot_number,
            path=row.path,
            sha256=row.sha256,
            period=row.period,
            closed_at=row.closed_at,
            guide_count=int(row.guide_count),
            raw_path=bytes(row.raw_path) if row.raw_path is not None else None,
        )
        for row in conn.execute(stmt)
    ]


def find_reuse(conn: Connection, lot: ClosedLot) -> list[Reuse]:
    """See :meth:`Ledger.find_reuse <lotcheck.ledger.store.Ledger.find_reuse>`."""
    provider, lot_number = lot_key(lot)
    # dicts as ordered sets: each number once, in the order the lot has it.
    wanted: dict[ReuseKind, dict[str, None]] = {
        "operator_guide": {},
        "password": {},
        "guide_number": {},
    }
    for guide in lot.guides:
        numbers: tuple[tuple[ReuseKind, str | None], ...] = (
            ("operator_guide", guide.operator_guide_number),
            ("password", guide.password),
            ("guide_number", guide.guide_number),
        )
        for kind, value in numbers:
            cleaned = clean(value)
            if cleaned is not None:
                wanted[kind][cleaned] = None

    guides, lots, closings = schema.guides, schema.lots, schema.closings
    not_this_lot = not_(and_(lots.c.provider == provider, lots.c.lot_number == lot_number))
    columns: dict[ReuseKind, Any] = {
        "operator_guide": guides.c.operator_guide_number,
        "password": guides.c.password,
        "guide_number": guides.c.guide_number,
    }
    found: list[Reuse] = []
    for kind, value_set in wanted.items():
        values = list(value_set)
        column = columns[kind]
        hits: dict[str, list[tuple[str, str, str, str, int]]] = {}
        for chunk in _chunks(values, _IN_CHUNK):
            stmt = (
                select(
                    column.label("value"),
                    lots.c.id,
                    lots.c.lot_number,
                    closings.c.period,
                    lots.c.path,
                    lots.c.provider,
                )
                .distinct()
                .select_from(guides)
                .join(lots, guides.c.lot_id == lots.c.id)
                .join(closings, lots.c.closing_id == closings.c.id)
                .where(column.in_(chunk), not_this_lot)
            )
            if kind == "guide_number":
                stmt = stmt.where(guides.c.provider == provider)
            for row in conn.execute(stmt):
                hits.setdefault(row.value, []).append(
                    (row.period, row.lot_number, row.path, row.provider, int(row.id))
                )
        for value in values:
            for period, earlier_lot, path, earlier_provider, _id in sorted(hits.get(value, [])):
                found.append(Reuse(kind, value, earlier_lot, period, path, earlier_provider))
    return found


def _chunks(values: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
