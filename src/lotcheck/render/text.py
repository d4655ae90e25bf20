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

from lotcheck.codes import Severity
from lotcheck.findings import Finding
from lotcheck.printable import printable
from lotcheck.render import Meta
from lotcheck.render.common import (
    PARTS_NOTE,
    Order,
    day,
    group_key,
    lot_facts,
    money_lines,
    ordered,
)
from lotcheck.report import LotReport, Report, ServiceTotals, Summary, is_partial

_WORDS = {
    "pt": {
        "lot": "lote",
        "guides": "guias",
        "items": "itens",
        "sent": "Enviado",
        "expected": "Esperado",
        "difference": "Diferença",
        "guide": "Guia",
        "file_level": "Arquivo",
        "item": "item",
        "line": "linha",
        "exp": "esperado",
        "found": "enviado",
        "ok": "Nenhum problema encontrado.",
        "summary": "Resumo",
        "files": "arquivos",
        "files_1": "arquivo",
        "guides_1": "guia",
        "items_1": "item",
        "errors": "erros",
        "errors_1": "erro",
        "warnings": "avisos",
        "warnings_1": "aviso",
        "infos": "informações",
        "infos_1": "informação",
        "hash_ok": "hash do epílogo confere ({variant})",
        "not_priced": "sem contrato: valores não conferidos com a tabela",
        "service": "Serviço",
        "total": "Total",
        "batch_total": "Total do processamento",
        "authorization": "autorização",
        "no_date": "Sem data",
        "no_authorization": "Sem autorização",
        "partial": "PARCIAL (interrompido)",
    },
    "en": {
        "lot": "lot",
        "guides": "guides",
        "items": "items",
        "sent": "Sent",
        "expected": "Expected",
        "difference": "Difference",
        "guide": "Guide",
        "file_level": "File",
        "item": "item",
        "line": "line",
        "exp": "expected",
        "found": "found",
        "ok": "No problem found.",
        "summary": "Summary",
        "files": "files",
        "files_1": "file",
        "guides_1": "guide",
        "items_1": "item",
        "errors": "errors",
        "errors_1": "error",
        "warnings": "warnings",
        "warnings_1": "warning",
        "infos": "infos",
        "infos_1": "info",
        "hash_ok": "epílogo hash matches ({variant})",
        "not_priced": "no contract: values not checked against a table",
        "service": "Service",
        "total": "Total",
        "batch_total": "Batch total",
        "authorization": "authorization",
        "no_date": "No date",
        "no_authorization": "No authorization",
        "partial": "PARTIAL (interrupted)",
    },
}
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
    w = _WORDS[lang]

    def line(label: str, items: str, sent: str, expected: str, difference: str) -> str:
        return f"  {label:<18}{items:>7}{sent:>17}{expected:>17}{difference:>17}"

    console.print(
        line(w["service"], w["items"].capitalize(), w["sent"], w["expected"], w["difference"]),
        style="bold",
        highlight=False,
    )
    lines = money_lines(rows, totals, lang)
    for entry in lines:
        label = f"  {entry.label}" if entry.kind == "part" else entry.label
        console.print(
            line(label, str(entry.items), entry.sent, entry.expected, entry.difference),
            style="bold" if entry.kind == "total" else None,
            highlight=False,
        )
    if any(entry.kind == "part" for entry in lines):
        console.print(f"  {PARTS_NOTE[lang]}", style="dim", highlight=False)


def _group_title(finding: Finding, order: Order, lang: str) -> str:
    w = _WORDS[lang]
    guide = f"{w['guide']} {finding.guide}" if finding.guide is not None else w["file_level"]
    auth = f"{w['authorization']} {finding.authorization}" if finding.authorization else None
    if order is Order.DATE:
        parts = [day(finding.date, lang) if finding.date else w["no_date"], guide, auth]
    elif order is Order.AUTHORIZATION:
        first = auth.capitalize() if auth else w["no_authorization"]
        parts = [first, guide if finding.guide is not None else None]
    else:
        parts = [guide, auth]
    return " · ".join(p for p in parts if p)


def _group(finding: Finding, order: Order) -> tuple[str | None, ...]:
    return (group_key(finding, order), finding.guide, finding.authorization)


def _finding(console: Console, f: Finding, order: Order, lang: str) -> None:
    w = _WORDS[lang]
    mark, style = _MARK[f.severity]
    head = Text("    ")
    head.append(mark, style=style)
    where = []
    if f.item is not None:
        where.append(f"{w['item']} {f.item}")
    if f.date is not None and order is not Order.DATE and f.item is not None:
        where.append(day(f.date, lang))
    if f.line is not None:
        where.append(f"{w['line']} {f.line}")
    head.append(" " + "  ".join(where) + ("  " if where else ""))
    head.append(f.code, style="bold")
    if f.glosa:
        head.append(f"  glosa {f.glosa}", style="magenta")
    console.print(head, highlight=False)
    console.print(Padding(Text(f.message), (0, 0, 0, 6), expand=False), highlight=False)
    if f.expected is not None or f.found is not None:
        detail = (
            f"{w['exp']}: {f.expected if f.expected is not None else '—'} · "
            f"{w['found']}: {f.found if f.found is not None else '—'}"
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
    w = _WORDS[lang]
    _title(console, printable(lot.path), cut_paths)  # \xNN for a name that is not UTF-8
    bits = lot_facts(lot, w["lot"], w["guides"], w["items"], str)
    if bits:
        console.print("  " + " · ".join(bits), highlight=False)
    if lot.hash.get("matched"):
        console.print(
            "  " + w["hash_ok"].format(variant=lot.hash["matched"]), style="dim", highlight=False
        )
    if lot.guides and lot.services:
        _services(console, lot.services, lot.totals, lang)
        if lot.totals.get("expected") is None and not priced:
            console.print(f"  {w['not_priced']}", style="dim", highlight=False)
        console.print()
    if not lot.findings:
        console.print(f"  [green]✓[/green] {w['ok']}", highlight=False)
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
    w = _WORDS[lang]
    console.rule(characters="━")
    counts = [
        (summary.files, "files"),
        (summary.guides, "guides"),
        (summary.items, "items"),
        (summary.errors, "errors"),
        (summary.warnings, "warnings"),
        (summary.infos, "infos"),
    ]
    parts = [f"{n} {w[key] if n != 1 else w[key + '_1']}" for n, key in counts]
    line = f"{w['summary']}: {', '.join(parts[:3])} · {', '.join(parts[3:])}"
    if partial:
        line += f" · {w['partial']}"
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
        console.rule(Text(_WORDS[meta.lang]["batch_total"], style="bold"), align="left")
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
