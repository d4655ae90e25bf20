"""The hospital benchmark lot (bench/hospital.py) is valid and priced exactly as its contract says.

The benchmark row times lotcheck on this lot and counts its findings; if the generator mispriced
an item, a correct lotcheck would look wrong. So the properties are checked here without the
generator's helpers: the XSD, the epílogo hash (re-walked with lxml), every expense value worked
out again from the edition text with :class:`fractions.Fraction` (exact, no rounding until the
cent), every guide total re-added; and then lotcheck itself, through ``check_file``, must find
nothing in a small lot made the same way (200 items, 1,000-row editions).
"""

from __future__ import annotations

import csv
import hashlib
import sys
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from lxml import etree

from lotcheck import CheckOptions, check_file, load_contract

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import hospital  # bench/ is a script folder, not a package
import hospital_row
from measure import Measurement

ROOT = Path(__file__).resolve().parents[1]

XSD_DIR = ROOT.parent / "shared" / "tiss-xsd"
XSD_PATH = XSD_DIR / "4.03.00" / "tissV4_03_00.xsd"
NS = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
#: 2 guides × (10 procedures + 50 medicines + 40 materials) = 200 items
SMALL = hospital.HospitalSpec(
    guides=2, procedures=10, medicines=50, materials=40, edition_rows=1000, seed=3
)
needs_xsd = pytest.mark.skipif(not XSD_PATH.is_file(), reason=f"official XSD not at {XSD_PATH}")


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> hospital.HospitalSet:
    return hospital.write_hospital_set(tmp_path_factory.mktemp("hospital"), SMALL)


def _cents(value: Fraction) -> Fraction:
    """Round half up to cents, exactly (no Decimal context involved)."""
    hundred = value * 100
    whole = hundred.numerator // hundred.denominator
    if hundred - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 100)


def _edition(path: Path, *, brazilian: bool) -> dict[str, tuple[Fraction, Fraction]]:
    """code -> (PMC, units), read again here with the csv module."""
    encoding, sep = ("cp1252", ";") if brazilian else ("utf-8-sig", ",")
    with path.open(encoding=encoding, newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=sep))
    out = {}
    for row in rows:
        pmc = row["PMC"].replace(".", "").replace(",", ".") if brazilian else row["PMC"]
        out[row["CODIGO"]] = (Fraction(pmc), Fraction(row["QTD EMBALAGEM"]))
    return out


def _text(element: etree._Element, name: str) -> str:
    found = element.find(f"ans:{name}", NS)
    assert found is not None and found.text is not None, name
    return found.text


@needs_xsd
def test_the_lot_validates_against_the_official_xsd(small_set: hospital.HospitalSet) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    tree = etree.parse(str(small_set.lot))
    assert schema.validate(tree), schema.error_log.last_error
    assert small_set.items == 200 and small_set.guides == 2


def test_the_epilogue_hash_is_the_md5_of_the_leaf_texts(small_set: hospital.HospitalSet) -> None:
    tree = etree.parse(str(small_set.lot))
    leaves = [
        e.text or ""
        for e in tree.getroot().iter()
        if isinstance(e.tag, str)
        and not len(e)
        and etree.QName(e).localname != "hash"  # the only leaf of the epílogo
    ]
    expected = hashlib.md5("".join(leaves).encode("iso-8859-1"), usedforsecurity=False)
    assert tree.findtext(".//ans:epilogo/ans:hash", namespaces=NS) == expected.hexdigest()


