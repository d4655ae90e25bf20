"""The formula methods of ``[[pricing]]``: every expected value here is worked out by hand from
the edition and terms written by the test (the arithmetic is in the comments), never copied from
the program's output.

The edition used by most tests (``EDITION``): every porte at R$ 100,00 except 3A (R$ 150,00) and
1B (R$ 2,01); every anesthesia porte at R$ 50,00 except 3 (R$ 200,00). The contract's term from
2024-01-01: UCO R$ 21,00, film R$ 30,00 per m², porte × 0,80, anesthesia × 0,80, film not
adjusted; from 2024-07-01 the UCO is R$ 22,00.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.contract import Contract, ContractError, load_contract
from lotcheck.contract.schemes import PORTES
from lotcheck.core.model import Item, ItemKind, TeamMember
from lotcheck.engine import CheckOptions, check_file
from lotcheck.messages import render
from lotcheck.pricing.explain import formula, pricing_data
from lotcheck.pricing.price import price_item
from lotcheck.pricing.result import Priced, Unpriced

from lots import lot, sadt_guide, sadt_item

D = Decimal
HEADER = "codigo;descricao;porte;fracao;uco;filme;porte_anestesico;auxiliares"
PROCEDURES = [
    "30000001;Ato do exemplo da issue;3A;;12;0,20;3;1",  # 150×0,80 + 12×21 + 0,20×30
    "30000002;Ato com fração;1B;0,5;;;0;0",  # 2,01 × 0,5 × 0,80
    "30000003;Exame sem honorário;;;1,5;;0;0",  # 1,5 UCO only
    "30000004;Arredonda diferente;3A;;12,5;0,25;0;2",  # see test_rounding_*
]
TERMS = """
[[pricing.terms]]
start = 2024-01-01
edition = "ed"
uco = "21.00"
film = "30.00"
adjust = { porte = "0.80", anesthesia = "0.80" }

[[pricing.terms]]
start = 2024-07-01
edition = "ed"
uco = "22.00"
film = "30.00"
adjust = { porte = "0.80", anesthesia = "0.80" }
"""


def write_edition(folder: Path, procedures: list[str]) -> None:
    folder.mkdir(parents=True)
    values = {"3A": "150,00", "1B": "2,01"}
    portes = [f"{p};{values.get(p, '100,00')}" for p in PORTES]
    (folder / "portes.csv").write_text("porte;valor\n" + "\n".join(portes) + "\n", "utf-8")
    anesthesia = [f"{n};{'200,00' if n == 3 else '50,00'}" for n in range(9)]
    (folder / "portes_anestesicos.csv").write_text(
        "porte;valor\n" + "\n".join(anesthesia) + "\n", "utf-8"
    )
    (folder / "procedimentos.csv").write_text(HEADER + "\n" + "\n".join(procedures) + "\n", "utf-8")


def write_cbhpm_contract(
    root: Path,
    *,
    rounding: str = "component",
    terms: str = TERMS,
    extra: str = "",
    procedures: list[str] | None = None,
) -> Path:
    write_edition(root / "ed", procedures or PROCEDURES)
    (root / "contract.toml").write_text(
        f"""name = "teste CBHPM"
[participation]
"00" = "100"
"01" = "30"
"02" = "20"

[[pricing]]
method = "cbhpm"
tables = ["22"]
rounding = "{rounding}"
[pricing.carries]
"guiaHonorarios" = ["porte"]
{terms}
{extra}
""",
        "utf-8",
    )
    return root


def edit_contract(root: Path, old: str, new: str, *, every: bool = False) -> Path:
    """``root``'s contract.toml with the first ``old`` (``every``: each one) made ``new``, a
    test's one change to a contract that loads; its path."""
    toml = root / "contract.toml"
    text = toml.read_text("utf-8")
    assert old in text, old
    toml.write_text(text.replace(old, new, -1 if every else 1), "utf-8")
    return toml


@pytest.fixture
def cbhpm(tmp_path: Path) -> Contract:
    return load_contract(write_cbhpm_contract(tmp_path / "c"))


def item(
    code: str,
    day: date = date(2024, 3, 1),
    degrees: tuple[str, ...] = (),
    table: str = "22",
    kind: ItemKind = ItemKind.PROCEDURE,
    qty: str = "1",
) -> Item:
    team = [TeamMember(d, f"P{n}", None, None, None) for n, d in enumerate(degrees)]
    return Item(
        kind, "1", table, code, None, day, D(qty), D("1.00"), None, None, None, "/i", team=team
    )


