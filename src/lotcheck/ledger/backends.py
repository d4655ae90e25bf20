"""Where a ledger lives and how to connect to it: URLs, SQLite files, PostgreSQL servers.

Everything here happens before the first statement: reading what the user typed (a path, a
``sqlite:///`` or ``postgresql://`` URL, the timeouts), refusing it with a :class:`LedgerError`
that names it (password masked) when it cannot work, and building the SQLAlchemy engine. The
queries live in :mod:`lotcheck.ledger.queries`; see the package docstring for the guarantees.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import quote

import platformdirs
from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool, StaticPool

from lotcheck.ledger.messages import LedgerError

#: How long a SQLite writer waits for another writer (or a reader) before "database is locked".
#: A closing takes milliseconds; 30 s covers a slow disk and many concurrent closers.
SQLITE_BUSY_TIMEOUT_S: Final = 30.0

#: Seconds a PostgreSQL connection may take to be established (libpq ``connect_timeout``; libpq
#: counts anything below 2 as 2). 0 means no limit.
DEFAULT_CONNECT_TIMEOUT_S: Final = 10
#: Seconds one PostgreSQL statement may run, waits for locks included (``statement_timeout``).
#: 0 means no limit.
DEFAULT_STATEMENT_TIMEOUT_S: Final = 30
CONNECT_TIMEOUT_ENV: Final = "LOTCHECK_LEDGER_CONNECT_TIMEOUT"
STATEMENT_TIMEOUT_ENV: Final = "LOTCHECK_LEDGER_STATEMENT_TIMEOUT"

Backend = Literal["sqlite", "postgresql"]

_PG_SCHEMES: Final = ("postgres", "postgresql", "postgresql+psycopg")
_SQLITE_SCHEMES: Final = ("sqlite", "sqlite+pysqlite")


def default_ledger_path() -> Path:
    """Where the ledger lives when the user names none: one SQLite file per user."""
    return Path(platformdirs.user_data_dir("lotcheck")) / "ledger.sqlite3"


@dataclass(frozen=True, slots=True)
class Target:
    """Where a ledger lives, decided from what the user typed; nothing is opened yet.

    ``location`` is what messages show (a path, or the URL with the password masked).
    ``default`` is True for the per-user file, whose folder may be created on the first closing.
    ``secret`` is the password, kept only to scrub it from driver messages.
    """

    backend: Backend
    location: str
    sqlite_path: Path | None = None  # None with backend sqlite: in memory
    default: bool = False
    pg_url: URL | None = None
    connect_timeout: int = DEFAULT_CONNECT_TIMEOUT_S
    statement_timeout: int = DEFAULT_STATEMENT_TIMEOUT_S
    secret: str | None = None


def mask_password(url: str) -> str:
    """``url`` with its password replaced by ``***``, even when it does not parse."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        userinfo, _, host = authority.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        return f"{scheme}://{userinfo}@{host}{rest[len(authority) :]}"
    if "@" in rest:  # a password with an unescaped '/': hide everything up to the last '@'
        return f"{scheme}://***{rest[rest.rfind('@') :]}"
    return url


def resolve_target(
    url: str | os.PathLike[str] | None, environ: Mapping[str, str] | None = None
) -> Target:
    """Read what the user typed; raise :class:`LedgerError` for anything that cannot work."""
    environ = os.environ if environ is None else environ
    if url is None:
        path = default_ledger_path()
        return Target("sqlite", str(path), sqlite_path=path, default=True)
    raw = os.fspath(url).strip()
    if not raw:
        raise LedgerError("url.empty")
    if "://" not in raw:
        path = Path(os.path.abspath(Path(raw).expanduser()))
        return Target("sqlite", str(path), sqlite_path=path)
    shown = mask_password(raw)
    scheme = raw.split("://", 1)[0].lower()
    if scheme not in _PG_SCHEMES + _SQLITE_SCHEMES:
        raise LedgerError("url.scheme", scheme=scheme, url=shown)
    try:
        # One driver for every PostgreSQL URL: the code path is tested with psycopg 3 only.
        parsed = make_url(
            "postgresql+psycopg://" + raw.split("://", 1)[1] if scheme in _PG_SCHEMES else raw
        )
    except (ArgumentError, ValueError) as exc:
        detail = str(exc).replace(raw, shown)
        raise LedgerError("url.invalid", url=shown, detail=detail) from exc
    if scheme in _SQLITE_SCHEMES:
        database = parsed.database
        if not database or database == ":memory:":
            return Target("sqlite", ":memory:", sqlite_path=None)
        path = Path(os.path.abspath(Path(database).expanduser()))
        return Target("sqlite", str(path), sqlite_path=path)
    connect_timeout = _timeout(parsed, "connect_timeout", CONNECT_TIMEOUT_ENV, environ)
    statement_timeout = _timeout(parsed, "statement_timeout", STATEMENT_TIMEOUT_ENV, environ)
    # Both are ours to apply (connect_args and SET), so neither goes to libpq through the URL.
    parsed = parsed.difference_update_query(["connect_timeout", "statement_timeout"])
    return Target(
        "postgresql",
        parsed.set(drivername="postgresql").render_as_string(hide_password=True),
        pg_url=parsed,
        connect_timeout=connect_timeout,
        statement_timeout=statement_timeout,
        secret=parsed.password or None,
    )


