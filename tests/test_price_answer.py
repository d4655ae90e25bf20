"""The one reading of a typed day for `lotcheck price`, the page and the API
(lotcheck.pricing.answer.parse_day): the page's copy took other scripts' digits (``\\d``)."""

from __future__ import annotations

from datetime import date

import pytest

from lotcheck.pricing.answer import parse_day


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2023-10-15", date(2023, 10, 15)),
        ("15/10/2023", date(2023, 10, 15)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2023-02-29", None),  # not a day of the calendar
        ("15/10/23", None),
        (" 2023-10-15", None),  # nothing around it: the page strips what a person typed first
        ("\u0662\u0660\u0662\u0663-\u0661\u0660-\u0661\u0665", None),  # Arabic-Indic digits
        ("２０２３-１０-１５", None),  # fullwidth digits
    ],
)
def test_a_day_is_iso_or_brazilian_in_ascii_digits(typed: str, day: date | None) -> None:
    assert parse_day(typed) == day
