"""What several renderers share: the order of the detail, money and dates as people read them,
paths as CI tools want them. Pure functions, no I/O.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any

from lotcheck import messages
from lotcheck.core.findings import Finding
from lotcheck.core.money import format_brl
from lotcheck.messages import Verbatim
from lotcheck.report import LotReport, Summary
from lotcheck.report.findings import Findings


class Order(StrEnum):
    """How the detail (the findings) of a lot is ordered in the reports people read.

    The payers' conference report lists services "by date or by authorization"; the default
    follows the lot itself, guide by guide.
    """

    GUIDE = "guide"
    DATE = "date"
    AUTHORIZATION = "authorization"


def _authorization_key(value: str | None) -> tuple[int, int, str]:
    # authorization numbers are digits of varying length: 900 comes before 10000
    if value is None:
        return (0, 0, "")
    return (1, len(value), value) if value.isdigit() else (2, 0, value)


def ordered(findings: Iterable[Finding], order: Order | str = Order.GUIDE) -> Sequence[Finding]:
    """The findings in the requested order; ties keep the lot's own order (stable sort).

    Findings without a date or an authorization (file-level ones) come first, like the file-level
    group of the guide order. A lot's spilled findings (thousands, see
    :mod:`lotcheck.report.findings`) are sorted the same way without being held in memory.
    """
    order = Order(order)
    if isinstance(findings, Findings) and findings.spilled:
        return findings.sorted_by(_order_key(findings, order))
    items = list(findings)
    return sorted(items, key=_order_key(items, order))


def _order_key(findings: Iterable[Finding], order: Order) -> Callable[[Finding], Any]:
    if order is Order.DATE:
        return lambda f: (f.date is not None, f.date or "")
    if order is Order.AUTHORIZATION:
        return lambda f: _authorization_key(f.authorization)
    # by guide, in the order guides first appear (the lot's order), file-level findings first
    first_seen: dict[str | None, int] = {}
    for f in findings:
        first_seen.setdefault(f.guide, len(first_seen) if f.guide is not None else -1)
    return lambda f: first_seen[f.guide]


def group_key(finding: Finding, order: Order | str) -> str | None:
    """The value the detail is grouped by in the given order (None: the file-level group)."""
    order = Order(order)
    if order is Order.DATE:
        return finding.date
    if order is Order.AUTHORIZATION:
        return finding.authorization
    return finding.guide


def money(text: str | Decimal | None, lang: str) -> str:
    """``1234.5`` -> ``R$ 1.234,50`` (pt) or ``R$ 1,234.50`` (en); ``—`` when unknown."""
    if text is None:
        return "—"
    value = Decimal(text)
    if lang == "en":
        sign = "-" if value < 0 else ""
        return f"{sign}R$ {abs(value):,.2f}"
    return format_brl(value)


def day(iso: str | None, lang: str) -> str:
    """``2023-10-10`` -> ``10/10/2023`` for a Brazilian reader; ISO in English."""
    if iso is None:
        return "—"
    return str(messages.localize(iso, lang))


def human_value(text: str | None, lang: str) -> str:
    """An expected or found value as a reader writes it (``1942.50`` -> ``1.942,50`` in
    Portuguese, a date ``dd/mm/aaaa``); codes (``22/40399999``) stay as sent; ``—`` if none."""
    if text is None:
        return "—"
    return str(messages.localize(text, lang))


def service_label(key: str, lang: str) -> str:
    """``sadt`` -> ``SP/SADT``: a service type as the conference report names it."""
    label = f"report.service.{key}"
    return messages.text(lang, label) if messages.has_text(label) else key


def guide_type_label(tag: str | None, lang: str) -> str:
    """``guiaSP-SADT`` -> ``SP/SADT``: the lot's guide type as its header says it (a type the
    catalogs do not name is shown as the lot wrote it)."""
    if not tag:
        return ""
    label = f"report.guide_type.{tag}"
    return messages.text(lang, label) if messages.has_text(label) else tag


def relative_path(path: str, root: str | None) -> str:
    """The lot path relative to ``root`` (the CLI passes the working folder), with ``/``.

    CI tools (SARIF viewers, GitHub annotations) resolve paths against the repository root; a
    path outside ``root`` is kept as it is.
    """
    pure = Path(path)
    if root is not None and pure.is_absolute():
        try:
            pure = pure.relative_to(root)
        except ValueError:
            return pure.as_posix()
    if pure.is_absolute():
        return pure.as_posix()
    return PurePath(os.path.normpath(pure)).as_posix()


def lot_facts(lot: LotReport, lang: str, quote: Callable[[str], str]) -> list[str]:
    """The lot's header facts (version, number, guides, items), each value from the lot passed
    through ``quote`` (HTML escapes them, text keeps them): one wording for every renderer."""
    facts = []
    if lot.tiss_version:
        facts.append(f"TISS {quote(lot.tiss_version)}")
    if lot.lot_number:
        facts.append(messages.text(lang, "report.lot", lot=Verbatim(quote(lot.lot_number))))
    if lot.guides:
        kind = guide_type_label(lot.guide_type, lang)
        if kind:
            shown = Verbatim(quote(kind))
            facts.append(messages.text(lang, "report.typed_guides", n=lot.guides, type=shown))
        else:
            facts.append(messages.text(lang, "report.guides", n=lot.guides))
        facts.append(messages.text(lang, "report.items", n=lot.items))
    return facts


def hash_matched(lot: LotReport, lang: str) -> str:
    """``hash do epílogo confere (UTF-8 e ISO-8859-1)``: which encoding reproduced the hash."""
    variant = lot.hash.get("matched") or ""
    shown = messages.text(lang, "report.hash.both") if variant == "both" else variant
    return messages.text(lang, "report.hash.matched", variant=Verbatim(shown))


def summary_sizes(summary: Summary) -> list[tuple[str, int]]:
    """What a batch held, as (plural key, count): files, guides, items."""
    return [("files", summary.files), ("guides", summary.guides), ("items", summary.items)]


def summary_counts(summary: Summary) -> list[tuple[str, int]]:
    """What a batch's findings were, as (plural key, count): errors, warnings, infos."""
    return [("errors", summary.errors), ("warnings", summary.warnings), ("infos", summary.infos)]


