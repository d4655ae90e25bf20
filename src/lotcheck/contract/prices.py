"""One price table: a contract folder's ``YYYY-MM-DD.csv``, read into a :class:`PriceVersion`.

The CSV is what billing staff keep in a spreadsheet: Brazilian ``;``-separated files with a
decimal comma are read as they are, and so are plain ``,`` files with a decimal point; UTF-8 (with
or without BOM), else Windows-1252 as Excel in Brazil saves it. A bad row is a
:class:`~lotcheck.contract.types.ContractError` naming the file and line, never a silent skip,
because a skipped price would turn into a false "code unknown" on every item that uses it.

A row that is plainly valid is built by the fast reader (:mod:`lotcheck.contract.fast_reader`);
any other row goes to the pydantic model (:mod:`lotcheck.contract.models`, imported only then),
which decides and words the error.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from lotcheck.contract.fast_reader import plain_row
from lotcheck.contract.types import ContractError, PriceRow, PriceVersion
from lotcheck.core.money import parse_table_number
from lotcheck.reader.files import MAX_SETTINGS_BYTES, read_regular

_HEADER = ("tabela", "codigo", "descricao", "valor")


def _location(path: Path, line: int | None = None) -> str:
    return f"{path}:{line}" if line else str(path)


def read_text(path: Path) -> str:
    """CSV text: UTF-8 (with or without BOM), else Windows-1252 as Excel in Brazil saves it.

    Only a regular file of at most MAX_SETTINGS_BYTES is read (a FIFO or a device is refused).
    """
    raw = read_regular(path, MAX_SETTINGS_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")


def load_price_version(path: Path, start: date) -> PriceVersion:
    """Parse one price CSV; raise :class:`ContractError` naming the file and line."""
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError("prices.unreadable", _location(path), reason=str(exc)) from exc
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ContractError("prices.empty", _location(path, 1), header=";".join(_HEADER))
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    decimal_comma = delimiter == ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    if header[:4] != list(_HEADER):
        raise ContractError(
            "header",
            _location(path, 1),
            expected=delimiter.join(_HEADER),
            found=delimiter.join(header),
        )
    prices: dict[tuple[str, str], PriceRow] = {}
    first_line: dict[tuple[str, str], int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ContractError(
                "columns",
                _location(path, line),
                width=len(header),
                delimiter=delimiter,
                found=len(row),
                more="",
            )
        table, code, description, value_text = (cell.strip() for cell in row[:4])
        price = parse_table_number(value_text, decimal_comma=decimal_comma)
        if price is None:
            style = "1.234,56" if decimal_comma else "1234.56"
            raise ContractError(
                "prices.bad_price", _location(path, line), value=value_text, style=style
            )
        if table.isdigit() and len(table) == 1:
            table = table.zfill(2)  # spreadsheets drop the leading zero of '00'
        entry = plain_row(table, code, description, price)
        if entry is None:
            # pydantic (~0.15 s to import) only for a row the fast reader does not accept
            from lotcheck.contract.models import checked_row

            entry = checked_row(table, code, description, price, _location(path, line))
        key = (entry.table, entry.code)
        if key in prices:
            raise ContractError(
                "prices.twice",
                _location(path, line),
                table=entry.table,
                code=entry.code,
                first=first_line[key],
            )
        prices[key] = entry
        first_line[key] = line
    return PriceVersion(start=start, path=path, prices=prices)
