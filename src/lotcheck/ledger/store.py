"""The :class:`Ledger`: opening, closing a month, reopening it, listing, finding reuse.

Every method runs the same SQLAlchemy Core statements on SQLite and PostgreSQL; the few
differences (how the write lock is taken, the advisory locks) are marked where they are.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Final, Literal, overload

from sqlalchemy import and_, delete, insert, not_, select, text
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from lotcheck.ledger import backends, schema
from lotcheck.ledger.backends import Target
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

#: Key of the PostgreSQL advisory lock that serializes schema migrations (any constant will do;
#: this one is "lotcheck" in ASCII, truncated to fit a bigint).
_PG_MIGRATION_LOCK: Final = 0x6C6F74636865636B
#: First key of the per-period advisory locks ("lotc"); the second is the month as YYYYMM. Two
#: int4 keys live apart from the one-bigint migration lock.
_PG_PERIOD_LOCK: Final = 0x6C6F7463

# Bound parameters per IN (...) list. SQLite allows 32766 and PostgreSQL 65535 per statement; a
# lot has at most 100 guides, so this only matters for hand-made ClosedLots.
_IN_CHUNK: Final = 500

_PERIOD_CHARS: Final = frozenset("0123456789")


def validate_period(period: str) -> str:
    """``period`` if it is a month written YYYY-MM; :class:`LedgerError` otherwise."""
    ok = (
        isinstance(period, str)
        and len(period) == 7
        and period[4] == "-"
        and set(period[:4] + period[5:]) <= _PERIOD_CHARS
        and 1 <= int(period[5:]) <= 12
    )
    if not ok:
        raise LedgerError("period.invalid", period=period)
    return period


def _clean(value: str | None) -> str | None:
    """Numbers are compared as the payer sees them: surrounding blanks are noise, empty is none."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def _lot_key(lot: ClosedLot) -> tuple[str, str]:
    return (_clean(lot.provider) or "", _clean(lot.lot_number) or "")


