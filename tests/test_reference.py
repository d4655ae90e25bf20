"""Reference editions (Brasíndice/Simpro-style files): both dialects, header matching, errors.

Every expected value here is written by hand from the file text; every error is checked for its
exact ``file:line`` (line 1 is the header, a row's line is the one it starts on).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, MutableMapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, cast

import pytest

import lotcheck.contract.reference as reference
import lotcheck.contract.reference_file as reference_file
from lotcheck.contract import ContractError
from lotcheck.contract.reference import (
    REFERENCE_MAX_BYTES,
    ReferenceColumns,
    ReferenceEntry,
    load_reference,
)

ROOT = Path(__file__).resolve().parents[1]
PMC = ReferenceColumns(code="CODIGO", price="PMC")
FULL = ReferenceColumns(code="CODIGO", price="PMC", units="QTD", description="DESCRICAO")
UNITS = ReferenceColumns(code="CODIGO", price="PMC", units="QTD")


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "ed.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _error(path: Path, columns: ReferenceColumns = UNITS) -> ContractError:
    with pytest.raises(ContractError) as info:
        load_reference(path, columns)
    return info.value


# -- dialects and encodings -------------------------------------------------------------------


def test_brazilian_dialect_decimal_comma_and_thousands_dots(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "CODIGO;DESCRICAO;QTD;PMC\r\n"
        "000123;DIPIRONA 500MG CX 20;20;1.234,56\r\n"
        "7;SERINGA 5ML;1;0,35\r\n"
        "8;LUVA;100;1.000.000,00\r\n"
        "9;EQUIPO;1;12\r\n",
    )
    edition = load_reference(path, FULL)
    assert edition.path == path
    assert edition.entries["000123"] == ReferenceEntry(
        "000123", "DIPIRONA 500MG CX 20", Decimal("1234.56"), Decimal(20)
    )
    assert edition.entries["7"].price == Decimal("0.35")
    assert edition.entries["8"].price == Decimal("1000000.00")
    assert edition.entries["9"].price == Decimal(12)
    assert list(edition.entries) == ["000123", "7", "8", "9"]


def test_plain_dialect_decimal_point(tmp_path: Path) -> None:
    path = _write(tmp_path, "CODIGO,DESCRICAO,QTD,PMC\n000123,DIPIRONA,20,1234.56\n7,X,2.5,0.35\n")
    entries = load_reference(path, FULL).entries
    assert (entries["000123"].price, entries["000123"].units) == (Decimal("1234.56"), Decimal(20))
    assert (entries["7"].price, entries["7"].units) == (Decimal("0.35"), Decimal("2.5"))


def test_quoted_fields_hold_separators_quotes_and_line_breaks(tmp_path: Path) -> None:
    br = _write(
        tmp_path,
        'CODIGO;DESCRICAO;PMC\n1;"SORO FISIOLOGICO 0,9% 500ML; FRASCO";10,00\n'
        '2;"AGULHA ""30G""\nCAIXA";1,00\n',
        name="br.csv",
    )
    entries = load_reference(br, ReferenceColumns("CODIGO", "PMC", description="DESCRICAO")).entries
    assert entries["1"].description == "SORO FISIOLOGICO 0,9% 500ML; FRASCO"
    assert entries["2"].description == 'AGULHA "30G"\nCAIXA'
    plain = _write(tmp_path, 'CODIGO,DESCRICAO,PMC\n1,"SORO 0,9%, FRASCO; 500ML",10.00\n')
    entry = load_reference(plain, ReferenceColumns("CODIGO", "PMC", description="DESCRICAO"))
    assert entry.entries["1"].description == "SORO 0,9%, FRASCO; 500ML"


def test_windows_1252_file(tmp_path: Path) -> None:
    text = "Código;Descrição;Preço Máximo\r\n0042;SOLUÇÃO FISIOLÓGICA – 1 L;1.500,00\r\n"
    path = _write(tmp_path, text, encoding="cp1252")
    columns = ReferenceColumns("codigo", "preco maximo", description="descricao")
    entry = load_reference(path, columns).entries["0042"]
    assert (entry.description, entry.price) == ("SOLUÇÃO FISIOLÓGICA – 1 L", Decimal("1500.00"))


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = _write(tmp_path, "CODIGO,Descrição,PMC\n1,AÇÚCAR,2.00\n", encoding="utf-8-sig")
    assert (tmp_path / "ed.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    entry = load_reference(path, ReferenceColumns("codigo", "PMC", description="DESCRIÇÃO"))
    assert entry.entries["1"] == ReferenceEntry("1", "AÇÚCAR", Decimal("2.00"), None)


# -- header matching ----------------------------------------------------------------------------


def test_header_names_match_without_case_accents_or_extra_spaces(tmp_path: Path) -> None:
    path = _write(tmp_path, " Código  TUSS ;PREÇO FÁBRICA;Qtde. Embalagem\n10;5,00;10\n")
    columns = ReferenceColumns(code="código tuss", price="Preco Fabrica", units="QTDE. EMBALAGEM")
    entry = load_reference(path, columns).entries["10"]
    assert (entry.price, entry.units) == (Decimal("5.00"), Decimal(10))


def test_unmapped_columns_are_ignored_even_when_duplicated(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "LABORATORIO;CODIGO;EAN;IPI;PF;PMC 17%;PMC;IPI;\n"
        "LAB A;55;7891234567890;x;not a number;;3,30;;\n",
    )
    assert load_reference(path, PMC).entries["55"] == ReferenceEntry(
        "55", "", Decimal("3.30"), None
    )


def test_codes_are_text_trimmed_with_leading_zeros_kept(tmp_path: Path) -> None:
    path = _write(tmp_path, "CODIGO;PMC\n  0000123  ;1,00\n0123;2,00\nAB-12.3;3,00\n")
    assert list(load_reference(path, PMC).entries) == ["0000123", "0123", "AB-12.3"]


def test_blank_lines_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "CODIGO;PMC;X\n\n1;1,00;a\n;;\n ; ; \n2;2,00;b\n\n")
    assert list(load_reference(path, PMC).entries) == ["1", "2"]


def test_decimal_sums_exactly_where_float_would_not(tmp_path: Path) -> None:
    path = _write(tmp_path, "CODIGO;PMC\n1;0,1\n2;0,2\n")
    entries = load_reference(path, PMC).entries
    total = entries["1"].price + entries["2"].price
    assert 0.1 + 0.2 != 0.3  # the float sum this module must not do
    assert isinstance(total, Decimal) and total == Decimal("0.3")


# -- errors, each with its file:line ------------------------------------------------------------

ERRORS: list[tuple[str, str, int, str]] = [
    # (id, file text, line, a fragment of the message)
    ("missing column", "CODIGO;DESCRICAO;PMC\n1;x;1,00\n", 1, "no column 'QTD' (units)"),
    ("duplicate mapped", "CODIGO;QTD;PMC;PMC\n1;1;1,00;2,00\n", 1, "(columns 3, 4)"),
    ("wrong column count", "CODIGO;QTD;PMC\n1;1;1,00\n2;1\n", 3, "expected 3 columns"),
    ("too many columns", "CODIGO;QTD;PMC\n1;1;1,00;x\n", 2, "found 4"),
    ("quote open to the end", 'CODIGO;QTD;PMC\n1;1;1,00\n"2;1;1,00\n3;1;1,00\n', 3, "to line 4"),
    ("quote closed later", 'CODIGO;QTD;PMC\n"1;1;1,00\n2";1;1,00;x\n3;1;1,00\n', 2, "to line 3"),
    ("malformed quote", 'CODIGO;QTD;PMC\n1;1;1,00\n2;"1"x;1,00\n', 3, "malformed CSV"),
    ("price not a number", "CODIGO;QTD;PMC\n1;1;1,00\n2;1;12,3a\n", 3, "like 1.234,56"),
    ("plain price with comma", 'CODIGO,QTD,PMC\n1,1,"1,234.00"\n', 2, "like 1234.56"),
    ("negative price", "CODIGO;QTD;PMC\n1;1;-1,00\n", 2, "zero or more"),
    ("empty price", "CODIGO;QTD;PMC\n1;1;1,00\n2;1; \n", 3, "empty price in column 'PMC'"),
    ("zero units", "CODIGO;QTD;PMC\n1;0;1,00\n", 2, "units '0' in column 'QTD'"),
    ("negative units", "CODIGO;QTD;PMC\n1;-2;1,00\n", 2, "above zero like 20 or 2,5"),
    ("units not a number", "CODIGO,QTD,PMC\n1,20 UN,1.00\n", 2, "above zero like 20 or 2.5"),
    ("empty units", "CODIGO;QTD;PMC\n1;;1,00\n", 2, "empty units"),
    ("empty code", "CODIGO;QTD;PMC\n1;1;1,00\n ;1;2,00\n", 3, "empty code in column 'CODIGO'"),
    ("duplicate code", "CODIGO;QTD;PMC\n01;1;1,00\n02;1;1,00\n01 ;1;2,00\n", 4, "first at line 2"),
    ("header only", "CODIGO;QTD;PMC\r\n", 1, "no entries"),
    ("blank first line", "\nCODIGO;QTD;PMC\n1;1;1,00\n", 1, "header; it is blank"),
    ("whitespace only", " \r\n \n", 1, "empty reference edition"),
]


@pytest.mark.parametrize(
    ("text", "line", "fragment"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_each_error_names_file_and_line(
    tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    path = _write(tmp_path, text)
    error = _error(path)
    assert error.location == f"{path}:{line}"
    assert fragment in error.message
    assert str(error).startswith(f"{path}:{line}: ")


def test_missing_column_lists_the_headers_found(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "Código;Descrição;PF\n1;x;1,00\n"), PMC)
    assert error.message == (
        "no column 'PMC' (price) in the header; the header has: 'Código', 'Descrição', 'PF'"
    )


def test_two_roles_naming_one_column(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "CODIGO;PMC\n1;1,00\n"), ReferenceColumns("CODIGO", "codigo"))
    assert error.location == f"{tmp_path / 'ed.csv'}:1"
    assert error.message == "code and price both name the column 'codigo'"


def test_price_error_says_the_value_and_the_style(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, "CODIGO;PMC\n1;R$ 1,2,3\n"), PMC)
    assert (
        error.message
        == "price 'R$ 1,2,3' in column 'PMC' is not a number of zero or more like 1.234,56"
    )


def test_lines_after_a_multi_line_row_are_counted(tmp_path: Path) -> None:
    path = _write(
        tmp_path, 'CODIGO;DESCRICAO;QTD;PMC\n1;"A\nB\nC";1;1,00\n2;x;1;1,00\n1;y;1;1,00\n'
    )
    error = _error(path)
    assert (error.location, error.message) == (
        f"{path}:6",
        "code '1' listed twice (first at line 2)",
    )
    path = _write(tmp_path, 'CODIGO;DESCRICAO;QTD;PMC\n1;"A\nB";1;1,00\n2;x;1;bad\n')
    assert _error(path).location == f"{path}:4"


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (b"", 1, "empty reference edition"),
        (b"\xef\xbb\xbf", 1, "empty reference edition"),
        (b"CODIGO;PMC\n1;1,00\n2;\x81;\n", 3, "byte 0x81 is neither UTF-8 nor Windows-1252"),
        (b"\xef\xbb\xbfCODIGO;PMC\n1;1,00\n2\xe9;2,00\n", 3, "UTF-8 BOM but byte 0xe9"),
        ("CODIGO;PMC\n1;1,00\n".encode("utf-16"), 1, "UTF-16"),
    ],
    ids=["zero bytes", "only a BOM", "undecodable byte", "BOM then cp1252", "utf-16"],
)
def test_byte_level_errors(tmp_path: Path, data: bytes, line: int, fragment: str) -> None:
    path = tmp_path / "ed.csv"
    path.write_bytes(data)
    error = _error(path, PMC)
    assert error.location == f"{path}:{line}"
    assert fragment in error.message


def test_unreadable_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    error = _error(missing, PMC)
    assert error.location == str(missing)
    assert error.message.startswith("cannot read reference edition:")
    assert "not a regular file" in _error(tmp_path, PMC).message  # a folder


def test_file_above_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: no disk space, and refused before any read
        handle.truncate(REFERENCE_MAX_BYTES + 1)
    error = _error(path, PMC)
    assert error.location == str(path)
    assert f"{REFERENCE_MAX_BYTES + 1} bytes" in error.message and "256 MiB" in error.message


def test_loading_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = _write(tmp_path, "CODIGO;PMC\n1;1,00\n1;2,00\n")
    before = path.read_bytes()
    _error(path, PMC)
    load_reference(_write(tmp_path, "CODIGO;PMC\n1;1,00\n", name="ok.csv"), PMC)
    assert path.read_bytes() == before


# -- a full edition ------------------------------------------------------------------------------


def _cents_of(row: int) -> int:
    return (row * 7919) % 5_000_000 + 1  # 0,01 .. 50.000,00


def test_a_100k_row_edition_loads_every_row(tmp_path: Path) -> None:
    """Correctness only; the timing is bench/reference_edition.py's job."""
    lines = ["LAB;CODIGO;EAN;DESCRICAO;APRESENTACAO;QTD;PF;PMC;PMC 17%;IPI"]
    for n in range(100_000):
        cents = _cents_of(n)
        whole, frac = divmod(cents, 100)
        pmc = f"{whole:,}".replace(",", ".") + f",{frac:02d}"
        lines.append(
            f'LAB {n % 7};{n:08d};789{n:010d};"PRODUTO {n}; CAIXA";CX;{n % 50 + 1};'
            f"0,00;{pmc};0,00;0"
        )
    path = _write(tmp_path, "\r\n".join(lines) + "\r\n", encoding="cp1252")
    entries = load_reference(path, FULL).entries
    assert len(entries) == 100_000
    assert entries["00000000"] == ReferenceEntry(
        "00000000", "PRODUTO 0; CAIXA", Decimal("0.01"), Decimal(1)
    )
    # row 1: 7919 + 1 = 7920 cents
    # row 99,999: 99999 × 7919 = 791,892,081; mod 5,000,000 = 1,892,081; + 1 = 1,892,082 cents
    assert entries["00000001"].price == Decimal("79.20")
    assert entries["00099999"].price == Decimal("18920.82")
    assert entries["00099999"].units == Decimal(50)  # 99999 % 50 + 1
    assert entries["00012345"].description == "PRODUTO 12345; CAIXA"


