"""Money: explicit rounding modes, no float anywhere."""

from decimal import Decimal

import pytest

from lotcheck.core.money import (
    Rounding,
    format_brl,
    parse_table_number,
    parse_xml_decimal,
    round_money,
)


def test_half_up_and_half_even_differ_on_a_tie() -> None:
    # 100.15 x 30 % = 30.045: half-up gives 30.05, half-even keeps the even cent 30.04
    value = Decimal("100.15") * Decimal(30) / Decimal(100)
    assert value == Decimal("30.045")
    assert round_money(value, Rounding.HALF_UP) == Decimal("30.05")
    assert round_money(value, Rounding.HALF_EVEN) == Decimal("30.04")


def test_decimal_gets_right_what_float_gets_wrong() -> None:
    # 10.35 x 30 % = 3.105 exactly; in binary float it is 3.10499..., which rounds down
    assert round(10.35 * 30 / 100, 2) == 3.1  # the float trap this project avoids
    exact = Decimal("10.35") * Decimal(30) / Decimal(100)
    assert exact == Decimal("3.105")
    assert round_money(exact, Rounding.HALF_UP) == Decimal("3.11")


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("1.234,56", True, Decimal("1234.56")),
        ("93,00", True, Decimal("93.00")),
        ("93", True, Decimal("93")),
        ("93.00", True, Decimal("93.00")),  # a dot + 2 digits is a decimal point, not thousands
        ("1.234", True, Decimal("1234")),  # thousands group of 3
        ("R$ 1.850,00", True, Decimal("1850.00")),
        ("1234.56", False, Decimal("1234.56")),
        ("1,234.56", False, None),
        ("12,3,4", True, None),
        ("abc", True, None),
        ("", True, None),
    ],
)
def test_parse_table_number(text: str, comma: bool, expected: Decimal | None) -> None:
    assert parse_table_number(text, decimal_comma=comma) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.00", Decimal("1.00")), (" 2 ", Decimal("2")), ("1,00", None), ("1e3", None), (None, None)],
)
def test_parse_xml_decimal(text: str | None, expected: Decimal | None) -> None:
    assert parse_xml_decimal(text) == expected


def test_format_brl() -> None:
    assert format_brl(Decimal("1234567.5")) == "R$ 1.234.567,50"
    assert format_brl(Decimal("-0.5")) == "-R$ 0,50"


@pytest.mark.parametrize("text", ["١٢٣.٤٥", "１２.５０", "12.5\u0660", "٠.٥٠"])
def test_decimals_take_ascii_digits_only(text: str) -> None:
    # the XSD's decimal digits are [0-9]; Python's \d and Decimal() accept any script's digits
    assert parse_xml_decimal(text) is None
    assert parse_table_number(text, decimal_comma=False) is None
    assert parse_table_number(text.replace(".", ","), decimal_comma=True) is None
