"""``lotcheck price``: what to bill for one code, the figure the check will expect.

Every expected value is worked out here by hand from the contract's own files (the price CSV, the
CBHPM edition's porte and procedure tables, the terms of ``contract.toml``), with a rounding
written in this file, never taken from lotcheck's output.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner, Result

import lotcheck
from lotcheck.cli.app import app
from lotcheck.core.model import Item, ItemKind, TeamMember
from lotcheck.engine import CheckOptions, check_file
from lotcheck.pricing.explain import pricing_data
from lotcheck.pricing.price import price_item
from lotcheck.pricing.quote import QuoteError, quote

from lotcheck_testkit import cli_env, run_cli
from lots import EXAMPLE_CONTRACT, ROOT, lot, sadt_guide, sadt_item, write_contract

runner = CliRunner()
IPSM = ROOT / "price_tables" / "ipsm-exemplo"
CBHPM = ROOT / "price_tables" / "cbhpm-exemplo"
EDITION = CBHPM / "cbhpm" / "exemplo-2024"
SCHEMA = json.loads((ROOT / "schemas" / "price.schema.json").read_text(encoding="utf-8"))
CENT = Decimal("0.01")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOTCHECK_LANG", raising=False)


# -- the contract's files, read by hand ------------------------------------------------------


def cents(value: Decimal) -> Decimal:
    """Half-up to the cent, as both example contracts say (``rounding = "half_up"``)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def brazilian(text: str) -> Decimal:
    """``1.942,50`` -> 1942.50 (the CSVs' dialect); empty -> 0."""
    return Decimal(text.replace(".", "").replace(",", ".")) if text else Decimal(0)


def csv_rows(path: Path) -> list[dict[str, str]]:
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    names = header.split(";")
    return [dict(zip(names, line.split(";"), strict=True)) for line in lines if line]


def list_price(version: str, table: str, code: str) -> Decimal:
    for row in csv_rows(IPSM / f"{version}.csv"):
        if (row["tabela"], row["codigo"]) == (table, code):
            return brazilian(row["valor"])
    raise AssertionError(f"{table}/{code} not in {version}.csv")


def cbhpm_code(code: str) -> dict[str, str]:
    return next(r for r in csv_rows(EDITION / "procedimentos.csv") if r["codigo"] == code)


def porte_value(porte: str, table: str = "portes.csv") -> Decimal:
    return next(brazilian(r["valor"]) for r in csv_rows(EDITION / table) if r["porte"] == porte)


def cbhpm_term(start: date) -> dict[str, object]:
    settings = tomllib.loads((CBHPM / "contract.toml").read_text(encoding="utf-8"))
    scheme = next(s for s in settings["pricing"] if s["method"] == "cbhpm")
    term: dict[str, object] = next(t for t in scheme["terms"] if t["start"] == start)
    return term


def adjust(term: dict[str, object], part: str) -> Decimal:
    bands = term["adjust"]
    assert isinstance(bands, dict)
    return Decimal(bands[part])


def participation(contract: Path, degree: str) -> Decimal:
    settings = tomllib.loads((contract / "contract.toml").read_text(encoding="utf-8"))
    return Decimal(settings["participation"][degree])


# 31005497 (videolaparoscopic cholecystectomy) in the CBHPM edition: porte 10A, 46,35 UCO,
# anesthesia porte 5, two auxiliaries; the contract's first term: porte × 0,80, UCO R$ 21,07
CHOLE = cbhpm_code("31005497")
JAN = cbhpm_term(date(2024, 1, 1))
JUL = cbhpm_term(date(2024, 7, 1))
FEE = cents(porte_value(CHOLE["porte"]) * adjust(JAN, "porte"))
UCO_JAN = cents(brazilian(CHOLE["uco"]) * Decimal(str(JAN["uco"])))
UCO_JUL = cents(brazilian(CHOLE["uco"]) * Decimal(str(JUL["uco"])))
ANESTHESIA = cents(
    porte_value(CHOLE["porte_anestesico"], "portes_anestesicos.csv") * adjust(JAN, "anesthesia")
)