def test_the_benchmark_writes_editions_the_reader_reads(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import reference_edition  # bench/ is a script folder, not a package
    finally:
        sys.path.remove(str(ROOT / "bench"))
    for brazilian in (True, False):
        path = tmp_path / f"{brazilian}.csv"
        reference_edition.write_edition(path, 30, brazilian=brazilian)
        entries = load_reference(path, reference_edition.COLUMNS).entries
        assert len(entries) == 30
        assert list(entries)[:2] == ["000000001", "000000008"]  # n × 7 + 1, zero-padded


# -- the compact entries ---------------------------------------------------------------------


def test_entries_are_a_read_only_mapping_in_file_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "CODIGO;DESCRICAO;QTD;PMC\n9;NOVE;1;9,00\n1;UM;20;1,50\n5;;20,0;0\n")
    entries = load_reference(path, FULL).entries
    assert isinstance(entries, Mapping) and not isinstance(entries, MutableMapping)
    assert len(entries) == 3 and list(entries) == ["9", "1", "5"]
    assert "1" in entries and "2" not in entries and 1 not in entries
    assert entries.get("2") is None and cast(Any, entries).get(None) is None
    with pytest.raises(KeyError):
        entries["2"]
    assert dict(entries) == {
        "9": ReferenceEntry("9", "NOVE", Decimal("9.00"), Decimal(1)),
        "1": ReferenceEntry("1", "UM", Decimal("1.50"), Decimal(20)),
        "5": ReferenceEntry("5", "", Decimal(0), Decimal("20.0")),
    }
    assert repr(entries) == "<ReferenceEntries: 3 codes>"


