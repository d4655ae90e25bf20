"""The bytes of a lot on their way to libxml2: size cap, line ends, DOCTYPE and attribute guards.

Why a guard in front of the parser: lxml is configured safely (no DTD loaded, no entity
expanded, no network, no huge trees), but a DOCTYPE that gets through still declares entities,
and an entity reference left in the tree makes later passes (XSD validation) fail; a start tag
with a million attributes costs over a gigabyte before any event reaches Python. So every chunk
is looked at before libxml2 sees it, in the encoding libxml2 will read it in (UTF-8, ISO-8859-1,
UTF-16 and UTF-32 with or without a byte order mark, or what the declaration names):

- a ``<!DOCTYPE`` anywhere outside comments, processing instructions and CDATA is refused,
  with its line and column, before the parser reads it (a prolog of any length);
- an element with more than :data:`MAX_ATTRIBUTES` attributes is refused;
- a lone CR (old Mac line ends) becomes LF, which is what XML's end-of-line handling makes of
  it anyway, so that libxml2, which counts only LF, reports the right line numbers;
- the bytes read are capped (pipes and growing files).

It also counts bytes and ``<`` characters so the reader can bound what one element may hold.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import IO

from lotcheck.encoding import TextPosition, declared_encoding

__all__ = [
    "CHUNK_SIZE",
    "MAX_ATTRIBUTES",
    "GuardedSource",
    "Refused",
    "TooLarge",
    "ascii_compatible",
    "content_codec",
]

#: bytes handed to libxml2 at a time
CHUNK_SIZE = 64 * 1024
#: attributes (namespace declarations included) one element may carry; TISS elements carry
#: none, the root a few namespace declarations, a signature element one or two
MAX_ATTRIBUTES = 256

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: first bytes of a file without BOM -> its codec (XML 1.0 appendix F; libxml2 does the same)
_SNIFFS: tuple[tuple[bytes, str], ...] = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
_MARKERS = "<!DOCTYPE-->?[]=\"'\r\n"
_LONE_CR = re.compile(rb"\r(?!\n)")
_ROOT_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?", re.ASCII)
#: MAX_ATTRIBUTES + 1 attributes in a row after an element name (atomic: no backtracking)
_MANY_ATTRIBUTES = re.compile(
    r"<[^\s<>/!?][^\s<>/]*+(?>\s++[^\s<>/=\"']++\s*+=\s*+(?:\"[^\"<]*+\"|'[^'<]*+'))"
    + f"{{{MAX_ATTRIBUTES + 1}}}"
)
# scanner states
_OUT, _COMMENT, _PI, _CDATA = range(4)
_ENDS = {_COMMENT: "-->", _PI: "?>", _CDATA: "]]>"}
#: characters kept from one chunk to the next so a marker cut in two is still seen
_KEEP = 9


class TooLarge(Exception):
    """More bytes than the cap came out of the file."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class Refused(Exception):
    """The file holds something lotcheck does not read: ``code`` is the finding to report,
    ``details`` its message arguments."""

    def __init__(
        self, code: str, line: int, column: int, details: dict[str, object] | None = None
    ) -> None:
        super().__init__(code, line, column)
        self.code = code
        self.line = line
        self.column = column
        self.details = details or {}


def ascii_compatible(codec: str) -> bool:
    """Do the markup characters keep their ASCII bytes in ``codec`` (so CR is byte 0x0D)?"""
    if codec.startswith(("utf-16", "utf-32", "utf-7")):
        return False
    try:
        return _MARKERS.encode(codec) == _MARKERS.encode("ascii")
    except (UnicodeError, LookupError):
        return False


def content_codec(head: bytes) -> tuple[str, int]:
    """The codec libxml2 will read the file in and the length of its byte order mark.

    A BOM wins, then the byte pattern of ``<`` in UTF-16/32, then the declaration; unknown
    names fall back to ISO-8859-1, which reads every ASCII marker right.
    """
    for mark, codec in _BOMS:
        if head.startswith(mark):
            return codec, len(mark)
    for pattern, codec in _SNIFFS:
        if head.startswith(pattern):
            return codec, 0
    declared = declared_encoding(head)
    if declared is None:
        return "utf-8", 0
    try:
        codec = codecs.lookup(declared).name
    except (LookupError, ValueError):
        return "iso8859-1", 0
    if codec.startswith(("utf-16", "utf-32")):  # declared so, but no NUL bytes: not really
        return "utf-8", 0
    return codec, 0


