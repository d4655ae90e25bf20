"""The ``waiting`` rule: table-driven cases against waiting periods written by hand.

A period of N days starting on S holds S .. S+N-1 (S is day 1); S+N is the first covered day.
Plan P1's periods, for a beneficiary effective on 2023-10-01 (so each ends on the date noted):

* exames, 30 days, code 22/40304361, any character: inside through 2023-10-30;
* cirurgias, 180 days, codes 30000000-39999999: through 2024-03-28 (Oct 30 + Nov 30 + Dec 31 +
  Jan 31 + Feb 29 + Mar 28 = 179 days after the first);
* urgencia, 1 day, urgency guides, any code: 2023-10-01 only;
* consultas, 60 days, consulta guides: through 2023-11-29;
* geral, 10 days, elective, any code: through 2023-10-10;
* internacao, 90 days, code 40304361 (any table), internação guides: through 2023-12-29.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lotcheck.eligibility.types import (
    Agreement,
    Beneficiary,
    Character,
    Eligibility,
    WaitingPeriod,
)

from rule_cases import line_of, lot, proc, run, sadt

D = date.fromisoformat

PERIODS = [
    WaitingPeriod("P1", "exames", 30, codes=frozenset({"22/40304361"})),
    WaitingPeriod("P1", "cirurgias", 180, ranges=(("30000000", "39999999"),)),
    WaitingPeriod("P1", "urgencia", 1, character=Character.URGENCY),
    WaitingPeriod("P1", "consultas", 60, guide_types=frozenset({"consulta"})),
    WaitingPeriod("P1", "geral", 10, character=Character.ELECTIVE),
    WaitingPeriod(
        "P1",
        "internacao",
        90,
        guide_types=frozenset({"guiaResumoInternacao"}),
        codes=frozenset({"40304361"}),
    ),
]
ROSTER = Eligibility(
    root="/cadastro",
    agreements={"AC1": Agreement("AC1", "Prefeitura A", D("2023-09-01"), D("2023-10-11"))},
    beneficiaries={
        b.card: b
        for b in [
            Beneficiary("0001", plan="P1", effective=D("2023-10-01")),
            Beneficiary("0002", plan="P1", agreement="AC1", effective=D("2023-10-01")),
            Beneficiary("0003", effective=D("2023-10-01")),  # no plan
            Beneficiary("0004", plan="P2", effective=D("2023-10-01")),  # a plan without periods
            Beneficiary("0005", plan="P1"),  # no effective date, no agreement: no start
        ]
    },
    waiting={"P1": PERIODS},
    authorizations={},
)
URGENT = "<ans:dadosSolicitacao><ans:caraterAtendimento>2</ans:caraterAtendimento></ans:dadosSolicitacao>"


def _sadt(card: str, code: str, *days: str, extra: str = "", tag: str = "guiaSP-SADT") -> str:
    procs = [proc(n, code, day=d) for n, d in enumerate(days, start=1)]
    return sadt("G1", procs, card=card, extra=extra, tag=tag)


def _consulta(card: str, day: str) -> str:
    return (
        "<ans:guiaConsulta><ans:cabecalhoConsulta><ans:registroANS>999999</ans:registroANS>"
        "<ans:numeroGuiaPrestador>G1</ans:numeroGuiaPrestador></ans:cabecalhoConsulta>"
        f"<ans:dadosBeneficiario><ans:numeroCarteira>{card}</ans:numeroCarteira>"
        f"</ans:dadosBeneficiario><ans:dadosAtendimento><ans:dataAtendimento>{day}"
        "</ans:dataAtendimento><ans:tipoConsulta>1</ans:tipoConsulta><ans:procedimento>"
        "<ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>10101012"
        "</ans:codigoProcedimento><ans:valorProcedimento>100.00</ans:valorProcedimento>"
        "</ans:procedimento></ans:dadosAtendimento></ans:guiaConsulta>"
    )


def _says(days: str, group: str, start: str, end: str, covered: str) -> str:
    return (
        f"dentro da carência de {days} do grupo {group} do plano P1 (de {start} a {end}; "
        f"coberto a partir de {covered})."
    )


# (id, guide, [(item, expected (first covered day), piece of the pt message)])
CASES = [
    ("exames: the last day inside and the first covered",
     _sadt("0001", "40304361", "2023-10-30", "2023-10-31"),
     [("1", "2023-10-31", "22/40304361 realizado em 30/10/2023, "
       + _says("30 dias", "exames", "01/10/2023", "30/10/2023", "31/10/2023"))]),
    ("cirurgias by range: 180 days",
     _sadt("0001", "31005497", "2024-03-28", "2024-03-29"),
     [("1", "2024-03-29", _says("180 dias", "cirurgias", "01/10/2023", "28/03/2024", "29/03/2024"))]),
    ("a code of another length is outside the range", _sadt("0001", "3100549", "2023-10-05"),
     [("1", "2023-10-11", "do grupo geral")]),
    ("urgency: one day, singular", _sadt("0001", "40301630", "2023-10-01", "2023-10-02", extra=URGENT),
     [("1", "2023-10-02", _says("1 dia", "urgencia", "01/10/2023", "01/10/2023", "02/10/2023"))]),
    # a declared urgency has its own short period (Lei 9.656/98 art. 12 V c): the urgency group
    # (1 day from 01/10: covered from 02/10) applies, not the 30 days of exames (any character)
    ("urgency guide: the urgency group applies, not a longer one of any character",
     _sadt("0001", "40304361", "2023-10-15", extra=URGENT), []),
    ("urgency guide on its first day: inside the urgency period",
     _sadt("0001", "40304361", "2023-10-01", extra=URGENT),
     [("1", "2023-10-02", _says("1 dia", "urgencia", "01/10/2023", "01/10/2023", "02/10/2023"))]),
    ("elective (no character given): geral, last day and the day after",
     _sadt("0001", "40301630", "2023-10-10", "2023-10-11"),
     [("1", "2023-10-11", "do grupo geral")]),
    ("the longest of the matching periods",
     _sadt("0001", "40304361", "2023-10-05", tag="guiaResumoInternacao"),
     [("1", "2023-12-30", _says("90 dias", "internacao", "01/10/2023", "29/12/2023", "30/12/2023"))]),
    ("consulta guides", _consulta("0001", "2023-11-29"),
     [(None, "2023-11-30", "do grupo consultas")]),
    ("consulta: the first covered day", _consulta("0001", "2023-11-30"), []),
    # activation after the effective date: the periods start on the activation (art. 5 §2)
    ("starts at the agreement's activation", _sadt("0002", "40301630", "2023-10-20", "2023-10-21"),
     [("1", "2023-10-21", _says("10 dias", "geral", "11/10/2023", "20/10/2023", "21/10/2023"))]),
    ("before the start is not inside a waiting period", _sadt("0002", "40301630", "2023-10-05"), []),
    ("no plan", _sadt("0003", "40304361", "2023-10-02"), []),
    ("a plan without periods", _sadt("0004", "40304361", "2023-10-02"), []),
    ("no start date known", _sadt("0005", "40304361", "2023-10-02"), []),
    ("a card the roster lacks", _sadt("0099", "40304361", "2023-10-02"), []),
]  # fmt: skip


@pytest.mark.parametrize(("guide", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_waiting_cases(
    tmp_path: Path, guide: str, expected: list[tuple[str | None, str, str]]
) -> None:
    found = [f for f in run(tmp_path, lot(guide), eligibility=ROSTER) if f.code == "waiting.period"]
    got = sorted((f.guide, f.item, f.glosa, f.expected) for f in found)
    assert got == sorted(("G1", item, "3171", covered) for item, covered, _ in expected)
    for item, _covered, piece in expected:
        (finding,) = [f for f in found if f.item == item]
        assert piece in finding.message, finding.message


def test_the_finding_points_at_the_date_and_speaks_english(tmp_path: Path) -> None:
    xml = lot(_sadt("0001", "40304361", "2023-10-30"))
    (finding,) = [
        f for f in run(tmp_path, xml, eligibility=ROSTER, lang="en") if f.code == "waiting.period"
    ]
    assert finding.line == line_of(xml, "<ans:dataExecucao>2023-10-30")
    assert finding.found == "2023-10-30"
    assert finding.message == (
        "22/40304361 done on 2023-10-30, inside the waiting period of 30 days for group exames "
        "of plan P1 (2023-10-01 to 2023-10-30; covered from 2023-10-31)."
    )


def test_without_a_roster_or_periods_nothing_is_checked(tmp_path: Path) -> None:
    xml = lot(_sadt("0001", "40304361", "2023-10-02"))
    assert not [f for f in run(tmp_path, xml) if f.code == "waiting.period"]
    bare = Eligibility("/c", {}, ROSTER.beneficiaries, {}, {})
    assert not [f for f in run(tmp_path, xml, eligibility=bare) if f.code == "waiting.period"]
