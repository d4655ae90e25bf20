"""Importing an eligibility folder into the ledger's database: :func:`import_roster`.

One transaction, under the roster's write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL
advisory lock), so two imports at once run one after the other. The import's row is written
first with status ``loading`` and set to ``complete`` as the last statement: the new roster is
in force from the commit on, and any failure before it (a duplicate card, a full disk, a lost
connection, Ctrl-C) rolls everything back and leaves the previous import in force.

A state institute's roster has about a million beneficiaries, so rows do not go through
SQLAlchemy's per-row processing (twice as slow on SQLite, measured): they are written with the
driver's own bulk path on the transaction's connection, ``executemany`` in batches on SQLite
and ``COPY ... FROM STDIN`` (psycopg 3, the only PostgreSQL driver the ledger uses) in batches
on PostgreSQL, one statement per batch so that none runs into ``statement_timeout``. Values are
encoded as :mod:`lotcheck.ledger.roster_tables` says.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import func, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

import lotcheck.ledger.roster_tables as tables
from lotcheck.eligibility.types import Eligibility
from lotcheck.ledger.backends import Backend
from lotcheck.ledger.roster_tables import ImportResult, RosterImport
from lotcheck.ledger.store import Ledger

#: rows per executemany (SQLite) and per COPY statement (PostgreSQL)
SQLITE_BATCH: Final = 10_000
PG_BATCH: Final = 50_000

#: First key of the roster's PostgreSQL advisory lock ("lotr"); apart from the others.
_PG_ROSTER_LOCK: Final = 0x6C6F7472

#: ``progress(done, total)``: rows written so far, of all the import's rows
Progress = Callable[[int, int], None]


def import_roster(
    url_or_ledger: str | os.PathLike[str] | Ledger | None,
    eligibility: Eligibility,
    *,
    source: str,
    now: datetime,
    progress: Progress | None = None,
) -> ImportResult:
    """Record ``eligibility`` as a new import of the roster and put it in force.

    ``url_or_ledger`` is an open read-write :class:`Ledger` (left open) or what
    :meth:`Ledger.open` takes (opened and released here). ``source`` is what the user named
    (the folder) and ``now`` the import's time (timezone-aware). ``progress`` is called after
    every batch, inside the transaction (so an exception it raises aborts the import).

    Raises :class:`~lotcheck.ledger.LedgerError` when the database refuses (a card or an
    authorization number twice, a lock that never came): nothing is recorded then, and the
    previous import stays in force. Any other exception rolls back the same way.
    """
    if now.tzinfo is None:
        raise ValueError("import_roster needs a timezone-aware now")
    if isinstance(url_or_ledger, Ledger):
        return _import(url_or_ledger, eligibility, source, now, progress)
    with Ledger.open(url_or_ledger) as ledger:
        return _import(ledger, eligibility, source, now, progress)


def _import(
    ledger: Ledger,
    eligibility: Eligibility,
    source: str,
    now: datetime,
    progress: Progress | None,
) -> ImportResult:
    ledger._writable()
    engine = ledger._ensure_ready()
    ledger._journal(engine)
    backend = ledger.backend
    counts = {
        "agreement_count": len(eligibility.agreements),
        "beneficiary_count": len(eligibility.beneficiaries),
        "waiting_count": sum(len(periods) for periods in eligibility.waiting.values()),
        "authorization_count": len(eligibility.authorizations),
    }
    total = _row_total(eligibility, counts)
    started = time.perf_counter()
    with ledger._db_errors("import"), ledger._write(engine) as conn:
        if backend == "postgresql":
            conn.execute(
                text("SELECT pg_advisory_xact_lock(:space, 0)"), {"space": _PG_ROSTER_LOCK}
            )
        replaced = in_force_row(conn)
        imports = tables.roster_imports
        import_id = int(
            conn.execute(
                imports.insert()
                .values(
                    imported_at=now,
                    source=source,
                    root=eligibility.root,
                    status=tables.LOADING,
                    **counts,
                )
                .returning(imports.c.id)
            ).scalar_one()
        )
        writer = _Writer(conn, backend, total, progress)
        _write_all(writer, import_id, eligibility)
        conn.execute(
            update(imports).where(imports.c.id == import_id).values(status=tables.COMPLETE)
        )
        row = conn.execute(select(imports).where(imports.c.id == import_id)).one()
    if backend == "postgresql":
        _analyze(ledger)
    imported = record(row, in_force=True)
    previous = None if replaced is None else record(replaced, in_force=False)
    return ImportResult(imported, previous, time.perf_counter() - started)


def _analyze(ledger: Ledger) -> None:
    """PostgreSQL: refresh the planner's statistics of the roster tables, after the commit.

    Right after a million rows arrive the statistics still describe the table before them, and
    the planner reads a lot's 500 cards by scanning the whole import (measured: 70 ms per query
    instead of 2 ms) until autovacuum gets to it. A database user not allowed to ANALYZE only
    waits for autovacuum: the import itself is committed and correct, so this is never an error.
    """
    names = ", ".join(table.name for table in tables.ROSTER_TABLES)
    try:
        with ledger._write(ledger._ensure_ready()) as conn:
            conn.exec_driver_sql(f"ANALYZE {names}")
    except SQLAlchemyError:
        pass


def in_force_row(conn: Connection) -> Any:
    """The ``roster_imports`` row in force (the newest complete one), or None."""
    imports = tables.roster_imports
    newest = (
        select(func.max(imports.c.id)).where(imports.c.status == tables.COMPLETE).scalar_subquery()
    )
    return conn.execute(select(imports).where(imports.c.id == newest)).first()


def record(row: Any, *, in_force: bool) -> RosterImport:
    """A ``roster_imports`` row as a :class:`RosterImport`."""
    return RosterImport(
        id=int(row.id),
        imported_at=row.imported_at,
        source=row.source,
        root=row.root,
        status=row.status,
        agreements=int(row.agreement_count),
        beneficiaries=int(row.beneficiary_count),
        waiting_periods=int(row.waiting_count),
        authorizations=int(row.authorization_count),
        in_force=in_force,
    )


def _row_total(eligibility: Eligibility, counts: dict[str, int]) -> int:
    agreements = eligibility.agreements.values()
    return (
        sum(counts.values())
        + sum(len(a.suspensions) + len(a.adhesions) for a in agreements)
        + sum(len(b.suspensions) for b in eligibility.beneficiaries.values())
        + sum(len(a.items) for a in eligibility.authorizations.values())
    )


def _write_all(writer: _Writer, import_id: int, eligibility: Eligibility) -> None:
    """Every table's rows, parents first (the foreign keys are checked as rows arrive)."""
    d = writer.day
    agreements = list(eligibility.agreements.values())
    writer.rows(
        tables.roster_agreements,
        (
            (
                import_id,
                a.id,
                a.entity,
                d(a.signed),
                d(a.activated),
                d(a.rescinded),
                a.servants,
                str(a.threshold),
                a.window_months,
                a.derived,
                a.source,
            )
            for a in agreements
        ),
    )
    writer.rows(
        tables.roster_agreement_suspensions,
        (
            (import_id, a.id, position, d(start), d(end))
            for a in agreements
            for position, (start, end) in enumerate(a.suspensions)
        ),
    )
    writer.rows(
        tables.roster_adhesions,
        (
            (import_id, a.id, position, d(day), count)
            for a in agreements
            for position, (day, count) in enumerate(a.adhesions)
        ),
    )
    segments = _Memo(tables.strings)  # a few distinct sets among a million cards
    beneficiaries = eligibility.beneficiaries.values()
    writer.rows(
        tables.roster_beneficiaries,
        (
            (
                import_id,
                b.card,
                b.cns,
                b.agreement,
                b.plan,
                b.status.value,
                d(b.requested),
                d(b.effective),
                d(b.excluded),
                segments(b.segments),
                d(b.card_valid_until),
                b.source,
            )
            for b in beneficiaries
        ),
    )
    writer.rows(
        tables.roster_beneficiary_suspensions,
        (
            (import_id, b.card, position, d(start), d(end))
            for b in beneficiaries
            if b.suspensions
            for position, (start, end) in enumerate(b.suspensions)
        ),
    )
    periods = (period for plan in eligibility.waiting.values() for period in plan)
    writer.rows(
        tables.roster_waiting_periods,
        (
            (
                import_id,
                position,
                w.plan,
                w.group,
                w.days,
                tables.strings(w.guide_types),
                w.character.value,
                tables.strings(w.codes),
                tables.pairs(w.ranges),
                w.source,
            )
            for position, w in enumerate(periods)
        ),
    )
    authorizations = list(eligibility.authorizations.values())
    writer.rows(
        tables.roster_authorizations,
        (
            (
                import_id,
                a.number,
                a.provider,
                tables.strings(a.professionals),
                d(a.issued),
                d(a.valid_until),
                a.status.value,
                a.source,
            )
            for a in authorizations
        ),
    )
    writer.rows(
        tables.roster_authorization_items,
        (
            (import_id, a.number, position, code, str(quantity))
            for a in authorizations
            for position, (code, quantity) in enumerate(a.items.items())
        ),
    )


