"""The ``eligibility`` rule: table-driven cases against a roster built by hand.

Each case is one guide of one lot, checked through the engine with ``CheckOptions(eligibility=)``;
the expected findings (code, guide, item, glosa, a piece of the Portuguese message) are worked
out from the roster below and the boundaries the rule documents:

* the exclusion day is the first day without coverage (care ON it is refused);
* a suspension includes both its days; the card is valid through ``card_valid_until``;
* an agreement is active from its activation day (included) to its rescission day (excluded);
* at most one date finding per item: inactive, then excluded, suspended, card expired.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from lotcheck.eligibility.types import (
    AdhesionStatus,
    Agreement,
    Beneficiary,
    Eligibility,
)

from rule_cases import line_of, lot, odonto, odonto_line, proc, run, sadt

D = date.fromisoformat

AGREEMENTS = {
    "AC1": Agreement(
        "AC1",
        "Prefeitura A",
        signed=D("2023-01-10"),
        activated=D("2023-03-01"),
        suspensions=((D("2023-10-05"), D("2023-10-10")),),
    ),
    "AC2": Agreement("AC2", "Prefeitura B", signed=D("2023-08-01")),  # never reached 50 %
    "AC3": Agreement(
        "AC3", "Prefeitura C", D("2023-01-01"), D("2023-02-01"), rescinded=D("2023-10-15")
    ),
    "AC4": Agreement("AC4", "Prefeitura D", signed=D("2023-11-01"), activated=D("2023-11-20")),
}


def _ben(card: str, **fields: object) -> Beneficiary:
    """A direct member effective since 2023-01-01, with ``fields`` changed."""
    return replace(Beneficiary(card, effective=D("2023-01-01")), **fields)


BENEFICIARIES = [
    _ben("0001"),
    _ben("0002", excluded=D("2023-10-15"), status=AdhesionStatus.EXCLUDED),
    _ben("0003", suspensions=((D("2023-10-01"), D("2023-10-12")),)),
    _ben("0004", card_valid_until=D("2023-10-14")),
    _ben("0005", segments=frozenset({"ambulatorial", "hospitalar"})),
    _ben("0006", segments=frozenset({"odontologico"})),
    _ben("0007", agreement="AC1", effective=None),
    _ben("0008", agreement="AC2", status=AdhesionStatus.REQUESTED, effective=None),
    _ben("0009", agreement="AC3", effective=D("2023-02-01")),
    _ben("0010", agreement="AC4", effective=None),
    _ben("0011", status=AdhesionStatus.REQUESTED, requested=D("2023-10-01"), effective=None),
    _ben("0012", requested=D("2023-10-02"), effective=D("2023-10-18")),
    _ben("0013", agreement="AC9"),
    _ben("0014", status=AdhesionStatus.EXCLUDED, effective=None),
    _ben("0015", excluded=D("2023-10-15"), card_valid_until=D("2023-10-01")),
    _ben("0016", suspensions=((D("2023-10-01"), None),), agreement="AC1"),
]
ROSTER = Eligibility(
    root="/cadastro",
    agreements=AGREEMENTS,
    beneficiaries={b.card: b for b in BENEFICIARIES},
    waiting={},
    authorizations={},
)
CODES = (
    "eligibility.card_unknown",
    "eligibility.excluded",
    "eligibility.suspended",
    "eligibility.card_expired",
    "eligibility.no_coverage",
    "eligibility.agreement_inactive",
)


def _sadt(card: str, *days: str, tag: str = "guiaSP-SADT") -> str:
    return sadt("G1", [proc(n, day=d) for n, d in enumerate(days, start=1)], card=card, tag=tag)


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


PENDING = (
    "o acordo AC2 (Prefeitura B), assinado em 01/08/2023, ainda não estava ativo (não ativado): "
    "até atingir a adesão mínima, as inscrições são só solicitações de adesão e nenhum serviço "
    "pode ser usado (IN 162/2020 art. 5 §1)"
)

# (id, guide, [(code, item, glosa, piece of the pt message)])
CASES = [
    ("covered", _sadt("0001", "2023-10-20"), []),
    ("card unknown, once per guide", _sadt("0099", "2023-10-20", "2023-10-21"), [
        ("eligibility.card_unknown", None, "1001",
         "A carteira 0099 não consta do cadastro de beneficiários (/cadastro)."),
    ]),
    ("guide without a card", _sadt("", "2023-10-20"), [
        ("eligibility.card_unknown", None, "1001", "A carteira (sem número) não consta"),
    ]),
    # the exclusion day is the first without coverage: the day before passes
    ("excluded: the day before and the day itself", _sadt("0002", "2023-10-14", "2023-10-15"), [
        ("eligibility.excluded", "2", "1006",
         "22/40304361 realizado em 15/10/2023: a carteira 0002 foi excluída do cadastro em "
         "15/10/2023."),
    ]),
    ("excluded without a date", _sadt("0014", "2023-01-02"), [
        ("eligibility.excluded", "1", "1006", "excluída do cadastro (sem data de exclusão"),
    ]),
    # both days of a suspension are inside it
    ("suspended: the last day and the day after", _sadt("0003", "2023-10-12", "2023-10-13"), [
        ("eligibility.suspended", "1", "1016",
         "22/40304361 realizado em 12/10/2023, durante a suspensão do beneficiário de "
         "01/10/2023 a 12/10/2023."),
    ]),
    ("agreement suspended", _sadt("0007", "2023-10-10"), [
        ("eligibility.suspended", "1", "1016",
         "durante a suspensão do acordo AC1 (Prefeitura A) de 05/10/2023 a 10/10/2023."),
    ]),
    ("both suspended, both named", _sadt("0016", "2023-10-06"), [
        ("eligibility.suspended", "1", "1016",
         "durante a suspensão do beneficiário desde 01/10/2023 e a suspensão do acordo AC1 "
         "(Prefeitura A) de 05/10/2023 a 10/10/2023."),
    ]),
    # valid through its last day
    ("card expired: its last day and the day after", _sadt("0004", "2023-10-14", "2023-10-15"), [
        ("eligibility.card_expired", "2", "1017",
         "22/40304361 realizado em 15/10/2023, depois da validade da carteira 0004 (14/10/2023)."),
    ]),
    ("excluded wins over an expired card", _sadt("0015", "2023-10-02", "2023-10-16"), [
        ("eligibility.card_expired", "1", "1017", "depois da validade da carteira 0015"),
        ("eligibility.excluded", "2", "1006", "excluída do cadastro em 15/10/2023"),
    ]),
    ("dental guide without the dental segment",
     odonto("G1", [odonto_line(1, day="2023-10-20")], card="0005"), [
        ("eligibility.no_coverage", None, "1025",
         "O plano da carteira 0005 não cobre a segmentação odontológica, exigida por esta guia "
         "(o plano cobre: ambulatorial, hospitalar)."),
    ]),
    ("SP/SADT without the outpatient segment", _sadt("0006", "2023-10-20", "2023-10-21"), [
        ("eligibility.no_coverage", None, "3097", "não cobre a segmentação ambulatorial"),
    ]),
    ("hospitalization without the hospital segment",
     _sadt("0006", "2023-10-20", tag="guiaResumoInternacao"), [
        ("eligibility.no_coverage", None, "3097", "não cobre a segmentação hospitalar"),
    ]),
    ("consultation without the outpatient segment", _consulta("0006", "2023-10-20"), [
        ("eligibility.no_coverage", None, "3097", "o plano cobre: odontológica"),
    ]),
    ("dental guide, dental segment", odonto("G1", [odonto_line(1)], card="0006"), []),
    # activated on 2023-03-01: the day before, only requests (§1)
    ("before the activation day, and on it", _sadt("0007", "2023-02-28", "2023-03-01"), [
        ("eligibility.agreement_inactive", "1", None,
         "22/40304361 realizado em 28/02/2023, quando o acordo AC1 (Prefeitura A), assinado em "
         "10/01/2023, ainda não estava ativo (ativado só em 01/03/2023)"),
    ]),
    ("never activated: every item", _sadt("0008", "2023-10-20", "2023-10-21"), [
        ("eligibility.agreement_inactive", "1", None, PENDING),
        ("eligibility.agreement_inactive", "2", None, PENDING),
    ]),
    # AC2 (signed 2023-08-01, 3-month window) never reached 50 %: agreement_state says it is
    # rescinded on the window's last day, 2023-11-01, and the rule words that state (it used to
    # keep its own copy, which read an agreement built without its derived dates as pending)
    ("never activated: rescinded on the window's last day", _sadt("0008", "2023-10-31", "2023-11-01"), [
        ("eligibility.agreement_inactive", "1", None, PENDING),
        ("eligibility.agreement_inactive", "2", None,
         "quando o acordo AC2 (Prefeitura B) estava rescindido desde 01/11/2023 "
         "(IN 162/2020 art. 5 §3)."),
    ]),
    ("rescinded: the day before and the day itself", _sadt("0009", "2023-10-14", "2023-10-15"), [
        ("eligibility.agreement_inactive", "2", None,
         "quando o acordo AC3 (Prefeitura C) estava rescindido desde 15/10/2023 "
         "(IN 162/2020 art. 5 §3)."),
    ]),
    ("not signed yet", _sadt("0010", "2023-10-20"), [
        ("eligibility.agreement_inactive", "1", None,
         "o acordo AC4 (Prefeitura D) ainda não tinha sido assinado (assinatura em 01/11/2023"),
    ]),
    ("the beneficiary's own request", _sadt("0011", "2023-10-20"), [
        ("eligibility.agreement_inactive", "1", None,
         "quando a inscrição da carteira 0011 era só uma solicitação de adesão, pedida em "
         "01/10/2023 (IN 162/2020 art. 5 §1)."),
    ]),
    ("before the beneficiary's effective day, and on it", _sadt("0012", "2023-10-17", "2023-10-18"), [
        ("eligibility.agreement_inactive", "1", None,
         "solicitação de adesão, pedida em 02/10/2023, efetivada só em 18/10/2023"),
    ]),
    ("an agreement the roster lacks", _sadt("0013", "2023-10-20"), [
        ("eligibility.agreement_inactive", "1", None,
         "a carteira 0013 pertence ao acordo AC9, que não consta do cadastro de acordos"),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("guide", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_eligibility_cases(
    tmp_path: Path, guide: str, expected: list[tuple[str, str | None, str | None, str]]
) -> None:
    findings = [f for f in run(tmp_path, lot(guide), eligibility=ROSTER) if f.code in CODES]
    got = sorted((f.code, f.guide, f.item, f.glosa) for f in findings)
    assert got == sorted((code, "G1", item, glosa) for code, item, glosa, _ in expected)
    for code, item, _glosa, piece in expected:
        (finding,) = [f for f in findings if (f.code, f.item) == (code, item)]
        assert piece in finding.message, finding.message


def test_without_a_roster_nothing_is_checked(tmp_path: Path) -> None:
    findings = run(tmp_path, lot(_sadt("0099", "2023-10-20")))
    assert not [f for f in findings if f.code.startswith("eligibility.")]


def test_findings_point_at_the_card_and_at_the_items_date(tmp_path: Path) -> None:
    xml = lot(_sadt("0099", "2023-10-20") + _sadt("0002", "2023-10-16").replace("G1", "G2"))
    findings = {f.code: f for f in run(tmp_path, xml, eligibility=ROSTER) if f.code in CODES}
    unknown, excluded = findings["eligibility.card_unknown"], findings["eligibility.excluded"]
    assert unknown.line == line_of(xml, "<ans:numeroCarteira>0099")
    assert unknown.xpath is not None and unknown.xpath.endswith("/ans:numeroCarteira")
    assert (unknown.found, unknown.expected) == ("0099", None)
    assert excluded.line == line_of(xml, "<ans:dataExecucao>2023-10-16")
    assert (excluded.found, excluded.expected) == ("2023-10-16", "2023-10-15")


def test_english_messages(tmp_path: Path) -> None:
    xml = lot(_sadt("0008", "2023-10-20"))
    (finding,) = [f for f in run(tmp_path, xml, eligibility=ROSTER, lang="en") if f.code in CODES]
    assert finding.message == (
        "22/40304361 done on 2023-10-20, when agreement AC2 (Prefeitura B), signed on 2023-08-01, "
        "was not active yet (not activated): until the minimum adhesion is reached, inscriptions "
        "are only adhesion requests and no service may be used (IN 162/2020 art. 5 §1)."
    )
