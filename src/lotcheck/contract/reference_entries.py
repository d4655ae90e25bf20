"""The entries of a reference edition, kept compact: a read-only mapping code -> ReferenceEntry.

A contract may pin two editions of ~100,000 rows each, and the check that uses them must stay
within 100 MB. Kept as a ``dict`` of frozen dataclasses holding a code, a description and two
:class:`~decimal.Decimal` values, one row costs ~350 bytes (~35 MB per edition); here it costs
the bytes of its text plus ~25 bytes of arrays (~7 MB for the benchmark's editions):

* one UTF-8 ``bytearray`` holds every row's code, price text and description back to back, and
  an ``array('I')`` the 3n + 1 offsets between them;
* the units per package (few distinct values) are a tuple of the distinct :class:`Decimal`
  values and one small index per row;
* the codes are found through an open-addressing table (``array('I')`` of row + 1, 0 for empty,
  at most 5/8 full, linear probing) keyed by ``crc32(code)`` scrambled by a Fibonacci multiplier
  (:func:`zlib.crc32`, not :func:`hash`: a contract is pickled to worker processes, where the
  ``hash`` of a string differs). A code listed twice is found as its second row goes in.

Nothing is allocated per row that outlives the row but its text and a few array cells, and the
arrays grow in place: a load leaves no garbage behind for the allocator to keep.
:class:`ReferenceEntry` values are built on lookup (the pricing stage asks once per line); the
price is kept as the text of the Decimal the loader parsed (``str`` of a Decimal gives it back
exactly, exponent included), so nothing is rounded or converted. Iteration follows the file's
order, as a ``dict``'s would.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["EntriesBuilder", "ReferenceEntries", "ReferenceEntry"]

_GOLDEN = 0x9E3779B1  # 2^32 / golden ratio: spreads crc32's structure over the high bits
_MIN_BITS = 4


@dataclass(frozen=True, slots=True)
class ReferenceEntry:
    """One row of an edition, its values as in the file."""

    code: str
    description: str  # "" when the mapping has no description column
    price: Decimal  # the package (presentation) price as in the file
    units: Decimal | None  # units per package, None when the mapping has no units column


def _slot(code: bytes | bytearray, bits: int) -> int:
    return ((zlib.crc32(code) * _GOLDEN) & 0xFFFFFFFF) >> (32 - bits)


class _Rows:
    """The storage both classes share: texts, offsets, the code table."""

    __slots__ = ("_bits", "_bounds", "_table", "_text")

    def __init__(self) -> None:
        self._text = bytearray()
        self._bounds = array("I", [0])
        self._bits = _MIN_BITS
        self._table = array("I", bytes(4 << _MIN_BITS))

    def _code(self, row: int) -> bytes | bytearray:
        at = 3 * row
        return self._text[self._bounds[at] : self._bounds[at + 1]]

    def _find(self, code: bytes) -> tuple[int, int]:
        """``(row, slot)``: the row holding ``code`` (-1 if none) and the slot it is in or would
        go in."""
        table, bits = self._table, self._bits
        mask = (1 << bits) - 1
        at = _slot(code, bits)
        while True:
            taken = table[at]
            if not taken:
                return -1, at
            if self._code(taken - 1) == code:
                return taken - 1, at
            at = (at + 1) & mask


class ReferenceEntries(_Rows, Mapping[str, ReferenceEntry]):
    """An edition's entries by code (read-only), stored as the module docstring says."""

    __slots__ = ("_unit_values", "_units")

    def __init__(self) -> None:  # built by EntriesBuilder.build only
        super().__init__()
        self._units: array[int] | None = None
        self._unit_values: tuple[Decimal, ...] = ()

    def _row(self, code: object) -> int:
        if not isinstance(code, str):
            return -1
        return self._find(code.encode("utf-8", "surrogatepass"))[0]

    def __getitem__(self, code: str) -> ReferenceEntry:
        row = self._row(code)
        if row < 0:
            raise KeyError(code)
        at, text = 3 * row, self._text
        start, price_at, description_at, end = self._bounds[at : at + 4]
        units = None if self._units is None else self._unit_values[self._units[row]]
        return ReferenceEntry(
            text[start:price_at].decode("utf-8"),
            text[description_at:end].decode("utf-8"),
            Decimal(text[price_at:description_at].decode("ascii")),
            units,
        )

    def __contains__(self, code: object) -> bool:
        return self._row(code) >= 0

    def __iter__(self) -> Iterator[str]:
        for row in range(len(self)):
            yield self._code(row).decode("utf-8")

    def __len__(self) -> int:
        return (len(self._bounds) - 1) // 3

    def __repr__(self) -> str:
        return f"<ReferenceEntries: {len(self)} codes>"


class EntriesBuilder(_Rows):
    """Collects the rows as the loader validates them, then hands over :class:`ReferenceEntries`."""

    __slots__ = ("_count", "_lines", "_unit_rows", "_unit_values", "_units")

    def __init__(self, with_units: bool) -> None:
        super().__init__()
        self._count = 0
        self._lines = array("I")  # the line of each row, for the error of a repeated code
        self._units: array[int] | None = array("I") if with_units else None
        self._unit_rows: dict[str, int] = {}  # by text: 20 and 20.0 stay as the file says
        self._unit_values: list[Decimal] = []

    def __len__(self) -> int:
        return self._count

    def add(
        self, line: int, code: str, price: Decimal, units: Decimal | None, description: str
    ) -> int | None:
        """Add one validated row (``units`` is None exactly when there is no units column).

        Returns None, or the line of the earlier row with the same code (then nothing is added).
        """
        code_bytes = code.encode("utf-8")
        first, slot = self._find(code_bytes)
        if first >= 0:
            return self._lines[first]
        text, bounds = self._text, self._bounds
        text += code_bytes
        bounds.append(len(text))
        text += str(price).encode("ascii")
        bounds.append(len(text))
        text += description.encode("utf-8")
        bounds.append(len(text))
        self._lines.append(line)
        self._table[slot] = self._count + 1
        self._count += 1
        if self._count * 8 > 5 << self._bits:
            self._grow()
        if self._units is not None:
            assert units is not None
            index = self._unit_rows.setdefault(str(units), len(self._unit_values))
            if index == len(self._unit_values):
                self._unit_values.append(units)
            self._units.append(index)
        return None

    def _grow(self) -> None:
        """Double the table and put every row back."""
        self._bits += 1
        bits = self._bits
        mask = (1 << bits) - 1
        table = self._table = array("I", bytes(4 << bits))
        for row in range(self._count):
            at = _slot(self._code(row), bits)
            while table[at]:
                at = (at + 1) & mask
            table[at] = row + 1

    def build(self) -> ReferenceEntries:
        """The entries; the builder is not to be used after."""
        entries = ReferenceEntries()
        entries._text, entries._bounds = self._text, self._bounds
        entries._bits, entries._table = self._bits, self._table
        if self._units is not None:
            count = len(self._unit_values)
            kind = "B" if count <= 0x100 else "H" if count <= 0x10000 else "I"
            entries._units = array(kind, self._units)
            entries._unit_values = tuple(self._unit_values)
        return entries
