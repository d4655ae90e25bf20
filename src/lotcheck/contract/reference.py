"""A reference edition: the materials or medicines price list a contract prices tables 19 and 20 by.

Payers price materials (``codigoTabela`` 19) and medicines (20) by a published edition of a
reference list (Brasíndice, Simpro, or a payer's own), adjusted as the contract says. The user
brings the file (we never ship one); the contract names, per edition, the file and which of its
many columns hold the code, the price (PMC, PF...), optionally the units per package (when the
item is priced per unit) and the description. This module reads such a file into a
:class:`ReferenceEdition`; what the contract does with it (adjustment, price per unit) is the
pricing stage's business, so an entry holds the file's values unchanged.

Reading
-------
* **Bytes**: a regular file of at most :data:`REFERENCE_MAX_BYTES` (a FIFO or device is refused);
  UTF-8 with or without BOM, else Windows-1252 (what Excel in Brazil saves). A byte that is
  neither is an error naming its line; so is a UTF-16 file (Excel's "Unicode text") and a file
  that starts with a UTF-8 BOM but is not UTF-8 after it.
* **Dialect**, from the header line alone: more ``;`` than ``,`` (or as many) is the Brazilian
  dialect: ``;`` between columns, decimal comma, dots grouping thousands (``1.234,56``); else the
  plain dialect: ``,`` between columns, decimal point (``1234.56``). Quoted fields may hold either
  separator and line breaks (``"SORO FISIOLOGICO 0,9% 500ML; FRASCO"``).
* **Header** (the first line): a mapped name matches a header cell after trimming, collapsing
  inner spaces, case-folding and dropping accents, so ``código  tuss`` finds ``Código TUSS``.
  Unmapped columns (laboratory, EAN, IPI, PMC 17 %...) are ignored, duplicates among them too;
  a mapped name found twice, or two mapped roles naming one column, is an error.
* **Rows**: blank lines (or rows of empty cells) are skipped; every other row has the header's
  column count. The code is kept as text, only trimmed (leading zeros stay); the price is a
  :class:`~decimal.Decimal` in the file's dialect (:func:`~lotcheck.core.money.parse_table_number`),
  zero or more, any number of decimals; units, when mapped, a number above zero. A code listed
  twice is an error naming both lines.

Every failure is a :class:`~lotcheck.contract.types.ContractError` located ``file:line`` (line 1
is the header; a row's line is the one it starts on), or just ``file`` when the file cannot be
read at all. Nothing is skipped silently: a skipped row would turn into a false "code unknown"
on every item that uses it.

Speed: an edition has ~100,000 rows, so the row loop is plain Python over :mod:`csv` (no pydantic,
whose import alone costs ~0.15 s), and the text is decoded in chunks as the csv module reads it
rather than held whole (an :class:`io.StringIO` would hold 4 bytes per character).
``bench/reference_edition.py`` times it.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from lotcheck.contract.types import ContractError
from lotcheck.core.money import parse_table_number
from lotcheck.reader.files import UnsafeFileError, open_regular

if TYPE_CHECKING:
    from _csv import Reader

__all__ = [
    "REFERENCE_MAX_BYTES",
    "ReferenceColumns",
    "ReferenceEdition",
    "ReferenceEntry",
    "load_reference",
]

#: The size cap of a reference edition. A full edition is ~100,000 presentations with dozens of
#: columns (prices per ICMS rate, EAN, registry, laboratory...): tens of MB, past the 16 MiB
#: MAX_SETTINGS_BYTES of a contract's own files. 256 MiB leaves room for the widest exports while
#: still refusing a multi-GB file named by mistake (read whole, it would cost that much memory).
REFERENCE_MAX_BYTES = 256 * 1024 * 1024

_ZERO = Decimal(0)
_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class ReferenceColumns:
    """Which header names hold what; names are matched as the module docstring says."""

    code: str  # header name of the code column, e.g. "CODIGO" or "Código TUSS"
    price: str  # header of the price column, e.g. "PMC", "PF", "PRECO_FABRICA"
    units: str | None = None  # header of units-per-package (priced per unit: price / units)
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    """One row of an edition, its values as in the file."""

    code: str
    description: str  # "" when the mapping has no description column
    price: Decimal  # the package (presentation) price as in the file
    units: Decimal | None  # units per package, None when the mapping has no units column


@dataclass(frozen=True, slots=True)
class ReferenceEdition:
    """One edition file: its entries by code."""

    path: Path
    entries: dict[str, ReferenceEntry]


def _at(path: Path, line: int | None = None) -> str:
    return f"{path}:{line}" if line else str(path)


def _read_capped(path: Path) -> bytes:
    """The file's bytes, at most :data:`REFERENCE_MAX_BYTES`.

    Not :func:`~lotcheck.reader.files.read_regular`, which asks for ``limit + 1`` bytes at once
    and so reserves 256 MiB for a 15 MB file: this reads the size the file has, and checks the
    cap again only if the file grows while it is read.
    """
    with open_regular(path, REFERENCE_MAX_BYTES) as handle:
        size = os.fstat(handle.fileno()).st_size
        raw = handle.read(size + 1)
        if len(raw) > size:
            raw += handle.read(REFERENCE_MAX_BYTES + 1 - len(raw))
    if len(raw) > REFERENCE_MAX_BYTES:
        raise UnsafeFileError(f"more than the {REFERENCE_MAX_BYTES // 2**20} MiB limit; not read")
    return raw


def _first_undecodable(raw: bytes, start: int, encoding: str) -> int | None:
    """The offset of the first byte of ``raw[start:]`` that ``encoding`` cannot decode, if any.

    Decoded in ~1 MB pieces cut after a line feed (no UTF-8 sequence and no Windows-1252 byte
    but the line feed itself is 0x0A), so checking never holds a second copy of the file.
    """
    view = memoryview(raw)
    while start < len(raw):
        end = raw.find(b"\n", start + _CHUNK)
        end = len(raw) if end < 0 else end + 1
        try:
            str(view[start:end], encoding)
        except UnicodeDecodeError as exc:
            return start + exc.start
        start = end
    return None


def _read_bytes(path: Path) -> tuple[bytes, str]:
    """The file's bytes and the encoding to decode them with (``utf-8-sig`` or ``cp1252``).

    The whole file is checked here, so the csv pass can decode it piece by piece without
    failing half-way, and an undecodable byte is reported with its line.
    """
    try:
        raw = _read_capped(path)
    except OSError as exc:
        raise ContractError(f"cannot read reference edition: {exc}", _at(path)) from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContractError(
            "the file is UTF-16 text (Excel's 'Unicode text'); save it as CSV, "
            "UTF-8 or Windows-1252",
            _at(path, 1),
        )
    bom = raw.startswith(_BOM)
    bad = _first_undecodable(raw, len(_BOM) if bom else 0, "utf-8")
    if bad is None:
        return raw, "utf-8-sig"
    if bom:
        raise ContractError(
            f"the file starts with a UTF-8 BOM but byte 0x{raw[bad]:02x} is not UTF-8",
            _at(path, raw.count(b"\n", 0, bad) + 1),
        )
    bad = _first_undecodable(raw, 0, "cp1252")
    if bad is not None:
        raise ContractError(
            f"byte 0x{raw[bad]:02x} is neither UTF-8 nor Windows-1252 text",
            _at(path, raw.count(b"\n", 0, bad) + 1),
        )
    return raw, "cp1252"


def _fold(name: str) -> str:
    """A header name as matched: trimmed, inner spaces collapsed, case-folded, no accents."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _reader(raw: bytes, encoding: str, delimiter: str) -> Reader:
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, newline="")
    return csv.reader(stream, delimiter=delimiter, strict=True)


