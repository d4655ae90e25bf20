"""Recompute a message's epílogo hash and write a corrected copy.

The copy is a byte-for-byte copy of the original with only the text of the hash element replaced,
so nothing else the provider sent (indentation, encoding, signature) changes. The original is
never touched: the output must be a new file.

The element edited is the real ``epilogo/hash``: text that merely looks like one inside a
comment, a CDATA section or a processing instruction is skipped, and a UTF-16 or UTF-32 lot is
edited in its own encoding (its byte order mark kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lotcheck.reader.lot import DEFAULT_MAX_BYTES, LotReader
from lotcheck.reader.sniff import ascii_compatible as _ascii_compatible
from lotcheck.reader.sniff import content_codec

_PREFIX = r"(?:[A-Za-z_][\w.-]*:)?"
#: ``<epilogo>`` then its ``hash``: text (group ``text``) or empty element (group ``empty``)
_EPILOGO_HASH = re.compile(
    rf"<{_PREFIX}epilogo(?:\s[^<>]*)?>\s*"
    rf"(?:<(?P<p>{_PREFIX})hash\s*>(?P<text>[^<]*)</(?P=p)hash\s*>|(?P<empty><{_PREFIX}hash\s*/>))"
)
#: what is not markup although it may look like it (replaced by blanks before searching)
_NOT_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
_LATIN1 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "windows-1252", "cp1252"}


class HashError(Exception):
    """The file cannot be hashed or fixed (unreadable, malformed, no hash element)."""


def matched_variant(found: str | None, utf8: str | None, latin1: str | None) -> str | None:
    """Which encoding of the leaf texts reproduces the hash found: ``utf-8``, ``iso-8859-1``,
    ``both`` (ASCII-only text) or None."""
    if not found:
        return None
    low = found.lower()
    by_utf8 = utf8 is not None and low == utf8
    by_latin1 = latin1 is not None and low == latin1
    if by_utf8 and by_latin1:
        return "both"
    return "utf-8" if by_utf8 else "iso-8859-1" if by_latin1 else None


def digests_for(declared: str | None, utf8: str, latin1: str | None) -> list[tuple[str, str]]:
    """The (encoding, digest) pairs that exist, the file's declared encoding first: the digest
    a corrected file should carry comes first (ISO-8859-1 as the manual says, or UTF-8)."""
    pairs = [("UTF-8", utf8)]
    if latin1 is not None:
        latin_first = (declared or "utf-8").lower() in _LATIN1
        pairs.insert(0 if latin_first else 1, ("ISO-8859-1", latin1))
    return pairs


@dataclass(frozen=True, slots=True)
class HashResult:
    found: str | None
    utf8: str
    latin1: str | None
    declared_encoding: str | None

    @property
    def matched(self) -> str | None:
        return matched_variant(self.found, self.utf8, self.latin1)

    @property
    def expected(self) -> str:
        """The digest for the file's declared encoding."""
        return digests_for(self.declared_encoding, self.utf8, self.latin1)[0][1]


def compute(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> HashResult:
    """Read the message once and return the hash it holds and the two it should hold."""
    reader = LotReader(path, max_bytes=max_bytes)
    for _ in reader.guides():
        pass
    header = reader.header
    if header.hash_utf8 is None:
        problems = "; ".join(str(h.args.get("reason", h.code)) for h in reader.hits) or "not read"
        raise HashError(f"{path}: cannot compute the hash ({problems})")
    return HashResult(
        header.hash_found, header.hash_utf8, header.hash_latin1, header.encoding_declared
    )


def _blanked(text: str) -> str:
    """``text`` with comments, CDATA and PIs replaced by as many blanks (offsets unchanged)."""
    return _NOT_MARKUP.sub(lambda m: " " * len(m.group()), text)


def decoded(source: Path, data: bytes) -> tuple[str, str, int]:
    """(text, codec, BOM length) such that ``data == data[:bom] + text.encode(codec,
    errors="surrogatepass")``: the text an editor of the raw file works on (this module for the
    hash, :mod:`lotcheck.fix` for the values).

    An ASCII-compatible file is read as ISO-8859-1, one character per byte, so that every byte
    but the ones edited comes back unchanged whatever the file's real encoding (or its errors).
    """
    codec, bom = content_codec(data[:1024])
    if _ascii_compatible(codec):
        return data.decode("iso-8859-1"), "iso-8859-1", 0
    try:
        text = data[bom:].decode(codec, errors="surrogatepass")
    except UnicodeDecodeError as exc:
        raise HashError(f"{source}: not valid {codec.upper()}: {exc}") from exc
    if text.encode(codec, errors="surrogatepass") != data[bom:]:
        raise HashError(f"{source}: cannot rewrite {codec.upper()} without changing other bytes")
    return text, codec, bom


def with_digest(source: Path, data: bytes, digest: str) -> bytes:
    """``data`` (the bytes of ``source``, named in errors) with the hash element's text set to
    ``digest``; every other byte unchanged."""
    text, codec, bom = decoded(source, data)
    matches = list(_EPILOGO_HASH.finditer(_blanked(text)))
    if not matches:
        raise HashError(
            f"{source}: no hash element to correct (add <ans:epilogo><ans:hash/></ans:epilogo>)"
        )
    last = matches[-1]  # the epilogo ends the message
    if last.group("empty") is not None:
        name = last.group("empty")[1:-2].strip()  # "<ans:hash />" -> "ans:hash"
        start, end = last.span("empty")
        replacement = f"<{name}>{digest}</{name}>"
    else:
        start, end = last.span("text")
        replacement = digest
    fixed = text[:start] + replacement + text[end:]
    return data[:bom] + fixed.encode(codec, errors="surrogatepass")


def write_fixed(source: Path, target: Path, digest: str) -> None:
    """Copy ``source`` to the new file ``target`` with the hash element's text set to ``digest``."""
    fixed = with_digest(source, source.read_bytes(), digest)
    with open(target, "xb") as handle:  # "x": never overwrite anything
        handle.write(fixed)