def test_the_hand_figures_are_the_ones_the_brief_gives() -> None:
    """The files read above say what the task states: 200,97 × 0,80 = 160,78; 46,35 × 21,07 =
    976,59 (976,5945); 46,35 × 22,00 = 1.019,70; 486,27 × 0,80 = 389,02 (389,016)."""
    assert (CHOLE["porte"], CHOLE["uco"], CHOLE["porte_anestesico"]) == ("10A", "46,35", "5")
    hand = (FEE, UCO_JAN, UCO_JUL, ANESTHESIA)
    assert hand == (
        Decimal("160.78"),
        Decimal("976.59"),
        Decimal("1019.70"),
        Decimal("389.02"),
    )


# -- running it -------------------------------------------------------------------------------


def price(*args: str) -> Result:
    return runner.invoke(app, ["price", *args])


def answer(*args: str) -> dict[str, object]:
    """The JSON answer of a priced line (exit 0), checked against the published schema."""
    result = price(*args, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    data: dict[str, object] = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def usage(*args: str) -> str:
    """A usage error: exit 2, nothing on stdout, one ``lotcheck:`` line or the parser's panel."""
    result = price(*args)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert "Traceback" not in result.stderr
    return result.stderr


# -- a price list ------------------------------------------------------------------------------


def test_a_list_price_at_a_degree() -> None:
    """2023-10-02.csv: 31005497 R$ 1.942,50; the first assistant (01) is paid 30 %."""
    expected = cents(list_price("2023-10-02", "22", "31005497") * participation(IPSM, "01") / 100)
    assert expected == Decimal("582.75")
    data = answer("31005497", "-c", str(IPSM), "--date", "2023-10-02", "--degree", "01")
    assert (data["unit"], data["total"], data["method"]) == (str(expected), str(expected), "list")
    assert (data["version"], data["degree"], data["percentage"]) == ("2023-10-02", "01", "30")
    assert (data["code"], data["table"], data["date"]) == ("31005497", "22", "2023-10-02")
    assert data["components"] == []


def test_the_version_in_force_on_the_date_prices_it() -> None:
    """On 2023-09-15 the version of 2023-08-01 is in force: R$ 1.850,00."""
    data = answer("31005497", "-c", str(IPSM), "--date", "2023-09-15")
    assert data["unit"] == str(list_price("2023-08-01", "22", "31005497")) == "1850.00"
    assert data["version"] == "2023-08-01"


def test_the_text_answer_in_portuguese() -> None:
    result = price("31005497", "-c", str(IPSM), "--date", "2023-10-02", "--degree", "01")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "código:             31005497 — Colecistectomia sem colangiografia por videolaparoscopia",
        "tabela:             22",
        "data:               02/10/2023",
        "guia:               SP-SADT",
        "método:             tabela contratada, versão de 02/10/2023",
        "grau:               01 (30% do valor)",
        "fórmula:            tabela de 02/10/2023: R$ 1.942,50 × 30%",
        "valor unitário:     R$ 582,75",
        "quantidade × fator: 1 × 1",
        "total da linha:     R$ 582,75",
    ]


def test_the_text_answer_in_english() -> None:
    result = price(
        "31005497", "-c", str(IPSM), "--date", "2023-10-02", "--degree", "01", "--lang", "en"
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "code:              31005497 — Colecistectomia sem colangiografia por videolaparoscopia",
        "table:             22",
        "date:              2023-10-02",
        "guide:             SP-SADT",
        "method:            contracted table, version of 2023-10-02",
        "degree:            01 (30% of the price)",
        "formula:           table of 2023-10-02: R$ 1942.50 × 30%",
        "unit value:        R$ 582.75",
        "quantity × factor: 1 × 1",
        "line total:        R$ 582.75",
    ]


