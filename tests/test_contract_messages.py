"""A contract that cannot be used is said in the reader's language: Portuguese by default,
English on request, from the ``contract.*`` texts of the catalogs.

Each expected line below is written by hand from the catalog entry (the template with its
values filled in), never copied from what the program printed: a test that copies the output
would pass on a wrong sentence. ``str(error)`` and ``message`` stay English (logs, and the
older tests that look for English words in them).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from lotcheck import messages
from lotcheck.cli.app import app
from lotcheck.contract import ContractError, load_contract
from lotcheck.contract.packs import PackError, load_pack
from lotcheck.contract.reference import ReferenceColumns, load_reference
from lotcheck.contract.validation_text import what
from lotcheck.serve.app import create_app
from lotcheck.serve.config import ServeConfig
from test_formula_pricing import edit_contract, write_cbhpm_contract
from test_serve_api import LOOPBACK

from lots import ROOT

LOT = str(ROOT / "examples" / "lote-limpo.xml")
PMC = ReferenceColumns(code="CODIGO", price="PMC")
UNITS = ReferenceColumns(code="CODIGO", price="PMC", units="QTD")
HEADER = "tabela;codigo;descricao;valor\n"


def _contract(root: Path, toml: str, csv: str | None = HEADER) -> Path:
    root.mkdir(parents=True)
    (root / "contract.toml").write_text('name = "x"\n' + toml, encoding="utf-8")
    if csv is not None:
        (root / "2024-01-01.csv").write_text(csv, encoding="utf-8")
    return root


def _error(root: Path) -> ContractError:
    with pytest.raises(ContractError) as info:
        load_contract(root)
    return info.value


def _both(error: ContractError, pt: str, en: str) -> None:
    """The error's whole line in each language, and its English in ``str``/``message``."""
    assert error.text("pt") == pt
    assert error.text("en") == en
    assert str(error) == en
    assert error.message_pt == pt.removeprefix(f"{error.location}: ")
    assert error.message == en.removeprefix(f"{error.location}: ")


# -- the folder and contract.toml ---------------------------------------------------------------


def test_a_missing_folder(tmp_path: Path) -> None:
    where = tmp_path / "nada"
    _both(
        _error(where),
        f"{where}: pasta do contrato não encontrada (esperava-se uma pasta com contract.toml)",
        f"{where}: contract folder not found (expected a folder with contract.toml)",
    )


def test_a_folder_without_contract_toml(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    toml = tmp_path / "c" / "contract.toml"
    _both(
        _error(tmp_path / "c"),
        f"{toml}: contract.toml não encontrado",
        f"{toml}: contract.toml not found",
    )


def test_no_version_and_a_csv_not_named_by_its_date(tmp_path: Path) -> None:
    root = _contract(tmp_path / "c", "", csv=None)
    _both(
        _error(root),
        f"{root}: nenhuma versão de preços (AAAA-MM-DD.csv) e nenhum `[[pricing]]` na pasta do "
        "contrato",
        f"{root}: no price version (YYYY-MM-DD.csv) and no [[pricing]] in the contract folder",
    )
    (root / "2024-02-30.csv").write_text(HEADER, encoding="utf-8")
    _both(
        _error(root),
        f"{root / '2024-02-30.csv'}: data inválida no nome do arquivo: '2024-02-30' não é um dia "
        "do calendário",
        f"{root / '2024-02-30.csv'}: invalid date in file name: '2024-02-30' is not a day of the "
        "calendar",
    )


def test_valid_until_before_the_last_version_writes_dates_as_the_reader_does(
    tmp_path: Path,
) -> None:
    root = _contract(tmp_path / "c", "valid_until = 2023-12-31\n")
    _both(
        _error(root),
        f"{root / 'contract.toml'}: valid_until 31/12/2023 é anterior ao início da última "
        "versão, 01/01/2024",
        f"{root / 'contract.toml'}: valid_until 2023-12-31 is before the last version's start "
        "2024-01-01",
    )


# -- a price table ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "line", "pt", "en"),
    [
        (
            "22;1;a;12,5x\n",
            2,
            "o preço '12,5x' não é um número como 1.234,56",
            "price '12,5x' is not a number like 1.234,56",
        ),
        (
            "22;1;a\n",
            2,
            "esperava-se 4 colunas separadas por ';', mas a linha tem 3",
            "expected 4 columns separated by ';', found 3",
        ),
        (
            "22;1;a;1,00\n22;1;b;2,00\n",
            3,
            "código 22/1 repetido (aparece antes na linha 2)",
            "code 22/1 listed twice (first at line 2)",
        ),
    ],
    ids=["price", "columns", "twice"],
)
def test_a_price_table_row(tmp_path: Path, rows: str, line: int, pt: str, en: str) -> None:
    root = _contract(tmp_path / "c", "", csv=HEADER + rows)
    where = f"{root / '2024-01-01.csv'}:{line}"
    _both(_error(root), f"{where}: {pt}", f"{where}: {en}")


