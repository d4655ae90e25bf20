"""Opening a ledger: what cannot be used is an error at open time, and opening touches nothing.

* a ledger that does not exist, cannot be opened or does not answer raises LedgerError (en + pt,
  the path or host named, the password masked), never a warning that lets a check pass;
* PostgreSQL has a connect and a statement timeout, so a silent server cannot hang a CI job;
* a read-only open (a check) and a refused closing leave the SQLite file exactly as it was, even
  in a read-only folder.
"""

from __future__ import annotations

import json
import os
import pwd
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

import lotcheck.ledger.backends as backends
from ledger_kit import engine_of, fingerprint, guide, lot, recorded
from lotcheck.engine import CheckOptions, check_file
from lotcheck.ledger import Ledger, LedgerError

from lots import ROOT

pytest_plugins = ["ledger_fixtures"]

SRC = Path(__file__).resolve().parents[1] / "src"
SECRET = "s3cr3t-pw"


def _assert_names(error: LedgerError, *needles: str) -> None:
    """Both languages name the place, and neither shows the password."""
    for message in (error.message, error.message_pt):
        for needle in needles:
            assert needle in message, (needle, message)
        assert SECRET not in message, message


def _within(seconds: float, action: Callable[[], object]) -> object:
    """Run ``action`` in a thread; fail (instead of hanging the suite) if it takes too long."""
    result: list[object] = []

    def run() -> None:
        try:
            result.append(action())
        except BaseException as exc:
            result.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still waiting after {seconds} s"
    return result[0]


# --------------------------------------------------------------------------------------------
# Does not exist, cannot be opened
# --------------------------------------------------------------------------------------------


def test_read_only_open_of_a_missing_sqlite_file_is_an_error_and_creates_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "not-yet" / "ledger.sqlite3"

    for url in (missing, f"sqlite:///{missing}"):
        with pytest.raises(LedgerError) as refused:
            Ledger.open(url, read_only=True)
        assert refused.value.key == "sqlite.missing"
        _assert_names(refused.value, str(missing))
        assert "does not exist" in refused.value.message
        assert "não existe" in refused.value.message_pt
    assert not missing.parent.exists()


def test_read_only_in_memory_ledger_is_refused() -> None:
    # Always empty: a check against it would always pass.
    with pytest.raises(LedgerError) as refused:
        Ledger.open("sqlite://", read_only=True)
    assert refused.value.key == "sqlite.memory_read_only"


def test_a_file_that_is_not_a_ledger_is_an_error_at_open(tmp_path: Path) -> None:
    not_a_database = tmp_path / "lote.xml"
    not_a_database.write_text("<ans:mensagemTISS/>" * 200, encoding="utf-8")
    before = fingerprint(not_a_database)

    for read_only in (True, False):
        with pytest.raises(LedgerError) as refused:
            Ledger.open(not_a_database, read_only=read_only)
        assert refused.value.key == "db.open"
        _assert_names(refused.value, str(not_a_database))
        assert refused.value.message.startswith("cannot open the ledger")
        assert refused.value.message_pt.startswith("Não foi possível abrir o livro-razão")
    assert fingerprint(not_a_database) == before

    with pytest.raises(LedgerError) as folder:
        Ledger.open(tmp_path, read_only=True)
    assert folder.value.key == "sqlite.not_a_file"


@pytest.mark.parametrize(
    ("url", "key", "shown"),
    [
        (f"postgresql://u:{SECRET}@db.example:notaport/x", "url.invalid", "u:***@db.example"),
        (f"postgresql://u:{SECRET}@[::1/x", "url.invalid", "u:***@[::1"),
        (f"sqlite://u:{SECRET}@h:zz/x", "url.invalid", "u:***@h:zz"),
        (f"postgresql://u:{SECRET}@db.example/x?connect_timeout=abc", "url.timeout", "abc"),
        (f"postgresql://u:{SECRET}@db.example/x?statement_timeout=-1", "url.timeout", "-1"),
        (f"mysql://u:{SECRET}@db.example/x", "url.scheme", "u:***@db.example"),
        (f"postgresql+psycopg2://u:{SECRET}@db.example/x", "url.scheme", "psycopg2"),
        ("  ", "url.empty", ""),
    ],
)
def test_malformed_urls_are_ledger_errors_with_the_password_masked(
    url: str, key: str, shown: str
) -> None:
    with pytest.raises(LedgerError) as refused:
        Ledger.open(url, read_only=True)
    assert refused.value.key == key
    _assert_names(refused.value, shown)


