"""The texts of a lot as values: XSD dates and decimals, and the problems of those that are not.

Why apart: every billed line carries a date, a quantity and two or three amounts, so this is on
the hot path (a bounded cache per text stands for every repeat of "1.00" or the day), and the
items, the guides' own fields, the cabecalho and the lot totals must all read a value the same
strict way (ASCII digits only, no decimal comma, the xs:date form). A text that is not what its TISS type allows is not an exception: it becomes a
:class:`~lotcheck.core.model.ValueProblem` kept with its field, which
:func:`lotcheck.reader.items.value_problem_hit` turns into an ``item.invalid_value`` finding.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from lxml import etree

from lotcheck.core.model import ValueProblem
from lotcheck.core.money import parse_xml_decimal

#: an xs:date as TISS writes it: ASCII digits only (``\d`` alone takes "١٢" too), and the
#: optional time zone of xs:date, which does not change the day it names
_DATE_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))?", re.ASCII
)

#: text -> value for the decimals and dates a lot repeats on every line ("1", "1.00", a price,
#: the day). Decimal and date are immutable, so one object can stand for every occurrence; the
#: caches are emptied when full, which keeps them bounded whatever the lot.
_DECIMALS: dict[str, Decimal] = {}
_DATES: dict[str, date] = {}
_CACHE_LIMIT = 4096


def parse_date(
    text: str | None,
    name: str,
    lines: dict[str, int],
    problems: list[ValueProblem],
    line: int | None = None,
) -> date | None:
    """``text`` as a date; a problem (at the field's line, else ``line``) when it is not one."""
    if text is None:
        return None
    value = _DATES.get(text)
    if value is not None:
        return value
    value = xsd_date(text)
    if value is not None:
        if len(_DATES) >= _CACHE_LIMIT:
            _DATES.clear()
        _DATES[text] = value
        return value
    problems.append(ValueProblem(name, text, "date", lines.get(name, line)))
    return None


def xsd_date(text: str) -> date | None:
    """``YYYY-MM-DD`` with an optional xs:date time zone (``Z``, ``-03:00``), ASCII digits only.

    ``2023-10-10-03:00`` names the day 2023-10-10 (in Brasília time): the day is kept, the
    zone ignored. date.fromisoformat alone would also take ``20231010`` and fullwidth digits.
    """
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def xsd_decimal(text: str | None) -> Decimal | None:
    """:func:`parse_xml_decimal` for ASCII digits only (Decimal takes "١٢٣" and "１２")."""
    if text is None or not text.isascii():
        return None
    return parse_xml_decimal(text)


def parse_decimal(
    text: str | None,
    name: str,
    lines: dict[str, int],
    problems: list[ValueProblem],
    line: int | None = None,
) -> Decimal | None:
    """``text`` as an XSD decimal; a problem (at the field's line, else ``line``) otherwise."""
    if text is None:
        return None
    value = _DECIMALS.get(text)
    if value is not None:
        return value
    # the common case, without a regex (isascii: "²" is a digit to isdigit, not to Decimal)
    if text.isascii() and text.replace(".", "", 1).isdigit():
        value = Decimal(text)
    else:
        value = xsd_decimal(text)
        if value is None:
            problems.append(ValueProblem(name, text, "decimal", lines.get(name, line)))
            return None
    if len(_DECIMALS) >= _CACHE_LIMIT:
        _DECIMALS.clear()
    _DECIMALS[text] = value
    return value


def leaf_text(el: etree._Element) -> str | None:
    """The text of a leaf, stripped; None when it has none (or only blanks)."""
    text = el.text
    if text is None:
        return None
    text = text.strip()
    return text or None