def test_a_price_table_header(tmp_path: Path) -> None:
    root = _contract(tmp_path / "c", "", csv="codigo;tabela;descricao;valor\n")
    where = f"{root / '2024-01-01.csv'}:1"
    _both(
        _error(root),
        f"{where}: o cabeçalho deve ser tabela;codigo;descricao;valor, mas é "
        "codigo;tabela;descricao;valor",
        f"{where}: header must be tabela;codigo;descricao;valor, found codigo;tabela;descricao;valor",
    )


@pytest.mark.parametrize(
    ("row", "pt", "en"),
    [
        (
            "2A;1;a;1,00",
            "linha inválida (tabela: '2A' não é um código de tabela de dois dígitos ('22'))",
            "invalid row (tabela: '2A' is not a two-digit table code ('22'))",
        ),
        (
            "22;1;a;1,005",
            "linha inválida (valor: deve ter no máximo 2 casas decimais)",
            "invalid row (valor: must have at most 2 decimal places)",
        ),
    ],
    ids=["table", "decimal places"],
)
def test_a_row_the_model_refuses_names_the_csv_column(
    tmp_path: Path, row: str, pt: str, en: str
) -> None:
    root = _contract(tmp_path / "c", "", csv=HEADER + row + "\n")
    where = f"{root / '2024-01-01.csv'}:2"
    _both(_error(root), f"{where}: {pt}", f"{where}: {en}")


# -- pydantic's errors on the settings ---------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "pt", "en"),
    [
        (
            'rounding = "nenhum"\n',
            "rounding: 'nenhum' não é permitido aqui: use 'half_up' ou 'half_even'",
            "rounding: 'nenhum' is not allowed here: use 'half_up' or 'half_even'",
        ),
        (
            'tolerance = "0,5"\n',
            "tolerance: '0,5' não é um número decimal escrito com ponto ('0.80')",
            "tolerance: '0,5' is not a decimal number written with a point ('0.80')",
        ),
        (
            "unknown_key = 1\n",
            "unknown_key: não é uma configuração desta seção (erro de digitação?)",
            "unknown_key: not a setting of this section (a typo?)",
        ),
        (
            '[participation]\n"14" = "10"\n',
            "participation: códigos de `grauPart` desconhecidos: '14'; use de '00' a '13' "
            "(tabela 35 da TISS)",
            "participation: unknown `grauPart` codes '14'; use '00'..'13' (TISS table 35)",
        ),
        (
            '[rules]\nurgency_night_start = "25:00"\n',
            "rules.urgency_night_start: '25:00' não é um horário (HH:MM)",
            "rules.urgency_night_start: '25:00' is not a time of day (HH:MM)",
        ),
        (
            '[rules]\ncarnival_is_holiday = "sim"\n',
            "rules.carnival_is_holiday: deve ser `true` ou `false`",
            "rules.carnival_is_holiday: must be true or false",
        ),
        (
            'valid_until = "ontem"\n',
            "valid_until: 'ontem' não é uma data (AAAA-MM-DD, sem aspas)",
            "valid_until: 'ontem' is not a date (YYYY-MM-DD, without quotes)",
        ),
        (
            'name = ""\n',
            "name: não pode ficar vazio",
            "name: must not be empty",
        ),
    ],
    ids=["choice", "pattern", "extra", "own", "time", "bool", "date", "empty"],
)
def test_settings_the_models_refuse(tmp_path: Path, toml: str, pt: str, en: str) -> None:
    root = tmp_path / "c"
    root.mkdir()
    text = toml if toml.startswith("name") else 'name = "x"\n' + toml
    (root / "contract.toml").write_text(text, encoding="utf-8")
    where = root / "contract.toml"
    _both(
        _error(root),
        f"{where}: configurações inválidas: {pt}",
        f"{where}: invalid settings: {en}",
    )


