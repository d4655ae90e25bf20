"""The human report (``--format text``): rich, grouped by guide, readable at 80 columns."""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from lotcheck.codes import Severity
from lotcheck.findings import Finding
from lotcheck.money import format_brl
from lotcheck.render import Meta
from lotcheck.report import LotReport, Report, Summary

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
    },
}
_MARK = {
    Severity.ERROR: ("✗", "bold red"),
    Severity.WARNING: ("!", "yellow"),
    Severity.INFO: ("i", "cyan"),
}


def _money(text: str | None, lang: str) -> str:
    if text is None:
        return "—"
    value = Decimal(text)
    return format_brl(value) if lang != "en" else f"R$ {value:,.2f}"


def _lot(console: Console, lot: LotReport, lang: str, priced: bool) -> None:
    w = _WORDS[lang]
    title = Text(lot.path, style="bold")
    console.rule(title, align="left", characters="━")
    bits = []
    if lot.tiss_version:
        bits.append(f"TISS {lot.tiss_version}")
    if lot.lot_number:
        bits.append(f"{w['lot']} {lot.lot_number}")
    if lot.guides:
        bits.append(f"{lot.guides} {w['guides']} {lot.guide_type or ''}".rstrip())
        bits.append(f"{lot.items} {w['items']}")
    if bits:
        console.print("  " + " · ".join(bits), highlight=False)
    if lot.guides:
        totals = lot.totals
        line = f"  {w['sent']} {_money(totals['sent'], lang)}"
        if totals.get("expected") is not None:
            line += f" · {w['expected']} {_money(totals['expected'], lang)}"
            line += f" · {w['difference']} {_money(totals['difference'], lang)}"
        elif not priced:
            line += f" · {w['not_priced']}"
        console.print(line, highlight=False)
    if lot.hash.get("matched"):
        console.print(
            "  " + w["hash_ok"].format(variant=lot.hash["matched"]), style="dim", highlight=False
        )
    if not lot.findings:
        console.print(f"  [green]✓[/green] {w['ok']}", highlight=False)
        return
    groups: dict[str | None, list[Finding]] = {}
    for finding in lot.findings:
        groups.setdefault(finding.guide, []).append(finding)
    for guide, findings in groups.items():
        label = f"{w['guide']} {guide}" if guide is not None else w["file_level"]
        console.print(f"  [bold]{label}[/bold]", highlight=False)
        for f in findings:
            mark, style = _MARK[f.severity]
            head = Text("    ")
            head.append(mark, style=style)
            where = []
            if f.item is not None:
                where.append(f"{w['item']} {f.item}")
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
        line += " · PARCIAL (interrompido)" if lang != "en" else " · PARTIAL (interrupted)"
    console.print(line, highlight=False, style="bold red" if summary.errors else "bold green")


def render_lots(
    lots: Iterable[LotReport],
    meta: Meta,
    *,
    color: bool = False,
    width: int = 80,
    partial: bool = False,
) -> str:
    """Render lots and the batch summary as terminal text."""
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
    priced = meta.contract is not None
    for lot in lots:
        summary.add(lot)
        _lot(console, lot, meta.lang, priced)
        console.print()
    _summary(console, summary, meta.lang, partial)
    # rich pads wrapped lines to the console width; trailing blanks only get in a diff's way
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def render(report: Report, meta: Meta, *, color: bool = False, width: int = 80) -> str:
    """The whole text report as one string."""
    return render_lots(report.lots, meta, color=color, width=width, partial=report.partial)