class GuardedSource:
    """Reads a lot in chunks for libxml2 and refuses what must not reach it.

    ``chunks()`` yields the (possibly CR-normalised) bytes; it raises :class:`TooLarge` past
    ``limit`` bytes and :class:`Refused` for a DOCTYPE or an element with too many attributes.
    With ``find_root`` it stops after the root element's start tag and sets :attr:`root_name`
    (``""`` when it cannot be told): a pre-pass over the prolog.
    """

    def __init__(self, raw: IO[bytes], limit: int, head: bytes, *, find_root: bool = False):
        self._raw = raw
        self._limit = limit
        codec, self._bom = content_codec(head)
        self.codec = codec
        self._fix_cr = ascii_compatible(codec)
        self._decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        self._find_root = find_root
        self.root_name: str | None = None
        #: bytes read from the file so far, and ``<`` characters seen (an upper bound on the
        #: elements started: the reader caps what one element may hold with them)
        self.bytes_read = 0
        self.markup = 0
        self._pending_cr = False
        self._state = _OUT
        self._carry = ""
        self._position = TextPosition()
        self._previous = ""  # last chunk's text, for tags cut by a chunk boundary
        self._previous_at = (1, 0, False)
        self._previous_equals = 0

    def chunks(self) -> Iterator[bytes]:
        first = True
        while True:
            data = self._raw.read(CHUNK_SIZE)
            self.bytes_read += len(data)
            if self.bytes_read > self._limit:
                raise TooLarge(self.bytes_read)
            final = not data
            if self._fix_cr:
                data = self._normalise_cr(data, final)
            text_bytes = data[self._bom :] if first else data
            first = False
            self._scan(self._decoder.decode(text_bytes, final), final)
            if data:
                yield data
            if final or (self._find_root and self.root_name is not None):
                return

    # -- internals ----------------------------------------------------------------------------
    def _normalise_cr(self, data: bytes, final: bool) -> bytes:
        if self._pending_cr:
            data = b"\r" + data
            self._pending_cr = False
        if not final and data.endswith(b"\r"):
            data = data[:-1]  # a CRLF may be cut here: decide with the next chunk
            self._pending_cr = True
        return _LONE_CR.sub(b"\n", data) if b"\r" in data else data

    def _at(self, text: str, index: int) -> tuple[int, int]:
        """Line and 1-based column of ``text[index]``, ``text`` starting at the position."""
        position = self._position.copy()
        position.advance(text[:index])
        return position.line, position.column + 1

    def _scan(self, text: str, final: bool) -> None:
        self.markup += text.count("<")
        self._check_attributes(text)
        buf = self._carry + text
        end = len(buf) if final else len(buf) - _KEEP
        pos = 0
        while pos < len(buf):
            state = self._state
            if state != _OUT:
                stop = buf.find(_ENDS[state], pos)
                if stop < 0:
                    pos = max(pos, len(buf) - 2)
                    break
                pos = stop + len(_ENDS[state])
                self._state = _OUT
                continue
            lt = buf.find("<", pos) if self._find_root else self._next_declaration(buf, pos)
            if lt < 0 or lt >= end:
                pos = max(pos, end) if lt < 0 else lt
                break
            if buf.startswith("<?", lt):
                self._state, pos = _PI, lt + 2
            elif buf.startswith("<!--", lt):
                self._state, pos = _COMMENT, lt + 4
            elif buf.startswith("<![CDATA[", lt):
                self._state, pos = _CDATA, lt + 9
            elif buf[lt + 2 : lt + 9].upper() == "DOCTYPE" and buf[lt + 1] == "!":
                line, column = self._at(buf, lt)
                raise Refused("xml.doctype_forbidden", line, column)
            elif buf[lt + 1 : lt + 2] == "!":
                pos = lt + 2  # another declaration: the parser says what is wrong with it
            else:
                self._root_found(buf, lt, final)
                if self.root_name is None:  # the name runs past this chunk
                    pos = lt
                    break
                pos = lt + 1
                self._find_root = False
        self._carry = buf[pos:]
        self._position.advance(buf[:pos])

    @staticmethod
    def _next_declaration(buf: str, pos: int) -> int:
        bang = buf.find("<!", pos)
        question = buf.find("<?", pos)
        if bang < 0:
            return question
        return bang if question < 0 else min(bang, question)

    def _root_found(self, buf: str, lt: int, final: bool) -> None:
        match = _ROOT_NAME.match(buf, lt + 1)
        if match is None or match.end() < len(buf) or final:
            name = match.group() if match is not None else ""
            self.root_name = name.rpartition(":")[2] if len(name) < 256 else ""
        elif len(buf) - lt > 1024:
            self.root_name = ""  # a name this long is no TISS root: give up naming it

    def _check_attributes(self, text: str) -> None:
        """Refuse a start tag with more than MAX_ATTRIBUTES attributes.

        Only where the '=' are dense enough to hold so many (a chunk and the one before it
        with more than MAX_ATTRIBUTES of them): that is every such tag shorter than a chunk,
        and a longer one is bounded by its bytes anyway. Lots never get there.
        """
        equals = text.count("=")
        if equals + self._previous_equals > MAX_ATTRIBUTES:
            window = self._previous + text
            match = _MANY_ATTRIBUTES.search(window)
            if match is not None:
                position = TextPosition.at(*self._previous_at)
                position.advance(window[: match.start()])
                raise Refused(
                    "xml.limit_exceeded",
                    position.line,
                    position.column + 1,
                    {"limit": MAX_ATTRIBUTES},
                )
        start = self._position.copy()
        start.advance(self._carry)  # where this chunk's text starts
        self._previous, self._previous_equals = text, equals
        self._previous_at = start.state()