def test_pricing_entries_the_models_refuse(tmp_path: Path) -> None:
    toml = (
        '[[pricing]]\nmethod = "nope"\ntables = ["22"]\n'
        "[[pricing]]\ntables = []\n"
        '[[pricing]]\nmethod = "package"\ntables = ["22"]\n'
        '[[pricing.packages]]\ncode = "x y"\nincludes = []\nwindow_days = 400\n'
        'prices = [{ start = 2024-01-01, price = "1.00" }]\n'
        '[[pricing]]\nmethod = "reference"\ntables = ["19"]\n'
        '[[pricing.terms]]\nstart = 2024-03-01\nfile = "a.csv"\n'
    )
    root = _contract(tmp_path / "c", toml)
    where = root / "contract.toml"
    package = "pricing.2.package.packages.0"
    _both(
        _error(root),
        f"{where}: configurações inválidas: "
        "pricing.0: method 'nope' desconhecido: use 'cbhpm', 'coefficient', 'reference' ou "
        "'package'; "
        "pricing.1: falta method (diz que tipo de entrada é esta); "
        f"{package}.code: 'x y' não é um código de letras, dígitos, pontos e hífens; "
        f"{package}.includes: deve ter pelo menos 1 item; "
        f"{package}.window_days: 400 deve ser 366 ou menos; "
        "pricing.3.reference: vigência de 01/03/2024: sem colunas (informe-as aqui ou na "
        "vigência)",
        f"{where}: invalid settings: "
        "pricing.0: method 'nope' is not known: use 'cbhpm', 'coefficient', 'reference' or "
        "'package'; "
        "pricing.1: method is missing (it says which kind of entry this is); "
        f"{package}.code: 'x y' is not a code of letters, digits, dots and hyphens; "
        f"{package}.includes: must list at least 1 item; "
        f"{package}.window_days: 400 must be 366 or less; "
        "pricing.3.reference: term of 2024-03-01: no columns (give them here or in it)",
    )


def test_two_terms_on_one_day(tmp_path: Path) -> None:
    term = '[[pricing.terms]]\nstart = 2024-01-01\nedition = "ed"\nuco = "1.00"\n'
    root = _contract(tmp_path / "c", '[[pricing]]\nmethod = "cbhpm"\ntables = ["22"]\n' + term * 2)
    where = root / "contract.toml"
    _both(
        _error(root),
        f"{where}: configurações inválidas: pricing.0.cbhpm: duas vigências começam no mesmo dia",
        f"{where}: invalid settings: pricing.0.cbhpm: two terms start on the same day",
    )


def test_a_pydantic_error_we_do_not_name_keeps_pydantics_words() -> None:
    said = what({"type": "brand_new", "loc": ("x",), "msg": "Something new", "input": 1})
    assert messages.render(said, "pt") == messages.render(said, "en") == "Something new"