class _Memo:
    """``encode(value)``, computed once per distinct value."""

    def __init__(self, encode: Callable[[frozenset[str]], str]) -> None:
        self._encode = encode
        self._known: dict[frozenset[str], str] = {}

    def __call__(self, value: frozenset[str]) -> str:
        known = self._known.get(value)
        if known is None:
            known = self._known[value] = self._encode(value)
        return known


def _iso(day: date | None) -> str | None:
    """SQLite has no date type: dates are stored as the ISO text SQLAlchemy's Date reads back."""
    return None if day is None else day.isoformat()


def _same(day: date | None) -> date | None:
    return day


class _Writer:
    """Rows into one table after another, through the driver's bulk path, in batches."""

    def __init__(
        self, conn: Connection, backend: Backend, total: int, progress: Progress | None
    ) -> None:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        self._dbapi: Any = dbapi
        self._backend = backend
        self._total = total
        self._done = 0
        self._progress = progress
        #: how a date is handed to the driver (psycopg adapts dates itself)
        self.day: Callable[[date | None], Any] = _iso if backend == "sqlite" else _same

    def rows(self, table: Any, rows: Iterable[tuple[Any, ...]]) -> None:
        columns = [column.name for column in table.columns]
        size = SQLITE_BATCH if self._backend == "sqlite" else PG_BATCH
        for batch in _batches(rows, size):
            if self._backend == "sqlite":
                self._sqlite(table.name, columns, batch)
            else:
                self._copy(table.name, columns, batch)
            self._done += len(batch)
            if self._progress is not None:
                self._progress(self._done, self._total)

    def _sqlite(self, name: str, columns: list[str], batch: list[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})"
        cursor = self._dbapi.cursor()
        try:
            cursor.executemany(statement, batch)
        except sqlite3.Error as exc:  # as SQLAlchemy would raise it, for the ledger's messages
            raise DBAPIError(statement, None, exc) from exc
        finally:
            cursor.close()

    def _copy(self, name: str, columns: list[str], batch: list[tuple[Any, ...]]) -> None:
        import psycopg

        statement = f"COPY {name} ({', '.join(columns)}) FROM STDIN"
        try:
            with self._dbapi.cursor() as cursor, cursor.copy(statement) as copy:
                for row in batch:
                    copy.write_row(row)
        except psycopg.Error as exc:
            raise DBAPIError(statement, None, exc) from exc


def _batches(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
