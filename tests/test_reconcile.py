"""The reconciliation's verdicts, each worked out by hand from the rule and the prices in
tests/reconcile_kit.py (which lists every item sent and what the contract pays for it)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import reconcile_kit as K
from lotcheck.reconcile.errors import ReconcileError
from lotcheck.reconcile.run import reconcile
from lotcheck.reconcile.types import MatchProblem, Reconciliation, Verdict
from lotcheck.statement.types import Glosa

D = Decimal
VALUE_HIGH = (Glosa("1705", D("8.40"), "valor acima do contratado"),)


def run(
    tmp_path: Path, guides: list, *, with_contract: bool = True, lot_number=None
) -> Reconciliation:
    loaded = K.contract(tmp_path) if with_contract else None
    st = K.statement([K.protocol(guides, lot_number=lot_number)])
    return reconcile(st, [K.lot_a(tmp_path)], K.options(loaded))


def only(rec: Reconciliation):
    assert len(rec.items) == 1, (rec.items, rec.unmatched)
    return rec.items[0]


def test_released_in_full_is_paid(tmp_path: Path) -> None:
    rec = run(
        tmp_path,
        [K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "13.20", "0.00")])],
    )
    got = only(rec)
    assert got.verdict is Verdict.PAID
    assert got.contestable == D("0.00")
    assert got.sent.expected == D("13.20") and got.sent.sequence == "1"


def test_released_above_what_was_informed_is_overpaid(tmp_path: Path) -> None:
    # 40901122 informed 50.00, released 55.00: nothing denied, 5.00 more than informed
    rec = run(
        tmp_path, [K.guide("1002", [K.item("1", "40901122", "2023-10-11", "50.00", "55.00")])]
    )
    assert only(rec).verdict is Verdict.OVERPAID


def test_released_above_the_contract_is_overpaid(tmp_path: Path) -> None:
    # seq 3 was sent at 120.00, the contract pays 100.00: released 120.00 in full is 20 above E
    rec = run(
        tmp_path, [K.guide("1001", [K.item("3", "31005497", "2023-10-10", "120.00", "120.00")])]
    )
    assert only(rec).verdict is Verdict.OVERPAID


def test_a_denial_lotcheck_had_a_finding_for_is_foreseeable_and_names_it(tmp_path: Path) -> None:
    # seq 3 billed 120.00 against 100.00: the check said value.unit_mismatch; the payer cut 20.00
    glosa = (Glosa("1705", D("20.00"), None),)
    rec = run(
        tmp_path,
        [
            K.guide(
                "1001",
                [K.item("3", "31005497", "2023-10-10", "120.00", "100.00", "20.00", glosas=glosa)],
            )
        ],
    )
    got = only(rec)
    assert got.verdict is Verdict.FORESEEABLE
    assert [code for code, _ in got.sent.findings] == ["value.unit_mismatch"]
    assert "100.00" in got.sent.findings[0][1]  # the English message, with the contract's value
    assert got.contestable == D("0.00")


def test_a_cut_of_a_value_that_is_the_contracts_is_contestable_for_expected_minus_released(
    tmp_path: Path,
) -> None:
    # seq 2: 2 × 14.20 = 28.40 billed, exactly the contract's; released 20.00 with 1705 (a
    # glosa lotcheck checks): contestable 28.40 − 20.00 = 8.40
    rec = run(
        tmp_path,
        [
            K.guide(
                "1001",
                [
                    K.item(
                        "2", "40301630", "2023-10-10", "28.40", "20.00", "8.40", glosas=VALUE_HIGH
                    )
                ],
            )
        ],
    )
    got = only(rec)
    assert got.verdict is Verdict.CONTESTABLE
    assert got.contestable == D("8.40")
    assert got.glosas == VALUE_HIGH
    assert rec.contestable == (got,)


def test_a_denial_without_a_glosa_code_is_contestable_too(tmp_path: Path) -> None:
    # released 0.00 of 13.20, no reason given: 13.20 − 0.00 = 13.20
    rec = run(tmp_path, [K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "0.00")])])
    got = only(rec)
    assert (got.verdict, got.contestable) == (Verdict.CONTESTABLE, D("13.20"))


def test_a_cut_the_statement_columns_do_not_show_is_still_a_cut(tmp_path: Path) -> None:
    # denied given as 0.00, but released 20.00 of 28.40 informed: 8.40 was cut all the same
    rec = run(
        tmp_path,
        [K.guide("1001", [K.item("2", "40301630", "2023-10-10", "28.40", "20.00", "0.00")])],
    )
    got = only(rec)
    assert (got.verdict, got.contestable) == (Verdict.CONTESTABLE, D("8.40"))


def test_released_as_much_as_the_contract_pays_is_paid_whatever_the_glosa(tmp_path: Path) -> None:
    # informed 30.00 (above the 28.40 sent), released 28.40, 1.60 denied: E − released = 0
    rec = run(
        tmp_path,
        [K.guide("1001", [K.item("2", "40301630", "2023-10-10", "30.00", "28.40", "1.60")])],
    )
    assert only(rec).verdict is Verdict.PAID


def test_released_missing_is_informed_minus_denied(tmp_path: Path) -> None:
    # released not given: 28.40 − 8.40 = 20.00 released, so 8.40 contestable
    rec = run(
        tmp_path, [K.guide("1001", [K.item("2", "40301630", "2023-10-10", "28.40", None, "8.40")])]
    )
    got = only(rec)
    assert (got.verdict, got.contestable) == (Verdict.CONTESTABLE, D("8.40"))


def test_an_audit_glosa_is_unchecked_and_keeps_the_payers_text(tmp_path: Path) -> None:
    # 3251 (criteria of the operator's technical audit): no lotcheck code carries it
    audit = (Glosa("3251", D("20.00"), "Auditoria: material sem justificativa clínica"),)
    rec = run(
        tmp_path,
        [
            K.guide(
                "1002",
                [
                    K.item(
                        "1",
                        "90000001",
                        "2023-10-11",
                        "20.00",
                        "0.00",
                        "20.00",
                        glosas=audit,
                        table="19",
                    )
                ],
            )
        ],
    )
    got = only(rec)
    assert got.verdict is Verdict.UNCHECKED
    assert got.sent.service == "materiais" and got.sent.expected == D("20.00")
    assert got.glosas[0].text == "Auditoria: material sem justificativa clínica"


def test_the_guides_glosa_stands_for_an_item_that_gives_none(tmp_path: Path) -> None:
    audit = (Glosa("3251", None, "Auditoria médica"),)
    rec = run(
        tmp_path,
        [K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "0.00")], glosas=audit)],
    )
    got = only(rec)
    assert got.verdict is Verdict.UNCHECKED
    assert got.glosas == audit


def test_without_a_contract_nothing_is_contestable(tmp_path: Path) -> None:
    # the same cut as the contestable case: without a contract nobody knows what is owed
    rec = run(
        tmp_path,
        [
            K.guide(
                "1001",
                [
                    K.item(
                        "2", "40301630", "2023-10-10", "28.40", "20.00", "8.40", glosas=VALUE_HIGH
                    )
                ],
            )
        ],
        with_contract=False,
    )
    got = only(rec)
    assert got.verdict is Verdict.UNCHECKED
    assert got.sent.expected is None and got.sent.explanation is None
    assert rec.contract is None and rec.totals.contracted is None and rec.totals.recoverable == 0


def test_an_item_the_contract_does_not_price_is_foreseeable_when_the_check_said_so(
    tmp_path: Path,
) -> None:
    rec = run(tmp_path, [K.guide("1002", [K.item("2", "99999999", "2023-10-11", "10.00", "0.00")])])
    got = only(rec)
    assert got.verdict is Verdict.FORESEEABLE
    assert [c for c, _ in got.sent.findings] == ["table.code_unknown"]


def test_a_finding_on_the_guide_makes_each_of_its_items_foreseeable(tmp_path: Path) -> None:
    # lot B's guide 2001 has a wrong executor CNPJ (id.invalid, on the guide, no item)
    st = K.statement(
        [K.protocol([K.guide("2001", [K.item("1", "40304361", "2023-10-14", "13.20", "0.00")])])]
    )
    rec = reconcile(st, [K.lot_b(tmp_path)], K.options(K.contract(tmp_path)))
    got = only(rec)
    assert got.verdict is Verdict.FORESEEABLE
    assert [c for c, _ in got.sent.findings] == ["id.invalid"]


def test_a_lot_level_finding_counts_only_for_its_own_glosa(tmp_path: Path) -> None:
    # lot A with a wrong epílogo hash (hash.mismatch, 5014): a 5014 denial was foreseeable; a
    # 1705 cut of a value that is the contract's is still contestable
    lot = K.lot_a(tmp_path, hash_ok=False)
    hashed = (Glosa("5014", None, None),)
    st = K.statement(
        [
            K.protocol(
                [
                    K.guide(
                        "1001",
                        [
                            K.item("1", "40304361", "2023-10-10", "13.20", "0.00", glosas=hashed),
                            K.item(
                                "2", "40301630", "2023-10-10", "28.40", "20.00", glosas=VALUE_HIGH
                            ),
                        ],
                    )
                ]
            )
        ]
    )
    rec = reconcile(st, [lot], K.options(K.contract(tmp_path)))
    first, second = rec.items
    assert first.verdict is Verdict.FORESEEABLE
    assert [c for c, _ in first.sent.findings] == ["hash.mismatch"]
    assert (second.verdict, second.contestable) == (Verdict.CONTESTABLE, D("8.40"))
    assert second.sent.findings == ()


def test_each_item_sent_has_its_explanation_and_pricing(tmp_path: Path) -> None:
    rec = run(
        tmp_path, [K.guide("1001", [K.item("2", "40301630", "2023-10-10", "28.40", "28.40")])]
    )
    sent = only(rec).sent
    assert sent.pricing is not None
    assert (sent.pricing["unit"], sent.pricing["quantity"], sent.pricing["total"]) == (
        "14.20",
        "2",
        "28.40",
    )
    assert sent.explanation is not None and sent.explanation.key == "fragment.formula.list"
    assert sent.line is not None and sent.xpath.endswith("ans:procedimentoExecutado[2]")
    assert (sent.lot_number, sent.tiss_version, sent.operator_number) == ("77", "4.01.00", "OP1")


def test_a_lot_that_cannot_be_read_whole_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "quebrado.xml"
    broken.write_text(K.lot_a(tmp_path).read_text(encoding="utf-8")[:-200], encoding="utf-8")
    st = K.statement([K.protocol([K.guide("1001", [])])])
    with pytest.raises(ReconcileError) as caught:
        reconcile(st, [broken], K.options(None))
    assert caught.value.path == str(broken)
    assert str(broken) in caught.value.text(
        "en"
    ) and "could not be read whole" in caught.value.text("en")
    assert "não pôde ser lido por inteiro" in caught.value.text("pt")


def test_a_file_that_is_not_a_lot_is_an_error(tmp_path: Path) -> None:
    other = tmp_path / "outro.xml"
    other.write_text('<?xml version="1.0"?><raiz><a>1</a></raiz>', encoding="utf-8")
    with pytest.raises(ReconcileError):
        reconcile(K.statement([]), [other], K.options(None))


def test_unmatched_problem_values_are_the_published_words() -> None:
    assert [p.value for p in MatchProblem] == ["no_guide", "no_item", "ambiguous", "guide_only"]


#: the operator's technical criterion for hemograms, as a payer pack models it, with the glosa
#: table 38 gives for such criteria (3251, which no built-in rule carries)
CRITERIA_PACK = """format = 1