# -- the editions [[pricing]] pins, and the entries as a whole ---------------------------------


def test_a_cbhpm_edition_cell(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c", procedures=["30000009;Ato;2A;;46.350;;0;0"])
    where = f"{root / 'ed' / 'procedimentos.csv'}:2"
    _both(
        _error(root),
        f"{where}: uco '46.350': escreva o decimal com vírgula (46,350); neste arquivo separado "
        "por ';' o ponto agrupa milhares",
        f"{where}: uco '46.350': write the decimal with a comma (46,350); in this ';' file a dot "
        "would group thousands",
    )
    root = write_cbhpm_contract(tmp_path / "d", procedures=["30000009;Exame;;;1;;0;2"])
    where = f"{root / 'ed' / 'procedimentos.csv'}:2"
    _both(
        _error(root),
        f"{where}: `auxiliares` informados sem porte (os auxiliares recebem sobre o mesmo porte)",
        f"{where}: auxiliares given without a porte (auxiliaries share it)",
    )


def test_a_missing_cbhpm_edition_folder(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c")
    edit_contract(root, 'edition = "ed"', 'edition = "nada"', every=True)
    _both(
        _error(root),
        f"{root / 'nada'}: pasta da edição CBHPM não encontrada",
        f"{root / 'nada'}: CBHPM edition folder not found",
    )


def test_two_entries_pricing_the_same_table(tmp_path: Path) -> None:
    extra = (
        '[[pricing]]\nmethod = "package"\ntables = ["22"]\n'
        '[[pricing.packages]]\ncode = "30000001"\nincludes = ["1"]\n'
        'prices = [{ start = 2024-01-01, price = "1.00" }]\n'
    )
    root = write_cbhpm_contract(tmp_path / "c", extra=extra)
    where = root / "contract.toml"
    _both(
        _error(root),
        f"{where}: as entradas 1 e 2 de `[[pricing]]` precificam códigos da tabela 22: dê a cada "
        "uma os seus próprios códigos",
        f"{where}: pricing entries 1 and 2 both price codes of table 22: give each its own codes",
    )


def test_an_entry_code_of_a_table_it_does_not_list(tmp_path: Path) -> None:
    root = write_cbhpm_contract(tmp_path / "c")
    where = edit_contract(root, 'tables = ["22"]\n', 'tables = ["22"]\ncodes = ["00/30000001"]\n')
    _both(
        _error(root),
        f"{where}: entrada 1 de `[[pricing]]` (cbhpm): o código 00/30000001 é da tabela 00, que "
        "não está entre as tabelas da entrada",
        f"{where}: pricing entry 1 (cbhpm): code 00/30000001 is of table 00, which its tables do "
        "not list",
    )


# -- a materials or medicines reference edition ------------------------------------------------


def _reference(path: Path, text: bytes, columns: ReferenceColumns) -> ContractError:
    path.write_bytes(text)
    with pytest.raises(ContractError) as info:
        load_reference(path, columns)
    return info.value


def test_a_reference_column_that_is_not_there(tmp_path: Path) -> None:
    path = tmp_path / "ed.csv"
    error = _reference(path, "Código;Descrição;PF\n1;x;1,00\n".encode(), PMC)
    _both(
        error,
        f"{path}:1: não há coluna 'PMC' (preço) no cabeçalho; o cabeçalho tem: 'Código', "
        "'Descrição', 'PF'",
        f"{path}:1: no column 'PMC' (price) in the header; the header has: 'Código', "
        "'Descrição', 'PF'",
    )


def test_reference_units_and_an_open_quote(tmp_path: Path) -> None:
    path = tmp_path / "ed.csv"
    _both(
        _reference(path, b"CODIGO;QTD;PMC\n1;-2;1,00\n", UNITS),
        f"{path}:2: as unidades '-2' na coluna 'QTD' não são um número maior que zero como "
        "20 ou 2,5",
        f"{path}:2: units '-2' in column 'QTD' is not a number above zero like 20 or 2,5",
    )
    _both(
        _reference(path, b'CODIGO;QTD;PMC\n"1;1;1,00\n2";1;1,00;x\n3;1;1,00\n', UNITS),
        f"{path}:2: esperava-se 3 colunas separadas por ';', mas a linha tem 4 (o registro vai "
        'até a linha 3: ficou uma aspa (") aberta?)',
        f"{path}:2: expected 3 columns separated by ';', found 4 (the row runs to line 3: is a "
        'quote (") left open?)',
    )


def test_a_reference_byte_that_is_no_text(tmp_path: Path) -> None:
    path = tmp_path / "ed.csv"
    _both(
        _reference(path, b"CODIGO;PMC\n1;1,00\n2;\x81;\n", PMC),
        f"{path}:3: o byte 0x81 não é texto UTF-8 nem Windows-1252",
        f"{path}:3: byte 0x81 is neither UTF-8 nor Windows-1252 text",
    )


# -- the error itself ---------------------------------------------------------------------------


def test_the_error_crosses_a_process_and_words_itself_later(tmp_path: Path) -> None:
    error = _error(tmp_path / "nada")
    again = pickle.loads(pickle.dumps(error))
    assert (again.key, again.location, again.text("pt")) == (
        error.key,
        error.location,
        error.text("pt"),
    )
    assert messages.render(error.as_msg(), "pt") == error.text("pt")
    assert messages.render(error.as_msg(), "en") == str(error)
    bare = ContractError("reference.no_entries")
    assert bare.text("pt") == "nenhum registro depois do cabeçalho"
    assert str(bare) == "no entries after the header"


def test_a_rule_pack_keeps_its_own_error(tmp_path: Path) -> None:
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "nada.toml")
    assert str(info.value) == f"{tmp_path / 'nada.toml'}: rule pack not found"


# -- who prints it ------------------------------------------------------------------------------


def test_the_command_line_says_it_in_the_runs_language(tmp_path: Path) -> None:
    root = _contract(tmp_path / "c", 'rounding = "nenhum"\n')
    where = root / "contract.toml"
    runner = CliRunner()
    pt = runner.invoke(app, ["check", LOT, "--contract", str(root)])
    assert pt.exit_code == 2
    assert pt.stderr == (
        f"lotcheck: contrato inválido: {where}: configurações inválidas: rounding: 'nenhum' não "
        "é permitido aqui: use 'half_up' ou 'half_even'\n"
    )
    en = runner.invoke(app, ["check", LOT, "--contract", str(root), "--lang", "en"])
    assert en.exit_code == 2
    assert en.stderr == (
        f"lotcheck: invalid contract: {where}: invalid settings: rounding: 'nenhum' is not "
        "allowed here: use 'half_up' or 'half_even'\n"
    )


def test_the_server_says_it_in_the_requests_language_without_its_folder(tmp_path: Path) -> None:
    _contract(tmp_path / "quebrado", 'rounding = "nenhum"\n')
    answers = {}
    with TestClient(
        create_app(ServeConfig(contracts=tmp_path, workers=1)), base_url=LOOPBACK
    ) as client:
        for lang in ("pt", "en"):
            answers[lang] = client.post(
                f"/api/v1/check?lang={lang}",
                files={"files": ("a.xml", b"<a/>")},
                data={"contract": "quebrado"},
            ).json()["error"]["message"]
    assert answers["pt"] == (
        "contrato inválido: quebrado/contract.toml: configurações inválidas: rounding: 'nenhum' "
        "não é permitido aqui: use 'half_up' ou 'half_even'"
    )
    assert answers["en"] == (
        "invalid contract: quebrado/contract.toml: invalid settings: rounding: 'nenhum' is not "
        "allowed here: use 'half_up' or 'half_even'"
    )
