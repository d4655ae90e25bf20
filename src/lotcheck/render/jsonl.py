"""One JSON object per finding, one per line (``--format jsonl``), for log pipelines.

A log shipper (Fluent Bit, Vector, Logstash, ``jq -c``) takes one event per line and has no use
for a document that is only valid once it is closed: each line here stands alone. A line is the
finding exactly as the JSON report writes it (``code``, ``severity``, ``message``, ``guide``,
``item``, ``line``, ``column``, ``xpath``, ``expected``, ``found``, ``glosa``, ``date``,
``authorization`` and, on a priced item's finding, ``pricing``; money as decimal strings), led by
what says where it comes from: ``file`` (the lot's path as the JSON report's ``path`` gives it),
``tiss_version`` and ``lot_number``. The published schema is
``schemas/finding-line.schema.json`` (:mod:`lotcheck.report.line_schemas`).

Findings come lot by lot, in the JSON report's order (``--order`` is for the reports people
read); a lot with no finding writes nothing. The lines are streamed: a lot's findings are
serialised one at a time and sent in pieces of about :data:`CHUNK_CHARS`, so a lot with 60,000
findings never holds its whole text at once.

An interrupted run (Ctrl-C, SIGTERM) ends with one last line ``{"partial":true,"files":N}`` (N
the files checked), as the CSV ends with its ``#partial`` row; it has no ``code``, which every
finding line has. A complete run has no such line.

Each line is compact UTF-8 JSON ending in ``\\n``. JSON itself escapes every control character
below U+0020, so a message never breaks its line; U+0085, U+2028 and U+2029, which JSON allows
raw but which many line readers (Python's ``splitlines``, JavaScript) take as line breaks, are
escaped too, since a lot (untrusted) may carry them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from lotcheck.core.printable import has_surrogates, printable_data
from lotcheck.render import Meta
from lotcheck.report import LotReport, Report, is_partial

#: a lot's lines are sent in pieces of about this many characters
CHUNK_CHARS = 1 << 16
#: the key only the last line of an interrupted run has
PARTIAL_KEY = "partial"
#: characters JSON leaves raw that line readers split on
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _line(value: dict[str, Any]) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if has_surrogates(text):  # a file name that is not UTF-8 (lotcheck.core.printable)
        text = json.dumps(printable_data(value), ensure_ascii=False, separators=(",", ":"))
    return text.translate(_LINE_BREAKS) + "\n"


def _lot_chunks(lot: LotReport) -> Iterator[str]:
    """The lines of one lot's findings, in pieces of about :data:`CHUNK_CHARS`."""
    where = {"file": lot.path, "tiss_version": lot.tiss_version, "lot_number": lot.lot_number}
    pieces: list[str] = []
    size = 0
    for finding in lot.findings:
        text = _line({**where, **finding.as_dict()})
        pieces.append(text)
        size += len(text)
        if size >= CHUNK_CHARS:
            yield "".join(pieces)
            pieces, size = [], 0
    if pieces:
        yield "".join(pieces)


def iter_jsonl(
    lots: Iterable[LotReport], meta: Meta, *, partial: bool | None = None
) -> Iterator[str]:
    """Yield each lot's lines as the lot comes, then the partial marker if the run was cut short.

    ``meta`` is taken for the renderers' common signature: a line says nothing about the run.
    ``partial`` None asks the lots once they are consumed (a
    :class:`~lotcheck.report.LotStream` knows whether the batch was interrupted).
    """
    files = 0
    for lot in lots:
        files += 1
        yield from _lot_chunks(lot)
    if is_partial(lots) if partial is None else partial:
        yield _line({PARTIAL_KEY: True, "files": files})


def render(report: Report | Iterable[LotReport], meta: Meta) -> str:
    """Every line as one string."""
    return "".join(iter_jsonl(report, meta))
