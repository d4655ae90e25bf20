"""The conference report as one self-contained web page (``--format html``).

What a billing clerk prints and hands over with the month's authorizations: per lot, the services
by type (items, sent, expected by the contract, difference), bar charts of the differences by
service type and by guide, and the findings in a table that sorts by any column and filters by
text and severity; the batch total comes last.

The page needs nothing but itself: CSS and JavaScript are inline, the charts are SVG drawn here
(no chart library, no CDN, no web font), and a Content-Security-Policy forbids every load and
allows only the page's own two scripts (by hash), so the page works offline and a lot's content
can never make it run code. Everything taken from the lot is untrusted and goes through
:func:`html.escape`.

The scripts leave two marks on ``<body>`` for automated checks: ``data-ready="1"`` once the
table code initialised, and ``data-errors`` with any JavaScript error met. A link can carry a
filter: ``report.html#q=1801&s=error`` opens with the glosa-1801 errors only.

Streamed like the text report: the page head, one section per lot, then the batch total.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from lotcheck import messages
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.core.printable import printable
from lotcheck.messages import Verbatim
from lotcheck.render import Meta
from lotcheck.render.common import (
    Order,
    day,
    hash_matched,
    human_value,
    lot_facts,
    money,
    money_lines,
    ordered,
    parts_note,
    service_label,
    summary_counts,
    summary_sizes,
)
from lotcheck.report import LotReport, Report, ServiceTotals, Summary, is_partial


def _t(lang: str, key: str, **values: object) -> str:
    """A report text of the catalogs, HTML-escaped (values from the lot go in already escaped,
    as :class:`~lotcheck.messages.Verbatim`)."""
    return e(messages.text(lang, f"report.{key}", **values))


#: most guides drawn in the by-guide chart; a lot holds up to 100, the chart shows the largest
MAX_GUIDE_BARS = 30

_CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d5dae3;--bg:#f6f7f9;--pos:#c0392b;--neg:#2e6da4;
--err:#b42318;--warn:#9a6700;--info:#1f6feb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif}
header.page{background:#fff;border-bottom:1px solid var(--line);padding:16px 24px}
header.page h1{margin:0 0 4px;font-size:22px}
.run{color:var(--muted);margin:0}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin-top:12px}
.controls label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
.controls input,.controls select{font:inherit;padding:4px 8px;border:1px solid var(--line);
border-radius:4px;min-width:220px}
.controls select{min-width:120px}
main{max-width:1400px;margin:0 auto;padding:16px}
section.lot,section.batch{background:#fff;border:1px solid var(--line);border-radius:6px;
padding:16px;margin:0 0 16px}
h2{font-size:17px;margin:0 0 4px;word-break:break-all}
h3{font-size:14px;margin:16px 0 6px}
.meta{color:var(--muted);margin:0 0 10px}
.partial{background:#fff4e5;border:1px solid #f5b041;color:#7a4100;padding:8px 12px;
border-radius:4px;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.date{white-space:nowrap}
table.services{width:auto;min-width:60%}
tr.total td{font-weight:700;border-top:2px solid var(--ink)}
tr.part td{color:var(--muted);border-bottom-style:dotted}
tr.part td:first-child{padding-left:22px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px;margin:8px 0}
figure{margin:0}
figcaption{font-weight:600;margin:0 0 4px}
svg.chart{width:100%;max-width:560px;height:auto;display:block}
svg .pos{fill:var(--pos)}
svg .neg{fill:var(--neg)}
svg .zero{stroke:var(--ink);stroke-width:1}
svg text{font-size:11px;fill:var(--ink)}
.legend{font-size:12px;color:var(--muted)}
.legend .pos,.legend .neg{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px}
.legend .pos{background:var(--pos)}
.legend .neg{background:var(--neg)}
table.findings th button{all:unset;cursor:pointer}
table.findings th button::after{content:" ↕";color:var(--muted)}
table.findings th[aria-sort=ascending] button::after{content:" ↑"}
table.findings th[aria-sort=descending] button::after{content:" ↓"}
.scroll{overflow-x:auto}
table.findings{table-layout:fixed;min-width:1100px}
table.findings th{font-size:12px}
table.findings td,table.findings code{overflow-wrap:break-word}
table.findings td.num,table.findings td.date{white-space:normal}
col.c-severity{width:104px}
col.c-guide{width:100px}
col.c-authorization{width:120px}
col.c-date{width:90px}
col.c-item{width:56px}
col.c-line{width:64px}
col.c-code{width:120px}
col.c-glosa{width:64px}
col.c-expected,col.c-found{width:100px}
.sev{font-weight:700;text-transform:uppercase;font-size:11px}
.sev-error{color:var(--err)}
.sev-warning{color:var(--warn)}
.sev-info{color:var(--info)}
code{font-size:12px}
.ok{color:#1a7f37;font-weight:600}
.counts{font-size:15px;font-weight:600}
@page{size:A4;margin:12mm}
@media print{
body{background:#fff;font-size:10.5px}
header.page{border:0;padding:0 0 8px}
.controls{display:none}
main{max-width:none;padding:0}
section.lot,section.batch{border:0;padding:0;margin:0 0 12px}
section.lot+section.lot,section.batch{break-before:page}
.charts{grid-template-columns:1fr 1fr}
table{font-size:9.5px}
.scroll{overflow:visible}
table.findings{table-layout:auto;min-width:0}
table.findings col{width:auto}
td.msg{width:32%}
thead{display:table-header-group}
tr,figure{break-inside:avoid}
tr[hidden]{display:table-row}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

# recorded before anything else runs, so an error anywhere in the page is visible to tests
_ERRORS_JS = (
    "function lotcheckError(text){var b=document.body;"
    "b.setAttribute('data-errors',(b.getAttribute('data-errors')||'')+text+'\\n');}"
    "window.addEventListener('error',function(e){lotcheckError(e.message||'error');});"
    "document.addEventListener('securitypolicyviolation',function(e){"
    "lotcheckError('CSP '+e.violatedDirective+' '+e.blockedURI);});"
)

_TABLE_JS = """(function(){
'use strict';
var body=document.body,lang=document.documentElement.lang||'pt-BR';
function norm(s){return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase();}
var query=document.getElementById('filter'),sev=document.getElementById('severity'),
shown=document.getElementById('shown');
var rows=Array.prototype.slice.call(document.querySelectorAll('table.findings tbody tr'));
rows.forEach(function(r){r.setAttribute('data-text',norm(r.textContent));});
function apply(){
var t=norm(query.value.trim()),s=sev.value,n=0;
rows.forEach(function(r){
var ok=(!t||r.getAttribute('data-text').indexOf(t)>=0)&&(!s||r.getAttribute('data-severity')===s);
r.hidden=!ok;if(ok){n++;}});
shown.textContent=String(n);}
var NUM=/^-?\\d+(\\.\\d+)?$/;
function key(row,col){var c=row.cells[col];
return c.hasAttribute('data-sort')?c.getAttribute('data-sort'):c.textContent.trim();}
function cmp(a,b){if(NUM.test(a)&&NUM.test(b)){return parseFloat(a)-parseFloat(b);}
return a.localeCompare(b,lang,{numeric:true});}
Array.prototype.forEach.call(document.querySelectorAll('table.findings'),function(table){
var heads=table.tHead.rows[0].cells;
Array.prototype.forEach.call(heads,function(th){
var button=th.querySelector('button');if(!button){return;}
button.addEventListener('click',function(){
var dir=th.getAttribute('aria-sort')==='ascending'?-1:1,col=th.cellIndex;
Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir===1?'ascending':'descending');
var tbody=table.tBodies[0],list=Array.prototype.slice.call(tbody.rows);
list.sort(function(a,b){return dir*cmp(key(a,col),key(b,col))||
(Number(a.getAttribute('data-pos'))-Number(b.getAttribute('data-pos')));});
list.forEach(function(r){tbody.appendChild(r);});});});});
query.addEventListener('input',apply);sev.addEventListener('change',apply);
var hash=location.hash.replace(/^#/,'').split('&');
hash.forEach(function(part){var kv=part.split('=');var v=decodeURIComponent(kv[1]||'');
if(kv[0]==='q'){query.value=v;}if(kv[0]==='s'){sev.value=v;}});
apply();body.setAttribute('data-ready','1');
})();"""


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src {_hash(_ERRORS_JS)} {_hash(_TABLE_JS)}; base-uri 'none'; form-action 'none'"
)
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def e(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute (a file name that is not UTF-8 shows
    as ``\\xNN``: lotcheck.core.printable)."""
    return html.escape(printable("" if value is None else str(value)), quote=True)


