"""The beneficiary helpers the eligibility rules call, the example folder as its README says,
and the published row schema against the example files. Expected values by hand."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lotcheck.eligibility.activation import AgreementState, Reason, agreement_state
from lotcheck.eligibility.coverage import (
    Inactive,
    Why,
    agreement_inactive,
    is_suspended,
    matches,
    waiting_ends,
    waiting_start,
)
from lotcheck.eligibility.files import FILES, load_eligibility
from lotcheck.eligibility.types import (
    AdhesionStatus,
    Agreement,
    AuthorizationStatus,
    Beneficiary,
    Character,
    WaitingPeriod,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "elegibilidade"

AGREEMENT = Agreement(
    id="A",
    entity="E",
    signed=date(2025, 1, 1),
    activated=date(2025, 3, 1),
    suspensions=((date(2025, 9, 1), date(2025, 9, 30)),),
)
PERSON = Beneficiary(
    card="1",
    agreement="A",
    effective=date(2025, 2, 1),
    suspensions=((date(2025, 12, 1), None),),
)


@pytest.mark.parametrize(
    ("day", "with_agreement", "suspended"),
    [
        (date(2025, 8, 31), True, False),
        (date(2025, 9, 1), True, True),  # the agreement's period, both ends included
        (date(2025, 9, 30), True, True),
        (date(2025, 9, 15), False, False),  # without its agreement, only its own periods
        (date(2025, 11, 30), True, False),
        (date(2025, 12, 1), False, True),  # its own open period
        (date(2030, 1, 1), True, True),
    ],
)
def test_is_suspended(day: date, with_agreement: bool, suspended: bool) -> None:
    assert is_suspended(PERSON, AGREEMENT if with_agreement else None, day) is suspended


def period(days: int, **given: Any) -> WaitingPeriod:
    return WaitingPeriod(plan="P", group="g", days=days, **given)


def test_waiting_counts_from_the_later_of_effective_and_activation() -> None:
    # effective 2025-02-01 but the agreement activated 2025-03-01: 30 days from 03-01 is 03-31
    assert waiting_start(PERSON, AGREEMENT) == date(2025, 3, 1)
    assert waiting_ends(PERSON, AGREEMENT, period(30)) == date(2025, 3, 31)
    # direct membership: from the effective date; 24 hours of urgency: covered the next day
    assert waiting_ends(PERSON, None, period(30)) == date(2025, 3, 3)
    assert waiting_ends(PERSON, None, period(1)) == date(2025, 2, 2)
    # an agreement activated before the effective date does not move it
    early = Beneficiary(card="2", agreement="A", effective=date(2025, 4, 10))
    assert waiting_ends(early, AGREEMENT, period(180)) == date(2025, 10, 7)
    # a request (no effective date) under an active agreement counts from the activation
    request = Beneficiary(card="3", agreement="A", status=AdhesionStatus.REQUESTED)
    assert waiting_ends(request, AGREEMENT, period(10)) == date(2025, 3, 11)
    assert waiting_ends(Beneficiary(card="4"), None, period(10)) is None


EXAMS = period(
    30,
    guide_types=frozenset({"sadt"}),
    character=Character.ELECTIVE,
    codes=frozenset({"22/10101012", "20104146"}),
    ranges=(("40000000", "49999999"),),
)


@pytest.mark.parametrize(
    ("guide_type", "character", "table", "code", "hit"),
    [
        ("sadt", "1", "22", "40304361", True),  # in the range
        ("sadt", "1", "22", "49999999", True),  # range ends included
        ("sadt", "1", "22", "40000000", True),
        ("sadt", "1", "22", "50000000", False),
        ("sadt", "1", "22", "4030436", False),  # shorter: not in an 8-digit range
        ("sadt", "1", "22", "403043610", False),  # longer
        ("sadt", "1", "22", "10101012", True),  # exact, this table
        ("sadt", "1", "18", "10101012", False),  # exact code of table 22 only
        ("sadt", "1", "18", "20104146", True),  # exact, any table
        ("sadt", None, "22", "40304361", True),  # no character stated: elective
        ("sadt", "2", "22", "40304361", False),  # an urgency is not in an elective group
        ("consulta", "1", "22", "40304361", False),  # another guide type
        ("sadt", "1", "22", None, False),
    ],
)
def test_matches(
    guide_type: str, character: str | None, table: str | None, code: str | None, hit: bool
) -> None:
    assert matches(EXAMS, guide_type, character, table, code) is hit


def test_an_open_group_matches_everything_of_its_character() -> None:
    urgency = period(1, character=Character.URGENCY)
    assert matches(urgency, "internacao", "2", None, None) is True
    assert matches(urgency, "internacao", "1", "22", "31309038") is False
    assert matches(period(30), "odonto", None, "22", "81000065") is True


# -- the example folder -----------------------------------------------------------------------


def test_the_example_folder_loads_as_its_readme_says() -> None:
    elig = load_eligibility(EXAMPLE)
    anapolis, goias, camara = (
        elig.agreements[k] for k in ("PREF-ANAPOLIS", "PREF-GOIAS", "CAMARA-GYN")
    )
    assert (anapolis.activated, anapolis.rescinded, anapolis.derived) == (
        date(2025, 3, 20),
        None,
        True,
    )
    assert (goias.activated, goias.rescinded, goias.derived) == (None, date(2025, 5, 10), True)
    assert (camara.activated, camara.derived) == (date(2024, 8, 1), False)
    assert camara.suspensions == ((date(2025, 9, 1), date(2025, 9, 30)),)
    day = date(2025, 12, 1)
    assert agreement_state(anapolis, day) == (AgreementState.ACTIVE, Reason.ACTIVE)
    assert agreement_state(anapolis, date(2025, 3, 19))[0] is AgreementState.PENDING
    assert agreement_state(goias, day) == (AgreementState.RESCINDED, Reason.THRESHOLD_NOT_REACHED)
    assert agreement_state(camara, date(2025, 9, 10))[0] is AgreementState.SUSPENDED

    roster = elig.beneficiaries
    assert len(roster) == 10
    assert {roster[c].status for c in roster} == set(AdhesionStatus)
    first = roster["100000000001"]
    hospital = elig.waiting["IPASGO-SAUDE"][2]
    assert (hospital.group, hospital.days) == ("internacao", 180)
    assert waiting_ends(first, anapolis, hospital) == date(2025, 9, 16)
    newcomer = roster["100000000006"]
    consult = elig.waiting["IPASGO-SAUDE"][0]
    assert waiting_ends(newcomer, None, consult) == date(2025, 12, 1)
    assert waiting_ends(newcomer, None, hospital) == date(2026, 4, 30)
    assert newcomer.segments == frozenset({"ambulatorial"})
    dental = roster["100000000009"]
    assert waiting_ends(dental, None, elig.waiting["IPASGO-ODONTO"][0]) == date(2025, 8, 13)
    mother = roster["100000000010"]
    delivery = elig.waiting["IPASGO-SAUDE"][4]
    assert (delivery.group, delivery.codes) == ("parto", frozenset({"22/31309038", "22/31309054"}))
    assert waiting_ends(mother, None, delivery) == date(2026, 1, 26)
    assert is_suspended(roster["100000000007"], None, day) is True
    assert is_suspended(roster["100000000004"], camara, date(2025, 9, 30)) is True
    assert roster["100000000005"].excluded == date(2025, 10, 31)
    assert roster["100000000008"].card_valid_until == date(2025, 6, 30)

    auths = elig.authorizations
    assert set(auths) == {"20250001", "20250002", "20250003"}
    assert dict(auths["20250001"].items) == {"22/40304361": 1, "22/40301630": 2}
    assert auths["20250002"].status is AuthorizationStatus.CANCELLED
    assert auths["20250003"].provider == "7654321"


def test_every_row_of_the_example_folder_matches_the_published_schema() -> None:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "eligibility.schema.json").read_text("utf-8"))
    titles = {d["title"]: name for name, d in schema["$defs"].items()}
    checked = 0
    for name in FILES:
        path = EXAMPLE / name
        text = path.read_text("utf-8")
        delimiter = ";" if text.count(";") > text.count(",") else ","
        shape = {"$defs": schema["$defs"], "$ref": f"#/$defs/{titles[f'{name} row']}"}
        one = jsonschema.Draft202012Validator(shape)
        any_row = jsonschema.Draft202012Validator(schema)
        for n, row in enumerate(csv.DictReader(text.splitlines(), delimiter=delimiter), start=2):
            assert one.is_valid(row), (name, n, list(one.iter_errors(row)))
            assert any_row.is_valid(row), (name, n)
            checked += 1
    assert checked == 3 + 6 + 10 + 2 + 6 + 4
    any_row = jsonschema.Draft202012Validator(schema)
    assert not any_row.is_valid({"carteira": "1", "situacao": "ativa"})
    assert not any_row.is_valid({"carteira": "1", "situacao": "efetiva", "efetivacao": "2025-13"})
    assert not any_row.is_valid({"plano": "P", "grupo": "g", "dias": "30", "codigos": "1-2 3"})
    assert any_row.is_valid({"carteira": "1", "situacao": "Excluída", "segmentos": "Obstetrícia"})


# -- where the copies merged from issue 13's branches disagreed, the choice kept ---------------


@pytest.mark.parametrize(
    ("character", "hit"),
    [
        ("1", True),
        (" 1 ", True),
        ("E", True),  # TISS 2's elective
        ("9", True),  # not a declared urgency: elective, so it cannot escape an elective period
        ("2", False),
        (" 2 ", False),
        ("U", False),  # TISS 2's urgency
        ("u", False),
    ],
)
def test_only_a_declared_urgency_is_not_elective(character: str, hit: bool) -> None:
    # the waiting rule's reading (2 or U urgency, anything else elective) is the one kept: the
    # old coverage.matches knew only 1 and 2 and let any other value escape every elective group
    assert matches(EXAMS, "sadt", character, "22", "40304361") is hit
    assert matches(period(1, character=Character.URGENCY), "sadt", character, None, None) is not hit


def test_a_range_holds_digit_codes_only() -> None:
    # "41-00000" sorts between 40000000 and 49999999 as text, but is no code of the range
    assert matches(EXAMS, "sadt", "1", "18", "41-00000") is False
    assert matches(EXAMS, "sadt", "1", "18", "41000000") is True


def test_blanks_around_the_item_code_and_table_are_ignored() -> None:
    assert matches(EXAMS, "sadt", "1", "22", " 40304361 ") is True
    assert matches(EXAMS, "sadt", "1", " 22 ", "10101012") is True
    assert matches(EXAMS, "sadt", "1", "22", "  ") is False


def test_a_group_may_name_the_guide_type_by_its_element() -> None:
    by_element = period(90, guide_types=frozenset({"guiaResumoInternacao"}))
    assert matches(by_element, "internacao", "1", "22", "1") is True
    assert matches(by_element, "guiaResumoInternacao", "1", "22", "1") is True
    assert matches(by_element, "sadt", "1", "22", "1") is False
    assert matches(EXAMS, "guiaSP-SADT", "1", "22", "40304361") is True


def test_agreement_inactive_words_agreement_state() -> None:
    # signed 2023-08-01, no activation given and no facts: rescinded on the window's last day
    # (2023-11-01), as agreement_state says, even when built by hand without the derived dates
    raw = Agreement("X", "E", signed=date(2023, 8, 1))
    assert agreement_inactive(raw, date(2023, 7, 31)) == Inactive(
        Why.UNSIGNED, raw, "X", since=date(2023, 8, 1)
    )
    assert agreement_inactive(raw, date(2023, 10, 31)) == Inactive(
        Why.PENDING, raw, "X", since=date(2023, 8, 1)
    )
    assert agreement_inactive(raw, date(2023, 11, 1)) == Inactive(
        Why.RESCINDED, raw, "X", since=date(2023, 11, 1)
    )
    # activation day covered, rescission day not; a suspension is its own finding
    done = Agreement(
        "Y",
        "E",
        signed=date(2023, 1, 1),
        activated=date(2023, 2, 1),
        rescinded=date(2023, 10, 15),
        suspensions=((date(2023, 5, 1), date(2023, 5, 2)),),
    )
    assert agreement_inactive(done, date(2023, 1, 31)) == Inactive(
        Why.PENDING, done, "Y", since=date(2023, 1, 1), until=date(2023, 2, 1)
    )
    assert agreement_inactive(done, date(2023, 2, 1)) is None
    assert agreement_inactive(done, date(2023, 5, 1)) is None
    assert agreement_inactive(done, date(2023, 10, 14)) is None
    assert agreement_inactive(done, date(2023, 10, 15)) == Inactive(
        Why.RESCINDED, done, "Y", since=date(2023, 10, 15)
    )
