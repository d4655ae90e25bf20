"""The :class:`Ledger`: opening, closing a month, reopening it, listing, finding reuse.

This module owns the life cycle (what an open checks, when the file is created, upgraded and
switched to its journal mode) and the transactions; the statements are in
:mod:`lotcheck.ledger.queries`, the connection set-up in :mod:`lotcheck.ledger.backends`.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Literal, overload

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

import lotcheck.ledger.backends as backends
import lotcheck.ledger.queries as queries
import lotcheck.ledger.schema as schema
from lotcheck.ledger.backends import Target
from lotcheck.ledger.messages import LedgerError
from lotcheck.ledger.queries import validate_period
from lotcheck.ledger.records import ClosedLot, CloseOutcome, LedgerLot, Reuse, display_path
from lotcheck.ledger.status_store import LedgerStatuses


class Ledger(LedgerStatuses):
    """Closed lots and their guides, in SQLite or PostgreSQL. Open it with :meth:`open`.

    The lots' life after the closing (sent, statement, appealed; the month's return report) is
    :class:`~lotcheck.ledger.status_store.LedgerStatuses`.
    """

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
        try:
            with self._db_errors("open"), self._read() as conn:
                current = schema.read_version(conn)
        except LedgerError:
            self._explain_interrupted()
            raise
        self._check_version(current)

    def _explain_interrupted(self) -> None:
        """A read-only open of a file a killed closing left with its journal: say so.

        SQLite must roll that journal back before anyone reads, and a read-only connection may
        not; the next read-write open (a closing, a reopening) does it.
        """
        path = self._target.sqlite_path
        if self._read_only and path is not None:
            journal = path.with_name(path.name + "-journal")
            if journal.exists():
                raise LedgerError("sqlite.interrupted", path=path, journal=journal)

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
        with self._write(engine) as conn:
            schema.lock_migrations(conn, self._target.backend)
            # Re-read under the lock: another process may have migrated while we waited.
            current = schema.read_version(conn)
            self._check_version(current)
            schema.migrate(conn, self._target.backend, current)

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
            if not queries.clean(lot.provider) or not queries.clean(lot.lot_number):
                raise LedgerError("lot.no_identity", path=display_path(lot.path))
        self._writable()
        if not lots:
            return []
        engine = self._ensure_ready()
        self._journal(engine)
        backend = self._target.backend
        done: dict[tuple[str, str], CloseOutcome] = {}
        now = datetime.now(UTC)
        # A fixed order for the row locks: two closings sharing lots then wait for each other
        # instead of deadlocking (PostgreSQL); SQLite writers are serialized anyway.
        order = sorted(range(len(lots)), key=lambda i: queries.lot_key(lots[i]))
        with self._db_errors("close"), self._write(engine) as conn:
            queries.lock_period(conn, backend, period)
            closing = queries.closing_id(conn, backend, period, now)
            for index in order:
                lot = lots[index]
                key = queries.lot_key(lot)
                if key in done:
                    continue
                done[key] = self._record(conn, lot, closing, period, now)
                if done[key].recorded and self._after_lot_recorded is not None:
                    self._after_lot_recorded(lot)
        # Per position: a repeated lot is "already closed" by its first occurrence (the one
        # sorted() kept first, sorting being stable).
        outcomes: list[CloseOutcome] = []
        seen: set[tuple[str, str]] = set()
        for lot in lots:
            key = queries.lot_key(lot)
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

    def _record(
        self, conn: Connection, lot: ClosedLot, closing: int, period: str, now: datetime
    ) -> CloseOutcome:
        # A concurrent reopen may remove an already-recorded lot between the insert that found
        # it and the read of its period: then the insert is simply tried again.
        for _attempt in range(3):
            outcome = queries.record_lot(conn, self._target.backend, lot, closing, period, now)
            if outcome is not None:
                return outcome
        raise LedgerError("db.close_changing", location=self.location, lot=lot.lot_number)

    def reopen(self, period: str) -> int:
        """Undo the closing of ``period``: forget its lots, guides and the lots' status history
        (sent, statements, appeals). Returns how many lots.

        One transaction; reopening a period that is not closed returns 0 (and writes nothing).
        """
        validate_period(period)
        self._writable()
        engine = self._existing()
        if engine is None:  # a SQLite file not created yet: nothing was ever closed
            return 0
        self._journal(engine)
        with self._db_errors("reopen"), self._write(engine) as conn:
            queries.lock_period(conn, self._target.backend, period)
            return queries.delete_period(conn, period)

    # -- reading -------------------------------------------------------------------------

    def list(self, period: str | None = None) -> list[LedgerLot]:
        """The recorded lots, of one period or all, by period, provider and lot number."""
        if period is not None:
            validate_period(period)
        if self._existing() is None:
            return []
        with self._db_errors("read"), self._read() as conn:
            return queries.list_lots(conn, period)

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
        with self._db_errors("read"), self._read() as conn:
            return queries.find_reuse(conn, lot)

    # -- plumbing ------------------------------------------------------------------------

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
    def _db_errors(
        self, action: Literal["open", "close", "reopen", "read", "import", "status"]
    ) -> Iterator[None]:
        """Turn driver errors into a LedgerError that says where and what (no password)."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise backends.translate_error(self._target, exc, action) from exc