# --- charts ----------------------------------------------------------------------------------


def bar_chart(bars: list[tuple[str, Decimal]], lang: str, css_class: str) -> str:
    """A horizontal bar chart of signed differences, as inline SVG.

    Bars grow right (sent above the table: the payer will deny it) or left (sent below: money the
    provider leaves behind) from a zero line placed so both sides share one scale. Geometry uses
    floats; the labels print the exact Decimal.
    """
    label_w, bar_w, value_w, row_h, top = 150, 300, 110, 22, 6
    width = label_w + bar_w + value_w
    height = top * 2 + row_h * len(bars)
    most = max((b for _, b in bars), default=Decimal(0))
    least = min((b for _, b in bars), default=Decimal(0))
    pos_max, neg_max = max(most, Decimal(0)), max(-least, Decimal(0))
    span = float(pos_max + neg_max) or 1.0
    zero = label_w + bar_w * float(neg_max) / span
    out = [
        f'<svg class="chart {css_class}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
    ]
    for i, (label, value) in enumerate(bars):
        y = top + i * row_h
        length = bar_w * abs(float(value)) / span
        if value != 0:
            length = max(length, 1.5)  # a cent of difference still shows
        x = zero - length if value < 0 else zero
        kind = "neg" if value < 0 else "pos"
        shown = money(value, lang)
        short = label if len(label) <= 22 else label[:21] + "…"
        out.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{e(short)}</text>'
            f'<rect class="bar {kind}" x="{x:.1f}" y="{y + 4}" width="{length:.1f}" '
            f'height="{row_h - 8}"><title>{e(label)}: {e(shown)}</title></rect>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{e(shown)}</text>'
        )
    out.append(
        f'<line class="zero" x1="{zero:.1f}" y1="{top - 2}" x2="{zero:.1f}" '
        f'y2="{height - top + 2}"/></svg>'
    )
    return "".join(out)


