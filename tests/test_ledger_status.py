"""A closed lot's status history (schema version 4): the same suite on SQLite and PostgreSQL.

Every test taking ``ledger`` or ``ledger_url`` runs once per backend (ledger_fixtures.py). The
figures expected are written by hand from the rule, never copied from the program's output.
The command line (``ledger send``, ``ledger list --period``) is in test_ledger_status_cli.py.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

import lotcheck.ledger.schema as ledger_schema
from ledger_kit import count_rows, engine_of, guide, lot, schema_versions
from lotcheck.ledger import (
    AppealRecord,
    ClosedLot,
    Ledger,
    LedgerError,
    LotRef,
    LotStatus,
    ReturnRow,
    ReturnTotals,
    StatementLotFigures,
    StatementOutcome,
    StatementRecord,
    StatusOutcome,
)
from lotcheck.ledger.status_tables import lot_statuses

pytest_plugins = ["ledger_fixtures"]


def sent_lot(provider: str, number: str, sent: str | None) -> ClosedLot:
    return replace(
        lot(provider, number, guide(f"G{number}")), sent=None if sent is None else D(sent)
    )


def figures(
    number: str,
    released: str,
    denied: str,
    contestable: str = "0.00",
    protocol: str | None = None,
    provider: str | None = "P1",
) -> StatementLotFigures:
    return StatementLotFigures(provider, number, protocol, D(released), D(denied), D(contestable))


def statement(key: str, *lots: StatementLotFigures, sha: str = "aa") -> StatementRecord:
    return StatementRecord(key=key, sha256=sha * 32, path=f"/retornos/{key}.xml", lots=lots)


def appeal(
    number: str, amount: str, lot_number: str = "100", protocol: str | None = None
) -> AppealRecord:
    return AppealRecord(
        "P1", lot_number, protocol, number, D(amount), "cc" * 32, f"/rec/{number}.xml"
    )


def statuses(ledger: Ledger) -> list[tuple[str, str]]:
    with engine_of(ledger).connect() as conn:
        rows = conn.execute(text("SELECT status, event_key FROM lot_statuses ORDER BY id"))
        return [(row[0], row[1]) for row in rows]


def row_of(ledger: Ledger, period: str, number: str) -> ReturnRow:
    (found,) = [r for r in ledger.returns(period) if r.lot_number == number]
    return found


# --------------------------------------------------------------------------------------------
# The cycle, step by step
# --------------------------------------------------------------------------------------------


def test_a_closed_lot_moves_closed_sent_statement_appealed(ledger: Ledger) -> None:
    ledger.close([sent_lot("P1", "100", "1000.00")], "2023-10")
    assert ledger.returns("2023-10") == [
        ReturnRow("P1", "100", LotStatus.CLOSED, None, D("1000.00"), None, None, None, None)
    ]
    assert statuses(ledger) == [("closed", "")]

    ref = LotRef("P1", "100", "2023-10")
    assert ledger.mark_sent("P1", "100", "PROT-1") == StatusOutcome(
        ref, LotStatus.SENT, "PROT-1", changed=True
    )
    assert row_of(ledger, "2023-10", "100").status is LotStatus.SENT
    assert row_of(ledger, "2023-10", "100").protocol == "PROT-1"

    outcome = ledger.record_statement(
        statement("3:77", figures("100", "850.00", "150.00", "100.00", protocol="PROT-1"))
    )
    assert (outcome.recorded, outcome.lots, outcome.unknown) == (True, (ref,), ())
    after_statement = row_of(ledger, "2023-10", "100")
    assert after_statement.status is LotStatus.STATEMENT
    assert (after_statement.released, after_statement.denied, after_statement.contestable) == (
        D("850.00"),
        D("150.00"),
        D("100.00"),
    )
    assert after_statement.appealed is None

    assert ledger.record_appeal(appeal("R-1", "100.00")) == StatusOutcome(
        ref, LotStatus.APPEALED, "R-1", changed=True
    )
    assert ledger.returns("2023-10") == [
        ReturnRow(
            "P1",
            "100",
            LotStatus.APPEALED,
            "PROT-1",
            D("1000.00"),
            D("850.00"),
            D("150.00"),
            D("100.00"),
            D("100.00"),
            statements=1,
            appeals=1,
        )
    ]
    assert statuses(ledger) == [
        ("closed", ""),
        ("sent", ""),
        ("statement", "3:77"),
        ("appealed", "R-1"),
    ]


def test_the_status_is_the_furthest_reached_whatever_the_order(ledger: Ledger) -> None:
    """A statement loaded before the lot was marked sent: the lot is at "statement", and the
    protocol the statement quoted is the lot's until it is marked sent (with the same one)."""
    ledger.close([lot("P1", "100")], "2023-10")
    ledger.record_statement(statement("3:1", figures("100", "10.00", "0.00", protocol="PX")))
    assert (row_of(ledger, "2023-10", "100").status, row_of(ledger, "2023-10", "100").protocol) == (
        LotStatus.STATEMENT,
        "PX",
    )
    assert ledger.mark_sent(None, "100", "PX").changed
    assert row_of(ledger, "2023-10", "100").status is LotStatus.STATEMENT


