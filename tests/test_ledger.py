"""The ledger of closed lots: the same suite against SQLite and a real PostgreSQL server.

Every test taking ``ledger_url`` runs once per backend. Opening (errors, URLs, timeouts, files
left untouched) is in test_ledger_open.py; the CLI in test_ledger_cli.py.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

import lotcheck.ledger.schema as ledger_schema
from ledger_kit import (
    count_rows,
    engine_of,
    guide,
    lot,
    make_empty_database,
    numbered_lots,
    recorded,
    schema_versions,
)
from lotcheck.ledger import ClosedLot, CloseOutcome, Ledger, LedgerError, Reuse

# the ledger_url (one run per backend) and ledger fixtures
pytest_plugins = ["ledger_fixtures"]

SRC = Path(__file__).resolve().parents[1] / "src"


# --------------------------------------------------------------------------------------------
# Closing and listing
# --------------------------------------------------------------------------------------------


def test_close_then_list(ledger: Ledger) -> None:
    first = lot("11222333000181", "100", guide("1", "A1", "S1"), guide("2", "A2", None))
    second = lot("11222333000181", "101", guide("3", "A3", "S3"))
    before = datetime.now(UTC) - timedelta(seconds=5)

    assert ledger.close([first, second], "2024-03") == [
        CloseOutcome(first, True, "2024-03"),
        CloseOutcome(second, True, "2024-03"),
    ]

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


def test_closing_same_lot_twice_records_it_once_and_names_its_period(ledger: Ledger) -> None:
    closed = lot("P1", "7", guide("1", "A1", "S1"), guide("2", "A2", "S2"))

    assert ledger.close([closed], "2024-01") == [CloseOutcome(closed, True, "2024-01")]
    # The same lot again, from another copy of the file: "already closed in 2024-01, there".
    copy = lot("P1", "7", guide("1", "A1", "S1"), path="/elsewhere/copia.xml")
    assert ledger.close([copy], "2024-02") == [CloseOutcome(copy, False, "2024-01", closed.path)]
    # Repeated inside one closing too: only the first occurrence is recorded.
    other = lot("P1", "8", guide("9"))
    assert ledger.close([other, closed, other], "2024-02") == [
        CloseOutcome(other, True, "2024-02"),
        CloseOutcome(closed, False, "2024-01", closed.path),
        CloseOutcome(other, False, "2024-02", other.path),
    ]

    assert [(x.lot_number, x.period) for x in ledger.list()] == [("7", "2024-01"), ("8", "2024-02")]
    assert count_rows(ledger, "lots") == 2
    assert count_rows(ledger, "guides") == 3


def test_empty_closing_records_nothing(ledger: Ledger) -> None:
    assert ledger.close([], "2024-01") == []
    assert ledger.list() == []


def test_same_lot_number_of_two_providers_are_two_lots(ledger: Ledger) -> None:
    assert recorded(ledger.close([lot("P1", "1"), lot("P2", "1")], "2024-01")) == [True, True]
    assert len(ledger.list()) == 2


def _race(
    ledger_url: str, jobs: Sequence[tuple[Sequence[ClosedLot], str]]
) -> list[list[CloseOutcome]]:
    """Run each (lots, period) closing in its own thread and connection, all released at once.

    Each closer also pauses inside its transaction after recording a lot, so the others really
    run into its uncommitted rows (or its write lock) instead of arriving after it committed.
    """
    ledgers = [Ledger.open(ledger_url) for _ in jobs]
    barrier = threading.Barrier(len(jobs))
    results: list[list[CloseOutcome] | None] = [None] * len(jobs)
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
        assert sorted(recorded(r) for r in results) == [[False], [True]]
        # The loser is told where the lot is: the winner's period.
        assert [o.period for r in results for o in r] == ["2024-06", "2024-06"]

    assert [x.lot_number for x in ledger.list()] == ["race-0", "race-1", "race-2"]
    assert count_rows(ledger, "lots") == 3
    assert count_rows(ledger, "guides") == 6
    assert count_rows(ledger, "closings") == 1


def test_concurrent_closings_sharing_lots_in_opposite_order_do_not_deadlock(
    ledger: Ledger, ledger_url: str
) -> None:
    x, y, z = lot("P1", "x", guide("1")), lot("P1", "y", guide("2")), lot("P1", "z", guide("3"))
    outcomes = _race(ledger_url, [([x, y, z], "2024-06"), ([z, y, x], "2024-07")])
    first, second = recorded(outcomes[0]), recorded(outcomes[1])[::-1]

    # Every lot recorded by exactly one of the two closings...
    assert [a or b for a, b in zip(first, second, strict=True)] == [True] * 3
    assert [a and b for a, b in zip(first, second, strict=True)] == [False] * 3
    # ...and each outcome names the period the lot really is in.
    listed = {row.lot_number: row.period for row in ledger.list()}
    assert sorted(listed) == ["x", "y", "z"]
    for outcome in outcomes[0] + outcomes[1]:
        assert outcome.period == listed[outcome.lot.lot_number]
    assert count_rows(ledger, "guides") == 3


def test_concurrent_first_closings_migrate_once(ledger_url: str) -> None:
    # Opening migrates nothing; the first writes do, and three at once apply each version once.
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            with Ledger.open(ledger_url) as opened:
                barrier.wait(timeout=30)
                opened.close([lot("P1", f"first-{index}")], "2024-01")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    with Ledger.open(ledger_url) as opened:
        assert schema_versions(opened) == [1, 2, 3, 4]
        assert [x.lot_number for x in opened.list()] == ["first-0", "first-1", "first-2"]


def _together(*actions: Callable[[], object]) -> list[object]:
    """Run each action in its own thread, all released at once; each one's result or error."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        try:
            results[index] = actions[index]()
        except BaseException as exc:  # returned, for the test to show
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "hung"
    return results


