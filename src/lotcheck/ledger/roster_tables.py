"""The roster's tables (schema version 3), what an import is, and how values are stored.

The roster is an eligibility folder (:class:`~lotcheck.eligibility.types.Eligibility`) kept in
the ledger's database, so the staff of an institute who share one PostgreSQL server check lots
against one roster. Every import is kept whole, rows pointing to their ``roster_imports`` row:

* the one **in force** is the newest import (highest id) whose status is ``complete``. Ids are
  allocated under the roster's write lock, so they follow the order in which imports were
  committed; ``imported_at`` is what ``roster list`` shows;
* an import is written in ONE transaction and marked ``complete`` as its last statement, so
  until it commits nobody sees it, and if it fails nothing of it remains;
* earlier imports stay (``roster list`` shows them), so a check can be re-run later against
  the roster that was in force then.

Values are stored so that reading them back gives equal dataclasses: dates as DATE, decimals
(``threshold``, item quantities) as TEXT written by ``str(Decimal)`` (exact, exponent kept),
enums by value, sets and tuples of strings as JSON arrays (sorted for sets), and every tuple
whose order matters (suspensions, adhesions, waiting periods, authorization items) with a
``position``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKeyConstraint,
    Integer,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
)

from lotcheck.ledger.schema import UTCDateTime, metadata

#: ``roster_imports.status`` while the import's transaction runs (never seen by anyone else)
LOADING: Final = "loading"
#: ``roster_imports.status`` once everything was written (set as the transaction's last write)
COMPLETE: Final = "complete"


@dataclass(frozen=True, slots=True)
class RosterImport:
    """One import of the roster, as ``roster list`` shows it.

    ``source`` is what the importer named (the folder), ``root`` the loaded folder as
    :class:`~lotcheck.eligibility.types.Eligibility` holds it; the counts are the rows of each
    table; ``in_force`` whether this is the import checks read now.
    """

    id: int
    imported_at: datetime
    source: str
    root: str
    status: str
    agreements: int
    beneficiaries: int
    waiting_periods: int
    authorizations: int
    in_force: bool = False


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What :func:`~lotcheck.ledger.roster_import.import_roster` recorded: the new import (now
    in force), the one it replaced (None for the first), and how long the writing took."""

    imported: RosterImport
    replaced: RosterImport | None
    seconds: float


def _ref() -> Column[int]:
    return Column("import_id", Integer, nullable=False)


