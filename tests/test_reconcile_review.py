"""Defects a demanding user hit in the reconciliation (issue 14's review), each worked out by
hand from the rule and the prices in tests/reconcile_kit.py."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import reconcile_kit as K
from lotcheck.appeal.read import read_appeal
from lotcheck.reconcile.data import reconciliation_data
from lotcheck.reconcile.run import reconcile
from lotcheck.reconcile.types import Reconciliation, Verdict
from lotcheck.render.reconcile_human import render_human
from lotcheck.statement.read import read_statement
from lotcheck.statement.types import Glosa
from test_statement_xml_errors import _error, _line, _text, _write

from lotcheck_testkit import run_cli
from lots import ROOT
from statement_factory import GuideSpec, ItemSpec, ProtocolSpec, StatementSpec, write_statement

D = Decimal
GLOSA = (Glosa("1705", None, None),)


def _columns_that_do_not_add_up(tmp_path: Path) -> Reconciliation:
    """Guide 1001 of lot A, two items whose statement columns do not add up:

    * seq 2 (40301630, sent 28.40 = contract): informed 28.40, released 14.20, but the
      statement's denied column says 0.00; what was informed and not released, 14.20, is
      denied, and contestable (28.40 − 14.20);
    * seq 1 (40304361, sent 13.20 = contract): informed 13.20, denied 13.20 and no released
      value: released is 13.20 − 13.20 = 0.00, contestable 13.20.

    Denied in all: 14.20 + 13.20 = 27.40; released 14.20 + 0.00 = 14.20.
    """
    st = K.statement(
        [
            K.protocol(
                [
                    K.guide(
                        "1001",
                        [
                            K.item(
                                "2",
                                "40301630",
                                "2023-10-10",
                                "28.40",
                                "14.20",
                                "0.00",
                                glosas=GLOSA,
                            ),
                            K.item(
                                "1", "40304361", "2023-10-10", "13.20", None, "13.20", glosas=GLOSA
                            ),
                        ],
                    )
                ]
            )
        ]
    )
    return reconcile(st, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))


def test_each_items_denied_and_released_add_up_to_the_totals_in_every_format(
    tmp_path: Path,
) -> None:
    rec = _columns_that_do_not_add_up(tmp_path)
    assert [i.verdict for i in rec.items] == [Verdict.CONTESTABLE, Verdict.CONTESTABLE]
    assert rec.totals.denied == D("27.40") and rec.totals.released == D("14.20")
    data = reconciliation_data(rec, "en")
    assert [(i["released"], i["denied"]) for i in data["items"]] == [
        ("14.20", "14.20"),
        ("0.00", "13.20"),
    ]
    rows = list(csv.DictReader(io.StringIO(render_human(rec, "csv", lang="en", dialect="comma"))))
    matched = [r for r in rows if r["verdict"] == "contestable"]
    assert [(r["released"], r["denied"]) for r in matched] == [
        ("14.20", "14.20"),
        ("0.00", "13.20"),
    ]
    text = render_human(rec, "text", lang="en")
    assert "released R$ 14.20 · denied R$ 14.20 · to recover R$ 14.20" in text
    assert "released R$ 0.00 · denied R$ 13.20 · to recover R$ 13.20" in text
    page = render_human(rec, "html", lang="en")
    items = page[page.index('id="contestable-items"') :]
    cells = re.findall(r'<td class="num">([^<]*)</td>', items)
    # per row: sent, contracted, released, denied, recoverable
    assert cells[:10] == [
        "R$ 28.40", "R$ 28.40", "R$ 14.20", "R$ 14.20", "R$ 14.20",
        "R$ 13.20", "R$ 13.20", "R$ 0.00", "R$ 13.20", "R$ 13.20",
    ]  # fmt: skip
    json.dumps(data)


def _team_lot(tmp_path: Path) -> Path:
    """One surgery billed three times on one day, as a team: surgeon (00) 100.00, first
    assistant (01) 30.00, anaesthetist (06) 30.00 (the lot's own sequences 1, 2, 3)."""
    item = K.L.sadt_item
    guide = K.L.sadt_guide(
        "4001",
        [
            item(1, "31005497", "2023-10-10", "1", "1.00", "100.00", "100.00", ("00",)),
            item(2, "31005497", "2023-10-10", "1", "1.00", "30.00", "30.00", ("01",)),
            item(3, "31005497", "2023-10-10", "1", "1.00", "30.00", "30.00", ("06",)),
        ],
    )
    return K.write_lot(tmp_path / "lote-equipe.xml", [guide], "99")


def test_a_team_without_sequences_is_told_apart_by_degree_then_by_value(tmp_path: Path) -> None:
    """A 3.02.02 statement has no sequencialItem, and a CSV layout may have none: the same
    surgery on the same day (surgeon, assistant, anaesthetist) is then told apart by the degree
    the statement gives (grauParticipacao), else by the value informed being the value sent.
    Statement (no sequences): 30.00 with degree 06, then 100.00 and 30.00 with no degree."""
    anaesthetist = replace(K.item(None, "31005497", "2023-10-10", "30.00", "30.00"), degree="06")
    surgeon = K.item(None, "31005497", "2023-10-10", "100.00", "100.00")
    assistant = K.item(None, "31005497", "2023-10-10", "30.00", "30.00")
    st = K.statement([K.protocol([K.guide("4001", [anaesthetist, surgeon, assistant])])])
    rec = reconcile(st, [_team_lot(tmp_path)], K.options(None))
    assert not rec.unmatched and not rec.unanswered
    # the anaesthetist by its degree (seq 3); the surgeon by its value, 100.00 (seq 1); the
    # assistant is then the one item left that fits (seq 2)
    assert [(i.item.informed, i.sent.sequence) for i in rec.items] == [
        (D("30.00"), "3"),
        (D("100.00"), "1"),
        (D("30.00"), "2"),
    ]


def test_two_team_items_alike_in_value_and_without_degree_stay_ambiguous(tmp_path: Path) -> None:
    # 30.00 fits seq 2 and seq 3 alike (no degree given): nothing tells them apart
    st = K.statement(
        [K.protocol([K.guide("4001", [K.item(None, "31005497", "2023-10-10", "30.00", "30.00")])])]
    )
    rec = reconcile(st, [_team_lot(tmp_path)], K.options(None))
    (missing,) = rec.unmatched
    assert missing.candidates == 3 and not rec.items


PACK = """format = 1

[pack]
id = "revisao-hemograma"
name = "one hemogram a day"
version = "1"
payers = ["999999"]
valid_from = 2024-01-01

[pack.source]
document = "the payer's manual"
date = 2023-12-15

[[rules]]
id = "HEM-01"
kind = "max_quantity"
description = "At most one hemogram a day."
codes = ["22/40304361"]
max = "1"
per = "day"
severity = "error"
glosa = "3210"
"""


def test_the_appeal_reads_the_contracts_payer_packs_as_reconcile_does(tmp_path: Path) -> None:
    """The bundled cycle, with a payer pack in the contract folder that allows one hemogram a
    day: guide 2024010001 item 5 bills 22/40304361 twice on 15/01/2024, so the pack has a
    finding on it and its cut is foreseeable, no longer contestable (reconcile applies the
    folder's packs, as check does). The appeal must then hold the one item left, guide
    2024070004 item 1, for 321,62 − 300,00 = 21,62, and never the item lotcheck itself flagged."""
    contract = tmp_path / "contrato"
    shutil.copytree(ROOT / "price_tables" / "cbhpm-exemplo", contract)
    (contract / "rules.toml").write_text(PACK, encoding="utf-8")
    statement = ROOT / "examples" / "demonstrativo-cbhpm.xml"
    lot = ROOT / "examples" / "lote-cbhpm-com-erros.xml"
    done = run_cli(
        ["reconcile", str(statement), "--lot", str(lot), "-c", str(contract), "-f", "json"]
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    contestable = [
        (i["guide"], i["statement"]["sequence"])
        for i in data["items"]
        if i["verdict"] == "contestable"
    ]
    assert contestable == [("2024070004", "1")]
    out = tmp_path / "recurso.xml"
    done = run_cli(
        [
            "appeal",
            str(statement),
            "--lot",
            str(lot),
            "-c",
            str(contract),
            "-o",
            str(out),
            "--number",
            "7",
            "--date",
            "2024-08-20",
        ]
    )
    assert done.returncode == 0, done.stderr
    appeal = read_appeal(out).appeal
    assert [(g.number, i.sequence, i.value) for g in appeal.guides for i in g.items] == [
        ("2024070004", "1", D("21.62"))
    ]


def test_the_csv_writes_a_payers_terminal_escapes_as_text(tmp_path: Path) -> None:
    """A payer's CSV can carry control characters (here an xterm title escape in a glosa text
    and a colour escape in a guide number); the CSV report, often printed to a terminal, shows
    them as ``\\x1b`` the way the text report does, never as the bytes themselves."""
    glosa = (Glosa("1705", None, "\x1b]0;pwn\x07 valor"),)
    st = K.statement(
        [
            K.protocol(
                [
                    K.guide(
                        "1001",
                        [K.item("1", "40304361", "2023-10-10", "13.20", "6.60", glosas=glosa)],
                    ),
                    K.guide("9\x1b[31m9", [K.item("1", "40304361", "2023-10-10", "1.00", "1.00")]),
                ]
            )
        ]
    )
    rec = reconcile(st, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))
    for dialect in ("comma", "semicolon"):
        out = render_human(rec, "csv", lang="en", dialect=dialect)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out.replace("\r\n", "\n"))
        assert "\\x1b]0" in out and "9\\x1b[31m9" in out