def test_mask_password_even_when_the_url_does_not_parse() -> None:
    mask = backends.mask_password
    assert mask("postgresql://u:pw@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert mask("postgresql://u@h/db") == "postgresql://u@h/db"
    assert mask("postgresql://u:p@ss@h/db") == "postgresql://u:***@h/db"
    assert mask("postgresql://u:p/w@h/db") == "postgresql://***@h/db"
    assert mask("/plain/path") == "/plain/path"


def test_a_server_that_refuses_the_connection_is_an_error_naming_it() -> None:
    port = _free_port()  # nothing listens there
    url = f"postgresql://lotcheck:{SECRET}@127.0.0.1:{port}/ledger"

    for read_only in (True, False):
        with pytest.raises(LedgerError) as refused:
            Ledger.open(url, read_only=read_only)
        assert refused.value.key == "pg.unreachable"
        _assert_names(refused.value, f"127.0.0.1:{port}", "lotcheck:***@")


def test_the_default_data_folder_that_cannot_be_made_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file where the data folder's parent should be (meaningful as root too).
    blocker = tmp_path / "share"
    blocker.write_text("not a folder", encoding="utf-8")
    data_dir = blocker / "lotcheck"
    monkeypatch.setattr(backends.platformdirs, "user_data_dir", lambda _app: str(data_dir))

    with pytest.raises(LedgerError) as refused:
        Ledger.open()
    assert refused.value.key == "sqlite.folder_unwritable"
    _assert_names(refused.value, str(blocker))


def test_a_folder_without_write_permission_is_an_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root every folder is writable, so permission is denied by os.access here; the real
    # thing (an unprivileged user) is in test_read_only_folder_as_an_unprivileged_user.
    folder = tmp_path / "shared"
    folder.mkdir()
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        denied = Path(os.fsdecode(path)) == folder and mode & os.W_OK  # type: ignore[arg-type]
        return False if denied else real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(LedgerError) as refused:
        Ledger.open(folder / "ledger.sqlite3")
    assert refused.value.key == "sqlite.folder_unwritable"
    _assert_names(refused.value, str(folder))
    assert not (folder / "ledger.sqlite3").exists()


def test_default_ledger_lives_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "home" / ".local" / "share" / "lotcheck"
    monkeypatch.setattr(backends.platformdirs, "user_data_dir", lambda _app: str(data_dir))

    with Ledger.open() as opened:
        assert not data_dir.exists()  # opening creates nothing...
        opened.close([lot("P1", "1")], "2024-01")  # ...the first closing does
        assert opened.location == str(data_dir / "ledger.sqlite3")
    assert (data_dir / "ledger.sqlite3").is_file()


def test_missing_folder_for_an_explicit_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerError) as refused:
        Ledger.open(tmp_path / "nope" / "ledger.sqlite3")
    assert refused.value.key == "sqlite.folder_missing"
    assert "não existe" in refused.value.message_pt
    assert "does not exist" in refused.value.message


def test_sqlite_urls_and_paths_reach_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ledger.sqlite3"
    monkeypatch.chdir(tmp_path)
    with Ledger.open("ledger.sqlite3") as relative:
        relative.close([lot("P1", "1")], "2024-01")
        assert relative.backend == "sqlite"
        assert relative.location == str(path)  # messages name the absolute path
    with Ledger.open(f"sqlite:///{path}", read_only=True) as by_url:
        assert [x.lot_number for x in by_url.list()] == ["1"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:pw@db.example/lotcheck", "postgresql+psycopg://u:pw@db.example/lotcheck"),
        ("postgresql://u@db.example:5433/x", "postgresql+psycopg://u@db.example:5433/x"),
        ("postgresql+psycopg://u@h/x", "postgresql+psycopg://u@h/x"),
    ],
)
def test_postgresql_urls_use_psycopg(url: str, expected: str) -> None:
    target = backends.resolve_target(url, environ={})
    assert target.backend == "postgresql"
    assert target.pg_url is not None
    assert target.pg_url.render_as_string(hide_password=False) == expected
    assert "pw" not in target.location