class _Header:
    """The header's column positions by folded name, and which role took which column."""

    def __init__(self, cells: list[str], path: Path) -> None:
        self.cells = cells
        self.path = path
        self.positions: dict[str, list[int]] = {}
        for index, cell in enumerate(cells):
            self.positions.setdefault(_fold(cell), []).append(index)
        self.taken: dict[int, str] = {}

    def column(self, role: str, name: str) -> int:
        """The index of the one column named ``name``, for ``role``; else a ContractError."""
        hits = self.positions.get(_fold(name), [])
        if not hits:
            listed = ", ".join(repr(cell.strip()) for cell in self.cells)
            raise ContractError(
                f"no column {name!r} ({role}) in the header; the header has: {listed}",
                _at(self.path, 1),
            )
        if len(hits) > 1:
            numbers = ", ".join(str(i + 1) for i in hits)
            raise ContractError(
                f"column {name!r} ({role}) appears {len(hits)} times in the header "
                f"(columns {numbers}), so which one is meant is not known",
                _at(self.path, 1),
            )
        if hits[0] in self.taken:
            raise ContractError(
                f"{self.taken[hits[0]]} and {role} both name the column {name!r}",
                _at(self.path, 1),
            )
        self.taken[hits[0]] = role
        return hits[0]


def load_reference(path: Path, columns: ReferenceColumns) -> ReferenceEdition:
    """Read one reference edition; raise :class:`ContractError` naming the file and line."""
    raw, encoding = _read_bytes(path)
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    first = body.split(b"\n", 1)[0].decode(encoding)
    if not body.strip():
        raise ContractError(
            f"empty reference edition; expected a header line naming the columns "
            f"{columns.code!r} and {columns.price!r}",
            _at(path, 1),
        )
    if not first.strip():
        raise ContractError("the first line must be the header; it is blank", _at(path, 1))
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    decimal_comma = delimiter == ";"
    return _parse(path, columns, delimiter, decimal_comma, raw, encoding)


