"""On one date, is this card covered, and if not, why: the facts the eligibility and waiting
rules word (:mod:`lotcheck.rules.eligibility`, :mod:`lotcheck.rules.waiting`).

Why here and not in the rules: the answers follow from the data alone (the IN 162 states of an
agreement, a beneficiary's own dates), so they are computed in one place, as data, and every
rule (and a future ``roster`` command) says the same thing about the same card.

The boundaries, each decided once:

* an agreement is active from its ``activated`` day (included) until its ``rescinded`` day
  (excluded: the rescission day is the first without coverage, IN 162 art. 5 §3); before its
  ``signed`` day it does not exist yet; signed but not activated, every inscription is only a
  request (art. 5 §1); these are :func:`~lotcheck.eligibility.activation.agreement_state`'s,
  which :func:`agreement_inactive` words (never a second copy of them here);
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
from lotcheck.core.model import GuideType
from lotcheck.eligibility.activation import AgreementState, activation_of, agreement_state
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

#: the short names of docs/eligibility.md (``tipos_guia``) for each guide type
GUIDE_NAMES: dict[GuideType, str] = {
    GuideType.SP_SADT: "sadt",
    GuideType.CONSULTA: "consulta",
    GuideType.HONORARIOS: "honorarios",
    GuideType.INTERNACAO: "internacao",
    GuideType.ODONTO: "odonto",
}
#: either name of a guide type -> (short name, element)
_TYPE_NAMES = {
    name: (short, kind.value) for kind, short in GUIDE_NAMES.items() for name in (short, kind.value)
}
#: ``caraterAtendimento`` values that declare an urgency (TISS domain table 23 ``2``; TISS 2's ``U``)
_URGENCY = frozenset({"2", "U"})


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
    """Whether ``agreement`` is not active on ``day``, and why (None: it is active, or only
    suspended, which is its own finding).

    The state is :func:`~lotcheck.eligibility.activation.agreement_state`'s (one source of truth
    for the IN 162 boundaries); this adds the dates the message needs, from the same derivation
    (:func:`~lotcheck.eligibility.activation.activation_of`), so an agreement built by hand
    without its derived dates reads as the loader would have stored it.
    """
    state, _ = agreement_state(agreement, day)
    if state is AgreementState.NOT_YET_SIGNED:
        return Inactive(Why.UNSIGNED, agreement, agreement.id, since=agreement.signed)
    activated, rescinded = activation_of(agreement)
    if state is AgreementState.RESCINDED:
        return Inactive(Why.RESCINDED, agreement, agreement.id, since=rescinded)
    if state is AgreementState.PENDING:
        return Inactive(
            Why.PENDING, agreement, agreement.id, since=agreement.signed, until=activated
        )
    return None


def beneficiary_of(eligibility: Eligibility, card: str | None) -> tuple[str, Beneficiary | None]:
    """The card a guide names (``numeroCarteira``, blanks around it ignored) and its roster
    entry (None: the roster lacks it, or the guide names none)."""
    number = (card or "").strip()
    return number, eligibility.beneficiaries.get(number) if number else None


def agreement_of(eligibility: Eligibility, beneficiary: Beneficiary) -> Agreement | None:
    """The beneficiary's agreement as ``acordos.csv`` has it (None: direct membership, or an id
    the file lacks, which :func:`inactive` reports)."""
    if beneficiary.agreement is None:
        return None
    return eligibility.agreements.get(beneficiary.agreement)


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


def suspensions(
    beneficiary: Beneficiary, agreement: Agreement | None, day: date
) -> list[tuple[Agreement | None, Period]]:
    """The suspensions ``day`` falls in: the beneficiary's own (paired with None), then its
    agreement's.

    Why both: an entity that defaults for 30 days has its agreement's services suspended (IN 162
    art. 8 §2) for every one of its servants, while a beneficiary may be suspended alone; either
    way the payer refuses the care (glosa 1016).
    """
    found: list[tuple[Agreement | None, Period]] = [
        (None, period) for period in beneficiary.suspensions if within(day, period)
    ]
    if agreement is not None:
        found.extend((agreement, p) for p in agreement.suspensions if within(day, p))
    return found


def suspensions_on(
    eligibility: Eligibility, beneficiary: Beneficiary, day: date
) -> list[tuple[Agreement | None, Period]]:
    """:func:`suspensions` of a card, its agreement looked up in ``eligibility``."""
    return suspensions(beneficiary, agreement_of(eligibility, beneficiary), day)


def is_suspended(beneficiary: Beneficiary, agreement: Agreement | None, day: date) -> bool:
    """Whether ``day`` is inside any of :func:`suspensions`."""
    return bool(suspensions(beneficiary, agreement, day))


def card_expired_on(beneficiary: Beneficiary, day: date) -> bool:
    """Whether ``day`` is after the card's validity (the last valid day included)."""
    valid = beneficiary.card_valid_until
    return valid is not None and day > valid


def coverage_start(eligibility: Eligibility, beneficiary: Beneficiary) -> date | None:
    """:func:`waiting_start` of a card, its agreement looked up in ``eligibility``."""
    return waiting_start(beneficiary, agreement_of(eligibility, beneficiary))


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
    return None if start is None else covered_from(start, period)


def covered_from(start: date, period: WaitingPeriod) -> date:
    """The first covered day of ``period`` counted from ``start`` (the start day is day 1)."""
    return start + timedelta(days=period.days)


def character_of(value: str | None) -> Character:
    """The character of a guide's ``caraterAtendimento``: urgency only when it says so (``2``,
    or ``U`` of the TISS 2 lots); anything else, or none (a consultation guide), is elective,
    since only a declared urgency earns the shorter period (Lei 9.656/98 art. 12 V c) and an
    unreadable value must not escape the elective periods."""
    return Character.URGENCY if (value or "").strip().upper() in _URGENCY else Character.ELECTIVE


def matches(
    period: WaitingPeriod,
    guide_type: str,
    character: str | None,
    table: str | None,
    code: str | None,
) -> bool:
    """Whether an item falls in the service group of ``period``.

    ``guide_type`` is one of ``sadt``, ``consulta``, ``honorarios``, ``internacao``, ``odonto``,
    or the guide's element (a :class:`~lotcheck.core.model.GuideType`); a group may name the
    type either way (the loader writes the short names; a group built in code may use the
    element, ``guiaResumoInternacao``);
    ``character`` the guide's ``caraterAtendimento``, read by :func:`character_of`;
    ``table``/``code`` the item's (surrounding blanks ignored).

    A group with no guide types, character ``qualquer`` or no codes is open on that side; the
    codes match exactly (``22/40304361`` one table, ``40304361`` any) or by range, a range
    holding digit codes of its own length only (``30000000-39999999`` is neither ``4000`` nor
    ``3A000000``, which sorts inside it as text).
    """
    types = period.guide_types
    if types and types.isdisjoint(_TYPE_NAMES.get(guide_type, (guide_type,))):
        return False
    if period.character is not Character.ANY and character_of(character) is not period.character:
        return False
    if not period.codes and not period.ranges:
        return True
    code = (code or "").strip()
    if not code:
        return False
    if code_matches(period.codes, (table or "").strip(), code):
        return True
    return code.isdigit() and any(
        len(low) == len(code) == len(high) and low <= code <= high for low, high in period.ranges
    )
