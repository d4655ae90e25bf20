"""The JSON report (``--format json``), as published in ``schemas/report.schema.json``.

It is written as a stream: each lot is serialised as soon as it is checked and the summary comes
last, so a batch of thousands of lots never holds every finding in memory at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from lotcheck.core.printable import has_surrogates, printable_data
from lotcheck.render import Meta
from lotcheck.report import LotReport, Report, Summary, is_partial

SCHEMA_ID = "https://lotcheck.dev/schemas/report.schema.json"


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
        body = json.dumps(lot.as_dict(), ensure_ascii=False, indent=2)
        if has_surrogates(body):  # a file name that is not UTF-8 (lotcheck.core.printable)
            body = json.dumps(printable_data(lot.as_dict()), ensure_ascii=False, indent=2)
        body = body.replace("\n", "\n    ")
        yield ("\n    " if first else ",\n    ") + body
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
