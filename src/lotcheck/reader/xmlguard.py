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

The ``xml.*`` codes are declared here, the home of everything about the XML as XML: the guard's
own refusals (``xml.doctype_forbidden``, ``xml.limit_exceeded``, which the reader also raises
for a guide that grows too large) and ``xml.malformed``, which the reader reports when libxml2
stops on bytes that are not well-formed.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import IO, Any

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.reader.decoding import TextPosition
from lotcheck.reader.sniff import ascii_compatible, content_codec

__all__ = [
    "CHUNK_SIZE",
    "MAX_ATTRIBUTES",
    "MAX_FILE_ATTRIBUTES",
    "GuardedSource",
    "LineEnds",
    "Refused",
    "TooLarge",
]

#: bytes handed to libxml2 at a time
CHUNK_SIZE = 64 * 1024
#: attributes (namespace declarations included) one element may carry; TISS elements carry
#: none, the root a few namespace declarations, a signature element one or two
MAX_ATTRIBUTES = 256
#: attributes (namespace declarations included) in the whole file: a lot has a dozen; libxml2
#: keeps each distinct attribute name and namespace in a dictionary for the rest of the process
MAX_FILE_ATTRIBUTES = 10_000

_LONE_CR = re.compile(rb"\r(?!\n)")
_ROOT_NAME = r"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?"
#: MAX_ATTRIBUTES + 1 attributes in a row after an element name (atomic: no backtracking)
_MANY_ATTRIBUTES = (
    r"<[^\s<>/!?][^\s<>/]*+(?>\s++[^\s<>/=\"']++\s*+=\s*+(?:\"[^\"<]*+\"|'[^'<]*+'))"
    + f"{{{MAX_ATTRIBUTES + 1}}}"
)
_ATTRIBUTE = r"\s[^\s<>/=\"']+\s*=\s*[\"']"
# scanner states
_OUT, _COMMENT, _PI, _CDATA = range(4)
#: characters kept from one chunk to the next so a marker cut in two is still seen
_KEEP = 9


register(
    CodeSpec(
        code="xml.malformed",
        severity=Severity.ERROR,
        glosa="5002",
        doc="The bytes are not well-formed XML (truncated file, binary data, bytes invalid in the "
        "declared encoding). Nothing after the error can be read; items read before it are still "
        "checked.",
        example="A lot cut at 4 KB: `Premature end of data in tag guiaSP-SADT`.",
    ),
    CodeSpec(
        code="xml.doctype_forbidden",
        severity=Severity.ERROR,
        glosa="5001",
        doc="A DTD can declare entities that read local files (XXE) or expand to gigabytes "
        "(billion laughs). No TISS schema uses a DTD, so lotcheck refuses the file before libxml2 "
        "reads the DOCTYPE, wherever it is (after a prolog of any length, or inside the document) "
        "and in every encoding (UTF-8, ISO-8859-1, UTF-16 and UTF-32 with or without a byte order "
        "mark), with its line and column.",
        example='`<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>`',
    ),
    CodeSpec(
        code="xml.limit_exceeded",
        severity=Severity.ERROR,
        glosa=None,
        doc="lotcheck keeps its memory bounded whatever a file holds. An element may carry at "
        "most 256 attributes and the whole file 10,000 (namespace declarations included; TISS "
        "elements carry none); at most 10,000 distinct element names may appear outside the "
        "guides; a guide, which is read whole when it ends, may hold at most 32 MiB and 512,000 "
        "'<' (the largest guide the XSD allows, 9,999 items, is about 10 MB and 440,000). Past "
        "a limit the file is not read further; what was read before is still checked. Not a "
        "glosa of table 38: a limit of this tool, far above any real lot.",
        example='A start tag with a million `a1=""` attributes.',
    ),
)


class _Tokens:
    """The markup the scanner looks for, as ``str`` (decoded text) or ``bytes`` (the raw bytes
    of an ASCII-compatible file, scanned without decoding: a tenth of the guard's time)."""

    def __init__(self, kind: type[str] | type[bytes]) -> None:
        def t(text: str) -> Any:
            return text if kind is str else text.encode("ascii")

        self.lt, self.bang, self.question = t("<"), t("!"), t("?")
        self.equals = t("=")
        self.pi, self.comment, self.cdata = t("<?"), t("<!--"), t("<![CDATA[")
        self.doctype = t("DOCTYPE")
        self.ends = {_COMMENT: t("-->"), _PI: t("?>"), _CDATA: t("]]>")}
        self.empty = t("")
        self.root_name = re.compile(t(_ROOT_NAME), re.ASCII)
        self.many_attributes = re.compile(t(_MANY_ATTRIBUTES))
        self.attribute = re.compile(t(_ATTRIBUTE))


