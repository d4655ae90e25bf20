"""The rows of a CSV or XLSX statement, as ``(line, cells)``, read without trusting the file.

A CSV is streamed line by line through :mod:`csv`, each line decoded on its own in the mapping's
encoding, so a byte that is not of that encoding is reported on its own line (a decoder fed in
8 KiB chunks would report it pages later). An XLSX is a zip of XML parts: before openpyxl sees
it, the zip's directory is read (:mod:`zipfile`) and refused when it is not an Excel package,
when its parts would unpack past :data:`MAX_UNPACKED_BYTES` (a zip bomb declares small
compressed sizes and huge real ones; zipfile never inflates a part past its declared size, so
the declared sizes are a real bound), or when a part declares a DOCTYPE (entities). openpyxl then
reads the sheet in read-only mode (row by row, cached formula values), from the very handle that
was checked.

``line`` is what the user sees: the CSV line a record starts on, the XLSX row number. Cells are
as the form gives them: text for a CSV; text, numbers, dates or None for an XLSX.
"""

from __future__ import annotations

import csv
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from lotcheck.messages import Joined, Verbatim
from lotcheck.statement.errors import StatementError

if TYPE_CHECKING:
    from lotcheck.statement.mapping import FileSettings

#: what an XLSX statement may unpack to, all parts together (a statement is a few MB)
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
#: parts in one XLSX package (a real one has a few dozen)
MAX_PARTS = 10_000
#: how far into a part its first element must start (the prolog is a line or two)
_PROLOG_BYTES = 64 * 1024
_ELEMENT = re.compile(rb"<[A-Za-z_]")
_DELIMITERS = (";", ",", "\t")
#: what zipfile raises on a broken archive or part (RuntimeError: an encrypted part)
_ZIP_FAULTS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)

Row = tuple[int, tuple[object, ...]]


def csv_rows(handle: IO[bytes], settings: FileSettings, where: str) -> tuple[str, Iterator[Row]]:
    """The CSV's delimiter (the mapping's, or the one its header line holds most of) and its
    records, from the first line on, each with the line it starts on."""
    lines = _Lines(handle, settings.encoding, where)
    delimiter: str = settings.delimiter
    if delimiter == "auto":
        delimiter = lines.sniff(settings.header_row)
    return delimiter, _records(lines, delimiter)


def _records(lines: _Lines, delimiter: str) -> Iterator[Row]:
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        start = lines.number + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise StatementError(
                "table.csv", path=lines.where, line=lines.number, problem=Verbatim(str(exc))
            ) from exc
        yield start, tuple(record)


class _Lines:
    """The file's lines decoded one at a time, counting them (``number``: the last one read)."""

    def __init__(self, handle: IO[bytes], encoding: str, where: str) -> None:
        self.handle = handle
        self.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self.where = where
        self.number = 0
        self._ahead: list[bytes] = []

    def __iter__(self) -> _Lines:
        return self

    def _raw(self) -> bytes:
        return self._ahead.pop(0) if self._ahead else self.handle.readline()

    def __next__(self) -> str:
        raw = self._raw()
        if not raw:
            raise StopIteration
        self.number += 1
        if self.number == 1 and self.encoding == "utf-8" and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise StatementError(
                "table.encoding",
                path=self.where,
                line=self.number,
                encoding=Verbatim(self.encoding),
            ) from exc

    def sniff(self, header_row: int) -> str:
        """The delimiter of the header line (read ahead, then given back to the reader)."""
        while len(self._ahead) < header_row:
            raw = self.handle.readline()
            if not raw:
                break
            self._ahead.append(raw)
        header = self._ahead[header_row - 1] if len(self._ahead) >= header_row else b""
        counts = [header.count(d.encode()) for d in _DELIMITERS]
        return _DELIMITERS[counts.index(max(counts))] if max(counts) else ";"


# -- XLSX ---------------------------------------------------------------------------------------


def check_xlsx(handle: IO[bytes], where: str, limit: int | None = None) -> None:
    """Refuse what is not a plain Excel package before openpyxl opens it (see the module);
    ``limit`` on the unpacked size defaults to :data:`MAX_UNPACKED_BYTES`."""
    limit = MAX_UNPACKED_BYTES if limit is None else limit
    try:
        archive = zipfile.ZipFile(handle)
    except _ZIP_FAULTS as exc:
        raise StatementError("table.not_xlsx", path=where) from exc
    with archive:
        parts = archive.infolist()
        names = {part.filename for part in parts}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise StatementError("table.not_xlsx", path=where)
        size = sum(part.file_size for part in parts)
        if size > limit or len(parts) > MAX_PARTS:
            raise StatementError("table.xlsx_unpacked", path=where, size=size, limit=limit)
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                _check_prolog(archive, part, where)
    handle.seek(0)


def _check_prolog(archive: zipfile.ZipFile, part: zipfile.ZipInfo, where: str) -> None:
    try:
        with archive.open(part) as stream:
            head = stream.read(_PROLOG_BYTES)
    except _ZIP_FAULTS as exc:  # a truncated, encrypted or oddly compressed part
        raise StatementError(
            "table.xlsx_invalid", path=where, problem=Verbatim(f"{part.filename}: {exc}")
        ) from exc
    found = _ELEMENT.search(head)
    prolog = head[: found.start()] if found else head
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise StatementError("table.xlsx_doctype", path=where, part=Verbatim(part.filename))
    if found is None and part.file_size:
        raise StatementError(
            "table.xlsx_invalid", path=where, problem=Verbatim(f"{part.filename}: no XML element")
        )


def xlsx_rows(handle: IO[bytes], settings: FileSettings, where: str) -> tuple[str, Iterator[Row]]:
    """The sheet's name and its rows (each with its row number); the handle was checked by
    :func:`check_xlsx`."""
    # openpyxl (~0.3 s to import) only when a workbook is read
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything on a broken part: all are the file's fault
        raise StatementError(
            "table.xlsx_invalid", path=where, problem=Verbatim(f"{type(exc).__name__}: {exc}")
        ) from exc
    names = [sheet.title for sheet in workbook.worksheets]
    if not names:
        raise StatementError("table.xlsx_invalid", path=where, problem=Verbatim("no worksheet"))
    name = settings.sheet if settings.sheet is not None else names[0]
    if name not in names:
        raise StatementError(
            "table.no_sheet",
            path=where,
            name=Verbatim(name),
            sheets=Joined(tuple(Verbatim(n) for n in names)),
        )
    sheet = workbook[name]
    sheet.reset_dimensions()  # some writers record a wrong used range: read every row there is

    def rows() -> Iterator[Row]:
        try:
            for cells in sheet.iter_rows():
                numbered = [c for c in cells if getattr(c, "row", None) is not None]
                if numbered:
                    yield numbered[0].row, tuple(c.value for c in cells)
        except StatementError:
            raise
        except Exception as exc:  # a broken sheet part, found while it is streamed
            raise StatementError(
                "table.xlsx_invalid",
                path=where,
                sheet=name,
                problem=Verbatim(f"{type(exc).__name__}: {exc}"),
            ) from exc
        finally:
            workbook.close()

    return name, rows()
