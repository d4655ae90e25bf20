"""The JSON report (``--format json``), as published in ``schemas/report.schema.json``.

It is written as a stream: each lot is serialised as soon as it is checked and the summary comes
last, so a batch of thousands of lots never holds every finding in memory at once; within a lot,
the findings are serialised one at a time (and sent in chunks of about :data:`CHUNK_CHARS`), so
a lot with 60,000 findings never holds its whole JSON text, nor a dict per finding, at once. The
text is the one ``json.dumps(lot.as_dict(), indent=2)`` gives, indented into the document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from lotcheck.core.printable import has_surrogates, printable_data
from lotcheck.render import Meta
from lotcheck.report import LotReport, Report, Summary, is_partial

SCHEMA_ID = "https://lotcheck.dev/schemas/report.schema.json"
#: a lot's text is sent in pieces of about this many characters
CHUNK_CHARS = 1 << 16
#: where a lot sits in the document, and a finding in its lot's ``findings`` list
_LOT_INDENT = "\n    "
_FINDING_INDENT = "\n        "


def _dumps(value: dict[str, Any]) -> str:
    body = json.dumps(value, ensure_ascii=False, indent=2)
    if has_surrogates(body):  # a file name that is not UTF-8 (lotcheck.core.printable)
        body = json.dumps(printable_data(value), ensure_ascii=False, indent=2)
    return body


def _lot_chunks(lot: LotReport, lead: str) -> Iterator[str]:
    """``lead`` and the lot's JSON object, indented for the ``lots`` list, in pieces: its fields,
    then its findings one by one (``findings`` is the object's last key)."""
    head = _dumps(lot.head_dict()).removesuffix("\n}")  # the object, still open
    pieces = [lead, head.replace("\n", _LOT_INDENT), ',\n      "findings": [']
    size = 0
    first = True
    for finding in lot.findings:
        text = _dumps(finding.as_dict()).replace("\n", _FINDING_INDENT)
        pieces.append((_FINDING_INDENT if first else "," + _FINDING_INDENT) + text)
        first = False
        size += len(text)
        if size >= CHUNK_CHARS:
            yield "".join(pieces)
            pieces, size = [], 0
    pieces.append("]\n    }" if first else "\n      ]\n    }")
    yield "".join(pieces)


def _head(meta: Meta) -> str:
    tool = {"name": "lotcheck", "version": meta.version}
    run = {
        "generated_at": meta.generated_at,
        "lang": meta.lang,
        "contract": meta.contract,
        "contract_path": meta.contract_path,
        "period": {"start": meta.period[0], "end": meta.period[1]} if meta.period else None,
        "packs": [{"path": p.path, "id": p.id, "version": p.version} for p in meta.packs],
        "ledger": meta.ledger,
        "schema": meta.schema,
        "xsd_dirs": list(meta.xsd_dirs),
    }
    return (
        "{\n"
        f'  "$schema": {json.dumps(SCHEMA_ID)},\n'
        f'  "tool": {json.dumps(tool, ensure_ascii=False)},\n'
        f'  "run": {json.dumps(printable_data(run), ensure_ascii=False)},\n'
        '  "lots": ['
    )


def iter_json(
    lots: Iterable[LotReport], meta: Meta, *, partial: bool | None = None
) -> Iterator[str]:
    """Yield the JSON document in chunks: header, one chunk per lot, then the summary.

    ``summary.partial`` is decided after the last lot: ``partial`` None asks the lots (a
    :class:`~lotcheck.report.LotStream` knows, once consumed, whether the batch was interrupted).
    """
    yield _head(meta)
    summary = Summary()
    first = True
    for lot in lots:
        summary.add(lot)
        yield from _lot_chunks(lot, _LOT_INDENT if first else "," + _LOT_INDENT)
        first = False
    yield ("\n  ]" if not first else "]") + ",\n"
    cut_short = is_partial(lots) if partial is None else partial
    summary_json = json.dumps(summary.as_dict(cut_short), ensure_ascii=False, indent=2).replace(
        "\n", "\n  "
    )
    yield f'  "summary": {summary_json}\n}}\n'


def render(report: Report | Iterable[LotReport], meta: Meta) -> str:
    """The whole JSON document as one string."""
    return "".join(iter_json(report, meta))
