"""``lotcheck ledger send`` and ``ledger list --period`` (the month's return report), on SQLite
and PostgreSQL. Expected lines are written by hand: the lots' sums (``valorTotal`` of every item
of examples/lote-limpo.xml: 3610.26; of examples/lote-com-erros.xml: 4495.20) and each column's
width, from the longest cell of the column (money right-aligned, text left-aligned, two spaces
between columns)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from lotcheck.cli.app import app
from lotcheck.ledger import Ledger, StatementLotFigures, StatementRecord

from lots import ROOT

runner = CliRunner()
ERRORS_LOT = ROOT / "examples" / "lote-com-erros.xml"  # lot 1002 of provider 70010020
CLEAN_LOT = ROOT / "examples" / "lote-limpo.xml"  # lot 1001 of provider 70010020


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    return str(request.getfixturevalue("pg_url"))


def lc(*args: str) -> Result:
    return runner.invoke(app, list(args))


def sp(n: int) -> str:
    return " " * n


def _month(url: str) -> None:
    """Both example lots closed in 2023-10; lot 1002 sent, and its statement loaded."""
    closed = lc("ledger", "close", str(CLEAN_LOT), str(ERRORS_LOT), "--period", "2023-10",
                "--ledger-url", url)  # fmt: skip
    assert closed.exit_code == 0, closed.output
    sent = lc("ledger", "send", "1002", "--protocol", "PR-1002", "--ledger-url", url)
    assert sent.exit_code == 0, sent.output
    assert sent.stdout == "lote 1002 (70010020, 2023-10) — enviado, protocolo PR-1002\n"
    figures = StatementLotFigures("70010020", "1002", "PR-1002", D("4000.00"), D("495.20"),
                                  D("300.00"))  # fmt: skip
    with Ledger.open(url) as opened:
        opened.record_statement(StatementRecord("345678:77", "ab" * 32, "/r/77.xml", (figures,)))


def test_the_month_as_a_return_report_in_portuguese(ledger: str) -> None:
    _month(ledger)
    result = lc("ledger", "list", "--period", "2023-10", "--ledger-url", ledger)
    assert result.exit_code == 0, result.output
    # widths: lote 15 ("total (2 lotes)"), prestador 9, situação 13 ("demonstrativo"),
    # protocolo 9, enviado 11, liberado 11, glosado 9, contestável 11, recursado 9
    assert result.stdout.splitlines() == [
        "Retorno do faturamento — competência 2023-10",
        "lote" + sp(13) + "prestador" + sp(2) + "situação" + sp(7) + "protocolo" + sp(6)
        + "enviado" + sp(5) + "liberado" + sp(4) + "glosado" + sp(2) + "contestável" + sp(2)
        + "recursado",
        "1001" + sp(13) + "70010020" + sp(3) + "fechado" + sp(8) + "—" + sp(10) + "R$ 3.610,26"
        + sp(12) + "—" + sp(10) + "—" + sp(12) + "—" + sp(10) + "—",
        "1002" + sp(13) + "70010020" + sp(3) + "demonstrativo" + sp(2) + "PR-1002" + sp(4)
        + "R$ 4.495,20" + sp(2) + "R$ 4.000,00" + sp(2) + "R$ 495,20" + sp(4) + "R$ 300,00"
        + sp(10) + "—",
        # 3610.26 + 4495.20 = 8105.46; the rest is lot 1002's alone
        "total (2 lotes)" + sp(39) + "R$ 8.105,46" + sp(2) + "R$ 4.000,00" + sp(2) + "R$ 495,20"
        + sp(4) + "R$ 300,00" + sp(10) + "—",
    ]  # fmt: skip


def test_the_month_as_a_return_report_in_english(ledger: str) -> None:
    _month(ledger)
    result = lc("ledger", "list", "--period", "2023-10", "--ledger-url", ledger, "--lang", "en")
    assert result.exit_code == 0, result.output
    # widths: lot 14 ("total (2 lots)"), provider 8, status 9 ("statement"), protocol 8,
    # sent 11, released 11, denied 9, contestable 11, appealed 8
    assert result.stdout.splitlines() == [
        "Billing return — period 2023-10",
        "lot" + sp(13) + "provider" + sp(2) + "status" + sp(5) + "protocol" + sp(9) + "sent"
        + sp(5) + "released" + sp(5) + "denied" + sp(2) + "contestable" + sp(2) + "appealed",
        "1001" + sp(12) + "70010020" + sp(2) + "closed" + sp(5) + "—" + sp(9) + "R$ 3,610.26"
        + sp(12) + "—" + sp(10) + "—" + sp(12) + "—" + sp(9) + "—",
        "1002" + sp(12) + "70010020" + sp(2) + "statement" + sp(2) + "PR-1002" + sp(3)
        + "R$ 4,495.20" + sp(2) + "R$ 4,000.00" + sp(2) + "R$ 495.20" + sp(4) + "R$ 300.00"
        + sp(9) + "—",
        "total (2 lots)" + sp(33) + "R$ 8,105.46" + sp(2) + "R$ 4,000.00" + sp(2) + "R$ 495.20"
        + sp(4) + "R$ 300.00" + sp(9) + "—",
    ]  # fmt: skip


def test_the_return_report_as_json(ledger: str) -> None:
    _month(ledger)
    result = lc("ledger", "list", "--period", "2023-10", "--ledger-url", ledger, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"] == "2023-10"
    assert [(x["lot_number"], x["status"], x["protocol"], x["sent"]) for x in data["lots"]] == [
        ("1001", "closed", None, "3610.26"),
        ("1002", "statement", "PR-1002", "4495.20"),
    ]
    assert data["lots"][1]["provider"] == "70010020"
    assert (data["lots"][1]["released"], data["lots"][1]["denied"]) == ("4000.00", "495.20")
    assert data["totals"] == {
        "lots": 2,
        "sent": "8105.46",
        "released": "4000.00",
        "denied": "495.20",
        "contestable": "300.00",
        "appealed": None,
    }


def test_the_plain_list_is_as_before(ledger: str) -> None:
    _month(ledger)
    result = lc("ledger", "list", "--ledger-url", ledger)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("  ")[:4] for line in lines] == [
        ["2023-10", "70010020", "lote 1001", "3 guias"],
        ["2023-10", "70010020", "lote 1002", "3 guias"],
    ]
    as_json = json.loads(lc("ledger", "list", "--ledger-url", ledger, "-f", "json").stdout)
    assert [(x["lot_number"], x["guides"], x["period"]) for x in as_json["lots"]] == [
        ("1001", 3, "2023-10"),
        ("1002", 3, "2023-10"),
    ]


def test_an_empty_month(ledger: str) -> None:
    _month(ledger)
    result = lc("ledger", "list", "--period", "2023-11", "--ledger-url", ledger, "--lang", "en")
    assert (result.exit_code, result.stdout) == (0, "(no lot closed in 2023-11)\n")


def test_send_twice_and_with_another_protocol(ledger: str) -> None:
    _month(ledger)
    again = lc("ledger", "send", "1002", "--protocol", "PR-1002", "--provider", "70010020",
               "--ledger-url", ledger, "--lang", "en")  # fmt: skip
    assert again.exit_code == 0, again.output
    assert again.stdout == "lot 1002 (70010020, 2023-10) — already sent with protocol PR-1002\n"

    other = lc("ledger", "send", "1002", "--protocol", "PR-9", "--ledger-url", ledger)
    assert other.exit_code == 2
    assert other.stdout == ""
    assert "PR-1002" in other.stderr and "PR-9" in other.stderr
    assert len(other.stderr.splitlines()) == 1 and "Traceback" not in other.stderr


def test_send_a_lot_not_closed_is_a_usage_error(ledger: str) -> None:
    _month(ledger)
    result = lc("ledger", "send", "4242", "--protocol", "P", "--ledger-url", ledger, "--lang", "en")
    assert result.exit_code == 2
    assert "Lot 4242 is not closed in the ledger" in result.stderr
    assert "lotcheck ledger close" in result.stderr
    missing = lc("ledger", "send", "1002", "--ledger-url", ledger)  # no --protocol
    assert missing.exit_code == 2


def test_send_to_a_ledger_not_created_yet_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "novo.sqlite3"
    result = lc("ledger", "send", "1002", "--protocol", "P", "--ledger-url", str(db))
    assert result.exit_code == 2
    assert "não está fechado" in result.stderr
    assert not db.exists()


def test_a_closing_records_what_the_lot_billed() -> None:
    from lotcheck.engine.closing import read_closed_lot, sent_total

    # every item's valorTotal added by hand: 12.50 + 14.20 + 1942.50 + 1942.50 + 388.50
    # + 117.60 + 27.40 + 50.00
    assert read_closed_lot(ERRORS_LOT).sent == D("4495.20")
    assert sent_total({"sent": "10.50"}) == D("10.50")
    assert sent_total({"sent": None}) is None