_TEXT, _BYTES = _Tokens(str), _Tokens(bytes)


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
        #: ASCII-compatible: CR is byte 0x0D and the markup is scanned in the bytes themselves
        self._ascii = ascii_compatible(codec)
        self._tokens = _BYTES if self._ascii else _TEXT
        self._decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        self._find_root = find_root
        self.root_name: str | None = None
        #: bytes read from the file so far, and ``<`` characters seen (an upper bound on the
        #: elements started: the reader caps what one element may hold with them)
        self.bytes_read = 0
        self.markup = 0
        self._pending_cr = False
        self._state = _OUT
        self._carry: Any = self._tokens.empty
        #: units (bytes, or characters when decoded) scanned before the current chunk: a hit's
        #: line and column are worked out from its offset only when there is a hit (counting
        #: lines on every chunk would cost the reading pass several per cent)
        self._scanned = 0
        self._previous: Any = self._tokens.empty  # last chunk, for tags cut by its boundary
        self._previous_equals = 0
        self._equals = 0  # '=' in the file so far
        self._attributes = 0  # attributes counted once '=' passed MAX_FILE_ATTRIBUTES

    def chunks(self) -> Iterator[bytes]:
        first = True
        while True:
            data = self._raw.read(CHUNK_SIZE)
            self.bytes_read += len(data)
            if self.bytes_read > self._limit:
                raise TooLarge(self.bytes_read)
            final = not data
            if self._ascii:
                data = self._normalise_cr(data, final)
            unit: Any = data[self._bom :] if first else data
            first = False
            if not self._ascii:
                unit = self._decoder.decode(unit, final)
            self._scan(unit, final)
            self._scanned += len(unit)
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

    def _position(self, offset: int) -> tuple[int, int]:
        """Line and 1-based column (in characters) of the unit at ``offset`` after the BOM: the
        file is read again from its start (only ever once, for the finding)."""
        self._raw.seek(0)
        decoder = codecs.getincrementaldecoder(self.codec)(errors="replace")
        position = TextPosition()
        first = True
        while offset > 0:
            data = self._raw.read(CHUNK_SIZE)
            unit: Any = data[self._bom :] if first else data
            first = False
            if not self._ascii:
                unit = decoder.decode(unit, not data)
            piece = unit[:offset]
            position.advance(decoder.decode(piece, not data) if self._ascii else piece)
            offset -= len(unit)
            if not data:
                break
        return position.line, position.column + 1

    def _find_after_lt(self, buf: Any, mark: Any, pos: int) -> int:
        """Index of the next ``<`` + ``mark`` at or after ``pos``, or -1.

        ``mark`` ('!' or '?') is rare and found with memchr; '<' is on every tag and would
        make a two-character search several times slower. A text full of '!' falls back to it.
        """
        lt = self._tokens.lt
        at = buf.find(mark, pos + 1)
        misses = 0
        while at > 0 and buf[at - 1 : at] != lt:
            misses += 1
            if misses > 8:
                return buf.find(lt + mark, at)
            at = buf.find(mark, at + 1)
        return at - 1 if at > 0 else -1

    def _scan(self, unit: Any, final: bool) -> None:
        tokens = self._tokens
        self.markup += unit.count(tokens.lt)
        too_many = self._check_attributes(unit)  # raised below, unless a DOCTYPE comes first
        buf = self._carry + unit
        base = self._scanned - len(self._carry)  # offset of buf[0]
        end = len(buf) if final else len(buf) - _KEEP
        pos = 0
        bang = question = -1  # next "<!" and "<?", found again once pos has passed them
        bang_from = question_from = len(buf) + 1
        while pos < len(buf):
            state = self._state
            if state != _OUT:
                stop = buf.find(tokens.ends[state], pos)
                if stop < 0:
                    pos = max(pos, len(buf) - 2)
                    break
                pos = stop + len(tokens.ends[state])
                self._state = _OUT
                continue
            if self._find_root:
                lt = buf.find(tokens.lt, pos)
            else:
                if bang < pos and (bang >= 0 or bang_from > pos):
                    bang, bang_from = self._find_after_lt(buf, tokens.bang, pos), pos
                if question < pos and (question >= 0 or question_from > pos):
                    question, question_from = self._find_after_lt(buf, tokens.question, pos), pos
                lt = question if bang < 0 else bang if question < 0 else min(bang, question)
            if lt < 0 or lt >= end:
                pos = max(pos, end) if lt < 0 else lt
                break
            after = buf[lt + 1 : lt + 2]
            if after == tokens.question:
                self._state, pos = _PI, lt + 2
            elif buf.startswith(tokens.comment, lt):
                self._state, pos = _COMMENT, lt + 4
            elif buf.startswith(tokens.cdata, lt):
                self._state, pos = _CDATA, lt + 9
            elif after == tokens.bang and buf[lt + 2 : lt + 9].upper() == tokens.doctype:
                if too_many is None or base + lt < too_many[0]:
                    raise Refused("xml.doctype_forbidden", *self._position(base + lt))
                break
            elif after == tokens.bang:
                pos = lt + 2  # another declaration: the parser says what is wrong with it
            else:
                self._root_found(buf, lt, final)
                if self.root_name is None:  # the name runs past this chunk
                    pos = lt
                    break
                pos = lt + 1
                self._find_root = False
        self._carry = buf[pos:]
        if too_many is not None:
            offset, details = too_many
            raise Refused("xml.limit_exceeded", *self._position(offset), details)

    def _root_found(self, buf: Any, lt: int, final: bool) -> None:
        match = self._tokens.root_name.match(buf, lt + 1)
        if match is None or match.end() < len(buf) or final:
            name = match.group() if match is not None else ""
            if isinstance(name, bytes):
                name = name.decode("ascii")
            self.root_name = name.rpartition(":")[2] if len(name) < 256 else ""
        elif len(buf) - lt > 1024:
            self.root_name = ""  # a name this long is no TISS root: give up naming it

    def _check_attributes(self, unit: Any) -> tuple[int, dict[str, object]] | None:
        """Where a start tag has more than MAX_ATTRIBUTES attributes (or the file more than
        MAX_FILE_ATTRIBUTES), as (offset, finding details); None when nothing is wrong.

        Only where the '=' are dense enough to hold so many (a chunk and the one before it
        with more than MAX_ATTRIBUTES of them): that is every such tag shorter than a chunk,
        and a longer one is bounded by its bytes anyway. Lots never get there.
        """
        equals = unit.count(self._tokens.equals)
        if equals + self._previous_equals > MAX_ATTRIBUTES:
            window = self._previous + unit
            match = self._tokens.many_attributes.search(window)
            if match is not None:
                offset = self._scanned - len(self._previous) + match.start()
                return offset, {"limit": MAX_ATTRIBUTES}
        self._previous, self._previous_equals = unit, equals
        self._equals += equals
        if self._equals > MAX_FILE_ATTRIBUTES:  # never in a lot: count the attributes now
            self._attributes += len(self._tokens.attribute.findall(unit))
            if self._attributes > MAX_FILE_ATTRIBUTES:
                return self._scanned, {"what": "file_attributes", "limit": MAX_FILE_ATTRIBUTES}
        return None


class LineEnds:
    """A binary file's bytes with each lone CR turned into LF, for another libxml2 pass.

    libxml2 counts only LF as a line break, so in a file with old Mac line ends every error it
    reports is on line 1; XML's end-of-line handling makes the same LF of a lone CR anyway, so
    the document read is unchanged. Done only for ASCII-compatible encodings, where byte 0x0D
    is always CR. ``read`` is what lxml's parsers call; :meth:`chunks` is for feeding.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        head = raw.read(1024)
        raw.seek(-len(head), 1)
        self._on = ascii_compatible(content_codec(head)[0])

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if not self._on or b"\r" not in data:
            return data
        while data.endswith(b"\r"):  # a CRLF may be cut here: look at the next byte
            more = self._raw.read(1)
            if not more:
                break
            data += more
        return _LONE_CR.sub(b"\n", data)

    def chunks(self, size: int) -> Iterator[bytes]:
        while data := self.read(size):
            yield data
