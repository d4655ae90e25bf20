"""``lotcheck reconcile``: the command's report and exit code through :func:`run_reconcile`
(the statement readers land on other branches, so a statement is built here as values), and
its usage errors, which all stop before anything is read."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import reconcile_kit as K
from lotcheck.cli.app import app
from lotcheck.cli.reconcile import run_reconcile
from lotcheck.reconcile.errors import ReconcileError

import lots as L

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "reconcile.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)


def cli(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, ["reconcile", *map(str, args)])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def one_item_lot(folder: Path) -> Path:
    guide = L.sadt_guide(
        "1001", [L.sadt_item(1, "40304361", "2023-10-10", "1", "1.00", "13.20", "13.20")]
    )
    return K.write_lot(folder / "um.xml", [guide])


def paid_statement():
    return K.statement(
        [K.protocol([K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "13.20")])])]
    )


def test_all_paid_and_all_answered_exits_0_with_the_json(tmp_path: Path) -> None:
    document, code = run_reconcile(
        paid_statement(),
        [one_item_lot(tmp_path)],
        K.options(K.contract(tmp_path)),
        output_format="json",
    )
    assert code == 0
    data = json.loads(document)
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["paid"] == 1 and data["unanswered"] == [] and data["unmatched"] == []
    assert document.endswith("}\n")


def test_a_contestable_item_exits_1(tmp_path: Path) -> None:
    st = K.statement(
        [K.protocol([K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "0.00")])])]
    )
    document, code = run_reconcile(st, [one_item_lot(tmp_path)], K.options(K.contract(tmp_path)))
    assert code == 1
    assert json.loads(document)["totals"]["recoverable"] == "13.20"


def test_an_unmatched_item_exits_1_even_when_nothing_is_contestable(tmp_path: Path) -> None:
    st = K.statement(
        [
            K.protocol(
                [
                    K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "13.20")]),
                    K.guide("5555", [K.item("1", "40304361", "2023-10-10", "13.20", "13.20")]),
                ]
            )
        ]
    )
    _, code = run_reconcile(st, [one_item_lot(tmp_path)], K.options(K.contract(tmp_path)))
    assert code == 1


def test_an_unanswered_item_exits_1(tmp_path: Path) -> None:
    # lot A has nine items; the statement answers one of them, paid
    _, code = run_reconcile(paid_statement(), [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))
    assert code == 1


def test_without_a_contract_a_denial_is_unchecked_and_exits_0_when_all_is_answered(
    tmp_path: Path,
) -> None:
    st = K.statement(
        [K.protocol([K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "0.00")])])]
    )
    document, code = run_reconcile(st, [one_item_lot(tmp_path)], K.options(None))
    data = json.loads(document)
    assert (code, data["summary"]["unchecked"], data["contract"]) == (0, 1, None)


def test_a_lot_that_cannot_be_read_raises_for_the_command_to_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "quebrado.xml"
    broken.write_text("<ans:mensagemTISS", encoding="utf-8")
    with pytest.raises(ReconcileError):
        run_reconcile(paid_statement(), [broken], K.options(None))


# -- usage errors: exit 2 before anything is read ----------------------------------------------


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    statement = tmp_path / "demonstrativo.xml"
    statement.write_text("<x/>", encoding="utf-8")
    return {"statement": statement, "lot": one_item_lot(tmp_path), "dir": tmp_path}


def test_no_lot_is_a_usage_error(files: dict[str, Path]) -> None:
    code, out, err = cli(files["statement"])
    assert (code, out) == (2, "")
    assert (
        err
        == "lotcheck: reconcile precisa dos lotes enviados: informe cada um com --lot LOTE.xml\n"
    )
    code, _, err = cli(files["statement"], "--lang", "en")
    assert err == "lotcheck: reconcile needs the lots sent: name each one with --lot LOT.xml\n"


def test_a_missing_statement_or_lot_is_named(files: dict[str, Path]) -> None:
    missing = files["dir"] / "nada.xml"
    code, _, err = cli(missing, "--lot", files["lot"])
    assert (code, err) == (2, f"lotcheck: arquivo ou pasta não encontrado: {missing}\n")
    code, _, err = cli(files["statement"], "--lot", missing)
    assert (code, err) == (2, f"lotcheck: arquivo ou pasta não encontrado: {missing}\n")


def test_a_folder_as_a_lot_is_refused(files: dict[str, Path]) -> None:
    code, _, err = cli(files["statement"], "--lot", files["dir"], "--lang", "en")
    assert (code, err) == (2, f"lotcheck: --lot names one lot file, not a folder: {files['dir']}\n")


def test_a_lot_given_twice_or_as_the_statement_is_refused(files: dict[str, Path]) -> None:
    lot = files["lot"]
    code, _, err = cli(files["statement"], "--lot", lot, "--lot", lot, "--lang", "en")
    assert code == 2 and err.startswith(f"lotcheck: lot {lot} is given twice")
    code, _, err = cli(
        files["statement"], "--lot", lot, "--lot", files["statement"], "--lang", "en"
    )
    assert (code, err) == (
        2,
        f"lotcheck: the statement {files['statement']} is also given as a lot\n",
    )


@pytest.mark.parametrize("which", ["statement", "lot"])
def test_the_output_may_not_be_an_input(files: dict[str, Path], which: str) -> None:
    before = files[which].read_bytes()
    code, _, err = cli(files["statement"], "--lot", files["lot"], "-o", files[which], "-f", "json")
    assert code == 2 and err.startswith("lotcheck: --output não pode ser um dos arquivos usados")
    assert files[which].read_bytes() == before


def test_the_output_may_not_be_a_contract_file(files: dict[str, Path]) -> None:
    K.contract(files["dir"])
    price_csv = files["dir"] / "contrato" / "2023-10-01.csv"
    before = price_csv.read_bytes()
    code, _, err = cli(
        files["statement"], "--lot", files["lot"], "-c", files["dir"] / "contrato", "-o", price_csv
    )
    assert code == 2 and "--output" in err
    assert price_csv.read_bytes() == before


def test_a_contract_that_does_not_load_exits_2(files: dict[str, Path]) -> None:
    bad = files["dir"] / "ruim"
    bad.mkdir()
    (bad / "contract.toml").write_text("name = ", encoding="utf-8")
    code, out, err = cli(files["statement"], "--lot", files["lot"], "-c", bad)
    assert (code, out) == (2, "") and err.startswith("lotcheck: ")


def test_a_table_statement_without_mapping_is_the_readers_error_in_the_chosen_language(
    files: dict[str, Path],
) -> None:
    table = files["dir"] / "retorno.csv"
    table.write_text("guia;valor\n", encoding="utf-8")
    code, out, err = cli(table, "--lot", files["lot"], "--lang", "en")
    assert (code, out) == (2, "")
    assert err == (
        f"lotcheck: {table}: a spreadsheet statement (CSV or XLSX) needs the payer's column "
        "mapping: use --mapping FILE.toml\n"
    )
    code, _, err = cli(table, "--lot", files["lot"])
    assert code == 2 and "mapeamento de colunas" in err


def test_an_unknown_format_or_dialect_is_refused(files: dict[str, Path]) -> None:
    code, _, _ = cli(files["statement"], "--lot", files["lot"], "-f", "pdf")
    assert code == 2
    code, _, _ = cli(files["statement"], "--lot", files["lot"], "--csv-dialect", "tab")
    assert code == 2


def test_the_help_names_the_exit_codes(files: dict[str, Path]) -> None:
    code, out, _ = cli("--help", "--lang", "en")
    assert code == 0
    flat = " ".join(out.split())
    assert "Exit code: 0 nothing contestable nor unmatched" in flat
    for option in (
        "--lot",
        "--contract",
        "--mapping",
        "--format",
        "--csv-dialect",
        "--no-schema",
        "--xsd-dir",
        "--output",
    ):
        assert option in out


def test_a_payer_pack_of_the_contract_that_does_not_load_exits_2(files: dict[str, Path]) -> None:
    # the contract's rules.toml is applied by the reconciliation's check, as by ``check``
    K.contract(files["dir"])
    (files["dir"] / "contrato" / "rules.toml").write_text("[pack\n", encoding="utf-8")
    code, out, err = cli(files["statement"], "--lot", files["lot"], "-c", files["dir"] / "contrato")
    assert (code, out) == (2, "") and err.startswith("lotcheck: ") and "rules.toml" in err
