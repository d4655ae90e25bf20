"""The ledger of closed lots: which authorizations and guide numbers were already billed.

Owns: the database of closed lots (schema and migrations, the SQLite and PostgreSQL backends,
the statements, the store with its transactions and locks), the closed lots' status history
(sent, statement, appealed) and the month's return report, the roster (eligibility) imported
into that database, and the ``ledger.*`` code.
May import: lotcheck.core, lotcheck.messages, lotcheck.eligibility.types.

Why it exists
-------------
Payers refuse an authorization (``numeroGuiaOperadora`` / ``senha``) that was already used in an
earlier month, and a provider guide number (``numeroGuiaPrestador``) presented twice (ANS table 38:
1308 "guia já apresentada", 1702 "cobrança em duplicidade"). A single lot cannot show that; only
the history can. So the monthly closing (``lotcheck ledger close``) records every closed lot's
guides here, and later checks (``lotcheck check --ledger``) ask :meth:`Ledger.find_reuse` whether a
guide of the lot at hand was already closed in another lot, naming that lot and its period.

The ledger belongs to whoever closes lots: a provider (one SQLite file in the user data folder is
enough) or a payer institute checking thousands of lots from many providers (a PostgreSQL server
shared by its staff). Both backends run the very same SQLAlchemy Core statements; only the
connection set-up differs. This package depends on nothing else in lotcheck but the message
catalogs and the code registry: callers turn a parsed lot into a :class:`ClosedLot` (see
:mod:`lotcheck.engine.closing`).

``import lotcheck.ledger`` is light: it declares the ledger's finding code
(``ledger.unavailable``, which the ``authorization`` rule emits when the ledger fails during a
run) and imports SQLAlchemy only when a name that needs it (:class:`Ledger`...) is first used
(module ``__getattr__``), so every ``lotcheck check`` without ``--ledger`` stays free of it.

Modules, each importing only the ones above it (and never this ``__init__``, which only gathers
the public API below in ``__all__``):

* :mod:`~lotcheck.ledger.records`: the values in and out (:class:`ClosedLot`, :class:`Reuse`,
  :class:`LedgerLot`...) and how file names are kept; plain dataclasses, no SQLAlchemy;
* :mod:`~lotcheck.ledger.messages`: :class:`LedgerError` and the commands' lines, worded from the
  ``ledger.*`` texts of the message catalogs (:mod:`lotcheck.messages`, the one import from
  outside the package);
* :mod:`~lotcheck.ledger.schema`: tables, migrations;
* :mod:`~lotcheck.ledger.backends`: URLs, engines, timeouts, driver errors;
* :mod:`~lotcheck.ledger.queries`: the statements;
* :mod:`~lotcheck.ledger.store`: the :class:`Ledger`: life cycle and transactions;
* :mod:`~lotcheck.ledger.roster_tables`, :mod:`~lotcheck.ledger.roster_import`,
  :mod:`~lotcheck.ledger.roster_view`: the roster (issue 13), an eligibility folder
  (:class:`~lotcheck.eligibility.types.Eligibility`, the one import from
  :mod:`lotcheck.eligibility`, which never imports the ledger) kept in the same database,
  versioned by import: :func:`import_roster` (one transaction; a failure leaves the previous
  import in force), :func:`list_imports`, and :class:`RosterView`, which reads a lot's own
  cards and authorizations from the import in force;
* :mod:`~lotcheck.ledger.status_records`, :mod:`~lotcheck.ledger.status_tables`,
  :mod:`~lotcheck.ledger.status_queries`, :mod:`~lotcheck.ledger.status_store`,
  :mod:`~lotcheck.ledger.status_view`: a closed lot's life after the closing (issue 14), its
  status history closed → sent (protocol) → statement (released, denied, contestable) →
  appealed, kept per lot in ``lot_statuses`` with the statements loaded (each once, by key):
  :meth:`Ledger.mark_sent`, :meth:`Ledger.record_statement`, :meth:`Ledger.record_appeal` and
  the month's return report :meth:`Ledger.returns` (see docs/ledger.md).

Importing the package imports SQLAlchemy (the :class:`Ledger` is re-exported here), so the rest
of lotcheck imports it, and :mod:`lotcheck.engine.closing` which imports it, only inside the
functions of a run that uses a ledger (``--ledger``, the ``ledger`` commands): SQLAlchemy costs
~0.4 s of start-up (``tests/test_startup.py`` checks a plain check leaves it out).

A ledger that cannot be used is an error, never a warning
---------------------------------------------------------
:meth:`Ledger.open` reaches the ledger and raises :class:`LedgerError` (``message`` in English,
``message_pt`` in Portuguese, ``key`` and ``params`` for rewording; the location named, the
password masked) when it does not exist (a read-only open of a missing SQLite file, e.g. a typo
in ``check --ledger``), cannot be opened (not a database, a folder without write permission for
a closing, a malformed URL), does not answer (server down, or silent past the connect timeout),
or has a schema this lotcheck cannot read. A check must not pass with "no reuse found" because
the history it was asked to look at was not there.

PostgreSQL timeouts
-------------------
A server that accepts the connection and never answers must not hang a CI job, so every
PostgreSQL connection has

* a connect timeout: ``connect_timeout`` seconds, default 10 (libpq counts 1 as 2);
* a statement timeout: ``statement_timeout`` seconds, default 30, for every statement, waits for
  locks included (a closing waiting behind another one that holds its lots).

Set either in the URL's query (``postgresql://u@host/db?connect_timeout=5&statement_timeout=120``)
or in the environment (``LOTCHECK_LEDGER_CONNECT_TIMEOUT``, ``LOTCHECK_LEDGER_STATEMENT_TIMEOUT``);
the URL wins. Whole seconds; 0 means no limit. A timeout is a :class:`LedgerError` that names it.

Guarantees
----------
* A closing is one transaction: if anything fails midway (a crash, a kill, a full disk), nothing
  of it is recorded and the closing can simply be run again. A closing refused before it starts
  (a bad period, a lot without number) writes nothing: a read-write open does not create,
  upgrade or switch the journal mode of a SQLite file; the first write does.
* A lot (provider + ``numeroLote``) is recorded at most once, even when two processes close it at
  the same moment: the unique constraint on ``lots(provider, lot_number)`` decides, and the insert
  uses ``ON CONFLICT DO NOTHING`` so the loser learns "already recorded, in period P" instead of
  crashing. SQLite writers start with ``BEGIN IMMEDIATE`` and wait up to
  ``SQLITE_BUSY_TIMEOUT_S`` for each other. PostgreSQL writers take the lots in a fixed order, so
  two closings that share lots cannot deadlock, and a closing and a reopening of the same period
  both take that period's advisory lock first, so they cannot deadlock either.
* ``read_only=True`` (what ``lotcheck check`` uses) is enforced by the database, not by good
  manners: SQLite is opened through a ``file:...?mode=ro`` URI, PostgreSQL sessions are set to
  ``READ ONLY`` transactions. A read-only open never creates, migrates or touches anything; it
  works in a read-only folder. That is why SQLite files use a rollback journal and not WAL (see
  :func:`~lotcheck.ledger.backends.use_rollback_journal`): a WAL file cannot be read without
  creating ``-wal``/``-shm`` files beside it.
* Lots are recorded with their absolute path and the file's SHA-256; names that are not UTF-8
  are kept losslessly and shown escaped (see :mod:`lotcheck.ledger.records`).

Schema migrations
-----------------
The schema is described by :data:`~lotcheck.ledger.schema.MIGRATIONS`, an ordered list of
``(version, DDL steps)``. Version 0 is an empty database. The ``schema_version`` table (created by
version 1) holds one row per applied version with the time it was applied. Before its first read
or write, a read-write ledger reads the current version and, when it is behind, applies every
missing version's steps and records them, all in ONE transaction (both SQLite and PostgreSQL have
transactional DDL), so a failed migration leaves the previous version intact. Concurrent
upgraders serialize on the write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory lock)
and re-read the version once they hold it, so a version is applied exactly once. A read-only open
of a database whose version is not the latest raises :class:`LedgerError` (it cannot upgrade
it); so does any open of a database written by a newer lotcheck. Version 2 added
``lots.raw_path``, version 3 the roster tables, version 4 the lots' status history
(``lot_statuses``), the statements loaded (``statements``) and what each lot billed
(``lots.sent``); a version 3 database gets a ``closed`` event for each of its lots.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from lotcheck.core.codes import CodeSpec, Severity, register

CODES = register(
    CodeSpec(
        code="ledger.unavailable",
        severity=Severity.ERROR,
        glosa=None,
        doc="`--ledger` was given but the database could not be read for this lot (server down "
        "or silent past its timeout in the middle of the run, file removed). Reuse was NOT "
        "checked, so this is an error: the check must not pass as if nothing had been reused. "
        "A ledger that cannot be opened at all stops `lotcheck check` before any lot (exit 2).",
        example="`--ledger postgresql://…` and the server stops answering during the run.",
    ),
)
#: the code of a ledger that failed during the run (emitted by :mod:`lotcheck.rules.authorization`)
UNAVAILABLE = CODES[0]

#: public name -> the module that defines it, imported on first use
_LAZY: dict[str, str] = {
    "CONNECT_TIMEOUT_ENV": "lotcheck.ledger.backends",
    "DEFAULT_CONNECT_TIMEOUT_S": "lotcheck.ledger.backends",
    "DEFAULT_STATEMENT_TIMEOUT_S": "lotcheck.ledger.backends",
    "SQLITE_BUSY_TIMEOUT_S": "lotcheck.ledger.backends",
    "STATEMENT_TIMEOUT_ENV": "lotcheck.ledger.backends",
    "default_ledger_path": "lotcheck.ledger.backends",
    "LedgerError": "lotcheck.ledger.messages",
    "describe_import": "lotcheck.ledger.messages",
    "describe_lot": "lotcheck.ledger.messages",
    "describe_no_roster": "lotcheck.ledger.messages",
    "describe_roster_import": "lotcheck.ledger.messages",
    "describe_no_lots": "lotcheck.ledger.messages",
    "describe_outcome": "lotcheck.ledger.messages",
    "describe_reopen": "lotcheck.ledger.messages",
    "ClosedLot": "lotcheck.ledger.records",
    "CloseOutcome": "lotcheck.ledger.records",
    "GuideKey": "lotcheck.ledger.records",
    "LedgerLot": "lotcheck.ledger.records",
    "Reuse": "lotcheck.ledger.records",
    "ReuseKind": "lotcheck.ledger.records",
    "display_path": "lotcheck.ledger.records",
    "MIGRATIONS": "lotcheck.ledger.schema",
    "SCHEMA_VERSION": "lotcheck.ledger.schema",
    "Ledger": "lotcheck.ledger.store",
    "ImportResult": "lotcheck.ledger.roster_tables",
    "RosterImport": "lotcheck.ledger.roster_tables",
    "import_roster": "lotcheck.ledger.roster_import",
    "RosterView": "lotcheck.ledger.roster_view",
    "list_imports": "lotcheck.ledger.roster_view",
    "AppealRecord": "lotcheck.ledger.status_records",
    "LotRef": "lotcheck.ledger.status_records",
    "LotStatus": "lotcheck.ledger.status_records",
    "ReturnRow": "lotcheck.ledger.status_records",
    "ReturnTotals": "lotcheck.ledger.status_records",
    "StatementLotFigures": "lotcheck.ledger.status_records",
    "StatementOutcome": "lotcheck.ledger.status_records",
    "StatementRecord": "lotcheck.ledger.status_records",
    "StatusOutcome": "lotcheck.ledger.status_records",
    "describe_returns": "lotcheck.ledger.status_view",
    "describe_sent": "lotcheck.ledger.status_view",
    "lots_json": "lotcheck.ledger.status_view",
    "returns_json": "lotcheck.ledger.status_view",
}

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports
    from lotcheck.ledger.backends import (
        CONNECT_TIMEOUT_ENV,
        DEFAULT_CONNECT_TIMEOUT_S,
        DEFAULT_STATEMENT_TIMEOUT_S,
        SQLITE_BUSY_TIMEOUT_S,
        STATEMENT_TIMEOUT_ENV,
        default_ledger_path,
    )
    from lotcheck.ledger.messages import (
        LedgerError,
        describe_import,
        describe_lot,
        describe_no_lots,
        describe_no_roster,
        describe_outcome,
        describe_reopen,
        describe_roster_import,
    )
    from lotcheck.ledger.records import (
        ClosedLot,
        CloseOutcome,
        GuideKey,
        LedgerLot,
        Reuse,
        ReuseKind,
        display_path,
    )
    from lotcheck.ledger.roster_import import import_roster
    from lotcheck.ledger.roster_tables import ImportResult, RosterImport
    from lotcheck.ledger.roster_view import RosterView, list_imports
    from lotcheck.ledger.schema import MIGRATIONS, SCHEMA_VERSION
    from lotcheck.ledger.status_records import (
        AppealRecord,
        LotRef,
        LotStatus,
        ReturnRow,
        ReturnTotals,
        StatementLotFigures,
        StatementOutcome,
        StatementRecord,
        StatusOutcome,
    )
    from lotcheck.ledger.status_view import (
        describe_returns,
        describe_sent,
        lots_json,
        returns_json,
    )
    from lotcheck.ledger.store import Ledger


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and keep the name (the next use is direct)."""
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'lotcheck.ledger' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "CODES",
    "CONNECT_TIMEOUT_ENV",
    "DEFAULT_CONNECT_TIMEOUT_S",
    "DEFAULT_STATEMENT_TIMEOUT_S",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SQLITE_BUSY_TIMEOUT_S",
    "STATEMENT_TIMEOUT_ENV",
    "UNAVAILABLE",
    "AppealRecord",
    "CloseOutcome",
    "ClosedLot",
    "GuideKey",
    "ImportResult",
    "Ledger",
    "LedgerError",
    "LedgerLot",
    "LotRef",
    "LotStatus",
    "ReturnRow",
    "ReturnTotals",
    "Reuse",
    "ReuseKind",
    "RosterImport",
    "RosterView",
    "StatementLotFigures",
    "StatementOutcome",
    "StatementRecord",
    "StatusOutcome",
    "default_ledger_path",
    "describe_import",
    "describe_lot",
    "describe_no_lots",
    "describe_no_roster",
    "describe_outcome",
    "describe_reopen",
    "describe_returns",
    "describe_roster_import",
    "describe_sent",
    "display_path",
    "import_roster",
    "list_imports",
    "lots_json",
    "returns_json",
]
