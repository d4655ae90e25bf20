"""The fast reader: the ``contract.toml`` settings and price rows that are plainly valid.

Importing pydantic and building the models costs ~0.15 s, a third of a one-file check, so this
reader accepts only what is plainly valid (exact types, ASCII patterns, known keys) and builds the
same plain dataclasses (:mod:`lotcheck.contract.types`) the models would. Each check returns the
value as pydantic would build it, or raises :class:`_NotPlain` when the value is anything but
plainly valid; the caller then hands the data to :mod:`lotcheck.contract.models`, which decides
and words the error if there is one. So this module never words an error of its own.

The checks are stricter than pydantic on purpose (exact types: no ``"true"`` for a boolean, no
string for a date; ASCII patterns, where pydantic's regex also takes other Unicode digits).
``tests/test_contract_reader.py`` checks on generated contracts that this reader never accepts
what pydantic refuses and never builds anything pydantic would build differently.

Imports: :mod:`lotcheck.contract.types` and :mod:`lotcheck.core.money` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from typing import Any

from lotcheck.contract.types import (
    CODE_PATTERN,
    CODE_REF_PATTERN,
    DECIMAL_PATTERN,
    DEGREES,
    SECTIONS,
    TABLE_PATTERN,
    VALUE_PER_PATTERN,
    ContractConfig,
    DentalConfig,
    FactorConfig,
    PriceRow,
    RuleConfig,
    TableConfig,
)
from lotcheck.core.money import Rounding


class _NotPlain(Exception):
    """Not plainly valid: let pydantic decide."""


def _matching(pattern: str) -> Callable[[Any], str]:
    compiled = re.compile(pattern, re.ASCII)

    def check(value: Any) -> str:
        if type(value) is str and compiled.fullmatch(value):
            return value
        raise _NotPlain

    return check


def _of_type(kind: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if type(value) is kind:
            return value
        raise _NotPlain

    return check


def _list_of(item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def check(value: Any) -> list[Any]:
        if type(value) is list:
            return [item(v) for v in value]
        raise _NotPlain

    return check


def _name(value: Any) -> str:
    if type(value) is str and value:
        return value
    raise _NotPlain


def _rounding(value: Any) -> Rounding:
    if type(value) is str and value in _ROUNDINGS:
        return Rounding(value)
    raise _NotPlain


_decimal_text = _matching(DECIMAL_PATTERN)


def _participation(value: Any) -> dict[str, str]:
    if type(value) is dict and all(type(k) is str and k in DEGREES for k in value):
        return {k: _decimal_text(v) for k, v in value.items()}
    raise _NotPlain


_ROUNDINGS = frozenset(r.value for r in Rounding)
_code_ref = _matching(CODE_REF_PATTERN)
#: per section class: field -> check (a section is a nested dataclass, read by _section)
_CHECKS: dict[type, dict[str, Callable[[Any], Any]]] = {
    FactorConfig: {"allowed": _list_of(_decimal_text)},
    DentalConfig: {
        "value_per": _matching(VALUE_PER_PATTERN),
        "tooth_required": _list_of(_code_ref),
        "faces_required": _list_of(_code_ref),
    },
    TableConfig: {"unpriced": _list_of(_of_type(str))},
    RuleConfig: {
        "same_route_factor": _decimal_text,
        "other_route_factor": _decimal_text,
        "urgency_factor": _decimal_text,
        "urgency_night_start": _of_type(time),
        "urgency_night_end": _of_type(time),
        "carnival_is_holiday": _of_type(bool),
        "holidays": _list_of(_of_type(date)),
    },
    ContractConfig: {
        "name": _name,
        "rounding": _rounding,
        "tolerance": _decimal_text,
        "valid_until": _of_type(date),
        "participation": _participation,
    },
}


def _section(kind: type, data: Any) -> Any:
    if type(data) is not dict:
        raise _NotPlain
    checks = _CHECKS[kind]
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in checks:
            values[key] = checks[key](value)
        elif kind is ContractConfig and key in SECTIONS:
            values[key] = _section(SECTIONS[key], value)
        else:
            raise _NotPlain  # an unknown key: pydantic names it
    return kind(**values)


def plain_settings(data: dict[str, Any]) -> ContractConfig | None:
    """The settings when they are plainly valid, else ``None`` (then pydantic decides)."""
    if "name" not in data:
        return None
    try:
        settings: ContractConfig = _section(ContractConfig, data)
    except _NotPlain:
        return None
    return settings


_table_text = _matching(TABLE_PATTERN)
_code_text = _matching(CODE_PATTERN)


def plain_row(table: str, code: str, description: str, price: Decimal) -> PriceRow | None:
    """The row when it is plainly valid (what PriceRowModel accepts as it is), else ``None``."""
    exponent = price.as_tuple().exponent
    if (
        len(code) <= 10
        and price.is_finite()
        and price >= 0
        and isinstance(exponent, int)
        and exponent >= -2
    ):
        try:
            return PriceRow(_table_text(table), _code_text(code), description, price)
        except _NotPlain:
            pass
    return None
