"""Reading one CSV of an eligibility folder: its bytes, its dialect, its header, its cells.

The roster of a state institute is about a million rows (~100 MB): held whole as bytes and then
as text it would cost twice its size at the peak of the load, past the 300 MB the issue allows.
So a file is streamed the way a reference edition is (:mod:`lotcheck.contract.reference_file`):
one pass finds the encoding (UTF-8 with or without BOM, else Windows-1252) and the size, a second
feeds the text to :mod:`csv`, and a file rewritten between the passes is an error. The size cap
is that module's (256 MiB, ~2.5 million roster rows): above it the file is refused, naming it.

The dialect is read from the header, as the price tables do: more ``;`` than ``,`` is the
Brazilian spreadsheet (``;`` and decimal comma), else plain CSV (``,`` and decimal point).
Header names are matched trimmed, case-folded, accents dropped and ``_`` taken as a space
(``Situação`` is ``situacao``, ``Janela Meses`` is ``janela_meses``). A column the format does not
name is an error: these files are the payer's own, written for lotcheck, so an unknown column is
a typo (``efetivaçao``) whose data would otherwise be silently ignored.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import IO

from lotcheck.contract.reference import fold_name
from lotcheck.contract.reference_file import REFERENCE_MAX_BYTES, scan, text_stream, unchanged
from lotcheck.contract.types import ContractError
from lotcheck.core.money import parse_table_number
from lotcheck.eligibility.errors import EligibilityError, at
from lotcheck.messages import Verbatim
from lotcheck.reader.files import UnsafeFileError, open_regular

#: the largest file opened (the streaming pass enforces the same cap while it reads)
MAX_BYTES = REFERENCE_MAX_BYTES

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_BR = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")


def key(name: str) -> str:
    """A header name as matched (see the module docstring)."""
    return fold_name(name.replace("_", " "))


def _mib(size: int) -> Decimal:
    """A byte count in MiB, as a number the reader's language writes (``0,5`` in Portuguese)."""
    return Decimal(f"{size / 2**20:g}")


def _unsafe(path: Path) -> EligibilityError:
    """Why :func:`~lotcheck.reader.files.open_regular` refused ``path``, from the catalog (its
    own text is English): not a regular file, or above the cap."""
    try:
        size = path.stat().st_size
    except OSError:
        size = -1
    if path.is_file() and size > MAX_BYTES:
        return EligibilityError("too_large", at(path), size=size, limit=_mib(MAX_BYTES))
    return EligibilityError("not_regular", at(path))


def _byte_problem(exc: ContractError) -> EligibilityError:
    """A byte-level problem the shared scan found (UTF-16, a byte neither encoding has), at its
    line: the scan's message (worded by the contract package, in the reader's language) without
    its own location, which the eligibility error puts first."""
    return EligibilityError("bytes", exc.location, detail=exc.what_msg())


def parse_date(text: str) -> date | None:
    """``AAAA-MM-DD`` or ``DD/MM/AAAA`` (a real day), else None so the caller names the cell."""
    iso = _ISO.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        br = _BR.fullmatch(text)
        if br:
            return date(int(br[3]), int(br[2]), int(br[1]))
    except ValueError:
        return None
    return None