def _service_chart(rows: list[dict[str, Any]], lang: str) -> str:
    bars = [
        (service_label(r["type"], lang), Decimal(r["difference"]))
        for r in rows
        if r["difference"] is not None
    ]
    no_bars = f"<p>{_t(lang, 'html.no_difference')}</p>"
    body = bar_chart(bars, lang, "by-service") if bars else no_bars
    return f"<figure><figcaption>{_t(lang, 'html.by_service')}</figcaption>{body}</figure>"


def _guide_chart(guide_values: list[dict[str, Any]], lang: str) -> str:
    rows = [g for g in guide_values if g["difference"] is not None and Decimal(g["difference"])]
    note = ""
    if len(rows) > MAX_GUIDE_BARS:
        keep = sorted(rows, key=lambda g: -abs(Decimal(g["difference"])))[:MAX_GUIDE_BARS]
        kept = {id(g) for g in keep}
        note = _t(lang, "html.largest", n=MAX_GUIDE_BARS, total=len(rows))
        rows = [g for g in rows if id(g) in kept]  # back in the lot's order
    bars = [(g["guide"] or "?", Decimal(g["difference"])) for g in rows]
    no_bars = f"<p>{_t(lang, 'html.no_difference')}</p>"
    body = bar_chart(bars, lang, "by-guide") if bars else no_bars
    if note:
        body += f'<p class="legend">{note}</p>'
    return f"<figure><figcaption>{_t(lang, 'html.by_guide')}</figcaption>{body}</figure>"


