"""``sequencialItem`` numbers the lines of each item list 1..n, without gaps or repeats.

The payer's denials and the provider's appeals (recurso de glosa) name an item by its
``sequencialItem``; a repeated number makes an appeal ambiguous and a gap makes a clerk look for a
line that is not there. Procedures and ``outrasDespesas`` are separate lists, each numbered from 1;
an odonto guide's ``procedimentosExecutados`` are one list; a consulta has none.

The numbers are read as a set, not in order (a generator may list item 3 before item 2): each
repeat is reported at the second line that carries the number, naming the first; the missing
numbers below the highest one are reported once, at the line after the gap; a number that is not a
positive integer is reported at its line.
"""

from __future__ import annotations

from collections.abc import Iterator

from lotcheck.codes import CodeSpec, Severity, register
from lotcheck.findings import Hit
from lotcheck.model import Guide, Item, ItemKind
from lotcheck.rules.base import Rule

CODES = register(
    CodeSpec(
        code="guide.sequence",
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

_LISTS = {
    ItemKind.PROCEDURE: ("de procedimentos", "procedures"),
    ItemKind.OTHER_EXPENSE: ("de outras despesas", "other expenses"),
    ItemKind.DENTAL: ("de procedimentos odontológicos", "dental procedures"),
}


class ItemSequence(Rule):
    """``sequencialItem`` runs 1..n in each item list of a guide (``guide.sequence``)."""

    id = "item_sequence"
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
                yield self._hit(
                    guide, item, kind, "não é um inteiro positivo", "is not a positive integer"
                )
                continue
            first = numbered.get(number)
            if first is not None:
                yield self._hit(
                    guide,
                    item,
                    kind,
                    f"repetido (já usado na linha {first.line})",
                    f"repeated (already used at line {first.line})",
                )
                continue
            numbered[number] = item
        # distinct positive numbers run 1..n exactly when the highest is their count
        if not numbered or max(numbered) == len(numbered):
            return
        missing, count = _missing(sorted(numbered))
        after = numbered[min(n for n in numbered if n > missing[0])]
        gap = ", ".join(map(str, missing))
        if count > len(missing):
            more = count - len(missing)
            gap_pt, gap_en = f"{gap} e mais {more}", f"{gap} and {more} more"
        else:
            gap_pt = gap_en = gap
        yield self._hit(
            guide,
            after,
            kind,
            f"vem depois de uma lacuna: faltam {gap_pt}",
            f"follows a gap: {gap_en} missing",
            expected=gap_pt if count == len(missing) else f"{gap}…",
        )

    def _hit(
        self,
        guide: Guide,
        item: Item,
        kind: ItemKind,
        problem_pt: str,
        problem_en: str,
        expected: str | None = None,
    ) -> Hit:
        list_pt, list_en = _LISTS[kind]
        return Hit(
            "guide.sequence",
            {
                "problem_pt": problem_pt,
                "problem_en": problem_en,
                "list_pt": list_pt,
                "list_en": list_en,
            },
            expected=expected,
            found=item.sequence or "(ausente)",
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