class Table:
    """One CSV opened: ``with Table(path, known, required) as table: for line, row in table``.

    ``row`` maps each known column name to its cell, stripped ("" when empty or absent).
    """

    def __init__(self, path: Path, known: Sequence[str], required: Sequence[str]) -> None:
        self.path = path
        self.known = tuple(known)
        self.required = frozenset(required)
        self.delimiter = ";"
        self.decimal_comma = True
        self.positions: dict[str, int] = {}
        self._handle: IO[bytes] | None = None

    # -- opening ------------------------------------------------------------------------------

    def __enter__(self) -> Table:
        try:
            self._handle = open_regular(self.path, MAX_BYTES)
        except UnsafeFileError as exc:
            raise _unsafe(self.path) from exc
        except OSError as exc:  # the system's own words, as it wrote them
            reason = Verbatim(exc.strerror or str(exc))
            raise EligibilityError("cannot_read", at(self.path), reason=reason) from exc
        try:
            self._scanned = scan(self._handle, self.path)
        except ContractError as exc:
            self.close()
            raise _byte_problem(exc) from exc
        except UnsafeFileError as exc:  # the size was checked on open: it grew since
            self.close()
            raise EligibilityError("grew_too_large", at(self.path), limit=_mib(MAX_BYTES)) from exc
        except OSError as exc:
            self.close()
            reason = Verbatim(exc.strerror or str(exc))
            raise EligibilityError("cannot_read", at(self.path), reason=reason) from exc
        self._text, self._bounded = text_stream(self._handle, self._scanned)
        self._reader = csv.reader(self._text, delimiter=";")
        try:
            self._header()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _header(self) -> None:
        if self._scanned.blank:
            header = Verbatim(self.delimiter.join(self.known))
            raise EligibilityError("empty_file", at(self.path, 1), header=header)
        text = self._text.readline()
        self.delimiter = ";" if text.count(";") >= text.count(",") else ","
        self.decimal_comma = self.delimiter == ";"
        cells = next(csv.reader([text], delimiter=self.delimiter))
        self._reader = csv.reader(self._text, delimiter=self.delimiter)
        self.width = len(cells)
        known = {key(name): name for name in self.known}
        columns = Verbatim(", ".join(self.known))
        for index, cell in enumerate(cells):
            name = known.get(key(cell))
            if not cell.strip():
                raise EligibilityError(
                    "unnamed_column",
                    at(self.path, 1),
                    index=index + 1,
                    delimiter=Verbatim(self.delimiter),
                    columns=columns,
                )
            if name is None:
                raise EligibilityError(
                    "unknown_column", at(self.path, 1), name=Verbatim(cell.strip()), columns=columns
                )
            if name in self.positions:
                raise EligibilityError(
                    "duplicate_column",
                    at(self.path, 1),
                    name=Verbatim(name),
                    first=self.positions[name] + 1,
                    second=index + 1,
                )
            self.positions[name] = index
        missing = [
            name for name in self.known if name in self.required and name not in self.positions
        ]
        if missing:
            raise EligibilityError(
                "missing_columns",
                at(self.path, 1),
                columns=Verbatim(", ".join(missing)),
                n=len(missing),
            )

    # -- rows ---------------------------------------------------------------------------------

    def lines(self) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank row as its raw cells, with the line it starts on (first line: 2)."""
        reader, last = self._reader, 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise EligibilityError(  # the csv module's own words
                    "malformed", at(self.path, last + 1), reason=Verbatim(str(exc))
                ) from exc
            except UnicodeDecodeError as exc:  # every byte decoded in the scan: rewritten
                raise EligibilityError("changed", at(self.path, last + 1)) from exc
            line, last = last + 1, 1 + reader.line_num  # the header was line 1
            if len(row) != self.width:
                if not any(cell.strip() for cell in row):
                    continue
                raise EligibilityError(
                    "row_width",
                    at(self.path, line),
                    n=self.width,
                    delimiter=Verbatim(self.delimiter),
                    found=len(row),
                )
            yield line, row
        assert self._handle is not None
        if not unchanged(self._handle, self._scanned, self._bounded):
            raise EligibilityError("changed", at(self.path))

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        positions = self.positions
        for line, cells in self.lines():
            if not any(cell.strip() for cell in cells):
                continue
            row = {
                name: cells[positions[name]].strip() if name in positions else ""
                for name in self.known
            }
            for name in self.required:
                if not row[name]:
                    raise EligibilityError("empty_cell", at(self.path, line), column=Verbatim(name))
            yield line, row

    # -- cells --------------------------------------------------------------------------------

    def date(self, row: dict[str, str], name: str, line: int) -> date | None:
        """The date in ``name`` (None when empty); a bad one is an error at ``line``."""
        text = row[name]
        if not text:
            return None
        value = parse_date(text)
        if value is None:
            raise EligibilityError(
                "bad_date", at(self.path, line), column=Verbatim(name), value=Verbatim(text)
            )
        return value

    def count(self, row: dict[str, str], name: str, line: int, *, least: int = 0) -> int | None:
        """The whole number in ``name`` (None when empty), at least ``least``."""
        text = row[name]
        if not text:
            return None
        if not text.isascii() or not text.isdigit() or int(text) < least:
            raise EligibilityError(
                "bad_count",
                at(self.path, line),
                column=Verbatim(name),
                value=Verbatim(text),
                least=least,
            )
        return int(text)

    def number(self, row: dict[str, str], name: str, line: int) -> Decimal | None:
        """The decimal in ``name`` in the file's dialect (None when empty), above zero."""
        text = row[name]
        if not text:
            return None
        # in the ';' dialect a dot groups thousands: '2.500' would read 2500 where 2,5 was meant
        dotted = self.decimal_comma and "." in text
        value = None if dotted else parse_table_number(text, decimal_comma=self.decimal_comma)
        if value is None or value <= 0:
            style = "1.234,5" if self.decimal_comma else "1234.5"
            raise EligibilityError(
                "bad_number",
                at(self.path, line),
                column=Verbatim(name),
                value=Verbatim(text),
                example=Verbatim(style),
            )
        return value

    def choice(self, row: dict[str, str], name: str, line: int, allowed: Sequence[str]) -> str:
        """The value of ``name`` among ``allowed`` (matched like header names), or "" if empty."""
        text = row[name]
        if not text:
            return ""
        folded = key(text)
        for value in allowed:
            if key(value) == folded:
                return value
        raise EligibilityError(
            "bad_choice",
            at(self.path, line),
            column=Verbatim(name),
            value=Verbatim(text),
            allowed=Verbatim(", ".join(allowed)),
        )

    def split(self, text: str) -> list[str]:
        """A list cell: values separated by ``|``, each stripped, empty ones left out."""
        return [part.strip() for part in text.split("|") if part.strip()]
