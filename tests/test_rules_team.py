"""team.missing and team.conflict."""

from __future__ import annotations

from pathlib import Path

import pytest

from rule_cases import honorarios, line_of, lot, member, proc, run, sadt, triples

CODES = ("team.missing", "team.conflict")
SURGEON, ASSISTANT = "52998224725", "11144477735"


def _int_member(degree: str, cpf: str) -> str:
    return f"<ans:identEquipe>{member(degree, cpf, tag='identificacaoEquipe')}</ans:identEquipe>"


def _hon_member(degree: str, cpf: str) -> str:
    return member(degree, cpf, tag="profissionais", degree_tag="grauParticipacao")


def _int(*procs: str) -> str:
    return sadt("I1", procs, tag="guiaResumoInternacao")


def _hon(*procs: str) -> str:
    return honorarios("H1", procs, "100.00")


CHOLE = "31005497"  # TUSS chapter 3: surgical and invasive

# (id, guides, expected (code, guide, item))
CASES = [
    ("internacao-surgery-with-team", _int(proc(1, CHOLE, team=[_int_member("00", SURGEON)])), []),
    (
        "internacao-surgery-without-team",
        _int(proc(1, CHOLE, team=[_int_member("00", SURGEON)]), proc(2, CHOLE, day="2023-10-21")),
        [("team.missing", "I1", "2")],
    ),
    ("internacao-exam-without-team", _int(proc(1, "40304361")), []),
    ("internacao-fee-without-team", _int(proc(1, "60023058", table="18")), []),
    ("sadt-surgery-without-team", sadt("S1", [proc(1, CHOLE)]), []),
    (
        "honorarios-with-profissionais",
        _hon(proc(1, CHOLE, tag="procedimentoRealizado", team=[_hon_member("00", SURGEON)])),
        [],
    ),
    (
        "honorarios-without-profissionais",
        _hon(proc(1, "40304361", tag="procedimentoRealizado")),
        [("team.missing", "H1", "1")],
    ),
    (
        "two-degrees-one-line",
        sadt("S1", [proc(1, CHOLE, team=[member("00", SURGEON), member("01", SURGEON)])]),
        [("team.conflict", "S1", "1")],
    ),
    (
        "two-degrees-two-lines",
        sadt(
            "S1",
            [
                proc(1, CHOLE, team=[member("00", SURGEON)]),
                proc(2, CHOLE, team=[member("01", SURGEON)]),
            ],
        ),
        [("team.conflict", "S1", "2")],
    ),
    (
        "two-professionals",
        sadt(
            "S1",
            [
                proc(1, CHOLE, team=[member("00", SURGEON)]),
                proc(2, CHOLE, team=[member("01", ASSISTANT)]),
            ],
        ),
        [],
    ),
    (
        "same-professional-other-procedure",
        sadt(
            "S1",
            [
                proc(1, CHOLE, team=[member("00", SURGEON)]),
                proc(2, "31005470", team=[member("01", SURGEON)]),
            ],
        ),
        [],
    ),
    (
        "same-professional-other-day",
        sadt(
            "S1",
            [
                proc(1, CHOLE, team=[member("00", SURGEON)]),
                proc(2, CHOLE, day="2023-10-21", team=[member("01", SURGEON)]),
            ],
        ),
        [],
    ),
]


@pytest.mark.parametrize(("guides", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_team(tmp_path: Path, guides: str, expected: list[tuple[str, str, str]]) -> None:
    assert triples(run(tmp_path, lot(guides)), CODES) == expected


def test_locations(tmp_path: Path) -> None:
    xml = lot(
        _int(proc(1, CHOLE))
        + sadt(
            "S1",
            [
                proc(1, CHOLE, team=[member("00", SURGEON)]),
                proc(2, CHOLE, team=[member("01", SURGEON)]),
            ],
        )
    )
    findings = {f.code: f for f in run(tmp_path, xml) if f.code in CODES}
    assert findings["team.missing"].line == line_of(xml, "<ans:procedimentoExecutado>")
    assert findings["team.missing"].glosa == "3285"
    # the conflicting member's degree, in the second line of S1 (the third procedimentoExecutado)
    assert findings["team.conflict"].line == line_of(xml, "<ans:grauPart>01</ans:grauPart>")
    assert (findings["team.conflict"].xpath or "").endswith(
        "/ans:procedimentoExecutado[2]/ans:equipeSadt[1]/ans:grauPart"
    )
    assert (findings["team.conflict"].expected, findings["team.conflict"].found) == ("00", "01")