def test_the_payers_totals_that_do_not_add_up_are_in_the_report(tmp_path: Path) -> None:
    """The statement readers remark a total that is not the sum of its lines (a guide released
    99.00 whose one item, 40304361 of lot A's guide 1001, is released 13.20); the
    reconciliation is what the clerk reads, so the remark must be there, in every format that
    has room for it (text, HTML, JSON), worded in the report's language."""
    spec = StatementSpec(
        protocols=(
            ProtocolSpec(
                "77",
                guides=(
                    GuideSpec(
                        "1001",
                        items=(
                            ItemSpec.paid(
                                "40304361", "13.20", performed=date(2023, 10, 10), sequence=1
                            ),
                        ),
                        released=D("99.00"),
                    ),
                ),
            ),
        )
    )
    path = write_statement(tmp_path, spec, "4.01.00")
    statement = read_statement(path, schema=False)
    assert len(statement.remarks) == 1
    rec = reconcile(statement, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))
    assert rec.count(Verdict.PAID) == 1
    said = "its released value is R$ 99.00, but its one item comes to R$ 13.20"
    assert said in " ".join(render_human(rec, "text", lang="en").split())
    assert said in render_human(rec, "html", lang="en")
    (remark,) = reconciliation_data(rec, "en")["statement"]["remarks"]
    assert said in remark
    assert "valor liberado de R$ 99,00" in reconciliation_data(rec, "pt")["statement"]["remarks"][0]


