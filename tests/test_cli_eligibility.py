"""``check --eligibility DIR``: the folder is loaded up front (a bad one is a usage error naming
the file and line, exit 2), its files are never written over by a report, and a lot billed for
cards the roster refuses exits 1 with the eligibility findings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from lotcheck.cli.app import app

from lotcheck_testkit import ROOT

runner = CliRunner()
FOLDER = ROOT / "examples" / "elegibilidade"
LOT = ROOT / "examples" / "lote-limpo.xml"


def _lot_for(cards: list[str], path: Path) -> Path:
    """The clean example lot billed for ``cards``, one per guide, in order."""
    text = LOT.read_text("iso-8859-1")
    given = iter(cards)
    text = re.sub(
        r"<ans:numeroCarteira>[^<]*</ans:numeroCarteira>",
        lambda m: f"<ans:numeroCarteira>{next(given)}</ans:numeroCarteira>",
        text,
    )
    path.write_text(text, "iso-8859-1")
    return path


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(LOT), "--eligibility", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--eligibility" in result.stderr


def test_a_bad_roster_row_names_its_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "elig"
    shutil.copytree(FOLDER, folder)
    roster = folder / "beneficiarios.csv"
    lines = roster.read_text("utf-8").splitlines()
    lines[2] = lines[2].replace("efetiva", "talvez", 1).replace("solicitada", "talvez", 1)
    roster.write_text("\n".join(lines) + "\n", "utf-8")
    result = runner.invoke(app, ["check", str(LOT), "--eligibility", str(folder), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "beneficiarios.csv:3" in result.stderr and "Traceback" not in result.stderr


def test_a_report_never_writes_over_a_roster_file(tmp_path: Path) -> None:
    folder = tmp_path / "elig"
    shutil.copytree(FOLDER, folder)
    roster = folder / "beneficiarios.csv"
    before = roster.read_bytes()
    result = runner.invoke(
        app, ["check", str(LOT), "--eligibility", str(folder), "-o", str(roster), "--no-schema"]
    )
    assert result.exit_code == 2 and roster.read_bytes() == before


def test_cards_the_roster_refuses_exit_1_with_their_findings(tmp_path: Path) -> None:
    # lote-limpo.xml: three guides of September and October 2023. Card ...2 is under
    # PREF-ANAPOLIS, signed only on 15/01/2025; 999 is not in the roster; ...7 is a direct member
    # effective 01/03/2023 (its waiting periods, 30 and 180 days, ended in 2023 before the care;
    # its suspension starts on 01/12/2025): covered, no finding
    lot = _lot_for(["100000000002", "999", "100000000007"], tmp_path / "l.xml")
    result = runner.invoke(
        app,
        ["check", str(lot), "--eligibility", str(FOLDER), "--no-schema", "-f", "json"],
    )
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["lots"][0]["findings"]
    by_guide: dict[str, set[str]] = {}
    for f in findings:
        if f["code"].startswith(("eligibility.", "waiting.")):
            by_guide.setdefault(f["guide"], set()).add(f["code"])
    assert by_guide == {
        "2023090001": {"eligibility.agreement_inactive"},
        "2023100002": {"eligibility.card_unknown"},
    }
