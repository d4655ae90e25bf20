"""A statement guide with no item lines (``detalhesGuia`` is optional): the payer answered the
guide as a whole (lotcheck.reconcile.whole). Lot A of tests/reconcile_kit.py, by hand:

guide 1001: seq 1 13.20 (E 13.20), seq 2 28.40 (E 2 × 14.20 = 28.40), seq 3 120.00 (E 100.00,
value.unit_mismatch): sent 161.60, contracted 141.60.
guide 1003: seq 1 and seq 2, 13.20 each (E 13.20): sent 26.40.
guide 1005: seq 1 14.20 (E 14.20).
Lot A has 9 items in all (1001: 3, 1002: 3, 1003: 2, 1005: 1).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree

import reconcile_kit as K
from lotcheck.appeal.build import build_appeal
from lotcheck.appeal.lot import read_lot_info
from lotcheck.appeal.write import write_appeal
from lotcheck.cli.cycle_ledger import statement_record
from lotcheck.reconcile.run import reconcile
from lotcheck.reconcile.totals import totals
from lotcheck.reconcile.types import MatchProblem, Reconciliation, Verdict
from lotcheck.statement.read import read_statement
from lotcheck.statement.types import Glosa, StatementGuide
from test_appeal_kit import XSD

from statement_factory import GlosaSpec, GuideSpec, ProtocolSpec, StatementSpec, write_statement

D = Decimal
CARD = (Glosa("1001", None, "número da carteira inválido"),)
NS = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}


def whole(number: str, released: str, *, glosas: tuple[Glosa, ...] = CARD, **values: str):
    """A statement guide with no item lines, its totals as given."""
    money = {k: D(v) for k, v in values.items()}
    return replace(K.guide(number, [], glosas=glosas), released=D(released), line=40, **money)


def run(tmp_path: Path, guides: list[StatementGuide]) -> Reconciliation:
    st = K.statement([K.protocol(guides)])
    return reconcile(st, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))


def test_a_guide_released_nothing_denies_each_of_its_items_for_the_guides_glosa(
    tmp_path: Path,
) -> None:
    rec = run(tmp_path, [whole("1001", "0.00", informed="161.60", denied="161.60")])
    assert [(i.sent.sequence, i.verdict, i.contestable) for i in rec.items] == [
        ("1", Verdict.CONTESTABLE, D("13.20")),  # billed at E, glosa 1001 is checked: E − 0
        ("2", Verdict.CONTESTABLE, D("28.40")),
        ("3", Verdict.FORESEEABLE, D("0.00")),  # the check said value.unit_mismatch
    ]
    assert all(i.glosas == CARD and i.item.line == 40 for i in rec.items)
    assert all(i.item.informed is None and i.item.released == D("0.00") for i in rec.items)
    got = totals(rec.items)
    assert (got.sent, got.contracted, got.released, got.denied, got.recoverable) == (
        D("161.60"),  # 13.20 + 28.40 + 120.00
        D("141.60"),  # 13.20 + 28.40 + 100.00
        D("0.00"),
        D("161.60"),  # everything sent
        D("41.60"),  # 13.20 + 28.40
    )
    assert rec.unmatched == ()
    assert len(rec.unanswered) == 6  # 9 − the 3 of guide 1001
    assert all(s.guide_number != "1001" for s in rec.unanswered)


def test_a_guide_released_exactly_what_was_sent_pays_each_item_as_sent(tmp_path: Path) -> None:
    rec = run(tmp_path, [whole("1003", "26.40", glosas=()), whole("1005", "14.20", glosas=())])
    assert [(i.statement_guide, i.sent.sequence, i.verdict) for i in rec.items] == [
        ("1003", "1", Verdict.PAID),
        ("1003", "2", Verdict.PAID),
        ("1005", "1", Verdict.PAID),
    ]
    assert [i.item.released for i in rec.items] == [D("13.20"), D("13.20"), D("14.20")]
    assert totals(rec.items).released == D("40.60")  # 13.20 + 13.20 + 14.20
    assert rec.unmatched == () and len(rec.unanswered) == 6


def test_a_part_released_with_no_item_lines_leaves_the_items_unanswered_and_shows_the_guide(
    tmp_path: Path,
) -> None:
    # 141.60 released of 161.60: which item lost the 20.00 the statement does not say
    cut = (Glosa("1705", D("20.00"), None),)
    rec = run(tmp_path, [whole("1001", "141.60", glosas=cut, informed="161.60", denied="20.00")])
    assert rec.items == ()
    assert len(rec.unanswered) == 9
    [line] = rec.unmatched
    assert line.problem is MatchProblem.GUIDE_ONLY and line.statement_guide == "1001"
    assert (line.item.informed, line.item.released, line.item.denied) == (
        D("161.60"),
        D("141.60"),
        D("20.00"),
    )
    assert line.glosas == cut and line.item.line == 40


def test_a_guide_with_no_item_lines_and_no_guide_sent_is_one_unmatched_line(
    tmp_path: Path,
) -> None:
    rec = run(tmp_path, [whole("9999", "0.00", informed="55.00", denied="55.00")])
    [line] = rec.unmatched
    assert line.problem is MatchProblem.NO_GUIDE and line.statement_guide == "9999"
    assert (line.item.informed, line.item.released) == (D("55.00"), D("0.00"))
    assert line.glosas == CARD
    assert rec.items == () and len(rec.unanswered) == 9


def test_a_guide_whose_items_item_lines_already_answered_is_ambiguous(tmp_path: Path) -> None:
    paid = K.guide("1005", [K.item("1", "40301630", "2023-10-13", "14.20", "14.20")])
    rec = run(tmp_path, [paid, whole("1005", "0.00", informed="14.20")])
    assert [(i.statement_guide, i.verdict) for i in rec.items] == [("1005", Verdict.PAID)]
    [line] = rec.unmatched
    assert line.problem is MatchProblem.AMBIGUOUS and line.candidates == 1


def test_the_appeal_of_a_guide_denied_whole_is_valid_and_names_each_item_sent(
    tmp_path: Path,
) -> None:
    """Through the real statement reader: the XML guide has motivoGlosaGuia 1001 and no
    detalhesGuia. The appeal holds the two contestable items (41.60), each with its sequence,
    date and code from the lot and glosa 1001 from the guide."""
    lot = K.lot_a(tmp_path)
    denied = GuideSpec(
        "1001",
        glosas=(GlosaSpec("1001", None, "NUMERO DA CARTEIRA INVALIDO"),),
        informed=D("161.60"),
        processed=D("161.60"),
        released=D("0.00"),
        denied=D("161.60"),
    )
    spec = StatementSpec(
        protocols=(ProtocolSpec("77", (denied,), protocol="123456"),), registro_ans="999999"
    )
    statement = read_statement(write_statement(tmp_path, spec), xsd_dir=XSD)
    rec = reconcile(statement, [lot], K.options(K.contract(tmp_path)))
    assert [(i.sent.sequence, i.contestable) for i in rec.contestable] == [
        ("1", D("13.20")),
        ("2", D("28.40")),
    ]
    appeal = build_appeal(
        rec, statement, read_lot_info(lot), number="REC-9", day=date(2023, 11, 20), lang="pt"
    )
    data = write_appeal(appeal, "4.01.00", xsd_dir=XSD)  # validated against the official set
    root = etree.fromstring(data)
    items = root.findall(".//ans:itensGuia", NS)
    assert [
        (
            i.findtext("ans:sequencialItem", namespaces=NS),
            i.findtext("ans:dataInicio", namespaces=NS),
            i.findtext("ans:procRecurso/ans:codigoProcedimento", namespaces=NS),
            i.findtext("ans:codGlosaItem", namespaces=NS),
            i.findtext("ans:valorRecursado", namespaces=NS),
        )
        for i in items
    ] == [
        ("1", "2023-10-10", "40304361", "1001", "13.20"),
        ("2", "2023-10-10", "40301630", "1001", "28.40"),
    ]
    assert root.findtext(".//ans:valorTotalRecursado", namespaces=NS) == "41.60"


def test_an_item_line_answers_its_item_wherever_the_guide_with_no_lines_stands(
    tmp_path: Path,
) -> None:
    """Guide 1001 twice: an item line paying seq 1 (13.20), and an entry with no lines released
    0.00 for the other two (informed and denied 28.40 + 120.00 = 148.40). Whichever comes first,
    and in one protocol or two, seq 1 is paid and only seq 2 and 3 are denied."""
    line = K.guide("1001", [K.item("1", "40304361", "2023-10-10", "13.20", "13.20")])
    rest = whole("1001", "0.00", informed="148.40", denied="148.40")
    orders = [
        [K.protocol([line, rest])],
        [K.protocol([rest, line])],
        [K.protocol([rest], number="P1"), K.protocol([line], number="P2")],
    ]
    for protocols in orders:
        rec = reconcile(
            K.statement(protocols), [K.lot_a(tmp_path)], K.options(K.contract(tmp_path))
        )
        got = sorted((i.sent.sequence, i.verdict, i.contestable) for i in rec.items)
        assert got == [
            ("1", Verdict.PAID, D("0.00")),
            ("2", Verdict.CONTESTABLE, D("28.40")),
            ("3", Verdict.FORESEEABLE, D("0.00")),
        ]
        assert rec.unmatched == ()
        t = rec.totals
        assert (t.released, t.denied, t.recoverable) == (D("13.20"), D("148.40"), D("28.40"))


def test_released_nothing_with_no_glosa_and_nothing_denied_is_a_guide_under_analysis(
    tmp_path: Path,
) -> None:
    rec = run(tmp_path, [whole("1001", "0.00", glosas=(), informed="161.60", denied="0.00")])
    assert rec.items == () and len(rec.unanswered) == 9
    [line] = rec.unmatched
    assert line.problem is MatchProblem.GUIDE_ONLY


def test_guide_totals_that_cover_other_items_deny_none_of_them(tmp_path: Path) -> None:
    # informed and denied 13.20, but guide 1001 was sent at 161.60: which item is it?
    rec = run(tmp_path, [whole("1001", "0.00", informed="13.20", denied="13.20")])
    assert rec.items == ()
    assert [u.problem for u in rec.unmatched] == [MatchProblem.GUIDE_ONLY]


def test_the_ledger_figures_count_a_guide_denied_whole_when_the_protocol_gives_no_total(
    tmp_path: Path,
) -> None:
    """valorGlosaProtocolo is optional: the protocol's denied value is then its lines' sum, the
    guide with no lines by its own total (161.60), beside the 41.60 contestable in it."""
    denied = whole("1001", "0.00", informed="161.60", denied="161.60")
    protocol = replace(K.protocol([denied], number="123456", lot_number="77"), denied=None)
    st = K.statement([protocol])
    rec = reconcile(st, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))
    [figures] = statement_record(st, rec).lots
    assert (figures.released, figures.denied, figures.contestable) == (
        D("0.00"),
        D("161.60"),
        D("41.60"),
    )