# --- tables ----------------------------------------------------------------------------------


def _services_table(rows: list[dict[str, Any]], totals: dict[str, Any], lang: str) -> str:
    """The services by type, in the lines of :func:`money_lines`: a type that mixes priced and
    unpriced items is shown whole, then in its two parts (``tr.part``), so every line with a
    difference reads Enviado − Esperado = Diferença."""
    numeric = ' class="num"'
    heads = "".join(
        f"<th{'' if key == 'service' else numeric}>{_t(lang, f'table.{key}')}</th>"
        for key in ("service", "items", "sent", "expected", "difference")
    )
    out = [f'<table class="services"><thead><tr>{heads}</tr></thead><tbody>']
    lines = money_lines(rows, totals, lang)
    for line in lines:
        cls = f' class="{line.kind}"' if line.kind != "row" else ""
        out.append(
            f"<tr{cls}><td>{e(line.label)}</td><td class='num'>{line.items}</td>"
            f"<td class='num'>{e(line.sent)}</td>"
            f"<td class='num'>{e(line.expected)}</td>"
            f"<td class='num'>{e(line.difference)}</td></tr>"
        )
    out.append("</tbody></table>")
    if any(line.kind == "part" for line in lines):
        out.append(f'<p class="legend">{e(parts_note(lang))}</p>')
    return "".join(out)


def _breakable(code: str) -> str:
    """A finding code with a line-break opportunity after each ``.`` and ``_``: it wraps at its
    words in the code column instead of anywhere."""
    return e(code).replace(".", ".<wbr>").replace("_", "_<wbr>")


def _findings_table(findings: list[Finding], lang: str) -> str:
    heads = [
        ("severity", ""),
        ("guide", ""),
        ("authorization", ""),
        ("date", ""),
        ("item", "num"),
        ("line", "num"),
        ("code", ""),
        ("glosa", ""),
        ("expected", "num"),
        ("found", "num"),
        ("message", ""),
    ]
    # fixed layout: the columns keep the widths of their <col> (CSS), the message takes the rest
    # and wraps, so a long message or a long value from the lot never widens the table past its
    # card; narrower than the table's min-width, the box around it scrolls instead
    cols = "".join(f'<col class="c-{key}">' for key, _ in heads)
    out = [f'<table class="findings"><colgroup>{cols}</colgroup><thead><tr>']
    for key, css in heads:
        cls = f' class="{css}"' if css else ""
        out.append(f'<th{cls}><button type="button">{_t(lang, f"html.col.{key}")}</button></th>')
    out.append("</tr></thead><tbody>")
    for pos, f in enumerate(findings):
        sev = str(f.severity)
        out.append(
            f'<tr data-severity="{e(sev)}" data-pos="{pos}">'
            f'<td data-sort="{_RANK[f.severity]}"><span class="sev sev-{e(sev)}">'
            f"{_t(lang, f'severity.{sev}')}</span></td>"
            f"<td>{e(f.guide or '')}</td>"
            f"<td>{e(f.authorization or '')}</td>"
            f'<td class="date" data-sort="{e(f.date or "")}">'
            f"{e(day(f.date, lang) if f.date else '')}</td>"
            f"<td class='num'>{e(f.item or '')}</td>"
            f"<td class='num'>{'' if f.line is None else f.line}</td>"
            f"<td><code>{_breakable(f.code)}</code></td>"
            f"<td>{e(f.glosa or '')}</td>"
            f'<td class="num" data-sort="{e(f.expected or "")}">'
            f"{e(human_value(f.expected, lang))}</td>"
            f'<td class="num" data-sort="{e(f.found or "")}">{e(human_value(f.found, lang))}</td>'
            f'<td class="msg" title="{e(f.xpath or "")}">{e(f.message)}</td>'
            "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


# --- page --------------------------------------------------------------------------------------


def _head(meta: Meta) -> str:
    lang = meta.lang
    run = [f"lotcheck {e(meta.version)}"]
    if meta.generated_at:
        run.append(_t(lang, "html.generated", when=Verbatim(meta.generated_at)))
    if meta.contract:
        run.append(_t(lang, "html.contract", contract=Verbatim(meta.contract)))
    else:
        run.append(_t(lang, "not_priced"))
    options = "".join(
        f'<option value="{sev}">{_t(lang, f"severity.{sev}")}</option>'
        for sev in ("error", "warning", "info")
    )
    title = _t(lang, "html.title")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_t(lang, "html.lang")}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>lotcheck — {title}</title><style>{_CSS}</style></head>\n"
        f'<body data-ready="0"><script>{_ERRORS_JS}</script>\n'
        f'<header class="page"><h1>{title}</h1><p class="run">{" · ".join(run)}</p>'
        '<div class="controls">'
        f'<label>{_t(lang, "html.filter")}<input id="filter" type="search" '
        f'placeholder="{_t(lang, "html.filter_placeholder")}" autocomplete="off"></label>'
        f'<label>{_t(lang, "html.severity")}<select id="severity">'
        f'<option value="">{_t(lang, "html.all")}</option>{options}</select></label>'
        f'<span class="legend"><span id="shown">0</span> {_t(lang, "html.shown")}</span>'
        "</div></header>\n<main>\n"
    )


