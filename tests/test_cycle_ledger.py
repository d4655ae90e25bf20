"""``reconcile --ledger`` and ``appeal --ledger`` on the bundled example, on SQLite and on the
real PostgreSQL server: the lot's status moves closed → sent → statement → appealed, a
statement loaded twice is recorded once, and the month's return report carries the figures.

The figures are the example's, worked out by hand in tests/test_cycle_example.py and in the
statement's plan (examples/make_statement_example.py): the statement releases 2.709,63 for
protocol 202408000123 (the 13 matched items' 2.688,31, plus 21,32 on the guide no lot sent) and
denies 269,51; the reconciliation finds 21,32 + 21,62 = 42,94 contestable, which the appeal
claims. The lot billed 3.303,17 (the sum of its 34 items as sent).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lotcheck.cli.app import app
from lotcheck.ledger import Ledger, LotStatus

from lots import ROOT

runner = CliRunner()
EXAMPLES = ROOT / "examples"
LOT = EXAMPLES / "lote-cbhpm-com-erros.xml"
STATEMENT = EXAMPLES / "demonstrativo-cbhpm.xml"
CONTRACT = ROOT / "price_tables" / "cbhpm-exemplo"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    return str(request.getfixturevalue("pg_url"))


def lc(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _reconcile(ledger: str, out: Path) -> Result:
    return lc(
        "reconcile", str(STATEMENT), "--lot", str(LOT), "-c", str(CONTRACT),
        "--ledger-url", ledger, "-f", "json", "-o", str(out),
    )  # fmt: skip


def _row(ledger: str) -> object:
    with Ledger.open(ledger, read_only=True) as store:
        (row,) = store.returns("2024-07")
    return row


def test_the_lot_moves_through_the_cycle_and_the_month_shows_it(
    ledger: str, tmp_path: Path
) -> None:
    assert (
        lc("ledger", "close", str(LOT), "--period", "2024-07", "--ledger-url", ledger).exit_code
        == 0
    )
    sent = lc("ledger", "send", "3001", "--protocol", "202408000123", "--ledger-url", ledger)
    assert sent.exit_code == 0, sent.output

    first = _reconcile(ledger, tmp_path / "r1.json")
    assert first.exit_code == 1, first.output  # contestable items: exit 1, the report written
    assert "999999:DAC-2024-0815" in first.stderr and "3001" in first.stderr
    report = json.loads((tmp_path / "r1.json").read_text(encoding="utf-8"))
    assert report["totals"]["recoverable"] == "42.94"

    row = _row(ledger)
    assert row.status is LotStatus.STATEMENT  # type: ignore[attr-defined]
    assert (row.released, row.denied, row.contestable) == (  # type: ignore[attr-defined]
        Decimal("2709.63"),
        Decimal("269.51"),
        Decimal("42.94"),
    )

    again = _reconcile(ledger, tmp_path / "r2.json")
    assert again.exit_code == 1
    assert "já estava registrado" in again.stderr
    row2 = _row(ledger)
    assert (row2.released, row2.statements) == (Decimal("2709.63"), 1)  # type: ignore[attr-defined]

    appeal = lc(
        "appeal", str(STATEMENT), "--lot", str(LOT), "-c", str(CONTRACT), "--number",
        "REC-2024-01", "--date", "2024-08-20", "-o", str(tmp_path / "recurso.xml"),
        "--ledger-url", ledger,
    )  # fmt: skip
    assert appeal.exit_code == 0, appeal.output
    row3 = _row(ledger)
    assert row3.status is LotStatus.APPEALED  # type: ignore[attr-defined]
    assert row3.appealed == Decimal("42.94")  # type: ignore[attr-defined]
    assert row3.sent == Decimal("3303.17")  # type: ignore[attr-defined]

    month = lc("ledger", "list", "--period", "2024-07", "--ledger-url", ledger)
    assert month.exit_code == 0
    line = next(x for x in month.stdout.splitlines() if x.startswith("3001"))
    cells = line.split()
    assert cells[:4] == ["3001", "70010020", "recursado", "202408000123"]
    assert "R$ 3.303,17" in line and "R$ 2.709,63" in line and line.count("R$ 42,94") == 2


def test_a_ledger_that_does_not_exist_stops_the_reconciliation_before_any_work(
    tmp_path: Path,
) -> None:
    out = tmp_path / "r.json"
    done = _reconcile(str(tmp_path / "missing.sqlite3"), out)
    assert done.exit_code == 2
    assert "não existe" in done.stderr
    assert not out.exists() and not (tmp_path / "missing.sqlite3").exists()


def test_a_statement_for_a_lot_not_closed_says_so(ledger: str, tmp_path: Path) -> None:
    other = ROOT / "examples" / "lote-limpo.xml"  # closes lot 1001, not 3001
    assert (
        lc("ledger", "close", str(other), "--period", "2024-07", "--ledger-url", ledger).exit_code
        == 0
    )
    done = _reconcile(ledger, tmp_path / "r.json")
    assert done.exit_code == 1
    assert "lote 3001" in done.stderr and "não está fechado" in done.stderr
