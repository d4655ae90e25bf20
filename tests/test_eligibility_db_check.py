"""``check --eligibility-db``: the roster imported into the ledger's database, each lot reading
its own cards, on SQLite and PostgreSQL; the same findings as ``--eligibility DIR`` gives from
the folder it was imported from; no roster is exit 2; the import is pinned for the run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.engine.roster_lookup import lot_keys

from lotcheck_testkit import ROOT

runner = CliRunner()
FOLDER = ROOT / "examples" / "elegibilidade"
LOT = ROOT / "examples" / "lote-limpo.xml"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    return str(request.getfixturevalue("pg_url"))


def _lot(tmp_path: Path) -> Path:
    text = LOT.read_text("iso-8859-1")
    cards = iter(["100000000002", "999", "100000000007"])
    text = re.sub(
        r"<ans:numeroCarteira>[^<]*</ans:numeroCarteira>",
        lambda m: f"<ans:numeroCarteira>{next(cards)}</ans:numeroCarteira>",
        text,
    )
    path = tmp_path / "l.xml"
    path.write_text(text, "iso-8859-1")
    return path


def _codes(result_stdout: str) -> list[tuple[str, str, str]]:
    findings = json.loads(result_stdout)["lots"][0]["findings"]
    return sorted(
        (f["code"], f["guide"], f["item"] or "")
        for f in findings
        if f["code"].startswith(("eligibility.", "waiting.", "authorization.", "ledger."))
    )


def test_lot_keys_are_the_cards_and_numbers_in_file_order(tmp_path: Path) -> None:
    cards, numbers = lot_keys(_lot(tmp_path))
    assert cards == ["100000000002", "999", "100000000007"]
    assert "88001001" in numbers  # the first guide's numeroGuiaOperadora (lote-limpo.xml)


def test_the_database_gives_what_the_folder_gives(url: str, tmp_path: Path) -> None:
    lot = _lot(tmp_path)
    imported = runner.invoke(app, ["roster", "import", str(FOLDER), "--ledger-url", url, "-q"])
    assert imported.exit_code == 0, imported.output
    common = ["check", str(lot), "--no-schema", "-f", "json"]
    from_folder = runner.invoke(app, [*common, "--eligibility", str(FOLDER)])
    from_db = runner.invoke(app, [*common, "--eligibility-db", "--ledger-url", url])
    assert from_folder.exit_code == from_db.exit_code == 1, from_db.output
    expected = _codes(from_folder.stdout)
    assert expected  # the lot does hit the roster
    assert _codes(from_db.stdout) == expected


def test_no_roster_in_the_database_is_exit_2(tmp_path: Path) -> None:
    url = str(tmp_path / "ledger.sqlite3")
    closed = runner.invoke(app, ["ledger", "list", "--ledger-url", url])  # creates nothing
    assert closed.exit_code in (0, 2)
    result = runner.invoke(
        app, ["check", str(LOT), "--no-schema", "--eligibility-db", "--ledger-url", url]
    )
    assert result.exit_code == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr


def test_folder_and_database_together_is_exit_2() -> None:
    result = runner.invoke(
        app, ["check", str(LOT), "--eligibility", str(FOLDER), "--eligibility-db"]
    )
    assert result.exit_code == 2 and "--eligibility-db" in result.stderr
