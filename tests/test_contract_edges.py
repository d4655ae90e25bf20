"""Edges of formula contracts an adversarial review found, each pinned by a test: files a check
must never write over, edition cells that must be refused (never misread), entries that would
silently price nothing or win over another, and what fix must leave alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lotcheck.contract import ContractError, load_contract
from lotcheck.fix import fix_lot
from lotcheck.pricing.price import price_item
from lotcheck.pricing.result import Unpriced
from test_formula_pricing import PROCEDURES, TERMS, edit_contract, item, write_cbhpm_contract

from lotcheck_testkit import ROOT

HOSPITAL = ROOT / "price_tables" / "hospital-exemplo"


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def _lotcheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lotcheck", *args], capture_output=True, text=True, cwd=cwd,
        check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "target", ["referencias/brasindice-2024-01.csv", "referencias/simpro-2024-01.csv"]
)
def test_check_output_never_writes_over_an_edition_the_contract_pins(
    target: str, tmp_path: Path
) -> None:
    contract = _copy(HOSPITAL, tmp_path / "c")
    edition = contract / target
    before = edition.read_bytes()
    lot = ROOT / "examples" / "lote-hospital-com-erros.xml"
    done = _lotcheck(
        "check", str(lot), "-c", str(contract), "-f", "csv", "--output", str(edition), cwd=tmp_path
    )
    assert done.returncode == 2, done.stderr
    assert edition.read_bytes() == before


def test_an_edition_named_by_an_absolute_path_is_protected_too(tmp_path: Path) -> None:
    contract = _copy(HOSPITAL, tmp_path / "c")
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes((contract / "referencias" / "simpro-2024-01.csv").read_bytes())
    toml = contract / "contract.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('"referencias/simpro-2024-01.csv"', f'"{outside}"'),
        "utf-8",
    )
    before = outside.read_bytes()
    lot = ROOT / "examples" / "lote-hospital-com-erros.xml"
    done = _lotcheck("check", str(lot), "-c", str(contract), "-o", str(outside), cwd=tmp_path)
    assert done.returncode == 2 and outside.read_bytes() == before


@pytest.mark.parametrize("cell", ["²", "١"])
def test_a_non_ascii_digit_in_an_edition_is_refused_with_its_line(
    cell: str, tmp_path: Path
) -> None:
    rows = [*PROCEDURES[:1], f"30000009;Ato;2A;;;;{cell};0"]
    root = write_cbhpm_contract(tmp_path / "c", procedures=rows)
    with pytest.raises(ContractError, match=r"procedimentos\.csv:3: porte_anestesico"):
        load_contract(root)


def test_a_count_with_a_dot_in_a_semicolon_edition_is_refused(tmp_path: Path) -> None:
    # 46.350 would read 46350 UCO (a dot groups thousands in the ';' dialect)
    root = write_cbhpm_contract(tmp_path / "c", procedures=["30000009;Ato;2A;;46.350;;0;0"])
    with pytest.raises(ContractError, match=r"procedimentos\.csv:2: uco '46\.350'.*46,350"):
        load_contract(root)


def test_auxiliaries_without_a_porte_are_refused(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c", procedures=["30000009;Exame;;;1;;0;2"])
    with pytest.raises(ContractError, match=r"procedimentos\.csv:2: auxiliares given without"):
        load_contract(root)


def test_a_member_on_a_code_without_porte_is_not_paid(tmp_path: Path) -> None:
    contract = load_contract(write_cbhpm_contract(tmp_path / "c"))
    # 30000003 has no porte (an exam paid by its UCO): no auxiliary, no other member is paid
    for degree in ("01", "05"):
        result = price_item(contract, item("30000003", degrees=(degree,)), "guiaSP-SADT")
        assert isinstance(result, Unpriced) and result.code == "participation.beyond_procedure"


def _pricing(extra: str) -> str:
    return TERMS + extra


def test_a_bare_code_and_a_table_code_are_the_same_code_for_overlaps(tmp_path: Path) -> None:
    extra = (
        '[[pricing]]\nmethod = "package"\ntables = ["22"]\ncodes = ["22/30000001"]\n'
        '[[pricing.packages]]\ncode = "30000001"\nincludes = ["1"]\n'
        'prices = [{ start = 2024-01-01, price = "1.00" }]\n'
    )
    root = write_cbhpm_contract(tmp_path / "c", extra=extra)
    edit_contract(root, 'tables = ["22"]\n', 'tables = ["22"]\ncodes = ["30000001"]\n')
    with pytest.raises(ContractError, match="entries 1 and 2 both price codes of table"):
        load_contract(root)


def test_a_code_of_a_table_the_entry_does_not_list_is_refused(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c")
    edit_contract(root, 'tables = ["22"]\n', 'tables = ["22"]\ncodes = ["00/30000001"]\n')
    with pytest.raises(ContractError, match="code 00/30000001 is of table 00"):
        load_contract(root)


def test_a_package_the_entry_codes_leave_out_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "contract.toml").write_text(
        'name = "p"\n[[pricing]]\nmethod = "package"\ntables = ["98"]\ncodes = ["98000102"]\n'
        '[[pricing.packages]]\ncode = "98000101"\nincludes = ["1"]\n'
        'prices = [{ start = 2024-01-01, price = "1.00" }]\n',
        "utf-8",
    )
    with pytest.raises(ContractError, match="package 98/98000101 is not among the codes"):
        load_contract(root)


@pytest.mark.parametrize(
    ("method_adjust", "bad"),
    [
        ('adjust = { porte = "0.80", ch = "0.80" }', "ch"),
        ('adjust = { porte = "0.80", x = "1" }', "x"),
    ],
)
def test_an_adjustment_the_method_has_not_is_refused(
    method_adjust: str, bad: str, tmp_path: Path
) -> None:
    terms = TERMS.replace('adjust = { porte = "0.80", anesthesia = "0.80" }', method_adjust, 1)
    root = write_cbhpm_contract(tmp_path / "c", terms=terms)
    with pytest.raises(ContractError, match=rf"adjust\.{bad}"):
        load_contract(root)


def test_a_table_no_list_and_no_entry_prices_says_so(tmp_path: Path) -> None:
    contract = load_contract(write_cbhpm_contract(tmp_path / "c"))
    result = price_item(contract, item("90000001", table="20"))
    assert isinstance(result, Unpriced) and result.args["method"] == "none"
    from lotcheck.core.findings import make_finding
    from lotcheck.core.model import Guide, GuideType
    from lotcheck.pricing.pricer import unpriced_hit

    line = item("90000001", table="20")
    guide = Guide(GuideType.SP_SADT, 1, "G", None, "/g", items=[line])
    message = make_finding(unpriced_hit(guide, line, result), "pt").message
    assert message.startswith("O contrato não precifica a tabela 20")
    assert "[tables] unpriced" in message


def test_fix_keeps_a_line_whose_unit_it_cannot_rewrite_whole(tmp_path: Path) -> None:
    """A comment inside valorUnitario: the unit cannot be rewritten, so neither is the line's
    total (it would break the line's own arithmetic) and the guide's totals add it as sent."""
    lot = ROOT / "examples" / "lote-cbhpm-com-erros.xml"
    text = lot.read_text("iso-8859-1")
    sent = "<ans:valorUnitario>1177.56</ans:valorUnitario>"
    assert text.count(sent) == 1
    planted = tmp_path / "lot.xml"
    planted.write_bytes(
        text.replace(sent, "<ans:valorUnitario>1177.56<!-- x --></ans:valorUnitario>").encode(
            "iso-8859-1"
        )
    )
    contract = load_contract(ROOT / "price_tables" / "cbhpm-exemplo")
    result = fix_lot(planted, contract)
    assert ("not_plain", "2024010001", "1") in {
        (x.reason, x.guide, x.item) for x in result.leftovers
    }
    assert not any(c.guide == "2024010001" and c.item == "1" for c in result.changes)
    copy = tmp_path / "copy.xml"
    copy.write_bytes(result.data)
    from lotcheck.engine import CheckOptions, check_file

    report = check_file(copy, CheckOptions(contract=contract))
    codes = {(f.code, f.guide, f.item) for f in report.findings}
    assert ("value.arithmetic", "2024010001", "1") not in codes
    assert not any(code.startswith(("total.", "hash.", "schema.")) for code, *_ in codes)
    # the line keeps its (wrong) price: still a value finding, and only that one
    assert ("value.unit_mismatch", "2024010001", "1") in codes
