"""Acceptance: the example lots of the formula contracts, each against its contract.

Every expected value is worked out by hand from the contract and its editions (half-up to
cents, each component rounded on its own: ``rounding = "component"``); ``examples/README.md``
and ``examples/make_contract_examples.py`` write the same arithmetic out.

``lote-cbhpm-com-erros.xml`` against ``price_tables/cbhpm-exemplo`` (bands porte × 0,80 and
anesthesia × 0,80; UCO R$ 21,07 from 2024-01-01, R$ 22,00 from 2024-07-01; film R$ 30,03; an
SP-SADT line carries porte + UCO + film; 01 60 %, 02 40 % of the honorário; AMB 92 CH R$ 0,55):

* 2024010001/1, 31005497 surgeon: 10A 200,97 × 0,80 = 160,776 -> 160,78; 46,35 × 21,07 =
  976,5945 -> 976,59; 1.137,37. Sent with the un-banded porte, 200,97 + 976,59 = 1.177,56;
* 2024010001/2, first auxiliary: 60 % × 160,78 = 96,468 -> 96,47; sent at 100 %, 160,78;
* 2024010001/4, anesthetist: porte 5 486,27 × 0,80 = 389,016 -> 389,02; sent 486,27;
* 2024020002/4, 40301630 is not in the edition exemplo-2024 (1801);
* 2024020002/5, 00/00032050: 60 × 0,55 = 33,00; 0,1 × 30,03 = 3,003 -> 3,00; 36,00; sent 39,00;
* 2023120003/1, 2023-12-28 is before the first term 2024-01-01 (no glosa);
* 2024070004/3, a second auxiliary on 31009107, which the edition pays one auxiliary (3241);
* 2024070004/4, 40901106 on 2024-07-08: 3A 22,47 × 0,80 = 17,976 -> 17,98; 12,5 × 22,00 =
  275,00; 292,98. Sent with the old UCO: 12,5 × 21,07 = 263,375 -> 263,38; 281,36 (below: 1706).

``lote-hospital-com-erros.xml`` against ``price_tables/hospital-exemplo`` (medicines PMC ÷
units × 0,90, the 2024-04 edition from 2024-04-01; materials at the sale price; the package
98000101 R$ 6.800,00), all in guide 2024040102 (2024-04-15) but the last:

* despesa 1, dipirona: 159,67 ÷ 100 × 0,90 = 1,43703 -> 1,44; sent per package, 143,70;
* despesa 2, ondansetrona: 138,47 ÷ 10 × 0,90 = 12,4623 -> 12,46; sent without the −10 %, 13,85;
* despesa 3, cefazolina: 928,94 ÷ 50 × 0,90 = 16,72092 -> 16,72; sent with the January
  edition, 884,70 ÷ 50 × 0,90 = 15,9246 -> 15,92 (below: 1706);
* despesa 5, 20/90999999 is not in Brasíndice exemplo 2024-04 (1801);
* despesa 6, trocarte: 425,00; sent at the factory price 310,00 (1706);
* 2024040103/1, the package: 6.800,00; sent 7.200,00 (1705).

Guide 2024040104 bills the package with a trocarte it includes (despesa 1, 19/70034567): the
package already pays for it, ``package.included`` (3211) on its code.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, check_file
from lotcheck.report import LotReport

from lotcheck_testkit import run_cli
from lots import ROOT, SHARED

EXAMPLES = ROOT / "examples"
CBHPM_LOT = EXAMPLES / "lote-cbhpm-com-erros.xml"
CBHPM = ROOT / "price_tables" / "cbhpm-exemplo"
HOSPITAL_LOT = EXAMPLES / "lote-hospital-com-erros.xml"
HOSPITAL = ROOT / "price_tables" / "hospital-exemplo"

Row = tuple[str, str | None, str | None, str | None, str | None, str | None]
#: (code, guide, item, expected, found, glosa), in document order
CBHPM_PLANTED: list[Row] = [
    ("value.unit_mismatch", "2024010001", "1", "1137.37", "1177.56", "1705"),
    ("value.unit_mismatch", "2024010001", "2", "96.47", "160.78", "1705"),
    ("value.unit_mismatch", "2024010001", "4", "389.02", "486.27", "1705"),
    ("table.code_unknown", "2024020002", "4", None, "22/40301630", "1801"),
    ("value.unit_mismatch", "2024020002", "5", "36.00", "39.00", "1705"),
    ("table.no_version", "2023120003", "1", None, "2023-12-28", None),
    ("participation.beyond_procedure", "2024070004", "3", None, "02", "3241"),
    ("value.unit_mismatch", "2024070004", "4", "292.98", "281.36", "1706"),
]
HOSPITAL_PLANTED: list[Row] = [
    ("value.unit_mismatch", "2024040102", "1", "1.44", "143.70", "1705"),
    ("value.unit_mismatch", "2024040102", "2", "12.46", "13.85", "1705"),
    ("value.unit_mismatch", "2024040102", "3", "16.72", "15.92", "1706"),
    ("table.code_unknown", "2024040102", "5", None, "20/90999999", "1801"),
    ("value.unit_mismatch", "2024040102", "6", "425.00", "310.00", "1706"),
    ("value.unit_mismatch", "2024040103", "1", "6800.00", "7200.00", "1705"),
    ("package.included", "2024040104", "1", None, "19/70034567", "3211"),
]


def _check(lot: Path, contract: Path) -> LotReport:
    return check_file(lot, CheckOptions(contract=load_contract(contract)))


def _rows(report: LotReport) -> list[Row]:
    return [(f.code, f.guide, f.item, f.expected, f.found, f.glosa) for f in report.findings]


def test_cbhpm_lot_reports_exactly_the_planted_errors() -> None:
    assert _rows(_check(CBHPM_LOT, CBHPM)) == CBHPM_PLANTED


def test_hospital_lot_reports_exactly_the_planted_errors() -> None:
    report = _check(HOSPITAL_LOT, HOSPITAL)
    assert _rows(report) == HOSPITAL_PLANTED
    # the first five are outrasDespesas lines (their own sequencialItem), the package a
    # procedure, the trocarte billed beside its package an outrasDespesas line again
    where = ["outrasDespesas" in (f.xpath or "") for f in report.findings]
    assert where == [True] * 5 + [False, True]


#: the element each finding points at
ELEMENT = {
    "value.unit_mismatch": "valorUnitario",
    "table.code_unknown": "codigoProcedimento",
    "table.no_version": "dataExecucao",
    "participation.beyond_procedure": "grauPart",  # the member's degree
    "package.included": "codigoProcedimento",
}


@pytest.mark.parametrize(
    ("lot", "contract", "lines"),
    [
        (CBHPM_LOT, CBHPM, [83, 111, 167, 335, 359, 438, 583, 608]),
        (HOSPITAL_LOT, HOSPITAL, [258, 273, 288, 314, 333, 454, 556]),
    ],
)
def test_findings_point_at_the_element(lot: Path, contract: Path, lines: list[int]) -> None:
    """The lines examples/README.md lists, each the element the finding names."""
    report = _check(lot, contract)
    text = lot.read_text(encoding="iso-8859-1").splitlines()
    assert [f.line for f in report.findings] == lines
    for finding in report.findings:
        element = ELEMENT[finding.code]
        assert finding.line is not None and f"<ans:{element}>" in text[finding.line - 1]
        assert finding.xpath is not None and finding.xpath.endswith(f"/ans:{element}")


@pytest.mark.parametrize(("lot", "contract"), [(CBHPM_LOT, CBHPM), (HOSPITAL_LOT, HOSPITAL)])
def test_lots_are_valid_tiss_with_the_right_hash(lot: Path, contract: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(SHARED / "tiss-xsd/4.01.00/tissV4_01_00.xsd")))
    assert schema.validate(etree.parse(str(lot))), schema.error_log.last_error
    assert lot.read_bytes().startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    report = _check(lot, contract)
    # the check validated it too (no schema.unavailable either) and the hash matched
    assert not [f.code for f in report.findings if f.code.startswith(("schema.", "hash."))]
    assert report.tiss_version == "4.01.00"
    assert report.hash["matched"] == "both"


def test_cbhpm_lot_correct_lines_are_priced_and_pass() -> None:
    """Each guide's expected value, by hand, over the lines the contract prices; the lines not
    in CBHPM_PLANTED (64,31; 2 × 21,32; 449,61; 12,42; 136,10; 27,50; 321,62; 30,61; 22,26)
    are priced and have no finding."""
    report = _check(CBHPM_LOT, CBHPM)
    got = [(g["guide"], g["items"], g["priced_items"], g["expected"]) for g in report.guide_values]
    assert got == [
        # 1.137,37 + 96,47 + 64,31 + 389,02 + 42,64
        ("2024010001", 5, 5, "1729.81"),
        # 449,61 + 12,42 + 136,10 + 36,00 + 27,50 (creatinina unpriced)
        ("2024020002", 6, 5, "661.63"),
        ("2023120003", 1, 0, None),
        # 321,62 + 30,61 + 292,98 + 22,26 (the second auxiliary unpriced)
        ("2024070004", 5, 4, "667.47"),
    ]
    # sent 3.303,17; unpriced 9,40 + 21,32 + 20,41 = 51,13; expected 1.729,81 + 661,63 + 667,47
    assert report.totals == {
        "sent": "3303.17",
        "sent_priced": "3252.04",
        "expected": "3058.91",
        "difference": "193.13",
    }
    flagged = {(g, i) for _, g, i, *_ in CBHPM_PLANTED}
    assert {(f.guide, f.item) for f in report.findings} == flagged


def test_hospital_lot_correct_lines_are_priced_and_pass() -> None:
    report = _check(HOSPITAL_LOT, HOSPITAL)
    got = [(g["guide"], g["items"], g["priced_items"], g["expected"]) for g in report.guide_values]
    assert got == [
        # hemograma 15,80; dipirona 1,37 × 3 = 4,11; soro 5,10 × 2 = 10,20; seringa 0,85 × 5 = 4,25
        ("2024030101", 4, 4, "34.36"),
        # 2.150,00 + 645,00 + 1,44 × 2 + 12,46 + 16,72 × 2 + 5,36 + 425,00 + 2,60 × 4 + 480,00
        # + 620,00 (90999999 unpriced)
        ("2024040102", 11, 10, "4384.54"),
        ("2024040103", 2, 2, "6815.80"),  # 6.800,00 + 15,80
        ("2024040104", 2, 2, "7225.00"),  # 6.800,00 + 425,00
    ]
    # the first guide is priced right: no finding in it; the last is priced right too, but
    # bills an item its package includes
    assert {f.guide for f in report.findings} == {"2024040102", "2024040103", "2024040104"}
    services = {s["type"]: (s["sent"], s["expected"]) for s in report.services}
    assert services == {
        "sadt": ("16826.60", "16426.60"),
        "materiais": ("749.65", "864.65"),  # 4,25 + 310,00 + 10,40 + 425,00 sent
        "medicamentos": ("377.76", "68.45"),  # 4,11 + 10,20 + 2,88 + 12,46 + 33,44 + 5,36
        "taxas": ("620.00", "620.00"),
        "diarias": ("480.00", "480.00"),
    }


def _cli_json(lot: Path, contract: Path) -> tuple[int, dict[str, Any]]:
    result = run_cli(["check", str(lot), "-c", str(contract), "--format", "json"])
    assert result.stderr == b"", result.stderr
    return result.returncode, json.loads(result.stdout)


def _finding(doc: dict[str, Any], guide: str, item: str) -> dict[str, Any]:
    (found,) = [f for f in doc["lots"][0]["findings"] if (f["guide"], f["item"]) == (guide, item)]
    return found


def _parts(pricing: dict[str, Any]) -> list[tuple[str, str | None, str, str, str, str]]:
    return [
        (c["kind"], c["label"], c["quantity"], c["base"], c["adjust"], c["value"])
        for c in pricing["components"]
    ]


def test_cli_json_cbhpm_lot_explains_each_expected_value() -> None:
    code, doc = _cli_json(CBHPM_LOT, CBHPM)
    assert code == 1
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    lot = doc["lots"][0]
    got = [
        (f["code"], f["guide"], f["item"], f["expected"], f["found"], f["glosa"])
        for f in lot["findings"]
    ]
    assert got == CBHPM_PLANTED
    assert doc["summary"]["errors"] == 8
    surgeon = _finding(doc, "2024010001", "1")
    assert "porte 10A R$ 200,97 × 0,80 + 46,35 UCO × R$ 21,07 = R$ 1.137,37" in surgeon["message"]
    pricing = surgeon["pricing"]
    assert (pricing["method"], pricing["version"], pricing["edition"]) == (
        "cbhpm",
        "2024-01-01",
        "exemplo-2024",
    )
    assert (pricing["degree"], pricing["percentage"], pricing["price"]) == ("00", "100", "1137.37")
    assert _parts(pricing) == [
        ("porte", "10A", "1", "200.97", "0.80", "160.78"),
        ("uco", None, "46.35", "21.07", "1", "976.59"),
    ]
    # the second term's UCO value; the line sent the first's
    late = _finding(doc, "2024070004", "4")["pricing"]
    assert (late["version"], late["unit"], late["total"]) == ("2024-07-01", "292.98", "292.98")
    assert _parts(late) == [
        ("porte", "3A", "1", "22.47", "0.80", "17.98"),
        ("uco", None, "12.5", "22.00", "1", "275.00"),
    ]
    # an auxiliary is paid its percentage of the honorário alone
    assistant = _finding(doc, "2024010001", "2")
    assert (assistant["pricing"]["percentage"], assistant["pricing"]["price"]) == ("60", "160.78")
    assert _parts(assistant["pricing"]) == [("porte", "10A", "1", "200.97", "0.80", "160.78")]
    skull = _finding(doc, "2024020002", "5")["pricing"]
    assert (skull["method"], skull["edition"]) == ("coefficient", "amb92")
    assert _parts(skull) == [
        ("ch", None, "60", "0.55", "1", "33.00"),
        ("film", None, "0.1", "30.03", "1", "3.00"),
    ]
    # the messages name the edition and the terms
    assert "exemplo-2024" in _finding(doc, "2024020002", "4")["message"]
    assert "01/01/2024, 01/07/2024" in _finding(doc, "2023120003", "1")["message"]


def test_cli_json_hospital_lot_explains_each_expected_value() -> None:
    code, doc = _cli_json(HOSPITAL_LOT, HOSPITAL)
    assert code == 1
    got = [
        (f["code"], f["guide"], f["item"], f["expected"], f["found"], f["glosa"])
        for f in doc["lots"][0]["findings"]
    ]
    assert got == HOSPITAL_PLANTED
    dipyrone = _finding(doc, "2024040102", "1")
    pricing = dipyrone["pricing"]
    assert (pricing["method"], pricing["version"], pricing["edition"]) == (
        "reference",
        "2024-04-01",
        "Brasíndice exemplo 2024-04",
    )
    assert _parts(pricing) == [("reference", "PMC", "100", "159.67", "0.90", "1.44")]
    assert (pricing["quantity"], pricing["total"]) == ("2.0000", "2.88")
    assert "PMC R$ 159,67 ÷ 100 un. × 0,90 = R$ 1,44" in dipyrone["message"]
    package = _finding(doc, "2024040103", "1")["pricing"]
    assert (package["method"], package["unit"]) == ("package", "6800.00")
    assert "Brasíndice exemplo 2024-04" in _finding(doc, "2024040102", "5")["message"]


def test_generator_reproduces_the_lots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    spec = importlib.util.spec_from_file_location(
        "make_contract_examples", EXAMPLES / "make_contract_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(sys.modules["make_examples"], "HERE", tmp_path)
    module.cbhpm()
    module.hospital()
    for lot in (CBHPM_LOT, HOSPITAL_LOT):
        assert (tmp_path / lot.name).read_bytes() == lot.read_bytes()
