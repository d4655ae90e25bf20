"""What a rule is.

A rule is one small class with an ``id``, the codes it may emit (each a documented
:class:`~lotcheck.core.codes.CodeSpec`), and two generators: ``check_guide`` runs on each guide as the
lot streams by, ``finish`` runs once at the end for lot-wide checks (duplicates, lot totals). The
engine makes a fresh instance per lot, so a rule may keep per-lot state in ``self`` without any
global sink. Rules never print and never see the XML: they read :mod:`lotcheck.core.model` objects and
yield :class:`~lotcheck.core.findings.Hit` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from lotcheck.contract import Contract
from lotcheck.core.codes import CodeSpec
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind, LotHeader


@dataclass(slots=True)
class CheckContext:
    """What a rule may know besides the guide: the contract, the lot header, the options.

    ``header`` fills while the file streams: the ``cabecalho`` fields are there before the first
    guide; the hash only in ``finish``. ``extras`` carries options added by later features (billing
    period, rule packs, ledger) without changing this signature.
    """

    path: Path
    header: LotHeader
    contract: Contract | None = None
    period: tuple[date, date] | None = None
    extras: dict[str, Any] = field(default_factory=dict)


class Rule:
    """Base class: override ``check_guide`` and/or ``finish``."""

    id: ClassVar[str]
    codes: ClassVar[tuple[CodeSpec, ...]]

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    def check_guide(self, guide: Guide) -> Iterable[Hit]:
        return ()

    def finish(self) -> Iterable[Hit]:
        return ()


def date_field(item: Item) -> str:
    """The element that holds an item's execution date, for a finding to point at."""
    return {ItemKind.DENTAL: "dataRealizacao", ItemKind.CONSULTATION: "dataAtendimento"}.get(
        item.kind, "dataExecucao"
    )


def quantity_field(item: Item) -> str:
    """The element that holds an item's quantity (a consulta has none: its value element)."""
    return {ItemKind.DENTAL: "qtdProc", ItemKind.CONSULTATION: "valorProcedimento"}.get(
        item.kind, "quantidadeExecutada"
    )


def team_key(item: Item) -> str:
    """The item's team as one comparable string: its (degree, professional) pairs, sorted."""
    team = item.team
    if not team:
        return ""
    if len(team) == 1:  # the usual line: no sort, no join
        member = team[0]
        return f"{member.degree or ''}:{member.professional or ''}"
    return ";".join(sorted(f"{m.degree or ''}:{m.professional or ''}" for m in team))


def item_label(item: Item) -> str:
    """``22/40304361``: how a billing clerk names an item's code."""
    return f"{item.table or '?'}/{item.code or '?'}"
