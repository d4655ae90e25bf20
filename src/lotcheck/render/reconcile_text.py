"""The reconciliation as terminal text (``lotcheck reconcile --format text``), 100 columns wide.

Laid out like the conference report the clerks already read (:mod:`lotcheck.render.text`): a
title rule, the statement's header, the totals (enviado, contratado, liberado, glosado,
recuperável), the tables by service type and by guide (grouped by protocol and lot), then the
items by verdict: contestable first, since that is money to appeal, then foreseeable,
unchecked, overpaid and paid (counted, and listed only when there are few), then the statement
items that matched nothing and the items sent that the statement does not mention.

Plain text, no colour and no terminal library: the output is the same on a terminal, in a file
and in a golden test. Lines are wrapped at :data:`WIDTH` without ever cutting an amount
(``R$ 1.234,56``), a path or a phrase of the values line in two.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from lotcheck.core.printable import printable
from lotcheck.reconcile.types import Reconciliation, Verdict
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

#: the width the report is laid out for (a terminal of 100 columns)
WIDTH = 100
_NBSP = "\u00a0"  # textwrap breaks at ASCII spaces only: a non-breaking one keeps a phrase whole


def _keep_whole(text: str) -> str:
    return text.replace(" ", _NBSP)


def wrapped(text: str, indent: str, *, hang: str = "  ", width: int = WIDTH) -> list[str]:
    """``text`` wrapped at ``width``, its later lines indented by ``hang`` more; an amount
    (``R$ 13,20``) is never cut after its ``R$``, and a word too long for a line (a path) is
    left whole rather than broken."""
    text = text.replace("R$ ", f"R${_NBSP}")
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_NBSP, " ") for line in lines] or [indent.rstrip()]


def phrases(parts: Sequence[str], indent: str, *, width: int = WIDTH) -> list[str]:
    """Phrases joined by `` · ``, wrapped between phrases only (a phrase longer than a line is
    wrapped on its own words)."""
    room = width - len(indent) - 4
    kept = [_keep_whole(p) if len(p) <= room else p for p in parts]
    return wrapped(f"{_NBSP}· ".join(kept), indent, width=width)


def _table(title: str, head: Sequence[str], lines: Sequence[TableLine | str]) -> list[str]:
    """A table under its title: the label column left, the counts and amounts right, each
    column as wide as its widest cell; a plain string among the lines is a group heading. A
    table of millions that would not fit :data:`WIDTH` says ``R$`` once, in its title, instead
    of in each cell."""
    rows = [
        [line.label, str(line.items), *line.cells] for line in lines if isinstance(line, TableLine)
    ]
    widths = _widths(head, rows)
    if 2 + sum(widths) + 2 * (len(widths) - 1) > WIDTH:
        title = f"{title} (R$)"
        rows = [[*row[:2], *(cell.replace("R$ ", "") for cell in row[2:])] for row in rows]
        widths = _widths(head, rows)

    def shaped(row: Sequence[str]) -> str:
        first = f"  {row[0]:<{widths[0]}}"
        rest = "".join(f"  {cell:>{w}}" for cell, w in zip(row[1:], widths[1:], strict=True))
        return (first + rest).rstrip()

    out = [title, shaped(head)]
    table_rows = iter(rows)
    for line in lines:
        if isinstance(line, str):
            out.extend(wrapped(line, "  "))
        else:
            out.append(shaped(next(table_rows)))
    return out


def _widths(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    return [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]


def _money_head(first: str, lang: str) -> list[str]:
    keys = (first, "items", *MONEY_COLUMNS)
    return [column_label(key, lang) for key in keys]


def _header(rec: Reconciliation, lang: str) -> list[str]:
    title = words(lang, "title")
    out = [f"{title} " + "━" * (WIDTH - len(title) - 1)]
    for line in header_lines(rec, lang):
        out.extend(wrapped(line, "  "))
    out.extend(wrapped(counts_line(rec, lang), "  "))
    for line in remark_lines(rec, lang):
        out.extend(wrapped(line, "  "))
    return out


def _totals(rec: Reconciliation, lang: str) -> list[str]:
    block = totals_block(rec, lang)
    label_w = max(len(label) for _, label, _ in block)
    value_w = max(len(value) for _, _, value in block)
    out = [words(lang, "totals")]
    out.extend(f"  {label:<{label_w}}  {value:>{value_w}}" for _, label, value in block)
    return out


def _by_service(rec: Reconciliation, lang: str) -> list[str]:
    if not rec.by_service:
        return []
    head = _money_head("service", lang)
    return _table(words(lang, "by_service"), head, service_lines(rec, lang))


def _by_guide(rec: Reconciliation, lang: str) -> list[str]:
    if not rec.by_guide:
        return []
    lines: list[TableLine | str] = []
    for title, guides in guide_groups(rec, lang):
        if title:
            lines.append(title)
        lines.extend(line for _, line in guides)
    if len(rec.by_guide) > 1:
        lines.append(total_line(rec, lang))
    return _table(words(lang, "by_guide"), _money_head("guide", lang), lines)


def _item(view: ItemView) -> list[str]:
    out = wrapped(view.title, "  ", hang="    ")
    out.extend(phrases(view.values, "    "))
    if view.problem:
        out.extend(wrapped(view.problem, "    "))
    for note in view.notes:
        out.extend(wrapped(note, "    "))
    if view.sources:
        out.extend(phrases(view.sources, "    "))
    return out


def _section(title: str, views: Sequence[ItemView]) -> list[str]:
    out = [title]
    for view in views:
        out.extend(_item(view))
    return out


def _sections(rec: Reconciliation, lang: str) -> list[list[str]]:
    out = []
    for verdict in SECTIONS:
        items = of_verdict(rec, verdict)
        if items:
            title = section_title(verdict.value, lang, len(items))
            out.append(_section(title, [reconciled_view(ri, lang) for ri in items]))
    paid = of_verdict(rec, Verdict.PAID)
    if paid:
        block = [section_title("paid", lang, len(paid)), *wrapped(paid_summary(rec, lang), "  ")]
        if len(paid) <= PAID_LISTED:
            for ri in paid:
                block.extend(_item(reconciled_view(ri, lang)))
        out.append(block)
    if rec.unmatched:
        title = section_title("unmatched", lang, len(rec.unmatched))
        out.append(_section(title, [unmatched_view(un, lang) for un in rec.unmatched]))
    if rec.unanswered:
        title = section_title("unanswered", lang, len(rec.unanswered))
        out.append(_section(title, [unanswered_view(s, lang) for s in rec.unanswered]))
    return out


def render_text(rec: Reconciliation, lang: str) -> str:
    """The whole text report: blocks separated by a blank line, no trailing blanks."""
    blocks = [_header(rec, lang), _totals(rec, lang), _by_service(rec, lang)]
    blocks += [_by_guide(rec, lang), *_sections(rec, lang)]
    text = "\n\n".join("\n".join(block) for block in blocks if block)
    return printable("\n".join(line.rstrip() for line in text.split("\n")) + "\n")
