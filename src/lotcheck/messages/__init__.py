"""Every text lotcheck shows a person, in one catalog per language (``pt/``, ``en/``).

Owns: the catalogs, and filling a text's values in the reader's language.
May import: lotcheck.core.

Why one catalog: a reviewer reads one package per language and sees every sentence lotcheck can
say, and a test checks that both catalogs have the same keys and the same placeholders, and that
neither leaks the other language. Each language is split the same way by where a text is said
(``findings``, ``fragments``, ``cli``, ``ledger``, ``reports``) and joined into the three dicts
below (:mod:`lotcheck.messages.catalog`). Code never writes prose inline: it names a key and
passes values; this module fills them in the reader's language.

* ``FINDINGS``: finding code -> (title, message template).
* ``TEXTS``: key -> template, for everything else (command line, ledger, reports, the field
  labels and the fragments a finding's message is built from). Keys are namespaced by where
  they are said: ``cli.usage.*``, ``cli.help.*``, ``ledger.*``, ``report.*``, ``field.*``.
* ``PLURALS``: key -> (singular, plural) templates, chosen by the count ``n``.

A rule does not know the reader's language, so a message fragment it builds is a :class:`Msg`
(a key and its values) rendered later, by :func:`render`, with the rest of the message.

Values are localized as they are filled in: in Portuguese a plain decimal (``1942.50``) is
written ``1.942,50``, an ISO date (``2023-10-10``) ``10/10/2023``, a list of decimals
(``0.50, 0.70``) ``0,50; 0,70`` (a comma is the decimal mark) and a product of values
(``R$ 13.20 × 2``) ``R$ 13,20 × 2``. The machine-readable ``expected``/``found`` of a finding
keep the ISO and dot forms; only the prose changes. What the user typed or the file holds is
quoted as it is: a placeholder with a conversion (``{value!r}``, ``{found!s}``) or a
:class:`Verbatim` value is never localized (``'2023-02-30'`` must not read ``30/02/2023``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import ModuleType
from typing import Any

from lotcheck.core.money import group_thousands
from lotcheck.messages import en, pt

#: The languages lotcheck speaks; the first is the default.
LANGS: tuple[str, ...] = ("pt", "en")

_CATALOGS: dict[str, ModuleType] = {"pt": pt, "en": en}
_PLAIN_DECIMAL = re.compile(r"-?\d+\.\d+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: one term of a product or list a rule joined into a string: a number, maybe money
_TERM = re.compile(r"(R\$ )?(-?\d+(?:\.\d+)?)")
_PRODUCT = re.compile(r" × ")
_LIST = ", "


def normalize(lang: str | None) -> str:
    """``"en"``, ``"en_US.UTF-8"``, ``"EN"`` -> ``"en"``; anything else -> ``"pt"``."""
    return "en" if lang and lang.lower().startswith("en") else "pt"


@dataclass(frozen=True, slots=True)
class Msg:
    """A text to be written later in the reader's language: a catalog key and its values.

    Values may themselves be :class:`Msg` (rendered first). Frozen and picklable, so a hit
    carrying one can cross to a worker process and back.
    """

    key: str
    args: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Joined:
    """Values written one after the other with ``sep`` between them (each localized): a list
    whose separator is the message's, not :func:`localize`'s (``"; "`` between clauses that
    hold commas themselves, in every language)."""

    items: tuple[object, ...]
    sep: str = ", "


def and_list(items: Sequence[object]) -> object:
    """``a``, ``a e b``, ``a, b e c`` (``and`` in English): a list as a sentence says it."""
    if len(items) == 1:
        return items[0]
    return Msg("fragment.and", {"first": Joined(tuple(items[:-1])), "last": items[-1]})


class Verbatim(str):
    """A value written exactly as given, in every language: a path, what the user typed, a
    driver's error text. :func:`localize` leaves it alone."""

    __slots__ = ()


def as_given(params: Mapping[str, object]) -> dict[str, object]:
    """Every text value of an error's ``params`` as :class:`Verbatim`: what the user's files
    hold (a path, a code, a cell, a column name) or the system said is never localized, even
    when a caller forgot to say so. The keyed errors of the ledger, the contract and the
    eligibility folder all word their values through this."""
    return {k: Verbatim(v) if isinstance(v, str) else v for k, v in params.items()}


def _decimal(value: str) -> str:
    whole, _, frac = value.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{group_thousands(whole.lstrip('-'))},{frac}"


def _date(value: str) -> str | None:
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return None
    try:  # 2023-02-30 is not a date: it is left as the file wrote it
        date.fromisoformat(value)
    except ValueError:
        return None
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}"


def _term(value: str) -> str | None:
    """One plain term in Portuguese (None: not a number nor a date)."""
    if _PLAIN_DECIMAL.fullmatch(value):
        return _decimal(value)
    day = _date(value)
    if day is not None:
        return day
    match = _TERM.fullmatch(value)
    if match is None:
        return None
    number = match.group(2)
    return (match.group(1) or "") + (_decimal(number) if "." in number else number)


