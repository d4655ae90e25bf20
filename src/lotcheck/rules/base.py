"""What a rule is.

A rule is one small class with an ``id``, the codes it may emit (each a documented
:class:`~lotcheck.core.codes.CodeSpec`), and two generators: ``check_guide`` runs on each guide as the
lot streams by, ``finish`` runs once at the end for lot-wide checks (duplicates, lot totals). The
engine makes a fresh instance per lot, so a rule may keep per-lot state in ``self`` without any
global sink. Rules never print and never see the XML: they read :mod:`lotcheck.core.model` objects and
yield :class:`~lotcheck.core.findings.Hit` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from lotcheck.contract import Contract
from lotcheck.core.codes import CodeSpec
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, LotHeader
from lotcheck.eligibility.types import Eligibility
from lotcheck.messages import Msg
from lotcheck.pricing.result import PricedGuide

if TYPE_CHECKING:  # the pack models (pydantic) are imported only when a lot is checked with packs
    from lotcheck.contract.packs import RulePack
    from lotcheck.ledger.records import Reuse


class LedgerUnavailable(Exception):
    """The ledger could not answer for this lot. ``reason`` says why, worded later in the
    reader's language (a rule does not know it)."""

    def __init__(self, reason: Msg) -> None:
        super().__init__(reason.key)
        self.reason = reason


class LedgerView(Protocol):
    """What a rule may ask the ledger of closed lots.

    The engine gives the rules one (:class:`lotcheck.engine.ledger_view.LedgerLookup`) when a check
    runs with a ledger, so a rule never opens a database, never imports the ledger's machinery and
    can be tested with a small fake. :meth:`find_reuse` raises :class:`LedgerUnavailable` when
    the ledger cannot answer.
    """

    def find_reuse(self, path: Path, header: LotHeader, guides: Sequence[Guide]) -> list[Reuse]:
        """The recorded keys (authorization, password, guide number) of earlier closed lots that
        ``guides`` of this lot carry again."""
        ...


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
    #: the ledger of closed lots, when the check runs with one; None: no history is asked
    ledger: LedgerView | None = None
    priced: PricedGuide | None = None
    #: the eligibility folder loaded (who is covered, what was authorized); None: the
    #: eligibility, waiting and authorization-file checks do nothing
    eligibility: Eligibility | None = None


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
