"""The payer's column mapping (lotcheck.statement.mapping): what it accepts, every error it
words (file, line, key) and its published JSON Schema. Expected lines counted by hand in the
TOML texts below."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from lotcheck.statement.errors import StatementError
from lotcheck.statement.mapping import load_mapping, mapping_schema

from lots import ROOT

EXAMPLE = ROOT / "examples" / "demonstrativos" / "mapeamento-operadora-exemplo.toml"

#: the smallest valid mapping: the required columns, one of sequence/code
COLUMNS = """[columns]
guide = "Guia"
sequence = "Seq"
date = "Data"
informed = "Informado"
released = "Liberado"
glosa_code = "Glosa"
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mapa.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _error(tmp_path: Path, body: str) -> StatementError:
    path = _write(tmp_path, body)
    with pytest.raises(StatementError) as caught:
        load_mapping(path)
    error = caught.value
    assert error.path == str(path)
    assert str(path) in error.message and str(path) in error.message_pt
    return error


def test_the_smallest_mapping_takes_the_defaults(tmp_path: Path) -> None:
    mapping = load_mapping(_write(tmp_path, COLUMNS))
    assert mapping.file.encoding == "utf-8"
    assert mapping.file.delimiter == "auto"
    assert mapping.file.decimal == "auto"
    assert mapping.file.header_row == 1
    assert mapping.file.sheet is None
    assert mapping.file.date_format == "%d/%m/%Y"
    assert mapping.columns.guide == "Guia"
    assert mapping.columns.code is None and mapping.columns.denied is None
    assert mapping.statement.registro_ans is None


def test_the_example_mapping_loads() -> None:
    mapping = load_mapping(EXAMPLE)
    assert mapping.file.encoding == "cp1252"
    assert mapping.file.header_row == 3
    assert mapping.columns.glosa_text == "Motivo Glosa"
    assert mapping.statement.registro_ans == "123456"


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StatementError) as caught:
        load_mapping(tmp_path / "nada.toml")
    assert caught.value.key == "mapping.not_found"
    assert "mapeamento de colunas não encontrado" in caught.value.message_pt


def test_a_folder_is_not_read(tmp_path: Path) -> None:
    with pytest.raises(StatementError) as caught:
        load_mapping(tmp_path)
    assert caught.value.key == "mapping.not_regular"
    assert "não é um arquivo comum" in caught.value.message_pt


def test_a_mapping_above_the_settings_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lotcheck.statement import mapping

    path = _write(tmp_path, COLUMNS)
    monkeypatch.setattr(mapping, "MAX_SETTINGS_BYTES", len(COLUMNS) - 1)
    with pytest.raises(StatementError) as caught:
        load_mapping(path)
    assert caught.value.key == "mapping.unreadable"
    assert "limit" in caught.value.message


def test_a_mapping_not_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mapa.toml"
    path.write_bytes(COLUMNS.replace("Data", "Data Realização").encode("cp1252"))
    with pytest.raises(StatementError) as caught:
        load_mapping(path)
    assert caught.value.key == "mapping.not_utf8"


def test_a_toml_syntax_error_names_the_parsers_line(tmp_path: Path) -> None:
    error = _error(tmp_path, COLUMNS + 'informed "x"\n')
    assert error.key == "mapping.toml"
    assert error.line == 8
    assert ", line 8: invalid TOML" in error.message
    assert ", linha 8: TOML inválido" in error.message_pt


