"""``lotcheck appeal STATEMENT --lot LOT -c C -o RECURSO.xml --number N``: exit codes, what it
prints, and that it never writes over anything or writes an appeal when it should not.

The statement reader and the reconciliation are built on other branches; here they are replaced
by the hand-built values of tests/test_appeal_kit.py (212.50 in three items, protocol
123456789), so what is tested is the command itself: its options, the appeal written and read
back, the summary.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lotcheck.appeal.read import read_appeal
from lotcheck.cli.app import app
from lotcheck.xsd.registry import XsdRegistry
from test_appeal_kit import XSD, planted_items, reconciliation, statement, with_items, write_lot

from lotcheck_testkit import run_cli
from lots import write_contract

runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    seen: dict[str, Any] = {"rec": reconciliation(), "read": statement()}

    def fake_read(path: Path, **kw: object) -> object:
        seen["statement_path"] = path
        return seen["read"]

    def fake_reconcile(st: object, lots: list[Path], options: Any) -> object:
        seen["lots"], seen["options"] = lots, options
        return seen["rec"]

    monkeypatch.setattr("lotcheck.statement.read.read_statement", fake_read)
    monkeypatch.setattr("lotcheck.reconcile.run.reconcile", fake_reconcile)
    stmt = tmp_path / "demonstrativo.xml"
    stmt.write_text("<demonstrativo/>", encoding="utf-8")
    seen.update(
        statement=stmt,
        lot=write_lot(tmp_path),
        contract=write_contract(
            tmp_path / "contrato", {"2023-10-01": [("22", "10101012", "100,00")]}
        ),
        out=tmp_path / "recurso.xml",
    )
    return seen


def appeal(
    files: dict[str, Any], *extra: str, number: str | None = "REC-7"
) -> tuple[int, str, str]:
    args = [
        "appeal",
        str(files["statement"]),
        "--lot",
        str(files["lot"]),
        "-c",
        str(files["contract"]),
        "--xsd-dir",
        str(XSD),
        *extra,
    ]
    if "-o" not in extra:
        args += ["-o", str(files["out"])]
    if number is not None:
        args += ["--number", number]
    result = runner.invoke(app, args)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_the_appeal_is_written_valid_and_the_summary_says_what(files: dict[str, Any]) -> None:
    code, stdout, stderr = appeal(files, "--date", "2023-11-20")
    assert (code, stderr) == (0, "")
    out = files["out"]
    assert stdout.splitlines() == [
        "3 itens recorridos",
        "Valor total recursado: R$ 212,50 (protocolo 123456789)",
        f"Recurso gravado em {out}",
    ]
    assert XsdRegistry([XSD]).validate(out, "4.01.00") == []
    read = read_appeal(out).appeal
    assert (read.number, read.transaction, read.total) == ("REC-7", "REC-7", Decimal("212.50"))
    assert read.day == date(2023, 11, 20)
    assert (read.registered, read.clock) == (date(2023, 11, 14), time(22, 13, 20))
    # the reconciliation was asked with the lot, the contract and the run's language
    assert files["lots"] == [files["lot"]]
    assert files["options"].contract is not None and files["options"].lang == "pt"


def test_the_written_appeal_passes_lotcheck_hash(files: dict[str, Any]) -> None:
    assert appeal(files)[0] == 0
    checked = runner.invoke(app, ["hash", str(files["out"]), "--lang", "en"])
    assert checked.exit_code == 0  # the hash found is one of the two it should be
    assert "matches:" in checked.stdout


def test_the_transaction_sequence_may_be_given_apart(files: dict[str, Any]) -> None:
    code, _, _ = appeal(files, "--transaction", "900001")
    assert code == 0
    read = read_appeal(files["out"]).appeal
    assert (read.number, read.transaction) == ("REC-7", "900001")


def test_without_date_the_appeal_is_dated_today(files: dict[str, Any]) -> None:
    code, _, _ = appeal(files, "--lang", "en")
    assert code == 0
    assert read_appeal(files["out"]).appeal.day == date(2023, 11, 14)  # SOURCE_DATE_EPOCH's


def test_english_summary(files: dict[str, Any]) -> None:
    code, stdout, _ = appeal(files, "--lang", "en")
    assert code == 0
    assert stdout.splitlines()[:2] == [
        "3 items appealed",
        "Total appealed: R$ 212.50 (protocol 123456789)",
    ]


def test_nothing_to_appeal_exits_1_and_writes_nothing(files: dict[str, Any]) -> None:
    *_, paid = planted_items()
    files["rec"] = with_items(reconciliation(), paid)
    code, stdout, _ = appeal(files)
    assert code == 1
    assert stdout == (
        "Nada a recorrer: o demonstrativo não tem item contestável; nenhum arquivo foi gravado.\n"
    )
    assert not files["out"].exists()


def test_several_protocols_are_a_usage_error_until_one_is_chosen(files: dict[str, Any]) -> None:
    a, b, c, _ = planted_items()
    files["rec"] = with_items(reconciliation(), a, b, replace(c, protocol="555"))
    code, _, stderr = appeal(files)
    assert code == 2
    assert stderr == (
        "lotcheck: recurso de glosa: os itens contestáveis são de 2 protocolos (123456789, 555); "
        "um recurso é de um protocolo só: escolha um com --protocol\n"
    )
    assert not files["out"].exists()
    code, stdout, _ = appeal(files, "--protocol", "555")
    assert code == 0
    assert "Valor total recursado: R$ 100,00 (protocolo 555)" in stdout


def test_number_is_required(files: dict[str, Any]) -> None:
    code, _, stderr = appeal(files, number=None)
    assert code == 2
    assert stderr == "lotcheck: appeal precisa do número do recurso no prestador: --number N\n"
    assert not files["out"].exists()


def test_an_existing_output_is_never_overwritten(files: dict[str, Any]) -> None:
    files["out"].write_text("meu arquivo", encoding="utf-8")
    code, _, stderr = appeal(files)
    assert code == 2
    assert (
        stderr == f"lotcheck: o arquivo de saída já existe (nada foi sobrescrito): {files['out']}\n"
    )
    assert files["out"].read_text(encoding="utf-8") == "meu arquivo"


def test_the_output_may_not_be_an_input(files: dict[str, Any]) -> None:
    before = files["lot"].read_bytes()
    code, _, stderr = appeal(files, "-o", str(files["lot"]))
    assert code == 2
    assert "--output não pode ser um dos arquivos usados" in stderr
    assert files["lot"].read_bytes() == before


@pytest.mark.parametrize("value", ["2023-02-30", "20231120", "2023-11-20\n"])
def test_a_date_that_is_not_a_day_is_a_usage_error(files: dict[str, Any], value: str) -> None:
    code, _, stderr = appeal(files, "--date", value)
    assert code == 2
    assert stderr.startswith("lotcheck: --date espera uma data AAAA-MM-DD:")
    assert not files["out"].exists()


def test_lot_and_contract_are_required(files: dict[str, Any]) -> None:
    result = runner.invoke(
        app, ["appeal", str(files["statement"]), "-o", str(files["out"]), "--number", "1"]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "lotcheck: appeal precisa do lote que o demonstrativo responde: --lot LOTE.xml\n",
    )
    result = runner.invoke(
        app,
        [
            "appeal",
            str(files["statement"]),
            "--lot",
            str(files["lot"]),
            "-o",
            str(files["out"]),
            "--number",
            "1",
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("lotcheck: appeal precisa do contrato (--contract)")


def test_a_missing_statement_is_a_usage_error(files: dict[str, Any], tmp_path: Path) -> None:
    files["statement"] = tmp_path / "nao-existe.xml"
    code, _, stderr = appeal(files)
    assert code == 2
    assert stderr == f"lotcheck: arquivo ou pasta não encontrado: {files['statement']}\n"


def test_an_appeal_error_is_exit_2_in_english_too(files: dict[str, Any]) -> None:
    files["rec"] = reconciliation(operator_name=None)
    files["read"] = statement(operator_name=None)
    code, _, stderr = appeal(files, "--lang", "en")
    assert code == 2
    assert stderr == (
        "lotcheck: appeal: nomeOperadora is missing: neither the statement, the lot nor the "
        "options give it, and the appeal does not invent it\n"
    )
    assert not files["out"].exists()


def test_the_command_is_registered() -> None:
    ran = run_cli(["appeal", "--help", "--lang", "en"])
    assert ran.returncode == 0
    assert b"--number" in ran.stdout and b"--protocol" in ran.stdout