def test_a_check_against_a_missing_ledger_is_an_error_not_a_pass(tmp_path: Path) -> None:
    """The library path (no CLI pre-flight): the lot gets an ERROR, in the report's language."""
    missing = tmp_path / "typo.sqlite3"
    for lang, says, never in (("pt", "não existe", "does not"), ("en", "does not exist", "não")):
        options = CheckOptions(lang=lang, schema=False, ledger_url=str(missing))
        report = check_file(ROOT / "examples" / "lote-limpo.xml", options)
        (finding,) = [f for f in report.findings if f.code == "ledger.unavailable"]
        assert str(finding.severity) == "error"
        assert says in finding.message and never not in finding.message
        assert str(missing) in finding.message
    assert not missing.exists()


# --------------------------------------------------------------------------------------------
# PostgreSQL timeouts
# --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port on loopback that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(5)
        for conn in accepted:
            conn.close()
        listener.close()


@pytest.mark.parametrize("how", ["url", "env"])
def test_a_silent_server_times_out_instead_of_hanging(
    silent_server: int, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"postgresql://lotcheck:{SECRET}@127.0.0.1:{silent_server}/ledger"
    if how == "url":
        url += "?connect_timeout=1"
    else:
        monkeypatch.setenv(backends.CONNECT_TIMEOUT_ENV, "1")
    started = time.monotonic()

    error = _within(15, lambda: Ledger.open(url, read_only=True))

    assert isinstance(error, LedgerError), error
    assert time.monotonic() - started < 10  # libpq's minimum is 2 s
    assert error.key == "pg.timeout"
    _assert_names(error, f"127.0.0.1:{silent_server}", "connect_timeout")


def test_timeouts_come_from_the_url_then_the_environment_then_the_defaults() -> None:
    def resolved(url: str, **env: str) -> tuple[int, int, str]:
        target = backends.resolve_target(url, environ=env)
        assert target.pg_url is not None
        return target.connect_timeout, target.statement_timeout, str(dict(target.pg_url.query))

    base = "postgresql://u@h/db"
    connect_env, statement_env = backends.CONNECT_TIMEOUT_ENV, backends.STATEMENT_TIMEOUT_ENV
    assert resolved(base) == (10, 30, "{}")
    assert resolved(base, **{connect_env: "3", statement_env: "0"}) == (3, 0, "{}")
    # The URL wins; our parameters do not reach libpq, the others do.
    assert resolved(
        base + "?connect_timeout=5&statement_timeout=120&sslmode=require", **{connect_env: "3"}
    ) == (5, 120, "{'sslmode': 'require'}")
    with pytest.raises(LedgerError) as refused:
        resolved(base, **{statement_env: "30s"})
    assert refused.value.key == "url.timeout"
    _assert_names(refused.value, statement_env, "30s")


@pytest.mark.postgres
def test_every_connection_has_the_statement_timeout(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def timeout_of(url: str, *, read_only: bool) -> str:
        with Ledger.open(url) as writer:
            writer.close([lot("P1", "1")], "2024-01")
        with Ledger.open(url, read_only=read_only) as opened, engine_of(opened).connect() as conn:
            return str(conn.execute(text("SHOW statement_timeout")).scalar_one())

    assert timeout_of(pg_url, read_only=True) == "30s"
    assert timeout_of(pg_url, read_only=False) == "30s"
    assert timeout_of(pg_url + "&statement_timeout=7", read_only=True) == "7s"
    monkeypatch.setenv(backends.STATEMENT_TIMEOUT_ENV, "0")
    assert timeout_of(pg_url, read_only=False) == "0"


@pytest.mark.postgres
def test_a_closing_stuck_behind_a_lock_gives_up_after_the_statement_timeout(pg_url: str) -> None:
    with Ledger.open(pg_url) as setup:
        setup.close([lot("P1", "1")], "2024-01")
    # Someone holds the lots table (a forgotten transaction, a DBA's maintenance).
    holder = psycopg.connect(pg_url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        holder.execute("LOCK TABLE lots IN ACCESS EXCLUSIVE MODE")
        with Ledger.open(pg_url + "&statement_timeout=1") as stuck:
            started = time.monotonic()
            error = _within(20, lambda: stuck.close([lot("P1", "2")], "2024-02"))
        assert isinstance(error, LedgerError), error
        assert time.monotonic() - started < 10
        assert error.key == "db.statement_timeout"
        assert "1 s" in error.message and "statement_timeout" in error.message_pt
    finally:
        holder.rollback()
        holder.close()
    with Ledger.open(pg_url, read_only=True) as after:
        assert [x.lot_number for x in after.list()] == ["1"]  # nothing of the failed closing


# --------------------------------------------------------------------------------------------
# Opening touches nothing
# --------------------------------------------------------------------------------------------


def test_a_refused_closing_creates_no_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger.open(path) as opened:
        for refused in (
            lambda: opened.close([lot("P1", "1")], "2024-13"),
            lambda: opened.close([lot("P1", "1"), lot(" ", "2")], "2024-01"),
            lambda: opened.reopen("2024-1"),
        ):
            with pytest.raises(LedgerError):
                refused()
        assert opened.reopen("2024-01") == 0  # nothing to reopen in a ledger not yet created
        assert opened.list() == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_refused_closing_leaves_an_existing_file_untouched(tmp_path: Path, journal: str) -> None:
    """``wal``: a ledger written by the lotcheck that used WAL; the switch waits for a write."""
    path = tmp_path / "ledger.sqlite3"
    with Ledger.open(path) as opened:
        opened.close([lot("P1", "1", guide("1", "A1"))], "2024-01")
    if journal == "wal":
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()
    before = fingerprint(path)
    time.sleep(0.01)  # an mtime change would be visible

    with Ledger.open(path) as opened:
        with pytest.raises(LedgerError):
            opened.close([lot("P1", "2")], "2024-13")
        with pytest.raises(LedgerError):
            opened.close([lot("", "3")], "2024-02")
    assert fingerprint(path) == before


def test_sqlite_ledgers_use_a_rollback_journal_and_old_wal_ones_are_switched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger.open(path) as opened:
        opened.close([lot("P1", "1")], "2024-01")
    assert _journal_mode(path) == "delete"

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with Ledger.open(path) as opened:
        opened.close([lot("P1", "2")], "2024-01")  # the first write switches it back
    assert _journal_mode(path) == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.sqlite3"]


def _journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def test_read_only_open_leaves_the_file_and_folder_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "ledger.sqlite3"
    with Ledger.open(path) as opened:
        opened.close([lot("P1", "100", guide("G1", "AUT-1", "SENHA-1"))], "2024-01")
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        before = fingerprint(path)
        time.sleep(0.01)
        with Ledger.open(path, read_only=True) as read_only:
            assert [x.lot_number for x in read_only.list()] == ["100"]
            assert len(read_only.find_reuse(lot("P2", "1", guide("x", "AUT-1")))) == 1
            # The refusal is SQLite's (mode=ro), not only the query_only pragma: with the
            # pragma turned off, a write still fails. (Root ignores file permissions, so this
            # is what makes the test meaningful when run as root.)
            engine = engine_of(read_only)
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA query_only = OFF")
                with pytest.raises(DBAPIError, match="readonly"):
                    conn.exec_driver_sql("CREATE TABLE sneaky (x INTEGER)")
                conn.rollback()
        assert fingerprint(path) == before  # bytes, mtime, and no -wal/-shm/-journal beside it
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


_AS_NOBODY = r"""
import json, os, sys
from lotcheck.ledger import ClosedLot, GuideKey, Ledger, LedgerError

# Everything imported and warmed up while still root (the interpreter lives under /root).
Ledger.open("sqlite://").close([ClosedLot("W", "1", "/w.xml", "0", None, ())], "2024-01")
import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401
os.setgroups([])
os.setgid(int(sys.argv[2]))
os.setuid(int(sys.argv[3]))
out = {"uid": os.getuid()}
with Ledger.open(sys.argv[1], read_only=True) as ledger:
    out["lots"] = [x.lot_number for x in ledger.list()]
    probe = ClosedLot("P2", "1", "/x.xml", "0", None,
                      (GuideKey("x", "AUT-1", None, None, "guiaConsulta"),))
    out["reuse"] = [r.value for r in ledger.find_reuse(probe)]
try:
    Ledger.open(sys.argv[1])
except LedgerError as exc:
    out["write"] = [exc.key, exc.message]
print(json.dumps(out))
"""


def test_read_only_folder_as_an_unprivileged_user(tmp_path: Path) -> None:
    """A check of a ledger on a read-only share, by a user who really cannot write there.

    As root (the CI) the child process drops to ``nobody`` after importing, so the permissions
    are enforced; SQLite in WAL mode failed here ("attempt to write a readonly database").
    """
    if os.geteuid() != 0:
        user = pwd.getpwuid(os.geteuid())
    else:
        try:
            user = pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("running as root and there is no 'nobody' user to drop to")
    # pytest's tmp_path is private to root; this folder must be reachable by the user.
    folder = Path(tempfile.mkdtemp(prefix="lotcheck-ro-", dir="/tmp"))
    try:
        path = folder / "ledger.sqlite3"
        with Ledger.open(path) as opened:
            opened.close([lot("P1", "100", guide("G1", "AUT-1"))], "2024-01")
        path.chmod(0o444)
        folder.chmod(0o555)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o555
        before = fingerprint(path)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        }
        done = subprocess.run(
            [sys.executable, "-c", _AS_NOBODY, str(path), str(user.pw_gid), str(user.pw_uid)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout.strip().splitlines()[-1])
        assert out["uid"] == user.pw_uid
        assert out["lots"] == ["100"]
        assert out["reuse"] == ["AUT-1"]
        # ...and a closing there says which folder it cannot write.
        assert out["write"][0] == "sqlite.folder_unwritable"
        assert str(folder) in out["write"][1]
        assert fingerprint(path) == before
    finally:
        folder.chmod(0o755)
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_recorded_outcomes_are_unchanged_by_a_read_only_open(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as opened:
        assert recorded(opened.close([lot("P1", "1")], "2024-01")) == [True]
    with Ledger.open(ledger_url, read_only=True) as read_only:
        assert [x.lot_number for x in read_only.list()] == ["1"]
        with pytest.raises(LedgerError) as refused:
            read_only.close([lot("P1", "2")], "2024-01")
        assert refused.value.key == "read_only"


_INTERRUPTED = r"""
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # spill to the file: the journal becomes hot at once
conn.execute("BEGIN IMMEDIATE")
for i in range(2000):
    conn.execute("INSERT INTO closings (period, closed_at) VALUES (?, CURRENT_TIMESTAMP)", (i,))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_closing_killed_mid_write_is_named_by_a_read_only_open(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger.open(path) as opened:
        opened.close([lot("P1", "1")], "2024-01")
    subprocess.run([sys.executable, "-c", _INTERRUPTED, str(path)], timeout=60, check=False)
    journal = tmp_path / "ledger.sqlite3-journal"
    assert journal.exists()

    with pytest.raises(LedgerError) as refused:
        Ledger.open(path, read_only=True)
    assert refused.value.key == "sqlite.interrupted"
    _assert_names(refused.value, str(path), str(journal))
    # The next read-write open rolls it back, and checks read again.
    with Ledger.open(path) as writer:
        assert [x.lot_number for x in writer.list()] == ["1"]
    assert not journal.exists()
    with Ledger.open(path, read_only=True) as read_only:
        assert [x.lot_number for x in read_only.list()] == ["1"]