@pytest.mark.parametrize(
    ("quantity", "factor", "typed"),
    [("3", "0.70", "0.70"), ("3", "0.70", "0,70"), ("2", "1.30", "1.30"), ("1.5", "1", "1")],
)
def test_quantity_and_factor_make_the_line_total(quantity: str, factor: str, typed: str) -> None:
    """Hemograma 40304361, R$ 13,20 on 2023-10-02: total = round(13,20 × Q × F); a factor
    typed with a decimal comma is the same factor."""
    unit = list_price("2023-10-02", "22", "40304361")
    total = cents(unit * Decimal(quantity) * Decimal(factor))
    args = ["40304361", "-c", str(IPSM), "--date", "2023-10-02", "--quantity", quantity]
    data = answer(*args, "--factor", typed)
    assert (data["unit"], data["total"]) == (str(unit), str(total))
    assert (data["quantity"], data["factor"]) == (quantity, factor)
    text = price(*args, "--factor", typed).stdout
    shown = f"{total:.2f}".replace(".", ",")
    assert f"total da linha:     R$ {shown}" in text.splitlines()


def test_a_consulta_is_its_one_value() -> None:
    """10101012 R$ 98,00: the consulta's one value element holds it."""
    unit = list_price("2023-10-02", "22", "10101012")
    args = ["10101012", "-c", str(IPSM), "--date", "2023-10-02", "--guide-type", "consulta"]
    data = answer(*args)
    assert (data["unit"], data["total"]) == (str(unit), str(unit)) == ("98.00", "98.00")
    assert "valor do procedimento: R$ 98,00" in price(*args).stdout.splitlines()


def test_a_dental_line_is_price_times_qtdproc(tmp_path: Path) -> None:
    """81000065 R$ 63,00, qtdProc 2: valorProc is the line, 126,00 ([dental] value_per
    "line", the default); with value_per "unit" it holds the unit price, 63,00."""
    unit = list_price("2023-10-02", "22", "81000065")
    line = cents(unit * 2)
    args = ["81000065", "--date", "2023-10-02", "--guide-type", "odonto", "--quantity", "2"]
    assert answer(*args, "-c", str(IPSM))["total"] == str(line) == "126.00"
    assert "valor do procedimento: R$ 126,00" in price(*args, "-c", str(IPSM)).stdout
    per_unit = write_contract(
        tmp_path / "unit",
        {"2023-10-02": [("22", "81000065", "63,00")]},
        extra='[dental]\nvalue_per = "unit"\n',
    )
    result = price(*args, "-c", str(per_unit))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "total da linha:        R$ 126,00" in lines
    assert "valor do procedimento: R$ 63,00" in lines


# -- a CBHPM contract --------------------------------------------------------------------------


def test_a_cbhpm_sadt_line_is_porte_plus_uco() -> None:
    expected = FEE + UCO_JAN
    assert expected == Decimal("1137.37")
    data = answer("31005497", "-c", str(CBHPM), "--date", "2024-03-01", "--guide-type", "sadt")
    assert (data["unit"], data["total"], data["method"]) == (str(expected),) * 2 + ("cbhpm",)
    assert (data["version"], data["edition"]) == ("2024-01-01", "exemplo-2024")
    parts = data["components"]
    assert isinstance(parts, list)
    assert [(p["kind"], p["label"], p["value"]) for p in parts] == [
        ("porte", "10A", str(FEE)),
        ("uco", None, str(UCO_JAN)),
    ]
    # no --guide-type is an SP-SADT line
    assert answer("31005497", "-c", str(CBHPM), "--date", "2024-03-01")["unit"] == str(expected)


