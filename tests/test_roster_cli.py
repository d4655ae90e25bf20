"""``lotcheck roster import|list`` on SQLite and PostgreSQL.

Most cases hand the command an Eligibility built by hand (the reader monkeypatched: the
database side is what they test, with rosters of any size); the last ones import the real
example folder, ``examples/elegibilidade``, through the real reader.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import lotcheck.cli.roster as roster_cli
import lotcheck.eligibility.files
import lotcheck.ledger.roster_import as roster_import
from lotcheck.cli.app import app
from lotcheck.eligibility.errors import EligibilityError
from lotcheck.eligibility.types import Eligibility
from lotcheck.ledger import Ledger, LedgerError, RosterView, list_imports
from roster_kit import ROSTER, many

runner = CliRunner()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite3")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "elegibilidade"
    path.mkdir()
    return path


def reads(monkeypatch: pytest.MonkeyPatch, eligibility: Eligibility) -> list[Path]:
    """Make the reader return ``eligibility``; the folders it was asked for are recorded."""
    asked: list[Path] = []

    def load(root: Path) -> Eligibility:
        asked.append(root)
        return eligibility

    monkeypatch.setattr(lotcheck.eligibility.files, "load_eligibility", load)
    return asked


def roster(*args: str) -> Result:
    return runner.invoke(app, ["roster", *args])


def test_import_then_list(url: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = reads(monkeypatch, ROSTER)
    first = roster("import", str(folder), "--ledger-url", url)
    assert first.exit_code == 0, first.output
    assert asked == [folder]
    lines = first.stdout.splitlines()
    assert lines[0] == (
        "importação 1 do cadastro em vigor: 3 acordos, 4 beneficiários, 3 carências, "
        f"2 autorizações (de {folder.resolve()})"
    )
    assert re.fullmatch(r"gravada em \d+,\d s", lines[1]), lines

    reads(monkeypatch, many(2))
    second = roster("import", str(folder), "--ledger-url", url, "--lang", "en")
    assert second.exit_code == 0, second.output
    lines = second.stdout.splitlines()
    assert lines[0] == (
        "roster import 2 in force: 0 agreements, 2 beneficiaries, 0 waiting periods, "
        f"0 authorizations (from {folder.resolve()})"
    )
    assert re.fullmatch(r"replaces import 1 of \d{4}-\d\d-\d\d \d\d:\d\d", lines[1]), lines

    listed = roster("list", "--ledger-url", url)
    assert listed.exit_code == 0, listed.output
    rows = listed.stdout.splitlines()
    assert len(rows) == 2
    assert re.fullmatch(
        r"2  \d\d/\d\d/\d{4} \d\d:\d\d  0 acordos, 2 beneficiários, 0 carências, 0 autorizações"
        rf"  {re.escape(str(folder.resolve()))}  \(em vigor\)",
        rows[0],
    ), rows
    assert rows[1].startswith("1  ") and rows[1].endswith(str(folder.resolve()))
    english = roster("list", "--ledger-url", url, "--lang", "en")
    assert english.stdout.splitlines()[0].endswith("  (in force)")
    with RosterView(url) as view:
        assert view.imported.id == 2


def test_list_of_a_database_without_imports(url: str) -> None:
    with Ledger.open(url) as opened:
        opened.reopen("2024-01")  # opens it; creates nothing
    if "://" not in url:  # SQLite: the file does not exist yet, which is an error to list
        missing = roster("list", "--ledger-url", url)
        assert missing.exit_code == 2
        assert "não existe" in missing.stderr
        assert missing.stdout == ""
        return
    empty = roster("list", "--ledger-url", url)
    assert empty.exit_code == 0, empty.output
    assert empty.stdout == "(nenhuma importação do cadastro)\n"


def test_a_failed_import_exits_2_and_keeps_the_previous(
    url: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads(monkeypatch, ROSTER)
    assert roster("import", str(folder), "--ledger-url", url).exit_code == 0
    doubled = dict(many(5).beneficiaries)
    doubled["x"] = doubled["C00000001"]  # one card twice
    reads(monkeypatch, Eligibility("/v2", {}, doubled, {}, {}))
    failed = roster("import", str(folder), "--ledger-url", url, "--lang", "en")
    assert failed.exit_code == 2
    assert isinstance(failed.exception, SystemExit)  # no traceback
    assert failed.stderr.startswith("lotcheck: ")
    assert "the roster import failed in " in failed.stderr
    assert "nothing was recorded and the previous import stays in force" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    assert [(x.id, x.beneficiaries) for x in list_imports(url)] == [(1, 4)]


def test_an_unreadable_folder_exits_2_and_records_nothing(
    url: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path) -> Eligibility:
        raise EligibilityError(
            "bad_choice",
            f"{root}/beneficiarios.csv:7",
            column="situacao",
            value="talvez",
            allowed="solicitada, efetiva, excluida",
        )

    monkeypatch.setattr(lotcheck.eligibility.files, "load_eligibility", broken)
    result = roster("import", str(folder), "--ledger-url", url)
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == (
        f"lotcheck: não foi possível ler a pasta de elegibilidade {folder}: "
        f"{folder}/beneficiarios.csv:7: 'talvez' na coluna situacao não é um destes valores: "
        "solicitada, efetiva, excluida\n"
    )
    in_english = roster("import", str(folder), "--ledger-url", url, "--lang", "en")
    assert (in_english.exit_code, in_english.stderr) == (
        2,
        f"lotcheck: cannot read the eligibility folder {folder}: "
        f"{folder}/beneficiarios.csv:7: situacao 'talvez' is not one of "
        "solicitada, efetiva, excluida\n",
    )
    if "://" in url:  # nothing was created: the schema is still version 0
        with pytest.raises(LedgerError) as untouched:
            list_imports(url)
        assert untouched.value.params["found"] == 0
    else:
        assert not Path(url).exists()  # not even created


def test_usage_errors_exit_2_before_anything_is_read(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = reads(monkeypatch, ROSTER)
    db = str(tmp_path / "ledger.sqlite3")
    missing = roster("import", str(tmp_path / "nada"), "--ledger-url", db)
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"lotcheck: arquivo ou pasta não encontrado: {tmp_path / 'nada'}\n",
    )
    a_file = tmp_path / "beneficiarios.csv"
    a_file.write_text("carteira\n")
    not_folder = roster("import", str(a_file), "--ledger-url", db, "--lang", "en")
    assert (not_folder.exit_code, not_folder.stderr) == (
        2,
        f"lotcheck: the eligibility folder {a_file} is not a folder\n",
    )
    bad_url = roster("import", str(folder), "--ledger-url", "mysql://u@h/db", "--lang", "en")
    assert bad_url.exit_code == 2
    assert bad_url.stderr.startswith("lotcheck: unsupported ledger URL scheme 'mysql'")
    no_folder_for_db = roster(
        "import", str(folder), "--ledger-url", str(tmp_path / "sem" / "l.sqlite3")
    )
    assert no_folder_for_db.exit_code == 2
    assert "não existe" in no_folder_for_db.stderr
    assert asked == []  # the folder is read only once the database is known to work
    assert not Path(db).exists()


def test_ctrl_c_during_the_import_exits_130_and_keeps_the_previous(
    url: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads(monkeypatch, ROSTER)
    assert roster("import", str(folder), "--ledger-url", url).exit_code == 0
    write_all = roster_import._write_all

    def interrupted(writer: Any, import_id: int, eligibility: Eligibility) -> None:
        write_all(writer, import_id, eligibility)
        raise KeyboardInterrupt  # everything written, not yet marked complete

    monkeypatch.setattr(roster_import, "_write_all", interrupted)
    reads(monkeypatch, many(7))
    result = roster("import", str(folder), "--ledger-url", url, "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr == (
        "lotcheck: interrupted: nothing was recorded, the previous roster import stays in force\n"
    )
    assert [(x.id, x.beneficiaries, x.in_force) for x in list_imports(url)] == [(1, 4, True)]


class FakeBar:
    def __init__(self) -> None:
        self.calls: list[object] = []

    def start(self) -> None:
        self.calls.append("start")

    def update(self, done: int, total: int) -> None:
        self.calls.append((done, total))

    def stop(self) -> None:
        self.calls.append("stop")


def test_a_long_import_shows_its_progress_on_a_terminal(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bars: list[FakeBar] = []

    def make() -> FakeBar:
        bars.append(FakeBar())
        return bars[-1]

    monkeypatch.setattr(roster_cli, "progress_bar", make)
    monkeypatch.setattr(roster_cli, "_interactive", lambda: True)
    monkeypatch.setattr(roster_import, "SQLITE_BATCH", 10)
    reads(monkeypatch, many(25))
    db = str(tmp_path / "ledger.sqlite3")
    assert roster("import", str(folder), "--ledger-url", db).exit_code == 0
    # 25 beneficiaries in batches of 10: the only rows of this roster
    assert bars[0].calls == ["start", (10, 25), (20, 25), (25, 25), "stop"]
    assert roster("import", str(folder), "--ledger-url", db, "--quiet").exit_code == 0
    assert len(bars) == 1  # --quiet: no bar


def test_the_example_folder_imports_and_reads_back_as_loaded(url: str) -> None:
    from lotcheck.eligibility.files import load_eligibility

    from lotcheck_testkit import ROOT

    example = ROOT / "examples" / "elegibilidade"
    result = roster("import", str(example), "--ledger-url", url, "-q")
    assert result.exit_code == 0, result.output
    loaded = load_eligibility(example)
    cards = list(loaded.beneficiaries)
    back = RosterView(url).for_lot(cards, list(loaded.authorizations))
    assert dict(back.beneficiaries) == dict(loaded.beneficiaries)
    assert dict(back.agreements) == dict(loaded.agreements)
    assert dict(back.authorizations) == dict(loaded.authorizations)
    assert {plan: tuple(p) for plan, p in back.waiting.items()} == {
        plan: tuple(p) for plan, p in loaded.waiting.items()
    }


def test_a_bad_example_row_is_exit_2_naming_its_line(url: str, tmp_path: Path) -> None:
    import shutil

    from lotcheck_testkit import ROOT

    folder = tmp_path / "elig"
    shutil.copytree(ROOT / "examples" / "elegibilidade", folder)
    roster_file = folder / "beneficiarios.csv"
    lines = roster_file.read_text("utf-8").splitlines()
    lines[2] = lines[2].replace("efetiva", "talvez", 1).replace("solicitada", "talvez", 1)
    roster_file.write_text("\n".join(lines) + "\n", "utf-8")
    result = roster("import", str(folder), "--ledger-url", url, "-q")
    assert result.exit_code == 2 and "beneficiarios.csv:3" in result.stderr
    assert "Traceback" not in result.stderr
