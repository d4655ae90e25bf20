"""Every text lotcheck shows a person, in one catalog per language (``pt.py``, ``en.py``).

Why one catalog: a reviewer reads one file per language and sees every sentence lotcheck can
say, and a test checks that both catalogs have the same keys and the same placeholders, and that
neither leaks the other language. Code never writes prose inline: it names a key and passes
values; this module fills them in the reader's language.

* ``FINDINGS``: finding code -> (title, message template).
* ``TEXTS``: key -> template, for everything else (command line, ledger, reports, and the
  fragments a finding's message is built from).
* ``PLURALS``: key -> (singular, plural) templates, chosen by the count ``n``.

A rule does not know the reader's language, so a message fragment it builds is a :class:`Msg`
(a key and its values) rendered later, by :func:`render`, with the rest of the message.

Values are localized as they are filled in: in Portuguese a plain decimal (``1942.50``) is
written ``1.942,50`` and an ISO date (``2023-10-10``) ``10/10/2023``. The machine-readable
``expected``/``found`` of a finding keep the ISO and dot forms; only the prose changes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType

from lotcheck.messages import en, pt
from lotcheck.money import group_thousands

#: The languages lotcheck speaks; the first is the default.
LANGS: tuple[str, ...] = ("pt", "en")

_CATALOGS: dict[str, ModuleType] = {"pt": pt, "en": en}
_PLAIN_DECIMAL = re.compile(r"-?\d+\.\d+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


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


class _Filled(dict[str, object]):
    """Format arguments that render a missing name as ``?`` instead of raising."""

    def __missing__(self, key: str) -> str:
        return "?"


def localize(value: object, lang: str) -> object:
    """One value as the reader writes it (see the module docstring); other values unchanged."""
    if isinstance(value, Msg):
        return render(value, lang)
    if lang == "en" or not isinstance(value, str):
        return value
    if _PLAIN_DECIMAL.fullmatch(value):
        whole, _, frac = value.partition(".")
        sign = "-" if whole.startswith("-") else ""
        return f"{sign}{group_thousands(whole.lstrip('-'))},{frac}"
    date = _ISO_DATE.fullmatch(value)
    if date:
        return f"{date.group(3)}/{date.group(2)}/{date.group(1)}"
    return value


def fill(template: str, args: Mapping[str, object], lang: str) -> str:
    """``template`` with ``args`` localized for ``lang``; a missing name is written ``?``."""
    return template.format_map(_Filled({k: localize(v, lang) for k, v in args.items()}))


def render(msg: Msg, lang: str) -> str:
    """A :class:`Msg` in ``lang``."""
    lang = normalize(lang)
    catalog = _CATALOGS[lang]
    if msg.key in catalog.PLURALS:
        count = msg.args.get("n", 0)
        singular, plural = catalog.PLURALS[msg.key]
        return fill(singular if count == 1 else plural, msg.args, lang)
    return fill(catalog.TEXTS[msg.key], msg.args, lang)


def text(lang: str, key: str, **args: object) -> str:
    """The catalog text ``key`` in ``lang`` with ``args`` filled in."""
    return render(Msg(key, args), lang)


def finding_title(code: str, lang: str) -> str:
    """The short title of a finding code."""
    return _CATALOGS[normalize(lang)].FINDINGS[code][0]


def finding_template(code: str, lang: str) -> str:
    """The message template of a finding code (names in braces are the hit's values)."""
    return _CATALOGS[normalize(lang)].FINDINGS[code][1]


def has_finding(code: str) -> bool:
    """Whether every catalog words this finding code (checked when a code is declared)."""
    return all(code in catalog.FINDINGS for catalog in _CATALOGS.values())
