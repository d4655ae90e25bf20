"""The conference report as one self-contained web page (``--format html``).

What a billing clerk prints and hands over with the month's authorizations: per lot, the services
by type (items, sent, expected by the contract, difference), bar charts of the differences by
service type and by guide, and the findings in a table that sorts by any column and filters by
text and severity; the batch total comes last.

The page needs nothing but itself: CSS and JavaScript are inline, the charts are SVG drawn by
lotcheck (no chart library, no CDN, no web font), and a Content-Security-Policy forbids every load
and allows only the page's own two scripts (by hash), so the page works offline and a lot's
content can never make it run code. Everything taken from the lot is untrusted and goes through
:func:`html.escape`.

The scripts leave two marks on ``<body>`` for automated checks: ``data-ready="1"`` once the
table code initialised, and ``data-errors`` with any JavaScript error met. A link can carry a
filter: ``report.html#q=1801&s=error`` opens with the glosa-1801 errors only.

Streamed like the text report: the page head, one section per lot, then the batch total. This
module writes the document (head, sections, batch total, in order); the stylesheet, scripts and
policy are in :mod:`lotcheck.render.html_assets`, the charts, tables and escaping in
:mod:`lotcheck.render.html_parts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lotcheck import messages
from lotcheck.core.codes import Severity
from lotcheck.messages import Verbatim
from lotcheck.render import Meta
from lotcheck.render.common import (
    Order,
    hash_matched,
    lot_facts,
    ordered,
    summary_counts,
    summary_sizes,
)
from lotcheck.render.html_assets import CSP, CSS, ERRORS_JS, TABLE_JS
from lotcheck.render.html_parts import (
    e,
    findings_table,
    guide_chart,
    service_chart,
    services_table,
    t,
)
from lotcheck.report import LotReport, Report, ServiceTotals, Summary, is_partial


def _head(meta: Meta) -> str:
    lang = meta.lang
    run = [f"lotcheck {e(meta.version)}"]
    if meta.generated_at:
        run.append(t(lang, "html.generated", when=Verbatim(meta.generated_at)))
    if meta.contract:
        run.append(t(lang, "html.contract", contract=Verbatim(meta.contract)))
    else:
        run.append(t(lang, "not_priced"))
    options = "".join(
        f'<option value="{sev}">{t(lang, f"severity.{sev}")}</option>'
        for sev in ("error", "warning", "info")
    )
    title = t(lang, "html.title")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{t(lang, "html.lang")}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>lotcheck — {title}</title><style>{CSS}</style></head>\n"
        f'<body data-ready="0"><script>{ERRORS_JS}</script>\n'
        f'<header class="page"><h1>{title}</h1><p class="run">{" · ".join(run)}</p>'
        '<div class="controls">'
        f'<label>{t(lang, "html.filter")}<input id="filter" type="search" '
        f'placeholder="{t(lang, "html.filter_placeholder")}" autocomplete="off"></label>'
        f'<label>{t(lang, "html.severity")}<select id="severity">'
        f'<option value="">{t(lang, "html.all")}</option>{options}</select></label>'
        f'<span class="legend"><span id="shown">0</span> {t(lang, "html.shown")}</span>'
        "</div></header>\n<main>\n"
    )


def _counts(lang: str, counts: list[tuple[str, int]]) -> str:
    return " · ".join(t(lang, key, n=n) for key, n in counts)


def _lot(lot: LotReport, lang: str, order: Order, index: int) -> str:
    bits = lot_facts(lot, lang, e)
    if lot.hash.get("matched"):
        bits.append(e(hash_matched(lot, lang)))
    counts = _counts(
        lang,
        [
            ("errors", lot.count(Severity.ERROR)),
            ("warnings", lot.count(Severity.WARNING)),
            ("infos", lot.count(Severity.INFO)),
        ],
    )
    out = [
        f'<section class="lot" id="lot-{index}"><h2>{e(lot.path)}</h2>'
        f'<p class="meta">{" · ".join(bits)}</p><p class="meta">{counts}</p>'
    ]
    if lot.guides and lot.services:
        out.append(services_table(lot.services, lot.totals, lang))
        out.append('<div class="charts">')
        out.append(service_chart(lot.services, lang))
        out.append(guide_chart(lot.guide_values, lang))
        out.append("</div>")
        out.append(
            f'<p class="legend"><span class="pos"></span>{t(lang, "html.above")}'
            f'<span class="neg"></span>{t(lang, "html.below")}</p>'
        )
    out.append(f"<h3>{t(lang, 'html.findings')}</h3>")
    if lot.findings:
        out.append('<div class="scroll">')
        out.append(findings_table(ordered(lot.findings, order), lang))
        out.append("</div>")
    else:
        out.append(f'<p class="ok">✓ {t(lang, "no_findings")}</p>')
    out.append("</section>\n")
    return "".join(out)


def _batch(summary: Summary, totals: ServiceTotals, lang: str, partial: bool) -> str:
    out = ['<section class="batch">']
    if partial:
        out.append(f'<p class="partial" id="partial">{t(lang, "html.partial")}</p>')
    out.append(f"<h2>{t(lang, 'batch_total')}</h2>")
    files, *sizes = summary_sizes(summary)
    with_errors = t(lang, "with_errors", n=summary.files_with_errors)
    out.append(
        f'<p class="counts">{t(lang, files[0], n=files[1])} ({with_errors}) · '
        f"{_counts(lang, sizes)} · {_counts(lang, summary_counts(summary))}</p>"
    )
    if summary.files > 1 and totals.lines:
        rows = totals.rows()
        out.append(services_table(rows, totals.totals(), lang))
        out.append(f'<div class="charts">{service_chart(rows, lang)}</div>')
    out.append("</section>\n")
    return "".join(out)


def iter_html(
    lots: Iterable[LotReport], meta: Meta, *, order: Order | str = Order.GUIDE
) -> Iterator[str]:
    """Yield the page in chunks: head, one section per lot, the batch total and the script."""
    lang = messages.normalize(meta.lang)
    order = Order(order)
    yield _head(meta)
    summary, totals = Summary(), ServiceTotals()
    for index, lot in enumerate(lots, start=1):
        summary.add(lot)
        totals.add(lot)
        yield _lot(lot, lang, order, index)
    yield _batch(summary, totals, lang, is_partial(lots))
    yield f"</main>\n<script>{TABLE_JS}</script>\n</body></html>\n"


def render(
    report: Report | Iterable[LotReport], meta: Meta, *, order: Order | str = Order.GUIDE
) -> str:
    """The whole page as one string."""
    return "".join(iter_html(report, meta, order=order))
