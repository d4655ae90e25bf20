"""The bundled billing cycle, end to end: ``examples/demonstrativo-cbhpm.xml`` (the payer's
statement, written by ``examples/make_statement_example.py``) against
``examples/lote-cbhpm-com-erros.xml`` and ``price_tables/cbhpm-exemplo``.

Every expectation below is worked out by hand from the lot's table in examples/README.md (what
the contract pays for each item) and the statement's plan (what the payer released):

=========== ==== ========== ========== ========= ============ ==========================
guide       item sent       contract   released  verdict      why
=========== ==== ========== ========== ========= ============ ==========================
2024010001  1    1.177,56   1.137,37   1.137,37  foreseeable  value.unit_mismatch
2024010001  2      160,78      96,47      96,47  foreseeable  value.unit_mismatch
2024010001  3       64,31      64,31      64,31  paid
2024010001  4      486,27     389,02     389,02  foreseeable  value.unit_mismatch
2024010001  5       42,64      42,64      21,32  contestable  21,32 (glosa 1705)
2024020002  1      449,61     449,61     449,61  paid
2024020002  2       12,42      12,42       0,00  unchecked    1426, audit
2024020002  3      136,10     136,10     136,10  paid
2024020002  4   (sent)         —           0,00  foreseeable  table.code_unknown
2024020002  5       39,00      36,00      36,00  foreseeable  value.unit_mismatch
2024020002  6       27,50      27,50      27,50  paid
2024070004  1      321,62     321,62     300,00  contestable  21,62 (glosa 1705)
2024070004  2       30,61      30,61      30,61  paid
2024990099  1                             21,32  unmatched    no lot sent that guide
=========== ==== ========== ========== ========= ============ ==========================

Recoverable: 21,32 + 21,62 = 42,94. Not answered: 2024070004 items 3 to 5 and every item of
2023120003.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions
from lotcheck.reconcile.run import reconcile
from lotcheck.reconcile.types import MatchProblem, Reconciliation, Verdict
from lotcheck.statement.read import read_statement

from lots import ROOT

EXAMPLES = ROOT / "examples"
LOT = EXAMPLES / "lote-cbhpm-com-erros.xml"
STATEMENT = EXAMPLES / "demonstrativo-cbhpm.xml"
CONTRACT = ROOT / "price_tables" / "cbhpm-exemplo"

EXPECTED = {
    ("2024010001", "1"): (Verdict.FORESEEABLE, "value.unit_mismatch"),
    ("2024010001", "2"): (Verdict.FORESEEABLE, "value.unit_mismatch"),
    ("2024010001", "3"): (Verdict.PAID, None),
    ("2024010001", "4"): (Verdict.FORESEEABLE, "value.unit_mismatch"),
    ("2024010001", "5"): (Verdict.CONTESTABLE, None),
    ("2024020002", "1"): (Verdict.PAID, None),
    ("2024020002", "2"): (Verdict.UNCHECKED, None),
    ("2024020002", "3"): (Verdict.PAID, None),
    ("2024020002", "4"): (Verdict.FORESEEABLE, "table.code_unknown"),
    ("2024020002", "5"): (Verdict.FORESEEABLE, "value.unit_mismatch"),
    ("2024020002", "6"): (Verdict.PAID, None),
    ("2024070004", "1"): (Verdict.CONTESTABLE, None),
    ("2024070004", "2"): (Verdict.PAID, None),
}


@pytest.fixture(scope="module")
def rec() -> Reconciliation:
    statement = read_statement(STATEMENT)
    options = CheckOptions(contract=load_contract(CONTRACT), lang="pt")
    return reconcile(statement, [LOT], options)


def test_every_item_gets_the_verdict_worked_out_by_hand(rec: Reconciliation) -> None:
    got = {}
    for item in rec.items:
        key = (item.statement_guide, item.item.sequence)
        codes = [code for code, _ in item.sent.findings]
        got[key] = (item.verdict, codes[0] if codes else None)
    assert got == EXPECTED


def test_the_contestable_amounts_and_the_recoverable_total(rec: Reconciliation) -> None:
    amounts = {(i.statement_guide, i.item.sequence): i.contestable for i in rec.contestable}
    assert amounts == {
        ("2024010001", "5"): Decimal("21.32"),  # 42,64 − 21,32
        ("2024070004", "1"): Decimal("21.62"),  # 321,62 − 300,00
    }
    assert rec.totals.recoverable == Decimal("42.94")


def test_the_guide_no_lot_sent_is_listed_apart_and_the_unanswered_items_too(
    rec: Reconciliation,
) -> None:
    assert [(u.problem, u.statement_guide) for u in rec.unmatched] == [
        (MatchProblem.NO_GUIDE, "2024990099")
    ]
    unanswered = {(s.guide_number, s.sequence) for s in rec.unanswered}
    assert {("2024070004", "3"), ("2024070004", "4"), ("2024070004", "5")} <= unanswered
    assert all(g == "2024070004" or g == "2023120003" for g, _ in unanswered)
    assert ("2024070004", "1") not in unanswered


def test_the_totals_released_and_denied_are_the_statements(rec: Reconciliation) -> None:
    # released over the matched items: every "released" cell of the table above
    released = sum(
        (
            Decimal(v)
            for v in [
                "1137.37",
                "96.47",
                "64.31",
                "389.02",
                "21.32",
                "449.61",
                "0.00",
                "136.10",
                "0.00",
                "36.00",
                "27.50",
                "300.00",
                "30.61",
            ]
        ),
        Decimal("0.00"),
    )
    assert rec.totals.released == released
    assert rec.totals.released + rec.totals.denied == rec.totals.sent


def test_the_appeal_carries_the_two_contestable_items(tmp_path: Path) -> None:
    from lotcheck_testkit import run_cli

    out = tmp_path / "recurso.xml"
    done = run_cli(
        [
            "appeal",
            str(STATEMENT),
            "--lot",
            str(LOT),
            "-c",
            str(CONTRACT),
            "-o",
            str(out),
            "--number",
            "REC-2024-01",
            "--date",
            "2024-08-20",
        ]
    )
    assert done.returncode == 0, done.stderr.decode()
    root = etree.parse(str(out)).getroot()
    ns = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
    items = root.findall(".//ans:itensGuia", ns)
    got = sorted(
        (
            item.getparent().getparent().findtext("ans:numeroGuiaOrigem", namespaces=ns),
            item.findtext("ans:sequencialItem", namespaces=ns),
            item.findtext("ans:valorRecursado", namespaces=ns),
            item.findtext("ans:codGlosaItem", namespaces=ns),
        )
        for item in items
    )
    assert got == [("2024010001", "5", "21.32", "1705"), ("2024070004", "1", "21.62", "1705")]
    assert root.findtext(".//ans:valorTotalRecursado", namespaces=ns) == "42.94"
    assert root.findtext(".//ans:numeroProtocolo", namespaces=ns) == "202408000123"
    assert run_cli(["hash", str(out)]).returncode == 0


def test_the_appeal_is_justified_in_portuguese_even_when_the_command_speaks_english(
    tmp_path: Path,
) -> None:
    from lotcheck_testkit import run_cli

    out = tmp_path / "recurso.xml"
    done = run_cli(
        [
            "appeal", str(STATEMENT), "--lot", str(LOT), "-c", str(CONTRACT), "-o", str(out),
            "--number", "REC-2024-01", "--date", "2024-08-20", "--lang", "en",
        ]
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    ns = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
    texts = etree.parse(str(out)).getroot().findall(".//ans:justificativaItem", ns)
    assert len(texts) == 2
    assert all((t.text or "").startswith("valor conforme contrato: CBHPM") for t in texts)


def test_reconcile_refuses_a_statement_over_max_size_and_a_bad_size(tmp_path: Path) -> None:
    from lotcheck_testkit import run_cli

    base = ["reconcile", str(STATEMENT), "--lot", str(LOT), "-c", str(CONTRACT)]
    small = run_cli([*base, "--max-size", "1k"])  # the statement is about 17 KB
    assert small.returncode == 2
    err = small.stderr.decode()
    assert err.startswith("lotcheck: ") and "demonstrativo-cbhpm.xml" in err
    assert "Traceback" not in err
    bad = run_cli([*base, "--max-size", "lots"])
    assert bad.returncode == 2 and "Traceback" not in bad.stderr.decode()
