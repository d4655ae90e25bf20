"""Acceptance: the bundled example lots against the bundled example contract.

The planted errors of ``examples/lote-com-erros.xml`` (see ``examples/README.md``) and the values
the contract gives, worked out from ``price_tables/ipsm-exemplo/2023-10-02.csv``:

* guide 2023100011 item 1: hemograma 40304361 on 2023-10-10 is R$ 13,20 in the 2023-10-02 version;
  the lot sends the old R$ 12,50 -> value.unit_mismatch, below (1706);
* guide 2023100012 item 2: first assistant (01, 30 %) on colecistectomia 31005497 (R$ 1.942,50):
  1942.50 x 0.30 = 582.75; the lot sends 1942.50 -> value.unit_mismatch, above (1705);
* guide 2023100013 item 1: factor 0.80 is not in [1.00, 0.50, 0.70, 1.30] -> factor.not_allowed;
* guide 2023100013 item 2: 13.20 x 2 x 1.00 = 26.40, sent 27.40 -> value.arithmetic;
* guide 2023100013 item 3: 40399999 is not in the table -> table.code_unknown (1801).
"""

from __future__ import annotations

import json

import jsonschema
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, check_file

from lots import EXAMPLE_CONTRACT, ROOT

EXAMPLES = ROOT / "examples"
PLANTED = [
    ("value.unit_mismatch", "2023100011", "1", "13.20", "12.50", "1706"),
    ("value.unit_mismatch", "2023100012", "2", "582.75", "1942.50", "1705"),
    ("factor.not_allowed", "2023100013", "1", None, "0.80", "1716"),
    ("value.arithmetic", "2023100013", "2", "26.40", "27.40", "1805"),
    ("table.code_unknown", "2023100013", "3", None, "22/40399999", "1801"),
]


def _options() -> CheckOptions:
    return CheckOptions(contract=load_contract(EXAMPLE_CONTRACT))


def test_lot_with_errors_reports_exactly_the_planted_errors() -> None:
    report = check_file(EXAMPLES / "lote-com-erros.xml", _options())
    got = [(f.code, f.guide, f.item, f.expected, f.found, f.glosa) for f in report.findings]
    assert got == PLANTED


def test_findings_point_at_the_element() -> None:
    report = check_file(EXAMPLES / "lote-com-erros.xml", _options())
    lines = (EXAMPLES / "lote-com-erros.xml").read_text(encoding="iso-8859-1").splitlines()
    element = {
        "value.unit_mismatch": "valorUnitario",
        "factor.not_allowed": "reducaoAcrescimo",
        "value.arithmetic": "valorTotal",
        "table.code_unknown": "codigoProcedimento",
    }
    for finding in report.findings:
        assert finding.line is not None
        assert f"<ans:{element[finding.code]}>" in lines[finding.line - 1]
        assert finding.xpath is not None and finding.xpath.endswith(f"/ans:{element[finding.code]}")


def test_clean_lot_has_no_finding_and_adds_up() -> None:
    report = check_file(EXAMPLES / "lote-limpo.xml", _options())
    assert report.findings == ()
    # the material (table 19, unpriced) is sent but not compared: difference over priced items
    assert report.totals["difference"] == "0.00"
    assert report.hash["matched"] == "both"


def test_cli_exit_codes_and_json_report() -> None:
    runner = CliRunner()
    clean = runner.invoke(
        app, ["check", str(EXAMPLES / "lote-limpo.xml"), "-c", str(EXAMPLE_CONTRACT)]
    )
    assert clean.exit_code == 0, clean.output
    result = runner.invoke(
        app,
        [
            "check",
            str(EXAMPLES / "lote-com-erros.xml"),
            "-c",
            str(EXAMPLE_CONTRACT),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    lot = doc["lots"][0]
    got = [
        (f["code"], f["guide"], f["item"], f["expected"], f["found"], f["glosa"])
        for f in lot["findings"]
    ]
    assert got == PLANTED
    assert doc["summary"]["errors"] == 5 and doc["summary"]["files"] == 1


def test_text_report_in_portuguese_and_english() -> None:
    runner = CliRunner()
    args = ["check", str(EXAMPLES / "lote-com-erros.xml"), "-c", str(EXAMPLE_CONTRACT)]
    pt = runner.invoke(app, args)
    en = runner.invoke(app, [*args, "--lang", "en"])
    assert "Guia 2023100012" in pt.stdout and "esperado: 582,75" in pt.stdout
    assert "Guide 2023100012" in en.stdout and "expected: 582.75" in en.stdout
    assert all(len(line) <= 80 for line in pt.stdout.splitlines())
