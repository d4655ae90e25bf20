"""A reconciliation built by hand for the tests of its human reports (text, HTML, CSV).

Every verdict, an unmatched item of each kind that matters (no guide, ambiguous) and an item
sent that the statement does not mention, in two lots, two protocols, two service types and four
guides. The totals are added up by hand below, item by item, not by the code under test; the
reports must show exactly these figures.

Items (lot side: sent, contracted; statement side: released, denied):

==  =========  ===========  ==============  ========  ==========  ========  ======  ===========
#   guide      item, code    verdict          sent    contracted  released  denied  contestable
==  =========  ===========  ==============  ========  ==========  ========  ======  ===========
1   2023100011 1 40304361    paid              13.20       13.20     13.20    0.00         0.00
2   2023100011 2 40302040    paid            1250.00     1250.00   1250.00    0.00         0.00
3   2023100011 3 40301630    contestable      100.00      100.00      0.00  100.00       100.00
4   2023100012 1 31005497    contestable     1942.50     1942.50   1500.00  442.50       442.50
5   2023100012 2 40399999    foreseeable       50.00          —       0.00   50.00         0.00
6   2023100013 1 10101012    unchecked        120.00      120.00      0.00  120.00         0.00
7   2023100014 1 10101012    overpaid         120.00      120.00    150.00    0.00         0.00
==  =========  ===========  ==============  ========  ==========  ========  ======  ===========

Items 1–5 are SP/SADT (lot 1002, protocol 5550001), 6–7 consultations (lot 1003, protocol
5550002). Totals of the matched items:

* sent 13.20 + 1250.00 + 100.00 + 1942.50 + 50.00 + 120.00 + 120.00 = 3595.70
* contracted (the priced ones: all but item 5) 3595.70 − 50.00 = 3545.70
* released 13.20 + 1250.00 + 1500.00 + 150.00 = 2913.20
* denied 100.00 + 442.50 + 50.00 + 120.00 = 712.50
* recoverable 100.00 + 442.50 = 542.50

By service type: consultas (6, 7) sent 240.00, contracted 240.00, released 150.00, denied
120.00, recoverable 0.00; sadt (1–5) sent 3355.70, contracted 3305.70, released 2763.20,
denied 592.50, recoverable 542.50. By guide: 2023100011 (1–3) 1363.20 / 1363.20 / 1263.20 /
100.00 / 100.00; 2023100012 (4, 5) 1992.50 / 1942.50 / 1500.00 / 492.50 / 442.50; 2023100013
(6) 120.00 / 120.00 / 0.00 / 120.00 / 0.00; 2023100014 (7) 120.00 / 120.00 / 150.00 / 0.00 /
0.00.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from lotcheck.messages import Msg
from lotcheck.reconcile.types import (
    GuideTotals,
    MatchProblem,
    ReconciledItem,
    Reconciliation,
    SentItem,
    Totals,
    UnmatchedItem,
    Verdict,
)
from lotcheck.statement.types import Glosa, StatementItem

D = Decimal
LOT_1002 = "lotes/lote-1002.xml"
LOT_1003 = "lotes/lote-1003.xml"
#: the finding the check had on item 5, in each language (the reconciliation carries the
#: findings already worded in the report's language)
UNKNOWN_CODE_MESSAGE = {
    "pt": "O código 22/40399999 não consta da tabela contratada vigente em 15/10/2023 "
    "(versão de 02/10/2023).",
    "en": "Code 22/40399999 is not in the contracted table in force on 2023-10-15 "
    "(version of 2023-10-02).",
}


def formula(price: str) -> Msg:
    """The pricing stage's explanation of a list price in force from 2023-10-02, at 100%."""
    return Msg("fragment.formula.list", {"version": "2023-10-02", "price": price, "pct": "100"})


def sent_item(
    *,
    lot: str,
    guide: str,
    service: str,
    sequence: str,
    code: str,
    day: date,
    sent: str,
    expected: str | None,
    line: int,
    table: str = "22",
    description: str | None = None,
    findings: tuple[tuple[str, str], ...] = (),
    explained: bool = True,
) -> SentItem:
    return SentItem(
        lot_path=lot,
        lot_number=lot[-8:-4],
        tiss_version="4.01.00",
        guide_number=guide,
        operator_number=None,
        password=None,
        card=None,
        service=service,
        sequence=sequence,
        table=table,
        code=code,
        description=description,
        date=day,
        degree=None,
        quantity=D("1"),
        sent=D(sent),
        expected=None if expected is None else D(expected),
        line=line,
        xpath=f"/ans:mensagemTISS/guia[{guide}]/item[{sequence}]",
        findings=findings,
        explanation=formula(expected) if expected is not None and explained else None,
    )