def test_the_cbhpm_text_answer_shows_the_formula() -> None:
    result = price("31005497", "-c", str(CBHPM), "--date", "2024-03-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "método:             CBHPM exemplo-2024, termos do contrato de 01/01/2024" in lines
    assert (
        "fórmula:            CBHPM exemplo-2024, termos do contrato de 01/01/2024: porte 10A "
        "R$ 200,97 × 0,80 + 46,35 UCO × R$ 21,07 = R$ 1.137,37"
    ) in lines
    assert "total da linha:     R$ 1.137,37" in lines


def test_an_honorarios_line_carries_the_porte_only() -> None:
    data = answer(
        "31005497", "-c", str(CBHPM), "--date", "2024-03-01", "--guide-type", "honorarios"
    )
    assert data["unit"] == str(FEE) == "160.78"


def test_the_first_assistant_is_paid_a_share_of_the_porte() -> None:
    expected = cents(FEE * participation(CBHPM, "01") / 100)
    assert expected == Decimal("96.47")  # 160,78 × 60 % = 96,468
    data = answer("31005497", "-c", str(CBHPM), "--date", "2024-03-01", "--degree", "01")
    assert (data["unit"], data["percentage"], data["degree"]) == (str(expected), "60", "01")


def test_the_anesthetist_is_paid_the_anesthesia_porte() -> None:
    data = answer("31005497", "-c", str(CBHPM), "--date", "2024-03-01", "--degree", "06")
    assert data["unit"] == str(ANESTHESIA)
    parts = data["components"]
    assert isinstance(parts, list)
    assert [(p["kind"], p["label"]) for p in parts] == [("anesthesia", "5")]


def test_the_uco_value_of_july_applies_from_july() -> None:
    assert JUL["uco"] == "22.00"
    data = answer("31005497", "-c", str(CBHPM), "--date", "2024-07-01")
    assert (data["unit"], data["version"]) == (str(FEE + UCO_JUL), "2024-07-01")
    assert data["unit"] == "1180.48"
    # the day before, the first term
    assert answer("31005497", "-c", str(CBHPM), "--date", "2024-06-30")["unit"] == "1137.37"


def test_cbhpm_quantity_and_factor() -> None:
    """A second procedure by the same route: 1.137,37 × 1 × 0,50 = 568,685 → 568,69."""
    expected = cents((FEE + UCO_JAN) * Decimal("0.50"))
    args = ["31005497", "-c", str(CBHPM), "--date", "2024-03-01", "--factor", "0.50"]
    data = answer(*args)
    assert (data["unit"], data["total"]) == (str(FEE + UCO_JAN), str(expected))
    assert data["total"] == "568.69"


def test_a_degree_beyond_the_auxiliaries_is_the_checks_finding(tmp_path: Path) -> None:
    """31005497 pays two auxiliaries: a third (03) is not paid. The answer is the finding
    ``lotcheck check`` gives a lot billing that line, word for word, and exit 1."""
    args = ["31005497", "-c", str(CBHPM), "--date", "2024-03-01", "--degree", "03"]
    result = price(*args)
    assert (result.exit_code, result.stderr) == (1, "")
    billed = tmp_path / "lote.xml"
    item = sadt_item(1, "31005497", "2024-03-01", "1", "1.00", "100.00", "100.00", ("03",))
    billed.write_text(lot([sadt_guide("G1", [item])]), encoding="utf-8")
    contract = lotcheck.load_contract(CBHPM)
    report = check_file(billed, CheckOptions(contract=contract, schema=False))
    finding = next(f for f in report.findings if f.code == "participation.beyond_procedure")
    assert result.stdout.splitlines() == [
        f"participation.beyond_procedure: {finding.message}",
        "glosa 3241",
    ]
    assert "03" in finding.message and "2" in finding.message
    as_json = price(*args, "--format", "json")
    assert as_json.exit_code == 1
    error = json.loads(as_json.stdout)
    jsonschema.validate(error, SCHEMA)
    assert error == {
        "error": {"code": "participation.beyond_procedure", "message": finding.message}
    }


# -- codes the contract does not price ---------------------------------------------------------


def test_an_unknown_code_is_table_code_unknown() -> None:
    result = price("99999999", "-c", str(IPSM), "--date", "2023-10-02")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "table.code_unknown: O código 22/99999999 não consta da tabela contratada vigente em "
        "02/10/2023 (versão de 02/10/2023).",
        "glosa 1801",
    ]
    english = price(
        "99999999", "-c", str(IPSM), "--date", "2023-10-02", "-f", "json", "--lang", "en"
    )
    assert english.exit_code == 1
    error = json.loads(english.stdout)
    jsonschema.validate(error, SCHEMA)
    assert error["error"]["code"] == "table.code_unknown"
    assert "22/99999999" in error["error"]["message"]
    assert "2023-10-02" in error["error"]["message"]


