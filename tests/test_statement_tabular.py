"""CSV and XLSX statements read through a column mapping (lotcheck.statement.tabular).

Every expected value is worked out by hand from the rows written in each test (or, for the
example, from examples/demonstrativos/demonstrativo-exemplo.csv as it reads in a text editor).
The XLSX files are written here with openpyxl, in tmp_path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from lotcheck import messages
from lotcheck.statement import table_sources
from lotcheck.statement.errors import StatementError
from lotcheck.statement.read import read_statement
from lotcheck.statement.tabular import read_table_statement
from lotcheck.statement.types import Glosa, Statement

from lots import ROOT

EXAMPLES = ROOT / "examples" / "demonstrativos"
LIMIT = 1 << 20

#: a mapping for the "plain" files below: ";" or "," chosen per test
MAPPING = """[file]
{file}
[columns]
guide = "Guia"
sequence = "Seq"
code = "Código"
date = "Data"
informed = "Informado"
released = "Liberado"
glosa_code = "Glosa"
{columns}
[statement]
{statement}
"""
HEADER = "Guia;Seq;Código;Data;Informado;Liberado;Glosa\n"


def _mapping(tmp_path: Path, file: str = "", columns: str = "", statement: str = "") -> Path:
    path = tmp_path / "mapa.toml"
    path.write_text(
        MAPPING.format(file=file, columns=columns, statement=statement), encoding="utf-8"
    )
    return path


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "d.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _read(path: Path, mapping: Path) -> Statement:
    return read_table_statement(path, mapping, max_bytes=LIMIT)


def _fails(path: Path, mapping: Path, max_bytes: int = LIMIT) -> StatementError:
    with pytest.raises(StatementError) as caught:
        read_table_statement(path, mapping, max_bytes=max_bytes)
    assert caught.value.path == str(path)
    return caught.value


# -- the example: ";" with a decimal comma, cp1252, a title above the header -------------------


def test_the_example_csv_reads_as_worked_out_by_hand() -> None:
    path = EXAMPLES / "demonstrativo-exemplo.csv"
    statement = read_statement(path, mapping=EXAMPLES / "mapeamento-operadora-exemplo.toml")
    assert statement.form == "csv"
    assert statement.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    # registro_ans is a constant but no statement number: the key is the bytes' digest
    assert statement.key == f"sha256:{statement.sha256}"
    assert statement.registro_ans == "123456"
    assert statement.operator_name == "Operadora Exemplo Saúde"
    (protocol,) = statement.protocols
    assert (protocol.lot_number, protocol.protocol, protocol.line) == ("1001", "PRT-88", 4)
    first, second = protocol.guides
    # G-0001 has rows 4, 5 and (after G-0002 and a blank line) 8, in that order
    assert (first.provider_number, first.operator_number, first.line) == ("G-0001", "OP-9001", 4)
    assert [i.line for i in first.items] == [4, 5, 8]
    assert [i.sequence for i in first.items] == ["1", "2", "3"]
    hemo = first.items[1]
    assert hemo.code == "40304361" and hemo.table == "22"
    assert hemo.description == "Hemograma completo"
    assert hemo.date == date(2023, 10, 9)
    assert hemo.quantity == Decimal("1")
    assert (hemo.informed, hemo.released, hemo.denied) == (
        Decimal("12.50"),
        Decimal("10.00"),
        Decimal("2.50"),
    )
    assert hemo.glosas == (Glosa("1705", Decimal("2.50"), "Valor cobrado acima do contratado"),)
    # the creatinine row leaves the denied value empty: 8,00 − 8,00
    creat = first.items[2]
    assert creat.denied is None and creat.denied_value == Decimal("0.00") and creat.glosas == ()
    (glicose,) = second.items
    assert (second.provider_number, glicose.line) == ("G-0002", 6)
    assert glicose.informed == Decimal("1234.56") and glicose.quantity == Decimal("2")
    assert glicose.glosas[0].text == "Procedimento sem autorização prévia"
    # the "Total" row: 150 + 12,50 + 1.234,56 + 8 = 1.405,06; 150 + 10 + 0 + 8 = 168;
    # 0 + 2,50 + 1.234,56 + 0 = 1.237,06 — all add up, so no remark
    assert statement.informed == Decimal("1405.06")
    assert statement.released == Decimal("168.00")
    assert statement.denied == Decimal("1237.06")
    assert statement.remarks == ()


# -- the "," dialect, UTF-8 with a byte order mark, no denied column, ISO dates ------------------


def test_comma_dialect_with_decimal_point_and_denied_computed(tmp_path: Path) -> None:
    text = (
        "\ufeffGuia,Seq,Código,Data,Informado,Liberado,Glosa\n"
        '7,1,10101012,2023-10-09,"1,200.50",1000.25,1705\n'
        "7,2,40304361,2023-10-09,30,30,\n"
    )
    statement = _read(
        _csv(tmp_path, text), _mapping(tmp_path, file='date_format = "iso"\ndelimiter = "auto"')
    )
    (protocol,) = statement.protocols
    assert (protocol.lot_number, protocol.protocol) == (None, None)
    (guide,) = protocol.guides
    one, two = guide.items
    assert one.informed == Decimal("1200.50") and one.released == Decimal("1000.25")
    assert one.denied is None and one.denied_value == Decimal("200.25")  # 1200,50 − 1000,25
    assert one.glosas == (Glosa("1705", None, None),)  # no denied column: no value given
    assert two.informed == Decimal("30.00") and two.denied_value == Decimal("0.00")
    assert one.date == date(2023, 10, 9)
    assert statement.informed is None  # no totals row: the file gives none
    assert statement.remarks == ()


def test_a_semicolon_file_declared_cp1252(tmp_path: Path) -> None:
    text = HEADER + "5;1;10101012;09/10/2023;1.000,00;900,00;1705\n"
    path = _csv(tmp_path, text, "cp1252")
    statement = _read(path, _mapping(tmp_path, file='encoding = "cp1252"\ndelimiter = ";"'))
    item = statement.protocols[0].guides[0].items[0]
    assert item.code == "10101012" and item.informed == Decimal("1000.00")
    # the same bytes read as UTF-8: "Código" is not UTF-8, on line 1
    error = _fails(path, _mapping(tmp_path, file='encoding = "utf-8"'))
    assert (error.key, error.line) == ("table.encoding", 1)


def test_a_byte_cp1252_does_not_define_is_named_on_its_line(tmp_path: Path) -> None:
    body = (HEADER + "5;1;1;09/10/2023;1,00;1,00;\n").encode("cp1252")
    path = tmp_path / "d.csv"
    path.write_bytes(body + b"5;2;\x81;09/10/2023;1,00;1,00;\n")
    error = _fails(path, _mapping(tmp_path, file='encoding = "cp1252"'))
    assert (error.key, error.line) == ("table.encoding", 3)
    assert "not cp1252" in error.message


def test_the_statement_key_is_the_payers_registration_and_number(tmp_path: Path) -> None:
    text = HEADER + "5;1;1;09/10/2023;1,00;1,00;\n"
    mapping = _mapping(tmp_path, statement='registro_ans = "654321"\nnumber = "DEM-77"')
    statement = _read(_csv(tmp_path, text), mapping)
    assert statement.key == "654321:DEM-77"
    assert statement.number == "DEM-77"


# -- grouping -----------------------------------------------------------------------------------


def test_rows_group_by_protocol_then_guide_in_first_seen_order(tmp_path: Path) -> None:
    text = (
        "Lote;Protocolo;Guia;Seq;Código;Data;Informado;Liberado;Glosa\n"
        "L2;P2;B;1;1;09/10/2023;1,00;1,00;\n"
        "L1;P1;A;1;1;09/10/2023;2,00;2,00;\n"
        "L2;P2;C;1;1;09/10/2023;3,00;3,00;\n"
        "L2;P2;B;2;1;09/10/2023;4,00;4,00;\n"
    )
    mapping = _mapping(tmp_path, columns='lot_number = "Lote"\nprotocol = "Protocolo"')
    statement = _read(_csv(tmp_path, text), mapping)
    assert [(p.lot_number, p.protocol, p.line) for p in statement.protocols] == [
        ("L2", "P2", 2),
        ("L1", "P1", 3),
    ]
    l2, l1 = statement.protocols
    assert [g.provider_number for g in l2.guides] == ["B", "C"]
    assert [i.informed for i in l2.guides[0].items] == [Decimal("1.00"), Decimal("4.00")]
    assert [i.line for i in l2.guides[0].items] == [2, 5]
    assert [g.provider_number for g in l1.guides] == ["A"]


def test_one_protocol_from_the_mappings_constants(tmp_path: Path) -> None:
    text = HEADER + "A;1;1;09/10/2023;1,00;1,00;\nB;1;1;09/10/2023;1,00;1,00;\n"
    mapping = _mapping(tmp_path, statement='lot_number = "1001"\nprotocol = "PRT-1"')
    (protocol,) = _read(_csv(tmp_path, text), mapping).protocols
    assert (protocol.lot_number, protocol.protocol) == ("1001", "PRT-1")
    assert [g.provider_number for g in protocol.guides] == ["A", "B"]


def test_a_guide_with_two_operator_numbers_is_an_error(tmp_path: Path) -> None:
    text = (
        "Guia;Op;Seq;Código;Data;Informado;Liberado;Glosa\n"
        "A;X1;1;1;09/10/2023;1,00;1,00;\n"
        "A;X2;2;1;09/10/2023;1,00;1,00;\n"
    )
    error = _fails(_csv(tmp_path, text), _mapping(tmp_path, columns='operator_guide = "Op"'))
    assert (error.key, error.line) == ("table.two_operator_numbers", 3)
    assert "X1 and X2" in error.message


def test_several_glosa_codes_in_one_cell(tmp_path: Path) -> None:
    text = HEADER.replace("\n", ";Motivo\n") + "A;1;1;09/10/2023;10,00;4,00;1705; 1801;dois\n"
    # ";" separates fields: the codes are quoted as one field
    text = text.replace("1705; 1801", '"1705; 1801"')
    mapping = _mapping(tmp_path, columns='glosa_text = "Motivo"')
    item = _read(_csv(tmp_path, text), mapping).protocols[0].guides[0].items[0]
    assert item.glosas == (Glosa("1705", None, "dois"), Glosa("1801", None, "dois"))
    assert item.denied_value == Decimal("6.00")


# -- rows that are not items --------------------------------------------------------------------


def test_empty_rows_are_skipped_and_lines_stay_the_files(tmp_path: Path) -> None:
    text = HEADER + "\n;;;;;;\nA;1;1;09/10/2023;1,00;1,00;\n\n  ;;\nA;2;1;09/10/2023;2,00;2,00;\n"
    guide = _read(_csv(tmp_path, text), _mapping(tmp_path)).protocols[0].guides[0]
    assert [i.line for i in guide.items] == [4, 7]


def test_a_totals_row_that_does_not_add_up_is_a_remark(tmp_path: Path) -> None:
    text = (
        HEADER
        + "A;1;1;09/10/2023;10,00;8,00;1705\n"
        + "Subtotal guia A;;;;10,00;8,00;\n"  # labelled: skipped wherever it is
        + "B;1;1;09/10/2023;5,00;5,00;\n"
        + ";;;;15,00;12,00;\n"  # the foot: informed 15 = 10 + 5, released 12 ≠ 8 + 5 = 13
    )
    statement = _read(_csv(tmp_path, text), _mapping(tmp_path))
    assert [g.provider_number for g in statement.protocols[0].guides] == ["A", "B"]
    assert statement.informed == Decimal("15.00") and statement.released == Decimal("12.00")
    assert statement.denied is None  # no denied column
    (remark,) = statement.remarks
    assert messages.render(remark, "en") == (
        "the totals row says 12.00 in Liberado, but the rows add up to 13.00"
    )
    assert messages.render(remark, "pt") == (
        "a linha de totais diz 12,00 em Liberado, mas as linhas somam 13,00"
    )


def test_a_row_without_a_guide_before_other_guides_is_an_error(tmp_path: Path) -> None:
    text = (
        HEADER
        + "A;1;1;09/10/2023;10,00;8,00;1705\n"
        + ";2;1;09/10/2023;3,00;3,00;\n"
        + "B;1;1;09/10/2023;5,00;5,00;\n"
    )
    error = _fails(_csv(tmp_path, text), _mapping(tmp_path))
    assert (error.key, error.line) == ("table.missing_guide", 3)
    assert ", line 3: a row without a guide number (Guia)" in error.message
    assert ", linha 3: linha sem número da guia (Guia)" in error.message_pt
    # no code nor sequence, but values: a totals row if nothing follows, else the same error
    text = HEADER + ";;;;1,00;1,00;\nB;1;1;09/10/2023;5,00;5,00;\n"
    error = _fails(_csv(tmp_path, text), _mapping(tmp_path))
    assert (error.key, error.line) == ("table.missing_guide", 2)


def test_an_item_without_a_guide_is_an_error_even_at_the_foot(tmp_path: Path) -> None:
    text = HEADER + "A;1;1;09/10/2023;10,00;8,00;1705\n;2;1;09/10/2023;3,00;3,00;\n"
    error = _fails(_csv(tmp_path, text), _mapping(tmp_path))
    assert (error.key, error.line) == ("table.missing_guide", 3)


# -- bad rows, bad headers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "key", "english"),
    [
        ("A;1;1;09/10/2023;12,5x;1,00;", "table.bad_decimal", "Informado: 12,5x is not a number"),
        # a decimal point where the mapping says comma: "12.50" is no thousands grouping
        ("A;1;1;09/10/2023;12.50;1,00;", "table.bad_decimal", "(decimal mark ,)"),
        ("A;1;1;09/10/2023;1,00;1,005;", "table.bad_cents", "Liberado: 1,005 has more than two"),
        ("A;1;1;31/02/2023;1,00;1,00;", "table.bad_date", "Data: 31/02/2023 is not a date"),
        ("A;1;1;2023-10-09;1,00;1,00;", "table.bad_date", "in the format %d/%m/%Y"),
        ("A;1;1;09/10/2023;;1,00;", "table.missing_value", "Informado empty"),
        ("A;;;09/10/2023;1,00;1,00;", "table.no_item_key", "neither Seq nor Código"),
    ],
)
def test_a_bad_row_names_the_file_the_line_and_the_column(
    tmp_path: Path, row: str, key: str, english: str
) -> None:
    text = HEADER + "A;1;1;09/10/2023;1,00;1,00;\n" + row + "\n"
    error = _fails(_csv(tmp_path, text), _mapping(tmp_path))
    assert (error.key, error.line, error.sheet) == (key, 3, None)
    assert english in error.message
    assert "d.csv, line 3: " in error.message and "d.csv, linha 3: " in error.message_pt


def test_a_missing_column_is_named_with_the_headers_found(tmp_path: Path) -> None:
    text = "Guia;Seq;Código;Data Realização;Informado;Liberado;Glosa\nA;1;1;09/10/2023;1;1;\n"
    error = _fails(_csv(tmp_path, text), _mapping(tmp_path))
    assert (error.key, error.line) == ("table.missing_column", 1)
    assert error.message.endswith(
        "the column Data (`columns.date`) is not in the header; columns found: Guia, Seq, "
        "Código, Data Realização, Informado, Liberado, Glosa"
    )


def test_headers_match_without_case_or_spaces_but_not_twice(tmp_path: Path) -> None:
    text = " GUIA ;seq;código;DATA;informado;liberado;glosa\nA;1;1;09/10/2023;1,00;1,00;\n"
    statement = _read(_csv(tmp_path, text), _mapping(tmp_path))
    assert statement.protocols[0].guides[0].items[0].informed == Decimal("1.00")
    twice = "Guia;Seq;Código;Data;Informado;Liberado;Glosa;guia\nA;1;1;09/10/2023;1;1;;A\n"
    error = _fails(_csv(tmp_path, twice), _mapping(tmp_path))
    assert (error.key, error.line) == ("table.duplicate_column", 1)


def test_the_header_row_of_the_mapping(tmp_path: Path) -> None:
    text = "Relatório\n\n" + HEADER + "A;1;1;09/10/2023;1,00;1,00;\n"
    statement = _read(_csv(tmp_path, text), _mapping(tmp_path, file="header_row = 3"))
    assert statement.protocols[0].guides[0].items[0].line == 4
    error = _fails(_csv(tmp_path, "Guia\n"), _mapping(tmp_path, file="header_row = 3"))
    assert error.key == "table.no_header"
    assert "ends before line 3 of the header" in error.message


def test_a_header_and_no_item_is_an_error(tmp_path: Path) -> None:
    error = _fails(_csv(tmp_path, HEADER + "\n;;;;;;\n"), _mapping(tmp_path))
    assert (error.key, error.line) == ("table.no_rows", 1)


# -- the file itself ----------------------------------------------------------------------------


def test_the_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + "A;1;1;09/10/2023;1,00;1,00;\n")
    size = path.stat().st_size
    error = _fails(path, _mapping(tmp_path), max_bytes=size - 1)
    assert error.key == "table.too_large"
    assert f"the file has {size} bytes, above the limit of {size - 1} bytes" in error.message
    assert _read(path, _mapping(tmp_path)).protocols  # at the limit it is read


def test_missing_file_folder_and_other_suffix(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    assert _fails(tmp_path / "nada.csv", mapping).key == "table.not_found"
    folder = tmp_path / "pasta.csv"
    folder.mkdir()
    assert _fails(folder, mapping).key == "table.not_regular"
    assert _fails(tmp_path / "d.ods", mapping).key == "table.unknown_suffix"


def test_a_broken_mapping_is_said_before_the_table(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER)
    bad = tmp_path / "bad.toml"
    bad.write_text("[columns]\n", encoding="utf-8")
    with pytest.raises(StatementError) as caught:
        read_table_statement(path, bad, max_bytes=LIMIT)
    # the mapping's error names the mapping file (the table is not read)
    assert caught.value.key == "mapping.invalid_many"
    assert caught.value.path == str(bad) and "bad.toml, line 1: " in caught.value.message


# -- XLSX ---------------------------------------------------------------------------------------


def _xlsx(tmp_path: Path, rows: list[list[object]], title: str = "Demonstrativo") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Outra").append(["nada"])
    path = tmp_path / "d.xlsx"
    workbook.save(path)
    return path


XLSX_HEADER: list[object] = ["Guia", "Seq", "Código", "Data", "Informado", "Liberado", "Glosa"]


def test_an_xlsx_with_numbers_dates_and_text(tmp_path: Path) -> None:
    rows = [
        ["Demonstrativo de análise"],
        XLSX_HEADER,
        [123, 1, 10101012, datetime(2023, 10, 9), 150.0, 120.5, 1705],
        [],  # an empty row: skipped, and the next keeps its row number
        ["123", "2", "40304361", "10/10/2023", "1.234,56", "0,00", "1801"],
        [124, 1, 1, datetime(2023, 10, 9), 0.1 + 0.2, 0.3, None],  # 0.30000000000000004
    ]
    path = _xlsx(tmp_path, rows)
    statement = _read(path, _mapping(tmp_path, file='header_row = 2\nsheet = "Demonstrativo"'))
    assert statement.form == "xlsx"
    assert statement.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    first, second = statement.protocols[0].guides
    assert first.provider_number == "123"  # a number cell, read as its digits
    one, two = first.items
    assert (one.sequence, one.code, one.line) == ("1", "10101012", 3)
    assert one.date == date(2023, 10, 9)
    assert (one.informed, one.released) == (Decimal("150.00"), Decimal("120.50"))
    assert one.glosas == (Glosa("1705", None, None),)
    assert one.denied_value == Decimal("29.50")  # 150,00 − 120,50
    assert (two.line, two.informed, two.date) == (5, Decimal("1234.56"), date(2023, 10, 10))
    (noisy,) = second.items
    assert noisy.informed == Decimal("0.30") and noisy.line == 6


def test_an_xlsx_bad_row_names_the_sheet_and_the_row(tmp_path: Path) -> None:
    rows = [XLSX_HEADER, [1, 1, 1, datetime(2023, 10, 9), 1.0, 1.0, None]]
    rows += [[1, 2, 1, "ontem", 1.0, 1.0, None]]
    path = _xlsx(tmp_path, rows)
    error = _fails(path, _mapping(tmp_path))  # no sheet named: the first one
    assert (error.key, error.sheet, error.line) == ("table.bad_date", "Demonstrativo", 3)
    assert "d.xlsx, sheet Demonstrativo, line 3: Data: ontem is not a date" in error.message
    assert "d.xlsx, planilha Demonstrativo, linha 3: " in error.message_pt
    # a money cell with a real third place
    rows = [XLSX_HEADER, [1, 1, 1, datetime(2023, 10, 9), 1.005, 1.0, None]]
    error = _fails(_xlsx(tmp_path, rows), _mapping(tmp_path))
    assert (error.key, error.line) == ("table.bad_cents", 2)


def test_an_xlsx_wrong_header_and_unknown_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["Guia", "Seq"], [1, 1]])
    error = _fails(path, _mapping(tmp_path))
    assert (error.key, error.sheet, error.line) == ("table.missing_column", "Demonstrativo", 1)
    assert "columns found: Guia, Seq" in error.message
    error = _fails(path, _mapping(tmp_path, file='sheet = "Glosas"'))
    assert error.key == "table.no_sheet"
    assert "there is no sheet Glosas; the workbook's sheets: Demonstrativo, Outra" in error.message


def test_a_file_that_is_not_a_real_xlsx(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path)
    renamed = _csv(tmp_path, HEADER, name="d.xlsx")  # a CSV saved with the wrong suffix
    assert _fails(renamed, mapping).key == "table.not_xlsx"
    other = tmp_path / "z.xlsx"
    with zipfile.ZipFile(other, "w") as archive:  # a zip, but not an Excel package
        archive.writestr("leia-me.txt", "oi")
    error = _fails(other, mapping)
    assert error.key == "table.not_xlsx"
    assert "not a real XLSX workbook" in error.message


def test_a_zip_bomb_is_refused_by_its_declared_sizes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _xlsx(tmp_path, [XLSX_HEADER, [1, 1, 1, datetime(2023, 10, 9), 1.0, 1.0, None]])
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(part.file_size for part in archive.infolist())
    monkeypatch.setattr(table_sources, "MAX_UNPACKED_BYTES", unpacked - 1)
    error = _fails(path, _mapping(tmp_path))
    assert error.key == "table.xlsx_unpacked"
    assert f"would unpack to {unpacked} bytes, above the limit of {unpacked - 1}" in error.message
    monkeypatch.setattr(table_sources, "MAX_UNPACKED_BYTES", unpacked)
    assert _read(path, _mapping(tmp_path)).protocols  # at the limit it is read


def test_a_part_with_a_doctype_is_refused(tmp_path: Path) -> None:
    source = _xlsx(tmp_path, [XLSX_HEADER, [1, 1, 1, datetime(2023, 10, 9), 1.0, 1.0, None]])
    bomb = tmp_path / "b.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bomb, "w") as out:
        for part in src.infolist():
            data = src.read(part)
            if part.filename == "xl/workbook.xml":
                data = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n' + data
            out.writestr(part, data)
    error = _fails(bomb, _mapping(tmp_path))
    assert error.key == "table.xlsx_doctype" and "xl/workbook.xml" in error.message


# -- the example generator ----------------------------------------------------------------------


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_statement_examples", ROOT / "examples" / "make_statement_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generator_writes_the_committed_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = _generator().write_csv(tmp_path)
    assert written.read_bytes() == (EXAMPLES / "demonstrativo-exemplo.csv").read_bytes()


def test_the_example_xlsx_reads_as_the_example_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same rows as numbers and dates in a workbook: the same statement, but its form and
    its bytes (and so its key)."""
    path = _generator().write_xlsx(tmp_path)
    mapping = EXAMPLES / "mapeamento-operadora-exemplo.toml"
    from_xlsx = read_statement(path, mapping=mapping)
    from_csv = read_statement(EXAMPLES / "demonstrativo-exemplo.csv", mapping=mapping)
    assert from_xlsx.form == "xlsx"
    assert from_xlsx.protocols == from_csv.protocols
    assert (from_xlsx.informed, from_xlsx.released, from_xlsx.denied) == (
        Decimal("1405.06"),
        Decimal("168.00"),
        Decimal("1237.06"),
    )
    assert from_xlsx.remarks == ()