def statement_item(
    sent: SentItem, *, released: str, denied: str, line: int, glosas: tuple[Glosa, ...] = ()
) -> StatementItem:
    return StatementItem(
        sequence=sent.sequence,
        date=sent.date,
        table=sent.table,
        code=sent.code,
        description=sent.description,
        degree=None,
        quantity=D("1"),
        informed=sent.sent,
        processed=sent.sent,
        released=D(released),
        denied=D(denied),
        glosas=glosas,
        line=line,
    )


def matched(
    verdict: Verdict,
    sent: SentItem,
    *,
    released: str,
    denied: str,
    line: int,
    protocol: str,
    glosas: tuple[Glosa, ...] = (),
    contestable: str = "0.00",
) -> ReconciledItem:
    return ReconciledItem(
        verdict=verdict,
        item=statement_item(sent, released=released, denied=denied, line=line, glosas=glosas),
        sent=sent,
        protocol=protocol,
        statement_guide=sent.guide_number,
        statement_operator_guide=None,
        glosas=glosas,
        contestable=D(contestable),
    )


OCT10, OCT15, OCT20, OCT21 = (
    date(2023, 10, 10),
    date(2023, 10, 15),
    date(2023, 10, 20),
    date(2023, 10, 21),
)
GLOSA_1705 = Glosa("1705", D("100.00"), "VALOR APRESENTADO A MAIOR")


def items(lang: str = "pt") -> tuple[ReconciledItem, ...]:
    g11 = {"lot": LOT_1002, "guide": "2023100011", "service": "sadt"}
    g12 = {"lot": LOT_1002, "guide": "2023100012", "service": "sadt"}
    g13 = {"lot": LOT_1003, "guide": "2023100013", "service": "consultas"}
    g14 = {"lot": LOT_1003, "guide": "2023100014", "service": "consultas"}
    p1, p2 = "5550001", "5550002"
    return (
        matched(
            Verdict.PAID,
            sent_item(**g11, sequence="1", code="40304361", day=OCT10, sent="13.20",
                      expected="13.20", line=83, description="HEMOGRAMA COMPLETO"),
            released="13.20", denied="0.00", line=40, protocol=p1,
        ),
        matched(
            Verdict.PAID,
            sent_item(**g11, sequence="2", code="40302040", day=OCT10, sent="1250.00",
                      expected="1250.00", line=101),
            released="1250.00", denied="0.00", line=46, protocol=p1,
        ),
        matched(
            Verdict.CONTESTABLE,
            sent_item(**g11, sequence="3", code="40301630", day=OCT10, sent="100.00",
                      expected="100.00", line=120),
            released="0.00", denied="100.00", line=52, protocol=p1,
            glosas=(GLOSA_1705,), contestable="100.00",
        ),
        matched(
            Verdict.CONTESTABLE,
            sent_item(**g12, sequence="1", code="31005497", day=OCT15, sent="1942.50",
                      expected="1942.50", line=202),
            released="1500.00", denied="442.50", line=60, protocol=p1,
            glosas=(Glosa("1705", D("442.50"), None),), contestable="442.50",
        ),
        matched(
            Verdict.FORESEEABLE,
            sent_item(**g12, sequence="2", code="40399999", day=OCT15, sent="50.00",
                      expected=None, line=230,
                      findings=(("table.code_unknown", UNKNOWN_CODE_MESSAGE[lang]),)),
            released="0.00", denied="50.00", line=66, protocol=p1,
            glosas=(Glosa("1801", D("50.00"), "PROCEDIMENTO INVÁLIDO"),),
        ),
        matched(
            Verdict.UNCHECKED,
            sent_item(**g13, sequence="1", code="10101012", day=OCT20, sent="120.00",
                      expected="120.00", line=30, explained=False),
            released="0.00", denied="120.00", line=80, protocol=p2,
            glosas=(Glosa("1426", None, "NÃO AUTORIZADO PELA AUDITORIA"),),
        ),
        matched(
            Verdict.OVERPAID,
            sent_item(**g14, sequence="1", code="10101012", day=OCT21, sent="120.00",
                      expected="120.00", line=60),
            released="150.00", denied="0.00", line=88, protocol=p2,
        ),
    )  # fmt: skip


