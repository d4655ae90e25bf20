"""The ledger's tables and their history (migrations, and applying the missing ones); see the
package docstring first.

To change the schema: append ``(N + 1, (...DDL...))`` to :data:`MIGRATIONS` and update the
SQLAlchemy ``Table`` objects below to match the result (a test compares them). Never edit a step
that has shipped: a database in the field has already run it. Steps are plain SQL with
placeholders for the only types the two dialects spell differently (``{pk}``, ``{ref}``,
``{timestamp}``, ``{bytes}``). Version 3 added the roster tables, described (and read and written)
in :mod:`lotcheck.ledger.roster_tables`; version 4 the lots' status history (``lot_statuses``),
the statements loaded (``statements``) and ``lots.sent``, described in
:mod:`lotcheck.ledger.status_tables`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Dialect

#: The schema history, oldest first.
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
    (
        2,
        (
            # From version 2 lots.path is the absolute path, as printable text, and raw_path the
            # name's exact bytes when that text is not the name (not UTF-8, control characters;
            # see lotcheck.ledger.records). Rows of version 1 keep the path as typed, raw NULL.
            "ALTER TABLE lots ADD COLUMN raw_path {bytes}",
        ),
    ),
    (
        3,
        (
            # The roster (issue 13): each import of an eligibility folder is kept whole, by
            # import; the one in force is the newest import with status 'complete' (see
            # lotcheck.ledger.roster_tables). Rows of an import point to it and go with it.
            "CREATE TABLE roster_imports ("
            " id {pk},"
            " imported_at {timestamp} NOT NULL,"
            " source TEXT NOT NULL,"
            " root TEXT NOT NULL,"
            " status TEXT NOT NULL,"
            " agreement_count INTEGER NOT NULL,"
            " beneficiary_count INTEGER NOT NULL,"
            " waiting_count INTEGER NOT NULL,"
            " authorization_count INTEGER NOT NULL)",
            "CREATE INDEX ix_roster_imports_status ON roster_imports (status, id)",
            "CREATE TABLE roster_agreements ("
            " import_id {ref} NOT NULL REFERENCES roster_imports (id) ON DELETE CASCADE,"
            " agreement TEXT NOT NULL,"
            " entity TEXT NOT NULL,"
            " signed DATE NOT NULL,"
            " activated DATE,"
            " rescinded DATE,"
            " servants INTEGER,"
            " threshold TEXT NOT NULL,"
            " window_months INTEGER NOT NULL,"
            " derived BOOLEAN NOT NULL,"
            " source TEXT NOT NULL,"
            " PRIMARY KEY (import_id, agreement))",
            "CREATE TABLE roster_agreement_suspensions ("
            " import_id {ref} NOT NULL,"
            " agreement TEXT NOT NULL,"
            " position INTEGER NOT NULL,"
            " starts DATE NOT NULL,"
            " ends DATE,"
            " PRIMARY KEY (import_id, agreement, position),"
            " FOREIGN KEY (import_id, agreement)"
            " REFERENCES roster_agreements (import_id, agreement) ON DELETE CASCADE)",
            "CREATE TABLE roster_adhesions ("
            " import_id {ref} NOT NULL,"
            " agreement TEXT NOT NULL,"
            " position INTEGER NOT NULL,"
            " day DATE NOT NULL,"
            " adhesions INTEGER NOT NULL,"
            " PRIMARY KEY (import_id, agreement, position),"
            " FOREIGN KEY (import_id, agreement)"
            " REFERENCES roster_agreements (import_id, agreement) ON DELETE CASCADE)",
            # The primary key is the lookup index: a lot's cards within one import.
            "CREATE TABLE roster_beneficiaries ("
            " import_id {ref} NOT NULL REFERENCES roster_imports (id) ON DELETE CASCADE,"
            " card TEXT NOT NULL,"
            " cns TEXT,"
            " agreement TEXT,"
            " plan TEXT,"
            " status TEXT NOT NULL,"
            " requested DATE,"
            " effective DATE,"
            " excluded DATE,"
            " segments TEXT NOT NULL,"
            " card_valid_until DATE,"
            " source TEXT NOT NULL,"
            " PRIMARY KEY (import_id, card))",
            "CREATE TABLE roster_beneficiary_suspensions ("
            " import_id {ref} NOT NULL,"
            " card TEXT NOT NULL,"
            " position INTEGER NOT NULL,"
            " starts DATE NOT NULL,"
            " ends DATE,"
            " PRIMARY KEY (import_id, card, position),"
            " FOREIGN KEY (import_id, card)"
            " REFERENCES roster_beneficiaries (import_id, card) ON DELETE CASCADE)",
            "CREATE TABLE roster_waiting_periods ("
            " import_id {ref} NOT NULL REFERENCES roster_imports (id) ON DELETE CASCADE,"
            " position INTEGER NOT NULL,"
            " plan TEXT NOT NULL,"
            " service_group TEXT NOT NULL,"
            " days INTEGER NOT NULL,"
            " guide_types TEXT NOT NULL,"
            " care_character TEXT NOT NULL,"
            " codes TEXT NOT NULL,"
            " code_ranges TEXT NOT NULL,"
            " source TEXT NOT NULL,"
            " PRIMARY KEY (import_id, position))",
            # The primary key is the lookup index: a lot's authorization numbers in one import.
            "CREATE TABLE roster_authorizations ("
            " import_id {ref} NOT NULL REFERENCES roster_imports (id) ON DELETE CASCADE,"
            " number TEXT NOT NULL,"
            " provider TEXT NOT NULL,"
            " professionals TEXT NOT NULL,"
            " issued DATE,"
            " valid_until DATE,"
            " status TEXT NOT NULL,"
            " source TEXT NOT NULL,"
            " PRIMARY KEY (import_id, number))",
            "CREATE TABLE roster_authorization_items ("
            " import_id {ref} NOT NULL,"
            " number TEXT NOT NULL,"
            " position INTEGER NOT NULL,"
            " code TEXT NOT NULL,"
            " quantity TEXT NOT NULL,"
            " PRIMARY KEY (import_id, number, position),"
            " CONSTRAINT uq_roster_authorization_items_code UNIQUE (import_id, number, code),"
            " FOREIGN KEY (import_id, number)"
            " REFERENCES roster_authorizations (import_id, number) ON DELETE CASCADE)",
        ),
    ),
    (
        4,
        (
            # What the lot billed (the check's totals.sent), a decimal string read back as a
            # Decimal: TEXT keeps it exact and the same on both backends. NULL for the lots
            # closed before version 4.
            "ALTER TABLE lots ADD COLUMN sent TEXT",
            # Each payer statement loaded, once: its key is registroANS:numeroDemonstrativo
            # or sha256:<digest> (lotcheck.statement.types.Statement.key).
            "CREATE TABLE statements ("
            " id {pk},"
            " statement_key TEXT NOT NULL,"
            " sha256 TEXT NOT NULL,"
            " path TEXT NOT NULL,"
            " raw_path {bytes},"
            " loaded_at {timestamp} NOT NULL,"
            " CONSTRAINT uq_statements_key UNIQUE (statement_key))",
            # A closed lot's status history (lotcheck.ledger.status_records.LotStatus), one
            # row per event: closed, sent (protocol), statement (its figures for the lot),
            # appealed (number, amount). event_key makes each event happen once: '' for
            # closed and sent, the statement key, the appeal number. The unique index leads
            # with lot_id, so it is the lookup index too. Money as decimal strings.
            "CREATE TABLE lot_statuses ("
            " id {pk},"
            " lot_id {ref} NOT NULL REFERENCES lots (id) ON DELETE CASCADE,"
            " status TEXT NOT NULL,"
            " event_key TEXT NOT NULL,"
            " recorded_at {timestamp} NOT NULL,"
            " protocol TEXT,"
            " statement_id {ref} REFERENCES statements (id),"
            " released TEXT,"
            " denied TEXT,"
            " contestable TEXT,"
            " appealed TEXT,"
            " sha256 TEXT,"
            " path TEXT,"
            " CONSTRAINT uq_lot_statuses_event UNIQUE (lot_id, status, event_key))",
            # The lots closed before version 4 were closed: their history starts there too.
            "INSERT INTO lot_statuses (lot_id, status, event_key, recorded_at)"
            " SELECT id, 'closed', '', closed_at FROM lots",
        ),
    ),
)

#: The version this code reads and writes.
SCHEMA_VERSION: Final = MIGRATIONS[-1][0]

#: How each dialect spells the types the migration steps leave as placeholders.
DDL_TYPES: Final[dict[str, dict[str, str]]] = {
    "sqlite": {
        # AUTOINCREMENT: ids are never reused after a reopen, so an id in an old report stays
        # unambiguous.
        "pk": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "ref": "INTEGER",
        "timestamp": "TIMESTAMP",
        "bytes": "BLOB",
    },
    "postgresql": {
        "pk": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        "ref": "BIGINT",
        "timestamp": "TIMESTAMP WITH TIME ZONE",
        "bytes": "BYTEA",
    },
}


class UTCDateTime(TypeDecorator[datetime]):
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


# The tables as the queries see them. They must describe the schema MIGRATIONS produces; they are
# never used to create anything.
metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UTCDateTime, nullable=False),
)

closings = Table(
    "closings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("period", Text, nullable=False),
    Column("closed_at", UTCDateTime, nullable=False),
    UniqueConstraint("period", name="uq_closings_period"),
)

lots = Table(
    "lots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("closing_id", Integer, ForeignKey("closings.id", ondelete="CASCADE"), nullable=False),
    Column("provider", Text, nullable=False),
    Column("lot_number", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("tiss_version", Text),
    Column("guide_count", Integer, nullable=False),
    Column("closed_at", UTCDateTime, nullable=False),
    Column("raw_path", LargeBinary),
    Column("sent", Text),
    UniqueConstraint("provider", "lot_number", name="uq_lots_provider_lot_number"),
)

guides = Table(
    "guides",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lot_id", Integer, ForeignKey("lots.id", ondelete="CASCADE"), nullable=False),
    Column("provider", Text, nullable=False),
    Column("guide_number", Text, nullable=False),
    Column("operator_guide_number", Text),
    Column("password", Text),
    Column("beneficiary", Text),
    Column("guide_type", Text, nullable=False),
)


def read_version(conn: Connection) -> int:
    """The newest applied version; 0 for a database without the ledger's tables."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    newest = select(schema_version.c.version).order_by(schema_version.c.version.desc())
    version = conn.execute(newest.limit(1)).scalar()
    return int(version or 0)


def record_version(conn: Connection, version: int) -> None:
    conn.execute(schema_version.insert().values(version=version, applied_at=datetime.now(UTC)))


#: Key of the PostgreSQL advisory lock that serializes schema migrations (any constant will do;
#: this one is "lotcheck" in ASCII, truncated to fit a bigint).
_PG_MIGRATION_LOCK: Final = 0x6C6F74636865636B


def lock_migrations(conn: Connection, backend: str) -> None:
    """PostgreSQL: wait until no other process is upgrading (the lock ends with the transaction).

    SQLite needs nothing here: its writers already hold the write lock (``BEGIN IMMEDIATE``).
    """
    if backend == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})


def migrate(conn: Connection, backend: str, current: int) -> None:
    """Apply and record every version after ``current``, in the caller's transaction."""
    types = DDL_TYPES[backend]
    for version, steps in MIGRATIONS:
        if version <= current:
            continue
        for step in steps:
            conn.exec_driver_sql(step.format(**types))
        record_version(conn, version)
