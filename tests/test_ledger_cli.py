"""The monthly closing from the command line, and ``check --ledger`` on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ledger_kit import fingerprint
from lotcheck.cli.app import app
from lotcheck.ledger import Ledger

from lots import EXAMPLE_CONTRACT, ROOT

runner = CliRunner()
ERRORS_LOT = ROOT / "examples" / "lote-com-erros.xml"
CLEAN_LOT = ROOT / "examples" / "lote-limpo.xml"


def at(url: str) -> list[str]:
    """The options naming the ledger (one place to change when the CLI's spelling changes)."""
    return ["--ledger-url", url]  # on `check`, --ledger-url implies --ledger


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
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


def _reused(output: str) -> list[dict[str, str]]:
    lot = json.loads(output)["lots"][0]
    return [f for f in lot["findings"] if f["code"] == "authorization.reused"]


def _close(paths: list[Path], period: str, url: str, *extra: str) -> Result:
    return runner.invoke(
        app, ["ledger", "close", *map(str, paths), "--period", period, *at(url), *extra]
    )


def test_close_then_check_reports_reuse_once_per_guide(tmp_path: Path, ledger: str) -> None:
    closed = _close([ERRORS_LOT], "2023-10", ledger)
    assert closed.exit_code == 0, closed.output
    assert "1002" in closed.stdout

    listing = runner.invoke(app, ["ledger", "list", *at(ledger)])
    assert "2023-10" in listing.stdout and "1002" in listing.stdout

    # the closed lot itself is not reported against itself
    same = runner.invoke(app, ["check", str(ERRORS_LOT), *at(ledger), "-f", "json"])
    assert _reused(same.stdout) == []

    again = _resent(tmp_path, "1003")
    result = runner.invoke(
        app, ["check", str(again), *at(ledger), "-c", str(EXAMPLE_CONTRACT), "-f", "json"]
    )
    assert result.exit_code == 1
    # Each of the three guides was re-sent whole: ONE finding per guide, naming its three keys.
    reused = _reused(result.stdout)
    assert [(f["guide"], f["found"]) for f in reused] == [
        (f"202310001{n}", f"numeroGuiaOperadora=8800200{n}; senha=SEN200{n}; "
         f"numeroGuiaPrestador=202310001{n}")
        for n in (1, 2, 3)
    ]  # fmt: skip
    assert reused[1]["message"] == (
        "Guia já faturada em lote fechado: número da guia na operadora 88002002, senha SEN2002 e "
        f"número da guia no prestador 2023100012 no lote 1002 (competência 2023-10, arquivo "
        f"{ERRORS_LOT.resolve()})."
    )
    english = runner.invoke(app, ["check", str(again), *at(ledger), "-f", "json", "--lang", "en"])
    assert _reused(english.stdout)[0]["message"] == (
        "Guide already billed in a closed lot: payer's guide number 88002001, authorization "
        f"password SEN2001 and provider's guide number 2023100011 in lot 1002 (period 2023-10, file "
        f"{ERRORS_LOT.resolve()})."
    )

    reopened = runner.invoke(app, ["ledger", "reopen", "2023-10", *at(ledger)])
    assert reopened.exit_code == 0 and "1" in reopened.stdout
    after = runner.invoke(app, ["check", str(again), *at(ledger), "-f", "json"])
    assert _reused(after.stdout) == []


def test_keys_matching_in_two_closed_lots_are_one_finding_naming_both(
    tmp_path: Path, ledger: str
) -> None:
    # Lot 2001 (2023-08) had guide 2023100011's authorization; lot 2002 (2023-09) its password.
    first = tmp_path / "a.xml"
    first.write_bytes(
        ERRORS_LOT.read_bytes()
        .replace(b"<ans:numeroLote>1002<", b"<ans:numeroLote>2001<")
        .replace(b"SEN2001", b"OTHER-1")
        .replace(b">2023100011<", b">7777700011<")
    )
    second = tmp_path / "b.xml"
    second.write_bytes(
        ERRORS_LOT.read_bytes()
        .replace(b"<ans:numeroLote>1002<", b"<ans:numeroLote>2002<")
        .replace(b"88002001", b"99999001")
        .replace(b">2023100011<", b">8888800011<")
    )
    for path, period in ((first, "2023-08"), (second, "2023-09")):
        assert _close([path], period, ledger).exit_code == 0

    result = runner.invoke(app, ["check", str(ERRORS_LOT), *at(ledger), "-f", "json"])
    (finding,) = [f for f in _reused(result.stdout) if f["guide"] == "2023100011"]
    assert finding["found"] == "numeroGuiaOperadora=88002001; senha=SEN2001"
    assert finding["message"] == (
        "Guia já faturada em lote fechado: número da guia na operadora 88002001 no lote 2001 "
        f"(competência 2023-08, arquivo {first.resolve()}); senha SEN2001 no lote 2002 "
        f"(competência 2023-09, arquivo {second.resolve()})."
    )


def test_closing_twice_records_once_and_says_where(ledger: str) -> None:
    first = _close([ERRORS_LOT], "2023-10", ledger)
    second = _close([ERRORS_LOT], "2023-10", ledger)
    later = _close([ERRORS_LOT], "2023-11", ledger, "--lang", "en")
    assert first.exit_code == second.exit_code == later.exit_code == 0
    path = ERRORS_LOT.resolve()
    assert first.stdout == f"{path}: lote 1002 (3 guias) — registrado em 2023-10\n"
    assert second.stdout == f"{path}: lote 1002 (3 guias) — já estava fechado em 2023-10\n"
    assert later.stdout == f"{path}: lot 1002 (3 guides) — already closed in 2023-10\n"
    listing = runner.invoke(app, ["ledger", "list", *at(ledger)])
    assert listing.stdout.count("lote 1002") == 1


def test_close_records_the_absolute_path_and_the_files_sha256(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "ledger.sqlite3"
    (tmp_path / "lotes").mkdir()
    copy = tmp_path / "lotes" / "outubro.xml"
    shutil.copyfile(ERRORS_LOT, copy)
    monkeypatch.chdir(tmp_path)

    closed = _close([Path("lotes/outubro.xml")], "2023-10", str(db))
    assert closed.exit_code == 0, closed.output

    with Ledger.open(db, read_only=True) as opened:
        (row,) = opened.list()
    assert row.path == str(copy)
    assert row.sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()
    listing = runner.invoke(app, ["ledger", "list", *at(str(db))])
    assert listing.stdout.rstrip().endswith(f"  {copy}")


def test_a_file_name_that_is_not_utf8_closes_lists_and_checks(tmp_path: Path, ledger: str) -> None:
    # What a Latin-1 Windows share gives: the name's bytes are not UTF-8.
    name = os.fsdecode(os.fsencode(tmp_path) + b"/lote-\xe9.xml")
    Path(name).write_bytes(ERRORS_LOT.read_bytes())
    shown = f"{tmp_path}/lote-\\xe9.xml"

    closed = _close([Path(name)], "2023-10", ledger)
    assert closed.exit_code == 0, closed.output
    assert closed.stdout.startswith(f"{shown}: lote 1002")
    again = _close([tmp_path], "2023-11", ledger, "--lang", "en")  # the folder: found by walking
    assert again.exit_code == 0, again.output
    assert "already closed in 2023-10" in again.stdout

    listing = runner.invoke(app, ["ledger", "list", *at(ledger)])
    assert listing.exit_code == 0, listing.output
    assert listing.stdout.rstrip().endswith(f"  {shown}")
    listing.stdout.encode("utf-8")  # printable: nothing a terminal would choke on

    resent = _resent(tmp_path, "1003")
    result = runner.invoke(app, ["check", str(resent), *at(ledger), "-f", "json"])
    assert f"arquivo {shown})" in _reused(result.stdout)[0]["message"]


def test_check_never_writes_even_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "ledger.sqlite3"
    _close([ERRORS_LOT], "2023-10", str(db))
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        before = fingerprint(db)
        time.sleep(0.01)
        result = runner.invoke(app, ["check", str(_resent(tmp_path, "1004")), *at(str(db))])
        assert result.exit_code == 1, result.output
        assert "1002" in result.stdout  # the reuse was found...
        listing = runner.invoke(app, ["ledger", "list", *at(str(db))])
        assert "1002" in listing.stdout
        assert fingerprint(db) == before  # ...and nothing written, no -wal/-shm beside it
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def test_check_against_a_ledger_that_does_not_exist_fails_and_creates_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nothing.sqlite3"
    # A clean lot: it would pass (exit 0) if the missing ledger were only a warning.
    args = ["check", str(CLEAN_LOT), "-c", str(EXAMPLE_CONTRACT), "--no-schema", "-f", "json"]
    args += at(str(missing))
    assert runner.invoke(app, args[:-2]).exit_code == 0

    result = runner.invoke(app, args)
    assert result.exit_code != 0, result.output
    assert str(missing) in result.output and "não existe" in result.output
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert english.exit_code != 0
    assert "does not exist" in english.output and "não" not in english.output
    assert not missing.exists()


def test_a_file_that_is_not_a_lot_closes_nothing(tmp_path: Path, ledger: str) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<nfe/>", encoding="utf-8")
    result = _close([ERRORS_LOT, bad], "2023-10", ledger)
    assert result.exit_code == 2
    assert "bad.xml" in result.stderr and "nada foi gravado" in result.stderr
    english = _close([ERRORS_LOT, bad], "2023-10", ledger, "--lang", "en")
    assert english.stderr.endswith("(cannot be closed); nothing was recorded\n")
    assert "nada" not in english.stderr
    listing = runner.invoke(app, ["ledger", "list", *at(ledger)])
    assert "1002" not in listing.stdout


def test_bad_period_is_a_usage_error_that_touches_nothing(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite3"
    result = _close([ERRORS_LOT], "2023-13", str(db))
    assert result.exit_code == 2
    assert not db.exists()  # not even created
    _close([ERRORS_LOT], "2023-10", str(db))
    before = fingerprint(db)
    assert _close([ERRORS_LOT], "2023-13", str(db)).exit_code == 2
    assert fingerprint(db) == before


# Words that give a language away in the ledger's own output.
_PT_WORDS = ("lote ", "guias", "registrado", "fechado", "reaberto", "nenhum", "não")
_EN_WORDS = (" lot ", "guides", "recorded", "closed in", "reopened", "no closed", "does not")


def test_the_ledger_commands_speak_one_language(tmp_path: Path, ledger: str) -> None:
    outputs: dict[str, list[str]] = {"pt": [], "en": []}
    for lang in ("pt", "en"):
        for args in (
            ["ledger", "list", *at(ledger)],  # nothing closed yet
            ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", *at(ledger)],
            ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", *at(ledger)],
            ["ledger", "list", *at(ledger)],
            ["ledger", "reopen", "2023-10", *at(ledger)],
            ["ledger", "list", *at(tmp_path / "missing.sqlite3")],  # an error, on stderr
        ):
            done = runner.invoke(app, [*map(str, args), "--lang", lang])
            outputs[lang].append(done.output)
    english, portuguese = "\n".join(outputs["en"]), "\n".join(outputs["pt"])
    for word in _PT_WORDS:
        assert word not in english.replace(str(ERRORS_LOT.resolve()), ""), word
    for word in _EN_WORDS:
        assert word not in portuguese.replace(str(ERRORS_LOT.resolve()), ""), word
    assert "does not exist" in english and "não existe" in portuguese
