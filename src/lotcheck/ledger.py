"""The ledger of closed lots: which authorizations and guide numbers were already billed.

Why it exists
-------------
Payers refuse an authorization (``numeroGuiaOperadora`` / ``senha``) that was already used in an
earlier month, and a provider guide number (``numeroGuiaPrestador``) presented twice (ANS table 38:
1308 "guia já apresentada", 1702 "cobrança em duplicidade"). A single lot cannot show that; only
the history can. So the monthly closing (``lotcheck close``) records every closed lot's guides
here, and later checks (``lotcheck check``) ask :meth:`Ledger.find_reuse` whether a guide of the lot
at hand was already closed in another lot, naming that lot and its period.

The ledger belongs to whoever closes lots: a provider (one SQLite file in the user data folder is
enough) or a payer institute checking thousands of lots from many providers (a PostgreSQL server
shared by its staff). Both backends run the very same SQLAlchemy Core statements; only the
connection set-up differs (see ``_sqlite_engine`` / ``_postgresql_engine``). This module depends
on nothing else in lotcheck: callers turn a parsed lot into a :class:`ClosedLot`.

Guarantees
----------
* A closing is one transaction: if anything fails midway (a crash, a kill, a full disk), nothing
  of it is recorded and the closing can simply be run again.
* A lot (provider + ``numeroLote``) is recorded at most once, even when two processes close it at
  the same moment: the unique constraint on ``lots(provider, lot_number)`` decides, and the insert
  uses ``ON CONFLICT DO NOTHING`` so the loser learns "already recorded" instead of crashing.
  SQLite writers start with ``BEGIN IMMEDIATE`` and wait up to ``SQLITE_BUSY_TIMEOUT_S`` for each
  other (WAL mode, so readers never wait). PostgreSQL writers take the lots in a fixed order, so
  two closings that share lots cannot deadlock.
* ``read_only=True`` (what ``lotcheck check`` uses) is enforced by the database, not by good
  manners: SQLite is opened through a ``file:...?mode=ro`` URI, PostgreSQL sessions are set to
  ``READ ONLY`` transactions. A read-only open never creates, migrates or touches anything; a
  missing SQLite file behaves as an empty ledger.

Schema migrations
-----------------
The schema is described by :data:`MIGRATIONS`, an ordered list of ``(version, DDL steps)``.
Version 0 is an empty database. The ``schema_version`` table (created by version 1) holds one row
per applied version with the time it was applied. A read-write :meth:`Ledger.open` reads the
current version and, when it is behind, applies every missing version's steps and records them,
all in ONE transaction (both SQLite and PostgreSQL have transactional DDL), so a failed migration
leaves the previous version intact. Concurrent opens serialize on the write lock (SQLite
``BEGIN IMMEDIATE``, a PostgreSQL advisory lock) and re-read the version once they hold it, so a
version is applied exactly once.

To change the schema: append ``(N + 1, (...DDL...))`` to :data:`MIGRATIONS` and update the
SQLAlchemy ``Table`` objects below to match the result. Never edit a step that has shipped: a
database in the field has already run it. Steps are plain SQL with three placeholders for the
only types the two dialects spell differently (``{pk}``, ``{ref}``, ``{timestamp}``). A
read-only open of a database whose version is not the latest raises :class:`LedgerError` (it
cannot upgrade it); so does any open of a database written by a newer lotcheck.
"""

from __future__ import annotations

import builtins
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal, overload
from urllib.parse import quote

import platformdirs
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    insert,
    inspect,
    not_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool, StaticPool

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ClosedLot",
    "GuideKey",
    "Ledger",
    "LedgerError",
    "LedgerLot",
    "Reuse",
    "ReuseKind",
    "default_ledger_path",
]

#: How long a SQLite writer waits for another writer before giving up ("database is locked").
#: A closing takes milliseconds; 30 s covers a slow disk and many concurrent closers.
SQLITE_BUSY_TIMEOUT_S: Final = 30.0

#: Key of the PostgreSQL advisory lock that serializes schema migrations (any constant will do;
#: this one is "lotcheck" in ASCII, truncated to fit a bigint).
_PG_MIGRATION_LOCK: Final = 0x6C6F74636865636B

