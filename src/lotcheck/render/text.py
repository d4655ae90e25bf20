"""The human report (``--format text``): readable at 80 columns, streamed lot by lot.

Each lot gets the conference-report view the payers' portals print (the services by type: items,
value sent, value the contract gives, difference), then its findings ordered by guide, date or
authorization (``--order``). The batch total by service type and the counts come last, so the
report is written as the lots are checked and a batch of any size never sits in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from lotcheck import messages
from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding
from lotcheck.core.printable import printable
from lotcheck.messages import Msg, Verbatim
from lotcheck.render import Meta
from lotcheck.render.common import (
    Order,
    day,
    group_key,
    hash_matched,
    human_value,
    lot_facts,
    money_lines,
    ordered,
    parts_note,
    summary_counts,
    summary_sizes,
)
from lotcheck.report import LotReport, Report, ServiceTotals, Summary, is_partial


def _t(lang: str, key: str, **values: object) -> str:
    return messages.text(lang, f"report.{key}", **values)


_MARK = {
    Severity.ERROR: ("✗", "bold red"),
    Severity.WARNING: ("!", "yellow"),
    Severity.INFO: ("i", "cyan"),
}


def _services(
    console: Console, rows: list[dict[str, Any]], totals: dict[str, str | None], lang: str
) -> None:
    """The conference-report table: one line per service type (in its priced and unpriced parts
    when it mixes them), a total when there are several types."""

    def line(label: str, items: str, sent: str, expected: str, difference: str) -> str:
        return f"  {label:<18}{items:>7}{sent:>17}{expected:>17}{difference:>17}"

    heads = ("service", "items", "sent", "expected", "difference")
    console.print(line(*(_t(lang, f"table.{h}") for h in heads)), style="bold", highlight=False)
    lines = money_lines(rows, totals, lang)
    for entry in lines:
        label = f"  {entry.label}" if entry.kind == "part" else entry.label
        console.print(
            line(label, str(entry.items), entry.sent, entry.expected, entry.difference),
            style="bold" if entry.kind == "total" else None,
            highlight=False,
        )
    if any(entry.kind == "part" for entry in lines):
        console.print(f"  {parts_note(lang)}", style="dim", highlight=False)


def _group_title(finding: Finding, order: Order, lang: str) -> str:
    if finding.guide is not None:
        guide = _t(lang, "text.guide", guide=Verbatim(finding.guide))
    else:
        guide = _t(lang, "text.file_level")
    auth = None
    if finding.authorization:
        auth = _t(lang, "text.authorization", authorization=Verbatim(finding.authorization))
    if order is Order.DATE:
        parts = [day(finding.date, lang) if finding.date else _t(lang, "text.no_date"), guide, auth]
    elif order is Order.AUTHORIZATION:
        first = auth[0].upper() + auth[1:] if auth else _t(lang, "text.no_authorization")
        parts = [first, guide if finding.guide is not None else None]
    else:
        parts = [guide, auth]
    return " · ".join(p for p in parts if p)


def _group(finding: Finding, order: Order) -> tuple[str | None, ...]:
    return (group_key(finding, order), finding.guide, finding.authorization)


def _finding(console: Console, f: Finding, order: Order, lang: str) -> None:
    mark, style = _MARK[f.severity]
    head = Text("    ")
    head.append(mark, style=style)
    where = []
    if f.item is not None:
        where.append(_t(lang, "text.item", item=Verbatim(f.item)))
    if f.date is not None and order is not Order.DATE and f.item is not None:
        where.append(day(f.date, lang))
    if f.line is not None:
        where.append(_t(lang, "text.line", line=f.line))
    head.append(" " + "  ".join(where) + ("  " if where else ""))
    head.append(f.code, style="bold")
    if f.glosa:
        head.append("  " + _t(lang, "ci.glosa", glosa=Verbatim(f.glosa)), style="magenta")
    console.print(head, highlight=False)
    console.print(Padding(Text(f.message), (0, 0, 0, 6), expand=False), highlight=False)
    if f.expected is not None or f.found is not None:
        detail = _t(
            lang,
            "expected_found",
            expected=Verbatim(human_value(f.expected, lang)),
            found=Verbatim(human_value(f.found, lang)),
        )
        console.print(
            Padding(Text(detail, style="dim"), (0, 0, 0, 6), expand=False), highlight=False
        )


def cut_middle(text: str, room: int) -> str:
    """``text`` in at most ``room`` cells, its middle replaced by ``…``: both the folder a lot
    is in and its file name stay readable."""
    if cell_len(text) <= room:
        return text
    head: list[str] = []
    tail: list[str] = []
    used = 1  # the ellipsis
    start, end = 0, len(text) - 1
    take_head = True
    while start <= end:
        char = text[start] if take_head else text[end]
        if used + cell_len(char) > room:
            break
        used += cell_len(char)
        if take_head:
            head.append(char)
            start += 1
        else:
            tail.append(char)
            end -= 1
        take_head = not take_head
    return "".join(head) + "…" + "".join(reversed(tail))


def _title(console: Console, path: str, cut_paths: bool) -> None:
    """The lot's header rule. A path too long for the line is cut in the middle on a terminal;
    anywhere else (a file, a pipe) it is printed whole, since two lots must never get the same
    header in a report that is kept."""
    room = console.width - 2  # the rule's own space and at least one rule character
    if cell_len(path) <= room or cut_paths:
        title = Text(cut_middle(path, room), style="bold")
        console.rule(title, align="left", characters="━")
        return
    console.print(Text(path, style="bold") + Text(" ━"), soft_wrap=True, highlight=False)


def _lot(
    console: Console, lot: LotReport, lang: str, priced: bool, order: Order, cut_paths: bool
) -> None:
    _title(console, printable(lot.path), cut_paths)  # \xNN for a name that is not UTF-8
    bits = lot_facts(lot, lang, str)
    if bits:
        console.print("  " + " · ".join(bits), highlight=False)
    if lot.hash.get("matched"):
        console.print("  " + hash_matched(lot, lang), style="dim", highlight=False)
    if lot.guides and lot.services:
        _services(console, lot.services, lot.totals, lang)
        if lot.totals.get("expected") is None and not priced:
            console.print(f"  {_t(lang, 'not_priced')}", style="dim", highlight=False)
        console.print()
    if not lot.findings:
        console.print(f"  [green]✓[/green] {_t(lang, 'no_findings')}", highlight=False)
        return
    current: tuple[str | None, ...] | None = None
    for finding in ordered(lot.findings, order):
        key = _group(finding, order)
        if key != current:
            current = key
            console.print(
                Text("  " + _group_title(finding, order, lang), style="bold"), highlight=False
            )
        _finding(console, finding, order, lang)


def _summary(console: Console, summary: Summary, lang: str, partial: bool) -> None:
    console.rule(characters="━")
    sizes = [Msg(f"report.{key}", {"n": n}) for key, n in summary_sizes(summary)]
    counts = [Msg(f"report.{key}", {"n": n}) for key, n in summary_counts(summary)]
    line = _t(
        lang,
        "text.summary",
        sizes=Verbatim(", ".join(messages.render(m, lang) for m in sizes)),
        counts=Verbatim(", ".join(messages.render(m, lang) for m in counts)),
    )
    if partial:
        line += f" · {_t(lang, 'text.partial')}"
    console.print(line, highlight=False, style="bold red" if summary.errors else "bold green")


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    # rich pads wrapped lines to the console width; trailing blanks only get in a diff's way;
    # a file name that is not UTF-8 in a message (an OS error) shows as \xNN, like the title
    return printable("\n".join(line.rstrip() for line in text.split("\n")))


def iter_text(
    lots: Iterable[LotReport],
    meta: Meta,
    *,
    color: bool = False,
    width: int = 80,
    order: Order | str = Order.GUIDE,
    partial: bool | None = None,
    cut_paths: bool = False,
) -> Iterator[str]:
    """Yield the text report in chunks: one per lot, then the batch total and the summary.

    ``partial`` None asks the lots (a :class:`~lotcheck.report.LotStream`) once they are
    consumed, since an interrupted batch is only known to be partial at its end.
    ``cut_paths`` (for a terminal only) cuts a lot path too long for the width in its middle;
    without it a long path is printed whole.
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    summary = Summary()
    totals = ServiceTotals()
    priced = meta.contract is not None
    order = Order(order)
    for lot in lots:
        summary.add(lot)
        totals.add(lot)
        _lot(console, lot, meta.lang, priced, order, cut_paths)
        console.print()
        yield _take(buffer)
    if summary.files > 1 and totals.lines:
        console.rule(Text(_t(meta.lang, "batch_total"), style="bold"), align="left")
        _services(console, totals.rows(), totals.totals(), meta.lang)
        console.print()
    _summary(console, summary, meta.lang, is_partial(lots) if partial is None else partial)
    yield _take(buffer)


def render_lots(
    lots: Iterable[LotReport],
    meta: Meta,
    *,
    color: bool = False,
    width: int = 80,
    order: Order | str = Order.GUIDE,
    partial: bool | None = None,
) -> str:
    """Render lots and the batch summary as terminal text, in one string."""
    return "".join(iter_text(lots, meta, color=color, width=width, order=order, partial=partial))


def render(
    report: Report | Iterable[LotReport],
    meta: Meta,
    *,
    color: bool = False,
    width: int = 80,
    order: Order | str = Order.GUIDE,
) -> str:
    """The whole text report as one string."""
    return render_lots(report, meta, color=color, width=width, order=order)
