"""The reconciliation as one self-contained, printable web page (``--format html``).

The same sections as the text report (:mod:`~lotcheck.render.reconcile_text`), as tables a
clerk prints and files with the month: the statement's header, the totals, the tables by
service type and by guide (a row group per protocol and lot), then the items by verdict
(contestable first), the statement items that matched nothing and the items sent that the
statement does not mention. Every table has a ``<caption>`` and its headers a ``scope``, so a
screen reader reads each amount with its column and row.

It is the conference page's sibling: its stylesheet (:data:`~lotcheck.render.html_assets.CSS`)
and escaping (:func:`~lotcheck.render.html_parts.e`), and a Content-Security-Policy that
forbids every load and every script (the page has none: nothing to sort, everything printed),
so it works offline and nothing from the statement can make it run code. Each total cell
carries ``data-total="sent"`` (``contracted``, ``released``, ``denied``, ``recoverable``) and
each section an ``id``, for whoever checks the page by machine.
"""

from __future__ import annotations

from collections.abc import Sequence

from lotcheck import messages
from lotcheck.reconcile.types import Reconciliation, Verdict
from lotcheck.render.html_assets import CSS, policy
from lotcheck.render.html_parts import e
from lotcheck.render.reconcile_items import (
    ItemView,
    of_verdict,
    paid_summary,
    reconciled_view,
    unanswered_view,
    unmatched_view,
)
from lotcheck.render.reconcile_parts import (
    MONEY_COLUMNS,
    PAID_LISTED,
    SECTIONS,
    TableLine,
    column_label,
    counts_line,
    guide_groups,
    header_lines,
    remark_lines,
    section_title,
    service_lines,
    total_line,
    totals_block,
    words,
)

#: the page runs no script: the policy allows none
CSP = policy()
#: what the reconciliation page adds to the conference page's stylesheet
EXTRA_CSS = """
section.rec{background:#fff;border:1px solid var(--line);border-radius:6px;padding:16px;
margin:0 0 16px}
section.rec p{margin:0 0 6px}
caption{text-align:left;font-weight:600;font-size:15px;padding:0 0 6px}
table.totals{width:auto;min-width:320px}
table.totals th,tbody th[scope=row]{background:none;font-weight:400}
tbody th[scope=rowgroup]{background:var(--bg);font-weight:600}
tr.total th,tr.total td{font-weight:700;border-top:2px solid var(--ink)}
table.items td.detail div+div{margin-top:2px}
.desc{color:var(--muted)}
@media print{
section.rec{border:0;padding:0;margin:0 0 12px}
table{font-size:9.5px}
}
"""


def _w(lang: str, key: str, **values: object) -> str:
    return e(words(lang, key, **values))


def _head(rec: Reconciliation, lang: str) -> str:
    title = _w(lang, "title")
    html_lang = e(messages.text(lang, "report.html.lang"))
    facts = "".join(f"<p>{e(line)}</p>" for line in header_lines(rec, lang))
    remarks = "".join(f'<p class="remark">{e(line)}</p>' for line in remark_lines(rec, lang))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>lotcheck — {title}</title><style>{CSS}{EXTRA_CSS}</style></head>\n"
        f'<body>\n<header class="page"><h1>{title}</h1></header>\n<main>\n'
        f'<section class="rec" id="statement">{facts}'
        f'<p class="counts">{e(counts_line(rec, lang))}</p>{remarks}</section>\n'
    )


def _totals(rec: Reconciliation, lang: str) -> str:
    rows = "".join(
        f'<tr><th scope="row">{e(label)}</th><td class="num" data-total="{key}">{e(value)}</td></tr>'
        for key, label, value in totals_block(rec, lang)
    )
    return (
        f'<section class="rec" id="totals"><table class="totals"><caption>{_w(lang, "totals")}'
        f"</caption><tbody>{rows}</tbody></table></section>\n"
    )


def _money_head(first: str, lang: str) -> str:
    cells = [f'<th scope="col">{e(column_label(first, lang))}</th>']
    cells += [
        f'<th scope="col" class="num">{e(column_label(key, lang))}</th>'
        for key in ("items", *MONEY_COLUMNS)
    ]
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def _money_row(line: TableLine) -> str:
    cls = ' class="total"' if line.kind == "total" else ""
    cells = "".join(f'<td class="num">{e(cell)}</td>' for cell in line.cells)
    return (
        f'<tr{cls}><th scope="row">{e(line.label)}</th>'
        f'<td class="num">{line.items}</td>{cells}</tr>'
    )


def _by_service(rec: Reconciliation, lang: str) -> str:
    if not rec.by_service:
        return ""
    body = "".join(_money_row(line) for line in service_lines(rec, lang))
    return (
        f'<section class="rec" id="by-service"><table class="services">'
        f"<caption>{_w(lang, 'by_service')}</caption>{_money_head('service', lang)}"
        f"<tbody>{body}</tbody></table></section>\n"
    )


