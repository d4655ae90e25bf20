"""Declared XML encoding versus the bytes actually in a TISS file: the ``encoding.*`` findings.

Why: the TISS standard declares files ISO-8859-1, but many generators write UTF-8, with or
without changing the declaration.  A mismatch is not cosmetic: XML parsers refuse a file
whose bytes are invalid in the declared encoding ("Invalid bytes in character encoding"),
and a UTF-8 file declared ISO-8859-1 parses "fine" into mojibake (``São`` becomes ``SÃ£o``),
which changes names and the epílogo hash.  This module finds the first offending byte and
says where it is and what it probably is, reading the file in chunks so that memory stays
flat even on a 2 GB file (the streaming decoders are :mod:`lotcheck.reader.decoding`; what the
first bytes say about the encoding, :mod:`lotcheck.reader.sniff`). It declares the
``encoding.*`` codes and turns each issue into its finding (:func:`encoding_hits`), which the
engine runs beside the reader.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.messages import Msg, Worded
from lotcheck.reader.decoding import ByteHit, DeclaredCheck, Utf8LookingCheck, utf8_sequence
from lotcheck.reader.sniff import DECLARATION_RE, bom_of, declared_encoding, sniff_codec

__all__ = ["EncodingIssue", "check_encoding", "encoding_hits"]

register(
    CodeSpec(
        code="encoding.mismatch",
        severity=Severity.ERROR,
        glosa="5002",
        doc="The XML declaration names an encoding the bytes do not follow (a Latin-1 `é` in a "
        "file declared UTF-8). The payer's parser stops there (glosa 5002).",
        example='`encoding="UTF-8"` with the single byte 0xE9 at line 40.',
    ),
    CodeSpec(
        code="encoding.mislabeled",
        severity=Severity.WARNING,
        glosa=None,
        doc="The file says ISO-8859-1 (as the TISS manual asks) but its accented text is UTF-8: "
        "every byte is valid, so nothing breaks, but the payer will read `SÃ£o` for `São` and "
        "the hash may only match one way.",
        example='`encoding="ISO-8859-1"` and the bytes 0xC3 0xA3 for `ã`.',
    ),
    CodeSpec(
        code="encoding.bom",
        severity=Severity.ERROR,
        glosa="5002",
        doc="A byte-order mark says one encoding and the declaration another (a UTF-8 BOM on a "
        "file declared ISO-8859-1): parsers disagree on how to read it.",
        example='EF BB BF followed by `<?xml version="1.0" encoding="ISO-8859-1"?>`.',
    ),
    CodeSpec(
        code="encoding.unknown",
        severity=Severity.ERROR,
        glosa="5002",
        doc="The declaration names an encoding that does not exist (a typo such as `ISO8859`).",
        example='`encoding="LATIN"`',
    ),
)

#: Python codec names of the single-byte "Latin" encodings a TISS file may declare; a file
#: declared so whose non-ASCII bytes are all valid UTF-8 is really UTF-8.
_LATIN_CODECS = frozenset({"iso8859-1", "cp1252", "iso8859-15"})

_HEAD_SIZE = 1024


@dataclass(frozen=True, slots=True)
class EncodingIssue(Worded):
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


def _invalid_bytes_issue(
    hit: ByteHit, codec: str, declared: str | None, bom_codec: str | None
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


def _utf8_looking_issue(hit: ByteHit, declared: str, codec: str) -> EncodingIssue:
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
    found_bom = bom_of(head)
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
    elif declared_codec in ("utf-16", "utf-32") and sniff_codec(head) != "latin-1":
        content_codec = sniff_codec(head)  # no BOM: take the byte order the "<?" shows
    else:
        content_codec = declared_codec

    strict = None
    if content_codec is not None and content_codec != "iso8859-1":
        strict = DeclaredCheck(content_codec)  # ISO-8859-1 decodes every byte: nothing to do
    looks_utf8 = Utf8LookingCheck() if declared_codec in _LATIN_CODECS else None

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
            first.data = utf8_sequence(path, first.offset)
            assert declared is not None and declared_codec is not None
            issues.append(_utf8_looking_issue(first, declared, declared_codec))
    # Header issues first, then content issues in file order.
    return sorted(issues, key=lambda issue: (issue.kind not in _HEADER_KINDS, issue.byte_offset))


_HEADER_KINDS = frozenset({"unknown_encoding", "bom_mismatch"})


def _unknown_encoding_issue(head: bytes, declared: str, bom_bytes: bytes) -> EncodingIssue:
    codec = sniff_codec(head)
    text = head[len(bom_bytes) :].decode(codec, errors="replace")
    match = DECLARATION_RE.match(text)
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


#: issue kind -> the finding's code
_ENCODING_CODES = {
    "invalid_bytes": "encoding.mismatch",
    "utf8_declared_latin1": "encoding.mislabeled",
    "bom_mismatch": "encoding.bom",
    "unknown_encoding": "encoding.unknown",
}


def encoding_hits(path: Path) -> list[Hit]:
    """Findings for the declared encoding against the bytes (one per kind of problem)."""
    try:
        issues: list[EncodingIssue] = check_encoding(path)
    except OSError:
        return []  # the reader already reported the file as unreadable
    return [
        Hit(
            _ENCODING_CODES.get(issue.kind, "encoding.mismatch"),
            {"detail": issue.message},
            found=issue.byte_hex or issue.declared,
            line=issue.line,
            column=issue.column,
        )
        for issue in issues
    ]
