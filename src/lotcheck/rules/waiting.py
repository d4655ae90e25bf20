"""Care inside a waiting period (carência) of the beneficiary's plan (``carencias.csv``).

A period of ``days`` starts on the beneficiary's effective date, or its agreement's activation
when that is later (services start after activation, IN 162 art. 5 §2), and the start day is its
first day: with 180 days from 2023-01-01, 2023-06-29 is the last day inside and 2023-06-30 the
first covered one. A group matches an item by the guide's type (empty: any), the guide's
character (``caraterAtendimento`` 2 or ``U`` urgency, anything else elective; a guide without
one, a consulta or a dental guide, is elective: urgency is what a guide must declare) and the code
(exact ``22/40304361`` or ``40304361``, or an inclusive range of same-length digit codes; no
codes: every code). Of the groups that match, the one that ends latest is reported (they all
start on the same day, so it holds the date whenever any does). The start, the first covered day
and the match are :mod:`lotcheck.eligibility.coverage`'s (``coverage_start``, ``covered_from``,
``matches``); this rule words them.

Silent without an eligibility folder, for a card the roster lacks (``eligibility.card_unknown``
says so), for a plan without waiting periods and when no start date is known. Once per item, at
its date element; an item without a readable date is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, date_field
from lotcheck.eligibility.coverage import (
    beneficiary_of,
    character_of,
    coverage_start,
    covered_from,
    matches,
)
from lotcheck.eligibility.types import Character, WaitingPeriod
from lotcheck.messages import Msg, Verbatim
from lotcheck.rules.base import Rule, item_label

CODES = register(
    CodeSpec(
        code="waiting.period",
        severity=Severity.ERROR,
        glosa="3171",
        doc="The item was done inside a waiting period (carência) of the beneficiary's plan "
        "(`carencias.csv`): the period starts on the beneficiary's effective date (or its "
        "agreement's activation, when later), its start day counting as day 1, and the group "
        "matches the guide type, the character of the care (`caraterAtendimento`; none is "
        "elective) and the code. The message names the group, the period and the first covered "
        "day; of several matching groups, the one that ends latest (glosa 3171). Once per item.",
        example="Plan P1, group exames, 30 days from 2023-10-01: an item done on 2023-10-30 "
        "(the last day inside; 2023-10-31 is covered).",
    ),
)


def longest(periods: Sequence[WaitingPeriod], guide: Guide, item: Item) -> WaitingPeriod | None:
    """The matching period with the most days (the first listed, of equals), among the urgency
    groups only when the guide declares an urgency and one matches; whether a period matches
    is :func:`lotcheck.eligibility.coverage.matches`'s."""
    found = [p for p in periods if matches(p, guide.type, guide.character, item.table, item.code)]
    # a declared urgency has its own short period (Lei 9.656/98 art. 12 V c): when an urgency
    # group matches, it applies, whatever longer group of any character also matches
    if character_of(guide.character) is Character.URGENCY:
        urgent = [p for p in found if p.character is Character.URGENCY]
        found = urgent or found
    best: WaitingPeriod | None = None
    for period in found:
        if best is None or period.days > best.days:
            best = period
    return best


class Waiting(Rule):
    """Reports each item done inside a waiting period of the beneficiary's plan."""

    id = "waiting"
    codes = CODES

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        roster = self.ctx.eligibility
        if roster is None or not roster.waiting:
            return
        _, beneficiary = beneficiary_of(roster, guide.beneficiary)
        if beneficiary is None or beneficiary.plan is None:
            return
        periods = roster.waiting.get(beneficiary.plan)
        if not periods:
            return
        start = coverage_start(roster, beneficiary)
        if start is None:
            return
        for item in guide.items:
            day = item.date
            if day is None or day < start:
                continue
            period = longest(periods, guide, item)
            if period is not None and day < covered_from(start, period):
                yield _hit(guide, item, day, period, start)


def _hit(guide: Guide, item: Item, day: date, period: WaitingPeriod, start: date) -> Hit:
    covered = covered_from(start, period)
    end = covered - timedelta(days=1)
    return Hit(
        "waiting.period",
        {
            "label": item_label(item),
            "days": Msg("fragment.days", {"n": period.days}),
            "group": Verbatim(period.group),
            "plan": Verbatim(period.plan),
            "start": start,
            "end": end,
            "covered": covered,
        },
        expected=covered.isoformat(),
        found=day.isoformat(),
        guide=guide,
        item=item,
        field=date_field(item),
    )
