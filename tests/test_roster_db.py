"""The roster in the ledger's database: the same suite on SQLite and a real PostgreSQL server.

Eligibility objects are built by hand here (the CSV readers live in lotcheck.eligibility and are
tested there); every expected value is written out from what was imported.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, inspect, text

import lotcheck.ledger.roster_import as roster_import
import lotcheck.ledger.roster_tables as roster_tables
import lotcheck.ledger.schema as ledger_schema
from ledger_kit import count_rows, engine_of, guide, lot, schema_versions
from lotcheck.eligibility.types import SEGMENTS, Eligibility
from lotcheck.ledger import Ledger, LedgerError, RosterView, import_roster, list_imports
from roster_kit import (
    ACTIVE,
    ALL_WAITING,
    ANA,
    AUT_1,
    AUT_2,
    BRUNO,
    CARLA,
    DIEGO,
    RESCINDED,
    ROSTER,
    T1,
    T2,
    many,
)

pytest_plugins = ["ledger_fixtures"]

# -- importing and reading back -----------------------------------------------------------


def test_import_then_read_back_equals_the_original_for_those_cards(ledger: Ledger) -> None:
    result = import_roster(ledger, ROSTER, source="/dados/elegibilidade", now=T1)
    assert (result.imported.id, result.imported.in_force, result.replaced) == (1, True, None)
    assert (
        result.imported.agreements,
        result.imported.beneficiaries,
        result.imported.waiting_periods,
        result.imported.authorizations,
    ) == (3, 4, 3, 2)
    assert result.imported.imported_at == T1

    with RosterView(ledger) as view:
        # ANA and BRUNO name AC-1 and AC-2; AC-3 is named by nobody asked for.
        got = view.for_lot(["0001", "0002", "9999"], ["SENHA-1", "GUIA-OP-9", "NONE"])
        assert got == Eligibility(
            root="/dados/elegibilidade",
            agreements={"AC-1": ACTIVE, "AC-2": RESCINDED},
            beneficiaries={"0001": ANA, "0002": BRUNO},
            waiting=ALL_WAITING,
            authorizations={"SENHA-1": AUT_1, "GUIA-OP-9": AUT_2},
        )
        # The values themselves, not only equality of the dataclasses.
        assert got.beneficiaries["0002"].segments == frozenset()
        assert got.agreements["AC-1"].threshold.as_tuple() == Decimal("50.0").as_tuple()
        assert list(got.authorizations["SENHA-1"].items) == ["22/40304361", "10101012"]
        assert got.waiting["PLANO-B"][0].codes == frozenset({"a|b"})

        # A direct member names no agreement; every default comes back as a default.
        carla = view.for_cards(["0003"])
        assert carla.beneficiaries == {"0003": CARLA}
        assert carla.beneficiaries["0003"].segments == frozenset(SEGMENTS)
        assert carla.agreements == {}
        assert carla.authorizations == {}
        assert carla.waiting == ALL_WAITING


def test_for_cards_reads_only_the_cards_asked_for_500_per_query(ledger_url: str) -> None:
    big = many(3000)
    import_roster(ledger_url, big, source="grande", now=T1)
    wanted = ["C00000007", "C00002999", "C00001500", "nao-existe"]
    with Ledger.open(ledger_url, read_only=True) as reader, RosterView(reader) as view:
        statements = _statements(reader)
        got = view.for_cards(wanted)
        assert got.beneficiaries == {card: big.beneficiaries[card] for card in wanted[:3]}
        assert list(got.beneficiaries) == wanted[:3]  # in the order asked
        assert _roster_reads(statements, "roster_beneficiaries") == 1

        statements.clear()
        cards = [f"C{i:08d}" for i in range(0, 2400, 2)]  # 1,200 cards: 500 + 500 + 200
        assert len(view.for_cards(cards).beneficiaries) == 1200
        assert _roster_reads(statements, "roster_beneficiaries") == 3
        assert _roster_reads(statements, "roster_waiting_periods") == 0  # read once per view


def _statements(opened: Ledger) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine_of(opened), "before_cursor_execute", record)
    return seen


def _roster_reads(statements: list[str], table: str) -> int:
    return sum(1 for s in statements if s.lstrip().upper().startswith("SELECT") and table in s)


def test_a_new_import_is_in_force_and_the_old_one_is_kept(ledger_url: str) -> None:
    first = import_roster(ledger_url, many(3, root="/v1"), source="/v1", now=T1)
    pinned = RosterView(ledger_url)  # made while the first import is in force
    changed = dataclasses.replace(ROSTER, root="/v2")
    second = import_roster(ledger_url, changed, source="/v2", now=T2)
    assert second.replaced == dataclasses.replace(first.imported, in_force=False)

    listed = list_imports(ledger_url)
    assert [(x.id, x.source, x.in_force, x.beneficiaries) for x in listed] == [
        (2, "/v2", True, 4),
        (1, "/v1", False, 3),
    ]
    assert [x.imported_at for x in listed] == [T2, T1]
    with RosterView(ledger_url) as view:
        assert view.imported.id == 2
        assert view.for_cards(["C00000001", "0004"]).beneficiaries == {"0004": DIEGO}
    with pinned:  # a run that started before keeps reading the roster it started with
        assert pinned.imported.id == 1
        assert list(pinned.for_cards(["C00000001", "0004"]).beneficiaries) == ["C00000001"]
    with RosterView(ledger_url, import_id=1) as old:
        assert old.imported.in_force is False
        assert old.for_cards(["0004"]).beneficiaries == {}
    with pytest.raises(LedgerError) as missing:
        RosterView(ledger_url, import_id=7)
    assert missing.value.key == "roster.no_import"


def test_a_duplicate_card_fails_the_import_and_keeps_the_previous_in_force(
    ledger: Ledger,
) -> None:
    import_roster(ledger, ROSTER, source="v1", now=T1)
    # Two entries for one card (a mapping keyed otherwise): the unique (import, card) refuses.
    beneficiaries = dict(many(50).beneficiaries)
    beneficiaries["outra-chave"] = beneficiaries["C00000010"]
    broken = Eligibility("/v2", {}, beneficiaries, {}, {})
    with pytest.raises(LedgerError) as failed:
        import_roster(ledger, broken, source="v2", now=T2)
    assert failed.value.key == "db.import"
    assert "nothing was recorded and the previous import stays in force" in str(failed.value)
    _only_the_first_import(ledger)


def test_a_failure_midway_rolls_back_everything(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_roster(ledger, ROSTER, source="v1", now=T1)
    monkeypatch.setattr(roster_import, "SQLITE_BATCH", 10)
    monkeypatch.setattr(roster_import, "PG_BATCH", 10)
    calls: list[int] = []

    def crash(done: int, total: int) -> None:
        calls.append(done)
        if done >= 30:  # three batches of beneficiaries are written by now
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_roster(ledger, many(100), source="v2", now=T2, progress=crash)
    assert calls == [10, 20, 30]
    _only_the_first_import(ledger)
    # ...and the next import goes through.
    assert import_roster(ledger, many(5), source="v3", now=T2).imported.beneficiaries == 5


def _only_the_first_import(ledger: Ledger) -> None:
    assert [(x.id, x.source, x.in_force) for x in list_imports(ledger)] == [(1, "v1", True)]
    assert count_rows(ledger, "roster_imports") == 1
    assert count_rows(ledger, "roster_beneficiaries") == 4
    with RosterView(ledger) as view:
        assert view.for_cards(["0001", "C00000010"]).beneficiaries == {"0001": ANA}


def test_concurrent_imports_run_one_after_the_other(ledger_url: str) -> None:
    inside = threading.Event()
    errors: list[BaseException] = []
    results: dict[str, tuple[int, int | None]] = {}

    def slow(done: int, total: int) -> None:
        inside.set()
        threading.Event().wait(0.3)  # hold the write lock while the other one arrives

    def run(name: str, eligibility: Eligibility, progress: Any) -> None:
        try:
            result = import_roster(ledger_url, eligibility, source=name, now=T1, progress=progress)
            replaced = None if result.replaced is None else result.replaced.id
            results[name] = (result.imported.id, replaced)
        except BaseException as exc:
            errors.append(exc)

    with Ledger.open(ledger_url) as first_write:  # create and migrate before the race
        first_write.close([lot("P", "1")], "2024-01")
    a = threading.Thread(target=run, args=("a", many(20, prefix="A"), slow))
    a.start()
    assert inside.wait(30)
    b = threading.Thread(target=run, args=("b", many(30, prefix="B"), None))
    b.start()
    a.join(60)
    b.join(60)
    assert not errors, errors
    # b waited for a's commit: it saw a's import in force when it started, and replaced it
    assert results == {"a": (1, None), "b": (2, 1)}
    listed = list_imports(ledger_url)
    assert [(x.source, x.beneficiaries, x.in_force) for x in listed] == [
        ("b", 30, True),
        ("a", 20, False),
    ]
    with Ledger.open(ledger_url) as opened:
        assert count_rows(opened, "roster_beneficiaries") == 50


def test_authorizations_are_found_by_number_only(ledger_url: str) -> None:
    import_roster(ledger_url, ROSTER, source="v1", now=T1)
    with RosterView(ledger_url) as view:
        got = view.for_lot([], ["GUIA-OP-9", "senha-1", "SENHA-1"])
    assert got.authorizations == {"GUIA-OP-9": AUT_2, "SENHA-1": AUT_1}  # exact match
    assert got.authorizations["SENHA-1"].items == {
        "22/40304361": Decimal("2"),
        "10101012": Decimal("1.50"),
    }
    assert got.beneficiaries == {} and got.agreements == {}


def test_no_roster_is_an_error_not_an_empty_roster(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as opened:
        opened.close([lot("P", "1")], "2024-01")
        with pytest.raises(LedgerError) as none:
            RosterView(opened)
        assert none.value.key == "roster.none"
        assert "import one first" in str(none.value)
        assert list_imports(opened) == []


def test_reading_is_read_only_and_a_read_only_ledger_cannot_import(ledger_url: str) -> None:
    import_roster(ledger_url, ROSTER, source="v1", now=T1)
    with Ledger.open(ledger_url, read_only=True) as reader:
        with pytest.raises(LedgerError) as refused:
            import_roster(reader, ROSTER, source="v2", now=T2)
        assert refused.value.key == "read_only"
        with RosterView(reader) as view:
            assert view.for_cards(["0004"]).beneficiaries == {"0004": DIEGO}
    with pytest.raises(ValueError, match="timezone-aware"):
        import_roster(ledger_url, ROSTER, source="v3", now=datetime(2026, 1, 1))
    assert len(list_imports(ledger_url)) == 1


def test_a_missing_sqlite_file_is_not_an_empty_roster(tmp_path: Any) -> None:
    with pytest.raises(LedgerError) as missing:
        RosterView(tmp_path / "nao-existe.sqlite3")
    assert missing.value.key == "sqlite.missing"


# -- the schema ---------------------------------------------------------------------------


def test_upgrading_a_version_2_ledger_keeps_its_closed_lots(ledger_url: str) -> None:
    with Ledger.open(ledger_url) as opened:
        _create_version_2(opened)
    with Ledger.open(ledger_url) as opened:
        closed = opened.list()  # the first use upgrades
        assert schema_versions(opened) == [1, 2, 3, 4]
        assert [(x.lot_number, x.period, x.guide_count) for x in closed] == [("41", "2025-05", 1)]
        reuse = opened.find_reuse(lot("P2", "9", guide("x", "AUT-41")))
        assert [(r.value, r.earlier_lot_number) for r in reuse] == [("AUT-41", "41")]
        import_roster(opened, ROSTER, source="v1", now=T1)
        assert [x.lot_number for x in opened.list()] == ["41"]
    with RosterView(ledger_url) as view:
        assert view.for_cards(["0001"]).beneficiaries == {"0001": ANA}


def _create_version_2(opened: Ledger) -> None:
    """Versions 1 and 2 as shipped, and a lot closed the way that lotcheck did."""
    engine = opened._engine
    if engine is None:  # a SQLite file not created yet
        path = opened._target.sqlite_path
        assert path is not None
        sqlite3.connect(path).close()
        from lotcheck.ledger.backends import sqlite_engine

        engine = opened._engine = sqlite_engine(path, read_only=False)
    types = ledger_schema.DDL_TYPES[opened.backend]
    with engine.begin() as conn:
        for _version, steps in ledger_schema.MIGRATIONS[:2]:
            for step in steps:
                conn.exec_driver_sql(step.format(**types))
        for statement in (
            "INSERT INTO schema_version (version, applied_at) VALUES (1, CURRENT_TIMESTAMP)",
            "INSERT INTO schema_version (version, applied_at) VALUES (2, CURRENT_TIMESTAMP)",
            "INSERT INTO closings (period, closed_at) VALUES ('2025-05', CURRENT_TIMESTAMP)",
            "INSERT INTO lots (closing_id, provider, lot_number, path, sha256, tiss_version,"
            " guide_count, closed_at) SELECT id, 'P1', '41', '/lotes/41.xml', 'ab', '4.01.00',"
            " 1, CURRENT_TIMESTAMP FROM closings",
            "INSERT INTO guides (lot_id, provider, guide_number, operator_guide_number,"
            " password, beneficiary, guide_type) SELECT id, 'P1', '1', 'AUT-41', NULL, NULL,"
            " 'guiaConsulta' FROM lots",
        ):
            conn.execute(text(statement))


def test_roster_tables_match_what_the_migration_creates(ledger: Ledger) -> None:
    import_roster(ledger, ROSTER, source="v1", now=T1)
    with engine_of(ledger).connect() as conn:
        inspector = inspect(conn)
        for table in roster_tables.ROSTER_TABLES:
            columns = {column["name"] for column in inspector.get_columns(table.name)}
            assert columns == set(table.columns.keys()), table.name
            pk = inspector.get_pk_constraint(table.name)["constrained_columns"]
            assert pk == [column.name for column in table.primary_key.columns], table.name
    # The lookups' indexes are the primary keys.
    assert roster_tables.roster_beneficiaries.primary_key.columns.keys() == ["import_id", "card"]
    assert roster_tables.roster_authorizations.primary_key.columns.keys() == [
        "import_id",
        "number",
    ]


@pytest.mark.postgres
def test_a_postgresql_import_leaves_the_planner_statistics_current(pg_url: str) -> None:
    # Without them a lot's 500 cards are read by scanning the whole import until autovacuum
    # runs (see roster_import._analyze); reltuples is what ANALYZE sets (-1 or 0 before).
    import_roster(pg_url, many(3000), source="v1", now=T1)
    with Ledger.open(pg_url, read_only=True) as opened, engine_of(opened).connect() as conn:
        tuples = conn.execute(
            text("SELECT reltuples FROM pg_class WHERE oid = 'roster_beneficiaries'::regclass")
        ).scalar_one()
    assert tuples == 3000
