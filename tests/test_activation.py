"""The IN 162 rule (art. 5): activation derived from servants and adhesions, given dates winning,
and an agreement's state on a day. Every expected date is worked out by hand in the test's
comment from the rule in docs/eligibility.md."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from lotcheck.eligibility.activation import (
    AgreementState,
    Reason,
    activation_of,
    agreement_state,
    window_end,
)
from lotcheck.eligibility.types import Agreement


def agreement(
    signed: date = date(2024, 1, 15),
    adhesions: tuple[tuple[date, int], ...] = (),
    servants: int | None = 1000,
    **given: object,
) -> Agreement:
    base = Agreement(
        id="A", entity="Prefeitura", signed=signed, servants=servants, adhesions=adhesions
    )
    return dataclasses.replace(base, **given)


@pytest.mark.parametrize(
    ("signed", "months", "last"),
    [
        (date(2024, 1, 15), 3, date(2024, 4, 15)),
        (date(2024, 1, 31), 3, date(2024, 4, 30)),  # April has 30 days: clamped
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap February
        (date(2022, 11, 30), 3, date(2023, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 12, 10), 1, date(2025, 1, 10)),  # across the year
    ],
)
def test_window_end_adds_calendar_months_clamped(signed: date, months: int, last: date) -> None:
    assert window_end(agreement(signed, window_months=months)) == last


def test_exactly_the_threshold_activates() -> None:
    # 500 of 1000 servants is exactly 50 %: "atingir 50 %" counts
    a = agreement(adhesions=((date(2024, 2, 1), 500),))
    assert activation_of(a) == (date(2024, 2, 1), None)


def test_one_short_of_the_threshold_does_not() -> None:
    # 499 of 1000 is 49.9 %: never reached; rescinded on the window's last day, 2024-04-15
    a = agreement(adhesions=((date(2024, 2, 1), 499),))
    assert activation_of(a) == (None, date(2024, 4, 15))


def test_odd_servants_need_the_half_rounded_up() -> None:
    # 1001 servants: 500 is 49.95 %, 501 is 50.05 %
    short = agreement(servants=1001, adhesions=((date(2024, 2, 1), 500),))
    assert activation_of(short) == (None, date(2024, 4, 15))
    enough = agreement(servants=1001, adhesions=((date(2024, 2, 1), 501),))
    assert activation_of(enough) == (date(2024, 2, 1), None)


def test_the_count_is_cumulative_and_the_day_is_the_one_it_is_reached() -> None:
    # 200 (20 %), +250 = 450 (45 %), +60 = 510 (51 %) on 2024-03-10, +300 later
    a = agreement(
        adhesions=(
            (date(2024, 3, 10), 60),  # out of order on purpose: counted by date
            (date(2024, 1, 20), 200),
            (date(2024, 2, 10), 250),
            (date(2024, 4, 1), 300),
        )
    )
    assert activation_of(a) == (date(2024, 3, 10), None)


def test_reached_on_the_last_day_of_the_window() -> None:
    a = agreement(adhesions=((date(2024, 4, 15), 500),))
    assert activation_of(a) == (date(2024, 4, 15), None)


def test_reached_the_day_after_the_window_rescinds() -> None:
    a = agreement(adhesions=((date(2024, 4, 16), 500),))
    assert activation_of(a) == (None, date(2024, 4, 15))


def test_month_end_window() -> None:
    # signed 2024-01-31: the window ends 2024-04-30, so reaching on 05-01 is too late
    late = agreement(date(2024, 1, 31), adhesions=((date(2024, 5, 1), 600),))
    assert activation_of(late) == (None, date(2024, 4, 30))
    in_time = agreement(date(2024, 1, 31), adhesions=((date(2024, 4, 30), 600),))
    assert activation_of(in_time) == (date(2024, 4, 30), None)


def test_reduced_threshold_and_longer_window() -> None:
    # art. 5 §4: 30 % within 6 months; 300 of 1000 on 2024-07-10, window to 2024-07-15
    a = agreement(adhesions=((date(2024, 7, 10), 300),), threshold=Decimal(30), window_months=6)
    assert activation_of(a) == (date(2024, 7, 10), None)
    fractional = agreement(adhesions=((date(2024, 2, 1), 333),), threshold=Decimal("33.4"))
    assert activation_of(fractional) == (None, date(2024, 4, 15))  # 33.3 % < 33.4 %


def test_given_dates_win_over_the_facts() -> None:
    # the facts say never reached, but the payer wrote an activation: it wins
    a = agreement(adhesions=((date(2024, 2, 1), 10),), activated=date(2024, 3, 1))
    assert activation_of(a) == (date(2024, 3, 1), None)
    # a given rescission of an agreement never activated wins over the window's end
    r = agreement(adhesions=((date(2024, 2, 1), 10),), rescinded=date(2024, 3, 1))
    assert activation_of(r) == (None, date(2024, 3, 1))
    # activated by the facts, rescinded later by hand: both kept
    both = agreement(adhesions=((date(2024, 2, 1), 600),), rescinded=date(2025, 1, 1))
    assert activation_of(both) == (date(2024, 2, 1), date(2025, 1, 1))


def test_no_facts_and_no_activation_is_rescinded_at_the_window_end() -> None:
    assert activation_of(agreement(servants=None)) == (None, date(2024, 4, 15))


# -- the state on a day --------------------------------------------------------------------

ACTIVE = agreement(
    adhesions=((date(2024, 3, 1), 500),),
    rescinded=date(2025, 6, 1),
    suspensions=((date(2024, 9, 1), date(2024, 9, 30)),),
)
FAILED = agreement(adhesions=((date(2024, 3, 1), 100),))


@pytest.mark.parametrize(
    ("case", "day", "state", "reason"),
    [
        (ACTIVE, date(2024, 1, 14), AgreementState.NOT_YET_SIGNED, Reason.BEFORE_SIGNATURE),
        (ACTIVE, date(2024, 1, 15), AgreementState.PENDING, Reason.BELOW_THRESHOLD),
        (ACTIVE, date(2024, 2, 29), AgreementState.PENDING, Reason.BELOW_THRESHOLD),
        (ACTIVE, date(2024, 3, 1), AgreementState.ACTIVE, Reason.ACTIVE),
        (ACTIVE, date(2024, 8, 31), AgreementState.ACTIVE, Reason.ACTIVE),
        (ACTIVE, date(2024, 9, 1), AgreementState.SUSPENDED, Reason.SUSPENDED),
        (ACTIVE, date(2024, 9, 30), AgreementState.SUSPENDED, Reason.SUSPENDED),
        (ACTIVE, date(2024, 10, 1), AgreementState.ACTIVE, Reason.ACTIVE),
        (ACTIVE, date(2025, 5, 31), AgreementState.ACTIVE, Reason.ACTIVE),
        (ACTIVE, date(2025, 6, 1), AgreementState.RESCINDED, Reason.RESCINDED),
        (FAILED, date(2024, 4, 14), AgreementState.PENDING, Reason.BELOW_THRESHOLD),
        (FAILED, date(2024, 4, 15), AgreementState.RESCINDED, Reason.THRESHOLD_NOT_REACHED),
        (FAILED, date(2030, 1, 1), AgreementState.RESCINDED, Reason.THRESHOLD_NOT_REACHED),
    ],
)
def test_agreement_state(case: Agreement, day: date, state: AgreementState, reason: Reason) -> None:
    assert agreement_state(case, day) == (state, reason)


def test_state_is_the_same_before_and_after_the_loader_stores_the_derivation() -> None:
    activated, rescinded = activation_of(FAILED)
    stored = agreement(
        adhesions=FAILED.adhesions, activated=activated, rescinded=rescinded, derived=True
    )
    for day in (date(2024, 4, 14), date(2024, 4, 15)):
        assert agreement_state(stored, day) == agreement_state(FAILED, day)