roster_imports = Table(
    "roster_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("imported_at", UTCDateTime, nullable=False),
    Column("source", Text, nullable=False),
    Column("root", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("agreement_count", Integer, nullable=False),
    Column("beneficiary_count", Integer, nullable=False),
    Column("waiting_count", Integer, nullable=False),
    Column("authorization_count", Integer, nullable=False),
)

roster_agreements = Table(
    "roster_agreements",
    metadata,
    _ref(),
    Column("agreement", Text, nullable=False),
    Column("entity", Text, nullable=False),
    Column("signed", Date, nullable=False),
    Column("activated", Date),
    Column("rescinded", Date),
    Column("servants", Integer),
    Column("threshold", Text, nullable=False),
    Column("window_months", Integer, nullable=False),
    Column("derived", Boolean, nullable=False),
    Column("source", Text, nullable=False),
    PrimaryKeyConstraint("import_id", "agreement"),
    ForeignKeyConstraint(["import_id"], ["roster_imports.id"], ondelete="CASCADE"),
)


def _periods(name: str, owner: str, parent: str) -> Table:
    return Table(
        name,
        metadata,
        _ref(),
        Column(owner, Text, nullable=False),
        Column("position", Integer, nullable=False),
        Column("starts", Date, nullable=False),
        Column("ends", Date),
        PrimaryKeyConstraint("import_id", owner, "position"),
        ForeignKeyConstraint(
            ["import_id", owner], [f"{parent}.import_id", f"{parent}.{owner}"], ondelete="CASCADE"
        ),
    )


roster_agreement_suspensions = _periods(
    "roster_agreement_suspensions", "agreement", "roster_agreements"
)

roster_adhesions = Table(
    "roster_adhesions",
    metadata,
    _ref(),
    Column("agreement", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("day", Date, nullable=False),
    Column("adhesions", Integer, nullable=False),
    PrimaryKeyConstraint("import_id", "agreement", "position"),
    ForeignKeyConstraint(
        ["import_id", "agreement"],
        ["roster_agreements.import_id", "roster_agreements.agreement"],
        ondelete="CASCADE",
    ),
)

roster_beneficiaries = Table(
    "roster_beneficiaries",
    metadata,
    _ref(),
    Column("card", Text, nullable=False),
    Column("cns", Text),
    Column("agreement", Text),
    Column("plan", Text),
    Column("status", Text, nullable=False),
    Column("requested", Date),
    Column("effective", Date),
    Column("excluded", Date),
    Column("segments", Text, nullable=False),
    Column("card_valid_until", Date),
    Column("source", Text, nullable=False),
    PrimaryKeyConstraint("import_id", "card"),
    ForeignKeyConstraint(["import_id"], ["roster_imports.id"], ondelete="CASCADE"),
)

roster_beneficiary_suspensions = _periods(
    "roster_beneficiary_suspensions", "card", "roster_beneficiaries"
)

roster_waiting_periods = Table(
    "roster_waiting_periods",
    metadata,
    _ref(),
    Column("position", Integer, nullable=False),
    Column("plan", Text, nullable=False),
    Column("service_group", Text, nullable=False),
    Column("days", Integer, nullable=False),
    Column("guide_types", Text, nullable=False),
    Column("care_character", Text, nullable=False),
    Column("codes", Text, nullable=False),
    Column("code_ranges", Text, nullable=False),
    Column("source", Text, nullable=False),
    PrimaryKeyConstraint("import_id", "position"),
    ForeignKeyConstraint(["import_id"], ["roster_imports.id"], ondelete="CASCADE"),
)

roster_authorizations = Table(
    "roster_authorizations",
    metadata,
    _ref(),
    Column("number", Text, nullable=False),
    Column("provider", Text, nullable=False),
    Column("professionals", Text, nullable=False),
    Column("issued", Date),
    Column("valid_until", Date),
    Column("status", Text, nullable=False),
    Column("source", Text, nullable=False),
    PrimaryKeyConstraint("import_id", "number"),
    ForeignKeyConstraint(["import_id"], ["roster_imports.id"], ondelete="CASCADE"),
)

roster_authorization_items = Table(
    "roster_authorization_items",
    metadata,
    _ref(),
    Column("number", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("code", Text, nullable=False),
    Column("quantity", Text, nullable=False),
    PrimaryKeyConstraint("import_id", "number", "position"),
    UniqueConstraint("import_id", "number", "code", name="uq_roster_authorization_items_code"),
    ForeignKeyConstraint(
        ["import_id", "number"],
        ["roster_authorizations.import_id", "roster_authorizations.number"],
        ondelete="CASCADE",
    ),
)

#: every roster table, parents first (the order rows are written in)
ROSTER_TABLES: Final = (
    roster_imports,
    roster_agreements,
    roster_agreement_suspensions,
    roster_adhesions,
    roster_beneficiaries,
    roster_beneficiary_suspensions,
    roster_waiting_periods,
    roster_authorizations,
    roster_authorization_items,
)


def strings(values: Iterable[str], *, ordered: bool = False) -> str:
    """A set (sorted) or a tuple (``ordered``) of strings as a JSON array: lossless whatever
    the strings hold (a ``|`` in a code cannot split it)."""
    items = list(values) if ordered else sorted(values)
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def unstrings(text: str) -> list[str]:
    """The strings :func:`strings` wrote."""
    value = json.loads(text)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"not a JSON array of strings: {text[:80]!r}")
    return value


def pairs(values: Iterable[tuple[str, str]]) -> str:
    """Code ranges ``((low, high), ...)`` as a JSON array of pairs, in order."""
    return json.dumps([[low, high] for low, high in values], separators=(",", ":"))


def unpairs(text: str) -> tuple[tuple[str, str], ...]:
    """The ranges :func:`pairs` wrote."""
    return tuple((str(low), str(high)) for low, high in json.loads(text))