def test_prices_and_units_keep_the_exponent_the_file_gives(tmp_path: Path) -> None:
    """20 and 20,0 are equal Decimals but print differently: each row keeps its own."""
    path = _write(tmp_path, "CODIGO;QTD;PMC\n1;20;1,50\n2;20,0;1,5\n3;20,00;1\n")
    entries = load_reference(path, UNITS).entries
    assert [str(entries[c].units) for c in "123"] == ["20", "20.0", "20.00"]
    assert [str(entries[c].price) for c in "123"] == ["1.50", "1.5", "1"]


def test_codes_sharing_a_crc32_are_told_apart(tmp_path: Path) -> None:
    import zlib

    assert zlib.crc32(b"plumless") == zlib.crc32(b"buckeroo")  # a known collision
    path = _write(tmp_path, "CODIGO;PMC\nplumless;1,00\nbuckeroo;2,00\n")
    entries = load_reference(path, PMC).entries
    assert (entries["plumless"].price, entries["buckeroo"].price) == (Decimal(1), Decimal(2))
    path = _write(tmp_path, "CODIGO;PMC\nplumless;1,00\nbuckeroo;2,00\nbuckeroo;3,00\n")
    assert _error(path, PMC).message == "code 'buckeroo' listed twice (first at line 3)"