def parts_note(lang: str) -> str:
    """Said under a table that shows parts: what the difference is taken over."""
    return messages.text(lang, "report.table.parts_note")


@dataclass(frozen=True, slots=True)
class MoneyLine:
    """One printed line of a services table, its cells already formatted.

    ``kind`` is ``row`` (a service type), ``total`` or ``part``. A row whose items are partly
    priced is shown whole (items and sent only: its expected and difference cells are blank) and
    then in its two parts, so every line that shows a difference reads Enviado − Esperado =
    Diferença, and every split line is the sum of its parts.
    """

    kind: str
    label: str
    items: int
    sent: str
    expected: str
    difference: str


def _lines(
    kind: str, label: str, items: int, priced: int, row: dict[str, Any], lang: str
) -> list[MoneyLine]:
    if not 0 < priced < items:
        return [
            MoneyLine(
                kind,
                label,
                items,
                money(row["sent"], lang),
                money(row["expected"], lang),
                money(row["difference"], lang),
            )
        ]
    with_price = messages.text(lang, "report.table.priced")
    without_price = messages.text(lang, "report.table.unpriced")
    unpriced = Decimal(row["sent"]) - Decimal(row["sent_priced"])
    return [
        MoneyLine(kind, label, items, money(row["sent"], lang), "", ""),
        MoneyLine(
            "part",
            with_price,
            priced,
            money(row["sent_priced"], lang),
            money(row["expected"], lang),
            money(row["difference"], lang),
        ),
        MoneyLine("part", without_price, items - priced, money(unpriced, lang), "—", "—"),
    ]


def money_lines(rows: list[dict[str, Any]], totals: dict[str, Any], lang: str) -> list[MoneyLine]:
    """The lines of a services table (text and HTML alike): one per service type, split into
    priced and unpriced parts when it mixes them, and a total when there are several types."""
    out: list[MoneyLine] = []
    for row in rows:
        label = service_label(row["type"], lang)
        out.extend(_lines("row", label, row["items"], row["priced_items"], row, lang))
    if len(rows) > 1:
        items = sum(int(r["items"]) for r in rows)
        priced = sum(int(r["priced_items"]) for r in rows)
        total = messages.text(lang, "report.table.total")
        out.extend(_lines("total", total, items, priced, totals, lang))
    return out
