"""The ``authorization`` rule's checks against the eligibility folder's authorizations.

The lot's provider (``origem``) is ``1``; most guides name ``123`` as their executing provider
(``contratadoExecutante``) after a requester ``777`` (``contratadoSolicitante``), which must not
be taken for the executor. Expected findings are worked out from the authorizations below:

* 5501: to provider 123, 22/40304361 × 2 and 40301630 (any table) × 1, valid through 2023-10-25;
* 5502: to provider 9000, professional 52998224725 linked; 5503: to 9000, nobody linked;
* S7 (a dental senhaAutorizacao): to provider 9000, the dentist with CRO 4321 linked;
* 5504: cancelled; 5506: to 777 (the requester); OP77 (a numeroGuiaOperadora): to provider 1.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.eligibility.types import Authorization, AuthorizationStatus, Eligibility

from rule_cases import expense, line_of, lot, member, odonto, odonto_line, proc, run, sadt

D = date.fromisoformat
CPF = "52998224725"


def _auth(number: str, provider: str, items: dict[str, str], **fields: object) -> Authorization:
    quantities = {code: Decimal(q) for code, q in items.items()}
    return replace(Authorization(number, provider, items=quantities), **fields)


AUTHS = [
    _auth("5501", "123", {"22/40304361": "2", "40301630": "1"}, valid_until=D("2023-10-25")),
    _auth("5502", "9000", {"22/40304361": "5"}, professionals=frozenset({CPF})),
    _auth("5503", "9000", {"22/40304361": "5"}, professionals=frozenset({"11144477735"})),
    _auth("5504", "123", {"22/40304361": "5"}, status=AuthorizationStatus.CANCELLED),
    _auth("5506", "777", {"22/40304361": "5"}),
    _auth("OP77", "1", {"22/40304361": "1"}),
    _auth("S7", "9000", {"00/8040": "1"}, professionals=frozenset({"4321"})),
]
ROSTER = Eligibility("/cadastro", {}, {}, {}, {a.number: a for a in AUTHS})
CODES = (
    "authorization.other_provider",
    "authorization.code_not_authorized",
    "authorization.quantity_exceeded",
    "authorization.cancelled",
    "authorization.expired",
)
PARTIES = (
    "<ans:dadosSolicitante><ans:contratadoSolicitante><ans:codigoPrestadorNaOperadora>777"
    "</ans:codigoPrestadorNaOperadora></ans:contratadoSolicitante></ans:dadosSolicitante>"
    "<ans:dadosExecutante><ans:contratadoExecutante><ans:codigoPrestadorNaOperadora>123"
    "</ans:codigoPrestadorNaOperadora></ans:contratadoExecutante></ans:dadosExecutante>"
)


def _guide(
    number: str,
    password: str,
    procs: list[str],
    *,
    parties: str = PARTIES,
    operator: str | None = None,
    valid: str | None = None,
    expenses: tuple[str, ...] = (),
) -> str:
    extra = parties
    if operator:
        extra = f"<ans:numeroGuiaOperadora>{operator}</ans:numeroGuiaOperadora>{extra}"
    return sadt(
        number,
        procs,
        auth="2023-10-01",
        password=password,
        valid=valid,
        extra=extra,
        expenses=expenses,
    )


def _dental(cro: str) -> str:
    """A guiaOdonto under senhaAutorizacao S7 whose executing dentist has CRO ``cro``."""
    people = (
        "<ans:dadosProfissionaisResponsaveis><ans:croSolic>4321</ans:croSolic>"
        f"<ans:croExec>{cro}</ans:croExec></ans:dadosProfissionaisResponsaveis>"
    )
    guide = odonto("D1", [odonto_line(1)], auth="2024-05-01", password="S7")
    return guide.replace("</ans:dadosBeneficiario>", f"</ans:dadosBeneficiario>{people}")


# (id, guides, [(code, guide, item, glosa, expected, found, piece of the pt message)])
CASES = [
    ("exactly the authorized quantity", [_guide("G1", "5501", [proc(1, qty="2")])], []),
    ("one above the authorized quantity", [_guide("G1", "5501", [proc(1, qty="3")])], [
        ("authorization.quantity_exceeded", "G1", "1", "3210", "2", "3",
         "22/40304361: a autorização 5501 permite 2 e o lote já cobra 3 com esta linha."),
    ]),
    ("across the lot, every line past the quantity", [
        _guide("G1", "5501", [proc(1, qty="1.0000")]),
        _guide("G2", "5501", [proc(1, qty="1.0000")]),
        _guide("G3", "5501", [proc(1, qty="1.0000"), proc(2, qty="1.0000")]),
    ], [
        ("authorization.quantity_exceeded", "G3", "1", "3210", "2", "3", "o lote já cobra 3"),
        ("authorization.quantity_exceeded", "G3", "2", "3210", "2", "4", "o lote já cobra 4"),
    ]),
    ("a code the authorization does not list; a code listed without its table", [
        _guide("G1", "5501", [proc(1, "40301011"), proc(2, "40301630")]),
    ], [
        ("authorization.code_not_authorized", "G1", "1", "2505", "22/40304361, 40301630",
         "22/40301011", "22/40301011 não está entre os códigos da autorização 5501 "
         "(22/40304361, 40301630)."),
    ]),
    ("other expenses are not listed one by one",
     [_guide("G1", "5501", [proc(1)], expenses=(expense(2, "03", "5.00"),))], []),
    ("issued to another provider: once, no item check", [
        _guide("G1", "5503", [proc(1, "40301011"), proc(2)]),
    ], [
        ("authorization.other_provider", "G1", None, "3276", "9000", "123",
         "A autorização 5503 foi emitida para o prestador 9000, e não para o executante desta "
         "guia (123), e nenhum profissional da equipe da guia está vinculado a ela."),
    ]),
    ("another provider, but a linked professional is on the team",
     [_guide("G1", "5502", [proc(1, team=[member("12", CPF)])])], []),
    ("issued to the requester, not the executor", [_guide("G1", "5506", [proc(1)])], [
        ("authorization.other_provider", "G1", None, "3276", "777", "123", "prestador 777"),
    ]),
    ("the lot's provider, found by numeroGuiaOperadora", [
        _guide("G1", "NOPE", [proc(1, qty="2")], parties="", operator="OP77"),
    ], [
        ("authorization.quantity_exceeded", "G1", "1", "3210", "1", "2", "autorização OP77"),
    ]),
    ("a dental guide: the executing dentist is linked", [_dental("4321")], []),
    ("a dental guide: another dentist", [_dental("9999")], [
        # no contratadoExecutante in a dental guide: the lot's provider is named
        ("authorization.other_provider", "D1", None, "3276", "9000", "1", "desta guia (1)"),
    ]),
    ("cancelled: once, nothing else", [_guide("G1", "5504", [proc(1, "40301011")])], [
        ("authorization.cancelled", "G1", None, "1437", None, "5504",
         "A autorização 5504 desta guia foi cancelada pela operadora."),
    ]),
    ("the file's validity: its last day and the day after", [
        _guide("G1", "5501", [proc(1, day="2023-10-25"), proc(2, day="2023-10-26")]),
    ], [
        ("authorization.expired", "G1", "2", "1414", "2023-10-25", "2023-10-26",
         "22/40304361 realizado em 26/10/2023, depois da validade da senha 5501 (25/10/2023)."),
    ]),
    ("the guide's own validity already said it: once", [
        _guide("G1", "5501", [proc(1, day="2023-10-23"), proc(2, day="2023-10-26")],
               valid="2023-10-22"),
    ], [
        ("authorization.expired", "G1", "1", "1414", "2023-10-22", "2023-10-23", "(22/10/2023)"),
        ("authorization.expired", "G1", "2", "1414", "2023-10-22", "2023-10-26", "(22/10/2023)"),
    ]),
    ("numbers the file does not hold", [_guide("G1", "XXXX", [proc(1, "40301011")])], []),
]  # fmt: skip


@pytest.mark.parametrize(("guides", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_authorization_file_cases(
    tmp_path: Path, guides: list[str], expected: list[tuple[object, ...]]
) -> None:
    findings = [
        f for f in run(tmp_path, lot("".join(guides)), eligibility=ROSTER) if f.code in CODES
    ]
    got = sorted(
        ((f.code, f.guide, f.item, f.glosa, f.expected, f.found) for f in findings), key=repr
    )
    assert got == sorted((e[:6] for e in expected), key=repr)
    for code, guide, item, *_, piece in expected:
        (finding,) = [f for f in findings if (f.code, f.guide, f.item) == (code, guide, item)]
        assert str(piece) in finding.message, finding.message


def test_guide_findings_point_at_the_number_that_found_the_authorization(tmp_path: Path) -> None:
    xml = lot(_guide("G1", "5504", [proc(1)]))
    (cancelled,) = [f for f in run(tmp_path, xml, eligibility=ROSTER) if f.code in CODES]
    assert cancelled.line == line_of(xml, "<ans:senha>5504")
    assert cancelled.xpath is not None and cancelled.xpath.endswith("/ans:senha")


def test_without_authorizations_nothing_more_is_checked(tmp_path: Path) -> None:
    xml = lot(_guide("G1", "5504", [proc(1, qty="9", day="2023-12-01")]))
    bare = Eligibility("/cadastro", {}, {}, {}, {})
    for options in ({}, {"eligibility": bare}):
        assert not [f for f in run(tmp_path, xml, **options) if f.code in CODES]


def test_the_reader_keeps_the_executing_provider_not_the_requester(tmp_path: Path) -> None:
    from lotcheck.reader.lot import LotReader

    path = tmp_path / "lote.xml"
    honorarios = (
        "<ans:guiaHonorarios><ans:cabecalhoGuia><ans:registroANS>999999</ans:registroANS>"
        "<ans:numeroGuiaPrestador>H1</ans:numeroGuiaPrestador></ans:cabecalhoGuia>"
        "<ans:localContratado><ans:codigoContratado><ans:codigoNaOperadora>555"
        "</ans:codigoNaOperadora></ans:codigoContratado></ans:localContratado>"
        "<ans:dadosContratadoExecutante><ans:codigonaOperadora>321</ans:codigonaOperadora>"
        "</ans:dadosContratadoExecutante></ans:guiaHonorarios>"
    )
    path.write_text(lot(_guide("G1", "5501", [proc(1)]) + honorarios), "utf-8")
    guides = list(LotReader(path).guides())
    assert [g.executor for g in guides] == ["123", "321"]
