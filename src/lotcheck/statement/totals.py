"""The remarks a statement earns when its own totals do not add up (not errors).

Why remarks and not errors: the payer's file is what it is, and its items are what the
reconciliation matches; a guide total that differs from the sum of its items (a rounding, a
payer's system that totals before a late cut) does not make an item unreadable. It is said,
so that whoever reads the reconciliation knows the payer's own totals disagree with its lines.

Form-agnostic (plain :mod:`lotcheck.statement.types` values in, :class:`Msg` out), so every
reader (XML, CSV, XLSX) can say the same thing the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from lotcheck.core.money import sum_or_none
from lotcheck.messages import Msg, Verbatim
from lotcheck.statement.types import StatementGuide, StatementItem, StatementProtocol

#: the four totals every level carries, by the field name of the statement types
FIELDS = ("informed", "processed", "released", "denied")


def _item_value(item: StatementItem, name: str) -> Decimal | None:
    return item.denied_value if name == "denied" else getattr(item, name)


def _at(line: int | None) -> Msg | str:
    return Msg("statement.remark.at", {"line": line}) if line is not None else ""


def _differences(
    stated_by: object,
    parts: Sequence[Any],
    value_of: Callable[[Any, str], Decimal | None],
    names: Sequence[str],
) -> list[tuple[str, Decimal, Decimal]]:
    """(field, stated, summed) for each total of ``stated_by`` that differs from its parts."""
    out = []
    for name in names:
        stated = getattr(stated_by, name)
        if stated is None:
            continue
        total = sum_or_none(value_of(part, name) for part in parts)
        if total is not None and total != stated:
            out.append((name, stated, total))
    return out


def guide_remarks(guide: StatementGuide) -> list[Msg]:
    """A guide's totals against the sum of its items (a guide without items: none)."""
    if not guide.items:
        return []
    return [
        Msg(
            "statement.remark.guide_total",
            {
                "guide": Verbatim(guide.provider_number or "?"),
                "at": _at(guide.line),
                "field": Msg(f"statement.field.{name}"),
                "stated": stated,
                "summed": total,
                "n": len(guide.items),
            },
        )
        for name, stated, total in _differences(guide, guide.items, _item_value, FIELDS)
    ]


def protocol_remarks(protocol: StatementProtocol) -> list[Msg]:
    """A protocol's totals against the sum of its guides' totals (none without guides)."""
    if not protocol.guides:
        return []
    return [
        Msg(
            "statement.remark.protocol_total",
            {
                "protocol": Verbatim(protocol.protocol or protocol.lot_number or "?"),
                "at": _at(protocol.line),
                "field": Msg(f"statement.field.{name}"),
                "stated": stated,
                "summed": total,
                "n": len(protocol.guides),
            },
        )
        for name, stated, total in _differences(protocol, protocol.guides, getattr, FIELDS)
    ]


def statement_remarks(
    totals: object, protocols: Sequence[StatementProtocol], line: int | None
) -> list[Msg]:
    """The statement's general totals (``totals`` has the four :data:`FIELDS`) against the
    sum of its protocols'."""
    if not protocols:
        return []
    return [
        Msg(
            "statement.remark.statement_total",
            {
                "at": _at(line),
                "field": Msg(f"statement.field.{name}"),
                "stated": stated,
                "summed": total,
                "n": len(protocols),
            },
        )
        for name, stated, total in _differences(totals, protocols, getattr, FIELDS)
    ]


def all_remarks(protocols: Sequence[StatementProtocol]) -> list[Msg]:
    """Every guide's and protocol's remarks, in file order."""
    out: list[Msg] = []
    for protocol in protocols:
        for guide in protocol.guides:
            out.extend(guide_remarks(guide))
        out.extend(protocol_remarks(protocol))
    return out
