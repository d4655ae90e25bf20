"""What an eligibility folder's error says, in each language: Portuguese by default, English
on request, from the ``eligibility.*`` texts of the two catalogs.

Each expected text below is written by hand from the catalog entry (never copied from the
program's output), with the location first (``file:line: ``) in both languages, dates as the
reader writes them (``01/01/2025`` in Portuguese, ISO in English) and the folder's own words
(cells, column names, paths) as the file holds them. The English ``message`` is what the tests
of :mod:`test_eligibility_files` read, so it keeps its old wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import language_words
from lotcheck import messages
from lotcheck.eligibility.errors import EligibilityError
from lotcheck.eligibility.files import load_eligibility

ROSTER = "carteira;situacao;efetivacao\n"
ROSTER_OK = ROSTER + "1;efetiva;01/01/2025\n"
AGREEMENTS = "id;entidade;assinatura;ativacao;rescisao;servidores;limiar;janela_meses\n"
AUTH = "numero;prestador;profissionais;codigo;quantidade;emissao;validade;situacao\n"
AUTH_ROW = "1;123;;22/40304361;1;01/02/2025;01/03/2025;ativa\n"
WAIT = "plano;grupo;dias;tipos_guia;carater;codigos\n"
WAIT_COLUMNS = "plano, grupo, dias, tipos_guia, carater, codigos"
SUSP = "tipo;id;inicio;fim\n"
FILES = (
    "beneficiarios.csv, acordos.csv, adesoes.csv, suspensoes.csv, carencias.csv, autorizacoes.csv"
)

#: (key, files besides a valid roster, where, Portuguese, English); where is relative to the
#: folder, "" the folder itself
CASES: list[tuple[str, dict[str, str], str, str, str]] = [
    # the folder
    (
        "roster_missing",
        {"beneficiarios": ""},
        "",
        "falta beneficiarios.csv, o único arquivo obrigatório",
        "beneficiarios.csv is missing; it is the one required file",
    ),
    (
        "stray_file",
        {"carencia": "plano;grupo;dias\n"},
        "carencia.csv",
        f"carencia.csv não é um arquivo de elegibilidade (os arquivos são {FILES})",
        f"carencia.csv is not an eligibility file (the files are {FILES})",
    ),
    (
        "plan_without_waiting",
        {
            "beneficiarios": "carteira;plano;situacao;efetivacao\n1;P1;efetiva;01/01/2025\n",
            "carencias": "plano;grupo;dias\nP2;geral;30\n",
        },
        "carencias.csv",
        "o plano 'P1' de beneficiarios.csv não está em carencias.csv: inclua-o (com 0 dias, se o "
        "plano não tiver carências)",
        "plan 'P1' of beneficiarios.csv is not in carencias.csv: list it (with 0 days for a plan "
        "without waiting periods)",
    ),
    # the header
    (
        "empty_file",
        {"carencias": ""},
        "carencias.csv:1",
        "arquivo vazio; o cabeçalho esperado é plano;grupo;dias;tipos_guia;carater;codigos",
        "empty file; expected the header plano;grupo;dias;tipos_guia;carater;codigos",
    ),
    (
        "unnamed_column",
        {"carencias": "plano;grupo;;dias\n"},
        "carencias.csv:1",
        "a coluna 3 do cabeçalho não tem nome (um ';' sobrando no fim?); as colunas deste arquivo "
        f"são {WAIT_COLUMNS}",
        f"column 3 of the header has no name (a trailing ';'?); this file's columns are "
        f"{WAIT_COLUMNS}",
    ),
    (
        "unknown_column",
        {"carencias": "plano;grupo;dias;prazo\n"},
        "carencias.csv:1",
        f"coluna desconhecida 'prazo'; as colunas deste arquivo são {WAIT_COLUMNS}",
        f"unknown column 'prazo'; this file's columns are {WAIT_COLUMNS}",
    ),
    (
        "duplicate_column",
        {"carencias": "plano;grupo;dias;Dias\n"},
        "carencias.csv:1",
        "a coluna 'dias' aparece duas vezes (colunas 3 e 4)",
        "column 'dias' appears twice (columns 3 and 4)",
    ),
    (
        "missing_columns",
        {"carencias": "plano;grupo\n"},
        "carencias.csv:1",
        "falta a coluna obrigatória dias",
        "missing required column dias",
    ),
    (
        "missing_columns",
        {"carencias": "plano\n"},
        "carencias.csv:1",
        "faltam as colunas obrigatórias grupo, dias",
        "missing required columns grupo, dias",
    ),
    # the rows and cells
    (
        "row_width",
        {"carencias": "plano;grupo;dias\nP;g;30;x\n"},
        "carencias.csv:2",
        "eram esperadas 3 colunas separadas por ';', mas a linha tem 4",
        "expected 3 columns separated by ';', found 4",
    ),
    (
        "empty_cell",
        {"carencias": "plano;grupo;dias\nP;;30\n"},
        "carencias.csv:2",
        "a coluna grupo está vazia",
        "empty grupo",
    ),
    (
        "bad_date",
        {"beneficiarios": ROSTER + "1;efetiva;31/02/2025\n"},
        "beneficiarios.csv:2",
        "'31/02/2025' na coluna efetivacao não é uma data no formato AAAA-MM-DD ou DD/MM/AAAA",
        "efetivacao '31/02/2025' is not a date like AAAA-MM-DD or DD/MM/AAAA",
    ),
    (
        "bad_date",
        {"suspensoes": SUSP + "beneficiario;1;2025-13-01;\n"},
        "suspensoes.csv:2",
        "'2025-13-01' na coluna inicio não é uma data no formato AAAA-MM-DD ou DD/MM/AAAA",
        "inicio '2025-13-01' is not a date like AAAA-MM-DD or DD/MM/AAAA",
    ),
    (
        "bad_count",
        {"carencias": "plano;grupo;dias\nP;g;trinta\n"},
        "carencias.csv:2",
        "'trinta' na coluna dias não é um número inteiro igual ou maior que 0",
        "dias 'trinta' is not a whole number of 0 or more",
    ),
    (
        "bad_number",
        {"autorizacoes": AUTH + "9;123;;22/40304361;2.500;01/02/2025;01/03/2025;ativa\n"},
        "autorizacoes.csv:2",
        "'2.500' na coluna quantidade não é um número maior que zero, como 1.234,5",
        "quantidade '2.500' is not a number above zero like 1.234,5",
    ),
    (
        "bad_choice",
        {"suspensoes": SUSP + "plano;1;01/01/2025;\n"},
        "suspensoes.csv:2",
        "'plano' na coluna tipo não é um destes valores: acordo, beneficiario",
        "tipo 'plano' is not one of acordo, beneficiario",
    ),
    (
        "bad_choice",
        {"beneficiarios": ROSTER + "1;ativa;01/01/2025\n"},
        "beneficiarios.csv:2",
        "'ativa' na coluna situacao não é um destes valores: solicitada, efetiva, excluida",
        "situacao 'ativa' is not one of solicitada, efetiva, excluida",
    ),
    (
        "before",
        {"suspensoes": SUSP + "beneficiario;1;02/01/2025;01/01/2025\n"},
        "suspensoes.csv:2",
        "a data de fim (01/01/2025) é anterior à de inicio (02/01/2025)",
        "fim 2025-01-01 is before inicio 2025-01-02",
    ),
    (
        "before",
        {
            "beneficiarios": "carteira;situacao;solicitacao;efetivacao\n1;efetiva;02/01/2025;2025-01-01\n"
        },
        "beneficiarios.csv:2",
        "a data de efetivacao (01/01/2025) é anterior à de solicitacao (02/01/2025)",
        "efetivacao 2025-01-01 is before solicitacao 2025-01-02",
    ),
    # acordos.csv, adesoes.csv, suspensoes.csv
    (
        "duplicate_agreement",
        {"acordos": AGREEMENTS + "A1;E;01/01/2024;;;100;;\n" * 2},
        "acordos.csv:3",
        "o acordo 'A1' aparece duas vezes (a primeira na linha 2)",
        "agreement 'A1' listed twice (first at line 2)",
    ),
    (
        "threshold_above_100",
        {"acordos": AGREEMENTS + "A1;E;01/01/2024;;;100;120;\n"},
        "acordos.csv:2",
        "o limiar '120' passa de 100 %",
        "limiar '120' is above 100 %",
    ),
    (
        "unknown_agreement",
        {
            "acordos": AGREEMENTS + "A1;E;01/01/2024;;;100;;\n",
            "adesoes": "acordo;data;adesoes\nA2;02/01/2024;5\n",
        },
        "adesoes.csv:2",
        "o acordo 'A2' não está em acordos.csv",
        "acordo 'A2' is not in acordos.csv",
    ),
    (
        "duplicate_adhesions",
        {
            "acordos": AGREEMENTS + "A1;E;01/01/2024;;;100;;\n",
            "adesoes": "acordo;data;adesoes\nA1;02/01/2024;5\nA1;2024-01-02;5\n",
        },
        "adesoes.csv:3",
        "as adesões do acordo 'A1' em 02/01/2024 aparecem duas vezes (a primeira na linha 2)",
        "adhesions of 'A1' on 2024-01-02 listed twice (first at line 2)",
    ),
    (
        "adhesions_without_servants",
        {
            "acordos": AGREEMENTS + "A1;E;01/01/2024;;;;;\n",
            "adesoes": "acordo;data;adesoes\nA1;02/01/2024;5\n",
        },
        "acordos.csv:2",
        "adesoes.csv traz adesões do acordo 'A1', mas a coluna servidores está vazia; sem ela a "
        "ativação do acordo não pode ser calculada",
        "adesoes.csv lists adhesions of 'A1' but servidores is empty, so its activation cannot "
        "be derived",
    ),
    (
        "unknown_beneficiary",
        {"suspensoes": SUSP + "beneficiario;2;01/01/2025;\n"},
        "suspensoes.csv:2",
        "o beneficiário '2' não está em beneficiarios.csv",
        "beneficiario '2' is not in beneficiarios.csv",
    ),
    # beneficiarios.csv
    (
        "bad_segment",
        {"beneficiarios": "carteira;situacao;segmentos\n1;solicitada;ambulatorial|dental\n"},
        "beneficiarios.csv:2",
        "o segmento 'dental' não é um destes: ambulatorial, hospitalar, obstetricia, odontologico",
        "segment 'dental' is not one of ambulatorial, hospitalar, obstetricia, odontologico",
    ),
    (
        "bad_cns",
        {"beneficiarios": "carteira;situacao;cns\n1;solicitada;12345\n"},
        "beneficiarios.csv:2",
        "o CNS '12345' não tem 15 dígitos",
        "cns '12345' is not 15 digits",
    ),
    (
        "status_needs_date",
        {"beneficiarios": ROSTER + "1;efetiva;\n"},
        "beneficiarios.csv:2",
        "com situacao efetiva, a coluna efetivacao é obrigatória",
        "situacao efetiva needs efetivacao",
    ),
    (
        "duplicate_card",
        {"beneficiarios": ROSTER_OK + "1;efetiva;01/01/2025\n"},
        "beneficiarios.csv:3",
        "a carteira '1' aparece duas vezes (a primeira na linha 2)",
        "card '1' listed twice (first at line 2)",
    ),
    # carencias.csv, autorizacoes.csv
    (
        "bad_range",
        {"carencias": WAIT + "P;g;30;;;3000-39999999\n"},
        "carencias.csv:2",
        "o intervalo '3000-39999999' precisa de dois códigos do mesmo tamanho, o primeiro não "
        "maior que o segundo",
        "range '3000-39999999' needs two codes of the same length, the first not above the second",
    ),
    (
        "bad_code_or_range",
        {"carencias": WAIT + "P;g;30;;;22/4030 4361\n"},
        "carencias.csv:2",
        "'22/4030 4361' não é um código (22/40304361, 40304361) nem um intervalo "
        "(30000000-39999999)",
        "code '22/4030 4361' is neither a code (22/40304361, 40304361) nor a range "
        "(30000000-39999999)",
    ),
    (
        "duplicate_group",
        {"carencias": WAIT + "P;g;30;;;\nP;g;60;;;\n"},
        "carencias.csv:3",
        "o grupo 'g' do plano 'P' aparece duas vezes (a primeira na linha 2)",
        "group 'g' of plan 'P' listed twice (first at line 2)",
    ),
    (
        "bad_code",
        {"autorizacoes": AUTH + "1;123;;22 40304361;1;;;ativa\n"},
        "autorizacoes.csv:2",
        "'22 40304361' na coluna codigo não é um código como 22/40304361, 40304361",
        "codigo '22 40304361' is not a code like 22/40304361, 40304361",
    ),
    (
        "authorization_differs",
        {"autorizacoes": AUTH + AUTH_ROW + "1;456;;22/40301630;1;01/02/2025;01/03/2025;ativa\n"},
        "autorizacoes.csv:3",
        "autorização '1': a coluna prestador não é a mesma da linha 2, que traz a mesma "
        "autorização",
        "authorization '1': prestador differs from line 2, which lists the same authorization",
    ),
    (
        "duplicate_item",
        {"autorizacoes": AUTH + AUTH_ROW + AUTH_ROW},
        "autorizacoes.csv:3",
        "a autorização '1' traz o código '22/40304361' duas vezes (a primeira na linha 2)",
        "authorization '1' lists code '22/40304361' twice (first at line 2)",
    ),
    (
        "before",
        {"autorizacoes": AUTH + "1;123;;22/40304361;1;02/02/2025;01/02/2025;ativa\n"},
        "autorizacoes.csv:2",
        "a data de validade (01/02/2025) é anterior à de emissao (02/02/2025)",
        "validade 2025-02-01 is before emissao 2025-02-02",
    ),
]


def _folder(root: Path, files: dict[str, str]) -> Path:
    files = {"beneficiarios": ROSTER_OK, **files}
    for name, text in files.items():
        if text or name != "beneficiarios":
            (root / f"{name}.csv").write_text(text, encoding="utf-8")
    return root


def _error(root: Path) -> EligibilityError:
    with pytest.raises(EligibilityError) as caught:
        load_eligibility(root)
    return caught.value


def _assert_words(caught: EligibilityError, where: str, pt: str, en: str) -> None:
    assert (caught.message_pt, caught.message) == (pt, en)
    assert (caught.text("pt"), caught.text("en"), str(caught)) == (
        f"{where}: {pt}",
        f"{where}: {en}",
        f"{where}: {en}",
    )
    assert not language_words.english_in(pt), pt
    assert not language_words.portuguese_in(en), en


@pytest.mark.parametrize(
    ("key", "files", "where", "pt", "en"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_each_error_is_portuguese_by_default_and_english_on_request(
    tmp_path: Path, key: str, files: dict[str, str], where: str, pt: str, en: str
) -> None:
    caught = _error(_folder(tmp_path, files))
    location = str(tmp_path / where) if where else str(tmp_path)
    assert (caught.key, caught.location) == (key, location)
    _assert_words(caught, location, pt, en)
    assert messages.render(caught.as_msg(), "pt") == caught.text("pt")