@pytest.mark.parametrize(
    ("body", "line", "english"),
    [
        # an unknown key in [columns], named with its section
        (COLUMNS + 'colour = "Cor"\n', 8, "unknown key `columns.colour`"),
        # an unknown section
        ("[extra]\n" + COLUMNS, 1, "unknown key `extra`"),
        # an unknown key in [file]
        ('[file]\nseparator = ";"\n' + COLUMNS, 2, "unknown key `file.separator`"),
        # a required column missing: the line of its section
        (COLUMNS.replace('informed = "Informado"\n', ""), 1, "`columns.informed` is missing"),
        # no [columns] at all: no line to give
        ('[file]\nencoding = "utf-8"\n', None, "`columns` is missing"),
        # wrong types
        (COLUMNS + "[file]\nheader_row = '3'\n", 9, "`file.header_row` must be a whole number"),
        (COLUMNS.replace('"Guia"', "3"), 2, "`columns.guide` must be a quoted text"),
        ('columns = "Guia"\n', 1, "`columns` must be a section"),
        # a choice out of the list
        (
            COLUMNS + '[file]\nencoding = "latin1"\n',
            9,
            "`file.encoding` does not take 'latin1'; accepted: 'utf-8', 'utf-8-sig', 'cp1252'",
        ),
        (COLUMNS + '[file]\ndelimiter = "|"\n', 9, "`file.delimiter` does not take '|'"),
        (COLUMNS + '[file]\ndecimal = "·"\n', 9, "`file.decimal` does not take '·'"),
        # the header row's bounds
        (COLUMNS + "[file]\nheader_row = 0\n", 9, "`file.header_row` must be at least 1"),
        (COLUMNS + "[file]\nheader_row = 1001\n", 9, "`file.header_row` must be at most 1000"),
        # an empty header, an empty sheet name
        (COLUMNS.replace('"Seq"', '""'), 3, "`columns.sequence` is empty"),
        (COLUMNS + '[file]\nsheet = ""\n', 9, "`file.sheet` is empty"),
        # the ANS registration is six digits
        (
            COLUMNS + '[statement]\nregistro_ans = "12345"\n',
            9,
            "`statement.registro_ans` must be the 6 digits of the ANS registration, not 12345",
        ),
        # a date format that does not read a date
        (COLUMNS + '[file]\ndate_format = "dd/mm/yyyy"\n', 9, "`file.date_format` dd/mm/yyyy"),
        (COLUMNS + '[file]\ndate_format = "%d/%m"\n', 9, "does not read a date"),
        # neither sequence nor code
        (COLUMNS.replace('sequence = "Seq"\n', ""), 1, "needs `sequence` or `code`"),
        # one header for two fields (compared without case)
        (
            COLUMNS + 'description = "glosa"\n',
            8,
            "the column glosa is in both `columns.glosa_code` and `columns.description`",
        ),
        # a lot number both from a column and fixed
        (
            COLUMNS + 'lot_number = "Lote"\n[statement]\nlot_number = "1001"\n',
            10,
            "`lot_number` is in both `[columns]` and `[statement]`",
        ),
    ],
)
def test_each_mapping_error_names_the_key_and_its_line(
    tmp_path: Path, body: str, line: int | None, english: str
) -> None:
    error = _error(tmp_path, body)
    assert error.key == "mapping.invalid"
    assert error.line == line
    assert english in error.message
    where = f"mapa.toml, line {line}: " if line is not None else "mapa.toml: "
    assert where in error.message


def test_several_problems_are_all_said_each_with_its_line(tmp_path: Path) -> None:
    body = COLUMNS + 'colour = "Cor"\n[file]\nencoding = "latin1"\n'
    error = _error(tmp_path, body)
    assert error.key == "mapping.invalid_many"
    assert error.line == 10  # the first problem pydantic gives: [file] is validated first
    assert "2 problems" in error.message
    assert "`file.encoding` does not take 'latin1'" in error.message
    assert "(line 10)" in error.message and "unknown key `columns.colour` (line 8)" in error.message
    assert "2 problemas" in error.message_pt
    assert "chave desconhecida `columns.colour` (linha 8)" in error.message_pt


def test_errors_are_worded_in_portuguese(tmp_path: Path) -> None:
    error = _error(tmp_path, COLUMNS.replace('informed = "Informado"\n', ""))
    assert error.message_pt.endswith(
        "mapeamento de colunas inválido: falta a chave obrigatória `columns.informed`"
    )
    assert error.text("pt") == error.message_pt
    assert error.text("en") == error.message


def test_the_published_schema_is_the_generated_one() -> None:
    from lotcheck.report.schemas import dump

    published = (ROOT / "schemas" / "statement-mapping.schema.json").read_text(encoding="utf-8")
    assert published == dump(mapping_schema()), "run: python -m lotcheck.report.schemas schemas"


def test_the_schema_accepts_the_example_and_refuses_what_the_loader_refuses() -> None:
    schema = json.loads(
        (ROOT / "schemas" / "statement-mapping.schema.json").read_text(encoding="utf-8")
    )
    example = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    jsonschema.validate(example, schema)
    unknown = {**example, "columns": {**example["columns"], "colour": "Cor"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(unknown, schema)
    keyless = {
        **example,
        "columns": {k: v for k, v in example["columns"].items() if k not in ("sequence", "code")},
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(keyless, schema)


DOC = ROOT / "docs" / "statement-mapping.md"


def test_the_docs_full_example_is_the_example_mapping() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    assert tomllib.loads(block) == tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_the_docs_name_every_key_of_the_mapping() -> None:
    from lotcheck.statement.mapping import Columns, Constants, FileSettings

    text = DOC.read_text(encoding="utf-8")
    for model in (FileSettings, Columns, Constants):
        for name in model.model_fields:
            assert f"`{name}`" in text, name
