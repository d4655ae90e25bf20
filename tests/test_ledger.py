"""The ledger of closed lots: the same suite against SQLite and a real PostgreSQL server.

Every test taking ``ledger_url`` runs once per backend; the few that are about SQLite files
(read-only open of a missing file, the default location, WAL) are plain tests at the end.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

import lotcheck.ledger as ledger_module
from lotcheck.ledger import ClosedLot, GuideKey, Ledger, LedgerError, Reuse

SRC = Path(__file__).resolve().parents[1] / "src"


# --------------------------------------------------------------------------------------------
# Fixtures and builders
# --------------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, not yet created ledger: a SQLite file path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    # Asked lazily so that a SQLite-only run (-k sqlite) does not start PostgreSQL.
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    with Ledger.open(ledger_url) as opened:
        yield opened


def guide(
    number: str,
    operator: str | None = None,
    password: str | None = None,
    beneficiary: str | None = "0001234500",
    guide_type: str = "guiaSP-SADT",
) -> GuideKey:
    return GuideKey(number, operator, password, beneficiary, guide_type)


def lot(provider: str, number: str, *guides: GuideKey) -> ClosedLot:
    return ClosedLot(
        provider=provider,
        lot_number=number,
        path=f"/lots/{provider}/lote-{number}.xml",
        sha256=hashlib.sha256(f"{provider}/{number}".encode()).hexdigest(),
        tiss_version="4.01.00",
        guides=guides,
    )


def numbered_lots(provider: str, count: int, prefix: str = "") -> list[ClosedLot]:
    return [
        lot(provider, f"{prefix}{i}", guide(f"G{prefix}{i}", f"A{prefix}{i}", f"S{prefix}{i}"))
        for i in range(count)
    ]


def count_rows(opened: Ledger, table: str) -> int:
    assert opened._engine is not None
    with opened._engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def schema_versions(opened: Ledger) -> list[tuple[int, object]]:
    assert opened._engine is not None
    with opened._engine.connect() as conn:
        rows = conn.execute(text("SELECT version, applied_at FROM schema_version ORDER BY 1"))
        return [(int(row[0]), row[1]) for row in rows]


def make_empty_database(url: str) -> None:
    """Create the database itself without the ledger schema (PostgreSQL: the schema exists)."""
    if "://" not in url:
        import sqlite3

        with sqlite3.connect(url) as conn:
            conn.execute("CREATE TABLE unrelated (x INTEGER)")
        conn.close()


# --------------------------------------------------------------------------------------------
# Closing and listing
# --------------------------------------------------------------------------------------------


def test_close_then_list(ledger: Ledger) -> None:
    first = lot("11222333000181", "100", guide("1", "A1", "S1"), guide("2", "A2", None))
    second = lot("11222333000181", "101", guide("3", "A3", "S3"))
    before = datetime.now(UTC) - timedelta(seconds=5)

    assert ledger.close([first, second], "2024-03") == [True, True]

    listed = ledger.list()
    assert [(x.provider, x.lot_number, x.period, x.guide_count) for x in listed] == [
        ("11222333000181", "100", "2024-03", 2),
        ("11222333000181", "101", "2024-03", 1),
    ]
    assert listed[0].path == first.path
    assert listed[0].sha256 == first.sha256
    assert all(before <= x.closed_at <= datetime.now(UTC) + timedelta(seconds=5) for x in listed)
    assert all(x.closed_at.tzinfo is not None for x in listed)
    assert len({x.id for x in listed}) == 2
    assert ledger.list("2024-03") == listed
    assert ledger.list("2024-04") == []
    assert count_rows(ledger, "guides") == 3


def test_closing_same_lot_twice_records_it_once(ledger: Ledger) -> None:
    closed = lot("P1", "7", guide("1", "A1", "S1"), guide("2", "A2", "S2"))

    assert ledger.close([closed], "2024-01") == [True]
    assert ledger.close([closed], "2024-02") == [False]
    # Repeated inside one closing too: only the first occurrence is recorded.
    other = lot("P1", "8", guide("9"))
    assert ledger.close([other, closed, other], "2024-02") == [True, False, False]

    assert [(x.lot_number, x.period) for x in ledger.list()] == [("7", "2024-01"), ("8", "2024-02")]
    assert count_rows(ledger, "lots") == 2
    assert count_rows(ledger, "guides") == 3


def test_empty_closing_records_nothing(ledger: Ledger) -> None:
    assert ledger.close([], "2024-01") == []
    assert ledger.list() == []


def test_same_lot_number_of_two_providers_are_two_lots(ledger: Ledger) -> None:
    assert ledger.close([lot("P1", "1"), lot("P2", "1")], "2024-01") == [True, True]
    assert len(ledger.list()) == 2


def _race(ledger_url: str, jobs: Sequence[tuple[Sequence[ClosedLot], str]]) -> list[list[bool]]:
    """Run each (lots, period) closing in its own thread and connection, all released at once.

    Each closer also pauses inside its transaction after recording a lot, so the others really
    run into its uncommitted rows (or its write lock) instead of arriving after it committed.
    """
    ledgers = [Ledger.open(ledger_url) for _ in jobs]
    barrier = threading.Barrier(len(jobs))
    results: list[list[bool] | None] = [None] * len(jobs)
    errors: list[BaseException] = []

    def pause(_lot: ClosedLot) -> None:
        threading.Event().wait(0.05)

    def run(index: int) -> None:
        try:
            ledgers[index]._after_lot_recorded = pause
            barrier.wait(timeout=30)
            lots, period = jobs[index]
            results[index] = ledgers[index].close(lots, period)
        except BaseException as exc:  # reported below, with the thread's result missing
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for opened in ledgers:
            opened.dispose()
    assert not errors, errors
    assert all(result is not None for result in results)
    return [result for result in results if result is not None]


def test_concurrent_closing_of_same_lot_records_it_exactly_once(
    ledger: Ledger, ledger_url: str
) -> None:
    for round_number in range(3):
        contested = lot("P1", f"race-{round_number}", guide("1", "A1", "S1"), guide("2"))
        results = _race(ledger_url, [([contested], "2024-06"), ([contested], "2024-06")])
        assert sorted(results) == [[False], [True]]

    assert [x.lot_number for x in ledger.list()] == ["race-0", "race-1", "race-2"]
    assert count_rows(ledger, "lots") == 3
    assert count_rows(ledger, "guides") == 6
    assert count_rows(ledger, "closings") == 1


def test_concurrent_closings_sharing_lots_in_opposite_order_do_not_deadlock(
    ledger: Ledger, ledger_url: str
) -> None:
    x, y, z = lot("P1", "x", guide("1")), lot("P1", "y", guide("2")), lot("P1", "z", guide("3"))
    results = _race(ledger_url, [([x, y, z], "2024-06"), ([z, y, x], "2024-07")])

    # Every lot recorded by exactly one of the two closings.
    assert [a or b for a, b in zip(results[0], results[1][::-1], strict=True)] == [True] * 3
    assert [a and b for a, b in zip(results[0], results[1][::-1], strict=True)] == [False] * 3
    assert sorted(x.lot_number for x in ledger.list()) == ["x", "y", "z"]
    assert count_rows(ledger, "guides") == 3


def test_concurrent_first_opens_migrate_once(ledger_url: str) -> None:
    barrier = threading.Barrier(3)
    opened: list[Ledger] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            opened.append(Ledger.open(ledger_url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert not errors, errors
        assert [version for version, _ in schema_versions(opened[0])] == [1]
    finally:
        for each in opened:
            each.dispose()


# --------------------------------------------------------------------------------------------
# Crashes
# --------------------------------------------------------------------------------------------


class SimulatedCrash(RuntimeError):
    pass


def test_failure_in_the_middle_of_a_closing_records_nothing(ledger: Ledger) -> None:
    lots = numbered_lots("P1", 3)
    recorded: list[str] = []

    def crash_after_first(closed: ClosedLot) -> None:
        recorded.append(closed.lot_number)
        raise SimulatedCrash("power cut")

    ledger._after_lot_recorded = crash_after_first
    with pytest.raises(SimulatedCrash):
        ledger.close(lots, "2024-05")
    assert recorded == ["0"]  # the first lot and its guides had been inserted

    assert ledger.list() == []
    for table in ("closings", "lots", "guides"):
        assert count_rows(ledger, table) == 0, table
    assert ledger.find_reuse(lot("P2", "9", guide("G0", "A0", "S0"))) == []

    ledger._after_lot_recorded = None
    assert ledger.close(lots, "2024-05") == [True, True, True]


_KILLED_CLOSER = r"""
import sys, time
from lotcheck.ledger import ClosedLot, GuideKey, Ledger