def _timeout(url: URL, name: str, env: str, environ: Mapping[str, str]) -> int:
    """Whole seconds from the URL's query, else the environment, else the default."""
    default = (
        DEFAULT_CONNECT_TIMEOUT_S if name == "connect_timeout" else DEFAULT_STATEMENT_TIMEOUT_S
    )
    value: Any = url.query.get(name)
    source = "URL"
    if isinstance(value, tuple):  # given twice: the last one wins, as libpq does
        value = value[-1]
    if value is None:
        value, source = environ.get(env), env
    if value is None or value == "":
        return default
    text = str(value).strip()
    if not text.isdigit():
        raise LedgerError("url.timeout", name=name, value=str(value), source=source)
    return int(text)


# --------------------------------------------------------------------------------------------
# SQLite
# --------------------------------------------------------------------------------------------


def sqlite_read_only_uri(path: Path) -> str:
    """The URI a read-only open uses: ``mode=ro`` makes SQLite itself refuse any write and never
    create the file (the ``query_only`` pragma on top is only a second lock)."""
    return "file:" + quote(str(path.resolve())) + "?mode=ro"


def sqlite_engine(path: Path | None, *, read_only: bool) -> Engine:
    """A SQLite engine whose transactions we start ourselves.

    pysqlite's own transaction handling starts transactions lazily and always DEFERRED, which
    lets two writers both read and then fail to upgrade with "database is locked". So the driver
    is put in autocommit mode and the ``begin`` listener emits ``BEGIN`` for reads and
    ``BEGIN IMMEDIATE`` for writes (marked with the ``lotcheck_write`` execution option), which
    takes the write lock up front and honours the busy timeout.

    Connecting changes nothing in the file: the journal mode is the writer's business (see
    :func:`use_rollback_journal`), done only when something is about to be written.
    """
    if path is None:
        database, uri, url = ":memory:", False, "sqlite+pysqlite://"
    elif read_only:
        database, uri, url = sqlite_read_only_uri(path), True, "sqlite+pysqlite:///" + str(path)
    else:
        database, uri, url = str(path), False, "sqlite+pysqlite:///" + str(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            database,
            uri=uri,
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

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("lotcheck_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def use_rollback_journal(engine: Engine) -> None:
    """Make sure the file uses a rollback journal (``DELETE``), not WAL; before a first write.

    Why not WAL: a WAL database cannot be read without its ``-shm`` and ``-wal`` files, which a
    read-only connection creates and cannot remove (they stayed behind every ``check``), and
    cannot create in a read-only folder (the check failed there). With a rollback journal a
    read-only open touches nothing. The cost is that readers wait for a writer's commit (and it
    for them), milliseconds under the busy timeout, which one user's ledger does not notice; a
    ledger shared by many belongs in PostgreSQL.

    Ledgers created in WAL by an older lotcheck are switched back here. That needs the file to
    itself; if another connection holds it for long, the switch is left for the next time (WAL
    works, only read-only opens then leave files behind).
    """
    deadline = time.monotonic() + 2.0
    with engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        while True:
            try:
                mode = dbapi.execute("PRAGMA journal_mode").fetchone()
                if mode is None or str(mode[0]).lower() != "wal":
                    return
                dbapi.execute("PRAGMA journal_mode = DELETE").fetchall()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    return
                time.sleep(0.05)


# --------------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------------


def postgresql_engine(target: Target, *, read_only: bool) -> Engine:
    """An engine with the timeouts applied, read-only enforced by the server when asked.

    ``connect_timeout`` bounds the connection (a server that accepts and never answers),
    ``statement_timeout`` every statement (a server that answers but never finishes, a lock
    that is never released), so a CI job cannot hang on the ledger.
    """
    assert target.pg_url is not None
    engine = create_engine(
        target.pg_url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": target.connect_timeout},
    )
    statement_ms = target.statement_timeout * 1000

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(statement_ms)}")
            if read_only:
                # Every transaction of this session is READ ONLY: the server refuses any write.
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        dbapi_connection.commit()

    return engine


# --------------------------------------------------------------------------------------------
# What the driver said, for the user
# --------------------------------------------------------------------------------------------


def translate_error(target: Target, exc: SQLAlchemyError, action: str) -> LedgerError:
    """A driver error as a :class:`LedgerError` that says where and what, without the password.

    ``action`` (``open``, ``close``, ``reopen``, ``read``) picks the sentence, so a failed
    closing says that nothing was recorded. The two timeouts and an unreachable server get
    their own messages, naming the setting to change.
    """
    orig = getattr(exc, "orig", None)
    lines = str(orig or exc).strip().splitlines()
    detail = lines[0] if lines else type(exc).__name__
    if target.secret:
        detail = detail.replace(target.secret, "***")
    location = target.location
    if target.backend == "postgresql" and orig is not None:
        import psycopg

        if isinstance(orig, psycopg.errors.ConnectionTimeout):
            seconds = max(target.connect_timeout, 2)  # libpq's minimum
            return LedgerError("pg.timeout", location=location, seconds=seconds)
        if getattr(orig, "sqlstate", None) == "57014":  # query_canceled: statement_timeout
            return LedgerError(
                "db.statement_timeout",
                location=location,
                seconds=target.statement_timeout,
                detail=detail,
            )
        # No server answer at all at open time: refused, unknown host, no route...
        if action == "open" and isinstance(orig, psycopg.OperationalError) and not orig.sqlstate:
            return LedgerError("pg.unreachable", location=location, detail=detail)
    return LedgerError(f"db.{action}", location=location, detail=detail)
