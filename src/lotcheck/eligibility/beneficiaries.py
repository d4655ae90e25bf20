"""``beneficiarios.csv`` read into a :class:`~lotcheck.eligibility.roster.Roster`.

The one file of a million rows, so its loop works on the raw cells: each distinct date text,
status, segments cell and agreement or plan id is parsed once and then found in a small cache,
and nothing but the row's card and a few array cells outlives the row. Every check the other
files get is still made, naming the line: a card listed twice, a bad date, an unknown status,
segment or agreement, dates out of order, a status without the date it needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import pairwise
from pathlib import Path

from lotcheck.eligibility.errors import EligibilityError, at
from lotcheck.eligibility.roster import STATUSES, Roster, segments_mask
from lotcheck.eligibility.tables import Table, key, parse_date
from lotcheck.eligibility.types import SEGMENTS, AdhesionStatus, Agreement
from lotcheck.messages import Verbatim

COLUMNS = (
    "carteira",
    "cns",
    "acordo",
    "plano",
    "situacao",
    "solicitacao",
    "efetivacao",
    "exclusao",
    "segmentos",
    "validade_carteira",
)
REQUIRED = ("carteira", "situacao")
_DATES = ("solicitacao", "efetivacao", "exclusao", "validade_carteira")
_STATUS_BY_KEY = {key(s.value): i for i, s in enumerate(STATUSES)}
_SEGMENT_BY_KEY = {key(s): s for s in SEGMENTS}
_EFFECTIVE = STATUSES.index(AdhesionStatus.EFFECTIVE)
_EXCLUDED = STATUSES.index(AdhesionStatus.EXCLUDED)


class _Cells:
    """The caches of one load: each distinct text parsed once."""

    def __init__(self, path: Path, agreements: Mapping[str, Agreement], roster: Roster) -> None:
        self.path = path
        self.agreements = agreements
        self.roster = roster
        self.dates: dict[str, int] = {"": 0}
        self.statuses: dict[str, int] = {}
        self.segments: dict[str, int] = {"": segments_mask([])}
        self.agreement_ids: dict[str, int] = {}
        self.plan_ids: dict[str, int] = {}
        self.names: dict[str, int] = {"": 0}

    def date(self, text: str, column: str, line: int) -> int:
        found = self.dates.get(text)
        if found is None:
            day = parse_date(text)
            if day is None:
                raise EligibilityError(
                    "bad_date", at(self.path, line), column=Verbatim(column), value=Verbatim(text)
                )
            found = self.dates[text] = day.toordinal()
        return found

    def status(self, text: str, line: int) -> int:
        found = self.statuses.get(text)
        if found is None:
            found = _STATUS_BY_KEY.get(key(text))
            if found is None:
                raise EligibilityError(
                    "bad_choice",
                    at(self.path, line),
                    column=Verbatim("situacao"),
                    value=Verbatim(text),
                    allowed=Verbatim(", ".join(s.value for s in STATUSES)),
                )
            self.statuses[text] = found
        return found

    def segment_mask(self, text: str, line: int) -> int:
        found = self.segments.get(text)
        if found is None:
            names = []
            for part in (p.strip() for p in text.split("|")):
                name = _SEGMENT_BY_KEY.get(key(part))
                if name is None:
                    raise EligibilityError(
                        "bad_segment",
                        at(self.path, line),
                        value=Verbatim(part),
                        allowed=Verbatim(", ".join(SEGMENTS)),
                    )
                names.append(name)
            found = self.segments[text] = segments_mask(names)
        return found

    def agreement(self, text: str, line: int) -> int:
        found = self.agreement_ids.get(text)
        if found is None:
            if text not in self.agreements:
                raise EligibilityError(
                    "unknown_agreement", at(self.path, line), agreement=Verbatim(text)
                )
            found = self.agreement_ids[text] = self.roster.name_index(text, self.names)
        return found


def _order(path: Path, line: int, dates: tuple[int, int, int, int]) -> None:
    """Requested ≤ effective ≤ excluded, whichever are given."""
    given = [(d, name) for d, name in zip(dates[:3], _DATES[:3], strict=True) if d]
    for (first, first_name), (then, then_name) in pairwise(given):
        if then < first:
            raise EligibilityError(
                "before",
                at(path, line),
                later=Verbatim(then_name),
                later_day=date.fromordinal(then),
                earlier=Verbatim(first_name),
                earlier_day=date.fromordinal(first),
            )


def load_beneficiaries(path: Path, agreements: Mapping[str, Agreement]) -> Roster:
    """Read the roster; every problem is an :class:`EligibilityError` naming its line."""
    roster = Roster(str(path))
    with Table(path, COLUMNS, REQUIRED) as table:
        cells = _Cells(path, agreements, roster)
        p = table.positions
        none = table.width  # the index of an absent column: an empty cell appended to each row
        card_at, situacao_at = p["carteira"], p["situacao"]
        cns_at, acordo_at, plano_at, segmentos_at = (
            p.get(name, none) for name in ("cns", "acordo", "plano", "segmentos")
        )
        date_at = [p.get(name, none) for name in _DATES]
        date_cache, names = cells.dates, cells.names
        for line, row in table.lines():
            row.append("")
            card = row[card_at].strip()
            status_text = row[situacao_at].strip()
            if not card or not status_text:
                if not any(cell.strip() for cell in row):
                    continue
                column = "carteira" if not card else "situacao"
                raise EligibilityError("empty_cell", at(path, line), column=Verbatim(column))
            cns = row[cns_at].strip()
            if cns and not (cns.isdigit() and len(cns) == 15):
                raise EligibilityError("bad_cns", at(path, line), value=Verbatim(cns))
            status = cells.status(status_text, line)
            texts = [row[i].strip() for i in date_at]
            ordinals = [date_cache.get(t) for t in texts]
            r, e, x, v = (
                o if o is not None else cells.date(t, name, line)
                for o, t, name in zip(ordinals, texts, _DATES, strict=True)
            )
            dates = (r, e, x, v)
            if (e and r and e < r) or (x and (x < e or x < r)):
                _order(path, line, dates)
            if status == _EFFECTIVE and not e:
                raise EligibilityError(
                    "status_needs_date",
                    at(path, line),
                    status=Verbatim(AdhesionStatus.EFFECTIVE.value),
                    column=Verbatim("efetivacao"),
                )
            if status == _EXCLUDED and not x:
                raise EligibilityError(
                    "status_needs_date",
                    at(path, line),
                    status=Verbatim(AdhesionStatus.EXCLUDED.value),
                    column=Verbatim("exclusao"),
                )
            agreement_text = row[acordo_at].strip()
            agreement = cells.agreement(agreement_text, line) if agreement_text else 0
            plan_text = row[plano_at].strip()
            plan = names.get(plan_text)
            if plan is None:
                plan = roster.name_index(plan_text, names)
            segments = cells.segment_mask(row[segmentos_at].strip(), line)
            first = roster.add(card, cns, (agreement, plan), (status, segments), dates, line)
            if first:
                raise EligibilityError(
                    "duplicate_card", at(path, line), card=Verbatim(card), first=first
                )
    return roster
