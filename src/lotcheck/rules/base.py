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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from lotcheck.contract import Contract
from lotcheck.core.codes import CodeSpec
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, LotHeader
from lotcheck.pricing.result import PricedGuide

if TYPE_CHECKING:  # the pack models (pydantic) are imported only when a lot is checked with packs
    from lotcheck.contract.packs import RulePack


class PriorBilled(Protocol):
    """What a ledger of closed lots answers for the packs' ``phase_order`` rules.

    Returns the earliest execution date on which one of ``codes`` (pack code references:
    ``"8040"`` or ``"00/8040"``) was billed for ``beneficiary`` (``numeroCarteira``) in an earlier
    lot, on ``tooth`` (codDente or codRegiao) when it is given; None when never.
    """

    def __call__(
        self, beneficiary: str, codes: frozenset[str], tooth: str | None = None
    ) -> date | None: ...


@dataclass(slots=True)
class CheckContext:
    """What a rule may know besides the guide: the lot, the contract and the run's options.

    ``header`` fills while the file streams: the ``cabecalho`` fields are there before the first
    guide; the hash only in ``finish``. ``priced`` is the pricing stage's result for the guide
    the rules are being shown (the engine sets it before each ``check_guide``; None before the
    first guide and outside the engine): rules read prices from it, never re-compute them.
    """

    path: Path
    header: LotHeader
    contract: Contract | None = None
    period: tuple[date, date] | None = None
    #: the payer rule packs the run applies (see :mod:`lotcheck.contract.packs`)
    packs: tuple[RulePack, ...] = ()
    #: the ledger of closed lots to look reuse up in (a path or URL); None: no ledger lookup
    ledger_url: str | None = None
    #: earlier lots' billing for the packs' ``phase_order`` rules; None: this lot only
    prior_billed: PriorBilled | None = None
    priced: PricedGuide | None = None


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
