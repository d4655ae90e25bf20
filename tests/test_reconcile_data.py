"""The reconciliation's totals (by hand), its JSON document and the published schema.

The statement of :func:`mixed` against lot A (tests/reconcile_kit.py), item by item: sent,
expected E, released, denied, verdict:

  1001/1  13.20   13.20   13.20    0.00  paid
  1001/2  28.40   28.40   20.00    8.40  contestable 8.40 (1705)
  1001/3 120.00  100.00  100.00   20.00  foreseeable (value.unit_mismatch)
  1002/1  50.00   50.00   50.00    0.00  paid
  1002/2  10.00    —       0.00   10.00  foreseeable (table.code_unknown)
  1002/e  20.00   20.00    0.00   20.00  unchecked (3251, materiais)
  9999/1  no guide

Totals: sent 13.20 + 28.40 + 120.00 + 50.00 + 10.00 + 20.00 = 241.60; contracted (the priced
five) 13.20 + 28.40 + 100.00 + 50.00 + 20.00 = 211.60; released 13.20 + 20.00 + 100.00 + 50.00
= 183.20; denied 8.40 + 20.00 + 10.00 + 20.00 = 58.40; recoverable 8.40.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

import reconcile_kit as K
from lotcheck.reconcile.data import reconciliation_data
from lotcheck.reconcile.run import reconcile
from lotcheck.reconcile.types import Reconciliation, Totals, Verdict
from lotcheck.report.reconcile_schemas import reconcile_schema
from lotcheck.report.schemas import dump
from lotcheck.statement.types import Glosa

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schemas" / "reconcile.schema.json").read_text(encoding="utf-8"))
D = Decimal


def mixed(tmp_path: Path, lang: str = "en") -> Reconciliation:
    high = (Glosa("1705", D("8.40"), "valor acima"),)
    audit = (Glosa("3251", D("20.00"), "Auditoria: sem justificativa"),)
    guides = [
        K.guide(
            "1001",
            [
                K.item("1", "40304361", "2023-10-10", "13.20", "13.20", line=10),
                K.item(
                    "2", "40301630", "2023-10-10", "28.40", "20.00", "8.40", glosas=high, line=20
                ),
                K.item("3", "31005497", "2023-10-10", "120.00", "100.00", "20.00", line=30),
            ],
            operator="OP1",
        ),
        K.guide(
            "1002",
            [
                K.item("1", "40901122", "2023-10-11", "50.00", "50.00"),
                K.item("2", "99999999", "2023-10-11", "10.00", "0.00", "10.00"),
                K.item(
                    "1",
                    "90000001",
                    "2023-10-11",
                    "20.00",
                    "0.00",
                    "20.00",
                    glosas=audit,
                    table="19",
                ),
            ],
        ),
        K.guide("9999", [K.item("1", "40304361", "2023-10-10", "13.20", "0.00")]),
    ]
    st = K.statement([K.protocol(guides, lot_number="77")])
    return reconcile(st, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path), lang))


def test_verdicts_of_the_mixed_statement(tmp_path: Path) -> None:
    rec = mixed(tmp_path)
    assert [i.verdict for i in rec.items] == [
        Verdict.PAID,
        Verdict.CONTESTABLE,
        Verdict.FORESEEABLE,
        Verdict.PAID,
        Verdict.FORESEEABLE,
        Verdict.UNCHECKED,
    ]
    assert [i.contestable for i in rec.items] == [D("0.00"), D("8.40"), *[D("0.00")] * 4]


def test_totals_over_the_matched_items(tmp_path: Path) -> None:
    rec = mixed(tmp_path)
    assert rec.totals == Totals(
        sent=D("241.60"),
        contracted=D("211.60"),
        released=D("183.20"),
        denied=D("58.40"),
        recoverable=D("8.40"),
        items=6,
    )


def test_totals_by_service_in_the_reports_order(tmp_path: Path) -> None:
    rec = mixed(tmp_path)
    # sadt: the five procedures; materiais: the expense
    assert rec.by_service == (
        ("sadt", Totals(D("221.60"), D("191.60"), D("183.20"), D("38.40"), D("8.40"), 5)),
        ("materiais", Totals(D("20.00"), D("20.00"), D("0.00"), D("20.00"), D("0.00"), 1)),
    )


def test_totals_by_guide_in_the_statements_order(tmp_path: Path) -> None:
    rec = mixed(tmp_path)
    first, second = rec.by_guide
    # 1001: 13.20 + 28.40 + 120.00 sent; 13.20 + 28.40 + 100.00 contracted
    assert (first.guide_number, first.operator_number, first.protocol) == ("1001", "OP1", "P1")
    assert first.lot_path == str(tmp_path / "lote-a.xml")
    assert first.totals == Totals(D("161.60"), D("141.60"), D("133.20"), D("28.40"), D("8.40"), 3)
    # 1002: 50.00 + 10.00 + 20.00 sent; 50.00 + 20.00 contracted; the operator number is the lot's
    assert (second.guide_number, second.operator_number) == ("1002", "OP2")
    assert second.totals == Totals(D("80.00"), D("70.00"), D("50.00"), D("30.00"), D("0.00"), 3)


def test_the_json_validates_against_the_published_schema(tmp_path: Path) -> None:
    data = reconciliation_data(mixed(tmp_path), "en")
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(json.dumps(data)))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "extra": 1}, SCHEMA)
    broken = {**data, "totals": {**data["totals"], "sent": 241.6}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_the_json_says_each_side_with_money_as_decimal_strings(tmp_path: Path) -> None:
    data = reconciliation_data(mixed(tmp_path), "en")
    assert data["summary"] == {
        "items": 6,
        "paid": 2,
        "overpaid": 0,
        "foreseeable": 2,
        "contestable": 1,
        "unchecked": 1,
        "unmatched": 1,
        "unanswered": 3,
    }
    assert data["totals"] == {
        "items": 6,
        "sent": "241.60",
        "contracted": "211.60",
        "released": "183.20",
        "denied": "58.40",
        "recoverable": "8.40",
    }
    assert [row["type"] for row in data["by_service"]] == ["sadt", "materiais"]
    assert data["statement"]["key"] == "999999:D-1" and data["statement"]["issued"] == "2023-11-20"
    contestable = data["items"][1]
    assert (contestable["verdict"], contestable["contestable"]) == ("contestable", "8.40")
    assert (contestable["informed"], contestable["released"], contestable["denied"]) == (
        "28.40",
        "20.00",
        "8.40",
    )
    assert contestable["glosas"] == [
        {
            "code": "1705",
            "value": "8.40",
            "text": "valor acima",
            "description": "VALOR APRESENTADO A MAIOR",
        }
    ]
    assert (
        contestable["statement"]["line"] == 20 and contestable["statement"]["date"] == "2023-10-10"
    )
    sent = contestable["sent"]
    assert (sent["sent"], sent["expected"], sent["quantity"]) == ("28.40", "28.40", "2")
    assert sent["xpath"].endswith("ans:procedimentoExecutado[2]") and isinstance(sent["line"], int)
    assert sent["pricing"]["total"] == "28.40"
    assert sent["explanation"] == "table of 2023-10-01: R$ 14.20 × 100%"
    foreseeable = data["items"][2]["sent"]["findings"]
    assert [f["code"] for f in foreseeable] == ["value.unit_mismatch"]
    assert data["items"][5]["glosas"][0]["text"] == "Auditoria: sem justificativa"
    (missing,) = data["unmatched"]
    assert (missing["problem"], missing["candidates"], missing["guide"]) == ("no_guide", 0, "9999")
    assert [(u["guide"], u["sequence"]) for u in data["unanswered"]] == [
        ("1003", "1"),
        ("1003", "2"),
        ("1005", "1"),
    ]
    assert "card" not in sent and "password" not in sent


def test_the_formula_follows_the_language(tmp_path: Path) -> None:
    data = reconciliation_data(mixed(tmp_path, "pt"), "pt")
    assert data["lang"] == "pt"
    assert data["items"][1]["sent"]["explanation"] == "tabela de 01/10/2023: R$ 14,20 × 100%"
    assert "difere do contratado" in data["items"][2]["sent"]["findings"][0]["message"]


def test_the_published_reconcile_schema_is_the_generated_one() -> None:
    published = (ROOT / "schemas" / "reconcile.schema.json").read_text(encoding="utf-8")
    assert published == dump(reconcile_schema()), "run: python -m lotcheck.report.schemas schemas"
