"""Check digits of the CPF, CNPJ and CNS a guide carries.

The ANS refuses a guide whose CPF or CNPJ is invalid (error 1206) or whose Cartão Nacional de
Saúde fails its check digit (error 1002), and payers run the same checks on receipt. A wrong digit
is a typing slip that is cheap to fix before sending and costly after. Each identifier the parser
met in a guide (``cpfContratado``, ``CNPJ``, ``numeroCNS``...) is checked once per guide, at its
first occurrence:

* **CPF**: 11 digits, two mod-11 check digits (Receita Federal).
* **CNPJ**: 14 characters, two mod-11 check digits over the character values (``ord(c) - 48``),
  which also covers the alphanumeric CNPJ the Receita issues from July 2026 (12 letters or digits
  and two digits).
* **CNS**: 15 digits. Definitive numbers start with 1 or 2: the first 11 digits (the PIS) give the
  check digit by mod 11 of the weights 15..5, and the number is ``PIS + "000" + dv`` (or, when the
  first result is 10, ``PIS + "001" + dv`` after adding 2 to the sum). Provisional numbers start
  with 7, 8 or 9: the sum of each digit times 15..1 must be divisible by 11. Other first digits are
  invalid.

Placeholders that some generators write when the value is unknown (``00000000000``, or any single
repeated digit) are invalid too: they pass the CPF arithmetic but identify nobody.

The rule is ``id``, its code's family (it was ``identifiers``, in ``rules/identifiers.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide
from lotcheck.messages import Msg
from lotcheck.rules.base import CheckContext, Rule

CODES = register(
    CodeSpec(
        code="id.invalid",
        severity=Severity.ERROR,
        glosa="1206",
        alt_glosas=("1002",),
        doc="A CPF or CNPJ whose check digits do not match (glosa 1206), or a Cartão Nacional de "
        "Saúde that fails its check (glosa 1002; numbers starting 1/2 and 7/8/9 have different "
        "rules). Zero-filled or single-digit placeholders are invalid too.",
        example="`<ans:cpfContratado>52998224724</ans:cpfContratado>` (the last digit should be "
        "5).",
    ),
)

_LENGTHS = {"cpf": 11, "cnpj": 14, "cns": 15}
_NAMES = {"cpf": "CPF", "cnpj": "CNPJ", "cns": "CNS"}


def _mod11_digit(values: list[int], weights: list[int]) -> int:
    rest = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return 0 if rest < 2 else 11 - rest


def cpf_ok(number: str) -> bool:
    """Whether the two check digits of an 11-digit CPF match."""
    digits = [int(c) for c in number]
    first = _mod11_digit(digits[:9], list(range(10, 1, -1)))
    second = _mod11_digit(digits[:10], list(range(11, 1, -1)))
    return digits[9] == first and digits[10] == second


def cnpj_ok(number: str) -> bool:
    """Whether the two check digits of a 14-character CNPJ (numeric or alphanumeric) match."""
    values = [ord(c) - 48 for c in number]
    weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    first = _mod11_digit(values[:12], weights[1:])
    second = _mod11_digit(values[:13], weights)
    return values[12] == first and values[13] == second


def cns_ok(number: str) -> bool:
    """Whether a 15-digit Cartão Nacional de Saúde passes its check (definitive or provisional)."""
    digits = [int(c) for c in number]
    weighted = sum(d * w for d, w in zip(digits, range(15, 0, -1), strict=True))
    if number[0] in "789":
        return weighted % 11 == 0
    if number[0] not in "12":
        return False
    pis = number[:11]
    total = sum(d * w for d, w in zip(digits[:11], range(15, 4, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        check = 11 - (total + 2) % 11
        return number == f"{pis}001{check}"
    return number == f"{pis}000{check}"


def identifier_problem(kind: str, value: str) -> Msg | None:
    """Why ``value`` is not a valid ``kind`` ('cpf', 'cnpj', 'cns'); None if valid."""
    length = _LENGTHS[kind]
    alphabet_ok = (
        value[:12].isascii() and value[:12].isalnum() and value[:12].upper() == value[:12]
        if kind == "cnpj"
        else value.isascii() and value.isdigit()
    )
    check_digits = value[-2:]
    if (
        len(value) != length
        or not alphabet_ok
        or not (check_digits.isascii() and check_digits.isdigit())
    ):
        if kind == "cnpj":
            return Msg("fragment.id.cnpj_shape")
        return Msg("fragment.id.length", {"length": length})
    if len(set(value)) == 1:
        return Msg("fragment.id.placeholder")
    checks = {"cpf": cpf_ok, "cnpj": cnpj_ok, "cns": cns_ok}
    if not checks[kind](value):
        if kind == "cns" and value[0] not in "12789":
            return Msg("fragment.id.cns_start")
        return Msg("fragment.id.check_digit")
    return None


_VERDICTS_LIMIT = 65536


class Identifiers(Rule):
    """CPF, CNPJ and CNS check digits (``id.invalid``)."""

    id = "id"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        #: (kind, value) -> problem, for the lot: the same professionals sign line after line
        self.verdicts: dict[tuple[str, str], Msg | None] = {}

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        seen: set[tuple[str, str]] = set()
        verdicts = self.verdicts
        for ident in guide.identifiers:
            key = (ident.kind, ident.value)
            if key in seen or ident.kind not in _LENGTHS:
                continue
            seen.add(key)
            if key in verdicts:
                problem = verdicts[key]
            else:
                if len(verdicts) >= _VERDICTS_LIMIT:
                    verdicts.clear()
                problem = verdicts[key] = identifier_problem(ident.kind, ident.value.strip())
            if problem is None:
                continue
            yield Hit(
                "id.invalid",
                {
                    "kind": _NAMES[ident.kind],
                    "element": ident.element,
                    "reason": problem,
                },
                found=ident.value,
                guide=guide,
                line=ident.line,
                xpath=ident.xpath,
                glosa="1002" if ident.kind == "cns" else "1206",
            )