def test_sending_twice_with_the_same_protocol_changes_nothing(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    assert ledger.mark_sent("P1", "100", "PROT-1").changed
    again = ledger.mark_sent("P1", "100", " PROT-1 ")  # blanks are noise, as for lot numbers
    assert (again.changed, again.detail, again.status) == (False, "PROT-1", LotStatus.SENT)
    assert statuses(ledger) == [("closed", ""), ("sent", "")]


def test_sending_with_another_protocol_is_an_error_that_changes_nothing(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    ledger.mark_sent("P1", "100", "PROT-1")
    with pytest.raises(LedgerError) as refused:
        ledger.mark_sent("P1", "100", "PROT-2")
    assert refused.value.key == "status.protocol_mismatch"
    assert "PROT-1" in refused.value.message and "PROT-2" in refused.value.message
    assert "PROT-1" in refused.value.message_pt
    assert row_of(ledger, "2023-10", "100").protocol == "PROT-1"
    assert statuses(ledger) == [("closed", ""), ("sent", "")]


def test_a_lot_not_closed_cannot_move(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    for action in (
        lambda: ledger.mark_sent("P1", "999", "PROT-1"),
        lambda: ledger.mark_sent("P2", "100", "PROT-1"),  # that number, another provider
        lambda: ledger.record_appeal(appeal("R-1", "5.00", lot_number="999")),
    ):
        with pytest.raises(LedgerError) as refused:
            action()
        assert refused.value.key == "status.not_closed"
        assert "lotcheck ledger close" in refused.value.message
    assert statuses(ledger) == [("closed", "")]


def test_marking_a_lot_in_a_ledger_not_created_yet_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "novo.sqlite3"
    with Ledger.open(path) as ledger, pytest.raises(LedgerError) as refused:
        ledger.mark_sent(None, "100", "PROT-1")
    assert refused.value.key == "status.not_closed"
    assert not path.exists()


def test_a_lot_number_of_two_providers_needs_the_provider(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100"), lot("P2", "100"), lot("P2", "200")], "2023-10")
    with pytest.raises(LedgerError) as refused:
        ledger.mark_sent(None, "100", "PROT-1")
    assert refused.value.key == "status.ambiguous"
    assert "P1, P2" in refused.value.message and "--provider" in refused.value.message_pt
    with pytest.raises(LedgerError) as in_statement:
        ledger.record_statement(statement("3:1", figures("100", "1.00", "0.00", provider=None)))
    assert in_statement.value.key == "status.ambiguous"
    assert count_rows(ledger, "statements") == 0  # the whole load refused
    # Named, it is found; a number only one provider closed needs no provider.
    assert ledger.mark_sent("P2", "100", "PROT-1").lot == LotRef("P2", "100", "2023-10")
    assert ledger.mark_sent(None, "200", "PROT-2").lot == LotRef("P2", "200", "2023-10")


def test_empty_numbers_are_refused(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: ledger.mark_sent("P1", "100", "  "), "status.no_protocol"),
        (lambda: ledger.mark_sent("P1", "", "PROT-1"), "status.no_lot_number"),
        (lambda: ledger.record_appeal(appeal(" ", "1.00")), "status.no_appeal_number"),
        (lambda: ledger.record_statement(statement("")), "status.no_key"),
    ]
    for action, key in cases:
        with pytest.raises(LedgerError) as refused:
            action()
        assert refused.value.key == key
    assert statuses(ledger) == [("closed", "")]


def test_a_read_only_ledger_refuses_status_changes(ledger: Ledger, ledger_url: str) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    with Ledger.open(ledger_url, read_only=True) as reader:
        with pytest.raises(LedgerError) as refused:
            reader.mark_sent("P1", "100", "PROT-1")
        assert refused.value.key == "read_only"
        assert [r.status for r in reader.returns("2023-10")] == [LotStatus.CLOSED]


# --------------------------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------------------------


def test_a_statement_loaded_twice_is_recorded_once(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100"), lot("P1", "101")], "2023-10")
    record = statement(
        "345678:2023-10-77",
        figures("100", "80.00", "20.00", "20.00"),
        figures("101", "5.00", "0.00"),
    )
    first = ledger.record_statement(record)
    assert first.recorded and not first.already_recorded
    assert [ref.lot_number for ref in first.lots] == ["100", "101"]
    before = ledger.returns("2023-10")

    second = ledger.record_statement(replace(record, path="/outra/copia.xml"))
    assert second.already_recorded
    assert (second.lots, second.unknown) == ((), ())
    assert (second.earlier_path, second.earlier_sha256) == (record.path, record.sha256)
    assert ledger.returns("2023-10") == before  # figures not added twice
    assert count_rows(ledger, "statements") == 1
    assert statuses(ledger).count(("statement", "345678:2023-10-77")) == 2  # one per lot


def test_lots_of_a_statement_not_in_the_ledger_are_listed_not_dropped(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    missing = figures("555", "1.00", "2.00")
    outcome = ledger.record_statement(statement("3:9", figures("100", "9.00", "1.00"), missing))
    assert outcome.recorded
    assert outcome.lots == (LotRef("P1", "100", "2023-10"),)
    assert outcome.unknown == (missing,)
    assert row_of(ledger, "2023-10", "100").released == D("9.00")


def test_a_lot_listed_twice_in_a_statement_adds_up(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    ledger.record_statement(
        statement("3:9", figures("100", "10.10", "0.05", "0.05"), figures("100", "0.20", "3.00"))
    )
    row = row_of(ledger, "2023-10", "100")
    # 10.10 + 0.20, 0.05 + 3.00, 0.05 + 0.00, by hand
    assert (row.released, row.denied, row.contestable, row.statements) == (
        D("10.30"),
        D("3.05"),
        D("0.05"),
        1,
    )


def test_two_statements_of_one_lot_add_up(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    ledger.record_statement(statement("3:1", figures("100", "70.00", "30.00", "30.00")))
    ledger.record_statement(statement("3:2", figures("100", "20.00", "10.00", "0.00"), sha="bb"))
    row = row_of(ledger, "2023-10", "100")
    assert (row.released, row.denied, row.contestable, row.statements) == (
        D("90.00"),
        D("40.00"),
        D("30.00"),
        2,
    )


def test_a_statement_quoting_another_protocol_records_nothing(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100"), lot("P1", "101")], "2023-10")
    ledger.mark_sent("P1", "101", "PROT-101")
    wrong = statement(
        "3:5", figures("100", "1.00", "0.00"), figures("101", "1.00", "0.00", protocol="PROT-X")
    )
    with pytest.raises(LedgerError) as refused:
        ledger.record_statement(wrong)
    assert refused.value.key == "status.protocol_mismatch"
    assert count_rows(ledger, "statements") == 0  # one transaction: lot 100 was not given it
    assert [r.status for r in ledger.returns("2023-10")] == [LotStatus.CLOSED, LotStatus.SENT]


def test_money_comes_back_exactly_as_written(ledger: Ledger) -> None:
    ledger.close([sent_lot("P1", "100", "1234.5")], "2023-10")
    ledger.record_statement(statement("3:1", figures("100", "0.10", "1234.40", "0.1")))
    row = row_of(ledger, "2023-10", "100")
    assert [str(v) for v in (row.sent, row.released, row.denied)] == ["1234.5", "0.10", "1234.40"]
    # 0.00 + 0.1: the sum keeps the cents of the zero it starts from
    assert str(row.contestable) == "0.10"


def test_a_float_or_nan_amount_is_refused_before_anything_is_written(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    bad = StatementLotFigures("P1", "100", None, 1.5, D("0"), D("0"))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        ledger.record_statement(statement("3:1", bad))
    with pytest.raises(ValueError):
        ledger.record_appeal(appeal("R-1", "NaN"))
    assert count_rows(ledger, "statements") == 0
    assert statuses(ledger) == [("closed", "")]


# --------------------------------------------------------------------------------------------
# Appeals
# --------------------------------------------------------------------------------------------


def test_an_appeal_is_recorded_once_per_number(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    assert ledger.record_appeal(appeal("R-1", "40.00")).changed
    again = ledger.record_appeal(replace(appeal("R-1", "40.00"), path="/copia.xml"))
    assert (again.changed, again.detail) == (False, "R-1")
    assert ledger.record_appeal(appeal("R-2", "2.50")).changed
    row = row_of(ledger, "2023-10", "100")
    assert (row.status, row.appealed, row.appeals) == (LotStatus.APPEALED, D("42.50"), 2)

    with pytest.raises(LedgerError) as refused:
        ledger.record_appeal(appeal("R-1", "41.00"))
    assert refused.value.key == "status.appeal_conflict"
    assert "R$ 40,00" in refused.value.message_pt and "R$ 41,00" in refused.value.message_pt
    assert row_of(ledger, "2023-10", "100").appealed == D("42.50")


def test_an_appeal_quoting_another_protocol_is_refused(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    ledger.mark_sent("P1", "100", "PROT-1")
    with pytest.raises(LedgerError) as refused:
        ledger.record_appeal(appeal("R-1", "1.00", protocol="PROT-9"))
    assert refused.value.key == "status.protocol_mismatch"
    assert ledger.record_appeal(appeal("R-1", "1.00", protocol="PROT-1")).changed


# --------------------------------------------------------------------------------------------
# The month
# --------------------------------------------------------------------------------------------


def test_the_months_totals_add_what_is_known(ledger: Ledger) -> None:
    ledger.close(
        [
            sent_lot("P1", "100", "1000.00"),
            sent_lot("P1", "101", "250.50"),
            sent_lot("P2", "300", None),
        ],
        "2023-10",
    )
    ledger.close([sent_lot("P1", "900", "7.00")], "2023-11")
    ledger.record_statement(
        statement(
            "3:1",
            figures("100", "900.00", "100.00", "60.00"),
            figures("101", "250.50", "0.00"),
            figures("900", "7.00", "0.00"),  # another month: not in October's totals
        )
    )
    ledger.record_appeal(appeal("R-1", "60.00"))
    rows = ledger.returns("2023-10")
    assert [(r.provider, r.lot_number, r.status) for r in rows] == [
        ("P1", "100", LotStatus.APPEALED),
        ("P1", "101", LotStatus.STATEMENT),
        ("P2", "300", LotStatus.CLOSED),
    ]
    # by hand: sent 1000.00 + 250.50 (P2's is not known), released 900.00 + 250.50,
    # denied 100.00 + 0.00, contestable 60.00 + 0.00, appealed 60.00
    assert ReturnTotals.of(rows) == ReturnTotals(
        lots=3,
        sent=D("1250.50"),
        released=D("1150.50"),
        denied=D("100.00"),
        contestable=D("60.00"),
        appealed=D("60.00"),
    )
    assert ReturnTotals.of(ledger.returns("2023-12")) == ReturnTotals(
        0, None, None, None, None, None
    )


def test_reopening_a_month_removes_its_lots_history(ledger: Ledger) -> None:
    ledger.close([lot("P1", "100")], "2023-10")
    ledger.close([lot("P1", "200")], "2023-11")
    ledger.mark_sent("P1", "100", "PROT-1")
    ledger.mark_sent("P1", "200", "PROT-2")
    record = statement("3:1", figures("100", "1.00", "0.00"), figures("200", "2.00", "0.00"))
    ledger.record_statement(record)
    ledger.record_appeal(appeal("R-1", "1.00"))

    assert ledger.reopen("2023-10") == 1
    assert statuses(ledger) == [("closed", ""), ("sent", ""), ("statement", "3:1")]  # lot 200
    assert ledger.returns("2023-10") == []
    assert count_rows(ledger, "statements") == 1  # the statement itself stays recorded

    # Closed again: the lot starts over at "closed"; the statement loaded again gives it back
    # its figures (and only to it: lot 200 already had them).
    ledger.close([lot("P1", "100")], "2023-10")
    assert row_of(ledger, "2023-10", "100").status is LotStatus.CLOSED
    again = ledger.record_statement(record)
    assert again.already_recorded
    assert again.lots == (LotRef("P1", "100", "2023-10"),)
    assert row_of(ledger, "2023-10", "100").released == D("1.00")
    assert row_of(ledger, "2023-11", "200").released == D("2.00")


# --------------------------------------------------------------------------------------------
# Concurrency
# --------------------------------------------------------------------------------------------


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


def test_concurrent_loads_of_one_statement_record_it_once(ledger: Ledger, ledger_url: str) -> None:
    lots = [lot("P1", str(n)) for n in range(100, 106)]
    ledger.close(lots, "2023-10")
    record = statement("3:1", *(figures(str(n), "10.00", "1.00") for n in range(100, 106)))
    openers = [Ledger.open(ledger_url) for _ in range(4)]
    try:
        for trial in range(3):
            keyed = replace(record, key=f"3:{trial}")
            results = _together(*(lambda o=o, k=keyed: o.record_statement(k) for o in openers))
            outcomes = [o for o in results if isinstance(o, StatementOutcome)]
            assert len(outcomes) == 4, results
            assert sorted(o.recorded for o in outcomes) == [False, False, False, True]
            # the lots got the statement from the load that recorded it, once
            assert sum(len(o.lots) for o in outcomes) == 6
    finally:
        for opened in openers:
            opened.dispose()
    assert count_rows(ledger, "statements") == 3
    # by hand: three statements of 10.00 released each per lot
    assert {r.released for r in ledger.returns("2023-10")} == {D("30.00")}


def test_concurrent_sends_and_a_reopening_never_fail(ledger: Ledger, ledger_url: str) -> None:
    """Marking lots sent while their month is reopened: either order is fine, neither fails,
    and no status outlives its lot."""
    senders = [Ledger.open(ledger_url) for _ in range(2)]
    reopener = Ledger.open(ledger_url)
    try:
        for trial in range(5):
            ledger.close([lot("P1", "100"), lot("P1", "101")], "2023-10")
            results = _together(
                lambda: senders[0].mark_sent("P1", "100", "PROT-1"),
                lambda: senders[1].mark_sent("P1", "101", "PROT-2"),
                lambda: reopener.reopen("2023-10"),
            )
            for result in results:
                if isinstance(result, LedgerError):
                    assert result.key == "status.not_closed", (trial, result)  # reopen first
                else:
                    assert not isinstance(result, BaseException), (trial, result)
            assert results[2] == 2
            assert ledger.returns("2023-10") == []
            assert count_rows(ledger, "lot_statuses") == 0
    finally:
        for opened in (*senders, reopener):
            opened.dispose()


# --------------------------------------------------------------------------------------------
# Migration from version 3
# --------------------------------------------------------------------------------------------


def _create_version_3(url: str) -> None:
    """Run versions 1 to 3 as shipped and record one closed lot the way that lotcheck did."""
    backend = "postgresql" if "://" in url else "sqlite"
    types = ledger_schema.DDL_TYPES[backend]
    steps = [
        step.format(**types) for version, group in ledger_schema.MIGRATIONS if version <= 3
        for step in group
    ]  # fmt: skip
    rows = [
        "INSERT INTO schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)",
        "INSERT INTO schema_version (version, applied_at) VALUES (2, CURRENT_TIMESTAMP)",
        "INSERT INTO schema_version (version, applied_at) VALUES (3, CURRENT_TIMESTAMP)",
        "INSERT INTO closings (period, closed_at) VALUES ('2023-09', CURRENT_TIMESTAMP)",
        "INSERT INTO lots (closing_id, provider, lot_number, path, sha256, tiss_version,"
        " guide_count, closed_at) SELECT id, 'P1', '500', '/lotes/lote-500.xml', 'ab', '4.01.00',"
        " 1, '2023-10-02 09:30:00' FROM closings",
        "INSERT INTO guides (lot_id, provider, guide_number, operator_guide_number, password,"
        " beneficiary, guide_type) SELECT id, 'P1', '500', 'AUT-500', NULL, NULL, 'guiaConsulta'"
        " FROM lots",
    ]
    if backend == "sqlite":
        conn = sqlite3.connect(url)
        with conn:
            for sql in steps + rows:
                conn.execute(sql)
        conn.close()
    else:
        engine = create_engine(url)
        with engine.begin() as pg:
            for sql in steps + rows:
                pg.exec_driver_sql(sql)
        engine.dispose()


def test_a_version_3_ledger_is_upgraded_and_its_lots_start_closed(ledger_url: str) -> None:
    _create_version_3(ledger_url)
    with pytest.raises(LedgerError) as refused:
        Ledger.open(ledger_url, read_only=True)
    assert refused.value.key == "schema.outdated_read_only"

    with Ledger.open(ledger_url) as opened:
        # the first use upgrades; the old lot was closed, billed an amount not kept then
        assert opened.returns("2023-09") == [
            ReturnRow("P1", "500", LotStatus.CLOSED, None, None, None, None, None, None)
        ]
        assert schema_versions(opened) == [1, 2, 3, 4]
        with engine_of(opened).connect() as conn:
            history = conn.execute(select(lot_statuses.c.status, lot_statuses.c.recorded_at)).all()
        # its history starts when it was closed
        assert [(s, t) for s, t in history] == [("closed", opened.list()[0].closed_at)]
        assert opened.mark_sent(None, "500", "PROT-500").changed
        assert row_of(opened, "2023-09", "500").status is LotStatus.SENT
    with Ledger.open(ledger_url, read_only=True) as reader:
        assert [r.protocol for r in reader.returns("2023-09")] == ["PROT-500"]
