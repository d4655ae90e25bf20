"""Matching statement items to the items sent: every statement item ends matched or listed
apart with its problem, every item sent not answered is listed, nothing is counted twice.
The lots are tests/reconcile_kit.py's (lot A: guides 1001, 1002, 1003, 1005; lot B: 1005, 2001)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import reconcile_kit as K
from lotcheck.reconcile.run import reconcile
from lotcheck.reconcile.types import MatchProblem, Reconciliation, Verdict

import lots as L

D = Decimal


def run(tmp_path: Path, protocols: list, *, both: bool = False) -> Reconciliation:
    lots = [K.lot_a(tmp_path), K.lot_b(tmp_path)] if both else [K.lot_a(tmp_path)]
    return reconcile(K.statement(protocols), lots, K.options(K.contract(tmp_path)))


def sent_keys(rec: Reconciliation) -> list[tuple[str | None, str | None, str | None]]:
    return [(i.sent.guide_number, i.sent.sequence, i.sent.code) for i in rec.items]


def test_a_guide_no_lot_has_is_no_guide(tmp_path: Path) -> None:
    rec = run(
        tmp_path,
        [K.protocol([K.guide("9999", [K.item("1", "40304361", "2023-10-10", "1.00", "1.00")])])],
    )
    assert rec.items == ()
    (missing,) = rec.unmatched
    assert (missing.problem, missing.candidates, missing.statement_guide) == (
        MatchProblem.NO_GUIDE,
        0,
        "9999",
    )


def test_a_guide_found_without_the_item_is_no_item(tmp_path: Path) -> None:
    rec = run(
        tmp_path,
        [K.protocol([K.guide("1001", [K.item("7", "40909090", "2023-10-10", "1.00", "1.00")])])],
    )
    (missing,) = rec.unmatched
    assert missing.problem is MatchProblem.NO_ITEM


def test_a_guide_number_in_two_lots_is_ambiguous_with_two_candidates(tmp_path: Path) -> None:
    one = K.guide("1005", [K.item("1", "40301630", "2023-10-13", "14.20", "14.20")])
    rec = run(tmp_path, [K.protocol([one])], both=True)
    (missing,) = rec.unmatched
    assert (missing.problem, missing.candidates) == (MatchProblem.AMBIGUOUS, 2)
    # nothing was matched: the 9 items of lot A and the 2 of lot B are all unanswered
    assert len(rec.unanswered) == 11


def test_the_protocols_lot_number_tells_two_guides_apart(tmp_path: Path) -> None:
    one = K.guide("1005", [K.item("1", "40301630", "2023-10-13", "14.20", "14.20")])
    rec = run(tmp_path, [K.protocol([one], lot_number="88")], both=True)
    assert rec.unmatched == ()
    assert only_lot(rec) == str(tmp_path / "lote-b.xml")


def only_lot(rec: Reconciliation) -> str:
    (item,) = rec.items
    return item.sent.lot_path


def test_the_operator_number_finds_a_guide_the_provider_number_does_not(tmp_path: Path) -> None:
    # no provider number in the statement, OP2 is guide 1002's numeroGuiaOperadora
    rec = run(
        tmp_path,
        [
            K.protocol(
                [
                    K.guide(
                        None,
                        [K.item("1", "40901122", "2023-10-11", "50.00", "50.00")],
                        operator="OP2",
                    )
                ]
            )
        ],
    )
    (got,) = rec.items
    assert (got.sent.guide_number, got.sent.sequence, got.verdict) == ("1002", "1", Verdict.PAID)
    assert (got.statement_guide, got.statement_operator_guide) == (None, "OP2")
    # and a provider number no lot has falls back to the operator number as well
    rec = run(
        tmp_path,
        [
            K.protocol(
                [
                    K.guide(
                        "X-1",
                        [K.item("1", "40901122", "2023-10-11", "50.00", "50.00")],
                        operator="OP2",
                    )
                ]
            )
        ],
    )
    assert sent_keys(rec) == [("1002", "1", "40901122")]


def test_code_and_date_match_an_item_the_statement_gives_no_sequence_for(tmp_path: Path) -> None:
    rec = run(
        tmp_path,
        [K.protocol([K.guide("1001", [K.item(None, "40301630", "2023-10-10", "28.40", "28.40")])])],
    )
    assert sent_keys(rec) == [("1001", "2", "40301630")]


def test_a_sequence_with_another_code_is_not_that_item(tmp_path: Path) -> None:
    # guide 1002 numbers its expense 1 as well as its first procedure: the code tells them apart
    expense = K.item("1", "90000001", "2023-10-11", "20.00", "20.00", table="19")
    procedure = K.item("1", "40901122", "2023-10-11", "50.00", "50.00")
    rec = run(tmp_path, [K.protocol([K.guide("1002", [expense, procedure])])])
    assert sent_keys(rec) == [("1002", "1", "90000001"), ("1002", "1", "40901122")]
    assert [i.sent.service for i in rec.items] == ["materiais", "sadt"]


def test_a_date_or_table_that_differs_is_not_a_fit(tmp_path: Path) -> None:
    wrong_day = K.item(None, "40301630", "2023-10-11", "28.40", "28.40")
    wrong_table = K.item(None, "40301630", "2023-10-10", "28.40", "28.40", table="98")
    rec = run(tmp_path, [K.protocol([K.guide("1001", [wrong_day, wrong_table])])])
    assert [u.problem for u in rec.unmatched] == [MatchProblem.NO_ITEM, MatchProblem.NO_ITEM]


def test_two_items_with_the_same_code_and_date_are_ambiguous(tmp_path: Path) -> None:
    rec = run(
        tmp_path,
        [K.protocol([K.guide("1003", [K.item(None, "40304361", "2023-10-12", "13.20", "13.20")])])],
    )
    (missing,) = rec.unmatched
    assert (missing.problem, missing.candidates) == (MatchProblem.AMBIGUOUS, 2)
    # neither was taken: both are still unanswered
    assert sum(1 for s in rec.unanswered if s.guide_number == "1003") == 2


def test_an_item_answered_twice_is_counted_once(tmp_path: Path) -> None:
    first = K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "13.20")])
    again = K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "13.20")])
    rec = run(tmp_path, [K.protocol([first]), K.protocol([again], number="P2")])
    assert sent_keys(rec) == [("1001", "1", "40304361")]
    (twice,) = rec.unmatched
    assert (twice.problem, twice.candidates, twice.protocol) == (MatchProblem.AMBIGUOUS, 1, "P2")
    assert rec.totals.items == 1 and rec.totals.released == D("13.20")


def test_an_item_already_taken_leaves_the_other_fit(tmp_path: Path) -> None:
    # guide 1003: seq 1 matched first, then a statement item by code and date alone: of the two
    # items that fit, only seq 2 is still free, so it is that one
    by_sequence = K.item("1", "40304361", "2023-10-12", "13.20", "13.20")
    by_code = K.item(None, "40304361", "2023-10-12", "13.20", "13.20")
    rec = run(tmp_path, [K.protocol([K.guide("1003", [by_sequence, by_code])])])
    assert sent_keys(rec) == [("1003", "1", "40304361"), ("1003", "2", "40304361")]


def test_every_item_ends_somewhere_and_nothing_sent_is_dropped(tmp_path: Path) -> None:
    items = [
        K.guide(
            "1001",
            [
                K.item("1", "40304361", "2023-10-10", "13.20", "13.20"),
                K.item("9", "1", "2023-10-10", "1.00", "0.00"),
            ],
        ),
        K.guide("1002", [K.item("1", "40901122", "2023-10-11", "50.00", "50.00")]),
        K.guide("4242", [K.item("1", "40901122", "2023-10-11", "50.00", "50.00")]),
    ]
    rec = run(tmp_path, [K.protocol(items)], both=True)
    assert len(rec.items) + len(rec.unmatched) == 4
    # 11 items sent, 2 answered
    assert len(rec.unanswered) == 9
    answered = {(i.sent.lot_path, i.sent.xpath) for i in rec.items}
    unanswered = {(s.lot_path, s.xpath) for s in rec.unanswered}
    assert answered.isdisjoint(unanswered) and len(answered | unanswered) == 11
    # in lot order: lot A's guide 1001 seq 2 first, lot B's items last
    assert (rec.unanswered[0].guide_number, rec.unanswered[0].sequence) == ("1001", "2")
    assert [s.guide_number for s in rec.unanswered[-2:]] == ["1005", "2001"]


def test_a_renumbered_item_is_found_by_its_code_not_its_sequence(tmp_path: Path) -> None:
    # the payer calls 40304361 item 2; in the lot item 2 is 40301630 and 40304361 is item 1
    renumbered = K.item("2", "40304361", "2023-10-10", "13.20", "13.20")
    rec = run(tmp_path, [K.protocol([K.guide("1001", [renumbered])])])
    assert sent_keys(rec) == [("1001", "1", "40304361")]


def test_a_consulta_which_numbers_no_item_is_found_by_code_and_date(tmp_path: Path) -> None:
    lot = K.write_lot(
        tmp_path / "consulta.xml", [L.consulta_guide("3001", "2023-10-15", "40304361", "13.20")]
    )
    st = K.statement(
        [K.protocol([K.guide("3001", [K.item("1", "40304361", "2023-10-15", "13.20", "13.20")])])]
    )
    rec = reconcile(st, [lot], K.options(K.contract(tmp_path)))
    (got,) = rec.items
    assert (got.sent.sequence, got.sent.service, got.sent.expected) == (
        None,
        "consultas",
        D("13.20"),
    )
    assert got.verdict is Verdict.PAID and rec.unanswered == ()