def test_an_unknown_code_of_a_formula_contract_names_the_edition() -> None:
    result = price("99999999", "-c", str(CBHPM), "--date", "2024-03-01")
    assert result.exit_code == 1
    assert result.stdout.startswith("table.code_unknown: O código 22/99999999 não consta da edição")
    assert "exemplo-2024" in result.stdout


def test_a_date_before_every_version() -> None:
    result = price("31005497", "-c", str(IPSM), "--date", "2023-07-15")
    assert result.exit_code == 1
    assert result.stdout.startswith("table.no_version: ")
    assert "15/07/2023" in result.stdout


def test_a_degree_the_contract_does_not_pay() -> None:
    """ipsm-exemplo lists 00–04: an instrumentador (05) has no percentage."""
    result = price("31005497", "-c", str(IPSM), "--date", "2023-10-02", "--degree", "05")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "participation.unknown: O grau de participação 05 não tem percentual no contrato."
    )


# -- which table -------------------------------------------------------------------------------


def test_the_one_table_that_prices_the_code_is_found() -> None:
    """60023058 is only in table 18 (taxa de sala); 00010014 only in the AMB 92 table 00,
    100 CH × R$ 0,55 = 55,00."""
    room = answer("60023058", "-c", str(IPSM), "--date", "2023-10-02")
    assert (room["table"], room["unit"]) == ("18", str(list_price("2023-10-02", "18", "60023058")))
    amb = answer("00010014", "-c", str(CBHPM), "--date", "2024-03-01")
    assert (amb["table"], amb["method"], amb["unit"]) == ("00", "coefficient", "55.00")


def test_a_code_in_two_tables_needs_table(tmp_path: Path) -> None:
    contract = write_contract(
        tmp_path / "two",
        {"2024-01-01": [("22", "31005497", "100,00"), ("98", "31005497", "80,00")]},
    )
    args = ["31005497", "-c", str(contract), "--date", "2024-02-01"]
    assert usage(*args) == (
        "lotcheck: o código '31005497' consta de mais de uma tabela do contrato em 01/02/2024 "
        "(tabelas 22, 98): informe qual com --table\n"
    )
    assert usage(*args, "--lang", "en") == (
        "lotcheck: code '31005497' is in more than one table of the contract on 2024-02-01 "
        "(tables 22, 98): say which with --table\n"
    )
    assert answer(*args, "--table", "98")["unit"] == "80.00"
    assert answer(*args, "--table", "22")["unit"] == "100.00"
    with pytest.raises(QuoteError) as raised:
        quote(lotcheck.load_contract(contract), "31005497", date(2024, 2, 1))
    assert (raised.value.reason, raised.value.values["tables"]) == ("ambiguous_table", ("22", "98"))


def test_a_table_the_contract_leaves_unpriced_is_refused() -> None:
    err = usage("90000001", "-c", str(IPSM), "--date", "2023-10-02", "--table", "19")
    assert err.startswith("lotcheck: o contrato não precifica a tabela '19'")


# -- usage errors ------------------------------------------------------------------------------

BASE = ["31005497", "-c", str(IPSM)]


