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

Speed and memory: an edition has ~100,000 rows and a contract may pin several, loaded before a
check that must stay within 100 MB. So the row loop is plain Python over :mod:`csv` (no pydantic,
whose import alone costs ~0.15 s); the file is streamed, never held whole
(:mod:`~lotcheck.contract.reference_file`); and the entries are kept compact, ~70 bytes a row
instead of ~350 as a dict of dataclasses (:mod:`~lotcheck.contract.reference_entries`).
``bench/reference_edition.py`` and the hospital row of ``bench/run.py`` time and weigh it.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lotcheck.contract.reference_entries import EntriesBuilder, ReferenceEntries, ReferenceEntry
from lotcheck.contract.reference_file import (
    REFERENCE_MAX_BYTES,
    at,
    first_line,
    scan,
    text_stream,
    unchanged,
)
from lotcheck.contract.types import ContractError
from lotcheck.core.money import parse_table_number
from lotcheck.messages import Msg, Verbatim
from lotcheck.reader.files import open_regular

if TYPE_CHECKING:
    from _csv import Reader

__all__ = [
    "REFERENCE_MAX_BYTES",
    "ReferenceColumns",
    "ReferenceEdition",
    "ReferenceEntries",
    "ReferenceEntry",
    "load_reference",
]

_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ReferenceColumns:
    """Which header names hold what; names are matched as the module docstring says."""

    code: str  # header name of the code column, e.g. "CODIGO" or "Código TUSS"
    price: str  # header of the price column, e.g. "PMC", "PF", "PRECO_FABRICA"
    units: str | None = None  # header of units-per-package (priced per unit: price / units)
    description: str | None = None


@dataclass(frozen=True, slots=True)
class ReferenceEdition:
    """One edition file: its entries by code (a read-only mapping, compact: see
    :mod:`~lotcheck.contract.reference_entries`)."""

    path: Path
    entries: Mapping[str, ReferenceEntry]


def fold_name(name: str) -> str:
    """A header name as matched: trimmed, inner spaces collapsed, case-folded, no accents."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


class _Header:
    """The header's column positions by folded name, and which role took which column."""

    def __init__(self, cells: list[str], path: Path) -> None:
        self.cells = cells
        self.path = path
        self.positions: dict[str, list[int]] = {}
        for index, cell in enumerate(cells):
            self.positions.setdefault(fold_name(cell), []).append(index)
        self.taken: dict[int, str] = {}

    def column(self, role: str, name: str) -> int:
        """The index of the one column named ``name``, for ``role``; else a ContractError."""
        hits = self.positions.get(fold_name(name), [])
        if not hits:
            listed = ", ".join(repr(cell.strip()) for cell in self.cells)
            raise ContractError(
                "reference.no_column", at(self.path, 1), name=name, role=_role(role), listed=listed
            )
        if len(hits) > 1:
            numbers = ", ".join(str(i + 1) for i in hits)
            raise ContractError(
                "reference.column_repeated",
                at(self.path, 1),
                name=name,
                role=_role(role),
                n=len(hits),
                numbers=numbers,
            )
        if hits[0] in self.taken:
            raise ContractError(
                "reference.column_shared",
                at(self.path, 1),
                first=_role(self.taken[hits[0]]),
                second=_role(role),
                name=name,
            )
        self.taken[hits[0]] = role
        return hits[0]


def load_reference(path: Path, columns: ReferenceColumns) -> ReferenceEdition:
    """Read one reference edition; raise :class:`ContractError` naming the file and line."""
    try:
        handle = open_regular(path, REFERENCE_MAX_BYTES)
    except OSError as exc:
        raise ContractError("edition.unreadable", at(path), reason=str(exc)) from exc
    with handle:
        try:
            return _load(handle, path, columns)
        except OSError as exc:  # a read error, or a file that grew past the cap while read
            raise ContractError("edition.unreadable", at(path), reason=str(exc)) from exc


