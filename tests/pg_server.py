"""A throwaway PostgreSQL server for the tests, and a fresh schema per test.

The ledger must behave the same on SQLite and PostgreSQL, so its tests run against a real
server. In CI nobody starts one for us: this module finds the server binaries (``initdb``,
``pg_ctl``), creates a cluster in a temporary folder, starts it on 127.0.0.1 with a free port
(and its unix socket inside that folder, so it needs no system folder), and removes everything
at the end. ``.ci/pg-setup.sh`` installs the binaries when a machine lacks them.

When ``LOTCHECK_TEST_PG_URL`` is set, that server is used instead and nothing is started.

Isolation between tests: each test gets its own schema (``search_path`` set through the libpq
``options`` of the URL), dropped afterwards; creating a schema costs milliseconds where a
database would cost a second.

No pytest here: conftest.py wraps these helpers in fixtures.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

#: Set to use an existing server (e.g. postgresql://user:pw@host:5432/db); nothing is started.
URL_ENV = "LOTCHECK_TEST_PG_URL"
#: Set to the folder holding initdb/pg_ctl when they are somewhere unusual.
BINDIR_ENV = "LOTCHECK_PG_BINDIR"
#: The OS user that owns the cluster when the tests run as root (initdb refuses root).
USER_ENV = "LOTCHECK_TEST_PG_USER"

DATABASE = "lotcheck_test"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says what to do."""


def find_bindir() -> Path:
    """The folder with the PostgreSQL server binaries, searched where Debian and others put it.

    Order: ``$LOTCHECK_PG_BINDIR``, ``pg_config --bindir`` (only if initdb is really there:
    Debian's libpq-dev ships pg_config without the server), ``/usr/lib/postgresql/*/bin``
    (newest first), then ``initdb`` on PATH.
    """
    candidates: list[Path] = []
    if os.environ.get(BINDIR_ENV):
        candidates.append(Path(os.environ[BINDIR_ENV]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        with suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            ).stdout.strip()
            if out:
                candidates.append(Path(out))

    def version_key(path: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path))

    candidates += [
        Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version_key)[::-1]
    ]
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found: looked at $"
        f"{BINDIR_ENV}, `pg_config --bindir`, /usr/lib/postgresql/*/bin and PATH. "
        "Install them with `bash .ci/pg-setup.sh` (Debian: apt-get install postgresql), "
        f"or set {URL_ENV} to a server the tests may use."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _traversable_by_others(folder: Path) -> bool:
    """Whether another OS user can reach files under ``folder`` (every ancestor has o+x)."""
    return all(part.stat().st_mode & stat.S_IXOTH for part in [folder, *folder.parents])


@dataclass
class PgServer:
    """A running throwaway cluster. ``stop()`` is idempotent and also runs at interpreter exit."""

    bindir: Path
    root: Path
    port: int
    run_as: str | None
    url: str = field(init=False)
    _stopped: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @classmethod
    def start(cls) -> PgServer:
        """initdb + pg_ctl start in a fresh temp folder; creates the test database."""
        bindir = find_bindir()
        run_as: str | None = None
        if os.geteuid() == 0:
            run_as = os.environ.get(USER_ENV, "postgres")
            try:
                account = pwd.getpwnam(run_as)
            except KeyError as exc:
                raise PostgresUnavailable(
                    f"running as root and there is no OS user {run_as!r} to own the test "
                    f"cluster (initdb refuses root); create it or set {USER_ENV}"
                ) from exc
        base = Path(tempfile.gettempdir())
        if run_as is not None and not _traversable_by_others(base):
            base = Path("/tmp")
        root = Path(tempfile.mkdtemp(prefix="lotcheck-pg-", dir=base))
        if run_as is not None:
            os.chown(root, account.pw_uid, account.pw_gid)

        server: PgServer | None = None
        try:
            cls._run(
                run_as,
                root,
                [
                    str(bindir / "initdb"),
                    "-D", str(root / "data"),
                    "-U", "postgres",
                    "-A", "trust",
                    "-E", "UTF8",
                    "--locale=C",
                    "--no-sync",
                ],
            )  # fmt: skip
            last_error: Exception | None = None
            for _attempt in range(3):  # a free port can be taken between probe and bind
                server = cls(bindir=bindir, root=root, port=_free_port(), run_as=run_as)
                try:
                    server._pg_ctl_start()
                    break
                except PostgresUnavailable as exc:
                    last_error = exc
            else:
                assert last_error is not None
                raise last_error
            assert server is not None
            atexit.register(server.stop)
            server._create_database()
            return server
        except BaseException:
            if server is not None:
                server.stop()
            shutil.rmtree(root, ignore_errors=True)
            raise

    @staticmethod
    def _run(run_as: str | None, cwd: Path, command: list[str]) -> None:
        # As root, become the cluster owner (subprocess user=, like runuser without the tool).
        user = group = None
        if run_as is not None:
            user, group = run_as, pwd.getpwnam(run_as).pw_gid
        result = subprocess.run(
            command,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            user=user,
            group=group,
            extra_groups=[] if run_as is not None else None,
        )
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n"
                f"{result.stderr}"
            )

    def _pg_ctl_start(self) -> None:
        log = self.root / f"server-{self.port}.log"
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
            # A throwaway cluster needs no durability; this keeps the suite fast.
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        try:
            self._run(
                self.run_as,
                self.root,
                [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", str(log),
                 "-w", "-t", "60", "-o", options, "start"],
            )  # fmt: skip
        except PostgresUnavailable as exc:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PostgresUnavailable(f"{exc}\nserver log:\n{tail}") from exc

    def _create_database(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(
                    host="127.0.0.1", port=self.port, user="postgres", dbname="postgres",
                    autocommit=True, connect_timeout=5,
                ) as conn:  # fmt: skip
                    conn.execute(f'CREATE DATABASE "{DATABASE}"')
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        """Stop the server (immediate: nothing to keep) and remove its folder."""
        if self._stopped:
            return
        self._stopped = True
        with suppress(PostgresUnavailable, OSError, subprocess.SubprocessError):
            self._run(
                self.run_as,
                self.root,
                [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate",
                 "-w", "stop"],
            )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


def _sqlalchemy_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@contextmanager
def fresh_schema(base_url: str) -> Iterator[str]:
    """A new empty schema on the server at ``base_url``; yields a URL whose search_path is it.

    Anything that connects with that URL and uses unqualified table names works inside the
    schema only, so tests cannot see each other's tables.
    """
    url = make_url(_sqlalchemy_url(base_url))
    schema = f"t_{uuid.uuid4().hex[:16]}"
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    options = url.query.get("options")
    existing = " ".join(options) if isinstance(options, tuple) else (options or "")
    test_url = url.update_query_dict({"options": f"{existing} -csearch_path={schema}".strip()})
    try:
        yield test_url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            # A connection a test leaked would block the drop forever; fail loudly instead.
            conn.execute("SET lock_timeout = '10s'")
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
