"""What a price lookup says, for every front that answers one: ``lotcheck price``, the staff
page's prices form and ``POST /api/v1/price``.

One copy of what they share, so the three never drift apart: how a day and an amount typed by
a person are read (:func:`parse_day`, :func:`parse_amount`), the answer as data
(:func:`answer_data`, ``schemas/price.schema.json``), and the lines of the answer, each worded with the
``cli.price.*`` texts of the catalogs (:func:`answer_rows`): what the line is, how its unit
was made (the method, the term in force, the degree and its percentage, the formula), and what
to bill. Money is written by the caller's ``money`` (the command and the page each keep their
own way of writing an amount); by default as ``lotcheck price`` writes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from lotcheck import messages
from lotcheck.core.money import format_decimal, format_money
from lotcheck.messages import Msg, Verbatim
from lotcheck.pricing import explain
from lotcheck.pricing.result import Priced

#: ASCII digits only: ``\\d`` would take other scripts' digits, which ``int`` then reads
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_BR_DAY = re.compile(r"([0-9]{2})/([0-9]{2})/([0-9]{4})")
#: a quantity or factor as typed: digits, one decimal mark (point or comma), no grouping
_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def parse_day(value: str) -> date | None:
    """``2024-03-01`` or ``01/03/2024``, exactly (nothing around it); None if neither, or not
    a day of the calendar (``2024-02-30``)."""
    iso = _ISO_DAY.fullmatch(value)
    brazilian = _BR_DAY.fullmatch(value) if iso is None else None
    try:
        if iso is not None:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if brazilian is not None:
            day, month, year = brazilian.groups()
            return date(int(year), int(month), int(day))
    except ValueError:
        return None
    return None


def parse_amount(value: str) -> Decimal | None:
    """``2``, ``1.5`` or ``0,70`` as a Decimal; None for anything else (a thousands mark, an
    exponent, a sign, a blank): a factor typed ``1.000`` must not be read as anything."""
    if not _DECIMAL.fullmatch(value):
        return None
    return Decimal(value.replace(",", "."))


def answer_data(priced: Priced, day: date) -> dict[str, object]:
    """The answer as data (``schemas/price.schema.json``): the pricing explanation of a JSON
    finding, and the date asked."""
    data = explain.pricing_data(priced)
    return {
        "code": data.pop("code"),
        "table": data.pop("table"),
        "description": data.pop("description"),
        "date": day.isoformat(),
        "degree": data.pop("degree"),
        **data,
    }


def words(lang: str, key: str, **values: object) -> str:
    """The ``cli.price.<key>`` text in ``lang``."""
    return messages.text(lang, f"cli.price.{key}", **values)


def answer_rows(
    priced: Priced,
    day: date,
    lang: str,
    money: Callable[[Decimal], str] | None = None,
) -> list[tuple[str, str]]:
    """``(key, value)`` for each line of the answer, in order: code, table, date, method,
    degree, formula, unit, quantity and factor, total (``cli.price.label.<key>`` labels it)."""
    write = money or (lambda amount: words(lang, "money", value=format_money(amount)))
    rate = priced.rate
    row = rate.row
    described = (
        words(lang, "described", code=Verbatim(row.code), description=Verbatim(row.description))
        if row.description
        else row.code
    )
    method = Msg(f"fragment.method.{rate.scheme}")
    if rate.scheme == "list":
        how = words(lang, "method_list", method=method, version=rate.version.isoformat())
    else:
        edition = Msg("fragment.formula.edition", {"edition": rate.edition}) if rate.edition else ""
        how = words(
            lang, "method_scheme", method=method, edition=edition, version=rate.version.isoformat()
        )
    pct = format_decimal(rate.pct.normalize())
    degree = (
        words(lang, "degree_pct", degree=Verbatim(rate.degree), pct=pct)
        if rate.degree is not None
        else words(lang, "no_degree", pct=pct)
    )
    times = words(
        lang,
        "times",
        quantity=format_decimal(priced.quantity),
        factor=format_decimal(priced.factor),
    )
    return [
        ("code", described),
        ("table", row.table),
        ("date", str(messages.localize(day.isoformat(), lang))),
        ("method", how),
        ("degree", degree),
        ("formula", messages.render(explain.formula(rate), lang)),
        ("unit", write(rate.unit)),
        ("quantity_factor", times),
        ("total", write(priced.expected_total)),
    ]
