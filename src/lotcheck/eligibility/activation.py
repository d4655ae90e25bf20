"""The IN 162 rule: when an agreement (convênio) becomes active, or is rescinded.

IPASGO, IN 162/2020 art. 5: after the agreement is signed, the public entity must reach the
adhesion of 50 % of its servants within the first 3 months (§4 lets both be reduced: the
agreement's ``threshold`` and ``window_months``). Until then each inscription is only a request
and "não poderá usufruir de nenhum serviço assistencial" (§1); reaching it activates the
agreement (§2); missing it rescinds the agreement with no effect for anyone (§3).

Decisions, each written in docs/eligibility.md:

* the threshold is *reached* when the cumulative adhesions are at least ``threshold`` % of the
  servants ("atingir 50 %": exactly 50 % counts), compared in :class:`~decimal.Decimal`
  (``adhesions × 100 ≥ threshold × servants``, so no rounding ever decides it);
* the window's last day is ``signed + window_months`` months, by :mod:`dateutil.relativedelta`
  (a month ending earlier clamps: 2024-01-31 + 3 months is 2024-04-30). Código Civil art. 132
  §3 would move a missing day to the next one (2024-05-01); the clamp is the stricter reading;
* the activation day is the day the count is reached, if it is within the window; otherwise the
  agreement is rescinded on the window's last day (and, with hindsight, was never active);
* a date given in ``acordos.csv`` wins over the derivation; an agreement with neither a given
  activation nor the facts to derive it is rescinded on the window's last day too, since an
  activation that did not happen in the window cannot happen later (§3).

Pure functions: the loader derives once (:func:`activation_of`), storing the answer on the
:class:`~lotcheck.eligibility.types.Agreement`, and the rules ask :func:`agreement_state`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from lotcheck.eligibility.types import Agreement, within

__all__ = ["AgreementState", "Reason", "activation_of", "agreement_state", "window_end"]


class AgreementState(StrEnum):
    """Where an agreement stands on a day."""

    ACTIVE = "active"
    NOT_YET_SIGNED = "not_yet_signed"
    PENDING = "pending"  # signed, adhesion below the threshold, window still open
    RESCINDED = "rescinded"
    SUSPENDED = "suspended"  # active, inside one of its suspension periods (art. 8 §2)


class Reason(StrEnum):
    """Why the state is what it is, for the rules to word (the dates are on the agreement)."""

    ACTIVE = "active"
    BEFORE_SIGNATURE = "before_signature"
    BELOW_THRESHOLD = "below_threshold"  # pending: not activated yet
    THRESHOLD_NOT_REACHED = "threshold_not_reached"  # rescinded at the window's end (§3)
    RESCINDED = "rescinded"  # a rescission date given in acordos.csv
    SUSPENDED = "suspended"


def window_end(agreement: Agreement) -> date:
    """The last day the adhesions may reach the threshold."""
    return agreement.signed + relativedelta(months=agreement.window_months)


def reached(agreement: Agreement) -> date | None:
    """The first day the cumulative adhesions reach the threshold (any day, in or past the
    window), or None: never, or no servants count to compare with."""
    servants = agreement.servants
    if not servants:
        return None
    needed = agreement.threshold * servants
    total = 0
    for day, count in sorted(agreement.adhesions):
        total += count
        if Decimal(total) * 100 >= needed:
            return day
    return None


def activation_of(agreement: Agreement) -> tuple[date | None, date | None]:
    """``(activated, rescinded)`` under the IN 162 rule (see the module docstring)."""
    if agreement.activated is not None:
        return agreement.activated, agreement.rescinded
    day = reached(agreement)
    last = window_end(agreement)
    if day is not None and day <= last:
        return day, agreement.rescinded
    return None, agreement.rescinded if agreement.rescinded is not None else last


def agreement_state(agreement: Agreement, day: date) -> tuple[AgreementState, Reason]:
    """The state of ``agreement`` on ``day`` and why. ``agreement`` as loaded (its
    ``activated``/``rescinded`` derived); a raw one is derived here first.

    In order: before the signature; from the rescission day on (for one never activated: the
    window's last day, the day its failure is known); before activation (pending); inside a
    suspension; else active.
    """
    activated, rescinded = activation_of(agreement)
    if day < agreement.signed:
        return AgreementState.NOT_YET_SIGNED, Reason.BEFORE_SIGNATURE
    if rescinded is not None and day >= rescinded:
        if activated is None and rescinded == window_end(agreement):
            return AgreementState.RESCINDED, Reason.THRESHOLD_NOT_REACHED
        return AgreementState.RESCINDED, Reason.RESCINDED
    if activated is None or day < activated:
        return AgreementState.PENDING, Reason.BELOW_THRESHOLD
    if any(within(day, period) for period in agreement.suspensions):
        return AgreementState.SUSPENDED, Reason.SUSPENDED
    return AgreementState.ACTIVE, Reason.ACTIVE
