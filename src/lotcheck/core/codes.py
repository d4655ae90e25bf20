"""The registry of finding codes.

A finding code (``value.unit_mismatch``) is a promise to the ERP pipelines that read our JSON: it is
never renamed without an alias and never reused for another meaning. Each code is declared once,
next to the check that emits it, as a :class:`CodeSpec` whose text *is* its user documentation
(``lotcheck rules`` and the README list them from here).

The ANS denial code (glosa) a code points to comes from TUSS table 38 ("mensagens de glosa") and
nowhere else. ``data/glosa_tiss38.csv`` ships the rows of that table lotcheck uses (its findings and
its bundled payer packs), copied unchanged from the ANS file with the table's version in a header
comment; every glosa is checked against it when a spec, a pack rule or a finding is created, the
way pyx12 validates its error codes: a code of an older list, or a typo, fails at import, not in a
payer's portal. ``tests/test_glosa.py`` holds the shipped rows to the official file.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

from lotcheck import messages


class Severity(StrEnum):
    """How bad a finding is. Only errors make ``lotcheck check`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


GLOSA_FILE = "glosa_tiss38.csv"
_GLOSA_COLUMNS = ["codigo", "descricao", "grupo"]


@dataclass(frozen=True, slots=True)
class GlosaEntry:
    """One row of ANS table 38: the code, its official description and the group it belongs to."""

    code: str
    description: str
    group: str


@cache
def _glosa_file() -> tuple[dict[str, str], dict[str, GlosaEntry]]:
    """Read the shipped table: ``# key: value`` header comments, then ``codigo;descricao;grupo``.

    A malformed file is a packaging bug, so it raises rather than shipping a partial table.
    """
    text = resources.files("lotcheck.data").joinpath(GLOSA_FILE).read_text("utf-8")
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                meta[key.strip()] = value.strip()
        elif line:
            body.append(line)
    rows = list(csv.reader(body, delimiter=";"))
    if not rows or rows[0] != _GLOSA_COLUMNS or any(len(r) != 3 for r in rows[1:]):
        raise RuntimeError(f"{GLOSA_FILE}: expected the columns {';'.join(_GLOSA_COLUMNS)}")
    entries = {code: GlosaEntry(code, description, group) for code, description, group in rows[1:]}
    return meta, entries


def glosa_entries() -> dict[str, GlosaEntry]:
    """The subset of ANS table 38 that lotcheck's findings and bundled packs point to."""
    return _glosa_file()[1]


@cache
def glosa_table() -> dict[str, str]:
    """Code -> official description, for the codes in :func:`glosa_entries`."""
    return {code: entry.description for code, entry in glosa_entries().items()}


def glosa_table_version() -> str:
    """The TUSS version (``AAAAMM``) of table 38 the shipped rows were copied from."""
    return _glosa_file()[0]["versao"]


def check_glosa(glosa: str | None) -> str | None:
    """Return ``glosa`` if it is a table 38 code lotcheck ships; raise ``ValueError`` otherwise."""
    if glosa is not None and glosa not in glosa_entries():
        raise ValueError(
            f"glosa code {glosa!r} is not in ANS table 38 (TUSS version {glosa_table_version()}) "
            f"as shipped with lotcheck ({GLOSA_FILE}: the codes its findings and bundled packs use)"
        )
    return glosa


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One finding code and its documentation.

    Its title and message template, in each language, are in the message catalogs
    (:mod:`lotcheck.messages`), keyed by the code: a reviewer reads every sentence of a language in
    one file. A template's names in braces are filled from the hit's arguments plus ``expected``
    and ``found``. Declaring a code the catalogs do not word is a programming error, caught at
    import.
    """

    code: str
    severity: Severity
    glosa: str | None
    doc: str
    example: str
    #: The code's former names. A renamed code answers to them forever: :func:`spec` resolves
    #: them, a hit raised under one is reported under :attr:`code`, and ``lotcheck rules`` (text,
    #: JSON ``aliases``, Markdown "formerly") and SARIF (``deprecatedIds``) list them. The
    #: catalogs word only :attr:`code`; an alias is never reused for another meaning.
    aliases: tuple[str, ...] = field(default=())
    #: Other glosa codes a hit of this code may carry (e.g. 1705 *or* 1706 by direction).
    alt_glosas: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        check_glosa(self.glosa)
        for alt in self.alt_glosas:
            check_glosa(alt)
        if not messages.has_finding(self.code):
            raise ValueError(f"finding code {self.code!r} has no text in the message catalogs")

    def title(self, lang: str) -> str:
        return messages.finding_title(self.code, lang)

    def template(self, lang: str) -> str:
        return messages.finding_template(self.code, lang)

    @property
    def title_pt(self) -> str:
        return self.title("pt")

    @property
    def title_en(self) -> str:
        return self.title("en")


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
    """Look up a code, or one of its former names (``spec("guide.sequence").code`` is
    ``sequence.invalid``). ``KeyError`` for a code nobody declared."""
    return _REGISTRY[_ALIASES.get(code, code)]


def registered_specs() -> list[CodeSpec]:
    """The codes registered so far, sorted. :func:`lotcheck.registry.all_specs` imports every
    module that declares codes first; this one imports nothing, so low modules may call it."""
    return sorted(_REGISTRY.values(), key=lambda s: s.code)