def _joined(value: str) -> str | None:
    """A product (``R$ 13.20 × 2 × 0.70``) or a list (``0.50, 0.70``) of plain terms, in
    Portuguese; None when ``value`` is anything else (then it is left as it is)."""
    for separator in (_PRODUCT, None):
        parts = separator.split(value) if separator is not None else value.split(_LIST)
        if len(parts) < 2:
            continue
        terms = [_term(part) for part in parts]
        if any(t is None for t in terms):
            return None
        if separator is not None:
            return " × ".join(t or "" for t in terms)
        # a comma is the decimal mark: a list of numbers is separated by semicolons
        glue = "; " if any("." in part for part in parts) else _LIST
        return glue.join(t or "" for t in terms)
    return None


def localize(value: object, lang: str) -> object:
    """One value as the reader writes it (see the module docstring); other values unchanged.

    Besides plain strings: a :class:`~decimal.Decimal` is a plain decimal, a
    :class:`~datetime.date` an ISO date, a :class:`~datetime.datetime` a date and ``HH:MM``, and a
    list or tuple is its items localized and joined.
    """
    if isinstance(value, Msg):
        return render(value, lang)
    if isinstance(value, Verbatim):
        return str(value)
    if isinstance(value, Joined):
        return value.sep.join(str(localize(item, lang)) for item in value.items)
    if isinstance(value, datetime):
        shown = localize(value.date().isoformat(), lang)
        return f"{shown} {value:%H:%M}"
    if isinstance(value, date):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    elif isinstance(value, (list, tuple)):
        return _sequence(value, lang)
    if lang == "en" or not isinstance(value, str):
        return value
    term = _term(value) if (_PLAIN_DECIMAL.fullmatch(value) or _ISO_DATE.fullmatch(value)) else None
    if term is not None:
        return term
    joined = _joined(value) if (" × " in value or _LIST in value) else None
    return joined if joined is not None else value


def _sequence(values: Sequence[object], lang: str) -> str:
    shown = [str(localize(v, lang)) for v in values]
    if lang != "en" and any("," in s for s in shown):
        return "; ".join(shown)
    return ", ".join(shown)


class _Formatter(string.Formatter):
    """``str.format`` that localizes each value for one language, writes a missing name as
    ``?`` and leaves a converted value (``!s``, ``!r``) exactly as given."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, int):
            return args[key] if key < len(args) else _MISSING
        return kwargs.get(key, _MISSING)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if value is _MISSING:
            return "?"
        if conversion is None:
            return localize(value, self.lang)
        if isinstance(value, (Msg, Joined)):
            value = localize(value, self.lang)
        return super().convert_field(
            str(value) if isinstance(value, Verbatim) else value, conversion
        )


_MISSING = object()


def fill(template: str, args: Mapping[str, object], lang: str) -> str:
    """``template`` with ``args`` localized for ``lang``; a missing name is written ``?``."""
    return _Formatter(normalize(lang)).vformat(template, (), args)


def render(msg: Msg, lang: str) -> str:
    """A :class:`Msg` in ``lang``."""
    lang = normalize(lang)
    catalog = _CATALOGS[lang]
    if msg.key in catalog.PLURALS:
        count = msg.args.get("n", 0)
        singular, plural = catalog.PLURALS[msg.key]
        return fill(singular if count == 1 else plural, msg.args, lang)
    return fill(catalog.TEXTS[msg.key], msg.args, lang)


class Worded:
    """A mixin for a value whose ``message`` is a :class:`Msg`: its text in each language, for
    logs and tests (a finding words it in the reader's language itself)."""

    __slots__ = ()
    message: Msg

    @property
    def message_pt(self) -> str:
        """The message in Portuguese."""
        return render(self.message, "pt")

    @property
    def message_en(self) -> str:
        """The message in English."""
        return render(self.message, "en")


def text(lang: str, key: str, **args: object) -> str:
    """The catalog text ``key`` in ``lang`` with ``args`` filled in (a plural by ``n``)."""
    return render(Msg(key, args), lang)


def both(key: str, **args: object) -> tuple[str, str]:
    """The text ``key`` in Portuguese and in English, for values that carry both (an error
    raised before anyone knows the reader's language)."""
    return text("pt", key, **args), text("en", key, **args)


def template(lang: str, key: str) -> str:
    """The catalog text ``key`` unfilled: for a library that fills it itself (Typer's panels)."""
    return str(_CATALOGS[normalize(lang)].TEXTS[key])


def has_text(key: str) -> bool:
    """Whether ``key`` is a text (or plural) of the catalogs."""
    return key in pt.TEXTS or key in pt.PLURALS


def field_label(tag: str, lang: str) -> str:
    """How a person names a TISS element (``valorUnitario`` -> ``valor unitário``): the
    ``field.<tag>`` text, or the tag itself for one the catalogs do not name."""
    key = f"field.{tag}"
    return text(lang, key) if key in pt.TEXTS else tag


def finding_title(code: str, lang: str) -> str:
    """The short title of a finding code."""
    return str(_CATALOGS[normalize(lang)].FINDINGS[code][0])


def finding_template(code: str, lang: str) -> str:
    """The message template of a finding code (names in braces are the hit's values)."""
    return str(_CATALOGS[normalize(lang)].FINDINGS[code][1])


def has_finding(code: str) -> bool:
    """Whether every catalog words this finding code (checked when a code is declared)."""
    return all(code in catalog.FINDINGS for catalog in _CATALOGS.values())
