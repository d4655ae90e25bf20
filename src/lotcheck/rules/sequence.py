"""``sequencialItem`` numbers the lines of each item list 1..n, without gaps or repeats.

The payer's denials and the provider's appeals (recurso de glosa) name an item by its
``sequencialItem``; a repeated number makes an appeal ambiguous and a gap makes a clerk look for a
line that is not there. Procedures and ``outrasDespesas`` are separate lists, each numbered from 1;
an odonto guide's ``procedimentosExecutados`` are one list; a consulta has none.

The numbers are read as a set, not in order (a generator may list item 3 before item 2): each
repeat is reported at the second line that carries the number, naming the first; the missing
numbers below the highest one are reported once, at the line after the gap; a number that is not a
positive integer is reported at its line.

One name for it everywhere: the code ``sequence.invalid`` (it was ``guide.sequence``, still
accepted as an alias), the rule ``sequence`` (was ``item_sequence``), the class :class:`Sequence`
and the message fragments ``fragment.sequence.*``.
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind
from lotcheck.messages import Msg, Verbatim
from lotcheck.rules.base import Rule

CODES = register(
    CodeSpec(
        code="sequence.invalid",
        aliases=("guide.sequence",),
        severity=Severity.ERROR,
        glosa="3167",
        doc="Within each item list of a guide (procedures, other expenses, dental lines) "
        "`sequencialItem` must run 1..n: no repeats, no gaps, positive integers. Denials and "
        "appeals name items by this number, so a repeat makes them ambiguous (glosa 3167, "
        "invalid sequential number).",
        example="Procedures numbered 1, 2, 2, 4: a repeat of 2 at the third line and a gap (3) "
        "at the fourth.",
    ),
)

#: each item list and how a message names it (``fragment.sequence.list.<name>``)
_LISTS = {
    ItemKind.PROCEDURE: "procedures",
    ItemKind.OTHER_EXPENSE: "other_expenses",
    ItemKind.DENTAL: "dental",
}


class Sequence(Rule):
    """``sequencialItem`` runs 1..n in each item list of a guide (``sequence.invalid``)."""

    id = "sequence"
    codes = CODES

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        lists: dict[ItemKind, list[Item]] = {}
        for item in guide.items:
            if item.kind in _LISTS:
                lists.setdefault(item.kind, []).append(item)
        for kind in _LISTS:  # the lists in a fixed order, whatever the document order
            if kind in lists:
                yield from self._check_list(guide, kind, lists[kind])

    def _check_list(self, guide: Guide, kind: ItemKind, items: list[Item]) -> Iterator[Hit]:
        numbered: dict[int, Item] = {}
        for item in items:
            raw = item.sequence
            # isascii: '²' is a digit to str.isdigit() but not to int()
            number = int(raw) if raw is not None and raw.isascii() and raw.isdigit() else 0
            if number <= 0:
                yield self._hit(guide, item, kind, Msg("fragment.sequence.not_positive"))
                continue
            first = numbered.get(number)
            if first is not None:
                yield self._hit(
                    guide,
                    item,
                    kind,
                    Msg("fragment.sequence.repeated", {"line": first.line}),
                )
                continue
            numbered[number] = item
        # distinct positive numbers run 1..n exactly when the highest is their count
        if not numbered or max(numbered) == len(numbered):
            return
        missing, count = _missing(sorted(numbered))
        after = numbered[min(n for n in numbered if n > missing[0])]
        gap = ", ".join(map(str, missing))
        shown: object = Verbatim(gap)
        if count > len(missing):
            shown = Msg("fragment.sequence.gap_more", {"gap": gap, "more": count - len(missing)})
        yield self._hit(
            guide,
            after,
            kind,
            Msg("fragment.sequence.gap", {"gap": shown}),
            expected=gap if count == len(missing) else f"{gap}…",
        )

    def _hit(
        self,
        guide: Guide,
        item: Item,
        kind: ItemKind,
        problem: Msg,
        expected: str | None = None,
    ) -> Hit:
        number = Verbatim(item.sequence) if item.sequence else Msg("fragment.sequence.absent")
        return Hit(
            "sequence.invalid",
            {
                "number": number,
                "problem": problem,
                "list": Msg(f"fragment.sequence.list.{_LISTS[kind]}"),
            },
            expected=expected,
            found=item.sequence,
            guide=guide,
            item=item,
            field="sequencialItem",
        )


#: at most this many missing numbers are listed; the rest are counted
MAX_LISTED = 20


def _missing(numbers: list[int]) -> tuple[list[int], int]:
    """The first :data:`MAX_LISTED` numbers missing from 1..max(numbers), and how many are.

    Walks the gaps between the sorted numbers instead of the range itself: an item numbered
    999999999999 (the XSD allows 4 digits, a broken file does not care) costs nothing.
    """
    listed: list[int] = []
    count = 0
    previous = 0
    for number in numbers:
        gap = number - previous - 1
        if gap > 0:
            count += gap
            room = MAX_LISTED - len(listed)
            listed.extend(range(previous + 1, previous + 1 + min(gap, room)))
        previous = number
    return listed, count
