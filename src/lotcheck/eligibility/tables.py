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
from lotcheck.reader.files import open_regular

#: the largest file opened (the streaming pass enforces the same cap while it reads)
MAX_BYTES = REFERENCE_MAX_BYTES

_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_BR = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")


def key(name: str) -> str:
    """A header name as matched (see the module docstring)."""
    return fold_name(name.replace("_", " "))


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
        except OSError as exc:
            raise EligibilityError(f"cannot read: {exc.strerror or exc}", at(self.path)) from exc
        try:
            self._scanned = scan(self._handle, self.path)
        except ContractError as exc:
            self.close()
            raise EligibilityError(exc.message, exc.location) from exc
        except OSError as exc:
            self.close()
            raise EligibilityError(f"cannot read: {exc}", at(self.path)) from exc
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
            names = self.delimiter.join(self.known)
            raise EligibilityError(f"empty file; expected the header {names}", at(self.path, 1))
        text = self._text.readline()
        self.delimiter = ";" if text.count(";") >= text.count(",") else ","
        self.decimal_comma = self.delimiter == ";"
        cells = next(csv.reader([text], delimiter=self.delimiter))
        self._reader = csv.reader(self._text, delimiter=self.delimiter)
        self.width = len(cells)
        known = {key(name): name for name in self.known}
        for index, cell in enumerate(cells):
            name = known.get(key(cell))
            if not cell.strip():
                raise EligibilityError(
                    f"column {index + 1} of the header has no name (a trailing "
                    f"'{self.delimiter}'?); this file's columns are {', '.join(self.known)}",
                    at(self.path, 1),
                )
            if name is None:
                raise EligibilityError(
                    f"unknown column {cell.strip()!r}; this file's columns are "
                    f"{', '.join(self.known)}",
                    at(self.path, 1),
                )
            if name in self.positions:
                raise EligibilityError(
                    f"column {name!r} appears twice (columns {self.positions[name] + 1} and "
                    f"{index + 1})",
                    at(self.path, 1),
                )
            self.positions[name] = index
        missing = [
            name for name in self.known if name in self.required and name not in self.positions
        ]
        if missing:
            raise EligibilityError(
                f"missing required column(s) {', '.join(missing)}", at(self.path, 1)
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
                raise EligibilityError(f"malformed CSV: {exc}", at(self.path, last + 1)) from exc
            except UnicodeDecodeError as exc:  # every byte decoded in the scan: rewritten
                raise EligibilityError(
                    "the file changed while it was read", at(self.path, last + 1)
                ) from exc
            line, last = last + 1, 1 + reader.line_num  # the header was line 1
            if len(row) != self.width:
                if not any(cell.strip() for cell in row):
                    continue
                raise EligibilityError(
                    f"expected {self.width} columns separated by '{self.delimiter}', "
                    f"found {len(row)}",
                    at(self.path, line),
                )
            yield line, row
        assert self._handle is not None
        if not unchanged(self._handle, self._scanned, self._bounded):
            raise EligibilityError("the file changed while it was read", at(self.path))

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
                    raise EligibilityError(f"empty {name}", at(self.path, line))
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
                f"{name} {text!r} is not a date like AAAA-MM-DD or DD/MM/AAAA", at(self.path, line)
            )
        return value

    def count(self, row: dict[str, str], name: str, line: int, *, least: int = 0) -> int | None:
        """The whole number in ``name`` (None when empty), at least ``least``."""
        text = row[name]
        if not text:
            return None
        if not text.isascii() or not text.isdigit() or int(text) < least:
            raise EligibilityError(
                f"{name} {text!r} is not a whole number of {least} or more", at(self.path, line)
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
                f"{name} {text!r} is not a number above zero like {style}", at(self.path, line)
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
            f"{name} {text!r} is not one of {', '.join(allowed)}", at(self.path, line)
        )

    def split(self, text: str) -> list[str]:
        """A list cell: values separated by ``|``, each stripped, empty ones left out."""
        return [part.strip() for part in text.split("|") if part.strip()]