def test_closing_racing_a_reopening_of_the_same_period_never_fails(
    ledger: Ledger, ledger_url: str
) -> None:
    """The month is closed, then closed again (the same lots) while someone reopens it.

    PostgreSQL used to answer "deadlock detected" every time: the reopening deleted the lots and
    waited for the period row, the closing held the period row and waited for the deleted lots.
    Whatever order they run in, both must succeed and the ledger must be one of the two
    serial outcomes: reopen first (the closing records the lots again) or closing first (it
    finds them all closed in that period, then the reopen removes them).
    """
    lots = numbered_lots("P1", 3, prefix="r")
    closer, reopener = Ledger.open(ledger_url), Ledger.open(ledger_url)
    # The closing pauses inside its transaction after each lot it records, so the two really
    # overlap instead of one finishing before the other starts.
    closer._after_lot_recorded = lambda _lot: threading.Event().wait(0.02)
    orders: list[str] = []
    try:
        for trial in range(20):
            assert recorded(ledger.close(lots, "2024-08")) == [True] * 3
            outcomes, removed = _together(
                lambda: closer.close(lots, "2024-08"), lambda: reopener.reopen("2024-08")
            )
            assert not isinstance(outcomes, BaseException), (trial, outcomes)
            assert not isinstance(removed, BaseException), (trial, removed)
            assert isinstance(outcomes, list)
            # Either serial order removes the 3 lots closed before the race.
            assert removed == 3, trial
            listed = [(x.lot_number, x.period) for x in ledger.list()]
            if recorded(outcomes) == [True] * 3:  # reopen first, then the closing
                orders.append("reopen-first")
                assert listed == [("r0", "2024-08"), ("r1", "2024-08"), ("r2", "2024-08")]
                assert count_rows(ledger, "guides") == 3
                ledger.reopen("2024-08")  # the next trial starts from the same state
            else:  # the closing first (found them closed), then the reopen
                orders.append("close-first")
                assert recorded(outcomes) == [False] * 3, trial
                assert [o.period for o in outcomes] == ["2024-08"] * 3
                assert listed == []
            assert count_rows(ledger, "guides") == 0
            assert count_rows(ledger, "closings") == 0
    finally:
        closer.dispose()
        reopener.dispose()
    assert len(orders) == 20


# --------------------------------------------------------------------------------------------
# Crashes
# --------------------------------------------------------------------------------------------


class SimulatedCrash(RuntimeError):
    pass