def unmatched() -> tuple[UnmatchedItem, ...]:
    no_guide = StatementItem(
        sequence="1",
        date=date(2023, 10, 22),
        table="22",
        code="10101012",
        description=None,
        degree=None,
        quantity=D("1"),
        informed=D("120.00"),
        processed=D("120.00"),
        released=D("0.00"),
        denied=D("120.00"),
        glosas=(),
        line=94,
    )
    ambiguous = StatementItem(
        sequence=None,
        date=OCT10,
        table="22",
        code="40304361",
        description=None,
        degree=None,
        quantity=D("1"),
        informed=D("13.20"),
        processed=D("13.20"),
        released=D("13.20"),
        denied=None,  # none given: the denied value is informed − released = 0.00
        glosas=(),
        line=100,
    )
    return (
        UnmatchedItem(MatchProblem.NO_GUIDE, no_guide, "5550002", "2023109999", None, ()),
        UnmatchedItem(
            MatchProblem.AMBIGUOUS, ambiguous, "5550001", "2023100011", None, (), candidates=2
        ),
    )


def unanswered() -> tuple[SentItem, ...]:
    return (
        sent_item(
            lot=LOT_1003,
            guide="2023100013",
            service="consultas",
            sequence="2",
            code="40304361",
            day=OCT20,
            sent="26.40",
            expected="26.40",
            line=48,
        ),
    )


def totals(
    sent: str, contracted: str | None, released: str, denied: str, rec: str, n: int
) -> Totals:
    return Totals(
        D(sent), None if contracted is None else D(contracted), D(released), D(denied), D(rec), n
    )


def reconciliation(lang: str = "pt") -> Reconciliation:
    return Reconciliation(
        statement_path="retorno/demonstrativo-2023-10.xml",
        statement_key="123456:778899",
        statement_form="xml",
        registro_ans="123456",
        operator_name="IPSM Saúde",
        statement_number="778899",
        issued=date(2023, 11, 5),
        lots=(LOT_1002, LOT_1003),
        contract="IPSM exemplo",
        items=items(lang),
        unmatched=unmatched(),
        unanswered=unanswered(),
        totals=totals("3595.70", "3545.70", "2913.20", "712.50", "542.50", 7),
        by_service=(
            ("consultas", totals("240.00", "240.00", "150.00", "120.00", "0.00", 2)),
            ("sadt", totals("3355.70", "3305.70", "2763.20", "592.50", "542.50", 5)),
        ),
        by_guide=(
            GuideTotals(
                "2023100011",
                None,
                "5550001",
                LOT_1002,
                totals("1363.20", "1363.20", "1263.20", "100.00", "100.00", 3),
            ),
            GuideTotals(
                "2023100012",
                None,
                "5550001",
                LOT_1002,
                totals("1992.50", "1942.50", "1500.00", "492.50", "442.50", 2),
            ),
            GuideTotals(
                "2023100013",
                None,
                "5550002",
                LOT_1003,
                totals("120.00", "120.00", "0.00", "120.00", "0.00", 1),
            ),
            GuideTotals(
                "2023100014",
                None,
                "5550002",
                LOT_1003,
                totals("120.00", "120.00", "150.00", "0.00", "0.00", 1),
            ),
        ),
    )


def with_many_paid(count: int) -> Reconciliation:
    """The same statement with ``count`` paid items only (each R$ 10,00 sent and released):
    past :data:`~lotcheck.render.reconcile_parts.PAID_LISTED` they are only counted."""
    paid = tuple(
        matched(
            Verdict.PAID,
            sent_item(
                lot=LOT_1002,
                guide="2023100011",
                service="sadt",
                sequence=str(n),
                code="40304361",
                day=OCT10,
                sent="10.00",
                expected="10.00",
                line=80 + n,
            ),
            released="10.00",
            denied="0.00",
            line=40 + n,
            protocol="5550001",
        )
        for n in range(1, count + 1)
    )
    total = D("10.00") * count
    sums = Totals(total, total, total, D("0.00"), D("0.00"), count)
    return replace(
        reconciliation(),
        items=paid,
        unmatched=(),
        unanswered=(),
        totals=sums,
        by_service=(("sadt", sums),),
        by_guide=(GuideTotals("2023100011", None, "5550001", LOT_1002, sums),),
    )
