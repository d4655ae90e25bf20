"""pydantic's errors about a contract, worded from the catalogs (``contract.validation.*``).

pydantic words its errors in English only (``Input should be a valid date``), and a billing clerk
reads the contract's errors in Portuguese. Each error has a ``type`` (``missing``,
``literal_error``...) and its values (``ctx``): this module names the catalog text of each type
the contract models can produce, with the field's path, so the sentence is ours in both
languages. A type not listed here falls back to pydantic's own ``msg``, quoted as it is, so
nothing is lost when a new pydantic or a new field brings a new one.

Our own validators raise :class:`~pydantic_core.PydanticCustomError` with a ``lotcheck_*`` type
(:func:`custom`): the same path reaches their catalog text, with their values.

Imported with the models only (pydantic is loaded for a contract the fast reader does not
accept, never for a plainly valid one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from lotcheck import messages
from lotcheck.contract.types import (
    CODE_PATTERN,
    CODE_REF_PATTERN,
    DECIMAL_PATTERN,
    TABLE_PATTERN,
    VALUE_PER_PATTERN,
)
from lotcheck.messages import Joined, Msg, Verbatim

#: pydantic error type -> catalog text (``contract.validation.<text>``): the types the models of
#: ``contract.toml``, ``[[pricing]]`` and a price row can produce (their str, int, bool,
#: Decimal, date, time, list, dict, Literal and enum fields, patterns, lengths, ``ge``/``le``,
#: the ``method`` discriminator); ``greater_than``/``less_than`` too, for the next bound written
#: ``gt``/``lt``. The values each text takes come from :func:`_values`.
_TYPES: dict[str, str] = {
    "missing": "missing",
    "extra_forbidden": "extra",
    "string_type": "text",
    "string_too_short": "too_few_chars",
    "string_too_long": "too_many_chars",
    "string_pattern_mismatch": "pattern",
    "int_type": "whole",
    "int_parsing": "whole",
    "int_from_float": "whole",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "decimal_type": "decimal",
    "decimal_parsing": "decimal",
    "decimal_max_places": "decimal_places",
    "greater_than": "greater_than",
    "greater_than_equal": "at_least",
    "less_than": "less_than",
    "less_than_equal": "at_most",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "time_type": "time",
    "time_parsing": "time",
    "list_type": "list",
    "too_short": "too_few_items",
    "dict_type": "table",
    "model_type": "table",
    "model_attributes_type": "table",
    "literal_error": "choice",
    "enum": "choice",
    "union_tag_invalid": "tag_invalid",
    "union_tag_not_found": "tag_missing",
}

#: a pattern of the models -> what a value matching it is (``contract.validation.is.<name>``)
_PATTERNS: dict[str, tuple[str, dict[str, object]]] = {
    DECIMAL_PATTERN: ("decimal", {"example": Verbatim("0.80")}),
    CODE_REF_PATTERN: ("code_ref", {"code": Verbatim("40301010"), "ref": Verbatim("22/40301010")}),
    TABLE_PATTERN: ("table", {"example": Verbatim("22")}),
    CODE_PATTERN: ("code", {}),
    VALUE_PER_PATTERN: ("value_per", {"line": Verbatim("line"), "unit": Verbatim("unit")}),
}

#: the quoted choices of a literal or an enum error: ``'component' or 'sum'``
_CHOICE = re.compile(r"'((?:[^'\\]|\\.)*)'")


def custom(kind: str, **values: object) -> PydanticCustomError:
    """The error one of our validators raises: ``lotcheck_<kind>``, worded by
    ``contract.validation.own.<kind>`` with ``values``. The English template is pydantic's
    ``msg`` only (for a reader of pydantic's own output); the sentence shown is the catalog's."""
    english = messages.text("en", f"contract.validation.own.{kind}", **_own_values(values))
    template = english.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError(f"lotcheck_{kind}", template, dict(values))


def problems(
    exc: ValidationError, prefix: str = "", names: Mapping[str, str] | None = None
) -> Joined:
    """Every error of ``exc``, each ``field.path: what``, one after the other (``prefix``
    before each path: the errors of ``[[pricing]]`` read ``pricing.0.terms.1.uco: ...``;
    ``names``: what the user calls a field, such as a price row's CSV columns)."""
    return Joined(tuple(problem(error, prefix, names) for error in exc.errors()), sep="; ")


def problem(error: ErrorDetails, prefix: str = "", names: Mapping[str, str] | None = None) -> Msg:
    """One error: its path and what is wrong there."""
    loc = [str(part) for part in error["loc"]]
    if names and loc:
        loc[0] = names.get(loc[0], loc[0])
    path = ".".join([prefix, *loc] if prefix else loc)
    where: object = Verbatim(path) if path else Msg("contract.validation.root")
    return Msg("contract.validation.at", {"path": where, "what": what(error)})


def what(error: ErrorDetails) -> Msg:
    """What is wrong, from the catalog by the error's type; pydantic's words when it is not
    one we name."""
    kind = error["type"]
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind.startswith("lotcheck_"):
        own = kind.removeprefix("lotcheck_")
        return Msg(f"contract.validation.own.{own}", _own_values(ctx))
    text = _TYPES.get(kind)
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        text = "empty"
    if text is None:
        return Msg("contract.validation.other", {"msg": Verbatim(error["msg"])})
    return Msg(f"contract.validation.{text}", _values(kind, ctx, error.get("input")))


def _own_values(ctx: Mapping[str, Any]) -> dict[str, object]:
    return {k: Verbatim(v) if isinstance(v, str) else v for k, v in ctx.items()}


def _shown(value: object) -> object:
    """What the user wrote: a text in quotes as written, a whole number or a list as TOML has
    it; a decimal (a price the CSV reader parsed) as the reader writes numbers."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Verbatim("true" if value else "false")
    if isinstance(value, int):
        return Verbatim(str(value))
    return Verbatim(repr(value))


def _values(kind: str, ctx: Mapping[str, Any], given: object) -> dict[str, object]:
    """The values the text of ``kind`` takes."""
    if kind == "string_too_short":
        return {"n": ctx.get("min_length", 1)}
    if kind == "string_too_long":
        return {"n": ctx.get("max_length", 0)}
    if kind == "too_short":
        return {"n": ctx.get("min_length", 1)}
    if kind == "decimal_max_places":
        return {"n": ctx.get("decimal_places", 0)}
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "?")
        return {"bound": bound, "input": _shown(given)}
    if kind == "string_pattern_mismatch":
        name, examples = _PATTERNS.get(str(ctx.get("pattern")), ("other", {}))
        if name == "other":
            examples = {"pattern": Verbatim(str(ctx.get("pattern", "")))}
        expected = Msg(f"contract.validation.is.{name}", examples)
        return {"input": _shown(given), "expected": expected}
    if kind in ("literal_error", "enum"):
        return {"input": _shown(given), "expected": _choices(str(ctx.get("expected", "")))}
    if kind == "union_tag_invalid":
        return {
            "field": Verbatim(str(ctx.get("discriminator", "")).strip("'")),
            "tag": Verbatim(str(ctx.get("tag", ""))),
            "expected": _choices(str(ctx.get("expected_tags", ""))),
        }
    if kind == "union_tag_not_found":
        return {"field": Verbatim(str(ctx.get("discriminator", "")).strip("'"))}
    if kind.startswith(("date_", "time_")):
        return {"input": _shown(given)}
    return {}


def _choices(expected: str) -> object:
    """pydantic's ``'a', 'b' or 'c'`` as a list the reader's language joins (``ou``/``or``)."""
    quoted = [Verbatim(f"'{choice}'") for choice in _CHOICE.findall(expected)]
    if not quoted:
        return Verbatim(expected)
    if len(quoted) == 1:
        return quoted[0]
    return Msg("contract.validation.or", {"first": Joined(tuple(quoted[:-1])), "last": quoted[-1]})