def test_failure_in_the_middle_of_a_closing_records_nothing(ledger: Ledger) -> None:
    lots = numbered_lots("P1", 3)
    inserted: list[str] = []

    def crash_after_first(closed: ClosedLot) -> None:
        inserted.append(closed.lot_number)
        raise SimulatedCrash("power cut")

    ledger._after_lot_recorded = crash_after_first
    with pytest.raises(SimulatedCrash):
        ledger.close(lots, "2024-05")
    assert inserted == ["0"]  # the first lot and its guides had been inserted

    assert ledger.list() == []
    for table in ("closings", "lots", "guides"):
        assert count_rows(ledger, table) == 0, table
    assert ledger.find_reuse(lot("P2", "9", guide("G0", "A0", "S0"))) == []

    ledger._after_lot_recorded = None
    assert recorded(ledger.close(lots, "2024-05")) == [True, True, True]


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
    assert recorded(ledger.close(numbered_lots("P1", 3), "2024-05")) == [True, True, True]


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
    assert recorded(ledger.close(march, "2024-03")) == [True, True]


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
        assert schema_versions(opened) == [1, 2, 3, 4]


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
        applied = _applied(first)
    assert [version for version, _ in applied] == [1, 2, 3, 4]

    for _ in range(2):
        with Ledger.open(ledger_url) as again:
            assert [x.lot_number for x in again.list()] == ["1"]
            assert _applied(again) == applied


def _applied(opened: Ledger) -> list[tuple[int, object]]:
    with engine_of(opened).connect() as conn:
        rows = conn.execute(text("SELECT version, applied_at FROM schema_version ORDER BY 1"))
        return [(int(row[0]), row[1]) for row in rows]


