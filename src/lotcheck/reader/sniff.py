"""Which encoding a file's bytes are in, told from its first bytes, before any of it is decoded.

Why one module: three readers of a lot need the answer before they read it, and must agree on it.
The encoding check (:mod:`lotcheck.reader.encoding`) compares the declaration with the bytes, the
byte guard (:mod:`lotcheck.reader.xmlguard`) scans each chunk in the encoding libxml2 will read
it in, and the epílogo fix (:mod:`lotcheck.reader.epilogo`) rewrites a file in its own encoding.
What a file can say about its encoding is a byte order mark, the byte pattern of ``<?`` in
UTF-16/32 (XML 1.0 appendix F) and the ``encoding=`` of its XML declaration; all three are read
here, from bytes only.

Two answers differ on purpose: :func:`sniff_codec` is the codec to *read the declaration* with
(any ASCII-compatible guess will do), :func:`content_codec` the codec libxml2 will *read the
document* in (a declared name counts there).
"""

from __future__ import annotations

import codecs
import re

__all__ = [
    "BOMS",
    "DECLARATION_RE",
    "ascii_compatible",
    "bom_of",
    "content_codec",
    "declared_encoding",
    "sniff_codec",
]

#: The byte-order marks and their codecs, longest first: the UTF-32-LE BOM starts with the
#: UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: the XML declaration, its ``encoding=`` (if any) in group ``enc``
DECLARATION_RE = re.compile(
    r"""<\?xml\s+version\s*=\s*(["'])[^"']*\1(?:\s+encoding\s*=\s*(["'])(?P<enc>[^"']*)\2)?"""
)

#: first bytes of a file without BOM -> its codec (XML 1.0 appendix F; libxml2 does the same)
_SNIFFS: tuple[tuple[bytes, str], ...] = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
#: the markup characters the byte guard looks for in the raw bytes
_MARKERS = "<!DOCTYPE-->?[]=\"'\r\n"


def bom_of(head: bytes) -> tuple[bytes, str] | None:
    """The byte order mark ``head`` starts with and its codec, or None."""
    for mark, name in BOMS:
        if head.startswith(mark):
            return mark, name
    return None


def sniff_codec(head: bytes) -> str:
    """The codec to read the XML declaration with (XML 1.0 appendix F, common cases)."""
    found = bom_of(head)
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
    found = bom_of(head)
    body = head[len(found[0]) :] if found is not None else head
    text = body.decode(sniff_codec(head), errors="replace")
    match = DECLARATION_RE.match(text)
    if match is None or match.group("enc") is None:
        return None
    return match.group("enc").strip().lower()


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
    for mark, codec in BOMS:
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