def test_thousands_of_codes_are_all_found(tmp_path: Path) -> None:
    """Past several growths of the code table; codes differ only in their last characters."""
    lines = ["CODIGO;PMC"] + [f"{n:010d};{n},{n % 100:02d}" for n in range(5000)]
    entries = load_reference(_write(tmp_path, "\n".join(lines)), PMC).entries
    assert len(entries) == 5000
    assert entries["0000004321"].price == Decimal("4321.21")
    assert all(entries[f"{n:010d}"].price == Decimal(f"{n}.{n % 100:02d}") for n in range(5000))
    assert "0000005000" not in entries


def test_entries_survive_pickling_into_a_process_with_another_string_hash(tmp_path: Path) -> None:
    """A batch pickles the contract to its workers, whose str hash has another seed."""
    import os
    import pickle
    import subprocess

    path = _write(
        tmp_path,
        "CODIGO;DESCRICAO;QTD;PMC\n"
        + "".join(f"{n:06d};ITEM {n};{n % 7 + 1};{n},25\n" for n in range(300)),
    )
    edition = load_reference(path, FULL)
    assert pickle.loads(pickle.dumps(edition)) == edition
    dump = tmp_path / "edition.pickle"
    dump.write_bytes(pickle.dumps(edition))
    script = (
        "import pickle, sys; e = pickle.loads(open(sys.argv[1], 'rb').read()); "
        "x = e.entries['000123']; print(x.description, x.price, x.units, len(e.entries))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run(
        [sys.executable, "-c", script, str(dump)], capture_output=True, text=True, env=env
    )
    assert done.stdout.split() == ["ITEM", "123", "123.25", "5", "300"], done.stderr  # 123 % 7 + 1