[pack]
id = "criterios-hemograma"
name = "at most five hemograms a day"
version = "1"
payers = ["999999"]
valid_from = 2023-01-01

[pack.source]
document = "the payer's manual"
date = 2022-12-15

[[rules]]
id = "HEM-05"
kind = "max_quantity"
codes = ["22/40304361"]
max = "5"
per = "day"
severity = "error"
glosa = "3251"
"""


def test_a_denial_for_a_packs_glosa_the_pack_did_not_find_is_contestable(tmp_path: Path) -> None:
    """With the payer pack applied, 3251 is a glosa the check looked for: the hemogram billed
    once at the contracted 13,20 and cut whole for 3251 is contestable for 13,20 − 0,00. Without
    the pack, the same denial is an audit criterion lotcheck cannot judge: unchecked."""
    from dataclasses import replace

    from lotcheck.contract.packs import load_packs

    pack_file = tmp_path / "rules.toml"
    pack_file.write_text(CRITERIA_PACK, encoding="utf-8")
    packs = load_packs([pack_file])
    criteria = (Glosa("3251", D("13.20"), "Critérios técnicos da operadora"),)
    guides = [
        K.guide(
            "1001",
            [K.item("1", "40304361", "2023-10-10", "13.20", "0.00", "13.20", glosas=criteria)],
        )
    ]
    loaded = K.contract(tmp_path)
    st = K.statement([K.protocol(guides)])
    lot = K.lot_a(tmp_path)
    with_pack = only(reconcile(st, [lot], replace(K.options(loaded), packs=packs)))
    assert (with_pack.verdict, with_pack.contestable) == (Verdict.CONTESTABLE, D("13.20"))
    without = only(reconcile(st, [lot], K.options(loaded)))
    assert (without.verdict, without.contestable) == (Verdict.UNCHECKED, D("0.00"))
