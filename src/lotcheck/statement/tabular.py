"""A CSV or XLSX statement, read through the payer's column mapping (docs/statement-mapping.md).

The file is checked before a byte of it is read as a table: a regular file, at most
``max_bytes``, and for an XLSX a plain Excel package (:func:`~.table_sources.check_xlsx`). Then
the header is found at the mapping's row, every mapped column looked up in it (one missing is
named, with the headers there are), and each row after it becomes an item, grouped into guides
(by guide number, in the order they first appear) and protocols (by lot number and protocol,
from columns or the mapping's constants; one protocol when neither says).

Rows that are not items:

* a row whose mapped cells are all empty is skipped;
* a row whose guide cell says ``Total…`` or ``Subtotal…`` (any case) is a totals row;
* a row with no guide number is an error (a missing guide number) when it names an item (a
  sequence or a code) or when an item row follows it; otherwise it is a totals row (the summary
  at the foot of an export);
* the last totals row after the last item gives the statement's informed, released and denied
  values (the cells it fills); one that differs from the items' sum is a remark
  (``statement.table.total_differs``), never an error: the items are what is reconciled.

Any cell that is not what its column holds stops the reading with a
:class:`~lotcheck.statement.errors.StatementError` naming the file, the sheet (XLSX), the line
and the column: a statement read in part would reconcile to a lie.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lotcheck.messages import Joined, Verbatim
from lotcheck.reader.files import open_regular
from lotcheck.statement.errors import StatementError
from lotcheck.statement.table_cells import CellError, header_key, text
from lotcheck.statement.table_group import Entry, Grouper, RowReader, Totals
from lotcheck.statement.table_sources import Row, check_xlsx, csv_rows, xlsx_rows
from lotcheck.statement.types import Form, Statement

if TYPE_CHECKING:
    from lotcheck.statement.mapping import StatementMapping

_CHUNK = 1 << 20


def read_table_statement(path: Path, mapping_path: Path, *, max_bytes: int) -> Statement:
    """Read a CSV or XLSX statement through the payer's column mapping (a TOML file)."""
    # pydantic (the mapping's models) only when a table statement is read
    from lotcheck.statement.mapping import load_mapping

    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise StatementError("table.unknown_suffix", path=where, suffix=Verbatim(suffix or "''"))
    mapping = load_mapping(mapping_path)
    form: Form = "csv" if suffix == ".csv" else "xlsx"
    with _open(path, max_bytes) as handle:
        digest = _sha256(handle, max_bytes, where)
        sheet: str | None = None
        delimiter: str | None = None
        if form == "csv":
            delimiter, rows = csv_rows(handle, mapping.file, where)
        else:
            check_xlsx(handle, where)
            sheet, rows = xlsx_rows(handle, mapping.file, where)
        grouper, totals = _read_rows(rows, mapping, where, sheet, _decimal(mapping, delimiter))
    constants = mapping.statement
    remarks = totals.remarks(grouper.items()) if totals is not None else ()
    return Statement(
        path=where,
        form=form,
        sha256=digest,
        tiss_version=None,
        registro_ans=constants.registro_ans,
        number=constants.number,
        operator_name=constants.operator_name,
        operator_cnpj=None,
        issued=None,
        provider=None,
        cnes=None,
        protocols=grouper.protocols(),
        informed=totals.informed if totals is not None else None,
        released=totals.released if totals is not None else None,
        denied=totals.denied if totals is not None else None,
        remarks=remarks,
    )


