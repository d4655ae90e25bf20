"""Usage errors of the command line: each is exit 2, one ``lotcheck: …`` line on stderr (or the
parser's usage panel), nothing on stdout, in the run's language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.cli.core import parse_period, parse_size

from lotcheck_testkit import CLEAN_LOT, CONTRACT, ERRORS_LOT, ROOT, SHARED, run_cli

runner = CliRunner()
XSD = SHARED / "tiss-xsd"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)
    monkeypatch.delenv("LOTCHECK_LEDGER_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(ROOT)


def usage(args: list[str], **env: str) -> str:
    """Run, assert a usage error with nothing on stdout, return stderr."""
    result = runner.invoke(app, args, env=env or None)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert "Traceback" not in result.stderr
    return result.stderr


# -- 2. a path that holds no lot -------------------------------------------------------------


def test_an_empty_folder_holds_no_lot(tmp_path: Path) -> None:
    empty = tmp_path / "vazia"
    empty.mkdir()
    (empty / "notes.txt").write_text("no lot here", encoding="utf-8")
    assert usage(["check", str(empty)]) == f"lotcheck: nenhum lote XML encontrado em {empty}\n"
    assert usage(["check", str(CLEAN_LOT), str(empty), "--lang", "en"]) == (
        f"lotcheck: no XML lot found under {empty}\n"
    )


def test_ledger_close_of_an_empty_folder(tmp_path: Path) -> None:
    empty = tmp_path / "vazia"
    empty.mkdir()
    db = tmp_path / "l.sqlite3"
    err = usage(["ledger", "close", str(empty), "--period", "2023-10", "--ledger-url", str(db)])
    assert err == f"lotcheck: nenhum lote XML encontrado em {empty}\n"
    assert not db.exists()


# -- 3. --xsd-dir and --max-size -------------------------------------------------------------


def test_xsd_dir_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "xsd"
    err = usage(["check", str(CLEAN_LOT), "--xsd-dir", str(missing)])
    assert err == f"lotcheck: arquivo ou pasta não encontrado: {missing}\n"


@pytest.mark.skipif(not (XSD / "4.03.00").is_dir(), reason="needs the shared XSD sets")
def test_xsd_dir_of_one_version_asks_for_its_parent() -> None:
    err = usage(["check", str(CLEAN_LOT), "--xsd-dir", str(XSD / "4.03.00")])
    assert "tissV4_03_00.xsd" in err and f"({XSD})" in err
    assert err.count("\n") == 1
    err = usage(["schemas", "list", "--xsd-dir", str(XSD / "4.03.00"), "--lang", "en"])
    assert "give the folder above it" in err


def test_xsd_dir_without_any_set_and_xsd_dir_a_file(tmp_path: Path) -> None:
    assert "nenhum conjunto de XSD" in usage(["check", str(CLEAN_LOT), "--xsd-dir", str(tmp_path)])
    assert "não é uma pasta" in usage(["check", str(CLEAN_LOT), "--xsd-dir", str(CLEAN_LOT)])


def test_no_schema_with_xsd_dir_contradict(tmp_path: Path) -> None:
    err = usage(["check", str(CLEAN_LOT), "--no-schema", "--xsd-dir", str(tmp_path)])
    assert "--no-schema e --xsd-dir" in err


def test_max_size_zero_is_refused() -> None:
    err = usage(["check", str(CLEAN_LOT), "--max-size", "0"])
    assert err.startswith("lotcheck: --max-size não pode ser 0")
    assert "lotcheck: --max-size" in usage(["check", str(CLEAN_LOT), "--max-size", "0k"])


# -- 6. contract file, --rules on a contract folder, repeated options ------------------------


def test_contract_toml_is_taken_as_its_folder() -> None:
    result = runner.invoke(
        app, ["check", str(ERRORS_LOT), "-c", str(CONTRACT / "contract.toml"), "-f", "json"]
    )
    assert (result.exit_code, result.stderr) == (1, "")
    document = json.loads(result.stdout)
    assert document["run"]["contract_path"] == str(CONTRACT)
    assert document["lots"][0]["totals"]["expected"] == "3085.15"


def test_another_file_as_contract_is_refused() -> None:
    csv = CONTRACT / "2023-10-02.csv"
    err = usage(["check", str(ERRORS_LOT), "-c", str(csv)])
    assert err == (
        f"lotcheck: --contract espera a pasta do contrato (com contract.toml), não o arquivo {csv}\n"
    )


def test_rules_given_a_contract_folder() -> None:
    implants = ROOT / "price_tables" / "odonto-implantes"
    err = usage(["check", str(CLEAN_LOT), "--rules", str(implants)])
    assert err == (
        f"lotcheck: --rules {implants} é uma pasta de contrato: os pacotes de um contrato são "
        f"carregados com -c {implants}\n"
    )


@pytest.mark.parametrize(
    ("option", "first", "second"),
    [
        ("-c", str(CONTRACT), str(CONTRACT)),
        ("--contract", str(CONTRACT), "elsewhere"),
        ("-o", "a.txt", "b.txt"),
        ("--format", "json", "text"),
        ("--ledger-url", "a.sqlite3", "b.sqlite3"),
        ("--period", "2023-10", "2023-11"),
        ("--xsd-dir", "a", "b"),
        ("--max-size", "1M", "2M"),
        ("--lang", "pt", "pt"),
        ("--jobs", "1", "2"),
    ],
)
def test_a_single_value_option_given_twice(option: str, first: str, second: str) -> None:
    err = usage(["check", str(CLEAN_LOT), option, first, option, second])
    long_name = {"-c": "--contract", "-o": "--output"}.get(option, option)
    assert f"a opção {long_name} foi informada mais de uma vez" in err


def test_repeats_are_caught_in_every_spelling(tmp_path: Path) -> None:
    err = usage(["check", str(CLEAN_LOT), f"--output={tmp_path / 'a'}", "-o", "b"])
    assert "--output foi informada mais de uma vez" in err
    err = usage(["ledger", "close", str(CLEAN_LOT), "--period", "2023-10", "--period=2023-11"])
    assert "--period foi informada mais de uma vez" in err


def test_repeatable_options_stay_repeatable() -> None:
    pack = ROOT / "price_tables" / "odonto-implantes" / "rules.toml"
    result = runner.invoke(
        app,
        ["check", str(CLEAN_LOT), "--rules", str(pack), "--rules", str(pack), "-f", "json"],
    )
    assert result.stderr == "" and result.exit_code in (0, 1)
    assert [p["id"] for p in json.loads(result.stdout)["run"]["packs"]] == [
        "exemplo-odonto-implantes"
    ]


# -- 7. strict values ----------------------------------------------------------------------


def test_period_with_a_trailing_newline_is_refused() -> None:
    err = usage(["check", str(CLEAN_LOT), "--period", "2023-10\n"])
    assert (
        err == "lotcheck: período inválido: '2023-10\\n' (use AAAA-MM ou AAAA-MM-DD:AAAA-MM-DD)\n"
    )
    assert "período inválido" in usage(["check", str(CLEAN_LOT), "--period", " 2023-10"])


def test_ledger_period_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "l.sqlite3"
    err = usage(
        ["ledger", "close", str(CLEAN_LOT), "--period", "2023-10\n", "--ledger-url", str(db)]
    )
    assert (
        err == "lotcheck: competência inválida: '2023-10\\n' (use AAAA-MM, por exemplo 2023-10)\n"
    )
    assert not db.exists()
    assert "competência inválida" in usage(["ledger", "reopen", "2023-10\n"])
    assert "competência inválida" in usage(["ledger", "list", "--period", "2023-1"])


def test_sizes_and_numbers_are_read_strictly() -> None:
    assert parse_size("256M") == 256 << 20 and parse_size("1000000") == 1_000_000
    assert parse_size("2gb") == 2 << 30
    for bad in ("256M\n", " 256M", "256 M", "２５６", "-1", ""):
        assert parse_size(bad) is None, bad
    assert "tamanho inválido" in usage(["check", str(CLEAN_LOT), "--max-size", "256M\n"])
    assert "use só algarismos" in usage(["check", str(CLEAN_LOT), "--jobs", " 2"])
    assert "use só algarismos" in usage(["check", str(CLEAN_LOT), "--jobs", "２"])


def test_periods_are_read_strictly() -> None:
    assert parse_period("2024-02") == (
        __import__("datetime").date(2024, 2, 1),
        __import__("datetime").date(2024, 2, 29),
    )
    for bad in ("2023-10\n", "2023-10 ", "２０２３-10", "2023-10-01:2023-10-31\n", "2023-13"):
        assert parse_period(bad) is None, repr(bad)


# -- 8. conventions ----------------------------------------------------------------------


def test_version_option_and_command() -> None:
    for args in (["--version"], ["version"]):
        done = run_cli(args)
        assert (done.returncode, done.stdout, done.stderr) == (0, b"lotcheck 0.1.0\n", b"")


def test_shell_completion_is_offered() -> None:
    done = run_cli(["--show-completion", "bash"])
    assert done.returncode == 0 and b"_LOTCHECK_COMPLETE" in done.stdout
    helped = run_cli(["--help"])
    assert helped.returncode == 0 and b"--install-completion" in helped.stdout


# -- 9. hash ------------------------------------------------------------------------------


def test_hash_of_a_folder_says_what_hash_takes() -> None:
    err = usage(["hash", "examples"])
    assert err == ("lotcheck: hash confere um arquivo de mensagem TISS, não uma pasta: examples\n")
    assert usage(["hash", "nada.xml"]) == "lotcheck: arquivo ou pasta não encontrado: nada.xml\n"


# -- 13. language -------------------------------------------------------------------------


def test_usage_errors_follow_the_language(tmp_path: Path) -> None:
    empty = tmp_path / "e"
    empty.mkdir()
    assert usage(["check", str(empty)], LOTCHECK_LANG="en") == (
        f"lotcheck: no XML lot found under {empty}\n"
    )
    assert "option --contract was given more than once" in usage(
        ["check", str(CLEAN_LOT), "-c", "a", "-c", "b"], LOTCHECK_LANG="en"
    )
    # the parser's own errors too
    assert "opção desconhecida: --nope" in usage(["check", str(CLEAN_LOT), "--nope"])
    assert "No such option: --nope" in usage(["check", str(CLEAN_LOT), "--nope", "--lang", "en"])
    missing = usage(["check"])
    assert "falta o argumento 'paths'" in missing and "Uso: " in missing
    assert "a opção --format precisa de um valor" in usage(["check", str(CLEAN_LOT), "--format"])
    assert "comando desconhecido: 'nocmd'" in usage(["nocmd"])
    assert "valor inválido para '--format' / '-f': 'x' não é um de" in usage(
        ["check", str(CLEAN_LOT), "-f", "x"]
    )


def test_help_follows_the_language() -> None:
    pt = runner.invoke(app, ["check", "--help"])
    assert pt.exit_code == 0 and "Pasta do contrato" in pt.stdout and "Opções" in pt.stdout
    en = runner.invoke(app, ["check", "--help", "--lang", "en"])
    assert en.exit_code == 0 and "Contract folder" in en.stdout and "Options" in en.stdout
    env = runner.invoke(app, ["--help"], env={"LOTCHECK_LANG": "en"})
    assert env.exit_code == 0 and "Check lots" in env.stdout
    default = runner.invoke(app, ["--help"])
    assert default.exit_code == 0 and "Confere lotes" in default.stdout
