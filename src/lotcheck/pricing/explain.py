"""Every expected value explains itself: a rate's formula in words, and as data.

:func:`formula` words the formula that made a :class:`~lotcheck.pricing.result.Rate` with its
numbers, for a finding's message and for ``lotcheck price``: ``porte 3A R$ 150,00 × 0,80 + 12 UCO
× R$ 21,00 + 0,20 m² × R$ 30,00 = R$ 378,00`` (the catalogs hold the words, so the same formula
reads in Portuguese or English). :func:`pricing_data` is the same explanation as the structured
``pricing`` object of a JSON finding and of ``lotcheck price --format json``: decimals as
strings, exactly as computed, never floats.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lotcheck.core.money import HUNDRED, ONE, format_decimal, format_money
from lotcheck.messages import Joined, Msg
from lotcheck.pricing.result import Component, Priced, Rate


def money(value: Decimal) -> str:
    """A money term as the formula shows it: two decimals, or every decimal the value has (a CH
    value of R$ 0,4625 is not R$ 0,46)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and value != value.quantize(Decimal("0.01")):
        return f"{value.normalize():f}"
    return format_money(value) or ""


def _times(value: Decimal) -> Msg | str:
    """`` × 0,80`` for an adjustment or fraction other than 1, else nothing."""
    return "" if value == ONE else Msg("fragment.formula.times", {"value": format_decimal(value)})


def component_text(part: Component) -> Msg:
    """One component in words: ``porte 3A R$ 150,00 × 0,80``, ``12 UCO × R$ 21,00``…"""
    args: dict[str, object] = {
        "label": part.label or "",
        "quantity": format_decimal(part.quantity),
        "base": money(part.base),
        "adjust": _times(part.adjust),
    }
    if part.kind == "porte":
        args["fraction"] = _times(part.quantity)
    if part.kind == "reference":
        args["units"] = (
            ""
            if part.quantity == ONE
            else Msg("fragment.formula.units", {"quantity": format_decimal(part.quantity)})
        )
    return Msg(f"fragment.formula.{part.kind}", args)


def formula(rate: Rate) -> Msg:
    """The rate's formula in words, ending in its expected unit value."""
    pct = rate.pct.normalize()
    if rate.scheme == "list":
        return Msg(
            "fragment.formula.list",
            {
                "version": rate.version.isoformat(),
                "price": format_money(rate.row.price),
                "pct": format_decimal(pct),
            },
        )
    terms: object = Joined(tuple(component_text(c) for c in rate.components), " + ")
    if not rate.components:
        terms = Msg("fragment.formula.nothing")
    share: Msg | str = (
        "" if rate.pct == HUNDRED else Msg("fragment.formula.pct", {"pct": format_decimal(pct)})
    )
    return Msg(
        "fragment.formula.scheme",
        {
            "method": Msg(f"fragment.method.{rate.scheme}"),
            "edition": Msg("fragment.formula.edition", {"edition": rate.edition})
            if rate.edition
            else "",
            "version": rate.version.isoformat(),
            "pct": share,
            "terms": terms,
            "unit": format_money(rate.unit),
        },
    )


def _text(value: Decimal) -> str:
    return f"{value:f}"


def rate_data(rate: Rate) -> dict[str, Any]:
    """The rate as data: method, version (or term), edition, degree, percentage, components,
    the price at 100% and the expected unit."""
    return {
        "method": rate.scheme,
        "version": rate.version.isoformat(),
        "edition": rate.edition,
        "table": rate.row.table,
        "code": rate.row.code,
        "description": rate.row.description,
        "degree": rate.degree,
        "percentage": _text(rate.pct.normalize()),
        "components": [
            {
                "kind": c.kind,
                "label": c.label,
                "quantity": _text(c.quantity),
                "base": _text(c.base),
                "adjust": _text(c.adjust),
                "value": _text(c.value),
            }
            for c in rate.components
        ],
        "price": _text(rate.row.price),
        "unit": format_money(rate.unit),
    }


def pricing_data(priced: Priced) -> dict[str, Any]:
    """A priced line as data: :func:`rate_data` plus the quantity and factor used and the
    expected line total (the JSON finding's ``pricing``)."""
    data = rate_data(priced.rate)
    data["quantity"] = _text(priced.quantity)
    data["factor"] = _text(priced.factor)
    data["total"] = format_money(priced.expected_total)
    return data