def _counts(lang: str, counts: list[tuple[str, int]]) -> str:
    return " · ".join(_t(lang, key, n=n) for key, n in counts)


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
        out.append(_services_table(lot.services, lot.totals, lang))
        out.append('<div class="charts">')
        out.append(_service_chart(lot.services, lang))
        out.append(_guide_chart(lot.guide_values, lang))
        out.append("</div>")
        out.append(
            f'<p class="legend"><span class="pos"></span>{_t(lang, "html.above")}'
            f'<span class="neg"></span>{_t(lang, "html.below")}</p>'
        )
    out.append(f"<h3>{_t(lang, 'html.findings')}</h3>")
    if lot.findings:
        out.append('<div class="scroll">')
        out.append(_findings_table(ordered(lot.findings, order), lang))
        out.append("</div>")
    else:
        out.append(f'<p class="ok">✓ {_t(lang, "no_findings")}</p>')
    out.append("</section>\n")
    return "".join(out)


def _batch(summary: Summary, totals: ServiceTotals, lang: str, partial: bool) -> str:
    out = ['<section class="batch">']
    if partial:
        out.append(f'<p class="partial" id="partial">{_t(lang, "html.partial")}</p>')
    out.append(f"<h2>{_t(lang, 'batch_total')}</h2>")
    files, *sizes = summary_sizes(summary)
    with_errors = _t(lang, "with_errors", n=summary.files_with_errors)
    out.append(
        f'<p class="counts">{_t(lang, files[0], n=files[1])} ({with_errors}) · '
        f"{_counts(lang, sizes)} · {_counts(lang, summary_counts(summary))}</p>"
    )
    if summary.files > 1 and totals.lines:
        rows = totals.rows()
        out.append(_services_table(rows, totals.totals(), lang))
        out.append(f'<div class="charts">{_service_chart(rows, lang)}</div>')
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
    yield f"</main>\n<script>{_TABLE_JS}</script>\n</body></html>\n"


def render(
    report: Report | Iterable[LotReport], meta: Meta, *, order: Order | str = Order.GUIDE
) -> str:
    """The whole page as one string."""
    return "".join(iter_html(report, meta, order=order))