def test_a_new_migration_is_applied_once_on_top_of_the_old_ones(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger.open(ledger_url) as v2:
        v2.close([lot("P1", "1")], "2024-01")

    _add_migration(monkeypatch, ("CREATE TABLE extra_notes (note TEXT)",))
    for _ in range(2):
        with Ledger.open(ledger_url) as v3:
            assert [x.lot_number for x in v3.list()] == ["1"]
            assert schema_versions(v3) == [1, 2, 3, 4, 5]
            assert count_rows(v3, "extra_notes") == 0


def test_a_failing_migration_leaves_the_previous_version_intact(
    ledger_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Ledger.open(ledger_url) as v2:
        v2.close([lot("P1", "1")], "2024-01")
    with monkeypatch.context() as patched:
        _add_migration(patched, ("CREATE TABLE extra_notes (note TEXT)", "THIS IS NOT SQL"))
        with Ledger.open(ledger_url) as v3, pytest.raises(LedgerError) as failed:
            v3.close([lot("P1", "2")], "2024-01")  # the first write upgrades, and fails
        assert failed.value.key == "db.open"

    with Ledger.open(ledger_url) as opened:
        assert schema_versions(opened) == [1, 2, 3, 4]
        assert [x.lot_number for x in opened.list()] == ["1"]
        with engine_of(opened).connect() as conn:
            assert not inspect(conn).has_table("extra_notes")  # the DDL was rolled back too


def test_upgrading_a_version_1_ledger_keeps_its_lots(ledger_url: str) -> None:
    """A ledger written by the lotcheck before version 2 (paths as typed, no raw_path)."""
    _create_version_1(ledger_url)

    # Read-only cannot upgrade: refused, and nothing changed.
    with pytest.raises(LedgerError) as refused:
        Ledger.open(ledger_url, read_only=True)
    assert refused.value.key == "schema.outdated_read_only"

    with Ledger.open(ledger_url) as opened:
        old = opened.list()  # the first use upgrades
        assert schema_versions(opened) == [1, 2, 3, 4]
        assert [(x.lot_number, x.path, x.raw_path, x.period) for x in old] == [
            ("500", "lotes/lote-500.xml", None, "2023-01")
        ]
        # The old lot's guides are found, and a new closing records the new columns.
        assert [r.value for r in opened.find_reuse(lot("P2", "9", guide("x", "AUT-500")))] == [
            "AUT-500"
        ]
        latin1 = os.fsdecode(b"/lotes/lote-\xe9.xml")
        opened.close([lot("P1", "501", guide("501"), path=latin1)], "2023-02")
        new = opened.list("2023-02")[0]
        assert (new.path, new.raw_path) == ("/lotes/lote-\\xe9.xml", b"/lotes/lote-\xe9.xml")
        # "already closed" names the old lot's period.
        assert opened.close([lot("P1", "500")], "2023-03")[0].period == "2023-01"
    with Ledger.open(ledger_url, read_only=True) as read_only:
        assert len(read_only.list()) == 2


def _create_version_1(url: str) -> None:
    """Run version 1's DDL as shipped, and record one lot the way that lotcheck did."""
    backend = "postgresql" if "://" in url else "sqlite"
    types = ledger_schema.DDL_TYPES[backend]
    steps = [step.format(**types) for step in ledger_schema.MIGRATIONS[0][1]]
    rows = [
        "INSERT INTO schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)",
        "INSERT INTO closings (period, closed_at) VALUES ('2023-01', CURRENT_TIMESTAMP)",
        "INSERT INTO lots (closing_id, provider, lot_number, path, sha256, tiss_version,"
        " guide_count, closed_at) SELECT id, 'P1', '500', 'lotes/lote-500.xml', 'ab', '4.01.00',"
        " 1, CURRENT_TIMESTAMP FROM closings",
        "INSERT INTO guides (lot_id, provider, guide_number, operator_guide_number, password,"
        " beneficiary, guide_type) SELECT id, 'P1', '500', 'AUT-500', NULL, NULL, 'guiaConsulta'"
        " FROM lots",
    ]
    if backend == "sqlite":
        conn = sqlite3.connect(url)
        with conn:
            for statement in steps + rows:
                conn.execute(statement)
        conn.close()
    else:
        from sqlalchemy import create_engine

        engine = create_engine(url)
        with engine.begin() as conn:
            for statement in steps + rows:
                conn.exec_driver_sql(statement)
        engine.dispose()


def test_a_ledger_from_a_newer_lotcheck_is_refused(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as opened, engine_of(opened).begin() as conn:
        conn.execute(
            text("INSERT INTO schema_version (version, applied_at) VALUES (99, CURRENT_TIMESTAMP)")
        )
    for read_only in (False, True):
        with pytest.raises(LedgerError) as refused:
            Ledger.open(ledger_url, read_only=read_only)
        assert "upgrade lotcheck" in str(refused.value)
        assert "atualize o lotcheck" in refused.value.message_pt


def test_table_definitions_match_what_the_migrations_create(ledger: Ledger) -> None:
    with engine_of(ledger).connect() as conn:
        inspector = inspect(conn)
        for table in ledger_schema.metadata.sorted_tables:
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            assert columns == set(table.columns.keys()), table.name
        indexed = {tuple(index["column_names"]) for index in inspector.get_indexes("guides")}
        assert {("operator_guide_number",), ("password",), ("guide_number", "provider")} <= indexed


def _add_migration(monkeypatch: pytest.MonkeyPatch, steps: tuple[str, ...]) -> None:
    version = ledger_schema.SCHEMA_VERSION + 1
    monkeypatch.setattr(ledger_schema, "MIGRATIONS", (*ledger_schema.MIGRATIONS, (version, steps)))
    monkeypatch.setattr(ledger_schema, "SCHEMA_VERSION", version)


# --------------------------------------------------------------------------------------------
# Paths and file names
# --------------------------------------------------------------------------------------------


def test_a_relative_path_is_recorded_absolute(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    ledger.close([lot("P1", "1", path="lotes/lote-1.xml")], "2024-01")

    assert ledger.list()[0].path == str(tmp_path / "lotes" / "lote-1.xml")


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        # a Latin-1 name from a Windows share: not UTF-8
        (b"/lotes/lote-\xe9.xml", "/lotes/lote-\\xe9.xml"),
        # valid UTF-8, but a newline and a tab would break the listing's lines
        (b"/lotes/lote\n1\t.xml", "/lotes/lote\\x0a1\\x09.xml"),
    ],
)
def test_a_file_name_that_is_not_printable_text_is_kept_losslessly(
    ledger: Ledger, name: bytes, shown: str
) -> None:
    path = os.fsdecode(name)  # what Python hands over for such a name
    closed = lot("P1", "1", guide("G1", "AUT-1"), path=path)

    assert ledger.close([closed], "2024-01") == [CloseOutcome(closed, True, "2024-01")]
    assert ledger.close([closed], "2024-02")[0].earlier_path == shown

    (listed,) = ledger.list()
    assert (listed.path, listed.raw_path, listed.fs_path) == (shown, name, path)
    listed.path.encode("utf-8")  # printable: no surrogate left to crash a terminal
    assert listed.path.isprintable()
    (reuse,) = ledger.find_reuse(lot("P2", "9", guide("x", "AUT-1")))
    assert reuse.earlier_path == shown


def test_a_plain_name_has_no_raw_copy(ledger: Ledger) -> None:
    ledger.close([lot("P1", "1", path="/lotes/lote-ção.xml")], "2024-01")

    (listed,) = ledger.list()
    assert (listed.path, listed.raw_path) == ("/lotes/lote-ção.xml", None)


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
