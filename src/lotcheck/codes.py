"""The registry of finding codes.

A finding code (``value.unit_mismatch``) is a promise to the ERP pipelines that read our JSON: it is
never renamed without an alias and never reused for another meaning. Each code is declared once,
next to the check that emits it, as a :class:`CodeSpec` whose text *is* its user documentation
(``lotcheck rules`` and the README list them from here).

The ANS denial code (glosa, TISS table 38) a code points to is checked against the table shipped in
``data/glosa_tiss38.csv`` when the spec is created, the way pyx12 validates its error codes: a typo
in a glosa code fails at import, not in a payer's portal.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources


class Severity(StrEnum):
    """How bad a finding is. Only errors make ``lotcheck check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@cache
def glosa_table() -> dict[str, str]:
    """The subset of ANS table 38 (mensagens de glosa) that lotcheck findings point to."""
    text = resources.files("lotcheck.data").joinpath("glosa_tiss38.csv").read_text("utf-8")
    return {
        row["codigo"]: row["descricao"] for row in csv.DictReader(text.splitlines(), delimiter=";")
    }


def check_glosa(glosa: str | None) -> str | None:
    """Return ``glosa`` if it is a known table 38 code; raise otherwise."""
    if glosa is not None and glosa not in glosa_table():
        raise ValueError(f"glosa code {glosa!r} is not in ANS table 38 as shipped with lotcheck")
    return glosa


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One finding code and its documentation.

    ``message_pt``/``message_en`` are ``str.format`` templates; the names in braces are filled from
    the hit's arguments plus ``expected`` and ``found``.
    """

    code: str
    severity: Severity
    glosa: str | None
    title_pt: str
    title_en: str
    message_pt: str
    message_en: str
    doc: str
    example: str
    aliases: tuple[str, ...] = field(default=())
    #: Other glosa codes a hit of this code may carry (e.g. 1705 *or* 1706 by direction).
    alt_glosas: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        check_glosa(self.glosa)
        for alt in self.alt_glosas:
            check_glosa(alt)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_pt

    def template(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_pt


_REGISTRY: dict[str, CodeSpec] = {}
_ALIASES: dict[str, str] = {}


def register(*specs: CodeSpec) -> tuple[CodeSpec, ...]:
    """Add codes to the registry. A code (or alias) declared twice is a programming error."""
    for spec in specs:
        if spec.code in _REGISTRY or spec.code in _ALIASES:
            raise ValueError(f"finding code {spec.code!r} declared twice")
        _REGISTRY[spec.code] = spec
        for alias in spec.aliases:
            if alias in _REGISTRY or alias in _ALIASES:
                raise ValueError(f"alias {alias!r} already used")
            _ALIASES[alias] = spec.code
    return specs


def spec(code: str) -> CodeSpec:
    """Look up a code (or one of its old aliases)."""
    return _REGISTRY[_ALIASES.get(code, code)]


def all_specs() -> list[CodeSpec]:
    """Every registered code, sorted; imports the modules that declare them first."""
    import lotcheck.batch
    import lotcheck.engine
    import lotcheck.parser
    import lotcheck.rules  # noqa: F401  (registers every rule's codes)

    return sorted(_REGISTRY.values(), key=lambda s: s.code)
