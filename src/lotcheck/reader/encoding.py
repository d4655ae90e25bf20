"""Declared XML encoding versus the bytes actually in a TISS file.

Why: the TISS standard declares files ISO-8859-1, but many generators write UTF-8, with or
without changing the declaration.  A mismatch is not cosmetic: XML parsers refuse a file
whose bytes are invalid in the declared encoding ("Invalid bytes in character encoding"),
and a UTF-8 file declared ISO-8859-1 parses "fine" into mojibake (``São`` becomes ``SÃ£o``),
which changes names and the epílogo hash.  This module finds the first offending byte and
says where it is and what it probably is, reading the file in chunks so that memory stays
flat even on a 2 GB file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from lotcheck import messages
from lotcheck.messages import Msg

__all__ = ["EncodingIssue", "TextPosition", "check_encoding", "declared_encoding"]

#: The byte-order marks and their codecs, longest first: the UTF-32-LE BOM starts with the
#: UTF-16-LE one. The reader's guard (lotcheck.reader.xmlguard) decodes by the same table.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DECLARATION_RE = re.compile(
    r"""<\?xml\s+version\s*=\s*(["'])[^"']*\1(?:\s+encoding\s*=\s*(["'])(?P<enc>[^"']*)\2)?"""
)

#: Python codec names of the single-byte "Latin" encodings a TISS file may declare; a file
#: declared so whose non-ASCII bytes are all valid UTF-8 is really UTF-8.
_LATIN_CODECS = frozenset({"iso8859-1", "cp1252", "iso8859-15"})

_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")

_HEAD_SIZE = 1024


@dataclass(frozen=True, slots=True)
class EncodingIssue(messages.Worded):
    """One mismatch between the declared encoding and the bytes.

    ``kind`` is ``invalid_bytes``, ``bom_mismatch``, ``utf8_declared_latin1`` or
    ``unknown_encoding``.  ``line``/``column`` are 1-based; the column counts characters of
    the line as decoded up to that byte.  ``byte_offset`` is 0-based from the start of the
    file (BOM included).  ``byte_hex`` shows the offending bytes (``"0xC3 0xA9"``); it is
    empty for ``unknown_encoding``, which is about a label, not a byte.
    """

    kind: str
    declared: str | None
    line: int
    column: int
    byte_offset: int
    byte_hex: str
    #: the message, worded in the reader's language when the finding is made
    message: Msg


def _bom(head: bytes) -> tuple[bytes, str] | None:
    for mark, name in BOMS:
        if head.startswith(mark):
            return mark, name
    return None


def _sniff_codec(head: bytes) -> str:
    """The codec to read the XML declaration with (XML 1.0 appendix F, common cases)."""
    found = _bom(head)
    if found is not None:
        return found[1]
    if head.startswith(b"<\x00\x00\x00?\x00\x00\x00"):
        return "utf-32-le"
    if head.startswith(b"\x00\x00\x00<\x00\x00\x00?"):
        return "utf-32-be"
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    return "latin-1"  # any ASCII-compatible encoding: one byte, one char for the declaration


def declared_encoding(head: bytes) -> str | None:
    """The ``encoding=`` of the XML declaration at the start of ``head``, lowercased.

    None when there is no declaration or it names no encoding (XML then means UTF-8, or
    what a BOM says).
    """
    found = _bom(head)
    body = head[len(found[0]) :] if found is not None else head
    text = body.decode(_sniff_codec(head), errors="replace")
    match = _DECLARATION_RE.match(text)
    if match is None or match.group("enc") is None:
        return None
    return match.group("enc").strip().lower()


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a NUL in the label (found by the fuzzer)
        return None


def _family(codec: str) -> str:
    for family in ("utf-8", "utf-16", "utf-32"):
        if codec.startswith(family):
            return family
    return codec


def _hex(data: bytes) -> str:
    return " ".join(f"0x{byte:02X}" for byte in data)


def _shown(label: str | None) -> str:
    return label.upper() if label else "UTF-8"


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
class _Hit:
    offset: int
    line: int
    column: int
    data: bytes
    truncated: bool = False  # the file ends inside a multi-byte sequence


class _DeclaredCheck:
    """Decodes with the encoding in force; remembers the first byte that does not decode."""

    def __init__(self, codec: str) -> None:
        self.codec = codec
        self.decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        self.position = TextPosition()
        self.hit: _Hit | None = None

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
            self.hit = _Hit(start, self.position.line, self.position.column + 1, bad, truncated)
            return
        self.position.advance(text)


class _Utf8LookingCheck:
    """For a Latin-declared file: are all non-ASCII bytes valid UTF-8?  Where is the first?"""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self.position = TextPosition()
        self.first: _Hit | None = None
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
                self.first = _Hit(
                    offset + match.start(), self.position.line, self.position.column + 1, b""
                )
        try:
            self.decoder.decode(data, final)
        except UnicodeDecodeError:
            self.valid = False


def _utf8_sequence(path: Path, offset: int) -> bytes:
    """The complete UTF-8 sequence starting at ``offset`` (it may straddle two chunks)."""
    with path.open("rb") as handle:
        handle.seek(offset)
        data = handle.read(4)
    lead = data[0]
    size = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return data[:size]


def _invalid_bytes_issue(
    hit: _Hit, codec: str, declared: str | None, bom_codec: str | None
) -> EncodingIssue:
    if bom_codec is not None:
        encoding = _family(bom_codec).upper()
        why = Msg("fragment.encoding.why.bom")
        source = Msg("fragment.encoding.source.bom", {"encoding": encoding})
    elif declared is None:
        encoding = "UTF-8"
        why = Msg("fragment.encoding.why.undeclared")
        source = Msg("fragment.encoding.source.undeclared")
    else:
        encoding = _shown(declared)
        why = Msg("fragment.encoding.why.declared")
        source = Msg("fragment.encoding.source.declared", {"encoding": encoding})
    guess = Msg("fragment.encoding.guess.corrupt")
    if hit.truncated:
        guess = Msg("fragment.encoding.guess.truncated")
    elif _family(codec) == "utf-8":
        latin = hit.data.decode("cp1252", errors="replace")
        if latin.isprintable() and "\ufffd" not in latin:
            guess = Msg("fragment.encoding.guess.latin1", {"latin": latin, "source": source})
    return EncodingIssue(
        kind="invalid_bytes",
        declared=declared,
        line=hit.line,
        column=hit.column,
        byte_offset=hit.offset,
        byte_hex=_hex(hit.data),
        message=Msg(
            "fragment.encoding.invalid_bytes",
            {
                "n": len(hit.data),
                "hex": _hex(hit.data),
                "line": hit.line,
                "column": hit.column,
                "offset": hit.offset,
                "encoding": encoding,
                "why": why,
                "guess": guess,
            },
        ),
    )


def _mojibake(data: bytes, codec: str) -> str:
    """How ``data`` reads in ``codec``; bytes the codec leaves undefined shown as ``\\x81``."""
    out = []
    for byte in data:
        char = bytes([byte]).decode(codec, errors="replace")
        out.append(char if char.isprintable() and char != "\ufffd" else f"\\x{byte:02x}")
    return "".join(out)


def _utf8_looking_issue(hit: _Hit, declared: str, codec: str) -> EncodingIssue:
    shown = _shown(declared)
    char = hit.data.decode("utf-8")
    mojibake = _mojibake(hit.data, codec)
    byte_hex = _hex(hit.data)
    return EncodingIssue(
        kind="utf8_declared_latin1",
        declared=declared,
        line=hit.line,
        column=hit.column,
        byte_offset=hit.offset,
        byte_hex=byte_hex,
        message=Msg(
            "fragment.encoding.utf8_declared_latin1",
            {
                "shown": shown,
                "hex": byte_hex,
                "line": hit.line,
                "column": hit.column,
                "char": char,
                "mojibake": mojibake,
            },
        ),
    )


def check_encoding(path: Path, chunk_size: int = 1 << 20) -> list[EncodingIssue]:
    """Compare the declared encoding of ``path`` with its bytes; empty list when they agree.

    Reports at most one issue per kind, at the first offending position: one bad byte is
    enough to make the file unreadable, and a thousand identical reports help nobody.
    Memory stays at a few chunks whatever the file size.
    """
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(_HEAD_SIZE)
    found_bom = _bom(head)
    bom_bytes, bom_codec = found_bom if found_bom is not None else (b"", None)
    declared = declared_encoding(head)
    issues: list[EncodingIssue] = []

    declared_codec: str | None = None
    if declared is not None:
        declared_codec = _codec_name(declared)
        if declared_codec is None:
            issues.append(_unknown_encoding_issue(head, declared, bom_bytes))
    if (
        bom_codec is not None
        and declared is not None
        and declared_codec is not None
        and _family(bom_codec) != _family(declared_codec)
    ):
        issues.append(_bom_mismatch_issue(bom_bytes, bom_codec, declared))

    # What a parser will decode with: the BOM wins over the declaration (libxml2 does so).
    content_codec: str | None
    if bom_codec is not None:
        content_codec = bom_codec
    elif declared is None:
        content_codec = "utf-8"
    elif declared_codec in ("utf-16", "utf-32") and _sniff_codec(head) != "latin-1":
        content_codec = _sniff_codec(head)  # no BOM: take the byte order the "<?" shows
    else:
        content_codec = declared_codec

    strict = None
    if content_codec is not None and content_codec != "iso8859-1":
        strict = _DeclaredCheck(content_codec)  # ISO-8859-1 decodes every byte: nothing to do
    looks_utf8 = _Utf8LookingCheck() if declared_codec in _LATIN_CODECS else None

    offset = len(bom_bytes)
    with path.open("rb") as handle:
        handle.seek(offset)
        while chunk := handle.read(chunk_size):
            if strict is not None:
                strict.feed(chunk, offset)
            if looks_utf8 is not None:
                looks_utf8.feed(chunk, offset)
            offset += len(chunk)
            if (strict is None or strict.hit is not None) and (
                looks_utf8 is None or not looks_utf8.valid
            ):
                break  # nothing left to learn from the rest of the file
    if strict is not None:
        strict.feed(b"", offset, final=True)
        if strict.hit is not None:
            issues.append(_invalid_bytes_issue(strict.hit, strict.codec, declared, bom_codec))
    if looks_utf8 is not None:
        looks_utf8.feed(b"", offset, final=True)
        if looks_utf8.valid and looks_utf8.first is not None:
            first = looks_utf8.first
            first.data = _utf8_sequence(path, first.offset)
            assert declared is not None and declared_codec is not None
            issues.append(_utf8_looking_issue(first, declared, declared_codec))
    # Header issues first, then content issues in file order.
    return sorted(issues, key=lambda issue: (issue.kind not in _HEADER_KINDS, issue.byte_offset))


_HEADER_KINDS = frozenset({"unknown_encoding", "bom_mismatch"})


def _unknown_encoding_issue(head: bytes, declared: str, bom_bytes: bytes) -> EncodingIssue:
    codec = _sniff_codec(head)
    text = head[len(bom_bytes) :].decode(codec, errors="replace")
    match = _DECLARATION_RE.match(text)
    index = match.start("enc") if match is not None else 0
    width = 4 if codec.startswith("utf-32") else 2 if codec.startswith("utf-16") else 1
    return EncodingIssue(
        kind="unknown_encoding",
        declared=declared,
        line=1,
        column=index + 1,
        byte_offset=len(bom_bytes) + index * width,
        byte_hex="",
        message=Msg("fragment.encoding.unknown", {"declared": declared}),
    )


def _bom_mismatch_issue(bom_bytes: bytes, bom_codec: str, declared: str) -> EncodingIssue:
    bom_name = _family(bom_codec).upper()
    shown = _shown(declared)
    return EncodingIssue(
        kind="bom_mismatch",
        declared=declared,
        line=1,
        column=1,
        byte_offset=0,
        byte_hex=_hex(bom_bytes),
        message=Msg(
            "fragment.encoding.bom_mismatch",
            {"bom": bom_name, "hex": _hex(bom_bytes), "shown": shown},
        ),
    )