@pytest.mark.parametrize("day", ["2024-02-30", "2024-3-1", "01-03-2024", "2024-03-01\n", ""])
def test_a_bad_date(day: str) -> None:
    err = usage(*BASE, "--date", day)
    assert err.startswith("lotcheck: data inválida para --date: ")
    assert repr(day) in err


def test_a_brazilian_date_is_the_same_day() -> None:
    assert answer(*BASE, "--date", "02/10/2023")["date"] == "2023-10-02"


@pytest.mark.parametrize("value", ["1.000,5", "1e3", "-1", "+2", "1,", " 2", "dois", "٣"])
@pytest.mark.parametrize("option", ["--quantity", "--factor"])
def test_a_bad_decimal(option: str, value: str) -> None:
    err = usage(*BASE, "--date", "2023-10-02", option, value)
    assert err.startswith(f"lotcheck: valor inválido para {option}: {value!r}"), err


@pytest.mark.parametrize("option", ["--quantity", "--factor"])
def test_zero_is_refused(option: str) -> None:
    err = usage(*BASE, "--date", "2023-10-02", option, "0,00")
    assert err == f"lotcheck: {option} deve ser maior que zero: '0.00'\n"


@pytest.mark.parametrize("degree", ["14", "1", "001", "AA", "99"])
def test_a_degree_outside_table_35(degree: str) -> None:
    err = usage(*BASE, "--date", "2023-10-02", "--degree", degree)
    assert err.startswith(f"lotcheck: grau de participação inválido para --degree: {degree!r}")


def test_options_a_guide_type_has_no_element_for() -> None:
    consulta = ["10101012", "-c", str(IPSM), "--date", "2023-10-02", "--guide-type", "consulta"]
    assert usage(*consulta, "--quantity", "2") == (
        "lotcheck: --quantity não se aplica à guia de consulta: a linha dela não tem esse dado\n"
    )
    assert usage(*consulta, "--degree", "00", "--lang", "en") == (
        "lotcheck: --degree does not apply to a consultation guide: its line has no such value\n"
    )
    odonto = ["81000065", "-c", str(IPSM), "--date", "2023-10-02", "--guide-type", "odonto"]
    assert "--factor" in usage(*odonto, "--factor", "0.50")


def test_an_unknown_guide_type() -> None:
    err = usage(*BASE, "--date", "2023-10-02", "--guide-type", "sp-sadt")
    assert "--guide-type" in err and "'sp-sadt'" in err


def test_a_bad_table_or_code() -> None:
    assert "--table: '2'" in usage(*BASE, "--date", "2023-10-02", "--table", "2")
    err = usage("31 005", "-c", str(IPSM), "--date", "2023-10-02")
    assert err.startswith("lotcheck: código inválido para CODE: '31 005'")


def test_the_contract_is_required_and_must_load(tmp_path: Path) -> None:
    assert "--contract" in usage("31005497", "--date", "2023-10-02")
    assert "--date" in usage(*BASE)
    missing = tmp_path / "nada"
    assert usage("31005497", "-c", str(missing), "--date", "2023-10-02") == (
        f"lotcheck: arquivo ou pasta não encontrado: {missing}\n"
    )
    bad = write_contract(tmp_path / "bad", {"2024-01-01": [("22", "1", "abc")]})
    err = usage("1", "-c", str(bad), "--date", "2024-01-02")
    assert err.startswith("lotcheck: contrato inválido: ")
    assert f"{bad / '2024-01-01.csv'}:2" in err  # the file and line of the bad row


def test_the_contract_toml_stands_for_its_folder() -> None:
    data = answer("31005497", "-c", str(IPSM / "contract.toml"), "--date", "2023-10-02")
    assert data["unit"] == "1942.50"


def test_a_repeated_option_is_refused() -> None:
    err = usage(*BASE, "--date", "2023-10-02", "--degree", "00", "--degree", "01")
    assert "--degree" in err


def test_a_usage_error_in_english() -> None:
    assert usage(*BASE, "--date", "2023-13-01", "--lang", "en") == (
        "lotcheck: invalid date for --date: '2023-13-01' (use YYYY-MM-DD or DD/MM/YYYY)\n"
    )


