"""The example lots through the CLI: the implant lots' verdicts, the older lots unchanged."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from lotcheck.cli.app import app
from lotcheck.contract import load_contract
from lotcheck.contract.models import ContractSettings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
IMPLANTS = ROOT / "price_tables" / "odonto-implantes"
IPSM = ROOT / "price_tables" / "ipsm-exemplo"
XSD = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "tiss-xsd"
    / "4.01.00"
    / "tissV4_01_00.xsd"
)


def check_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict[str, Any]) -> list[tuple[str, str | None, str | None, int | None]]:
    return [
        (f["code"], f["guide"], f["item"], f["line"])
        for lot in report["lots"]
        for f in lot["findings"]
    ]


def test_implants_in_order_pass() -> None:
    code, report = check_json(str(EXAMPLES / "implante-fases-em-ordem.xml"), "-c", str(IMPLANTS))
    assert code == 0
    assert findings(report) == []
    assert report["lots"][0]["hash"]["matched"] is not None


def test_prosthesis_without_surgery_fails_on_phase_order() -> None:
    path = EXAMPLES / "implante-protese-sem-cirurgia.xml"
    code, report = check_json(str(path), "-c", str(IMPLANTS))
    assert code == 1
    # the crown of guide 2024ODT2001 (line 172, see examples/README.md)
    assert findings(report) == [("pack.phase_order", "2024ODT2001", "1", 172)]
    (finding,) = report["lots"][0]["findings"]
    assert finding["glosa"] == "1432"
    assert report["lots"][0]["hash"]["matched"] is not None


def test_older_examples_report_what_they_reported_before() -> None:
    code, report = check_json(
        str(EXAMPLES / "lote-limpo.xml"), str(EXAMPLES / "lote-com-erros.xml"), "-c", str(IPSM)
    )
    assert code == 1
    by_lot = {Path(lot["path"]).name: lot for lot in report["lots"]}
    assert findings({"lots": [by_lot["lote-limpo.xml"]]}) == []
    assert findings({"lots": [by_lot["lote-com-erros.xml"]]}) == [
        ("value.unit_mismatch", "2023100011", "1", 83),
        ("value.unit_mismatch", "2023100012", "2", 202),
        ("factor.not_allowed", "2023100013", "1", 314),
        ("value.arithmetic", "2023100013", "2", 333),
        ("table.code_unknown", "2023100013", "3", 342),
    ]


@pytest.mark.skipif(not XSD.exists(), reason="the ANS XSD set is not at hand")
@pytest.mark.parametrize(
    "name", ["implante-fases-em-ordem.xml", "implante-protese-sem-cirurgia.xml"]
)
def test_implant_lots_are_valid_tiss(name: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.parse(str(EXAMPLES / name))), schema.error_log.last_error


def test_generator_reproduces_the_lots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.implants_in_order()
    module.implant_prosthesis_without_surgery()
    for name in ("implante-fases-em-ordem.xml", "implante-protese-sem-cirurgia.xml"):
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes()


NEW_CODES = {
    "total.guide_mismatch",
    "total.lot_mismatch",
    "date.future",
    "date.outside_period",
    "date.before_authorization",
    "authorization.expired",
    "duplicate.guide",
    "duplicate.item",
    "sequence.invalid",
    "team.missing",
    "team.conflict",
    "factor.same_route",
    "factor.other_route",
    "factor.urgency_window",
    "dental.tooth_missing",
    "dental.face_missing",
    "dental.face_invalid",
    "id.invalid",
    "pack.max_quantity",
    "pack.factor_not_allowed",
    "pack.phase_order",
}


def test_every_new_code_is_listed() -> None:
    result = CliRunner().invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    listed = {entry["code"]: entry for entry in json.loads(result.stdout)}
    assert set(listed) >= NEW_CODES
    for code in NEW_CODES:
        assert listed[code]["doc"] and listed[code]["example"]


def test_contract_schema_and_rule_defaults() -> None:
    schema = ContractSettings.model_json_schema()
    assert "rules" in schema["properties"]
    assert schema["$defs"]["RuleSettings"]["additionalProperties"] is False
    contract = load_contract(IMPLANTS)
    assert contract.settings.rules.same_route_factor == "0.50"
    assert contract.settings.rules.urgency_factor == "1.30"
