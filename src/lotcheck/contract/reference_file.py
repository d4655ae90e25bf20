"""The bytes of a reference edition: opened capped, its encoding found, then streamed as text.

An edition is tens of MB, and a contract may pin several, all loaded before the check (which
must stay within 100 MB). Held whole, each file cost its size once more at the peak of its load,
and glibc kept much of that freed memory (a freed block of 15 MB raises its mmap and trim
thresholds, so the smaller blocks freed after it stay in the heap): ~20 MB of resident memory
per edition that nothing used. So the file is never held whole: it is read twice through one
descriptor, in pieces of :data:`CHUNK` bytes cut after a line feed (no UTF-8 sequence and no
Windows-1252 byte but the line feed itself is 0x0A, so each piece decodes alone):

1. :func:`scan`: UTF-8 with or without BOM, else Windows-1252; a UTF-16 file, a BOM followed by
   bytes that are not UTF-8, and a byte neither encoding has are errors naming their line. It
   also says whether the file holds anything but white space, and its size;
2. :func:`text_stream`: the same bytes as text for the csv module, at most the size the scan
   read. :func:`unchanged` then tells whether the file kept that size and modification time: a
   file rewritten between the passes is an error, never a mix of two versions.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lotcheck.contract.types import ContractError
from lotcheck.reader.files import UnsafeFileError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

#: The size cap of a reference edition. A full edition is ~100,000 presentations with dozens of
#: columns (prices per ICMS rate, EAN, registry, laboratory...): tens of MB, past the 16 MiB
#: MAX_SETTINGS_BYTES of a contract's own files. 256 MiB leaves room for the widest exports while
#: still refusing a multi-GB file named by mistake.
REFERENCE_MAX_BYTES = 256 * 1024 * 1024
#: Bytes read per piece (then up to the next line feed); small enough that no piece, nor the text
#: it decodes to, makes glibc raise its thresholds far.
CHUNK = 1 << 18
BOM = b"\xef\xbb\xbf"


def at(path: Path, line: int | None = None) -> str:
    """Where an error is: ``file:line``, or ``file``."""
    return f"{path}:{line}" if line else str(path)


@dataclass(frozen=True, slots=True)
class Scanned:
    """What the first pass learnt of the file."""

    encoding: str  # "utf-8-sig" or "cp1252"
    size: int  # bytes, BOM included
    bom: int  # length of the BOM (0 or 3)
    blank: bool  # nothing but white space after the BOM
    mtime_ns: int


def _first_bad(handle: IO[bytes], start: int, encoding: str) -> tuple[int, bool, tuple[int, int]]:
    """Read from ``start`` to the end: ``(size, blank, bad)``, ``bad`` the value and line of the
    first byte ``encoding`` cannot decode, ``(-1, 0)`` if none. Past the cap: UnsafeFileError."""
    handle.seek(start)
    size, lines, blank = start, 0, True
    while True:
        piece = handle.read(CHUNK)
        if not piece:
            return size, blank, (-1, 0)
        if not piece.endswith(b"\n"):  # to the line's end, but never past the cap (-1: no limit)
            piece += handle.readline(max(0, REFERENCE_MAX_BYTES + 1 - size - len(piece)))
        if size + len(piece) > REFERENCE_MAX_BYTES:
            raise UnsafeFileError(
                f"more than the {REFERENCE_MAX_BYTES // 2**20} MiB limit; not read"
            )
        try:
            str(piece, encoding)
        except UnicodeDecodeError as exc:
            return size, blank, (piece[exc.start], lines + piece.count(b"\n", 0, exc.start) + 1)
        blank = blank and not piece.strip()
        lines += piece.count(b"\n")
        size += len(piece)


def scan(handle: IO[bytes], path: Path) -> Scanned:
    """The first pass (see the module docstring); a byte-level problem is a ContractError."""
    mtime_ns = os.fstat(handle.fileno()).st_mtime_ns
    head = handle.read(len(BOM))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContractError("reference.utf16", at(path, 1))
    bom = len(BOM) if head == BOM else 0
    size, blank, (byte, line) = _first_bad(handle, bom, "utf-8")
    if byte < 0:
        return Scanned("utf-8-sig", size, bom, blank, mtime_ns)
    if bom:
        raise ContractError("reference.bom_not_utf8", at(path, line), byte=f"{byte:02x}")
    size, blank, (byte, line) = _first_bad(handle, 0, "cp1252")
    if byte >= 0:
        raise ContractError("reference.bad_byte", at(path, line), byte=f"{byte:02x}")
    return Scanned("cp1252", size, bom, blank, mtime_ns)


def first_line(handle: IO[bytes], scanned: Scanned) -> str:
    """The header line's text, line feed left out."""
    handle.seek(scanned.bom)
    line = handle.readline(scanned.size - scanned.bom)
    return line.split(b"\n", 1)[0].decode(scanned.encoding)


class _Bounded(io.RawIOBase):
    """The first ``size`` bytes of a file, read through its open handle (left open)."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        super().__init__()
        self._handle = handle
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        if self.left <= 0:
            return 0
        view = memoryview(buffer)
        data = self._handle.read(min(len(view), self.left))
        view[: len(data)] = data
        self.left -= len(data)
        return len(data)


def text_stream(handle: IO[bytes], scanned: Scanned) -> tuple[IO[str], _Bounded]:
    """The second pass: the scanned bytes as text (``newline=""``, as :mod:`csv` wants)."""
    handle.seek(0)
    bounded = _Bounded(handle, scanned.size)
    buffered = io.BufferedReader(bounded, CHUNK)
    return io.TextIOWrapper(buffered, encoding=scanned.encoding, newline=""), bounded


def unchanged(handle: IO[bytes], scanned: Scanned, bounded: _Bounded) -> bool:
    """Whether the second pass read the very file the first one scanned."""
    now = os.fstat(handle.fileno())
    return bounded.left == 0 and now.st_size == scanned.size and now.st_mtime_ns == scanned.mtime_ns