def test_every_expense_is_priced_as_the_contract_says(small_set: hospital.HospitalSet) -> None:
    """Medicines (20): PMC × 0.90 ÷ units, half up; materials (19): PMC; total: unit × Q."""
    medicines = _edition(small_set.medicines, brazilian=True)
    materials = _edition(small_set.materials, brazilian=False)
    tree = etree.parse(str(small_set.lot))
    seen: defaultdict[str, int] = defaultdict(int)
    for despesa in tree.iterfind(".//ans:despesa", NS):
        line = despesa.find("ans:servicosExecutados", NS)
        assert line is not None
        kind, table = _text(despesa, "codigoDespesa"), _text(line, "codigoTabela")
        pmc, units = (medicines if table == "20" else materials)[_text(line, "codigoProcedimento")]
        assert (kind, table) in {("02", "20"), ("03", "19")}
        unit = _cents(pmc * Fraction(9, 10) / units) if table == "20" else _cents(pmc)
        quantity = Fraction(_text(line, "quantidadeExecutada"))
        assert Fraction(_text(line, "valorUnitario")) == unit
        assert Fraction(_text(line, "valorTotal")) == _cents(unit * quantity)
        assert _text(line, "reducaoAcrescimo") == "1.00"
        seen[table] += 1
    assert seen == {"20": 100, "19": 80}


def test_guide_totals_add_up_their_lines(small_set: hospital.HospitalSet) -> None:
    tree = etree.parse(str(small_set.lot))
    for guide in tree.iterfind(".//ans:guiaSP-SADT", NS):
        sums = {"procedures": Fraction(0), "02": Fraction(0), "03": Fraction(0)}
        for item in guide.iterfind(".//ans:procedimentoExecutado", NS):
            sums["procedures"] += Fraction(_text(item, "valorTotal"))
        for despesa in guide.iterfind(".//ans:despesa", NS):
            line = despesa.find("ans:servicosExecutados", NS)
            assert line is not None
            sums[_text(despesa, "codigoDespesa")] += Fraction(_text(line, "valorTotal"))
        totals = guide.find("ans:valorTotal", NS)
        assert totals is not None
        assert Fraction(_text(totals, "valorProcedimentos")) == sums["procedures"]
        assert Fraction(_text(totals, "valorMedicamentos")) == sums["02"]
        assert Fraction(_text(totals, "valorMateriais")) == sums["03"]
        assert Fraction(_text(totals, "valorTotalGeral")) == sum(sums.values())
        assert sums["02"] > 0 and sums["03"] > 0


@needs_xsd
def test_lotcheck_finds_nothing_in_the_small_lot(small_set: hospital.HospitalSet) -> None:
    """XSD on, the contract's [[pricing]] read from its editions: no finding, every item priced."""
    contract = load_contract(small_set.contract)
    report = check_file(small_set.lot, CheckOptions(contract=contract, xsd_dir=XSD_DIR))
    assert [f.code for f in report.findings] == []
    assert report.items == 200
    services = {s["type"]: s for s in report.services}
    assert services["medicamentos"]["priced_items"] == 100
    assert services["materiais"]["priced_items"] == 80
    assert report.totals["difference"] == "0.00"


def test_the_generator_rounds_the_exact_value_worked_by_hand() -> None:
    """PMC 30.473,50 for 30 units at 0.90: 30473.50 × 0.9 = 27426.15; ÷ 30 = 914.205 exactly,
    half up: 914.21 per unit; 10 units: 9142.10. PMC 152,06 for 100: 136.854 ÷ 100 = 1.36854,
    1.37. A material of PMC 425,00, 3 packages: 1275.00."""
    row = hospital.EditionRow("1", "x", Decimal("30473.50"), Decimal(30))
    assert hospital.medicine_values(row, Decimal(10)) == (Decimal("914.21"), Decimal("9142.10"))
    row = hospital.EditionRow("2", "x", Decimal("152.06"), Decimal(100))
    assert hospital.medicine_values(row, Decimal("1.5")) == (Decimal("1.37"), Decimal("2.06"))
    row = hospital.EditionRow("3", "x", Decimal("425.00"), Decimal(1))
    assert hospital.material_values(row, Decimal(3)) == (Decimal("425.00"), Decimal("1275.00"))