# -- the JSON answer and the library -----------------------------------------------------------


def test_the_json_answer_is_the_explanation_of_a_value_finding_and_the_date() -> None:
    """``components`` and every other field are exactly those of ``pricing_data``, plus the
    date asked (the schema refuses anything else)."""
    data = answer("31005497", "-c", str(CBHPM), "--date", "2024-03-01", "--degree", "01")
    result = quote(lotcheck.load_contract(CBHPM), "31005497", date(2024, 3, 1), degree="01")
    assert isinstance(result, lotcheck.Priced)
    assert data == {**pricing_data(result), "date": "2024-03-01"}
    assert set(SCHEMA["$defs"]["PriceModel"]["properties"]) == set(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "extra": 1}, SCHEMA)


def test_quote_is_price_item_of_the_line_a_lot_carries() -> None:
    """The library answer is the pricing stage's own result for an equal item: nothing is
    priced twice."""
    contract = lotcheck.load_contract(CBHPM)
    item = Item(
        ItemKind.PROCEDURE,
        "1",
        "22",
        "31005497",
        None,
        date(2024, 3, 1),
        Decimal(2),
        Decimal("0.70"),
        None,
        None,
        None,
        "/item",
        team=[TeamMember("01", "P", None, None, None)],
    )
    expected = price_item(contract, item, "guiaHonorarios")
    got = lotcheck.quote(
        contract,
        "31005497",
        date(2024, 3, 1),
        degree="01",
        quantity=Decimal(2),
        factor=Decimal("0.70"),
        guide_type="honorarios",
    )
    assert got == expected
    assert isinstance(got, lotcheck.Priced)
    assert got.expected_total == cents(cents(FEE * Decimal("0.60")) * 2 * Decimal("0.70"))


def test_unpriced_finding_words_it_as_the_check_does() -> None:
    contract = lotcheck.load_contract(EXAMPLE_CONTRACT)
    result = lotcheck.quote(contract, "99999999", date(2023, 10, 2))
    assert isinstance(result, lotcheck.Unpriced)
    finding = lotcheck.unpriced_finding(contract, result, "99999999", date(2023, 10, 2), lang="en")
    assert (finding.code, finding.glosa) == ("table.code_unknown", "1801")
    assert finding.message == (
        "Code 22/99999999 is not in the contracted table in force on 2023-10-02 "
        "(version of 2023-10-02)."
    )


def test_a_real_process_prices_and_refuses() -> None:
    done = run_cli(["price", "31005497", "-c", str(IPSM), "--date", "2023-10-02", "-f", "json"])
    assert (done.returncode, done.stderr) == (0, b"")
    jsonschema.validate(json.loads(done.stdout), SCHEMA)
    refused = run_cli(["price", "31005497", "-c", str(IPSM), "--date", "amanhã"])
    assert (refused.returncode, refused.stdout) == (2, b"")
    assert b"Traceback" not in refused.stderr
    assert refused.stderr.decode("utf-8").startswith("lotcheck: data inválida para --date:")


_PROBE = """
import sys
from typer.testing import CliRunner
from lotcheck.cli.app import app
result = CliRunner().invoke(app, sys.argv[1:])
print(result.exit_code)
print("loaded:", *sorted(m for m in sys.modules if m.split(".")[0] in {"rich", "pydantic"}))
"""


def test_a_price_on_a_plain_contract_starts_light() -> None:
    """Like a one-file check: a plainly valid list contract is read without pydantic, and the
    text answer needs no rich (start-up time, tests/test_startup.py)."""
    args = ["price", "31005497", "-c", str(IPSM), "--date", "2023-10-02"]
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        check=True,
        env=cli_env(),  # this worktree's src first
    )
    code, modules = done.stdout.strip().splitlines()[-2:]
    assert (code, modules) == ("0", "loaded:")
