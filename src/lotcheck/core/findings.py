"""Findings: the frozen values a check produces.

A rule does not know the file it runs on, nor the language the user reads; it yields a small
:class:`Hit` (which code, the values, the element concerned). The engine stamps the rest: severity,
message in the user's language, file line and XPath, guide and item numbers. That split keeps
rules tiny and makes every finding look the same whoever wrote the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lotcheck import messages
from lotcheck.core.codes import Severity, check_glosa, spec
from lotcheck.core.model import Guide, Item
from lotcheck.messages import Msg


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong (or worth knowing) about a lot. Never mutated after creation."""

    code: str
    severity: Severity
    message: str
    guide: str | None = None  # numeroGuiaPrestador
    item: str | None = None  # sequencialItem
    line: int | None = None
    column: int | None = None
    xpath: str | None = None
    expected: str | None = None
    found: str | None = None
    glosa: str | None = None
    #: the item's execution date (ISO), or the guide's first item date for a guide-level finding;
    #: the conference report orders its detail by date
    date: str | None = None
    #: numeroGuiaOperadora, the payer's authorization number: the other order the portals use
    authorization: str | None = None
    #: how the expected value was made, for a finding about a priced item (a value finding):
    #: method, version or edition, components, percentage, expected unit and total, as decimal
    #: strings (see :func:`lotcheck.pricing.explain.pricing_data`). Not hashed: a dict
    pricing: Mapping[str, Any] | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        spec(self.code)  # unknown codes fail loudly
        check_glosa(self.glosa)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "guide": self.guide,
            "item": self.item,
            "line": self.line,
            "column": self.column,
            "xpath": self.xpath,
            "expected": self.expected,
            "found": self.found,
            "glosa": self.glosa,
            "date": self.date,
            "authorization": self.authorization,
            **({"pricing": self.pricing} if self.pricing is not None else {}),
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: the engine turns it into a :class:`Finding`.

    ``field`` names the field of the item (or guide) the hit is about, so the finding can point
    at its element and line wherever it sits (``…/ans:procedimento/ans:codigoProcedimento``);
    an absent field points at the element that should hold it (see :mod:`lotcheck.core.locations`).
    ``line``/``xpath`` given explicitly win (a team member's degree, the epílogo hash).
    ``glosa`` and ``severity`` override the code's defaults (a value above the table is 1705,
    below is 1706; a payer pack may lower a severity). ``glosa=NO_GLOSA`` says the finding
    carries no glosa at all (a payer's pack that cites none), which ``None``, "the code's
    default", cannot say.
    """

    code: str
    args: Mapping[str, object] = field(default_factory=dict)
    expected: str | None = None
    found: str | None = None
    guide: Guide | None = None
    item: Item | None = None
    field: str | None = None
    glosa: str | None = None
    severity: Severity | None = None
    line: int | None = None
    column: int | None = None
    xpath: str | None = None
    #: the explanation of the price the hit judged (becomes :attr:`Finding.pricing`)
    pricing: Mapping[str, Any] | None = None


#: :attr:`Hit.glosa` for "no glosa", as opposed to None, "the code's own glosa"
NO_GLOSA = "none"

#: the arguments that name a TISS element: a message says them as a person does
_ELEMENT_ARGS = ("field", "element")


def make_finding(hit: Hit, lang: str) -> Finding:
    """Stamp a hit: severity, message, location, guide and item numbers."""
    code_spec = spec(hit.code)
    args = dict(hit.args)
    args.setdefault("expected", hit.expected)
    args.setdefault("found", hit.found)
    if hit.field is not None:
        args.setdefault("field", hit.field)
    for name in _ELEMENT_ARGS:
        element = args.get(name)
        if isinstance(element, str) and messages.has_text(f"field.{element}"):
            args[name] = Msg(f"field.{element}")
    message = messages.fill(code_spec.template(lang), args, lang)

    line, xpath = hit.line, hit.xpath
    owner: Item | Guide | None = hit.item if hit.item is not None else hit.guide
    if owner is not None and xpath is None:
        if hit.field is not None:
            xpath, line = owner.locate(hit.field)
        else:
            xpath, line = owner.xpath, owner.line
    guide_number = hit.guide.number if hit.guide is not None else None
    return Finding(
        code=code_spec.code,
        severity=hit.severity or code_spec.severity,
        message=message,
        guide=guide_number,
        item=hit.item.sequence if hit.item is not None else None,
        line=line,
        column=hit.column,
        xpath=xpath,
        expected=hit.expected,
        found=hit.found,
        glosa=_glosa(hit.glosa, code_spec.glosa),
        date=_finding_date(hit),
        authorization=hit.guide.operator_number if hit.guide is not None else None,
        pricing=hit.pricing,
    )


def _finding_date(hit: Hit) -> str | None:
    """The date a conference report files the finding under: the item's, else the guide's first."""
    if hit.item is not None and hit.item.date is not None:
        return hit.item.date.isoformat()
    if hit.guide is not None:
        dates = [item.date for item in hit.guide.items if item.date is not None]
        if dates:
            return min(dates).isoformat()
    return None


def _glosa(override: str | None, default: str | None) -> str | None:
    """The finding's glosa: the hit's override, none for :data:`NO_GLOSA`, else the code's."""
    if override is None:
        return default
    return None if override == NO_GLOSA else override