def _parse(
    path: Path,
    columns: ReferenceColumns,
    delimiter: str,
    decimal_comma: bool,
    raw: bytes,
    encoding: str,
) -> ReferenceEdition:
    rows = _numbered(_reader(raw, encoding, delimiter), path)
    _, header = next(rows)  # there is one: the first line is not blank
    named = _Header(header, path)
    code_at = named.column("code", columns.code)
    price_at = named.column("price", columns.price)
    units_at = None if columns.units is None else named.column("units", columns.units)
    description_at = (
        None if columns.description is None else named.column("description", columns.description)
    )
    width = len(header)
    style = "1.234,56" if decimal_comma else "1234.56"
    units_style = "20 or 2,5" if decimal_comma else "20 or 2.5"
    # Decimal values are immutable, so equal texts (units above all) share one value
    numbers: dict[str, Decimal | None] = {}
    entries: dict[str, ReferenceEntry] = {}
    for line, row in rows:
        if len(row) != width or not row[code_at].strip():
            if not any(cell.strip() for cell in row):
                continue  # a blank line, or a row of empty cells as spreadsheets export them
            if len(row) != width:
                message = f"expected {width} columns separated by '{delimiter}', found {len(row)}"
                spans = sum(cell.count("\n") for cell in row)
                if spans:  # a quote left open swallows the lines after it into one field
                    message += f' (the row runs to line {line + spans}: is a quote (") left open?)'
                raise ContractError(message, _at(path, line))
            raise ContractError(f"empty code in column {columns.code!r}", _at(path, line))
        code = row[code_at].strip()
        text = row[price_at]
        if text in numbers:
            price = numbers[text]
        else:
            price = numbers[text] = parse_table_number(text, decimal_comma=decimal_comma)
        if price is None or price < _ZERO:
            raise ContractError(
                _number_message("price", columns.price, text, style, code), _at(path, line)
            )
        units: Decimal | None = None
        if units_at is not None:
            text = row[units_at]
            if text in numbers:
                units = numbers[text]
            else:
                units = numbers[text] = parse_table_number(text, decimal_comma=decimal_comma)
            if units is None or units <= _ZERO:
                raise ContractError(
                    _number_message("units", columns.units, text, units_style, code),
                    _at(path, line),
                )
        if code in entries:
            first = _first_line(raw, encoding, delimiter, code_at, code)
            raise ContractError(
                f"code {code!r} listed twice (first at line {first})", _at(path, line)
            )
        description = row[description_at].strip() if description_at is not None else ""
        entries[code] = ReferenceEntry(code, description, price, units)
    if not entries:
        raise ContractError("no entries after the header", _at(path, 1))
    return ReferenceEdition(path=path, entries=entries)


def _number_message(role: str, column: str | None, text: str, style: str, code: str) -> str:
    if not text.strip():
        return f"empty {role} in column {column!r} for code {code!r}"
    kind = "a number of zero or more" if role == "price" else "a number above zero"
    return f"{role} {text.strip()!r} in column {column!r} is not {kind} like {style}"


def _numbered(reader: Reader, path: Path) -> Iterator[tuple[int, list[str]]]:
    """Each row with the line it starts on (a quoted field may span lines); a malformed row is a
    :class:`ContractError` at that line."""
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = f"malformed CSV: {exc}"
            if reader.line_num > last + 1:
                # a quote left open swallows the lines after it into one field
                message += f' (the row runs to line {reader.line_num}: is a quote (") left open?)'
            raise ContractError(message, _at(path, last + 1)) from exc
        yield last + 1, row
        last = reader.line_num


def _first_line(raw: bytes, encoding: str, delimiter: str, code_at: int, code: str) -> int:
    """The line a code is first listed on: read again only when a code is listed twice, so the
    row loop does not keep every code's line."""
    rows = _numbered(_reader(raw, encoding, delimiter), Path())
    next(rows)  # the header
    for line, row in rows:  # pragma: no branch - the caller saw the code in an earlier row
        if len(row) > code_at and row[code_at].strip() == code:
            return line
    raise AssertionError(f"code {code!r} not found again")  # pragma: no cover
