"""The fast contract reader against pydantic, the one definition of a valid contract.

``lotcheck.contract.fast_reader`` reads plainly valid contracts without importing pydantic (half
of the start-up) and hands everything else to the models of ``lotcheck.contract.models``. These
tests hold the fast reader to that promise: it never accepts what pydantic refuses, it never
builds a value pydantic would build differently, and it does accept the contracts people write.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from lotcheck.contract.fast_reader import plain_row, plain_settings
from lotcheck.contract.loading import read_toml
from lotcheck.contract.models import (
    ContractSettings,
    DentalSettings,
    FactorSettings,
    PriceRowModel,
    RuleSettings,
    TableSettings,
    from_model,
)
from lotcheck.contract.types import (
    ContractConfig,
    DentalConfig,
    FactorConfig,
    PriceRow,
    RuleConfig,
    TableConfig,
)

from lots import ROOT

PAIRS: list[tuple[type, type[BaseModel]]] = [
    (ContractConfig, ContractSettings),
    (FactorConfig, FactorSettings),
    (DentalConfig, DentalSettings),
    (TableConfig, TableSettings),
    (RuleConfig, RuleSettings),
]


#: model fields that are not settings: ``[[pricing]]`` is built into ``Contract.schemes``
#: (lotcheck.contract.scheme_build), with the editions it pins, not kept as a setting
NOT_SETTINGS = {"pricing"}


@pytest.mark.parametrize(("config", "model"), PAIRS)
def test_each_config_has_the_fields_of_its_model(config: type, model: type[BaseModel]) -> None:
    names = [name for name in model.model_fields if name not in NOT_SETTINGS]
    assert [f.name for f in fields(config)] == names


def test_the_defaults_are_the_models_defaults() -> None:
    built = from_model(ContractConfig, ContractSettings(name="x"))
    assert repr(ContractConfig(name="x")) == repr(built)
    assert repr(plain_settings({"name": "x"})) == repr(built)


def _pydantic(data: dict[str, Any]) -> ContractConfig | None:
    try:
        return from_model(ContractConfig, ContractSettings.model_validate(data))  # type: ignore[no-any-return]
    except ValidationError:
        return None


def _agree(data: dict[str, Any]) -> None:
    fast = plain_settings(data)
    if fast is not None:
        slow = _pydantic(data)
        assert slow is not None, f"fast reader accepted what pydantic refuses: {data!r}"
        # repr, not ==: a StrEnum equals its value and Decimal('1.5') equals Decimal('1.50')
        assert repr(fast) == repr(slow)


def test_the_contracts_people_write_take_the_fast_path() -> None:
    tomls = sorted((ROOT / "price_tables").glob("*/contract.toml"))
    assert tomls
    for path in tomls:
        data = read_toml(path, "settings")
        # [[pricing]] (formula methods) is always validated by its models; the settings beside
        # it are read as load_contract reads them, without it
        data.pop("pricing", None)
        assert plain_settings(data) is not None, path
        _agree(data)


# values near the edges: right and wrong types, patterns that pass or fail in ASCII, Unicode
# digits (pydantic's regex takes them, the fast reader leaves them to pydantic), trailing newlines
DECIMALS = st.sampled_from(["0", "1.00", "0.5", "12.345", "1,5", "-1", "", "1.", ".5", "١٢", "1\n"])
TEXT = st.one_of(
    DECIMALS, st.sampled_from(["x", "line", "unit", "LINE", "half_up", "half_even", "22/81000065"])
)
ODD = st.one_of(
    st.integers(-2, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)),
    st.just(datetime(2024, 1, 2, 3, 4)),
    st.times(),
    st.none(),
)
VALUE = st.one_of(TEXT, ODD, st.lists(st.one_of(TEXT, ODD), max_size=3))
SECTION_KEYS = {
    "factors": ["allowed", "other"],
    "dental": ["value_per", "tooth_required", "faces_required"],
    "tables": ["unpriced"],
    "rules": [f.name for f in fields(RuleConfig)],
}
TOP_KEYS = ["name", "rounding", "tolerance", "valid_until", "participation", "extra"]


@st.composite
def contracts(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(TOP_KEYS), unique=True)):
        if key == "participation":
            data[key] = draw(
                st.dictionaries(st.sampled_from(["00", "01", "13", "14", "1"]), VALUE, max_size=3)
            )
        else:
            data[key] = draw(VALUE)
    for section, keys in SECTION_KEYS.items():
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(keys), unique=True))
            data[section] = {k: draw(VALUE) for k in chosen}
    return data


@settings(max_examples=400, deadline=None)
@given(contracts())
def test_fast_settings_never_disagree_with_pydantic(data: dict[str, Any]) -> None:
    _agree(data)


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x", "rules": {"carnival_is_holiday": "true"}},  # pydantic's lax bool
        {"name": "x", "valid_until": "2024-01-01"},  # a date as text
        {"name": "x", "rules": {"urgency_night_start": "19:00"}},
        {"name": "x", "tolerance": "١٢"},  # Arabic-Indic digits: pydantic's \d takes them
    ],
)
def test_what_only_pydantic_accepts_goes_to_pydantic(data: dict[str, Any]) -> None:
    assert plain_settings(data) is None
    assert _pydantic(data) is not None


PRICES = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10, max_value=10**6),
    st.sampled_from([Decimal("1.500"), Decimal("0.001"), Decimal("1E+3"), Decimal("-0.00")]),
    st.sampled_from([Decimal("NaN"), Decimal("Infinity")]),
)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["22", "00", "2", "220", "٢٢", "ab", "22\n"]),
    st.one_of(
        st.sampled_from(["10101012", "A1.2-3", "12345678901", "", "1 2", "é"]),
        st.text(max_size=12),
    ),
    st.text(max_size=5),
    PRICES,
)
def test_fast_rows_never_disagree_with_pydantic(
    table: str, code: str, description: str, price: Decimal
) -> None:
    fast = plain_row(table, code, description, price)
    if fast is None:
        return
    model = PriceRowModel(table=table, code=code, description=description, price=price)
    slow = PriceRow(model.table, model.code, model.description, model.price)
    assert repr(fast) == repr(slow)


def test_a_plain_row_takes_the_fast_path() -> None:
    row = plain_row("22", "10101012", "Consulta", Decimal("93.00"))
    assert row == PriceRow("22", "10101012", "Consulta", Decimal("93.00"))
    assert plain_row("22", "10101012", "Consulta", Decimal("1.500")) is None  # pydantic decides


def test_rule_times_keep_their_type() -> None:
    config = plain_settings({"name": "x", "rules": {"urgency_night_start": time(18, 30)}})
    assert config is not None
    assert config.rules.urgency_night_start == time(18, 30)
