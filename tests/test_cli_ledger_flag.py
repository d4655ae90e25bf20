"""``check --ledger`` is a plain flag; the database is ``--ledger-url`` or LOTCHECK_LEDGER_URL.

Every case asserts the exit code, stdout and stderr together: a ledger that is missing, bad or
silent is exit 2 with one line on stderr and nothing on stdout, never a warning and exit 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app

from lotcheck_testkit import CONTRACT, ERRORS_LOT, ROOT

runner = CliRunner()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)
    monkeypatch.delenv("LOTCHECK_LEDGER_URL", raising=False)
    # the default ledger (no URL at all) lives in the user data folder: a fresh one per test
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(ROOT)


def _closed_ledger(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.sqlite3"
    closed = runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10", "--ledger-url", str(db)]
    )
    assert (closed.exit_code, closed.stderr) == (0, ""), closed.output
    return db


def _resent(tmp_path: Path, folder: str = "novos") -> Path:
    """examples/lote-com-erros.xml sent again as lot 1003: every guide was closed in lot 1002."""
    target = tmp_path / folder
    target.mkdir(exist_ok=True)
    path = target / "lote-1003.xml"
    path.write_bytes(
        ERRORS_LOT.read_bytes().replace(b"<ans:numeroLote>1002<", b"<ans:numeroLote>1003<")
    )
    return path


def _reused(stdout: str) -> int:
    return sum(
        f["code"] == "authorization.reused"
        for lot in json.loads(stdout)["lots"]
        for f in lot["findings"]
    )


def test_readme_line_check_folder_with_ledger(tmp_path: Path) -> None:
    """``lotcheck check novos/ --ledger`` (the README's line) used to fail: "requires an
    argument"."""
    db = _closed_ledger(tmp_path)
    folder = _resent(tmp_path).parent
    result = runner.invoke(
        app, ["check", str(folder), "--ledger", "-f", "json"], env={"LOTCHECK_LEDGER_URL": str(db)}
    )
    assert (result.exit_code, result.stderr) == (1, "")
    # 3 guides re-sent whole: one finding per guide naming its matched keys (test_ledger_cli)
    assert _reused(result.stdout) == 3


def test_ledger_flag_does_not_swallow_the_next_option(tmp_path: Path) -> None:
    """``--ledger -q`` took ``-q`` as the ledger path; ``--ledger -c X`` dropped the contract."""
    db = _closed_ledger(tmp_path)
    lot = _resent(tmp_path)
    result = runner.invoke(
        app,
        ["check", str(lot), "--ledger", "-q", "-c", str(CONTRACT), "-f", "json"],
        env={"LOTCHECK_LEDGER_URL": str(db)},
    )
    assert (result.exit_code, result.stderr) == (1, "")
    document = json.loads(result.stdout)
    assert document["run"]["contract_path"] == str(CONTRACT)
    assert document["run"]["ledger"] == str(db)
    assert _reused(result.stdout) == 3
    # priced against the contract: sent 4495.20, expected 3085.15 (tests/golden/lote-com-erros.json)
    assert document["lots"][0]["totals"]["expected"] == "3085.15"


def test_ledger_url_on_the_command_line_implies_ledger(tmp_path: Path) -> None:
    db = _closed_ledger(tmp_path)
    result = runner.invoke(
        app, ["check", str(_resent(tmp_path)), "--ledger-url", str(db), "-f", "json"]
    )
    assert (result.exit_code, result.stderr) == (1, "")
    assert _reused(result.stdout) == 3


def test_ledger_url_from_the_environment_alone_does_not_consult_it(tmp_path: Path) -> None:
    db = _closed_ledger(tmp_path)
    result = runner.invoke(
        app,
        ["check", str(_resent(tmp_path)), "-f", "json"],
        env={"LOTCHECK_LEDGER_URL": str(db)},
    )
    assert result.stderr == ""
    assert _reused(result.stdout) == 0
    assert json.loads(result.stdout)["run"]["ledger"] is None


def test_a_ledger_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nada.sqlite3"
    result = runner.invoke(
        app, ["check", str(ERRORS_LOT), "--ledger", "--ledger-url", str(missing)]
    )
    assert (result.exit_code, result.stdout) == (2, "")
    # worded by the CLI, or by Ledger.open once it refuses a missing file itself
    assert result.stderr.startswith("lotcheck: ") and result.stderr.count("\n") == 1
    assert "livro-razão" in result.stderr and str(missing) in result.stderr
    assert not missing.exists()


def test_the_default_ledger_missing_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(ERRORS_LOT), "--ledger"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("lotcheck: ") and result.stderr.count("\n") == 1
    assert "livro-razão" in result.stderr
    assert str(tmp_path / "data" / "lotcheck" / "ledger.sqlite3") in result.stderr


def test_a_file_that_is_not_a_database_is_a_usage_error(tmp_path: Path) -> None:
    bogus = tmp_path / "ledger.sqlite3"
    bogus.write_text("not a database, just text " * 100, encoding="utf-8")
    result = runner.invoke(app, ["check", str(ERRORS_LOT), "--ledger-url", str(bogus)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and str(bogus) in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u@host:port/db",  # a port that is not a number
        "ftp://host/db",  # a scheme the ledger does not speak
        "   ",
    ],
)
def test_a_malformed_ledger_url_is_one_line_and_exit_2(url: str) -> None:
    result = runner.invoke(app, ["check", str(ERRORS_LOT), "--ledger-url", url])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("lotcheck: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_server_that_does_not_answer_is_exit_2_and_the_password_stays_hidden() -> None:
    url = "postgresql://lotcheck:s3cret@127.0.0.1:1/ledger"  # port 1: nothing listens
    result = runner.invoke(app, ["check", str(ERRORS_LOT), "--ledger-url", url])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert "s3cret" not in result.stderr and "lotcheck:***@127.0.0.1:1" in result.stderr


def test_a_ledger_lost_during_the_check_is_exit_2_after_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger answered up front, then failed for the lot: the report is written with the
    ``ledger.unavailable`` warning, and the run says so and exits 2."""
    from lotcheck.engine import closing
    from lotcheck.ledger import LedgerError

    db = _closed_ledger(tmp_path)

    def down(url: str | None) -> None:
        raise LedgerError("pg.unreachable", location="db.example:5432", detail="server gone")

    monkeypatch.setattr(closing, "read_only_ledger", down)
    result = runner.invoke(
        app, ["check", str(_resent(tmp_path)), "--ledger-url", str(db), "-f", "json", "-j", "1"]
    )
    assert result.exit_code == 2
    codes = [f["code"] for f in json.loads(result.stdout)["lots"][0]["findings"]]
    assert "ledger.unavailable" in codes
    assert result.stderr == (
        "lotcheck: o livro-razão deixou de responder durante a conferência: 1 lote ficou "
        "sem a verificação de reuso (ledger.unavailable)\n"
    )


def test_ledger_subcommands_take_the_url_from_the_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.sqlite3"
    env = {"LOTCHECK_LEDGER_URL": str(db)}
    closed = runner.invoke(
        app, ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10"], env=env
    )
    assert (closed.exit_code, closed.stderr) == (0, "")
    assert closed.stdout == f"{ERRORS_LOT}: lote 1002 (3 guias) — registrado em 2023-10\n"
    assert db.exists()  # the environment's ledger, not the default one
    listing = runner.invoke(app, ["ledger", "list"], env=env)
    assert listing.exit_code == 0 and "lote 1002" in listing.stdout
    reopened = runner.invoke(app, ["ledger", "reopen", "2023-10"], env=env)
    assert (reopened.exit_code, reopened.stdout) == (0, "2023-10: 1 lote reaberto\n")


def test_ledger_subcommands_no_longer_take_ledger_as_a_value(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ledger", "list", "--ledger", str(tmp_path / "x.sqlite3")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "--ledger" in result.stderr


def test_unwritable_data_folder_is_one_line(tmp_path: Path) -> None:
    """The default ledger's folder cannot be created (its parent is a file): exit 2, no
    traceback, the path named."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    result = runner.invoke(
        app,
        ["ledger", "close", str(ERRORS_LOT), "--period", "2023-10"],
        env={"XDG_DATA_HOME": str(blocker / "data")},
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and str(blocker) in result.stderr
