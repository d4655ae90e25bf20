"""Edges of the eligibility folder an adversarial review found: misconfigurations that must
stop the run (never a silent pass) and identifiers the payer and the guide write differently."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotcheck.eligibility.errors import EligibilityError
from lotcheck.eligibility.files import load_eligibility
from lotcheck.rules.granted import identifier_key
from test_eligibility_files import ROSTER, folder


def _error(root: Path) -> EligibilityError:
    with pytest.raises(EligibilityError) as caught:
        load_eligibility(root)
    return caught.value


def test_a_misspelled_file_name_is_refused(tmp_path: Path) -> None:
    # carencia.csv for carencias.csv would silently turn off every waiting period
    root = folder(tmp_path, carencia="plano;grupo;dias\nP;geral;30\n")
    error = _error(root)
    assert error.location == str(root / "carencia.csv")
    assert "not an eligibility file" in error.message


def test_a_plan_the_waiting_periods_do_not_name_is_refused(tmp_path: Path) -> None:
    root = folder(
        tmp_path,
        beneficiarios="carteira;plano;situacao;efetivacao\n1;Ipasgo-Saude;efetiva;01/01/2025\n",
        carencias="plano;grupo;dias\nIPASGO-SAUDE;geral;30\n",
    )
    error = _error(root)
    assert "'Ipasgo-Saude'" in error.message and error.location == str(root / "carencias.csv")


def test_a_plan_without_waiting_periods_is_listed_with_0_days(tmp_path: Path) -> None:
    root = folder(
        tmp_path,
        beneficiarios="carteira;plano;situacao;efetivacao\n1;LIVRE;efetiva;01/01/2025\n",
        carencias="plano;grupo;dias\nLIVRE;geral;0\n",
    )
    assert load_eligibility(root).waiting["LIVRE"][0].days == 0


@pytest.mark.parametrize("quantity", ["2.500", "1.5", "0.5"])
def test_a_dotted_quantity_in_a_semicolon_file_is_refused(quantity: str, tmp_path: Path) -> None:
    # ';' dialect: a dot groups thousands, so 2.500 read 2500 where 2,5 was meant
    root = folder(
        tmp_path,
        autorizacoes="numero;prestador;profissionais;codigo;quantidade;emissao;validade;situacao\n"
        f"9;123;;22/40304361;{quantity};01/02/2025;01/03/2025;ativa\n",
    )
    error = _error(root)
    assert error.location == f"{root / 'autorizacoes.csv'}:2" and "quantidade" in error.message


@pytest.mark.parametrize("days", ["²", "١"])
def test_a_non_ascii_digit_is_refused_not_a_traceback(days: str, tmp_path: Path) -> None:
    root = folder(
        tmp_path,
        beneficiarios=ROSTER.replace("carteira;", "carteira;plano;") + "1;P;efetiva;01/01/2025\n",
        carencias=f"plano;grupo;dias\nP;geral;{days}\n",
    )
    assert _error(root).location == f"{root / 'carencias.csv'}:2"


@pytest.mark.parametrize(
    ("roster", "guide"),
    [
        ("CRM-GO 54321", "54321"),
        ("CRM-GO 54321", "054321"),
        ("529.982.247-25", "52998224725"),
        ("12.345.678/0001-90", "12345678000190"),
    ],
)
def test_identifiers_match_as_the_payer_and_the_guide_write_them(roster: str, guide: str) -> None:
    assert identifier_key(roster) == identifier_key(guide)


def test_different_identifiers_stay_different() -> None:
    assert identifier_key("CRM-GO 54321") != identifier_key("54322")
    assert identifier_key("ABC") == "ABC"