def test_without_the_xsd_a_value_past_the_cent_is_an_error_not_a_rounding(tmp_path: Path) -> None:
    """The statement's values are st_decimal with two places at most (fractionDigits 2); with
    --no-schema the reader is the last word, and 40.005 read as it is would be shown 40,01 in
    pt, R$ 40.00 in en, and added up unrounded: refused, at its line and element, as the
    table reader refuses a third place. 40.500 is the value 40.5: two places, read."""
    text = _text()
    bad = text.replace("<ans:valorLiberado>40.00<", "<ans:valorLiberado>40.005<", 1)
    error = _error(_write(tmp_path, bad), schema=False)
    assert error.key == "bad_money"
    assert (error.element, error.line) == (
        "valorLiberado",
        _line(text, "<ans:valorLiberado>40.00<"),
    )
    assert "'40.005'" in error.message and "two decimal places" in error.message
    assert "'40.005'" in error.text("pt") and "duas casas" in error.text("pt")
    fine = text.replace("<ans:valorLiberado>40.00<", "<ans:valorLiberado>40.500<", 1)
    read = read_statement(_write(tmp_path, fine), schema=False)
    assert read.protocols[0].guides[0].items[1].released == D("40.5")


def test_a_statement_that_informs_less_than_was_sent_does_not_hide_the_cut(
    tmp_path: Path,
) -> None:
    """Lot A guide 1001 seq 2 sent 2 × 14.20 = 28.40, what the contract pays. The payer's
    statement rewrote it as executed once: qtdExecutada 1, valorInformado 14.20, released
    14.20, no glosa. Nothing looks denied on the statement's own columns, but 28.40 − 14.20 =
    14.20 of what was billed was not paid: not 'paid in full' but contestable for 14.20, and
    the totals' denied says so (sent 28.40 = released 14.20 + denied 14.20)."""
    cut = replace(K.item("2", "40301630", "2023-10-10", "14.20", "14.20", "0.00"), quantity=D("1"))
    st = K.statement([K.protocol([K.guide("1001", [cut])])])
    rec = reconcile(st, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))
    (got,) = rec.items
    assert got.verdict is Verdict.CONTESTABLE and got.contestable == D("14.20")
    assert (rec.totals.sent, rec.totals.released, rec.totals.denied) == (
        D("28.40"),
        D("14.20"),
        D("14.20"),
    )


