"""Which item sent a statement item answers: the guide first, then the item in it.

The guide, by the statement's provider guide number (``numeroGuiaPrestador``), else by its
operator guide number (``numeroGuiaOperadora``). A number that several guides of the lots carry
(two lots, or one lot that bills it twice) is told apart by the protocol's lot number
(``numeroLotePrestador`` against the lot's ``numeroLote``), then by the other guide number;
what still has more than one guide is ambiguous, with the count. No guide at all: ``no_guide``.

The item, in that guide, by ``sequencialItem`` (with the same code, when both sides give one:
a payer that renumbers the items must not pair two different procedures), then by code and
execution date (the date when the statement gives one, the table when both give it). Items
still alike (a surgical team: the same code on the same day, and a statement with no
``sequencialItem``, as 3.02.02 and many CSV layouts are) are told apart by the participation
degree when the statement gives one, then by the value informed being the value sent, each
applied only when it keeps at least one. More than one item fitting is ambiguous; none is
``no_item``. An item sent answers one statement item only:
once matched it is taken, and a later statement item that fits it alone is ambiguous (answered
twice) rather than counted twice.

Numbers and codes are compared as written, without blanks around them; one made of digits (a
guide, lot or sequence number, a table or a procedure code) compares as a number (``01`` is
``1``: a payer's spreadsheet keeps the lot's guide ``0001001`` as the number 1001).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from lotcheck.reconcile.lots import LotSide, SentGuide
from lotcheck.reconcile.types import MatchProblem, SentItem
from lotcheck.statement.types import StatementGuide, StatementItem


@dataclass(frozen=True, slots=True)
class Found:
    """A match: the position found (a guide in ``LotSide.guides``, an item in
    ``LotSide.items``), or the problem and how many fitted."""

    at: int | None
    problem: MatchProblem | None = None
    candidates: int = 0


def _key(value: str | None) -> str | None:
    text = value.strip() if value is not None else ""
    return text or None


def _number(value: str | None) -> str | None:
    """``value`` as matched: stripped, and made of digits, as a number."""
    text = _key(value)
    if text is not None and text.isdigit() and text.isascii():
        return str(int(text))
    return text


@dataclass(slots=True)
class Matcher:
    """The lots' guides indexed by both numbers, and the items already matched."""

    side: LotSide
    by_number: dict[str, list[int]] = field(default_factory=dict)
    by_operator: dict[str, list[int]] = field(default_factory=dict)
    taken: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        for at, guide in enumerate(self.side.guides):
            for index, value in (
                (self.by_number, guide.number),
                (self.by_operator, guide.operator_number),
            ):
                key = _number(value)
                if key is not None:
                    index.setdefault(key, []).append(at)

    def guide(self, lot_number: str | None, wanted: StatementGuide) -> Found:
        """The guide sent that ``wanted`` (of a protocol for lot ``lot_number``) is about."""
        routes = (
            (self.by_number, wanted.provider_number, wanted.operator_number, False),
            (self.by_operator, wanted.operator_number, wanted.provider_number, True),
        )
        for index, value, other, by_operator in routes:
            key = _number(value)
            found = index.get(key, []) if key is not None else []
            if not found:
                continue
            if len(found) > 1:
                found = self._narrow(found, lot_number, other, by_operator)
            if len(found) == 1:
                return Found(found[0])
            return Found(None, MatchProblem.AMBIGUOUS, len(found))
        return Found(None, MatchProblem.NO_GUIDE)

    def _narrow(
        self, found: list[int], lot_number: str | None, other: str | None, by_operator: bool
    ) -> list[int]:
        """The guides of ``found`` that the protocol's lot number, then the other guide number
        (the provider's when found by the operator's, and back), single out; each applied only
        when it keeps at least one."""
        guides = self.side.guides
        lot, number = _number(lot_number), _number(other)
        if lot is not None:
            found = [at for at in found if _number(guides[at].lot_number) == lot] or found
        if number is not None:
            found = [
                at
                for at in found
                if _number(guides[at].number if by_operator else guides[at].operator_number)
                == number
            ] or found
        return found

    def item(self, guide: SentGuide, wanted: StatementItem) -> Found:
        """The item of ``guide`` that ``wanted`` answers; taken once found."""
        items = self.side.items
        fitting: list[int] = []
        sequence = _number(wanted.sequence)
        if sequence is not None:
            fitting = [
                at
                for at in guide.items
                if _number(items[at].sequence) == sequence and _same_code(wanted, items[at])
            ]
            if len(fitting) > 1:
                fitting = [at for at in fitting if _fits(wanted, items[at])] or fitting
        if not fitting and _key(wanted.code) is not None:
            fitting = [at for at in guide.items if _fits(wanted, items[at])]
        if not fitting:
            return Found(None, MatchProblem.NO_ITEM)
        free = [at for at in fitting if at not in self.taken]
        if len(free) > 1:
            free = _tell_apart(wanted, free, items)
        if len(free) == 1:
            self.taken.add(free[0])
            return Found(free[0])
        return Found(None, MatchProblem.AMBIGUOUS, len(fitting))

    def free(self, guide: SentGuide) -> list[int]:
        """The items of ``guide`` that no statement item answered yet (a statement guide with
        no item lines answers them as a whole: :mod:`~lotcheck.reconcile.whole`)."""
        return [at for at in guide.items if at not in self.taken]

    def take(self, positions: Sequence[int]) -> None:
        self.taken.update(positions)

    def unanswered(self) -> Sequence[SentItem]:
        """The items sent that no statement item matched, in lot order."""
        taken = self.taken
        return [item for at, item in enumerate(self.side.items) if at not in taken]


def _same_code(wanted: StatementItem, sent: SentItem) -> bool:
    mine, theirs = _number(wanted.code), _number(sent.code)
    return mine is None or theirs is None or mine == theirs


def _tell_apart(wanted: StatementItem, free: list[int], items: Sequence[SentItem]) -> list[int]:
    """The items of ``free`` with the statement's degree (among the item's team), then those
    sent at the value it informed; each applied only when it keeps at least one."""
    degree = _key(wanted.degree)
    if degree is not None:
        free = [
            at for at in free if degree in (d.strip() for d in (items[at].degree or "").split(","))
        ] or free
    if wanted.informed is not None:
        free = [at for at in free if items[at].sent == wanted.informed] or free
    return free


def _fits(wanted: StatementItem, sent: SentItem) -> bool:
    """Same code; same date when the statement gives one; same table when both give one."""
    code = _number(wanted.code)
    if code is None or code != _number(sent.code):
        return False
    if wanted.date is not None and wanted.date != sent.date:
        return False
    table, sent_table = _number(wanted.table), _number(sent.table)
    return table is None or sent_table is None or table == sent_table