class Ledger:
    """Closed lots and their guides, in SQLite or PostgreSQL. Open it with :meth:`open`."""

    def __init__(self, target: Target, *, read_only: bool) -> None:
        # Use Ledger.open(). The engine is None while a read-write SQLite file does not exist
        # yet: it is created by the first write, never by opening.
        self._target = target
        self._read_only = read_only
        self._engine: Engine | None = None
        self._current = False  # the schema is known to be SCHEMA_VERSION
        self._journal_done = False
        self._disposed = False
        # Test seam: called inside the closing transaction after each newly recorded lot, so a
        # test can make the closing fail midway and prove that nothing stays recorded.
        self._after_lot_recorded: Callable[[ClosedLot], None] | None = None

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, url: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Ledger:
        """Open the ledger at ``url``, or raise :class:`LedgerError` saying why it cannot be used.

        ``url`` may be None (the per-user SQLite file, see :func:`default_ledger_path`), a file
        path, ``sqlite:///path``, or ``postgresql://`` / ``postgres://`` (always driven by
        psycopg 3, with the timeouts of the package docstring). The ledger is reached now: a
        server that is down or silent, a file that is not a ledger or one from a newer lotcheck
        fail here, not at the first lookup.

        ``read_only=True`` is what checks use: the database itself refuses writes, nothing is
        created or migrated, and a SQLite file that does not exist is an error. A read-write
        open writes nothing either: the file is created, upgraded and switched to its journal
        mode by the first write (so a closing refused for a bad period leaves it untouched).
        """
        target = backends.resolve_target(url)
        ledger = cls(target, read_only=read_only)
        try:
            ledger._connect()
        except BaseException:
            ledger.dispose()
            raise
        return ledger

    def _connect(self) -> None:
        target = self._target
        if target.backend == "postgresql":
            self._engine = backends.postgresql_engine(target, read_only=self._read_only)
        elif target.sqlite_path is None:
            if self._read_only:
                raise LedgerError("sqlite.memory_read_only")
            self._engine = backends.sqlite_engine(None, read_only=False)
        else:
            path = target.sqlite_path
            if path.exists():
                if not path.is_file():
                    raise LedgerError("sqlite.not_a_file", path=target.location)
                if not self._read_only:
                    self._check_folder(writing_file=True)
                self._engine = backends.sqlite_engine(path, read_only=self._read_only)
            elif self._read_only:
                raise LedgerError("sqlite.missing", path=target.location)
            else:
                self._check_folder(writing_file=False)
                return  # nothing to read yet: version 0, created by the first write
        with self._db_errors("open"), self._read() as conn:
            current = schema.read_version(conn)
        self._check_version(current)

    def _check_folder(self, *, writing_file: bool) -> None:
        """A read-write SQLite ledger needs its folder writable (the journal is made there)."""
        path = self._target.sqlite_path
        assert path is not None
        folder = path.parent
        if not writing_file and not folder.is_dir():
            if not self._target.default:
                raise LedgerError("sqlite.folder_missing", folder=folder, path=path)
            # The per-user folder is created by the first write: the nearest existing
            # ancestor must be a folder we may write in.
            folder = next(p for p in path.parents if p.exists())
            if not folder.is_dir():
                raise LedgerError("sqlite.folder_unwritable", folder=folder, path=path, detail="")
        if not os.access(folder, os.W_OK | os.X_OK) or (
            writing_file and not os.access(path, os.W_OK)
        ):
            raise LedgerError("sqlite.folder_unwritable", folder=folder, path=path, detail="")

    def _check_version(self, current: int) -> None:
        if current > schema.SCHEMA_VERSION:
            raise LedgerError(
                "schema.newer",
                location=self.location,
                found=current,
                known=schema.SCHEMA_VERSION,
            )
        if current < schema.SCHEMA_VERSION and self._read_only:
            raise LedgerError(
                "schema.outdated_read_only",
                location=self.location,
                found=current,
                known=schema.SCHEMA_VERSION,
            )
        self._current = current == schema.SCHEMA_VERSION

    def _ensure_ready(self) -> Engine:
        """The engine, with the file created and the schema current (read-write only)."""
        self._check_usable()
        if self._engine is None:
            path = self._target.sqlite_path
            assert path is not None and not self._read_only
            if self._target.default:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise LedgerError(
                        "sqlite.folder_unwritable",
                        folder=path.parent,
                        path=path,
                        detail=f" ({exc.strerror or exc})",
                    ) from exc
            self._engine = backends.sqlite_engine(path, read_only=False)
        if not self._current:
            with self._db_errors("open"):
                self._migrate(self._engine)
            self._current = True
        return self._engine

    def _existing(self) -> Engine | None:
        """The engine for a read or a reopen; None while the SQLite file does not exist.

        A read-write ledger opened before its file existed picks up a file another process
        created since (and upgrades it like a first write would).
        """
        self._check_usable()
        if self._engine is None:
            path = self._target.sqlite_path
            if path is None or not path.exists():
                return None
            self._engine = backends.sqlite_engine(path, read_only=False)
        return self._ensure_ready()

    def _journal(self, engine: Engine) -> None:
        """SQLite files: the journal mode, once per ledger, before its first write."""
        if not self._journal_done and self._target.sqlite_path is not None:
            backends.use_rollback_journal(engine)
        self._journal_done = True

    def _migrate(self, engine: Engine) -> None:
        """Apply every missing version in ONE transaction (see the package docstring)."""
        self._journal(engine)
        types = schema.DDL_TYPES[self._target.backend]
        with self._write(engine) as conn:
            if self._target.backend == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            # Re-read under the lock: another process may have migrated while we waited.
            current = schema.read_version(conn)
            self._check_version(current)
            for version, steps in schema.MIGRATIONS:
                if version <= current:
                    continue
                for step in steps:
                    conn.exec_driver_sql(step.format(**types))
                schema.record_version(conn, version)

    def dispose(self) -> None:
        """Release the connections. Same as ``close()`` with no arguments."""
        if self._engine is not None:
            self._engine.dispose()
        self._disposed = True

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()

    # -- facts ---------------------------------------------------------------------------

    @property
    def backend(self) -> Literal["sqlite", "postgresql"]:
        """``sqlite`` or ``postgresql``."""
        return self._target.backend

    @property
    def location(self) -> str:
        """The absolute file path or the URL (password masked), for messages."""
        return self._target.location

    @property
    def read_only(self) -> bool:
        """Whether this ledger was opened read-only."""
        return self._read_only

    # -- writing -------------------------------------------------------------------------

    @overload
    def close(self) -> None: ...

    @overload
    def close(self, lots: Sequence[ClosedLot], period: str) -> list[CloseOutcome]: ...

    def close(
        self, lots: Sequence[ClosedLot] | None = None, period: str | None = None
    ) -> list[CloseOutcome] | None:
        """Record ``lots`` as closed in ``period`` (YYYY-MM); with no arguments, release the ledger.

        All lots are recorded in ONE transaction: if it fails midway nothing is recorded. Returns
        a :class:`CloseOutcome` per lot, in the order given: whether this closing recorded it
        and, if not, the period it was already closed in (closed earlier, by a concurrent
        closing, or earlier in ``lots``). Closing the same lot from two processes at once records
        it exactly once and neither fails. Nothing is written (the file not even created) when
        the period or a lot is refused.

        (``close()`` with no arguments is the resource-release method, so ``with Ledger.open()``
        and ``contextlib.closing`` work; the closing of lots needs both arguments.)
        """
        if lots is None and period is None:
            self.dispose()
            return None
        if lots is None or period is None:
            raise TypeError("close() needs both lots and period, or no argument at all")
        return self._close_lots(lots, period)

    def _close_lots(self, lots: Sequence[ClosedLot], period: str) -> list[CloseOutcome]:
        validate_period(period)
        lots = list(lots)
        for lot in lots:
            if not _clean(lot.provider) or not _clean(lot.lot_number):
                raise LedgerError("lot.no_identity", path=display_path(lot.path))
        self._writable()
        if not lots:
            return []
        engine = self._ensure_ready()
        self._journal(engine)
        done: dict[tuple[str, str], CloseOutcome] = {}
        now = datetime.now(UTC)
        # A fixed order for the row locks: two closings sharing lots then wait for each other
        # instead of deadlocking (PostgreSQL); SQLite writers are serialized anyway.
        order = sorted(range(len(lots)), key=lambda i: _lot_key(lots[i]))
        with self._db_errors("close"), self._write(engine) as conn:
            self._lock_period(conn, period)
            closing_stmt = self._insert(schema.closings).values(period=period, closed_at=now)
            # DO UPDATE (a no-op) rather than DO NOTHING: it returns the existing row's id.
            closing_id = conn.execute(
                closing_stmt.on_conflict_do_update(
                    index_elements=[schema.closings.c.period],
                    set_={"period": closing_stmt.excluded.period},
                ).returning(schema.closings.c.id)
            ).scalar_one()
            for index in order:
                lot = lots[index]
                key = _lot_key(lot)
                if key in done:
                    continue
                done[key] = self._record_lot(conn, lot, key, closing_id, period, now)
                if done[key].recorded and self._after_lot_recorded is not None:
                    self._after_lot_recorded(lot)
        # Per position: a repeated lot is "already closed" by its first occurrence (the one
        # sorted() kept first, sorting being stable).
        outcomes: list[CloseOutcome] = []
        seen: set[tuple[str, str]] = set()
        for lot in lots:
            key = _lot_key(lot)
            first = done[key]
            if key not in seen:
                outcomes.append(first)
            else:
                earlier = first.earlier_path
                if first.recorded:
                    earlier = display_path(os.path.abspath(first.lot.path))
                outcomes.append(CloseOutcome(lot, False, first.period, earlier))
            seen.add(key)
        return outcomes

    def _record_lot(
        self,
        conn: Connection,
        lot: ClosedLot,
        key: tuple[str, str],
        closing_id: int,
        period: str,
        now: datetime,
    ) -> CloseOutcome:
        provider, lot_number = key
        path = os.path.abspath(lot.path)
        lots = schema.lots
        # A lot already recorded is found by the insert (ON CONFLICT), then read back for its
        # period. A concurrent reopen may remove it in between: then the insert is tried again.
        for _attempt in range(3):
            lot_id = conn.execute(
                self._insert(lots)
                .values(
                    closing_id=closing_id,
                    provider=provider,
                    lot_number=lot_number,
                    path=display_path(path),
                    raw_path=raw_path(path),
                    sha256=lot.sha256,
                    tiss_version=lot.tiss_version,
                    guide_count=len(lot.guides),
                    closed_at=now,
                )
                .on_conflict_do_nothing(index_elements=[lots.c.provider, lots.c.lot_number])
                .returning(lots.c.id)
            ).scalar_one_or_none()
            if lot_id is not None:
                self._record_guides(conn, lot, provider, lot_id)
                return CloseOutcome(lot, True, period)
            earlier = conn.execute(
                select(schema.closings.c.period, lots.c.path)
                .join(schema.closings, lots.c.closing_id == schema.closings.c.id)
                .where(lots.c.provider == provider, lots.c.lot_number == lot_number)
            ).first()
            if earlier is not None:
                return CloseOutcome(lot, False, earlier.period, earlier.path)
        raise LedgerError(
            "db.close", location=self.location, detail=f"lot {lot_number} kept changing"
        )

    @staticmethod
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
                    "operator_guide_number": _clean(guide.operator_guide_number),
                    "password": _clean(guide.password),
                    "beneficiary": _clean(guide.beneficiary),
                    "guide_type": guide.guide_type,
                }
                for guide in lot.guides
            ],
        )

    def reopen(self, period: str) -> int:
        """Undo the closing of ``period``: forget its lots and guides. Returns how many lots.

        One transaction; reopening a period that is not closed returns 0 (and writes nothing).
        """
        validate_period(period)
        self._writable()
        engine = self._existing()
        if engine is None:  # a SQLite file not created yet: nothing was ever closed
            return 0
        self._journal(engine)
        closings, lots, guides = schema.closings, schema.lots, schema.guides
        with self._db_errors("reopen"), self._write(engine) as conn:
            self._lock_period(conn, period)
            closing_ids = select(closings.c.id).where(closings.c.period == period)
            lot_ids = select(lots.c.id).where(lots.c.closing_id.in_(closing_ids))
            # Explicit deletes, child first: correct even where ON DELETE CASCADE is not enforced
            # (a SQLite connection without PRAGMA foreign_keys).
            conn.execute(delete(guides).where(guides.c.lot_id.in_(lot_ids)))
            removed = conn.execute(delete(lots).where(lots.c.closing_id.in_(closing_ids)))
            conn.execute(delete(closings).where(closings.c.period == period))
            return int(removed.rowcount or 0)

    def _lock_period(self, conn: Connection, period: str) -> None:
        """PostgreSQL: the first lock a closing or reopening of ``period`` takes, in both.

        Without it a reopen (deleting guides, then lots, then the period row) and a closing
        (locking the period row, then inserting lots the reopen is deleting) each waited for
        the other: "deadlock detected" every time. With one lock taken first, the second waits
        for the first to commit. SQLite needs none: BEGIN IMMEDIATE serializes writers.
        """
        if self._target.backend == "postgresql":
            month = int(period[:4] + period[5:])
            conn.execute(
                text("SELECT pg_advisory_xact_lock(:space, :month)"),
                {"space": _PG_PERIOD_LOCK, "month": month},
            )

    # -- reading -------------------------------------------------------------------------

    def list(self, period: str | None = None) -> list[LedgerLot]:
        """The recorded lots, of one period or all, by period, provider and lot number."""
        if period is not None:
            validate_period(period)
        if self._existing() is None:
            return []
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
        with self._db_errors("read"), self._read() as conn:
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

    # builtins.list: inside the class body, after ``def list``, ``list`` names that method.
    def find_reuse(self, lot: ClosedLot) -> builtins.list[Reuse]:
        """Numbers of ``lot`` already closed in ANOTHER lot (never the lot against itself).

        Reports an operator guide number (authorization) or password found in any other lot of
        any provider, and a provider guide number found in another lot of the same provider.
        Ordered by kind (operator_guide, password, guide_number), then as the numbers appear in
        the lot, then by the earlier lot's period and number. Reads only.
        """
        if self._existing() is None:
            return []
        provider, lot_number = _lot_key(lot)
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
                cleaned = _clean(value)
                if cleaned is not None:
                    wanted[kind][cleaned] = None

        guides, lots, closings = schema.guides, schema.lots, schema.closings
        not_this_lot = not_(and_(lots.c.provider == provider, lots.c.lot_number == lot_number))
        columns: dict[ReuseKind, Any] = {
            "operator_guide": guides.c.operator_guide_number,
            "password": guides.c.password,
            "guide_number": guides.c.guide_number,
        }
        found: builtins.list[Reuse] = []
        with self._db_errors("read"), self._read() as conn:
            for kind, value_set in wanted.items():
                values = builtins.list(value_set)
                column = columns[kind]
                hits: dict[str, builtins.list[tuple[str, str, str, str, int]]] = {}
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
                    for period, earlier_lot, path, earlier_provider, _id in sorted(
                        hits.get(value, [])
                    ):
                        found.append(
                            Reuse(kind, value, earlier_lot, period, path, earlier_provider)
                        )
        return found

    # -- plumbing ------------------------------------------------------------------------

    def _insert(self, table: Any) -> Any:
        """The dialect's INSERT, the one that knows ON CONFLICT."""
        if self._target.backend == "postgresql":
            return pg_dialect.insert(table)
        return sqlite_dialect.insert(table)

    def _check_usable(self) -> None:
        if self._disposed:
            raise LedgerError("disposed")

    def _writable(self) -> None:
        self._check_usable()
        if self._read_only:
            raise LedgerError("read_only", location=self.location)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        self._check_usable()
        assert self._engine is not None
        with self._engine.connect() as conn:
            yield conn
            conn.rollback()

    @contextmanager
    def _write(self, engine: Engine) -> Iterator[Connection]:
        with engine.connect() as conn:
            conn.execution_options(lotcheck_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _db_errors(self, action: Literal["open", "close", "reopen", "read"]) -> Iterator[None]:
        """Turn driver errors into a LedgerError that says where and what (no password)."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise self._translate(exc, action) from exc

    def _translate(self, exc: SQLAlchemyError, action: str) -> LedgerError:
        orig = getattr(exc, "orig", None)
        lines = str(orig or exc).strip().splitlines()
        detail = lines[0] if lines else type(exc).__name__
        if self._target.secret:
            detail = detail.replace(self._target.secret, "***")
        location = self.location
        if self._target.backend == "postgresql" and orig is not None:
            import psycopg

            if isinstance(orig, psycopg.errors.ConnectionTimeout):
                seconds = max(self._target.connect_timeout, 2)  # libpq's minimum
                return LedgerError("pg.timeout", location=location, seconds=seconds)
            if getattr(orig, "sqlstate", None) == "57014":  # query_canceled: statement_timeout
                return LedgerError(
                    "db.statement_timeout",
                    location=location,
                    seconds=self._target.statement_timeout,
                    detail=detail,
                )
            if isinstance(orig, psycopg.OperationalError) and orig.sqlstate is None:
                return LedgerError("pg.unreachable", location=location, detail=detail)
        return LedgerError(f"db.{action}", location=location, detail=detail)


def _chunks(values: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