# -- hostile or broken files, and cells one by one ------------------------------------------------


def test_a_broken_csv_is_named_on_its_line(tmp_path: Path) -> None:
    huge = _csv(tmp_path, HEADER + "A;" + "9" * 200_000 + ";1;09/10/2023;1,00;1,00;\n")
    error = _fails(huge, _mapping(tmp_path))
    assert (error.key, error.line) == ("table.csv", 2)
    assert "broken CSV: field larger than field limit" in error.message


def test_a_zip_with_excels_names_but_broken_parts(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    error = _fails(path, _mapping(tmp_path))
    assert error.key == "table.xlsx_invalid"
    assert "broken XLSX workbook: " in error.message


@pytest.mark.parametrize(
    ("cell", "mark", "expected"),
    [
        ("1.234,56", ",", Decimal("1234.56")),
        ("R$ 1.234,56", ",", Decimal("1234.56")),
        ("-R$\u00a05,00", ",", Decimal("-5.00")),
        ("-3,5", ",", Decimal("-3.50")),
        ("1234", ",", Decimal("1234.00")),
        ("1,234.56", ".", Decimal("1234.56")),
        ("0.5", ".", Decimal("0.50")),
        (12, ",", Decimal("12.00")),
        (12.25, ",", Decimal("12.25")),
        (0.1 + 0.2, ",", Decimal("0.30")),
        ("", ",", None),
        (None, ",", None),
    ],
)
def test_money_cells(cell: object, mark: str, expected: Decimal | None) -> None:
    from lotcheck.statement.table_cells import money

    assert money(cell, "Valor", mark) == expected


@pytest.mark.parametrize(
    ("cell", "mark"),
    [("1.23,4", ","), ("12,345.6", ","), ("1 2", "."), ("1e3", "."), (True, ","), ("abc", ",")],
)
def test_cells_that_are_not_money(cell: object, mark: str) -> None:
    from lotcheck.statement.table_cells import CellError, money

    with pytest.raises(CellError) as caught:
        money(cell, "Valor", mark)
    assert caught.value.key == "table.bad_decimal"


def test_a_truncated_or_corrupt_workbook(tmp_path: Path) -> None:
    source = _xlsx(tmp_path, [XLSX_HEADER, [1, 1, 1, datetime(2023, 10, 9), 1.0, 1.0, None]])
    data = source.read_bytes()
    cut = tmp_path / "cortado.xlsx"
    cut.write_bytes(data[: len(data) // 2])  # the zip's directory is at the end: gone
    assert _fails(cut, _mapping(tmp_path)).key == "table.not_xlsx"
    with zipfile.ZipFile(source) as archive:
        part = archive.getinfo("xl/workbook.xml")
    start = part.header_offset + 30 + len(part.filename.encode()) + len(part.extra)
    broken = bytearray(data)
    broken[start : start + 8] = b"\xff" * 8  # the part's deflated bytes, spoilt
    bad = tmp_path / "corrompido.xlsx"
    bad.write_bytes(bytes(broken))
    error = _fails(bad, _mapping(tmp_path))
    assert error.key == "table.xlsx_invalid" and "xl/workbook.xml" in error.message
