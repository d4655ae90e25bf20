"""The pieces of the HTML report's lot sections: escaping, the SVG bar charts and the tables.

Each function returns a fragment of HTML for :mod:`lotcheck.render.html_report` to place in the
page: the charts of the differences by service type and by guide (drawn here as inline SVG: no
chart library), the services table (the lines of :func:`~lotcheck.render.common.money_lines`) and
the findings table the page's script sorts and filters. Everything taken from the lot is untrusted
and goes through :func:`e` (:func:`html.escape`); report texts come from the message catalogs
through :func:`t`, escaped too.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from lotcheck import messages
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.core.printable import printable
from lotcheck.render.common import day, human_value, money, money_lines, parts_note, service_label

#: most guides drawn in the by-guide chart; a lot holds up to 100, the chart shows the largest
MAX_GUIDE_BARS = 30
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def e(value: object) -> str:
    """Escape anything for HTML text or a quoted attribute (a file name that is not UTF-8 shows
    as ``\\xNN``: lotcheck.core.printable)."""
    return html.escape(printable("" if value is None else str(value)), quote=True)


def t(lang: str, key: str, **values: object) -> str:
    """A report text of the catalogs, HTML-escaped (values from the lot go in already escaped,
    as :class:`~lotcheck.messages.Verbatim`)."""
    return e(messages.text(lang, f"report.{key}", **values))


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


def service_chart(rows: list[dict[str, Any]], lang: str) -> str:
    bars = [
        (service_label(r["type"], lang), Decimal(r["difference"]))
        for r in rows
        if r["difference"] is not None
    ]
    no_bars = f"<p>{t(lang, 'html.no_difference')}</p>"
    body = bar_chart(bars, lang, "by-service") if bars else no_bars
    return f"<figure><figcaption>{t(lang, 'html.by_service')}</figcaption>{body}</figure>"


def guide_chart(guide_values: list[dict[str, Any]], lang: str) -> str:
    rows = [g for g in guide_values if g["difference"] is not None and Decimal(g["difference"])]
    note = ""
    if len(rows) > MAX_GUIDE_BARS:
        keep = sorted(rows, key=lambda g: -abs(Decimal(g["difference"])))[:MAX_GUIDE_BARS]
        kept = {id(g) for g in keep}
        note = t(lang, "html.largest", n=MAX_GUIDE_BARS, total=len(rows))
        rows = [g for g in rows if id(g) in kept]  # back in the lot's order
    bars = [(g["guide"] or "?", Decimal(g["difference"])) for g in rows]
    no_bars = f"<p>{t(lang, 'html.no_difference')}</p>"
    body = bar_chart(bars, lang, "by-guide") if bars else no_bars
    if note:
        body += f'<p class="legend">{note}</p>'
    return f"<figure><figcaption>{t(lang, 'html.by_guide')}</figcaption>{body}</figure>"


# --- tables ----------------------------------------------------------------------------------


def services_table(rows: list[dict[str, Any]], totals: dict[str, Any], lang: str) -> str:
    """The services by type, in the lines of :func:`money_lines`: a type that mixes priced and
    unpriced items is shown whole, then in its two parts (``tr.part``), so every line with a
    difference reads Enviado − Esperado = Diferença."""
    numeric = ' class="num"'
    heads = "".join(
        f"<th{'' if key == 'service' else numeric}>{t(lang, f'table.{key}')}</th>"
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


def findings_table(findings: Iterable[Finding], lang: str) -> str:
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
        out.append(f'<th{cls}><button type="button">{t(lang, f"html.col.{key}")}</button></th>')
    out.append("</tr></thead><tbody>")
    for pos, f in enumerate(findings):
        sev = str(f.severity)
        out.append(
            f'<tr data-severity="{e(sev)}" data-pos="{pos}">'
            f'<td data-sort="{_RANK[f.severity]}"><span class="sev sev-{e(sev)}">'
            f"{t(lang, f'severity.{sev}')}</span></td>"
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