def _edition_with(path: Path, pmc: str, units: int) -> None:
    """A one-row Brasíndice-style edition with the benchmark's header."""
    cells = dict.fromkeys(hospital.reference_edition.HEADER, "0")
    cells |= {"CODIGO": "000000001", "DESCRICAO": "AMPOLA", "PMC": pmc}
    cells["QTD EMBALAGEM"] = str(units)
    lines = [";".join(cells), ";".join(cells.values())]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def test_a_half_cent_per_unit_rounds_up_in_lotcheck_too(tmp_path: Path) -> None:
    """The one value of the 100k-row benchmark lot that lotcheck priced a cent low while it
    divided before adjusting: 30.473,50 ÷ 30 rounded to 28 digits (1015,783…33) × 0,90 gives
    914,2049…97, not 914,205; multiplying first is exact, and the half cent rounds up."""
    spec = hospital.HospitalSpec(guides=1, procedures=1, medicines=1, materials=1, edition_rows=1)
    written = hospital.write_hospital_set(tmp_path, spec)
    _edition_with(written.medicines, "30.473,50", 30)
    medicines = hospital.read_edition(written.medicines, brazilian=True)
    materials = hospital.read_edition(written.materials, brazilian=False)
    summary = hospital.write_hospital_lot(written.lot, spec, medicines, materials)
    report = check_file(
        summary.path, CheckOptions(contract=load_contract(written.contract), schema=False)
    )
    assert "914.21" in summary.path.read_text(encoding="iso-8859-1")
    assert [f.code for f in report.findings] == []


# -- the benchmark row ------------------------------------------------------------------------


def test_the_load_child_times_both_editions(small_set: hospital.HospitalSet) -> None:
    loads = hospital_row.time_loads(small_set.contract, 2)
    assert loads["medicines"]["rows"] == loads["materials"]["rows"] == 1000
    assert len(loads["medicines"]["seconds"]) == 2 and loads["materials"]["median"] > 0


def test_the_set_is_reused_only_while_it_is_intact(tmp_path: Path) -> None:
    spec = hospital.HospitalSpec(guides=1, procedures=1, medicines=1, materials=1, edition_rows=5)
    said: list[str] = []
    first = hospital_row.hospital_set(tmp_path, spec, log=said.append)
    again = hospital_row.hospital_set(tmp_path, spec, log=said.append)
    assert again == first and "reusing" in said[-1]
    first.lot.write_bytes(b"truncated")
    hospital_row.hospital_set(tmp_path, spec, log=said.append)
    assert "reusing" not in said[-1] and first.lot.stat().st_size == first.size_bytes


def _measured(label: str, rss_mb: float | None) -> list[Measurement]:
    lot = hospital_row.generate.LotFile(label, Path("x"), 1, 1, 1)
    m = Measurement(lot, "lotcheck check", [], "cli", 9)
    if rss_mb is not None:
        m.status, m.seconds, m.peak_rss_bytes = "ok", [1.0], [int(rss_mb * 1e6)]
    return [m]


def test_targets_pass_fail_and_not_applicable() -> None:
    loads = {"status": "ok", "medicines": {"median": 0.4}, "materials": {"median": 2.1}}
    found = hospital_row.targets(_measured("hospital 2x100", 99.0), loads, "hospital 2x100")
    assert [(t.verdict, t.value) for t in found] == [("FAIL", 2.1), ("PASS", 99.0)]
    loads = {"status": "ok", "medicines": {"median": 0.4}, "materials": {"median": 0.3}}
    found = hospital_row.targets(_measured("hospital 2x100", 100.0), loads, "hospital 2x100")
    assert [t.verdict for t in found] == ["PASS", "FAIL"]  # 100 MB is not under 100 MB
    failed = {"status": "failed", "reason": "exit 1: boom"}
    found = hospital_row.targets(_measured("hospital 2x100", None), failed, "hospital 2x100")
    assert [t.verdict for t in found] == ["N/A", "N/A"]
    assert found[0].detail == "exit 1: boom" and "pending" in found[1].detail