def priced(result: object) -> Priced:
    assert isinstance(result, Priced), result
    return result


# -- CBHPM components -------------------------------------------------------------------------


def test_the_issue_example_surgeon_line(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000001"), "guiaSP-SADT"))
    # 150,00 × 0,80 = 120,00; 12 × 21,00 = 252,00; 0,20 × 30,00 = 6,00
    assert [c.value for c in result.rate.components] == [D("120.00"), D("252.00"), D("6.00")]
    assert result.rate.unit == D("378.00")
    assert render(formula(result.rate), "pt") == (
        "CBHPM ed, termos do contrato de 01/01/2024: porte 3A R$ 150,00 × 0,80 + 12 UCO × "
        "R$ 21,00 + 0,20 m² de filme × R$ 30,00 = R$ 378,00"
    )
    assert render(formula(result.rate), "en") == (
        "CBHPM ed, contract terms of 2024-01-01: porte 3A R$ 150.00 × 0.80 + 12 UCO × "
        "R$ 21.00 + 0.20 m² of film × R$ 30.00 = R$ 378.00"
    )


def test_degree_00_is_the_principal_line(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000001", degrees=("00",)), "guiaSP-SADT"))
    assert result.rate.unit == D("378.00")


def test_an_honorarios_guide_carries_the_porte_only(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000001"), "guiaHonorarios"))
    assert [c.kind for c in result.rate.components] == ["porte"]
    assert result.rate.unit == D("120.00")  # 150,00 × 0,80


def test_a_later_term_changes_the_uco_value(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000001", date(2024, 7, 1)), "guiaSP-SADT"))
    assert result.rate.version == date(2024, 7, 1)
    assert result.rate.unit == D("390.00")  # 120,00 + 12 × 22,00 + 6,00


def test_an_auxiliary_is_paid_a_share_of_the_honorario_only(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000001", degrees=("01",)), "guiaSP-SADT"))
    assert [c.kind for c in result.rate.components] == ["porte"]
    assert (result.rate.pct, result.rate.unit) == (D("30"), D("36.00"))  # 30% × 120,00
    assert render(formula(result.rate), "pt").endswith(
        ": 30% de porte 3A R$ 150,00 × 0,80 = R$ 36,00"
    )


def test_an_auxiliary_beyond_the_codes_number_is_not_paid(cbhpm: Contract) -> None:
    result = price_item(cbhpm, item("30000001", degrees=("02",)), "guiaSP-SADT")
    assert isinstance(result, Unpriced) and result.code == "participation.beyond_procedure"
    assert result.found == "02"


def test_the_anesthetist_is_paid_the_anesthesia_porte(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000001", degrees=("06",)), "guiaHonorarios"))
    assert [c.kind for c in result.rate.components] == ["anesthesia"]
    assert result.rate.unit == D("160.00")  # porte anestésico 3: 200,00 × 0,80


def test_no_anesthetist_on_an_anesthesia_porte_0(cbhpm: Contract) -> None:
    result = price_item(cbhpm, item("30000002", degrees=("06",)), "guiaHonorarios")
    assert isinstance(result, Unpriced) and result.code == "participation.beyond_procedure"


def test_an_exam_without_porte_is_its_uco(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000003"), "guiaSP-SADT"))
    assert result.rate.unit == D("31.50")  # 1,5 × 21,00


def test_a_fraction_of_a_porte(cbhpm: Contract) -> None:
    result = priced(price_item(cbhpm, item("30000002"), "guiaSP-SADT"))
    assert result.rate.unit == D("0.80")  # 2,01 × 0,5 × 0,80 = 0,804


def test_a_value_float_gets_wrong(tmp_path: Path) -> None:
    # no band on the porte: 2,01 × 0,5 = 1,005 exactly, half-up to cents 1,01. In binary
    # floating point 2.01 * 0.5 is 1.00499999..., which rounds to 1,00.
    unbanded = TERMS.replace('porte = "0.80", ', "")
    contract = load_contract(write_cbhpm_contract(tmp_path / "c", terms=unbanded))
    result = priced(price_item(contract, item("30000002"), "guiaSP-SADT"))
    assert result.rate.unit == D("1.01")
    assert round(2.01 * 0.5, 2) == 1.0  # what a float computation would have billed


def test_rounding_per_component_and_on_the_sum_differ(tmp_path: Path) -> None:
    # 30000004: 150,00 × 0,80 = 120; 12,5 UCO × 21,00 = 262,50; 0,25 m² × 30,00 = 7,50: the
    # same either way. With UCO R$ 21,07 and film R$ 30,03 the parts are 263,375 and 7,5075:
    terms = TERMS.replace('"21.00"', '"21.07"').replace('"30.00"', '"30.03"', 1)
    by_part = load_contract(write_cbhpm_contract(tmp_path / "a", terms=terms))
    on_sum = load_contract(write_cbhpm_contract(tmp_path / "b", terms=terms, rounding="sum"))
    line = item("30000004")
    # per component: 120,00 + 263,38 + 7,51 = 390,89
    assert priced(price_item(by_part, line, "guiaSP-SADT")).rate.unit == D("390.89")
    # on the sum: 120 + 263,375 + 7,5075 = 390,8825 -> 390,88
    assert priced(price_item(on_sum, line, "guiaSP-SADT")).rate.unit == D("390.88")


def test_a_code_the_edition_lacks_names_the_method_and_edition(cbhpm: Contract) -> None:
    result = price_item(cbhpm, item("39999999"), "guiaSP-SADT")
    assert isinstance(result, Unpriced) and result.code == "table.code_unknown"
    assert result.args["method"] == "cbhpm" and result.args["edition"] == "ed"


def test_no_term_before_the_first_start(cbhpm: Contract) -> None:
    result = price_item(cbhpm, item("30000001", date(2023, 12, 31)), "guiaSP-SADT")
    assert isinstance(result, Unpriced) and result.code == "table.no_version"
    assert result.args["method"] == "cbhpm"


def test_other_tables_keep_the_price_list(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c")
    (root / "2024-01-01.csv").write_text(
        "tabela;codigo;descricao;valor\n18;60000001;Diária;300,00\n", "utf-8"
    )
    contract = load_contract(root)
    result = priced(price_item(contract, item("60000001", table="18")))
    assert (result.rate.scheme, result.rate.unit) == ("list", D("300.00"))


# -- coefficient, reference and package -------------------------------------------------------


def test_coefficient_ch_times_value_plus_film(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "amb").mkdir()
    (root / "amb" / "amb.csv").write_text(
        "codigo;descricao;ch;filme\n00032050;Radiografia;60;0,1\n", "utf-8"
    )
    (root / "contract.toml").write_text(
        'name = "amb"\n[[pricing]]\nmethod = "coefficient"\ntables = ["00"]\n'
        '[[pricing.terms]]\nstart = 2024-01-01\nedition = "amb/amb.csv"\nch = "0.55"\n'
        'film = "30.03"\n',
        "utf-8",
    )
    result = priced(price_item(load_contract(root), item("00032050", table="00")))
    # 60 × 0,55 = 33,00; 0,1 × 30,03 = 3,003 -> 3,00
    assert result.rate.unit == D("36.00")


def write_reference_contract(root: Path) -> Path:
    (root / "ref").mkdir(parents=True)
    (root / "ref" / "ref.csv").write_text(
        "CODIGO;DESCRICAO;LAB;PMC;QTD\n"
        '90000001;"SORO 0,9%; 500 ML";LAB X;120,00;10\n'
        "90000002;LUVA;LAB Y;1.234,56;1\n",
        "utf-8",
    )
    (root / "contract.toml").write_text(
        'name = "ref"\n[[pricing]]\nmethod = "reference"\nname = "Brasíndice"\n'
        'tables = ["20"]\ncolumns = { code = "CODIGO", price = "PMC", units = "QTD", '
        'description = "DESCRICAO" }\n'
        '[[pricing.terms]]\nstart = 2024-01-01\nfile = "ref/ref.csv"\nname = "Brasíndice 2024-01"\n'
        'adjust = "0.90"\n',
        "utf-8",
    )
    return root


def test_reference_per_unit_with_adjustment(tmp_path: Path) -> None:
    contract = load_contract(write_reference_contract(tmp_path / "c"))
    line = item("90000001", table="20", kind=ItemKind.OTHER_EXPENSE, qty="3")
    result = priced(price_item(contract, line))
    # PMC 120,00 ÷ 10 units × 0,90 = 10,80; × 3 = 32,40
    assert (result.rate.unit, result.expected_total) == (D("10.80"), D("32.40"))
    assert render(formula(result.rate), "pt").endswith(": PMC R$ 120,00 ÷ 10 un. × 0,90 = R$ 10,80")
    # 1.234,56 × 0,90 = 1111,104 -> 1111,10
    other = priced(price_item(contract, item("90000002", table="20", kind=ItemKind.OTHER_EXPENSE)))
    assert other.rate.unit == D("1111.10")


def test_package_fixed_price_by_date(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "contract.toml").write_text(
        'name = "pkg"\n[[pricing]]\nmethod = "package"\ntables = ["98"]\n'
        '[[pricing.packages]]\ncode = "98000101"\ndescription = "Pacote"\n'
        'includes = ["22/31005497"]\nprices = [{ start = 2024-01-01, price = "3500.00" }, '
        '{ start = 2024-06-01, price = "3700.00" }]\n',
        "utf-8",
    )
    contract = load_contract(root)
    assert priced(price_item(contract, item("98000101", table="98"))).rate.unit == D("3500.00")
    june = priced(price_item(contract, item("98000101", date(2024, 6, 1), table="98")))
    assert june.rate.unit == D("3700.00")
    unknown = price_item(contract, item("98000999", table="98"))
    assert isinstance(unknown, Unpriced) and unknown.code == "table.code_unknown"


# -- loading errors name the file and line ----------------------------------------------------


def test_a_missing_porte_names_the_file(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c")
    portes = root / "ed" / "portes.csv"
    portes.write_text(portes.read_text("utf-8").replace("14C;100,00\n", ""), "utf-8")
    with pytest.raises(ContractError, match=r"portes\.csv: portes missing: 14C"):
        load_contract(root)


def test_a_bad_edition_row_names_its_line(tmp_path: Path) -> None:
    procedures = [*PROCEDURES[:2], "30000009;Porte errado;15A;;;;0;0"]
    root = write_cbhpm_contract(tmp_path / "c", procedures=procedures)
    with pytest.raises(ContractError, match=r"procedimentos\.csv:4: porte '15A'"):
        load_contract(root)


def test_a_bad_term_names_its_path(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c", terms=TERMS.replace('"21.00"', '"21,00"'))
    with pytest.raises(ContractError, match=r"contract\.toml: .*pricing\.0\.cbhpm\.terms\.0\.uco"):
        load_contract(root)


def test_a_table_both_unpriced_and_priced_is_refused(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c", extra='[tables]\nunpriced = ["22"]\n')
    with pytest.raises(ContractError, match="unpriced"):
        load_contract(root)


def test_two_entries_pricing_the_same_codes_are_refused(tmp_path: Path) -> None:
    extra = (
        '[[pricing]]\nmethod = "package"\ntables = ["22"]\n[[pricing.packages]]\n'
        'code = "1"\nincludes = ["2"]\nprices = [{ start = 2024-01-01, price = "1.00" }]\n'
    )
    root = write_cbhpm_contract(tmp_path / "c", extra=extra)
    with pytest.raises(ContractError, match="entries 1 and 2 both price"):
        load_contract(root)


# -- through the check: the finding explains itself -------------------------------------------


def test_a_value_finding_carries_the_formula_and_its_data(tmp_path: Path) -> None:
    contract = load_contract(write_cbhpm_contract(tmp_path / "c"))
    items = [sadt_item(1, "30000001", "2024-03-01", "1", "1.00", "400.00", "400.00")]
    path = tmp_path / "lot.xml"
    path.write_text(lot([sadt_guide("G1", items)]), encoding="utf-8")
    report = check_file(path, CheckOptions(contract=contract, schema=False))
    (finding,) = [f for f in report.findings if f.code == "value.unit_mismatch"]
    assert finding.expected == "378.00" and finding.found == "400.00"
    assert "porte 3A R$ 150,00 × 0,80 + 12 UCO × R$ 21,00" in finding.message
    data = json.loads(json.dumps(finding.as_dict()))["pricing"]
    assert data["method"] == "cbhpm" and data["edition"] == "ed"
    assert data["version"] == "2024-01-01" and data["unit"] == "378.00"
    assert [(c["kind"], c["value"]) for c in data["components"]] == [
        ("porte", "120.00"),
        ("uco", "252.00"),
        ("film", "6.00"),
    ]
    assert data == pricing_data(priced(price_item(contract, item("30000001"), "guiaSP-SADT")))


# -- the published schema of the edition files ------------------------------------------------


def test_every_row_of_the_example_editions_matches_the_published_schema() -> None:
    import csv

    import jsonschema

    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "schemas" / "editions.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted((root / "price_tables").glob("*/cbhpm/*/*.csv"))
    files += sorted((root / "price_tables").glob("*/amb/*.csv"))
    assert len(files) >= 4
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
                assert validator.is_valid(row), (path, n, row)
    # and a bad row does not
    assert not validator.is_valid({"porte": "15A", "valor": "1,00"})
    assert not validator.is_valid({"codigo": "1", "descricao": "x", "ch": "abc", "filme": ""})