def test_a_100k_row_edition_is_kept_in_under_ten_megabytes(tmp_path: Path) -> None:
    """~60 bytes of text and ~25 of arrays a row here; a dict of dataclasses kept ~350."""
    import gc
    import tracemalloc

    lines = ["CODIGO;DESCRICAO;QTD;PF;PMC"]
    for n in range(100_000):
        lines.append(
            f"{n * 7 + 1:09d};DIPIRONA SODICA {n % 997}MG SOL INJ CX {n % 50 + 1};{n % 50 + 1};1,00;{n},{n % 100:02d}"
        )
    path = _write(tmp_path, "\r\n".join(lines) + "\r\n", encoding="cp1252")
    gc.collect()
    tracemalloc.start()
    try:
        edition = load_reference(path, FULL)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(edition.entries) == 100_000
    assert kept < 10e6, kept
    assert peak < 16e6, peak  # the file (~6.5 MB) is never held whole


# -- streaming ---------------------------------------------------------------------------------


def test_a_line_is_counted_across_the_pieces_the_file_is_read_in(tmp_path: Path) -> None:
    rows = [f"{n};{n},00" for n in range(40_000)]  # ~0.4 MB: more than one piece
    data = ("CODIGO;PMC\n" + "\n".join(rows) + "\n").encode() + b"X;\x81\n"
    path = tmp_path / "ed.csv"
    path.write_bytes(data)
    assert len(data) > reference_file.CHUNK
    error = _error(path, PMC)
    assert (error.location, error.message) == (
        f"{path}:40002",
        "byte 0x81 is neither UTF-8 nor Windows-1252 text",
    )


