"""On one date, is this card covered, and if not, why: the facts the eligibility and waiting
rules word (:mod:`lotcheck.rules.eligibility`, :mod:`lotcheck.rules.waiting`).

Why here and not in the rules: the answers follow from the data alone (the IN 162 states of an
agreement, a beneficiary's own dates), so they are computed in one place, as data, and every
rule (and a future ``roster`` command) says the same thing about the same card.

The boundaries, each decided once:

* an agreement is active from its ``activated`` day (included) until its ``rescinded`` day
  (excluded: the rescission day is the first without coverage, IN 162 art. 5 §3); before its
  ``signed`` day it does not exist yet; signed but not activated, every inscription is only a
  request (art. 5 §1);
* a beneficiary is effective from its ``effective`` day (included); with status ``efetiva`` and
  no date, always; with status ``solicitada`` and no effective date, never yet;
* the ``excluded`` day is the first day without coverage (ANS RN 412/2016: a cancellation takes
  effect on the day it is made); status ``excluida`` without a date is excluded on every date;
* a suspension ``(start, end)`` includes both days; the card is valid through
  ``card_valid_until`` (included).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from lotcheck.contract.types import code_matches
from lotcheck.eligibility.types import (
    AdhesionStatus,
    Agreement,
    Beneficiary,
    Character,
    Eligibility,
    Period,
    WaitingPeriod,
    within,
)

#: ``caraterAtendimento`` (TISS domain table 23) -> the character it is
_CHARACTERS = {"1": Character.ELECTIVE, "2": Character.URGENCY}


class Why:
    """Why a card is not active on a date (the ``reason`` of :class:`Inactive`)."""

    UNSIGNED = "unsigned"  # before the agreement's signature
    PENDING = "pending"  # signed, adhesion below the threshold: only requests (art. 5 §1)
    RESCINDED = "rescinded"  # on or after the rescission (art. 5 §3)
    UNKNOWN_AGREEMENT = "unknown_agreement"  # the roster names an agreement acordos.csv lacks
    REQUESTED = "requested"  # the beneficiary's own inscription is still a request


@dataclass(frozen=True, slots=True)
class Inactive:
    """The card is not active on a date: ``reason`` (a :class:`Why` value), the agreement
    concerned (None for the beneficiary's own state) and the dates that explain it."""

    reason: str
    agreement: Agreement | None = None
    agreement_id: str | None = None
    #: signature, rescission or request date, as the reason needs
    since: date | None = None
    #: the activation or effective date, when known (the day coverage started)
    until: date | None = None


def agreement_inactive(agreement: Agreement, day: date) -> Inactive | None:
    """Whether ``agreement`` is not active on ``day``, and why (None: it is active)."""
    if day < agreement.signed:
        return Inactive(Why.UNSIGNED, agreement, agreement.id, since=agreement.signed)
    if agreement.rescinded is not None and day >= agreement.rescinded:
        return Inactive(Why.RESCINDED, agreement, agreement.id, since=agreement.rescinded)
    if agreement.activated is None or day < agreement.activated:
        return Inactive(
            Why.PENDING, agreement, agreement.id, since=agreement.signed, until=agreement.activated
        )
    return None


def inactive(eligibility: Eligibility, beneficiary: Beneficiary, day: date) -> Inactive | None:
    """Whether the card is not yet (or no longer, by rescission) covered on ``day`` because of
    its agreement or of its own inscription; the agreement's state comes first: it is why the
    inscription is still a request."""
    if beneficiary.agreement is not None:
        agreement = eligibility.agreements.get(beneficiary.agreement)
        if agreement is None:
            return Inactive(Why.UNKNOWN_AGREEMENT, agreement_id=beneficiary.agreement)
        found = agreement_inactive(agreement, day)
        if found is not None:
            return found
    if not effective_on(beneficiary, day):
        return Inactive(Why.REQUESTED, since=beneficiary.requested, until=beneficiary.effective)
    return None


def effective_on(beneficiary: Beneficiary, day: date) -> bool:
    """Whether the beneficiary's inscription was effective (no longer a request) on ``day``."""
    if beneficiary.effective is not None:
        return day >= beneficiary.effective
    return beneficiary.status is not AdhesionStatus.REQUESTED


def excluded_on(beneficiary: Beneficiary, day: date) -> bool:
    """Whether ``day`` is on or after the beneficiary's exclusion."""
    if beneficiary.excluded is not None:
        return day >= beneficiary.excluded
    return beneficiary.status is AdhesionStatus.EXCLUDED


def suspensions_on(
    eligibility: Eligibility, beneficiary: Beneficiary, day: date
) -> list[tuple[Agreement | None, Period]]:
    """The suspensions ``day`` falls in: the beneficiary's (None) then its agreement's."""
    found: list[tuple[Agreement | None, Period]] = [
        (None, period) for period in beneficiary.suspensions if within(day, period)
    ]
    if beneficiary.agreement is not None:
        agreement = eligibility.agreements.get(beneficiary.agreement)
        if agreement is not None:
            found.extend((agreement, p) for p in agreement.suspensions if within(day, p))
    return found


def card_expired_on(beneficiary: Beneficiary, day: date) -> bool:
    """Whether ``day`` is after the card's validity (the last valid day included)."""
    valid = beneficiary.card_valid_until
    return valid is not None and day > valid


def coverage_start(eligibility: Eligibility, beneficiary: Beneficiary) -> date | None:
    """:func:`waiting_start` of a card, its agreement looked up in ``eligibility``."""
    agreement = (
        eligibility.agreements.get(beneficiary.agreement)
        if beneficiary.agreement is not None
        else None
    )
    return waiting_start(beneficiary, agreement)


def is_suspended(beneficiary: Beneficiary, agreement: Agreement | None, day: date) -> bool:
    """Whether ``day`` is inside a suspension of the beneficiary or of its agreement.

    Why both: an entity that defaults for 30 days has its agreement's services suspended (IN 162
    art. 8 §2) for every one of its servants, while a beneficiary may be suspended alone; either
    way the payer refuses the care (glosa 1016).
    """
    periods = beneficiary.suspensions + (agreement.suspensions if agreement else ())
    return any(within(day, period) for period in periods)  # as suspensions_on, without the roster


def waiting_start(beneficiary: Beneficiary, agreement: Agreement | None) -> date | None:
    """The day the waiting periods start counting: the effective date, or the agreement's
    activation if later (before it, an inscription is only a request: IN 162 art. 5 §1-2, and the
    carências run from the activation, Lei 17.477/2011 art. 47). None: neither is known."""
    activated = agreement.activated if agreement else None
    known = [day for day in (beneficiary.effective, activated) if day is not None]
    return max(known) if known else None


def waiting_ends(
    beneficiary: Beneficiary, agreement: Agreement | None, period: WaitingPeriod
) -> date | None:
    """The first day the care of ``period`` is covered: :func:`waiting_start` + ``days``.

    Care on an earlier day is inside the waiting period. So 30 days from 2024-03-01 ends on
    2024-03-31, and the 24 hours of urgency (``days`` 1) cover the care from the next day. None
    when the start is unknown (the rules then say so instead of guessing).
    """
    start = waiting_start(beneficiary, agreement)
    return None if start is None else start + timedelta(days=period.days)


def matches(
    period: WaitingPeriod,
    guide_type: str,
    character: str | None,
    table: str | None,
    code: str | None,
) -> bool:
    """Whether an item falls in the service group of ``period``.

    ``guide_type`` is one of ``sadt``, ``consulta``, ``honorarios``, ``internacao``, ``odonto``;
    ``character`` the guide's ``caraterAtendimento`` (``1`` elective, ``2`` urgency), None when
    the guide has none (a consultation guide): taken as elective, since only a declared urgency
    earns the shorter period (Lei 9.656/98 art. 12 V c). ``table``/``code`` the item's.

    A group with no guide types, character ``qualquer`` or no codes is open on that side; the
    codes match exactly (``22/40304361`` one table, ``40304361`` any) or by range, a range
    holding codes of its own length only (``30000000-39999999`` is not ``4000``).
    """
    if period.guide_types and guide_type not in period.guide_types:
        return False
    declared = _CHARACTERS.get(character or "1")
    if period.character is not Character.ANY and declared is not period.character:
        return False
    if not period.codes and not period.ranges:
        return True
    if code is None:
        return False
    if code_matches(period.codes, table, code):
        return True
    return any(len(low) == len(code) and low <= code <= high for low, high in period.ranges)
