"""How a language's catalog is put together from its parts.

A language is a package (``messages/pt/``, ``messages/en/``) whose modules each hold the texts
of one place lotcheck speaks (findings, message fragments, command line, ledger, reports), so no
file of a catalog grows past what a reviewer reads in one sitting. The package joins them into
the three dicts the rest of lotcheck reads (``FINDINGS``, ``TEXTS``, ``PLURALS``). A key written
in two parts would silently take the last one's text, so joining refuses it: a catalog that does
not say one thing per key fails at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

V = TypeVar("V")


def joined(lang: str, *parts: Mapping[str, V]) -> dict[str, V]:
    """The parts' keys in one dict; ``ValueError`` naming the key if two parts both hold it."""
    out: dict[str, V] = {}
    for part in parts:
        for key, value in part.items():
            if key in out:
                raise ValueError(f"message catalog {lang!r}: key {key!r} is in two parts")
            out[key] = value
    return out
