"""What the reconciliation's text and HTML reports both say about the whole: worded once.

:mod:`~lotcheck.render.reconcile_text` and :mod:`~lotcheck.render.reconcile_html` lay the same
facts out differently (lines at 100 columns, tables on a printable page), so the facts are put
into words here: the statement's header, the counts, the totals and the table lines by service
type and by guide, every cell already in the reader's language (``R$ 1.234,56`` and
``dd/mm/aaaa`` in Portuguese); the items are worded in :mod:`~lotcheck.render.reconcile_items`.
The strings are plain text; the HTML escapes them. Everything taken from the statement or the
lots may be hostile or not UTF-8, so it is passed through
:func:`clean` (:func:`~lotcheck.core.printable.printable`, control characters escaped) and given to the catalog as
:class:`~lotcheck.messages.Verbatim` (a guide number is never read as a date or a decimal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lotcheck import messages
from lotcheck.core.printable import printable
from lotcheck.messages import Verbatim
from lotcheck.reconcile.types import (
    GuideTotals,
    Reconciliation,
    Totals,
    Verdict,
)
from lotcheck.render.common import day, money, service_label

#: the sections of matched items, in the order the reports show them (paid is counted apart)
SECTIONS: tuple[Verdict, ...] = (
    Verdict.CONTESTABLE,
    Verdict.FORESEEABLE,
    Verdict.UNCHECKED,
    Verdict.OVERPAID,
)
#: paid items are listed one by one only up to this many; beyond, one line counts them
PAID_LISTED = 5
#: the money columns of the totals and of the tables, in order (their ``col.*`` words)
MONEY_COLUMNS: tuple[str, ...] = ("sent", "contracted", "released", "denied", "recoverable")


def words(lang: str, key: str, **values: object) -> str:
    """The ``reconcile.report.<key>`` text of the catalogs."""
    return messages.text(lang, f"reconcile.report.{key}", **values)


#: control characters (but tab and newline, which wrap as spaces): a statement's text holding
#: a terminal escape (``\\x1b[2J``) must not clear the clerk's screen
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: str) -> str:
    """A text from the statement or the lots as a report may show it: a file name's bytes that
    are not UTF-8 and every control character written ``\\xNN``, the rest as it is."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", printable(value))


def verbatim(value: str | None) -> Verbatim:
    """A value from the statement or the lots, as it was written (:func:`clean`)."""
    return Verbatim(clean(value or ""))


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def verdict_label(verdict: Verdict, lang: str) -> str:
    """``contestável``, ``glosa prevista``…: the verdict as a clerk says it."""
    return words(lang, f"verdict.{verdict.value}")


def section_title(key: str, lang: str, count: int) -> str:
    """A section's heading with its count: ``Contestáveis: … (2)``."""
    return f"{words(lang, f'section.{key}')} ({count})"


# --- the header -------------------------------------------------------------------------------


def header_lines(rec: Reconciliation, lang: str) -> list[str]:
    """The statement, the payer, its number and date, the lots and the contract, one per line
    (a fact the statement does not carry is left out, never invented)."""
    lines = [
        words(
            lang,
            "head.statement",
            path=verbatim(rec.statement_path),
            form=Verbatim(rec.statement_form.upper()),
        )
    ]
    payer: list[str] = []
    if rec.operator_name:
        payer.append(verbatim(rec.operator_name))
    if rec.registro_ans:
        payer.append(words(lang, "head.registro", registro=verbatim(rec.registro_ans)))
    if payer:
        lines.append(words(lang, "head.payer", name=Verbatim(" · ".join(payer))))
    identity = []
    if rec.statement_number:
        identity.append(words(lang, "head.number", number=verbatim(rec.statement_number)))
    if rec.issued is not None:
        identity.append(words(lang, "head.issued", date=Verbatim(when(rec.issued, lang))))
    if identity:
        lines.append(capitalized(" · ".join(identity)))
    if rec.lots:
        shown = Verbatim(", ".join(clean(path) for path in rec.lots))
        lines.append(words(lang, "lots", n=len(rec.lots), lots=shown))
    if rec.contract:
        lines.append(words(lang, "head.contract", contract=verbatim(rec.contract)))
    else:
        lines.append(words(lang, "head.no_contract"))
    return lines


