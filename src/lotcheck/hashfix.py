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


@dataclass(frozen=True, slots=True)
class HashResult:
    found: str | None
    utf8: str
    latin1: str | None
    declared_encoding: str | None

    @property
    def matched(self) -> str | None:
        if not self.found:
            return None
        low = self.found.lower()
        utf8, latin1 = low == self.utf8, low == self.latin1
        return "both" if utf8 and latin1 else "utf-8" if utf8 else "iso-8859-1" if latin1 else None

    @property
    def expected(self) -> str:
        """The digest for the file's declared encoding (ISO-8859-1 as the manual says, or UTF-8)."""
        declared = (self.declared_encoding or "utf-8").lower()
        if declared in _LATIN1 and self.latin1 is not None:
            return self.latin1
        return self.utf8


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