def _by_guide(rec: Reconciliation, lang: str) -> str:
    if not rec.by_guide:
        return ""
    span = 2 + len(MONEY_COLUMNS)
    bodies = []
    for title, guides in guide_groups(rec, lang):
        group = f'<tr><th scope="rowgroup" colspan="{span}">{e(title)}</th></tr>' if title else ""
        bodies.append(f"<tbody>{group}{''.join(_money_row(line) for _, line in guides)}</tbody>")
    if len(rec.by_guide) > 1:
        bodies.append(f"<tbody>{_money_row(total_line(rec, lang))}</tbody>")
    return (
        f'<section class="rec" id="by-guide"><table class="services">'
        f"<caption>{_w(lang, 'by_guide')}</caption>{_money_head('guide', lang)}"
        f"{''.join(bodies)}</table></section>\n"
    )


def _lines(texts: Sequence[str]) -> str:
    return "".join(f"<div>{e(text)}</div>" for text in texts)


#: the item tables' money columns (each an :class:`ItemView` field of the same name)
_MONEY_FIELDS = frozenset({"informed", "sent", "contracted", "released", "denied", "recoverable"})


def _cell(view: ItemView, column: str) -> str:
    if column == "guide":
        return f'<th scope="row">{e(view.guide)}</th>'
    if column == "code":
        desc = "" if view.description == "—" else f'<div class="desc">{e(view.description)}</div>'
        return f"<td><code>{e(view.code)}</code>{desc}</td>"
    if column == "date":
        return f'<td class="date">{e(view.date)}</td>'
    if column in _MONEY_FIELDS:
        return f'<td class="num">{e(getattr(view, column))}</td>'
    if column == "detail":
        return f'<td class="detail">{_lines([*view.extras, *view.notes])}</td>'
    if column == "source":
        return f'<td class="source">{_lines(view.sources)}</td>'
    return f"<td>{e(getattr(view, column))}</td>"


def _items(
    section_id: str, title: str, columns: Sequence[str], views: Sequence[ItemView], lang: str
) -> str:
    numeric = ' class="num"'
    heads = "".join(
        f'<th scope="col"{numeric if c in _MONEY_FIELDS else ""}>{e(column_label(c, lang))}</th>'
        for c in columns
    )
    rows = "".join(f"<tr>{''.join(_cell(v, c) for c in columns)}</tr>" for v in views)
    return (
        f'<table class="items" id="{section_id}-items"><caption>{e(title)}</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
    )


_MATCHED = ("guide", "item", "code", "date", "sent", "contracted", "released", "denied")


def _sections(rec: Reconciliation, lang: str) -> str:
    out = []
    for verdict in SECTIONS:
        items = of_verdict(rec, verdict)
        if not items:
            continue
        columns = (*_MATCHED, "recoverable") if verdict is Verdict.CONTESTABLE else _MATCHED
        views = [reconciled_view(ri, lang) for ri in items]
        title = section_title(verdict.value, lang, len(items))
        table = _items(verdict.value, title, (*columns, "detail", "source"), views, lang)
        out.append(f'<section class="rec" id="{verdict.value}">{table}</section>\n')
    paid = of_verdict(rec, Verdict.PAID)
    if paid:
        title = section_title("paid", lang, len(paid))
        summary = f"<p>{e(paid_summary(rec, lang))}</p>"
        if len(paid) <= PAID_LISTED:
            views = [reconciled_view(ri, lang) for ri in paid]
            body = _items("paid", title, (*_MATCHED, "source"), views, lang) + summary
        else:  # only counted: one line says how many and how much
            body = f"<h2>{e(title)}</h2>{summary}"
        out.append(f'<section class="rec" id="paid">{body}</section>\n')
    if rec.unmatched:
        title = section_title("unmatched", lang, len(rec.unmatched))
        columns = ("problem", "guide", "item", "code", "date", "informed", "released", "denied")
        views = [unmatched_view(un, lang) for un in rec.unmatched]
        table = _items("unmatched", title, (*columns, "detail", "source"), views, lang)
        out.append(f'<section class="rec" id="unmatched">{table}</section>\n')
    if rec.unanswered:
        title = section_title("unanswered", lang, len(rec.unanswered))
        columns = ("guide", "item", "code", "date", "sent", "contracted", "detail", "source")
        views = [unanswered_view(sent, lang) for sent in rec.unanswered]
        table = _items("unanswered", title, columns, views, lang)
        out.append(f'<section class="rec" id="unanswered">{table}</section>\n')
    return "".join(out)


def render_html(rec: Reconciliation, lang: str) -> str:
    """The whole page as one string."""
    return (
        _head(rec, lang)
        + _totals(rec, lang)
        + _by_service(rec, lang)
        + _by_guide(rec, lang)
        + _sections(rec, lang)
        + "</main>\n</body></html>\n"
    )