def _load(handle: IO[bytes], path: Path, columns: ReferenceColumns) -> ReferenceEdition:
    scanned = scan(handle, path)
    if scanned.blank:
        raise ContractError("reference.empty", at(path, 1), code=columns.code, price=columns.price)
    first = first_line(handle, scanned)
    if not first.strip():
        raise ContractError("reference.blank_header", at(path, 1))
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    text, bounded = text_stream(handle, scanned)
    reader = csv.reader(text, delimiter=delimiter, strict=True)
    edition = _parse(path, columns, delimiter, _numbered(reader, path))
    if not unchanged(handle, scanned, bounded):
        raise ContractError("reference.changed", at(path))
    return edition


def _parse(
    path: Path,
    columns: ReferenceColumns,
    delimiter: str,
    rows: Iterator[tuple[int, list[str]]],
) -> ReferenceEdition:
    decimal_comma = delimiter == ";"
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
    units_style = _units_style(decimal_comma)
    # Decimal values are immutable, so equal units texts share one value; prices are not kept
    # here (nearly every row has its own: the cache would hold one Decimal per row)
    numbers: dict[str, Decimal | None] = {}
    built = EntriesBuilder(with_units=units_at is not None)
    for line, row in rows:
        if len(row) != width or not row[code_at].strip():
            if not any(cell.strip() for cell in row):
                continue  # a blank line, or a row of empty cells as spreadsheets export them
            if len(row) != width:
                spans = sum(cell.count("\n") for cell in row)
                # a quote left open swallows the lines after it into one field
                more = _open_quote(line + spans) if spans else ""
                raise ContractError(
                    "columns",
                    at(path, line),
                    width=width,
                    delimiter=delimiter,
                    found=len(row),
                    more=more,
                )
            raise ContractError("reference.empty_code", at(path, line), column=columns.code)
        code = row[code_at].strip()
        text = row[price_at]
        price = parse_table_number(text, decimal_comma=decimal_comma)
        if price is None or price < _ZERO:
            raise _number_error("price", columns.price, text, style, code, at(path, line))
        units: Decimal | None = None
        if units_at is not None:
            text = row[units_at]
            if text in numbers:
                units = numbers[text]
            else:
                units = numbers[text] = parse_table_number(text, decimal_comma=decimal_comma)
            if units is None or units <= _ZERO:
                raise _number_error("units", columns.units, text, units_style, code, at(path, line))
        description = row[description_at].strip() if description_at is not None else ""
        first = built.add(line, code, price, units, description)
        if first is not None:
            raise ContractError("reference.twice", at(path, line), code=code, first=first)
    if not len(built):
        raise ContractError("reference.no_entries", at(path, 1))
    return ReferenceEdition(path=path, entries=built.build())


def _role(role: str) -> Msg:
    """What a column holds (``code``, ``price``, ``units``, ``description``), as words."""
    return Msg(f"contract.reference.role.{role}")


def _units_style(decimal_comma: bool) -> Msg:
    """How a units count is written in the file's dialect (``20 or 2,5``)."""
    return Msg(
        "contract.reference.units_style",
        {"whole": Verbatim("20"), "part": Verbatim("2,5" if decimal_comma else "2.5")},
    )


def _open_quote(line: int) -> Msg:
    """The hint that a quote left open swallowed the lines up to ``line``."""
    return Msg("contract.reference.open_quote", {"line": line})


def _number_error(
    role: str, column: str | None, text: str, style: object, code: str, location: str
) -> ContractError:
    if not text.strip():
        return ContractError(
            "reference.empty_number", location, role=_role(role), column=column, code=code
        )
    return ContractError(
        f"reference.bad_{role}", location, value=text.strip(), column=column, style=style
    )


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
            # a quote left open swallows the lines after it into one field
            more = _open_quote(reader.line_num) if reader.line_num > last + 1 else ""
            raise ContractError(
                "reference.malformed", at(path, last + 1), reason=str(exc), more=more
            ) from exc
        except UnicodeDecodeError as exc:  # the scan decoded every byte: the file was rewritten
            raise ContractError("reference.changed", at(path, last + 1)) from exc
        yield last + 1, row
        last = reader.line_num
