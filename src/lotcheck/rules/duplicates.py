"""The same guide, or the same service, billed twice in one lot.

A payer pays a guide number once (glosa 1308) and a service once (glosa 3209); a duplicate is
usually an export run twice or a guide re-typed. Lot-wide, yet streaming: the rule keeps only a
compact key per guide and per item seen (strings, never the guide), and reports as soon as the
second occurrence goes by, pointing at it and naming the first (guide, item, line).

The same item means, for the same beneficiary (``numeroCarteira``): the same table and code, the
same execution date, the same participation degrees and professionals (each degree is billed on
its own line: a surgeon and an assistant on the same procedure are two items, not a duplicate)
and, for dental lines, the same tooth or region and the same faces (``OM`` = ``MO``). A line that
lacks its date, code or beneficiary is not compared.

Codes ``duplicate.guide`` and ``duplicate.item`` were ``lot.duplicate_guide`` and
``lot.duplicate_item`` (still accepted as aliases), and the rule was two, ``duplicate_guides`` and
``duplicate_items``: the ``lot.`` family is the reader's (``lot.not_a_lot``).
"""

from __future__ import annotations

from array import array

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item
from lotcheck.rules.base import CheckContext, Rule, item_label, team_key

CODES = register(
    CodeSpec(
        code="duplicate.guide",
        aliases=("lot.duplicate_guide",),
        severity=Severity.ERROR,
        glosa="1308",
        doc="Two guides with the same `numeroGuiaPrestador` in one lot. The payer processes the "
        "first and denies the second as already presented (glosa 1308).",
        example="`numeroGuiaPrestador` 2023100002 on the 2nd and the 5th guide.",
    ),
    CodeSpec(
        code="duplicate.item",
        aliases=("lot.duplicate_item",),
        severity=Severity.ERROR,
        glosa="3209",
        doc="The same service twice for the same beneficiary in one lot: same code, date, "
        "participation degree and professional, and for dental lines the same tooth/region and "
        "faces (glosa 3209). Bill a repeated service once with its quantity.",
        example="Hemograma 40304361 on 2023-10-20 for the same card in two guides.",
    ),
)

_ItemKey = tuple[object, ...]


def _item_key(guide: Guide, item: Item) -> _ItemKey | None:
    if guide.beneficiary is None or item.code is None or item.date is None:
        return None
    faces = "".join(sorted(item.faces.upper())) if item.faces else ""
    return (
        guide.beneficiary,
        item.table or "",
        item.code,
        item.date,
        team_key(item),
        item.tooth or item.region or "",
        faces,
    )


class Duplicates(Rule):
    """A ``numeroGuiaPrestador`` once per lot (``duplicate.guide``), a service once per
    beneficiary per lot (``duplicate.item``)."""

    id = "duplicate"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        self.guides: dict[str, tuple[int, int | None]] = {}  # number -> (index, line)
        # the hashes of the item keys seen; _First has where each was first. A lot of 100,000
        # items would hold ~40 MB of key tuples; their 64-bit hashes take a third of that. Two
        # different services colliding needs odds of about 1 in 10^9 per lot of that size, and
        # would be reported naming both lines, for a person to judge.
        self.items: set[int] = set()
        self.first = _First()

    def check_guide(self, guide: Guide) -> list[Hit]:
        hits: list[Hit] = []
        guide_hit = self._guide(guide)
        if guide_hit is not None:
            hits.append(guide_hit)
        if guide.beneficiary is not None:
            self._items(guide, hits)
        return hits

    def _guide(self, guide: Guide) -> Hit | None:
        number = guide.number
        if number is None:
            return None
        line = guide.field_lines.get("numeroGuiaPrestador", guide.line)
        first = self.guides.get(number)
        if first is None:
            self.guides[number] = (guide.index, line)
            return None
        return Hit(
            "duplicate.guide",
            {"first_index": first[0], "first_line": first[1] or "?"},
            found=number,
            guide=guide,
            field="numeroGuiaPrestador",
        )

    def _items(self, guide: Guide, hits: list[Hit]) -> None:
        seen, firsts = self.items, self.first
        for item in guide.items:
            key = _item_key(guide, item)
            if key is None:
                continue
            digest = hash(key)
            if digest not in seen:
                seen.add(digest)
                firsts.add(digest, guide.number or "?", item.sequence or "?", item.line)
                continue
            first = firsts.get(digest)
            assert item.date is not None
            day = item.date.isoformat()
            hits.append(
                Hit(
                    "duplicate.item",
                    {
                        "label": item_label(item),
                        "date": day,
                        "beneficiary": guide.beneficiary,
                        "first_guide": first[0],
                        "first_item": first[1],
                        "first_line": first[2] or "?",
                    },
                    found=f"{item_label(item)} {day}",
                    guide=guide,
                    item=item,
                )
            )


class _First:
    """The first occurrence of each item key: guide number, item sequence and line, in columns
    rather than a tuple per item (a clean lot of 60,000 items kept ~8 MB of them). A sequence
    that reads back the same as a number is held as that number; the others (and the ``?`` of a
    missing one) are kept in a dict aside. Which row holds a key's hash is only asked for a
    duplicate: the index is built then, on the first one, and kept up from there."""

    __slots__ = ("digests", "guide_of", "guides", "index", "lines", "odd_sequences", "sequences")

    def __init__(self) -> None:
        self.digests: array[int] = array("q")
        self.guides: list[str] = []  # distinct guide numbers, in the order seen
        self.guide_of: array[int] = array("l")
        self.sequences: array[int] = array("q")
        self.odd_sequences: dict[int, str] = {}
        self.lines: array[int] = array("q")  # 0: no line
        self.index: dict[int, int] | None = None  # hash -> row, once a duplicate was seen

    def add(self, digest: int, guide: str, sequence: str, line: int | None) -> None:
        where = len(self.lines)
        self.digests.append(digest)
        if self.index is not None:
            self.index[digest] = where
        guides = self.guides
        if not guides or guides[-1] != guide:
            guides.append(guide)
        self.guide_of.append(len(guides) - 1)
        if (
            sequence.isascii()
            and sequence.isdigit()
            and len(sequence) < 18
            and str(int(sequence)) == sequence
        ):
            self.sequences.append(int(sequence))
        else:
            self.sequences.append(-1)
            self.odd_sequences[where] = sequence
        self.lines.append(line or 0)

    def get(self, digest: int) -> tuple[str, str, int | None]:
        """Guide number, sequence and line of the first item whose key hashed to ``digest``."""
        if self.index is None:
            self.index = {d: row for row, d in enumerate(self.digests)}
        where = self.index[digest]
        number = self.sequences[where]
        sequence = self.odd_sequences[where] if number < 0 else str(number)
        return self.guides[self.guide_of[where]], sequence, self.lines[where] or None
