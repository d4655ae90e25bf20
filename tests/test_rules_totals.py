"""total.guide_mismatch and total.lot_mismatch: totals equal the sum of what they total."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_cases import (
    expense,
    honorarios,
    line_of,
    lot,
    make_contract,
    odonto,
    odonto_line,
    proc,
    run,
    sadt,
)

CODES = ("total.guide_mismatch", "total.lot_mismatch")

# Procedures: 13.20 + 7.10 × 2 = 27.40; expenses: taxa (07) 294.00, material (03) 16.80.
PROCS = [
    proc(1, "40304361", unit="13.20"),
    proc(2, "40301630", qty="2", unit="7.10", total="14.20"),
]
EXPENSES = [expense(1, "07", "294.00"), expense(2, "03", "16.80")]
RIGHT = {
    "valorProcedimentos": "27.40",
    "valorTaxasAlugueis": "294.00",
    "valorMateriais": "16.80",
    "valorTotalGeral": "338.20",  # 27.40 + 294.00 + 16.80
}

# (id, guide xml, expected [(field, expected value)])
SADT_CASES = [
    ("all-right", sadt("G1", PROCS, expenses=EXPENSES, totals=RIGHT), []),
    (
        "part-edited",  # the grand total still adds the items up: one finding, on the part
        sadt("G1", PROCS, expenses=EXPENSES, totals={**RIGHT, "valorProcedimentos": "27.00"}),
        [("valorProcedimentos", "27.40")],
    ),
    (
        "item-edited",  # item 2 changed to 15.20 without updating the totals: 27.40 -> 28.40
        sadt(
            "G1",
            [PROCS[0], proc(2, "40301630", qty="2", unit="7.10", total="15.20")],
            expenses=EXPENSES,
            totals=RIGHT,
        ),
        [("valorProcedimentos", "28.40")],
    ),
    (
        "grand-total-wrong",
        sadt("G1", PROCS, expenses=EXPENSES, totals={**RIGHT, "valorTotalGeral": "340.00"}),
        [("valorTotalGeral", "338.20")],
    ),
    (
        "expense-part-wrong",
        sadt("G1", PROCS, expenses=EXPENSES, totals={**RIGHT, "valorTaxasAlugueis": "249.00"}),
        [("valorTaxasAlugueis", "294.00")],
    ),
    (
        "part-left-out",  # valorMateriais is optional: its items still count in the grand total
        sadt(
            "G1",
            PROCS,
            expenses=EXPENSES,
            totals={k: v for k, v in RIGHT.items() if k != "valorMateriais"},
        ),
        [],
    ),
    (
        "part-left-out-and-grand-total-ignores-it",  # 321.40 = 338.20 - 16.80
        sadt(
            "G1",
            PROCS,
            expenses=EXPENSES,
            totals={
                "valorProcedimentos": "27.40",
                "valorTaxasAlugueis": "294.00",
                "valorTotalGeral": "321.40",
            },
        ),
        [("valorTotalGeral", "338.20")],
    ),
    (
        "internacao",
        sadt(
            "G1",
            PROCS,
            totals={"valorProcedimentos": "27.40", "valorTotalGeral": "27.50"},
            tag="guiaResumoInternacao",
        ),
        [("valorTotalGeral", "27.40")],
    ),
]


@pytest.mark.parametrize(
    ("guide", "expected"), [c[1:] for c in SADT_CASES], ids=[c[0] for c in SADT_CASES]
)
def test_sadt_and_internacao_totals(
    tmp_path: Path, guide: str, expected: list[tuple[str, str]]
) -> None:
    xml = lot(guide)
    findings = [f for f in run(tmp_path, xml) if f.code in CODES]
    got = [(f.xpath.rsplit(":", 1)[-1], f.expected) for f in findings if f.xpath]
    assert got == expected
    for finding in findings:
        assert finding.code == "total.guide_mismatch"
        assert finding.guide == "G1" and finding.item is None
        assert finding.xpath is not None
        field = finding.xpath.rsplit(":", 1)[-1]
        assert finding.xpath.endswith(f"/ans:valorTotal/ans:{field}")
        assert finding.line == line_of(xml, f"<ans:{field}>")


HONORARIOS = [
    proc(1, "31005497", unit="1942.50", tag="procedimentoRealizado"),
    proc(2, "31005497", unit="582.75", tag="procedimentoRealizado"),
]


@pytest.mark.parametrize(
    ("total", "expected"),
    [("2525.25", []), ("2525.00", [("valorTotalHonorarios", "2525.25", "2525.00")])],
    ids=["right", "wrong"],
)
def test_honorarios_total(tmp_path: Path, total: str, expected: list[tuple[str, ...]]) -> None:
    xml = lot(honorarios("H1", HONORARIOS, total))
    findings = [f for f in run(tmp_path, xml) if f.code in CODES]
    got = [(f.xpath.rsplit(":", 1)[-1], f.expected, f.found) for f in findings if f.xpath]
    assert got == expected
    assert all(f.line == line_of(xml, "<ans:valorTotalHonorarios>") for f in findings)


TWO_LINES = [odonto_line(1, value="1600.00"), odonto_line(2, "8050", value="540.00")]


@pytest.mark.parametrize(
    ("settings", "lines", "total", "expected"),
    [
        ("", TWO_LINES, "2140.00", None),
        ("", TWO_LINES, "2100.00", "2140.00"),
        # valorProc read as a unit price: 540.00 × 2 = 1080.00
        (
            '[dental]\nvalue_per = "unit"\n',
            [odonto_line(1, "8050", qty="2", value="540.00")],
            "1080.00",
            None,
        ),
        (
            '[dental]\nvalue_per = "unit"\n',
            [odonto_line(1, "8050", qty="2", value="540.00")],
            "540.00",
            "1080.00",
        ),
    ],
    ids=["line-right", "line-wrong", "unit-right", "unit-wrong"],
)
def test_odonto_total(
    tmp_path: Path, settings: str, lines: list[str], total: str, expected: str | None
) -> None:
    contract = make_contract(tmp_path, settings)
    xml = lot(odonto("O1", lines, total), registration="2024-07-05")
    findings = [f for f in run(tmp_path, xml, contract=contract) if f.code in CODES]
    if expected is None:
        assert findings == []
    else:
        assert [(f.code, f.guide, f.expected) for f in findings] == [
            ("total.guide_mismatch", "O1", expected)
        ]
        assert findings[0].line == line_of(xml, "<ans:valorTotalProc>")


def _two_guides() -> str:
    return sadt("G1", [proc(1, unit="13.20")], totals={"valorTotalGeral": "13.20"}) + sadt(
        "G2",
        [proc(1, "40301630", qty="2", unit="7.10", total="14.20")],
        totals={"valorTotalGeral": "14.20"},
    )


@pytest.mark.parametrize(
    ("lot_extra", "expected"),
    [
        ("", []),  # no TISS version carries a lot total: nothing to compare
        ("<ans:valorTotalLote>27.40</ans:valorTotalLote>", []),
        ("<ans:valorTotalLote>30.00</ans:valorTotalLote>", [("27.40", "30.00")]),
        ("<ans:valorTotalProtocolo>27.00</ans:valorTotalProtocolo>", [("27.40", "27.00")]),
    ],
    ids=["absent", "right", "wrong", "protocolo-wrong"],
)
def test_lot_total(tmp_path: Path, lot_extra: str, expected: list[tuple[str, str]]) -> None:
    xml = lot(_two_guides(), lot_extra=lot_extra)
    findings = [f for f in run(tmp_path, xml) if f.code in CODES]
    assert [(f.expected, f.found) for f in findings] == expected
    for finding in findings:
        assert finding.code == "total.lot_mismatch" and finding.guide is None
        assert finding.line == line_of(xml, lot_extra[:20])