def test_a_utf8_character_astride_a_piece_boundary_stays_utf8(tmp_path: Path) -> None:
    """Pieces end after a line feed, never inside a character: "é" (C3 A9) at the boundary."""
    rows = [f"{n};{'A' * 90};1,00" for n in range(2500)]  # ~240 KB, just under a piece
    head = "CODIGO;DESCRICAO;PMC\n" + "\n".join(rows) + "\nX;"
    pad = reference_file.CHUNK - 1 - len(head)  # the "é" starts on the last byte of the piece
    assert 0 < pad < 100_000
    text = head + "B" * pad + "é;1,00\nY;C;2,00\n"
    assert text.encode()[reference_file.CHUNK - 1 : reference_file.CHUNK + 1] == "é".encode()
    path = _write(tmp_path, text)
    entries = load_reference(path, ReferenceColumns("CODIGO", "PMC", description="DESCRICAO"))
    assert entries.entries["X"].description.endswith("Bé")  # not "BÃ©" (read as Windows-1252)
    assert entries.entries["Y"].price == Decimal(2)


def test_a_file_rewritten_between_the_two_passes_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "CODIGO;PMC\n1;1,00\n2;2,00\n")
    original = reference.first_line

    def grow(handle: IO[bytes], scanned: reference_file.Scanned) -> str:
        with path.open("ab") as out:
            out.write(b"3;3,00\n")
        return original(handle, scanned)

    monkeypatch.setattr(reference, "first_line", grow)
    error = _error(path, PMC)
    assert (error.location, error.message) == (
        str(path),
        "the file changed while it was read; load the contract again",
    )

    def garble(handle: IO[bytes], scanned: reference_file.Scanned) -> str:
        path.write_bytes(b"CODIGO;PMC\n1;1,00\n\x81;2,00\n")  # same size, no longer UTF-8
        return original(handle, scanned)

    monkeypatch.setattr(reference, "first_line", garble)
    error = _error(path, PMC)
    assert error.message == "the file changed while it was read; load the contract again"


def test_a_file_growing_past_the_cap_while_scanned_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The open saw it under the cap; the scan reads more than the cap: not read."""
    path = _write(tmp_path, "CODIGO;PMC\n" + "1;1,00\n" * 100)
    monkeypatch.setattr(reference_file, "REFERENCE_MAX_BYTES", 64)
    error = _error(path, PMC)
    assert error.location == str(path)
    assert error.message == "cannot read reference edition: more than the 0 MiB limit; not read"
