"""Recompute a message's epílogo hash and write a corrected copy.

The copy is a byte-for-byte copy of the original with only the text of the hash element replaced,
so nothing else the provider sent (indentation, encoding, signature) changes. The original is
never touched: the output must be a new file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lotcheck.parser import DEFAULT_MAX_BYTES, LotReader

_HASH_ELEMENT = re.compile(
    rb"(<(?:[A-Za-z_][\w.-]*:)?hash\s*>)([^<]*)(</(?:[A-Za-z_][\w.-]*:)?hash\s*>)"
)
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


def write_fixed(source: Path, target: Path, digest: str) -> None:
    """Copy ``source`` to the new file ``target`` with the hash element's text set to ``digest``."""
    data = source.read_bytes()
    matches = list(_HASH_ELEMENT.finditer(data))
    if not matches:
        raise HashError(
            f"{source}: no hash element to correct (add <ans:epilogo><ans:hash/></ans:epilogo>)"
        )
    last = matches[-1]
    fixed = data[: last.start(2)] + digest.encode("ascii") + data[last.end(2) :]
    with open(target, "xb") as handle:  # "x": never overwrite anything
        handle.write(fixed)
