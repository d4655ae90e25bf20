"""The payer's re-computation, item by item, with expected values worked out by hand.

Each case states a contract price, the four inputs and the values sent, and the finding(s) the
rule must give, with the expected value computed in the comment from
``expected_unit = round(P x pct / 100, 2)`` and ``expected_total = round(unit x Q x F, 2)``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_file
from lotcheck.pricing import participation, table
from lotcheck.rules.quantity import Quantity
from lotcheck.rules.value import Value

from lots import (
    consulta_guide,
    expense_item,
    lot,
    odonto_guide,
    sadt_guide,
    sadt_item,
    write_contract,
)

PRICES = {
    "2023-08-01": [
        ("22", "40304361", "12,50"),
        ("22", "31005497", "100,15"),
        ("22", "10101012", "93,00"),
        ("22", "11111111", "10,35"),
        ("22", "81000065", "60,00"),
        ("18", "60023058", "280,00"),
    ],
    "2023-10-02": [
        ("22", "40304361", "13,20"),
        ("22", "31005497", "100,15"),
        ("22", "10101012", "98,00"),
        ("22", "11111111", "10,35"),
        ("22", "81000065", "63,00"),
        ("18", "60023058", "294,00"),
    ],
}


#: the codes of the pricing stage and the rules that judge its results: other rules (team,
#: dates...) have their own tests
PRICING_CODES = {spec.code for spec in (*table.CODES, *participation.CODES)}
PRICING_CODES |= {spec.code for spec in (*Value.codes, *Quantity.codes)}
PRICING_CODES |= {"factor.not_allowed", "item.invalid_value"}


def run(
    tmp_path: Path,
    guides: list[str],
    contract_dir: Path | None = None,
    registered: str = "2023-11-01",
) -> list[Finding]:
    path = tmp_path / "lot.xml"
    path.write_text(lot(guides, registered=registered), encoding="utf-8")
    contract = load_contract(contract_dir) if contract_dir else None
    findings = check_file(path, CheckOptions(contract=contract)).findings
    return [f for f in findings if f.code in PRICING_CODES]


def codes(
    findings: list[Finding],
) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    return [(f.code, f.item, f.expected, f.found, f.glosa) for f in findings]


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    return write_contract(tmp_path / "c", PRICES)


def test_correct_items_give_no_finding(tmp_path: Path, contract: Path) -> None:
    items = [
        sadt_item(1, "40304361", "2023-09-10", "2", "1.00", "12.50", "25.00"),  # old version
        sadt_item(2, "40304361", "2023-10-02", "1", "0.50", "13.20", "6.60"),  # first day of new
        sadt_item(3, "31005497", "2023-10-05", "1", "1.00", "30.05", "30.05", degrees=("01",)),
    ]
    assert run(tmp_path, [sadt_guide("G1", items)], contract) == []


def test_old_price_after_the_version_change_is_below(tmp_path: Path, contract: Path) -> None:
    # 2023-10-02 version: 13.20; the item sends the 2023-08-01 price 12.50 -> below: 1706
    items = [sadt_item(1, "40304361", "2023-10-10", "1", "1.00", "12.50", "12.50")]
    found = run(tmp_path, [sadt_guide("G1", items)], contract)
    assert codes(found) == [("value.unit_mismatch", "1", "13.20", "12.50", "1706")]
    assert found[0].guide == "G1"
    assert found[0].xpath is not None and found[0].xpath.endswith(
        "procedimentoExecutado[1]/ans:valorUnitario"
    )


def test_day_before_the_new_version_uses_the_old_one(tmp_path: Path, contract: Path) -> None:
    items = [sadt_item(1, "40304361", "2023-10-01", "1", "1.00", "13.20", "13.20")]
    # 2023-10-01 is still in the 2023-08-01 version: 12.50; 13.20 is above -> 1705
    assert codes(run(tmp_path, [sadt_guide("G1", items)], contract)) == [
        ("value.unit_mismatch", "1", "12.50", "13.20", "1705")
    ]


def test_assistant_percentage_half_up_vs_half_even(tmp_path: Path) -> None:
    # first assistant 30 % of 100.15 = 30.045 -> half-up 30.05, half-even 30.04
    items = [sadt_item(1, "31005497", "2023-10-05", "1", "1.00", "30.05", "30.05", degrees=("01",))]
    up = write_contract(tmp_path / "up", PRICES, rounding="half_up")
    even = write_contract(tmp_path / "even", PRICES, rounding="half_even")
    assert run(tmp_path, [sadt_guide("G1", items)], up) == []
    assert codes(run(tmp_path, [sadt_guide("G1", items)], even)) == [
        ("value.unit_mismatch", "1", "30.04", "30.05", "1705")
    ]


def test_value_float_would_get_wrong(tmp_path: Path, contract: Path) -> None:
    # 10.35 x 30 % = 3.105 -> 3.11 (float arithmetic gives 3.10)
    good = [sadt_item(1, "11111111", "2023-10-05", "1", "1.00", "3.11", "3.11", degrees=("01",))]
    bad = [sadt_item(1, "11111111", "2023-10-05", "1", "1.00", "3.10", "3.10", degrees=("01",))]
    assert run(tmp_path, [sadt_guide("G1", good)], contract) == []
    assert codes(run(tmp_path, [sadt_guide("G1", bad)], contract)) == [
        ("value.unit_mismatch", "1", "3.11", "3.10", "1706")
    ]


def test_wrong_assistant_percentage(tmp_path: Path, contract: Path) -> None:
    # second assistant (02, 20 %) billed at 100 %: expected 20.03 (100.15 x 0.20 = 20.03)
    items = [
        sadt_item(1, "31005497", "2023-10-05", "1", "1.00", "100.15", "100.15", degrees=("02",))
    ]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], contract)) == [
        ("value.unit_mismatch", "1", "20.03", "100.15", "1705")
    ]


def test_no_version_on_the_date(tmp_path: Path, contract: Path) -> None:
    items = [sadt_item(1, "40304361", "2023-07-31", "1", "1.00", "12.50", "12.50")]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], contract)) == [
        ("table.no_version", "1", None, "2023-07-31", None)
    ]


def test_valid_until_closes_the_last_version(tmp_path: Path) -> None:
    closed = write_contract(tmp_path / "closed", PRICES, valid_until="2023-12-31")
    items = [
        sadt_item(1, "40304361", "2023-12-31", "1", "1.00", "13.20", "13.20"),
        sadt_item(2, "40304361", "2024-01-01", "1", "1.00", "13.20", "13.20"),
    ]
    found = run(tmp_path, [sadt_guide("G1", items)], closed, registered="2024-01-05")
    assert [(f.code, f.item) for f in found] == [("table.no_version", "2")]


def test_unknown_code(tmp_path: Path, contract: Path) -> None:
    items = [sadt_item(1, "40399999", "2023-10-10", "1", "1.00", "50.00", "50.00")]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], contract)) == [
        ("table.code_unknown", "1", None, "22/40399999", "1801")
    ]


def test_participation_unknown_and_ambiguous(tmp_path: Path, contract: Path) -> None:
    items = [
        sadt_item(1, "31005497", "2023-10-05", "1", "1.00", "10.00", "10.00", degrees=("05",)),
        sadt_item(2, "31005497", "2023-10-05", "1", "1.00", "10.00", "10.00", degrees=("00", "01")),
    ]
    found = run(tmp_path, [sadt_guide("G1", items)], contract)
    assert [(f.code, f.item, f.found, f.glosa) for f in found] == [
        ("participation.unknown", "1", "05", "3241"),
        ("participation.ambiguous", "2", "00,01", None),
    ]


def test_one_finding_per_line_in_the_payers_order(tmp_path: Path, contract: Path) -> None:
    # a line that fails twice is reported for the first reason the payer would find: no table
    # version on the date, then an unknown code, before its ambiguous degrees
    items = [
        sadt_item(1, "31005497", "2023-07-01", "1", "1.00", "1.00", "1.00", degrees=("00", "01")),
        sadt_item(2, "40399999", "2023-10-05", "1", "1.00", "1.00", "1.00", degrees=("00", "01")),
        sadt_item(3, "31005497", "2023-10-05", "1", "1.00", "1.00", "1.00", degrees=("00", "01")),
    ]
    found = run(tmp_path, [sadt_guide("G1", items)], contract)
    assert [(f.code, f.item) for f in found] == [
        ("table.no_version", "1"),
        ("table.code_unknown", "2"),
        ("participation.ambiguous", "3"),
    ]


def test_the_same_line_twice_is_judged_twice(tmp_path: Path, contract: Path) -> None:
    # the rule remembers what the contract says for (date, code, degree) within a lot; each
    # line is still compared with its own values. 31005497 on 2023-10-05 at 30 %: unit
    # round(100.15 x 30 / 100, 2) = 30.05 (30.045 half up); total 30.05 x 2 x 1.00 = 60.10
    items = [
        sadt_item(1, "31005497", "2023-10-05", "2", "1.00", "30.05", "60.10", degrees=("01",)),
        sadt_item(2, "31005497", "2023-10-05", "2", "1.00", "30.04", "60.08", degrees=("01",)),
        sadt_item(3, "40399999", "2023-10-05", "1", "1.00", "1.00", "1.00"),
        sadt_item(4, "40399999", "2023-10-05", "1", "1.00", "1.00", "1.00"),
    ]
    found = run(tmp_path, [sadt_guide("G1", items), sadt_guide("G2", items)], contract)
    expected = [
        ("value.unit_mismatch", "2", "30.05", "30.04", "1706"),
        ("table.code_unknown", "3", None, "22/40399999", "1801"),
        ("table.code_unknown", "4", None, "22/40399999", "1801"),
    ]
    assert codes(found) == expected * 2


def test_factor_not_allowed_only(tmp_path: Path, contract: Path) -> None:
    # 0.80 is not allowed; the total 13.20 x 1 x 0.80 = 10.56 is otherwise consistent
    items = [sadt_item(1, "40304361", "2023-10-10", "1", "0.80", "13.20", "10.56")]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], contract)) == [
        ("factor.not_allowed", "1", None, "0.80", "1716")
    ]


def test_arithmetic_slip_with_and_without_contract(tmp_path: Path, contract: Path) -> None:
    # 13.20 x 2 x 1.00 = 26.40, sent 27.40: one finding (not also a total mismatch)
    items = [sadt_item(1, "40304361", "2023-10-10", "2", "1.00", "13.20", "27.40")]
    expected = [("value.arithmetic", "1", "26.40", "27.40", "1805")]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], contract)) == expected
    assert codes(run(tmp_path, [sadt_guide("G1", items)], None)) == expected


def test_arithmetic_rounds_half_up_by_default(tmp_path: Path) -> None:
    # 0.35 x 3 x 0.50 = 0.525 -> 0.53 (half-up); 0.52 is wrong
    items = [
        sadt_item(1, "1", "2023-10-10", "3", "0.50", "0.35", "0.53"),
        sadt_item(2, "1", "2023-10-10", "3", "0.50", "0.35", "0.52"),
    ]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], None)) == [
        ("value.arithmetic", "2", "0.53", "0.52", "1805")
    ]


def test_total_mismatch_when_unit_within_tolerance(tmp_path: Path) -> None:
    # tolerance 0.05: unit 13.22 passes (|13.22-13.20| = 0.02), total 132.20 = 13.22 x 10 adds up,
    # but the expected total is 13.20 x 10 = 132.00, off by 0.20 > 0.05
    c = write_contract(tmp_path / "tol", PRICES, tolerance="0.05")
    items = [sadt_item(1, "40304361", "2023-10-10", "10", "1.00", "13.22", "132.20")]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], c)) == [
        ("value.total_mismatch", "1", "132.00", "132.20", "1805")
    ]


def test_quantity_must_be_positive(tmp_path: Path, contract: Path) -> None:
    items = [sadt_item(1, "40304361", "2023-10-10", "0", "1.00", "13.20", "0.00")]
    assert codes(run(tmp_path, [sadt_guide("G1", items)], contract)) == [
        ("quantity.invalid", "1", None, "0", "1806")
    ]


def test_other_expenses_priced_and_unpriced_tables(tmp_path: Path) -> None:
    c = write_contract(tmp_path / "c", PRICES, extra='[tables]\nunpriced = ["19"]\n')
    expenses = [
        expense_item(1, "07", "18", "60023058", "2023-10-10", "1.0000", "294.00", "294.00"),
        expense_item(2, "03", "19", "90000001", "2023-10-10", "2.0000", "8.40", "16.80"),
        # old fee after the change: 280.00 instead of 294.00 -> 1706
        expense_item(3, "07", "18", "60023058", "2023-10-11", "1.0000", "280.00", "280.00"),
    ]
    found = run(tmp_path, [sadt_guide("G1", [], expenses)], c)
    assert codes(found) == [("value.unit_mismatch", "3", "294.00", "280.00", "1706")]


def test_consulta_value_on_the_date(tmp_path: Path, contract: Path) -> None:
    guides = [
        consulta_guide("C1", "2023-09-20", "10101012", "93.00"),  # old version: right
        consulta_guide("C2", "2023-10-20", "10101012", "93.00"),  # new version: 98.00
    ]
    found = run(tmp_path, guides, contract)
    assert [(f.code, f.guide, f.expected, f.found, f.glosa) for f in found] == [
        ("value.unit_mismatch", "C2", "98.00", "93.00", "1706")
    ]
    assert found[0].xpath is not None and found[0].xpath.endswith("ans:valorProcedimento")


def test_odonto_value_is_the_line_value(tmp_path: Path, contract: Path) -> None:
    # 81000065 at 63.00 (new version), qtdProc 2 -> the line is worth 126.00
    guides = [
        odonto_guide(
            "O1",
            [("81000065", "2023-10-10", "2", "126.00"), ("81000065", "2023-10-10", "2", "63.00")],
        )
    ]
    assert codes(run(tmp_path, guides, contract)) == [
        ("value.total_mismatch", "2", "126.00", "63.00", "1805")
    ]


def test_odonto_unit_setting(tmp_path: Path) -> None:
    c = write_contract(tmp_path / "unit", PRICES, extra='[dental]\nvalue_per = "unit"\n')
    guides = [
        odonto_guide(
            "O1",
            [("81000065", "2023-10-10", "2", "63.00"), ("81000065", "2023-10-10", "2", "126.00")],
        )
    ]
    assert codes(run(tmp_path, guides, c)) == [
        ("value.unit_mismatch", "2", "63.00", "126.00", "1705")
    ]


def test_tolerance_absorbs_a_cent(tmp_path: Path) -> None:
    c = write_contract(tmp_path / "tol", PRICES, tolerance="0.01")
    items = [sadt_item(1, "40304361", "2023-10-10", "1", "1.00", "13.21", "13.21")]
    assert run(tmp_path, [sadt_guide("G1", items)], c) == []


def test_invalid_values_point_at_their_line(tmp_path: Path, contract: Path) -> None:
    items = [sadt_item(1, "40304361", "2023-10-10", "1", "1.00", "13,20", "13.20")]
    found = run(tmp_path, [sadt_guide("G1", items)], contract)
    assert [(f.code, f.item, f.found) for f in found] == [("item.invalid_value", "1", "13,20")]
    text = (tmp_path / "lot.xml").read_text().splitlines()
    assert found[0].line is not None and "<ans:valorUnitario>13,20" in text[found[0].line - 1]


@pytest.mark.parametrize("raw", ["13²", "²", "1³.20"])
def test_unicode_digits_are_invalid_values_not_a_crash(
    tmp_path: Path, contract: Path, raw: str
) -> None:
    # "²" is a digit to str.isdigit() but not to Decimal(): the reader must say so, not raise
    items = [sadt_item(1, "40304361", "2023-10-10", "1", "1.00", raw, "13.20")]
    found = run(tmp_path, [sadt_guide("G1", items)], contract)
    assert [(f.code, f.item, f.found) for f in found] == [("item.invalid_value", "1", raw)]


def test_sums_by_service_type(tmp_path: Path, contract: Path) -> None:
    path = tmp_path / "lot.xml"
    items = [sadt_item(1, "40304361", "2023-10-10", "1", "1.00", "12.50", "12.50")]
    expenses = [expense_item(1, "07", "18", "60023058", "2023-10-10", "1.0000", "294.00", "294.00")]
    path.write_text(lot([sadt_guide("G1", items, expenses)]), encoding="utf-8")
    report = check_file(path, CheckOptions(contract=load_contract(contract)))
    # sent 12.50 + 294.00; expected 13.20 + 294.00; difference -0.70
    assert report.totals == {
        "sent": "306.50",
        "sent_priced": "306.50",  # both items are priced
        "expected": "307.20",
        "difference": "-0.70",
    }
    assert [(s["type"], s["items"], s["sent"], s["expected"]) for s in report.services] == [
        ("sadt", 1, "12.50", "13.20"),
        ("taxas", 1, "294.00", "294.00"),
    ]