def test_a_guide_number_a_spreadsheet_stripped_of_its_leading_zeros_is_found(
    tmp_path: Path,
) -> None:
    """A payer's XLSX keeps a guide number as a number, so the lot's 0001001 comes back as
    1001 (a CSV saved from Excel too), its table 00 as 0 and its code 00045017 as 45017: a
    number made of digits compares as a number, as an item's sequence does. The lot's own
    numbers are what the reconciliation shows for it."""
    item = K.L.sadt_item
    guide = K.L.sadt_guide(
        "0001001",
        [
            item(1, "40304361", "2023-10-10", "1", "1.00", "13.20", "13.20"),
            item(2, "00045017", "2023-10-10", "1", "1.00", "27.50", "27.50", table="00"),
        ],
    )
    lot = K.write_lot(tmp_path / "lote-zeros.xml", [guide], "0077")
    st = K.statement(
        [
            K.protocol(
                [
                    K.guide(
                        "1001",
                        [
                            K.item("1", "40304361", "2023-10-10", "13.20", "13.20"),
                            # the payer's own table 00, code 00045017, both kept as numbers
                            K.item(None, "45017", "2023-10-10", "27.50", "27.50", table="0"),
                        ],
                    )
                ],
                lot_number="77",
            )
        ]
    )
    rec = reconcile(st, [lot], K.options(K.contract(tmp_path)))
    assert not rec.unmatched and not rec.unanswered
    assert [(i.verdict, i.sent.guide_number, i.sent.code) for i in rec.items] == [
        (Verdict.PAID, "0001001", "40304361"),
        (Verdict.PAID, "0001001", "00045017"),
    ]