_PERIOD_RE: Final = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# Bound parameters per IN (...) list. SQLite allows 32766 and PostgreSQL 65535 per statement; a
# lot has at most 100 guides, so this only matters for hand-made ClosedLots.
_IN_CHUNK: Final = 500

ReuseKind = Literal["operator_guide", "password", "guide_number"]


class LedgerError(Exception):
    """A ledger problem the user can act on (bad URL or period, outdated schema, read-only...).

    ``str(error)`` is English (logs, bug reports); ``message_pt`` is the same in Portuguese, for
    the CLI to show to the users.
    """

    def __init__(self, message: str, *, message_pt: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_pt = message_pt


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GuideKey:
    """What the ledger keeps of one guide: the numbers a payer uses to spot reuse.

    ``guide_number`` is ``numeroGuiaPrestador``; ``operator_guide_number`` is
    ``numeroGuiaOperadora`` (the authorization number, when the payer issued one); ``password``
    is ``senha``; ``beneficiary`` is ``numeroCarteira``; ``guide_type`` is the guide element
    name (``guiaSP-SADT``, ``guiaConsulta``...).
    """

    guide_number: str
    operator_guide_number: str | None
    password: str | None
    beneficiary: str | None
    guide_type: str


@dataclass(frozen=True, slots=True)
class ClosedLot:
    """A lot being closed (or checked against the ledger).

    ``provider`` is the provider id from the lot header (CNPJ, CPF or código na operadora); with
    ``lot_number`` (``numeroLote``) it identifies the lot. ``sha256`` is the file's digest, kept so
    a report can tell whether the file on disk is still the one that was closed.
    """

    provider: str
    lot_number: str
    path: str
    sha256: str
    tiss_version: str | None
    guides: tuple[GuideKey, ...]


@dataclass(frozen=True, slots=True)
class LedgerLot:
    """A lot recorded in the ledger, as listed by :meth:`Ledger.list`."""

    id: int
    provider: str
    lot_number: str
    path: str
    sha256: str
    period: str
    closed_at: datetime
    guide_count: int


@dataclass(frozen=True, slots=True)
class Reuse:
    """A number of the lot being checked that was already closed in another lot.

    ``kind`` says which number (``operator_guide``, ``password`` or ``guide_number``) and
    ``value`` is the number itself; the ``earlier_*`` fields and ``provider`` name the lot where
    it was closed before, so the user can find the paper authorization.
    """

    kind: str
    value: str
    earlier_lot_number: str
    earlier_period: str
    earlier_path: str
    provider: str


# --------------------------------------------------------------------------------------------
# Schema
# --------------------------------------------------------------------------------------------

#: The schema history, oldest first. See the module docstring before touching it.
MIGRATIONS: Final[tuple[tuple[int, tuple[str, ...]], ...]] = (
    (
        1,
        (
            "CREATE TABLE schema_version ("
            " version INTEGER PRIMARY KEY,"
            " applied_at {timestamp} NOT NULL)",
            # One row per closed month; lots point to it so reopening a month is one delete.
            "CREATE TABLE closings ("
            " id {pk},"
            " period TEXT NOT NULL,"
            " closed_at {timestamp} NOT NULL,"
            " CONSTRAINT uq_closings_period UNIQUE (period))",
            "CREATE TABLE lots ("
            " id {pk},"
            " closing_id {ref} NOT NULL REFERENCES closings (id) ON DELETE CASCADE,"
            " provider TEXT NOT NULL,"
            " lot_number TEXT NOT NULL,"
            " path TEXT NOT NULL,"
            " sha256 TEXT NOT NULL,"
            " tiss_version TEXT,"
            " guide_count INTEGER NOT NULL,"
            " closed_at {timestamp} NOT NULL,"
            " CONSTRAINT uq_lots_provider_lot_number UNIQUE (provider, lot_number))",
            "CREATE INDEX ix_lots_closing_id ON lots (closing_id)",
            # provider is copied from the lot so the (guide_number, provider) lookup is one index.
            "CREATE TABLE guides ("
            " id {pk},"
            " lot_id {ref} NOT NULL REFERENCES lots (id) ON DELETE CASCADE,"
            " provider TEXT NOT NULL,"
            " guide_number TEXT NOT NULL,"
            " operator_guide_number TEXT,"
            " password TEXT,"
            " beneficiary TEXT,"
            " guide_type TEXT NOT NULL)",
            "CREATE INDEX ix_guides_lot_id ON guides (lot_id)",
            "CREATE INDEX ix_guides_operator_guide_number ON guides (operator_guide_number)",
            "CREATE INDEX ix_guides_password ON guides (password)",
            "CREATE INDEX ix_guides_guide_number_provider ON guides (guide_number, provider)",
        ),
    ),
)

#: The version this code reads and writes.
SCHEMA_VERSION: Final = MIGRATIONS[-1][0]

# How each dialect spells the types the migration steps leave as placeholders.
_DDL_TYPES: Final[dict[str, dict[str, str]]] = {
    "sqlite": {
        # AUTOINCREMENT: ids are never reused after a reopen, so an id in an old report stays
        # unambiguous.
        "pk": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "ref": "INTEGER",
        "timestamp": "TIMESTAMP",
    },
    "postgresql": {
        "pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        "ref": "BIGINT",
        "timestamp": "TIMESTAMP WITH TIME ZONE",
    },
}


class _UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends.

    PostgreSQL keeps the offset (timestamptz); SQLite has no datetime type and SQLAlchemy stores
    naive text there, so we store UTC and put the UTC zone back when reading.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the ledger; use an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# The tables as the queries see them. They must describe the schema MIGRATIONS produces (a test
# compares them); they are never used to create anything.
_metadata = MetaData()

_schema_version = Table(
    "schema_version",
    _metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", _UTCDateTime, nullable=False),
)

_closings = Table(
    "closings",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("period", Text, nullable=False),
    Column("closed_at", _UTCDateTime, nullable=False),
    UniqueConstraint("period", name="uq_closings_period"),
)

_lots = Table(
    "lots",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("closing_id", Integer, ForeignKey("closings.id", ondelete="CASCADE"), nullable=False),
    Column("provider", Text, nullable=False),
    Column("lot_number", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("tiss_version", Text),
    Column("guide_count", Integer, nullable=False),
    Column("closed_at", _UTCDateTime, nullable=False),
    UniqueConstraint("provider", "lot_number", name="uq_lots_provider_lot_number"),
)

_guides = Table(
    "guides",
    _metadata,
    Column("id", Integer, primary_key=True),
    Column("lot_id", Integer, ForeignKey("lots.id", ondelete="CASCADE"), nullable=False),
    Column("provider", Text, nullable=False),
    Column("guide_number", Text, nullable=False),
    Column("operator_guide_number", Text),
    Column("password", Text),
    Column("beneficiary", Text),
    Column("guide_type", Text, nullable=False),
)


# --------------------------------------------------------------------------------------------
# Opening: URLs and engines
# --------------------------------------------------------------------------------------------


def default_ledger_path() -> Path:
    """Where the ledger lives when the user names none: one SQLite file per user."""
    return Path(platformdirs.user_data_dir("lotcheck")) / "ledger.sqlite3"


def _validate_period(period: str) -> str:
    if not isinstance(period, str) or not _PERIOD_RE.match(period):
        raise LedgerError(
            f"invalid period {period!r}: expected YYYY-MM (e.g. 2024-03)",
            message_pt=f"Competência inválida {period!r}: use AAAA-MM (por exemplo 2024-03).",
        )
    return period


def _clean(value: str | None) -> str | None:
    """Numbers are compared as the payer sees them: surrounding blanks are noise, empty is none."""
    if value is None:
        return None
    value = value.strip()
    return value or None


@dataclass(frozen=True, slots=True)
class _Target:
    """Where a ledger lives, decided from what the user typed."""

    backend: Literal["sqlite", "postgresql"]
    sqlite_path: Path | None = None  # None with backend sqlite: in memory
    pg_url: str | None = None


def _resolve_target(url: str | os.PathLike[str] | None) -> _Target:
    if url is None:
        return _Target("sqlite", sqlite_path=default_ledger_path())
    raw = os.fspath(url).strip()
    if not raw:
        raise LedgerError("empty ledger URL", message_pt="URL do livro-razão vazia.")
    if "://" not in raw:
        return _Target("sqlite", sqlite_path=Path(raw).expanduser())
    scheme, rest = raw.split("://", 1)
    scheme = scheme.lower()
    if scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        # One driver for every PostgreSQL URL: the code path is tested with psycopg 3 only.
        return _Target("postgresql", pg_url="postgresql+psycopg://" + rest)
    if scheme in ("sqlite", "sqlite+pysqlite"):
        try:
            database = make_url(raw).database
        except ArgumentError as exc:
            raise LedgerError(
                f"cannot parse ledger URL: {exc}",
                message_pt=f"URL do livro-razão inválida: {exc}",
            ) from exc
        if not database or database == ":memory:":
            return _Target("sqlite", sqlite_path=None)
        return _Target("sqlite", sqlite_path=Path(database).expanduser())
    raise LedgerError(
        f"unsupported ledger URL scheme {scheme!r}: use a file path, sqlite:///path or "
        "postgresql://user@host/db",
        message_pt=f"Tipo de URL não suportado {scheme!r}: use um caminho de arquivo, "
        "sqlite:///caminho ou postgresql://usuario@servidor/banco.",
    )


def _sqlite_engine(path: Path | None, *, read_only: bool) -> Engine:
    """A SQLite engine whose transactions we start ourselves.

    pysqlite's own transaction handling starts transactions lazily and always DEFERRED, which
    lets two writers both read and then fail to upgrade with "database is locked". So the driver
    is put in autocommit mode and the ``begin`` listener emits ``BEGIN`` for reads and
    ``BEGIN IMMEDIATE`` for writes (marked with the ``lotcheck_write`` execution option), which
    takes the write lock up front and honours the busy timeout.
    """
    if path is None:
        database = ":memory:"
        url = "sqlite+pysqlite://"
    elif read_only:
        # mode=ro: the database refuses writes and does not create a missing file.
        database = "file:" + quote(str(path.resolve())) + "?mode=ro"
        url = "sqlite+pysqlite:///" + str(path)
    else:
        database = str(path)
        url = "sqlite+pysqlite:///" + str(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            database,
            uri=read_only and path is not None,
            timeout=SQLITE_BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=False,
        )

    # In memory there is one database per connection, so everybody must share one connection.
    poolclass = StaticPool if path is None else QueuePool
    engine = create_engine(url, creator=connect, poolclass=poolclass)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if read_only:
            dbapi_connection.execute("PRAGMA query_only = ON")
        elif path is not None:
            _enable_wal(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("lotcheck_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _enable_wal(dbapi_connection: sqlite3.Connection) -> None:
    """Switch the file to WAL: readers (checks) never block the monthly closing, nor vice versa.

    The mode is stored in the file, so after the first time this is a no-op. But the first
    switch needs an exclusive lock and SQLite answers "database is locked" at once, without the
    busy handler, when another connection is opening the same new file. So retry for as long as
    the busy timeout would have waited.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            dbapi_connection.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _postgresql_engine(url: str, *, read_only: bool) -> Engine:
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, SQLAlchemyError) as exc:
        raise LedgerError(
            f"cannot use ledger URL: {exc}", message_pt=f"URL do livro-razão inválida: {exc}"
        ) from exc

    if read_only:

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: object) -> None:
            # Every transaction of this session is READ ONLY: the server refuses any write.
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            dbapi_connection.commit()

    return engine


def _read_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    newest = select(_schema_version.c.version).order_by(_schema_version.c.version.desc())
    version = conn.execute(newest.limit(1)).scalar()
    return int(version or 0)


def _newer_schema_error(found: int) -> LedgerError:
    return LedgerError(
        f"the ledger has schema version {found}, newer than this lotcheck knows "
        f"({SCHEMA_VERSION}); upgrade lotcheck",
        message_pt=f"O livro-razão está na versão {found} do esquema, mais nova que a que este "
        f"lotcheck conhece ({SCHEMA_VERSION}); atualize o lotcheck.",
    )


# --------------------------------------------------------------------------------------------
# The ledger
# --------------------------------------------------------------------------------------------


class Ledger:
    """Closed lots and their guides, in SQLite or PostgreSQL. Open it with :meth:`open`."""

    def __init__(
        self,
        engine: Engine | None,
        *,
        backend: Literal["sqlite", "postgresql"],
        location: str,
        read_only: bool,
    ) -> None:
        # Use Ledger.open(); engine None means a read-only ledger whose SQLite file does not
        # exist: every lookup answers "nothing closed yet".
        self._engine = engine
        self._backend = backend
        self._location = location
        self._read_only = read_only
        self._disposed = False
        # Test seam: called inside the closing transaction after each newly recorded lot, so a
        # test can make the closing fail midway and prove that nothing stays recorded.
        self._after_lot_recorded: Callable[[ClosedLot], None] | None = None

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, url: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Ledger:
        """Open (and, read-write, create or migrate) the ledger at ``url``.

        ``url`` may be None (the per-user SQLite file, see :func:`default_ledger_path`), a file
        path, ``sqlite:///path``, or ``postgresql://`` / ``postgres://`` (always driven by
        psycopg 3). ``read_only=True`` is what checks use: the database itself refuses writes,
        nothing is created or migrated, and a missing SQLite file reads as an empty ledger.
        """
        target = _resolve_target(url)
        if target.backend == "postgresql":
            assert target.pg_url is not None
            engine = _postgresql_engine(target.pg_url, read_only=read_only)
            location = engine.url.render_as_string(hide_password=True)
        else:
            path = target.sqlite_path
            location = str(path) if path is not None else ":memory:"
            if path is not None:
                if read_only and not path.exists():
                    return cls(None, backend="sqlite", location=location, read_only=True)
                if not read_only:
                    if url is None:
                        path.parent.mkdir(parents=True, exist_ok=True)
                    elif not path.parent.is_dir():
                        raise LedgerError(
                            f"folder {path.parent} does not exist",
                            message_pt=f"A pasta {path.parent} não existe.",
                        )
            elif read_only:
                # A fresh in-memory database is always empty.
                return cls(None, backend="sqlite", location=location, read_only=True)
            engine = _sqlite_engine(path, read_only=read_only)

        ledger = cls(engine, backend=target.backend, location=location, read_only=read_only)
        try:
            ledger._prepare_schema()
        except BaseException:
            engine.dispose()
            raise
        return ledger

    def _prepare_schema(self) -> None:
        with self._db_errors("open"):
            with self._read() as conn:
                current = _read_version(conn)
            if current == SCHEMA_VERSION:
                return
            if current > SCHEMA_VERSION:
                raise _newer_schema_error(current)
            if self._read_only:
                raise LedgerError(
                    f"the ledger at {self._location} has schema version {current}, this lotcheck "
                    f"needs {SCHEMA_VERSION}; open it once read-write (e.g. lotcheck close) to "
                    "create or upgrade it",
                    message_pt=f"O livro-razão em {self._location} está na versão {current} do "
                    f"esquema e este lotcheck precisa da {SCHEMA_VERSION}; abra-o uma vez para "
                    "escrita (por exemplo lotcheck close) para criá-lo ou atualizá-lo.",
                )
            self._migrate()

    def _migrate(self) -> None:
        types = _DDL_TYPES[self._backend]
        with self._write() as conn:
            if self._backend == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                )
            # Re-read under the lock: another process may have migrated while we waited.
            current = _read_version(conn)
            if current > SCHEMA_VERSION:
                raise _newer_schema_error(current)
            for version, steps in MIGRATIONS:
                if version <= current:
                    continue
                for step in steps:
                    conn.exec_driver_sql(step.format(**types))
                conn.execute(
                    insert(_schema_version).values(version=version, applied_at=datetime.now(UTC))
                )

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
        return self._backend

    @property
    def location(self) -> str:
        """The file path or the URL (password hidden), for messages."""
        return self._location

    @property
    def read_only(self) -> bool:
        """Whether this ledger was opened read-only."""
        return self._read_only

    @property
    def exists(self) -> bool:
        """False for a read-only ledger whose SQLite file does not exist (yet)."""
        return self._engine is not None

    # -- writing -------------------------------------------------------------------------

    @overload
    def close(self) -> None: ...

    @overload
    def close(self, lots: Sequence[ClosedLot], period: str) -> list[bool]: ...

    def close(
        self, lots: Sequence[ClosedLot] | None = None, period: str | None = None
    ) -> list[bool] | None:
        """Record ``lots`` as closed in ``period`` (YYYY-MM); with no arguments, release the ledger.

        All lots are recorded in ONE transaction: if it fails midway nothing is recorded. Returns,
        in the order given, whether each lot was newly recorded; False means the same provider +
        lot number was already in the ledger (closed earlier, by a concurrent closing, or earlier
        in ``lots``) and was left as it was. Closing the same lot from two processes at once
        records it exactly once and neither fails.

        (``close()`` with no arguments is the resource-release method, so ``with Ledger.open()``
        and ``contextlib.closing`` work; the closing of lots needs both arguments.)
        """
        if lots is None and period is None:
            self.dispose()
            return None
        if lots is None or period is None:
            raise TypeError("close() needs both lots and period, or no argument at all")
        return self._close_lots(lots, period)

    def _close_lots(self, lots: Sequence[ClosedLot], period: str) -> list[bool]:
        _validate_period(period)
        lots = list(lots)
        for lot in lots:
            if not _clean(lot.provider) or not _clean(lot.lot_number):
                raise LedgerError(
                    f"lot {lot.path!r} has no provider id or lot number; it cannot be closed",
                    message_pt=f"O lote {lot.path!r} não tem identificação do prestador ou "
                    "número do lote; não pode ser fechado.",
                )
        engine = self._writable_engine()
        if not lots:
            return []
        recorded: dict[tuple[str, str], bool] = {}
        now = datetime.now(UTC)
        # A fixed order for the row locks: two closings sharing lots then wait for each other
        # instead of deadlocking (PostgreSQL); SQLite writers are serialized anyway.
        order = sorted(range(len(lots)), key=lambda i: (lots[i].provider, lots[i].lot_number))
        with self._db_errors("close"), self._write(engine) as conn:
            closing_stmt = self._insert(_closings).values(period=period, closed_at=now)
            # DO UPDATE (a no-op) rather than DO NOTHING: it returns the existing row's id and
            # locks it, so a concurrent reopen of the period waits for this closing.
            closing_id = conn.execute(
                closing_stmt.on_conflict_do_update(
                    index_elements=[_closings.c.period],
                    set_={"period": closing_stmt.excluded.period},
                ).returning(_closings.c.id)
            ).scalar_one()
            for index in order:
                lot = lots[index]
                key = (_clean(lot.provider) or "", _clean(lot.lot_number) or "")
                if key in recorded:
                    recorded_now = False
                else:
                    recorded_now = self._record_lot(conn, lot, key, closing_id, now)
                recorded[key] = recorded.get(key, False) or recorded_now
                if recorded_now and self._after_lot_recorded is not None:
                    self._after_lot_recorded(lot)
        # Per position: only the first occurrence of a repeated lot says True.
        answers: list[bool] = []
        seen: set[tuple[str, str]] = set()
        for lot in lots:
            key = (_clean(lot.provider) or "", _clean(lot.lot_number) or "")
            answers.append(recorded[key] and key not in seen)
            seen.add(key)
        return answers

    def _record_lot(
        self,
        conn: Connection,
        lot: ClosedLot,
        key: tuple[str, str],
        closing_id: int,
        now: datetime,
    ) -> bool:
        provider, lot_number = key
        lot_id = conn.execute(
            self._insert(_lots)
            .values(
                closing_id=closing_id,
                provider=provider,
                lot_number=lot_number,
                path=lot.path,
                sha256=lot.sha256,
                tiss_version=lot.tiss_version,
                guide_count=len(lot.guides),
                closed_at=now,
            )
            .on_conflict_do_nothing(index_elements=[_lots.c.provider, _lots.c.lot_number])
            .returning(_lots.c.id)
        ).scalar_one_or_none()
        if lot_id is None:
            return False
        if lot.guides:
            conn.execute(
                insert(_guides),
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
        return True

    def reopen(self, period: str) -> int:
        """Undo the closing of ``period``: forget its lots and guides. Returns how many lots.

        One transaction; reopening a period that is not closed returns 0.
        """
        _validate_period(period)
        engine = self._writable_engine()
        with self._db_errors("reopen"), self._write(engine) as conn:
            closing_ids = select(_closings.c.id).where(_closings.c.period == period)
            lot_ids = select(_lots.c.id).where(_lots.c.closing_id.in_(closing_ids))
            # Explicit deletes, child first: correct even where ON DELETE CASCADE is not enforced
            # (a SQLite connection without PRAGMA foreign_keys).
            conn.execute(delete(_guides).where(_guides.c.lot_id.in_(lot_ids)))
            removed = conn.execute(delete(_lots).where(_lots.c.closing_id.in_(closing_ids)))
            conn.execute(delete(_closings).where(_closings.c.period == period))
            return int(removed.rowcount or 0)

    # -- reading -------------------------------------------------------------------------

    def list(self, period: str | None = None) -> list[LedgerLot]:
        """The recorded lots, of one period or all, by period, provider and lot number."""
        if period is not None:
            _validate_period(period)
        if self._engine is None:
            self._check_usable()
            return []
        stmt = (
            select(
                _lots.c.id,
                _lots.c.provider,
                _lots.c.lot_number,
                _lots.c.path,
                _lots.c.sha256,
                _closings.c.period,
                _lots.c.closed_at,
                _lots.c.guide_count,
            )
            .join(_closings, _lots.c.closing_id == _closings.c.id)
            .order_by(_closings.c.period, _lots.c.provider, _lots.c.lot_number)
        )
        if period is not None:
            stmt = stmt.where(_closings.c.period == period)
        with self._db_errors("list"), self._read() as conn:
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
        if self._engine is None:
            self._check_usable()
            return []
        provider = _clean(lot.provider) or ""
        lot_number = _clean(lot.lot_number) or ""
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

        not_this_lot = not_(and_(_lots.c.provider == provider, _lots.c.lot_number == lot_number))
        columns: dict[ReuseKind, Any] = {
            "operator_guide": _guides.c.operator_guide_number,
            "password": _guides.c.password,
            "guide_number": _guides.c.guide_number,
        }
        found: builtins.list[Reuse] = []
        with self._db_errors("find_reuse"), self._read() as conn:
            for kind, value_set in wanted.items():
                values = list(value_set)
                column = columns[kind]
                hits: dict[str, builtins.list[tuple[str, str, str, str, int]]] = {}
                for chunk in _chunks(values, _IN_CHUNK):
                    stmt = (
                        select(
                            column.label("value"),
                            _lots.c.id,
                            _lots.c.lot_number,
                            _closings.c.period,
                            _lots.c.path,
                            _lots.c.provider,
                        )
                        .distinct()
                        .select_from(_guides)
                        .join(_lots, _guides.c.lot_id == _lots.c.id)
                        .join(_closings, _lots.c.closing_id == _closings.c.id)
                        .where(column.in_(chunk), not_this_lot)
                    )
                    if kind == "guide_number":
                        stmt = stmt.where(_guides.c.provider == provider)
                    for row in conn.execute(stmt):
                        hits.setdefault(row.value, []).append(
                            (row.period, row.lot_number, row.path, row.provider, int(row.id))
                        )
                for value in values:
                    for period, earlier_lot, path, earlier_provider, _id in sorted(
                        hits.get(value, [])
                    ):
                        found.append(
                            Reuse(
                                kind=kind,
                                value=value,
                                earlier_lot_number=earlier_lot,
                                earlier_period=period,
                                earlier_path=path,
                                provider=earlier_provider,
                            )
                        )
        return found

    # -- plumbing ------------------------------------------------------------------------

    def _insert(self, table: Table) -> Any:
        """The dialect's INSERT, the one that knows ON CONFLICT."""
        if self._backend == "postgresql":
            return pg_dialect.insert(table)
        return sqlite_dialect.insert(table)

    def _check_usable(self) -> None:
        if self._disposed:
            raise LedgerError("the ledger was closed", message_pt="O livro-razão já foi fechado.")

    def _writable_engine(self) -> Engine:
        self._check_usable()
        if self._read_only or self._engine is None:
            raise LedgerError(
                f"the ledger at {self._location} was opened read-only",
                message_pt=f"O livro-razão em {self._location} foi aberto somente para leitura.",
            )
        return self._engine

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        self._check_usable()
        assert self._engine is not None
        with self._engine.connect() as conn:
            yield conn
            conn.rollback()

    @contextmanager
    def _write(self, engine: Engine | None = None) -> Iterator[Connection]:
        engine = engine or self._engine
        assert engine is not None
        with engine.connect() as conn:
            conn.execution_options(lotcheck_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _db_errors(self, action: str) -> Iterator[None]:
        """Turn driver errors into a LedgerError that says where and what."""
        try:
            yield
        except SQLAlchemyError as exc:
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise LedgerError(
                f"ledger {action} failed at {self._location}: {detail}",
                message_pt=f"Falha no livro-razão ({action}) em {self._location}: {detail}",
            ) from exc


def _chunks(values: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