lots = [
    ClosedLot("P1", str(i), f"/l{i}.xml", "0" * 64, "4.01.00",
              (GuideKey(f"G{i}", f"A{i}", f"S{i}", None, "guiaSP-SADT"),))
    for i in range(3)
]
ledger = Ledger.open(sys.argv[1])

def stall(lot):
    print("RECORDED", lot.lot_number, flush=True)
    time.sleep(120)

ledger._after_lot_recorded = stall
ledger.close(lots, "2024-05")
print("COMMITTED", flush=True)
"""


def test_killed_closer_process_leaves_nothing(ledger: Ledger, ledger_url: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_CLOSER, ledger_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(60, child.kill)  # never hang the suite on a stuck child
    watchdog.start()
    try:
        line = child.stdout.readline() if child.stdout else ""
        assert line.strip() == "RECORDED 0", (line, child.stderr.read() if child.stderr else "")
        os.kill(child.pid, signal.SIGKILL)  # mid-transaction: no rollback, no cleanup code
        child.wait(timeout=30)
    finally:
        watchdog.cancel()
        child.kill()
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()

    assert child.returncode == -signal.SIGKILL
    assert ledger.list() == []
    for table in ("closings", "lots", "guides"):
        assert count_rows(ledger, table) == 0, table
    # Nothing stale is left behind either (a lock, a half-inserted unique key).
    assert ledger.close(numbered_lots("P1", 3), "2024-05") == [True, True, True]


# --------------------------------------------------------------------------------------------
# Reopening
# --------------------------------------------------------------------------------------------


def test_reopen_removes_the_period(ledger: Ledger) -> None:
    march = [lot("P1", "1", guide("1", "A1", "S1")), lot("P1", "2", guide("2", "A2"))]
    april = [lot("P1", "3", guide("3", "A3", "S3"))]
    ledger.close(march, "2024-03")
    ledger.close(april, "2024-04")

    assert ledger.reopen("2024-03") == 2

    assert [(x.lot_number, x.period) for x in ledger.list()] == [("3", "2024-04")]
    assert count_rows(ledger, "guides") == 1
    assert count_rows(ledger, "closings") == 1
    assert ledger.find_reuse(lot("P2", "9", guide("x", "A1", "S1"))) == []
    assert ledger.reopen("2024-03") == 0
    # The month can be closed again after the corrections.
    assert ledger.close(march, "2024-03") == [True, True]


# --------------------------------------------------------------------------------------------
# Reuse
# --------------------------------------------------------------------------------------------


def test_find_reuse_names_the_earlier_lot_and_period(ledger: Ledger) -> None:
    january = lot("P1", "100", guide("G1", "AUT-1", "SENHA-1"), guide("G2", "AUT-2", None))
    ledger.close([january], "2024-01")

    # A payer-side ledger: another provider presents the same authorization and password.
    other_provider = lot("P2", "555", guide("G1", "AUT-1", "SENHA-1"))
    assert ledger.find_reuse(other_provider) == [
        Reuse("operator_guide", "AUT-1", "100", "2024-01", january.path, "P1"),
        Reuse("password", "SENHA-1", "100", "2024-01", january.path, "P1"),
        # G1 is P2's own guide number: numbering is per provider, so it is not a reuse.
    ]

    # The same provider reusing its guide number in a new lot.
    same_provider = lot("P1", "101", guide("G2", "AUT-9", "SENHA-9"), guide(" AUT-2 "))
    assert ledger.find_reuse(same_provider) == [
        Reuse("guide_number", "G2", "100", "2024-01", january.path, "P1"),
    ]


def test_find_reuse_lists_every_earlier_lot(ledger: Ledger) -> None:
    ledger.close([lot("P1", "1", guide("1", "AUT-1"))], "2024-01")
    ledger.close([lot("P2", "1", guide("1", "AUT-1"))], "2024-02")

    found = ledger.find_reuse(lot("P3", "1", guide("1", "AUT-1"), guide("2", "AUT-1")))
    assert [(r.kind, r.value, r.provider, r.earlier_period) for r in found] == [
        ("operator_guide", "AUT-1", "P1", "2024-01"),
        ("operator_guide", "AUT-1", "P2", "2024-02"),
    ]


def test_find_reuse_does_not_report_the_lot_against_itself(ledger: Ledger) -> None:
    closed = lot("P1", "100", guide("G1", "AUT-1", "SENHA-1"), guide("G2", "AUT-1", "SENHA-1"))
    ledger.close([closed], "2024-01")

    assert ledger.find_reuse(closed) == []


def test_find_reuse_ignores_missing_and_blank_numbers(ledger: Ledger) -> None:
    ledger.close([lot("P1", "1", guide("G1", None, ""), guide("G2", "  ", None))], "2024-01")

    assert ledger.find_reuse(lot("P2", "1", guide("G9", None, ""), guide("G8", " ", None))) == []


# --------------------------------------------------------------------------------------------
# Read-only
# --------------------------------------------------------------------------------------------


def test_read_only_open_cannot_write_but_can_look_up(ledger: Ledger, ledger_url: str) -> None:
    january = lot("P1", "100", guide("G1", "AUT-1", "SENHA-1"))
    ledger.close([january], "2024-01")
    ledger.dispose()
    fingerprint = _sqlite_fingerprint(ledger_url)

    with Ledger.open(ledger_url, read_only=True) as read_only:
        assert read_only.read_only
        assert [x.lot_number for x in read_only.list()] == ["100"]
        assert [r.kind for r in read_only.find_reuse(lot("P2", "1", guide("x", "AUT-1")))] == [
            "operator_guide"
        ]

        with pytest.raises(LedgerError) as refused:
            read_only.close([lot("P1", "101")], "2024-02")
        assert refused.value.message_pt
        with pytest.raises(LedgerError):
            read_only.reopen("2024-01")

        # The refusal is the database's, not only ours: a write slipped past the API fails.
        assert read_only._engine is not None
        for statement in (
            "DELETE FROM guides",
            "INSERT INTO closings (period, closed_at) VALUES ('2030-01', CURRENT_TIMESTAMP)",
            "CREATE TABLE sneaky (x INTEGER)",
        ):
            with pytest.raises(DBAPIError), read_only._engine.begin() as conn:
                conn.execute(text(statement))

    assert _sqlite_fingerprint(ledger_url) == fingerprint
    with Ledger.open(ledger_url) as reopened:
        assert count_rows(reopened, "guides") == 1
        assert [x.lot_number for x in reopened.list()] == ["100"]


def _sqlite_fingerprint(url: str) -> str | None:
    return hashlib.sha256(Path(url).read_bytes()).hexdigest() if "://" not in url else None


def test_read_only_open_of_a_database_without_the_schema_is_refused(ledger_url: str) -> None:
    make_empty_database(ledger_url)

    with pytest.raises(LedgerError) as refused:
        Ledger.open(ledger_url, read_only=True)
    assert "schema version 0" in str(refused.value)
    assert "versão 0" in refused.value.message_pt

    # ...and it created nothing: a read-write open still finds version 0 and migrates it.
    with Ledger.open(ledger_url) as opened:
        assert [version for version, _ in schema_versions(opened)] == [1]


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "period", ["2024-13", "2024-00", "2024-1", "24-01", "2024/01", "202401", "", " 2024-01"]
)
def test_invalid_period_is_rejected(ledger: Ledger, period: str) -> None:
    for action in (
        lambda: ledger.close([lot("P1", "1")], period),
        lambda: ledger.reopen(period),
        lambda: ledger.list(period),
    ):
        with pytest.raises(LedgerError) as rejected:
            action()
        assert "YYYY-MM" in str(rejected.value)
        assert "AAAA-MM" in rejected.value.message_pt
    assert ledger.list() == []


def test_lot_without_identity_is_rejected(ledger: Ledger) -> None:
    with pytest.raises(LedgerError):
        ledger.close([lot("P1", "1"), lot(" ", "2")], "2024-01")
    assert ledger.list() == []


# --------------------------------------------------------------------------------------------
# Schema migrations
# --------------------------------------------------------------------------------------------


def test_opening_an_existing_ledger_does_not_rerun_migrations(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as first:
        first.close([lot("P1", "1", guide("1"))], "2024-01")
        applied = schema_versions(first)
    assert [version for version, _ in applied] == [ledger_module.SCHEMA_VERSION]

    for _ in range(2):
        with Ledger.open(ledger_url) as again:
            assert schema_versions(again) == applied
            assert [x.lot_number for x in again.list()] == ["1"]


def test_a_new_migration_is_applied_once_on_top_of_the_old_ones(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger.open(ledger_url) as v1:
        v1.close([lot("P1", "1")], "2024-01")

    _add_migration(monkeypatch, ("CREATE TABLE extra_notes (note TEXT)",))
    for _ in range(2):
        with Ledger.open(ledger_url) as v2:
            assert [version for version, _ in schema_versions(v2)] == [1, 2]
            assert count_rows(v2, "extra_notes") == 0
            assert [x.lot_number for x in v2.list()] == ["1"]


def test_a_failing_migration_leaves_the_previous_version_intact(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Ledger.open(ledger_url).dispose()
    with monkeypatch.context() as patched:
        _add_migration(patched, ("CREATE TABLE extra_notes (note TEXT)", "THIS IS NOT SQL"))
        with pytest.raises(LedgerError):
            Ledger.open(ledger_url)

    with Ledger.open(ledger_url) as opened:
        assert [version for version, _ in schema_versions(opened)] == [1]
        assert opened._engine is not None
        with opened._engine.connect() as conn:
            assert not inspect(conn).has_table("extra_notes")  # the DDL was rolled back too


def test_a_ledger_from_a_newer_lotcheck_is_refused(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as opened:
        assert opened._engine is not None
        with opened._engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO schema_version (version, applied_at)"
                    " VALUES (99, CURRENT_TIMESTAMP)"
                )
            )
    for read_only in (False, True):
        with pytest.raises(LedgerError) as refused:
            Ledger.open(ledger_url, read_only=read_only)
        assert "upgrade lotcheck" in str(refused.value)


def test_table_definitions_match_what_the_migrations_create(ledger: Ledger) -> None:
    assert ledger._engine is not None
    with ledger._engine.connect() as conn:
        inspector = inspect(conn)
        for table in ledger_module._metadata.sorted_tables:
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            assert columns == set(table.columns.keys()), table.name
        indexed = {tuple(index["column_names"]) for index in inspector.get_indexes("guides")}
        assert {("operator_guide_number",), ("password",), ("guide_number", "provider")} <= indexed


def _add_migration(monkeypatch: pytest.MonkeyPatch, steps: tuple[str, ...]) -> None:
    version = ledger_module.SCHEMA_VERSION + 1
    monkeypatch.setattr(ledger_module, "MIGRATIONS", (*ledger_module.MIGRATIONS, (version, steps)))
    monkeypatch.setattr(ledger_module, "SCHEMA_VERSION", version)


# --------------------------------------------------------------------------------------------
# Life cycle
# --------------------------------------------------------------------------------------------


def test_close_without_arguments_releases_the_ledger(ledger_url: str) -> None:
    opened = Ledger.open(ledger_url)
    opened.close()
    with pytest.raises(LedgerError):
        opened.list()
    with Ledger.open(ledger_url) as other, pytest.raises(TypeError):
        other.close([lot("P1", "1")])  # type: ignore[call-overload]


# --------------------------------------------------------------------------------------------
# SQLite only: files, URLs, the default location
# --------------------------------------------------------------------------------------------


def test_read_only_open_of_a_missing_sqlite_file_does_not_create_it(tmp_path: Path) -> None:
    missing = tmp_path / "not-yet" / "ledger.sqlite3"

    with Ledger.open(missing, read_only=True) as read_only:
        assert not read_only.exists
        assert read_only.list() == []
        assert read_only.list("2024-01") == []
        assert read_only.find_reuse(lot("P1", "1", guide("1", "A", "S"))) == []
        with pytest.raises(LedgerError) as refused:
            read_only.close([lot("P1", "1")], "2024-01")
        assert "read-only" in str(refused.value)

    assert not missing.parent.exists()


def test_default_ledger_lives_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "home" / ".local" / "share" / "lotcheck"
    monkeypatch.setattr(ledger_module.platformdirs, "user_data_dir", lambda _app: str(data_dir))

    with Ledger.open() as opened:
        opened.close([lot("P1", "1")], "2024-01")
        assert opened.location == str(data_dir / "ledger.sqlite3")
    assert (data_dir / "ledger.sqlite3").is_file()


def test_sqlite_urls_and_paths_reach_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    with Ledger.open(str(path)) as by_path:
        by_path.close([lot("P1", "1")], "2024-01")
        assert by_path.backend == "sqlite"
    with Ledger.open(f"sqlite:///{path}", read_only=True) as by_url:
        assert [x.lot_number for x in by_url.list()] == ["1"]


def test_sqlite_ledger_uses_wal(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "ledger.sqlite3") as opened:
        assert opened._engine is not None
        with opened._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_missing_folder_for_an_explicit_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LedgerError) as refused:
        Ledger.open(tmp_path / "nope" / "ledger.sqlite3")
    assert "não existe" in refused.value.message_pt


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:pw@db.example/lotcheck", "postgresql+psycopg://u:pw@db.example/lotcheck"),
        ("postgresql://u@db.example:5433/x", "postgresql+psycopg://u@db.example:5433/x"),
        ("postgresql+psycopg://u@h/x", "postgresql+psycopg://u@h/x"),
    ],
)
def test_postgresql_urls_use_psycopg(url: str, expected: str) -> None:
    target = ledger_module._resolve_target(url)
    assert (target.backend, target.pg_url) == ("postgresql", expected)


@pytest.mark.parametrize("url", ["mysql://u@h/x", "postgresql+psycopg2://u@h/x", "  "])
def test_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(LedgerError):
        Ledger.open(url)


# --------------------------------------------------------------------------------------------
# The test server helper: no PostgreSQL must fail loudly, never skip
# --------------------------------------------------------------------------------------------


def test_missing_postgresql_binaries_give_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pg_server

    monkeypatch.delenv(pg_server.BINDIR_ENV, raising=False)
    monkeypatch.setattr(pg_server.shutil, "which", lambda _name: None)
    monkeypatch.setattr(pg_server.glob, "glob", lambda _pattern: [])

    with pytest.raises(pg_server.PostgresUnavailable) as missing:
        pg_server.find_bindir()
    assert "pg-setup.sh" in str(missing.value)
    assert pg_server.URL_ENV in str(missing.value)
