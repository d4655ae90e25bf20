"""The status tables (schema version 4) as the queries see them, and how money is stored.

They describe what :data:`~lotcheck.ledger.schema.MIGRATIONS` version 4 creates (a test compares
them) and are never used to create anything. Money is stored as TEXT holding the decimal as
written (:func:`money_text`), read back with :func:`money_value`: exact, and the same on SQLite
and PostgreSQL (a NUMERIC column would come back from SQLite as a float-ish value).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, Table, Text, UniqueConstraint

from lotcheck.ledger.schema import UTCDateTime, metadata

statements = Table(
    "statements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("statement_key", Text, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("raw_path", LargeBinary),
    Column("loaded_at", UTCDateTime, nullable=False),
    UniqueConstraint("statement_key", name="uq_statements_key"),
)

lot_statuses = Table(
    "lot_statuses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("lot_id", Integer, ForeignKey("lots.id", ondelete="CASCADE"), nullable=False),
    Column("status", Text, nullable=False),
    Column("event_key", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("protocol", Text),
    Column("statement_id", Integer, ForeignKey("statements.id")),
    Column("released", Text),
    Column("denied", Text),
    Column("contestable", Text),
    Column("appealed", Text),
    Column("sha256", Text),
    Column("path", Text),
    UniqueConstraint("lot_id", "status", "event_key", name="uq_lot_statuses_event"),
)


def money_text(value: Decimal | None) -> str | None:
    """A money value as stored: the decimal as written, never an exponent (``10.50``).

    ``ValueError`` for anything that is not a finite :class:`~decimal.Decimal` (a float would
    already have lost cents; NaN and infinity are no amounts).
    """
    if value is None:
        return None
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"the ledger stores money as a finite Decimal, not {value!r}")
    return f"{value:f}"


def money_value(text: str | None) -> Decimal | None:
    """A stored money value back as the Decimal that was written."""
    return None if text is None else Decimal(text)
