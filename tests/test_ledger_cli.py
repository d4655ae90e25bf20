"""The monthly closing from the command line, and ``check --ledger`` on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli import app

from lots import EXAMPLE_CONTRACT, ROOT

runner = CliRunner()
ERRORS_LOT = ROOT / "examples" / "lote-com-erros.xml"


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    return str(request.getfixturevalue("pg_url"))


def _resent(tmp_path: Path, lot_number: str) -> Path:
    """The same guides sent again in another lot (another numeroLote)."""
    text = ERRORS_LOT.read_bytes().replace(
        b"<ans:numeroLote>1002<", f"<ans:numeroLote>{lot_number}<".encode()
    )
    path = tmp_path / f"lote-{lot_number}.xml"
    path.write_bytes(text)
    return path


def _codes(output: str) -> list[tuple[str, str | None, str | None]]:
    lot = json.loads(output)["lots"][0]
    return [
        (f["code"], f["guide"], f["found"])
        for f in lot["findings"]
        if f["code"] == "authorization.reused"
    ]


def test_close_then_check_reports_reuse(tmp_path: Path, ledger: str) -> None:
    closed = runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", "--ledger-url", ledger]
    )
    assert closed.exit_code == 0, closed.output
    assert "1002" in closed.stdout

    listing = runner.invoke(app, ["ledger", "list", "--ledger-url", ledger])
    assert "2023-10" in listing.stdout and "1002" in listing.stdout

    # the closed lot itself is not reported against itself
    same = runner.invoke(
        app, ["check", str(ERRORS_LOT), "--ledger", "--ledger-url", ledger, "-f", "json"]
    )
    assert _codes(same.stdout) == []

    again = _resent(tmp_path, "1003")
    result = runner.invoke(
        app,
        ["check", str(again), "--ledger-url", ledger, "-c", str(EXAMPLE_CONTRACT), "-f", "json"],
    )
    assert result.exit_code == 1
    reused = _codes(result.stdout)
    # three guides, each with its operator guide number, password and provider guide number
    assert {(guide, found) for _, guide, found in reused} == {
        ("2023100011", "2023100011"),
        ("2023100011", "88002001"),
        ("2023100011", "SEN2001"),
        ("2023100012", "2023100012"),
        ("2023100012", "88002002"),
        ("2023100012", "SEN2002"),
        ("2023100013", "2023100013"),
        ("2023100013", "88002003"),
        ("2023100013", "SEN2003"),
    }
    message = json.loads(result.stdout)["lots"][0]["findings"][0]["message"]
    assert "1002" in message and "2023-10" in message

    reopened = runner.invoke(app, ["ledger", "reopen", "2023-10", "--ledger-url", ledger])
    assert reopened.exit_code == 0 and "1" in reopened.stdout
    after = runner.invoke(app, ["check", str(again), "--ledger-url", ledger, "-f", "json"])
    assert _codes(after.stdout) == []


def test_closing_twice_records_once(ledger: str) -> None:
    first = runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", "--ledger-url", ledger]
    )
    second = runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", "--ledger-url", ledger]
    )
    assert first.exit_code == second.exit_code == 0
    assert "registrado" in first.stdout and "já estava fechado" in second.stdout
    listing = runner.invoke(app, ["ledger", "list", "--ledger-url", ledger])
    assert listing.stdout.count("lote 1002") == 1


def test_check_never_writes(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite3"
    runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", "--ledger-url", str(db)]
    )
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    runner.invoke(app, ["check", str(_resent(tmp_path, "1004")), "--ledger-url", str(db)])
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    # a check against a ledger that does not exist is a usage error, and does not create it
    missing = tmp_path / "nothing.sqlite3"
    result = runner.invoke(
        app, ["check", str(ERRORS_LOT), "--ledger", "--ledger-url", str(missing), "-f", "json"]
    )
    assert not missing.exists()
    assert (result.exit_code, result.stdout) == (2, "")
    assert str(missing) in result.stderr


def test_a_file_that_is_not_a_lot_closes_nothing(tmp_path: Path, ledger: str) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<nfe/>", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "ledger",
            "close",
            str(ERRORS_LOT),
            str(bad),
            "--period",
            "2023-10",
            "--ledger-url",
            ledger,
        ],
    )
    assert result.exit_code == 2
    assert "bad.xml" in result.stderr
    listing = runner.invoke(app, ["ledger", "list", "--ledger-url", ledger])
    assert "1002" not in listing.stdout


def test_bad_period_is_a_usage_error(ledger: str) -> None:
    result = runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-13", "--ledger-url", ledger]
    )
    assert result.exit_code == 2
