"""id.invalid: check digits of CPF, CNPJ and CNS. Every valid number below is worked by hand.

CPF 529.982.247-25: d1 = 5·10+2·9+9·8+9·7+8·6+2·5+2·4+4·3+7·2 = 295, 295 mod 11 = 9 -> 11-9 = 2;
d2 = (…)·11..2 = 347, 347 mod 11 = 6 -> 5.
CNPJ 11.222.333/0001-81: d1 = 102 mod 11 = 3 -> 8; d2 = 120 mod 11 = 10 -> 1.
CNPJ 12.ABC.345/01DE-35 (alphanumeric, value = ord - 48: A=17...): d1 = 459 mod 11 = 8 -> 3;
d2 = 424 mod 11 = 6 -> 5.
CNS 123456789010000: PIS 12345678901 · 15..5 = 440, 440 mod 11 = 0 -> dv 11 -> 0: PIS+000+0.
CNS 123456789100018: PIS 12345678910 · 15..5 = 441, mod 11 = 1 -> dv 10: (441+2) mod 11 = 3 ->
dv 8: PIS+001+8.
CNS 700000000000005 (provisional): 7·15 + 5·1 = 110 = 10·11.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lotcheck.rules.ids import identifier_problem

from rule_cases import line_of, lot, member, proc, run, sadt

CODE = "id.invalid"


def _cnpj(value: str) -> str:
    return (
        "<ans:dadosExecutante><ans:contratadoExecutante>"
        f"<ans:cnpjContratado>{value}</ans:cnpjContratado>"
        "</ans:contratadoExecutante></ans:dadosExecutante>"
    )


def _cns(value: str) -> str:
    return f"<ans:numeroCNS>{value}</ans:numeroCNS>"


def _cpf(value: str) -> list[str]:
    return [member("00", value)]


# (id, guide-level xml, team cpf, expected [(found, glosa)])
CASES = [
    ("valid-cpf", "", "52998224725", []),
    ("cpf-bad-digit", "", "52998224724", [("52998224724", "1206")]),
    ("cpf-zeros", "", "00000000000", [("00000000000", "1206")]),
    ("cpf-repeated-digit", "", "11111111111", [("11111111111", "1206")]),
    ("cpf-short", "", "5299822472", [("5299822472", "1206")]),
    ("valid-cnpj", _cnpj("11222333000181"), None, []),
    ("valid-alphanumeric-cnpj", _cnpj("12ABC34501DE35"), None, []),
    ("cnpj-bad-digit", _cnpj("11222333000182"), None, [("11222333000182", "1206")]),
    ("cnpj-zeros", _cnpj("00000000000000"), None, [("00000000000000", "1206")]),
    ("valid-cns-definitive", _cns("123456789010000"), None, []),
    ("valid-cns-definitive-001", _cns("123456789100018"), None, []),
    ("valid-cns-provisional", _cns("700000000000005"), None, []),
    ("cns-bad-definitive", _cns("123456789010001"), None, [("123456789010001", "1002")]),
    ("cns-bad-middle", _cns("123456789011000"), None, [("123456789011000", "1002")]),
    ("cns-bad-provisional", _cns("700000000000006"), None, [("700000000000006", "1002")]),
    ("cns-bad-first-digit", _cns("300000000000004"), None, [("300000000000004", "1002")]),
    ("cns-zeros", _cns("000000000000000"), None, [("000000000000000", "1002")]),
]


@pytest.mark.parametrize(
    ("extra", "cpf", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_identifiers(
    tmp_path: Path, extra: str, cpf: str | None, expected: list[tuple[str, str]]
) -> None:
    team = _cpf(cpf) if cpf else []
    xml = lot(sadt("G1", [proc(1, team=team)], extra=extra))
    findings = [f for f in run(tmp_path, xml) if f.code == CODE]
    assert [(f.found, f.glosa) for f in findings] == expected
    for finding in findings:
        assert finding.guide == "G1"
        assert finding.line == line_of(xml, f">{finding.found}<")


def test_reported_once_per_guide(tmp_path: Path) -> None:
    bad = "52998224724"
    xml = lot(
        sadt("G1", [proc(1, team=_cpf(bad)), proc(2, "40301630", team=_cpf(bad))])
        + sadt("G2", [proc(1, team=_cpf(bad))], card="2")
    )
    findings = [f for f in run(tmp_path, xml) if f.code == CODE]
    assert [(f.guide, f.line) for f in findings] == [
        ("G1", line_of(xml, f">{bad}<")),
        ("G2", line_of(xml, f">{bad}<", nth=3)),
    ]


@pytest.mark.parametrize(
    ("kind", "value", "valid"),
    [
        ("cpf", "11144477735", True),
        ("cpf", "12345678909", True),
        ("cpf", "1234567890a", False),
        ("cnpj", "11222333000181", True),
        ("cnpj", "12abc34501de35", False),  # letters are upper case
        ("cnpj", "12ABC34501DEX5", False),  # check digits are digits
        ("cnpj", "12ABC34501DE²5", False),  # "²" passes str.isdigit(), not int()
        ("cpf", "1114447773²", False),
        ("cns", "898001160660004", False),  # weighted sum 487 = 44·11 + 3
        ("cns", "12345678901000", False),  # 14 digits
    ],
)
def test_identifier_problem(kind: str, value: str, valid: bool) -> None:
    assert (identifier_problem(kind, value) is None) is valid
