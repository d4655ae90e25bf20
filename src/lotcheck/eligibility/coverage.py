"""Small answers about one beneficiary that the eligibility rules ask, so each rule words the
same facts the same way.

Each function is pure and reads only the loaded data (agreements already have ``activated`` and
``rescinded`` derived, :mod:`lotcheck.eligibility.activation`).
"""

from __future__ import annotations

from datetime import date, timedelta

from lotcheck.contract.types import code_matches
from lotcheck.eligibility.types import Agreement, Beneficiary, Character, WaitingPeriod, within

__all__ = ["is_suspended", "matches", "waiting_ends", "waiting_start"]

#: ``caraterAtendimento`` (TISS domain table 23) -> the character it is
_CHARACTERS = {"1": Character.ELECTIVE, "2": Character.URGENCY}


def is_suspended(beneficiary: Beneficiary, agreement: Agreement | None, day: date) -> bool:
    """Whether ``day`` is inside a suspension of the beneficiary or of its agreement.

    Why both: an entity that defaults for 30 days has its agreement's services suspended (IN 162
    art. 8 §2) for every one of its servants, while a beneficiary may be suspended alone; either
    way the payer refuses the care (glosa 1016).
    """
    periods = beneficiary.suspensions + (agreement.suspensions if agreement else ())
    return any(within(day, period) for period in periods)


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
