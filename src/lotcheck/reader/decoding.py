"""Decoding a file's bytes as they stream by: line and column, and the first byte that fails.

Why apart from :mod:`lotcheck.reader.encoding`: these are the incremental mechanics (a chunk in,
state kept, nothing read twice) that make the encoding check's memory flat on a 2 GB file, and
:class:`TextPosition` is shared with the byte guard (:mod:`lotcheck.reader.xmlguard`), which
turns the offset of a refused DOCTYPE into a line and column the same way. What a failure
*means* (the finding's wording) stays in :mod:`lotcheck.reader.encoding`.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ByteHit", "DeclaredCheck", "TextPosition", "Utf8LookingCheck", "utf8_sequence"]

_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")


class TextPosition:
    """Line and column while decoded text goes by, chunk after chunk.

    Counts LF, CRLF and lone CR as one line break each, as XML does, including a CRLF cut
    in two by a chunk boundary.
    """

    __slots__ = ("column", "line", "pending_cr")

    def __init__(self) -> None:
        self.line = 1
        self.column = 0  # characters already on the current line
        self.pending_cr = False

    def advance(self, text: str) -> None:
        if not text:
            return
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
        if self.pending_cr and text.startswith("\n"):
            breaks -= 1  # the CR already counted this line break
        last = max(text.rfind("\n"), text.rfind("\r"))
        if last >= 0:
            self.column = len(text) - last - 1
        else:
            self.column += len(text)
        self.line += breaks
        self.pending_cr = text.endswith("\r")


@dataclass(slots=True)
class ByteHit:
    """Where a check stopped: byte offset, 1-based line and column, the bytes concerned."""

    offset: int
    line: int
    column: int
    data: bytes
    truncated: bool = False  # the file ends inside a multi-byte sequence


class DeclaredCheck:
    """Decodes with the encoding in force; remembers the first byte that does not decode."""

    def __init__(self, codec: str) -> None:
        self.codec = codec
        self.decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        self.position = TextPosition()
        self.hit: ByteHit | None = None

    def feed(self, data: bytes, offset: int, final: bool = False) -> None:
        if self.hit is not None:
            return
        state = self.decoder.getstate()
        buffered = state[0] if isinstance(state, tuple) else b""
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            # exc.object is what the decoder held from the last chunk plus this one.
            start = offset - len(buffered) + exc.start
            self.position.advance(codecs.decode(exc.object[: exc.start], self.codec))
            bad = bytes(exc.object[exc.start : max(exc.end, exc.start + 1)])
            truncated = final and exc.end >= len(exc.object)
            self.hit = ByteHit(start, self.position.line, self.position.column + 1, bad, truncated)
            return
        self.position.advance(text)


class Utf8LookingCheck:
    """For a Latin-declared file: are all non-ASCII bytes valid UTF-8?  Where is the first?"""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self.position = TextPosition()
        self.first: ByteHit | None = None
        self.valid = True

    def feed(self, data: bytes, offset: int, final: bool = False) -> None:
        if not self.valid:
            return
        if self.first is None:
            match = _NON_ASCII_RE.search(data)
            # Up to the first non-ASCII byte, bytes are characters.
            if match is None:
                self.position.advance(data.decode("ascii"))
            else:
                self.position.advance(data[: match.start()].decode("ascii"))
                self.first = ByteHit(
                    offset + match.start(), self.position.line, self.position.column + 1, b""
                )
        try:
            self.decoder.decode(data, final)
        except UnicodeDecodeError:
            self.valid = False


def utf8_sequence(path: Path, offset: int) -> bytes:
    """The complete UTF-8 sequence starting at ``offset`` (it may straddle two chunks)."""
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read(4)
    lead = data[0]
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return data[:size]
