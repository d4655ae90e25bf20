"""Text a report can always write: file names that are not UTF-8, shown as ``\\xNN``.

A POSIX file name is bytes. Python hands a name that is not valid UTF-8 (common for lots copied
from a Windows share: ``lote-\\xe9.xml``, Latin-1) over as a str in which each such byte became a
lone surrogate (PEP 383, ``surrogateescape``). That str cannot be encoded as UTF-8: a report
carrying it crashed (``-o``) or wrote invalid UTF-8 (stdout, whose error handler lets the raw
byte through), and a JSON report was then not JSON any more.

Every report shows such a name the same way: each byte that is not UTF-8 as ``\\xNN``
(``backslashreplace``), the rest as it is. Unlike U+FFFD it is lossless — the original bytes can
be read back from the text, and two different names never look the same — and it is plain
ASCII, so any terminal, spreadsheet or CI viewer shows it. (The only exception is the SARIF
artifact URI, which percent-encodes the real bytes, ``%E9``, because a URI must locate the file.)
Valid text goes through untouched and costs one regular-expression scan.
"""

from __future__ import annotations

import os
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (and so cannot be written as UTF-8)."""
    return _SURROGATE.search(text) is not None


def printable(text: str) -> str:
    """``text`` with the bytes of a non-UTF-8 file name shown as ``\\xNN``; valid text as is."""
    if _SURROGATE.search(text) is None:
        return text
    try:
        raw = os.fsencode(text)  # the bytes the file system holds
    except UnicodeEncodeError:  # a surrogate no file name decodes to (not from the OS)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def printable_data(value: Any) -> Any:
    """:func:`printable` applied to every string in a JSON-like value (dicts, lists, tuples)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_data(v) for v in value]
    return value