def _open(path: Path, max_bytes: int) -> IO[bytes]:
    """The file opened if it is a regular file of at most ``max_bytes`` (said before reading)."""
    where = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise StatementError("table.not_found", path=where) from exc
    except OSError as exc:
        raise StatementError(
            "table.unreadable", path=where, reason=Verbatim(exc.strerror or str(exc))
        ) from exc
    if not stat.S_ISREG(info.st_mode):
        raise StatementError("table.not_regular", path=where)
    if info.st_size > max_bytes:
        raise StatementError("table.too_large", path=where, size=info.st_size, limit=max_bytes)
    try:  # the checks again on the very file opened (it may have changed since)
        return open_regular(path, max_bytes)
    except OSError as exc:
        raise StatementError(
            "table.unreadable", path=where, reason=Verbatim(exc.strerror or str(exc))
        ) from exc


def _sha256(handle: IO[bytes], max_bytes: int, where: str) -> str:
    """The bytes' digest (streamed); a file that grew past ``max_bytes`` since it was opened is
    refused as one that was that large."""
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise StatementError("table.too_large", path=where, size=size, limit=max_bytes)
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def _decimal(mapping: StatementMapping, delimiter: str | None) -> str:
    """The decimal mark of text numbers: the mapping's, else "." in a "," CSV and "," in any
    other file (a ";" CSV, an XLSX's text cells: the Brazilian way)."""
    if mapping.file.decimal != "auto":
        return mapping.file.decimal
    return "." if delimiter == "," else ","


def _read_rows(
    rows: Iterator[Row], mapping: StatementMapping, where: str, sheet: str | None, mark: str
) -> tuple[Grouper, Totals | None]:
    """The items grouped, and the totals row at the foot (None: there is none)."""
    header_row = mapping.file.header_row
    header: tuple[object, ...] | None = None
    for line, cells in rows:
        if line == header_row:
            header = cells
            break
        if line > header_row:
            break
    if header is None:
        raise StatementError("table.no_header", path=where, sheet=sheet, row=header_row)
    reader = RowReader(mapping, _columns(header, mapping, where, sheet, header_row), mark)
    grouper = Grouper()
    unlabelled: int | None = None  # the first row without a guide number since the last item
    trailing: list[Totals] = []  # the totals rows since the last item
    for line, cells in rows:
        try:
            kind, value = reader.read(cells)
            if isinstance(value, Entry):
                if unlabelled is not None:
                    raise StatementError(
                        "table.missing_guide",
                        path=where,
                        sheet=sheet,
                        line=unlabelled,
                        column=Verbatim(mapping.columns.guide),
                    )
                trailing.clear()
                grouper.add(value, line)
            elif isinstance(value, Totals):
                if kind == "no_guide" and unlabelled is None:
                    unlabelled = line
                trailing.append(value)
        except CellError as exc:
            raise StatementError(exc.key, path=where, sheet=sheet, line=line, **exc.params) from exc
    if not grouper:
        raise StatementError("table.no_rows", path=where, sheet=sheet, line=header_row)
    given = [totals for totals in trailing if totals.any()]
    return grouper, (given[-1] if given else None)


def _columns(
    header: tuple[object, ...], mapping: StatementMapping, where: str, sheet: str | None, line: int
) -> dict[str, int]:
    """Mapped field -> index of its column in the header (a mapped header found twice is an
    error: which of the two holds the values cannot be told)."""
    mapped = mapping.columns.model_dump(exclude_none=True)
    wanted = {header_key(c) for c in mapped.values()}
    index: dict[str, int] = {}
    shown: list[str] = []
    for position, cell in enumerate(header):
        name = text(cell)
        if name is None:
            continue
        shown.append(name)
        key = header_key(name)
        if key in index and key in wanted:
            raise StatementError(
                "table.duplicate_column", path=where, sheet=sheet, line=line, column=Verbatim(name)
            )
        index.setdefault(key, position)
    found: dict[str, int] = {}
    for field, column in mapped.items():
        at = index.get(header_key(column))
        if at is None:
            raise StatementError(
                "table.missing_column",
                path=where,
                sheet=sheet,
                line=line,
                column=Verbatim(column),
                key=Verbatim(field),
                headers=Joined(tuple(Verbatim(n) for n in shown)),
            )
        found[field] = at
    return found
