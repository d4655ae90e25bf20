"""Reading an eligibility folder (docs/eligibility.md): both CSV dialects, folded headers, every
error at its exact file:line, merged authorizations, waiting-period codes, suspensions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.eligibility.errors import EligibilityError
from lotcheck.eligibility.files import load_eligibility
from lotcheck.eligibility.types import AdhesionStatus, AuthorizationStatus, Character

ROSTER = "carteira;situacao;efetivacao\n"


def folder(tmp_path: Path, **files: str | bytes) -> Path:
    """A folder holding ``files`` (``beneficiarios`` -> beneficiarios.csv)."""
    files.setdefault("beneficiarios", ROSTER + "1;efetiva;01/01/2025\n")
    for name, text in files.items():
        path = tmp_path / f"{name}.csv"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return tmp_path


def error(root: Path) -> EligibilityError:
    with pytest.raises(EligibilityError) as caught:
        load_eligibility(root)
    return caught.value


# -- the two dialects -------------------------------------------------------------------------

BRAZILIAN = {
    "acordos": "id;entidade;assinatura;ativacao;servidores;limiar\n"
    "A1;Prefeitura;15/01/2025;;10;40,5\n",
    "adesoes": "acordo;data;adesoes\nA1;20/01/2025;4\nA1;01/02/2025;1\n",
    "beneficiarios": "carteira;cns;acordo;plano;situacao;solicitacao;efetivacao;exclusao;"
    "segmentos;validade_carteira\n"
    "0001;700000000000001;A1;P;efetiva;10/01/2025;01/02/2025;;ambulatorial|hospitalar;"
    "31/12/2026\n",
    "autorizacoes": "numero;prestador;profissionais;codigo;quantidade;emissao;validade;situacao\n"
    "9;123;CRM 1|CRM 2;22/40304361;1,5;01/02/2025;01/03/2025;ativa\n",
}
PLAIN = {
    "acordos": "id,entidade,assinatura,ativacao,servidores,limiar\n"
    "A1,Prefeitura,2025-01-15,,10,40.5\n",
    "adesoes": "acordo,data,adesoes\nA1,2025-01-20,4\nA1,2025-02-01,1\n",
    "beneficiarios": "carteira,cns,acordo,plano,situacao,solicitacao,efetivacao,exclusao,"
    "segmentos,validade_carteira\n"
    "0001,700000000000001,A1,P,efetiva,2025-01-10,2025-02-01,,ambulatorial|hospitalar,"
    "2026-12-31\n",
    "autorizacoes": "numero,prestador,profissionais,codigo,quantidade,emissao,validade,situacao\n"
    "9,123,CRM 1|CRM 2,22/40304361,1.5,2025-02-01,2025-03-01,ativa\n",
}


@pytest.mark.parametrize("files", [BRAZILIAN, PLAIN], ids=["semicolon", "comma"])
def test_both_dialects_read_the_same(tmp_path: Path, files: dict[str, str]) -> None:
    elig = load_eligibility(folder(tmp_path, **files))
    a1 = elig.agreements["A1"]
    # 40.5 % of 10 servants is 4.05: 4 on 01-20 is short, 5 on 02-01 reaches it
    assert (a1.threshold, a1.activated, a1.rescinded, a1.derived) == (
        Decimal("40.5"),
        date(2025, 2, 1),
        None,
        True,
    )
    b = elig.beneficiaries.get("0001")
    assert b is not None
    assert (b.cns, b.agreement, b.plan, b.status) == (
        "700000000000001",
        "A1",
        "P",
        AdhesionStatus.EFFECTIVE,
    )
    assert (b.requested, b.effective, b.excluded, b.card_valid_until) == (
        date(2025, 1, 10),
        date(2025, 2, 1),
        None,
        date(2026, 12, 31),
    )
    assert b.segments == frozenset({"ambulatorial", "hospitalar"})
    assert b.source == f"{tmp_path / 'beneficiarios.csv'}:2"
    auth = elig.authorizations["9"]
    assert auth.items == {"22/40304361": Decimal("1.5")}
    assert auth.professionals == frozenset({"CRM 1", "CRM 2"})


def test_headers_fold_case_accents_spaces_and_values_fold_too(tmp_path: Path) -> None:
    text = " Carteira ;SITUAÇÃO; Validade  Carteira;Efetivação;Exclusão\n"
    text += "7;Excluída;2026-01-31;01/01/2024;2025-06-30\n"
    elig = load_eligibility(folder(tmp_path, beneficiarios=text.encode("cp1252")))
    b = elig.beneficiaries["7"]
    assert (b.status, b.card_valid_until, b.excluded) == (
        AdhesionStatus.EXCLUDED,
        date(2026, 1, 31),
        date(2025, 6, 30),
    )
    assert b.segments == frozenset({"ambulatorial", "hospitalar", "obstetricia", "odontologico"})


def test_utf8_bom_and_blank_lines(tmp_path: Path) -> None:
    text = "\ufeffcarteira;situacao;solicitacao\n\n5;solicitada;\n;;\n6;solicitada;02/01/2025\n"
    elig = load_eligibility(folder(tmp_path, beneficiarios=text))
    assert list(elig.beneficiaries) == ["5", "6"]
    assert elig.beneficiaries["6"].source.endswith("beneficiarios.csv:5")
    assert elig.beneficiaries.get("nope") is None and "5" in elig.beneficiaries


def test_only_the_roster_is_required(tmp_path: Path) -> None:
    elig = load_eligibility(folder(tmp_path))
    assert (len(elig.beneficiaries), elig.agreements, elig.waiting, elig.authorizations) == (
        1,
        {},
        {},
        {},
    )


def test_cns_keeps_a_leading_zero(tmp_path: Path) -> None:
    text = "carteira;cns;situacao\n1;012345678901234;solicitada\n2;898765432109876;solicitada\n"
    roster = load_eligibility(folder(tmp_path, beneficiarios=text)).beneficiaries
    assert (roster["1"].cns, roster["2"].cns) == ("012345678901234", "898765432109876")


# -- waiting periods, authorizations, suspensions ----------------------------------------------


def test_waiting_codes_split_into_exact_codes_and_ranges(tmp_path: Path) -> None:
    text = "plano;grupo;dias;tipos_guia;carater;codigos\n"
    text += "P;exames;30;sadt|consulta;eletiva;22/40304361 | 10101012|40000000-49999999\n"
    text += "P;urgencia;1;;urgência;\n"
    waiting = load_eligibility(folder(tmp_path, carencias=text)).waiting["P"]
    exams, urgency = waiting
    assert exams.codes == frozenset({"22/40304361", "10101012"})
    assert exams.ranges == (("40000000", "49999999"),)
    assert exams.guide_types == frozenset({"sadt", "consulta"})
    assert (exams.days, exams.character) == (30, Character.ELECTIVE)
    assert (urgency.days, urgency.character, urgency.codes, urgency.guide_types) == (
        1,
        Character.URGENCY,
        frozenset(),
        frozenset(),
    )


def test_authorization_rows_merge_by_number(tmp_path: Path) -> None:
    text = "numero;prestador;codigo;quantidade;validade;situacao\n"
    text += "77;123;22/40304361;2;10/03/2025;cancelada\n"
    text += "78;999;10101012;1;;ativa\n"
    text += "77;123;22/40301630;0,5;10/03/2025;Cancelada\n"
    auths = load_eligibility(folder(tmp_path, autorizacoes=text)).authorizations
    assert auths["77"].items == {"22/40304361": Decimal(2), "22/40301630": Decimal("0.5")}
    assert (auths["77"].status, auths["77"].valid_until, auths["77"].source) == (
        AuthorizationStatus.CANCELLED,
        date(2025, 3, 10),
        f"{tmp_path / 'autorizacoes.csv'}:2",
    )
    assert (auths["78"].provider, auths["78"].issued) == ("999", None)


def test_suspensions_attach_to_agreements_and_beneficiaries(tmp_path: Path) -> None:
    root = folder(
        tmp_path,
        acordos="id;entidade;assinatura;ativacao\nA1;E;01/01/2024;01/02/2024\n",
        beneficiarios=ROSTER + "1;efetiva;01/03/2024\n2;efetiva;01/03/2024\n",
        suspensoes="tipo;id;inicio;fim\nacordo;A1;01/09/2025;30/09/2025\n"
        "beneficiario;2;01/12/2025;\nBeneficiário;2;01/01/2025;31/01/2025\n",
    )
    elig = load_eligibility(root)
    assert elig.agreements["A1"].suspensions == ((date(2025, 9, 1), date(2025, 9, 30)),)
    assert elig.agreements["A1"].derived is False
    assert elig.beneficiaries["1"].suspensions == ()
    assert elig.beneficiaries["2"].suspensions == (
        (date(2025, 12, 1), None),
        (date(2025, 1, 1), date(2025, 1, 31)),
    )


# -- every error at its file:line --------------------------------------------------------------

AGREEMENTS = "id;entidade;assinatura;ativacao;rescisao;servidores;limiar;janela_meses\n"
AGREEMENT = "A1;E;01/01/2024;;;100;;\n"
AUTH = "numero;prestador;profissionais;codigo;quantidade;emissao;validade;situacao\n"
AUTH_ROW = "1;123;;22/40304361;1;01/02/2025;01/03/2025;ativa\n"
WAIT = "plano;grupo;dias;tipos_guia;carater;codigos\n"
SUSP = "tipo;id;inicio;fim\n"

ERRORS = [
    # (files, file:line, words of the message)
    (
        {"beneficiarios": "carteira;situacao;data efetivacao\n"},
        "beneficiarios.csv:1",
        "unknown column",
    ),
    ({"beneficiarios": "carteira;efetivacao\n"}, "beneficiarios.csv:1", "situacao"),
    ({"beneficiarios": "carteira;situacao;\n"}, "beneficiarios.csv:1", "column 3 of the header"),
    ({"beneficiarios": "carteira;situacao;Situação\n"}, "beneficiarios.csv:1", "twice"),
    ({"beneficiarios": ""}, "beneficiarios.csv:1", "empty file"),
    ({"beneficiarios": "carteira;situacao\n".encode("utf-16")}, "beneficiarios.csv:1", "UTF-16"),
    ({"beneficiarios": ROSTER + ";efetiva;01/01/2025\n"}, "beneficiarios.csv:2", "empty carteira"),
    ({"beneficiarios": ROSTER + "1;;01/01/2025\n"}, "beneficiarios.csv:2", "empty situacao"),
    (
        {"beneficiarios": ROSTER + "1;efetiva;01/01/2025\n2;efetiva;31/02/2025\n"},
        "beneficiarios.csv:3",
        "'31/02/2025' is not a date",
    ),
    (
        {"beneficiarios": ROSTER + "1;efetiva;01/01/2025\n1;efetiva;01/01/2025\n"},
        "beneficiarios.csv:3",
        "first at line 2",
    ),
    ({"beneficiarios": ROSTER + "1;ativa;01/01/2025\n"}, "beneficiarios.csv:2", "'ativa'"),
    ({"beneficiarios": ROSTER + "1;efetiva;\n"}, "beneficiarios.csv:2", "needs efetivacao"),
    ({"beneficiarios": ROSTER + "1;efetiva;01/01/2025;x\n"}, "beneficiarios.csv:2", "columns"),
    (
        {"beneficiarios": "carteira;situacao;exclusao\n1;excluida;\n"},
        "beneficiarios.csv:2",
        "needs exclusao",
    ),
    (
        {
            "beneficiarios": "carteira;situacao;efetivacao;exclusao\n1;excluida;02/01/2025;01/01/2025\n"
        },
        "beneficiarios.csv:2",
        "exclusao 2025-01-01 is before efetivacao 2025-01-02",
    ),
    (
        {
            "beneficiarios": "carteira;situacao;solicitacao;efetivacao\n1;efetiva;02/01/2025;2025-01-01\n"
        },
        "beneficiarios.csv:2",
        "efetivacao 2025-01-01 is before solicitacao 2025-01-02",
    ),
    (
        {"beneficiarios": "carteira;situacao;acordo\n1;solicitada;X9\n"},
        "beneficiarios.csv:2",
        "acordo 'X9' is not in acordos.csv",
    ),
    (
        {"beneficiarios": "carteira;situacao;segmentos\n1;solicitada;ambulatorial|dental\n"},
        "beneficiarios.csv:2",
        "segment 'dental'",
    ),
    (
        {"beneficiarios": "carteira;situacao;cns\n1;solicitada;12345\n"},
        "beneficiarios.csv:2",
        "15 digits",
    ),
    ({"acordos": AGREEMENTS + AGREEMENT + AGREEMENT}, "acordos.csv:3", "first at line 2"),
    (
        {"acordos": AGREEMENTS + "A1;E;01/01/2024;;;;;\n" + "A2;;01/01/2024;;;;;\n"},
        "acordos.csv:3",
        "empty entidade",
    ),
    ({"acordos": AGREEMENTS + "A1;E;01/01/2024;;31/12/2023;;;\n"}, "acordos.csv:2", "rescisao"),
    ({"acordos": AGREEMENTS + "A1;E;01/01/2024;15/12/2023;;;;\n"}, "acordos.csv:2", "ativacao"),
    (
        {"acordos": AGREEMENTS + "A1;E;01/01/2024;01/02/2024;01/01/2024;;;\n"},
        "acordos.csv:2",
        "before ativacao",
    ),
    ({"acordos": AGREEMENTS + "A1;E;01/01/2024;;;100;120;\n"}, "acordos.csv:2", "above 100"),
    ({"acordos": AGREEMENTS + "A1;E;01/01/2024;;;100;metade;\n"}, "acordos.csv:2", "limiar"),
    ({"acordos": AGREEMENTS + "A1;E;01/01/2024;;;0;;\n"}, "acordos.csv:2", "servidores"),
    ({"acordos": AGREEMENTS + "A1;E;01/01/2024;;;10;;0\n"}, "acordos.csv:2", "janela_meses"),
    (
        {
            "acordos": AGREEMENTS + "A1;E;01/01/2024;;;;;\n",
            "adesoes": "acordo;data;adesoes\nA1;02/01/2024;5\n",
        },
        "acordos.csv:2",
        "servidores is empty",
    ),
    (
        {
            "acordos": AGREEMENTS + AGREEMENT,
            "adesoes": "acordo;data;adesoes\nA1;02/01/2024;5\nA2;02/01/2024;5\n",
        },
        "adesoes.csv:3",
        "'A2' is not in acordos.csv",
    ),
    (
        {
            "acordos": AGREEMENTS + AGREEMENT,
            "adesoes": "acordo;data;adesoes\nA1;02/01/2024;5\nA1;2024-01-02;5\n",
        },
        "adesoes.csv:3",
        "first at line 2",
    ),
    (
        {"acordos": AGREEMENTS + AGREEMENT, "adesoes": "acordo;data;adesoes\nA1;31/12/2023;5\n"},
        "adesoes.csv:2",
        "before assinatura",
    ),
    (
        {"acordos": AGREEMENTS + AGREEMENT, "adesoes": "acordo;data;adesoes\nA1;02/01/2024;-5\n"},
        "adesoes.csv:2",
        "whole number",
    ),
    (
        {"suspensoes": SUSP + "beneficiario;1;01/01/2025;\nbeneficiario;2;01/01/2025;\n"},
        "suspensoes.csv:3",
        "'2' is not in beneficiarios.csv",
    ),
    (
        {"suspensoes": SUSP + "acordo;A1;01/01/2025;\n"},
        "suspensoes.csv:2",
        "'A1' is not in acordos.csv",
    ),
    (
        {"suspensoes": SUSP + "beneficiario;1;02/01/2025;01/01/2025\n"},
        "suspensoes.csv:2",
        "fim 2025-01-01 is before inicio",
    ),
    ({"suspensoes": SUSP + "plano;1;01/01/2025;\n"}, "suspensoes.csv:2", "tipo 'plano'"),
    ({"suspensoes": SUSP + "beneficiario;1;;\n"}, "suspensoes.csv:2", "empty inicio"),
    ({"carencias": WAIT + "P;g;30;;;\nP;g;60;;;\n"}, "carencias.csv:3", "first at line 2"),
    ({"carencias": WAIT + "P;g;trinta;;;\n"}, "carencias.csv:2", "dias"),
    ({"carencias": WAIT + "P;g;30;;eletivo;\n"}, "carencias.csv:2", "carater 'eletivo'"),
    ({"carencias": WAIT + "P;g;30;sp-sadt;;\n"}, "carencias.csv:2", "tipos_guia 'sp-sadt'"),
    ({"carencias": WAIT + "P;g;30;;;3000-39999999\n"}, "carencias.csv:2", "same length"),
    ({"carencias": WAIT + "P;g;30;;;39999999-30000000\n"}, "carencias.csv:2", "not above"),
    ({"carencias": WAIT + "P;g;30;;;22/4030 4361\n"}, "carencias.csv:2", "neither a code"),
    (
        {"autorizacoes": AUTH + AUTH_ROW + "1;456;;22/40301630;1;01/02/2025;01/03/2025;ativa\n"},
        "autorizacoes.csv:3",
        "prestador differs from line 2",
    ),
    (
        {"autorizacoes": AUTH + AUTH_ROW + "1;123;;22/40301630;1;01/02/2025;05/03/2025;ativa\n"},
        "autorizacoes.csv:3",
        "validade differs from line 2",
    ),
    (
        {
            "autorizacoes": AUTH
            + AUTH_ROW
            + "1;123;;22/40301630;1;01/02/2025;01/03/2025;cancelada\n"
        },
        "autorizacoes.csv:3",
        "situacao differs from line 2",
    ),
    ({"autorizacoes": AUTH + AUTH_ROW + AUTH_ROW}, "autorizacoes.csv:3", "twice (first at line 2)"),
    ({"autorizacoes": AUTH + "1;123;;22/40304361;1;;;usada\n"}, "autorizacoes.csv:2", "'usada'"),
    (
        {"autorizacoes": AUTH + "1;123;;22/40304361;0;;;ativa\n"},
        "autorizacoes.csv:2",
        "quantidade '0'",
    ),
    (
        {"autorizacoes": AUTH + "1;123;;22/40304361;1.5;;;ativa\n".replace(";1.5;", ";1,5,0;")},
        "autorizacoes.csv:2",
        "quantidade",
    ),
    (
        {"autorizacoes": AUTH + "1;123;;22/40304361;1;02/02/2025;01/02/2025;ativa\n"},
        "autorizacoes.csv:2",
        "validade 2025-02-01 is before emissao",
    ),
    ({"autorizacoes": AUTH + "1;123;;;1;;;ativa\n"}, "autorizacoes.csv:2", "empty codigo"),
    ({"autorizacoes": AUTH + "1;123;;22 40304361;1;;;ativa\n"}, "autorizacoes.csv:2", "codigo"),
]


@pytest.mark.parametrize(("files", "where", "words"), ERRORS)
def test_every_error_names_its_file_and_line(
    tmp_path: Path, files: dict[str, str | bytes], where: str, words: str
) -> None:
    caught = error(folder(tmp_path, **files))
    assert caught.location == str(tmp_path / where)
    assert words in caught.message, caught.message


def test_a_missing_roster_or_folder_is_an_error(tmp_path: Path) -> None:
    caught = error(tmp_path)
    assert (caught.location, "beneficiarios.csv is missing" in caught.message) == (
        str(tmp_path),
        True,
    )
    assert error(tmp_path / "nope").location == str(tmp_path / "nope")
    (tmp_path / "beneficiarios.csv").mkdir()
    assert error(tmp_path).location == str(tmp_path / "beneficiarios.csv")


def test_a_byte_neither_encoding_has_names_its_line(tmp_path: Path) -> None:
    raw = (ROSTER + "1;efetiva;01/01/2025\n2;efetiva;01/01/2025\x81\n").encode("latin-1")
    caught = error(folder(tmp_path, beneficiarios=raw))
    assert caught.location == f"{tmp_path / 'beneficiarios.csv'}:3"


def test_the_loaded_folder_survives_pickling_for_worker_processes(tmp_path: Path) -> None:
    import pickle

    text = ROSTER + "1;efetiva;01/01/2025\n2;efetiva;02/01/2025\n"
    root = folder(
        tmp_path, beneficiarios=text, suspensoes="tipo;id;inicio\nbeneficiario;2;03/01/2025\n"
    )
    elig = load_eligibility(root)
    copy = pickle.loads(pickle.dumps(elig))
    assert list(copy.beneficiaries) == ["1", "2"]
    assert copy.beneficiaries["2"] == elig.beneficiaries["2"]
    assert copy.beneficiaries["2"].suspensions == ((date(2025, 1, 3), None),)


def test_windows_line_ends_keep_the_line_numbers(tmp_path: Path) -> None:
    text = "carteira;situacao;efetivacao\r\n1;efetiva;01/01/2025\r\n1;efetiva;01/01/2025\r\n"
    caught = error(folder(tmp_path, beneficiarios=text.encode("cp1252")))
    assert (caught.location, caught.message) == (
        f"{tmp_path / 'beneficiarios.csv'}:3",
        "card '1' listed twice (first at line 2)",
    )
