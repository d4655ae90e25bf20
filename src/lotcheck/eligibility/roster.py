"""The roster kept compact: a read-only mapping card -> :class:`Beneficiary`, built on lookup.

A state institute has about a million beneficiaries, and the issue allows 300 MB to load them. A
``dict`` of frozen slots dataclasses costs ~350 bytes a row (the object, its CNS string, four
date objects, the dict entry): 350 MB. Here a row costs its card string and dict entry (~100
bytes) plus ~40 bytes of arrays:

* the card finds its row number through one ``dict``;
* the CNS (15 digits) is an ``array('q')`` cell (-1: none; a CNS starting with 0, which the
  card issuers never use, would lose its zero, so it goes to a side dict as text);
* the agreement and plan ids, few and repeated, are indexes into one list of distinct names;
* the status and the coverage segments are one byte each (the segments as a bit mask);
* the four dates are ``date.toordinal()`` in an ``array('i')`` (0: none);
* the line it was read from is kept to say where the row is (``source``);
* the suspensions, few, are a side dict by card.

:class:`Beneficiary` values are built on lookup (the rules ask once per guide), so the rules read
``elig.beneficiaries.get(card)`` as they would a dict. Iteration follows the file's order.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from datetime import date

from lotcheck.eligibility.types import SEGMENTS, AdhesionStatus, Beneficiary, Period

__all__ = ["STATUSES", "Roster", "segments_mask"]

#: the statuses in their byte order
STATUSES = tuple(AdhesionStatus)
_SETS = tuple(
    frozenset(s for bit, s in enumerate(SEGMENTS) if mask & (1 << bit))
    for mask in range(1 << len(SEGMENTS))
)
_ALL = (1 << len(SEGMENTS)) - 1


def segments_mask(names: list[str]) -> int:
    """The bit mask of segment names (each one of :data:`SEGMENTS`); empty: all."""
    mask = 0
    for name in names:
        mask |= 1 << SEGMENTS.index(name)
    return mask or _ALL


def _day(ordinal: int) -> date | None:
    return date.fromordinal(ordinal) if ordinal else None


class Roster(Mapping[str, Beneficiary]):
    """Every beneficiary of ``beneficiarios.csv``, by card (see the module docstring)."""

    __slots__ = (
        "_cns",
        "_cns_text",
        "_dates",
        "_ids",
        "_lines",
        "_names",
        "_rows",
        "_small",
        "_source",
        "suspensions",
    )

    def __init__(self, source: str) -> None:
        self._source = source
        self._rows: dict[str, int] = {}
        self._cns = array("q")
        self._cns_text: dict[int, str] = {}
        self._ids = array("I")  # 2 per row: agreement, plan (indexes into _names; 0: none)
        self._names: list[str | None] = [None]
        self._small = bytearray()  # 2 per row: status, segments mask
        self._dates = array("i")  # 4 per row: requested, effective, excluded, card validity
        self._lines = array("I")
        #: suspension periods by card (suspensoes.csv)
        self.suspensions: dict[str, tuple[Period, ...]] = {}

    # -- building -----------------------------------------------------------------------------

    def plans(self) -> set[str]:
        """The distinct plans the cards name (their indexes gathered in C, not per row)."""
        names = self._names
        return {name for i in set(self._ids[1::2]) if (name := names[i]) is not None}

    def name_index(self, name: str, index: dict[str, int]) -> int:
        """The index of an agreement or plan id in the list of names (added on first use)."""
        found = index.get(name)
        if found is None:
            found = index[name] = len(self._names)
            self._names.append(name)
        return found

    def add(
        self,
        card: str,
        cns: str,
        ids: tuple[int, int],
        small: tuple[int, int],
        dates: tuple[int, int, int, int],
        line: int,
    ) -> int:
        """Add a row; returns 0, or the line of the row that already holds ``card``."""
        rows = self._rows
        row = rows.setdefault(card, len(rows))
        if row != len(self._lines):
            return self._lines[row]
        if not cns:
            self._cns.append(-1)
        elif cns[0] != "0" and len(cns) < 19:
            self._cns.append(int(cns))
        else:
            self._cns.append(-1)
            self._cns_text[row] = cns
        self._ids.extend(ids)
        self._small.extend(small)
        self._dates.extend(dates)
        self._lines.append(line)
        return 0

    def line_of(self, card: str) -> int:
        """The line the card was read from (0: not in the roster)."""
        row = self._rows.get(card)
        return 0 if row is None else self._lines[row]

    # -- reading ------------------------------------------------------------------------------

    def __getitem__(self, card: str) -> Beneficiary:
        row = self._rows[card]
        cns_number = self._cns[row]
        cns = str(cns_number) if cns_number >= 0 else self._cns_text.get(row)
        names, ids, small, dates = self._names, self._ids, self._small, self._dates
        d = 4 * row
        return Beneficiary(
            card=card,
            cns=cns,
            agreement=names[ids[2 * row]],
            plan=names[ids[2 * row + 1]],
            status=STATUSES[small[2 * row]],
            requested=_day(dates[d]),
            effective=_day(dates[d + 1]),
            excluded=_day(dates[d + 2]),
            suspensions=self.suspensions.get(card, ()),
            segments=_SETS[small[2 * row + 1]],
            card_valid_until=_day(dates[d + 3]),
            source=f"{self._source}:{self._lines[row]}",
        )

    def __contains__(self, card: object) -> bool:
        return card in self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)