def test_the_appeal_writes_the_lots_own_numbers_when_a_spreadsheet_dropped_their_zeros(
    tmp_path: Path,
) -> None:
    """The statement (a payer's XLSX) says lot 77, guide 1001, item 02 of table 0, code 45017;
    the lot sent says 0077, 0001001, item 2 of table 00, code 00045017: the numbers the payer
    received. The reconciliation matches them (digits compare as numbers), so the appeal must
    not refuse the lot as another one, and must quote them as the lot wrote them. Contestable:
    22/40304361 13.20 − 6.60 = 6.60; 00/00045017 (27.50 by the contract) 27.50 − 0.00."""
    from lotcheck.appeal.build import build_appeal
    from lotcheck.appeal.lot import read_lot_info

    item = K.L.sadt_item
    guide = K.L.sadt_guide(
        "0001001",
        [
            item(1, "40304361", "2023-10-10", "1", "1.00", "13.20", "13.20"),
            item(2, "00045017", "2023-10-10", "1", "1.00", "27.50", "27.50", table="00"),
        ],
    )
    lot = K.write_lot(tmp_path / "lote-zeros.xml", [guide], "0077")
    prices = [("22", "40304361", "13,20"), ("00", "00045017", "27,50")]
    contract = K.load_contract(K.L.write_contract(tmp_path / "c", {"2023-10-01": prices}))
    cut = K.item("1", "40304361", "2023-10-10", "13.20", "6.60", glosas=GLOSA)
    denied = K.item("02", "45017", "2023-10-10", "27.50", "0.00", glosas=GLOSA, table="0")
    st = K.statement([K.protocol([K.guide("1001", [cut, denied])], lot_number="77", number="123")])
    rec = reconcile(st, [lot], K.options(contract))
    info = read_lot_info(lot)
    appeal = build_appeal(rec, st, info, number="1", day=date(2023, 11, 1), lang="en")
    assert appeal.lot_number == "0077"
    assert [
        (g.number, [(i.sequence, i.table, i.code, i.value) for i in g.items]) for g in appeal.guides
    ] == [
        (
            "0001001",
            [("1", "22", "40304361", D("6.60")), ("2", "00", "00045017", D("27.50"))],
        )
    ]


def test_a_negative_release_is_not_contestable_for_more_than_the_contract_pays(
    tmp_path: Path,
) -> None:
    """The XSD's st_decimal admits a negative valorLiberado (a payer's reversal of an earlier
    payment). Lot A guide 1001 seq 1 is worth 13.20 by the contract; released −5.00 made it
    'contestable' for 13.20 − (−5.00) = 18.20, more than the item is worth, and the appeal
    would claim it. A reversal is not a cut lotcheck can judge: unchecked, nothing to appeal."""
    reversal = K.item("1", "40304361", "2023-10-10", "13.20", "-5.00", glosas=GLOSA)
    st = K.statement([K.protocol([K.guide("1001", [reversal])])])
    rec = reconcile(st, [K.lot_a(tmp_path)], K.options(K.contract(tmp_path)))
    (got,) = rec.items
    assert (got.verdict, got.contestable) == (Verdict.UNCHECKED, D("0.00"))
    assert rec.totals.recoverable == D("0.00")


def test_an_item_released_above_what_was_informed_says_by_how_much(tmp_path: Path) -> None:
    """Overpaid is released above the contract or above what was informed. An item sent at
    90.00, under the contract's 100.00 (31005497), released 95.00: overpaid by 95.00 − 90.00 =
    5.00 (what was informed is the lower ceiling). The report said 'overpaid' with no amount,
    since it only looked at the contract's 100.00."""
    item = K.L.sadt_item
    guide = K.L.sadt_guide(
        "5001", [item(1, "31005497", "2023-10-10", "1", "1.00", "90.00", "90.00")]
    )
    lot = K.write_lot(tmp_path / "lote-abaixo.xml", [guide], "55")
    st = K.statement(
        [K.protocol([K.guide("5001", [K.item("1", "31005497", "2023-10-10", "90.00", "95.00")])])]
    )
    rec = reconcile(st, [lot], K.options(K.contract(tmp_path)))
    (got,) = rec.items
    assert got.verdict is Verdict.OVERPAID
    assert "overpaid by R$ 5.00" in " ".join(render_human(rec, "text", lang="en").split())