def remark_lines(rec: Reconciliation, lang: str) -> list[str]:
    """The statement's own totals that do not add up, one line each (the reader's remarks)."""
    return [
        words(lang, "remark", remark=Verbatim(clean(messages.render(remark, lang))))
        for remark in rec.remarks
    ]


def counts_line(rec: Reconciliation, lang: str) -> str:
    """``9 itens do demonstrativo: 2 pagos, 1 pago a mais, … · 2 itens enviados sem resposta``."""
    statement_items = len(rec.items) + len(rec.unmatched)
    verdicts = ", ".join(
        words(lang, f"count.{v.value}", n=rec.count(v))
        for v in (Verdict.PAID, Verdict.OVERPAID, *SECTIONS[:3])
    )
    parts = [f"{words(lang, 'count.items', n=statement_items)}: {verdicts}"]
    parts.append(words(lang, "count.unmatched", n=len(rec.unmatched)))
    parts.append(words(lang, "count.unanswered", n=len(rec.unanswered)))
    return " · ".join(parts)


# --- totals and tables ------------------------------------------------------------------------


def when(value: date | None, lang: str) -> str:
    """A date as the reader writes it (``10/10/2023``; ISO in English), ``—`` when unknown."""
    return day(value.isoformat() if value is not None else None, lang)


def money_cells(totals: Totals, lang: str) -> tuple[str, ...]:
    """Sent, contracted, released, denied and recoverable as the reader writes money."""
    return tuple(money(getattr(totals, column), lang) for column in MONEY_COLUMNS)


def column_label(key: str, lang: str) -> str:
    return words(lang, f"col.{key}")


def totals_block(rec: Reconciliation, lang: str) -> list[tuple[str, str, str]]:
    """The totals as (column key, label, money): enviado, contratado, liberado, glosado,
    recuperável."""
    cells = money_cells(rec.totals, lang)
    return [
        (key, column_label(key, lang), cell) for key, cell in zip(MONEY_COLUMNS, cells, strict=True)
    ]


@dataclass(frozen=True, slots=True)
class TableLine:
    """One line of the tables by service type or by guide, its cells formatted; ``kind`` is
    ``row`` or ``total``."""

    kind: str
    label: str
    items: int
    cells: tuple[str, ...]


def service_lines(rec: Reconciliation, lang: str) -> list[TableLine]:
    """One line per service type (in the pricing stage's order), and the total when there
    are several."""
    out = [
        TableLine("row", service_label(key, lang), totals.items, money_cells(totals, lang))
        for key, totals in rec.by_service
    ]
    if len(out) > 1:
        out.append(total_line(rec, lang))
    return out


def total_line(rec: Reconciliation, lang: str) -> TableLine:
    return TableLine("total", words(lang, "total"), rec.totals.items, money_cells(rec.totals, lang))


def guide_number(provider: str | None, operator: str | None, lang: str) -> str:
    """The provider's guide number, else the payer's (said so), else ``—``."""
    if provider:
        return clean(provider)
    if operator:
        return words(lang, "operator_guide", guide=verbatim(operator))
    return "—"


def guide_group(guide: GuideTotals, lang: str) -> str:
    """What the guides of one protocol share: ``protocolo 5550001 · lote lotes/lote-1002.xml``."""
    parts = []
    if guide.protocol:
        parts.append(words(lang, "protocol", protocol=verbatim(guide.protocol)))
    if guide.lot_path:
        parts.append(words(lang, "source.lot", path=verbatim(guide.lot_path)))
    return " · ".join(parts)


def guide_groups(
    rec: Reconciliation, lang: str
) -> list[tuple[str, list[tuple[GuideTotals, TableLine]]]]:
    """The guides in the statement's order, cut into runs of one protocol and lot (the
    conference report's grouping), each guide with its table line."""
    groups: list[tuple[str, list[tuple[GuideTotals, TableLine]]]] = []
    for guide in rec.by_guide:
        label = guide_number(guide.guide_number, guide.operator_number, lang)
        line = TableLine("row", label, guide.totals.items, money_cells(guide.totals, lang))
        title = guide_group(guide, lang)
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append((guide, line))
    return groups
