"""What a fix did: the values it changed, what it could not fix, the corrected bytes.

Plain frozen values with no language in them (like findings before the engine words them): the
command line words each one with :func:`change_text` and :func:`leftover_text` in the reader's
language, and a library caller can keep, compare or print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lotcheck import messages
from lotcheck.core.findings import Hit, make_finding
from lotcheck.core.model import Guide, Item
from lotcheck.messages import Msg, Verbatim
from lotcheck.reader.values import xsd_decimal

#: the element named for the epílogo hash (it has no ``field.*`` label: findings never name it)
HASH = "hash"


@dataclass(frozen=True, slots=True)
class Change:
    """One element whose text the fix replaced. ``guide`` is the ``numeroGuiaPrestador`` and
    ``item`` the ``sequencialItem`` (None for a guide's total, the lot total and the hash);
    ``before`` and ``after`` are the texts as the file had them and as written."""

    guide: str | None
    item: str | None
    element: str
    xpath: str
    line: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Leftover:
    """Something the fix could not correct. ``reason`` is the code of the finding the check
    reports for it (``table.code_unknown``, ``participation.unknown``, ``factor.not_allowed``...),
    whose :class:`~lotcheck.core.findings.Hit` is ``hit``, or one of the fix's own reasons
    (``value_missing``, ``not_plain``, ``total_unknown``, ``hash_missing``; ``hit`` None) about
    ``element``."""

    reason: str
    guide: str | None
    item: str | None
    line: int | None
    xpath: str | None
    element: str | None = None
    hit: Hit | None = None

    @classmethod
    def of_hit(cls, hit: Hit) -> Leftover:
        """The leftover of a finding (an unpriced item, a factor the contract does not pay)."""
        finding = make_finding(hit, "en")  # for its location; worded again in the reader's language
        return cls(finding.code, finding.guide, finding.item, finding.line, finding.xpath, hit=hit)

    @classmethod
    def at(
        cls, reason: str, owner: Guide | Item, element: str, guide: Guide | None = None
    ) -> Leftover:
        """A leftover of the fix's own about ``element`` of an item (of ``guide``) or a guide."""
        xpath, line = owner.locate(element)
        if isinstance(owner, Item):
            number = guide.number if guide is not None else None
            return cls(reason, number, owner.sequence, line, xpath, element)
        return cls(reason, owner.number, None, line, xpath, element)


@dataclass(frozen=True, slots=True)
class FixResult:
    """The corrected lot (``data``: the input's bytes with only the changed texts replaced), what
    changed, in file order, and what could not be fixed. ``fixed``: nothing is left."""

    path: Path
    data: bytes
    changes: tuple[Change, ...]
    leftovers: tuple[Leftover, ...]

    @property
    def fixed(self) -> bool:
        return not self.leftovers


class FixError(Exception):
    """The lot cannot be fixed at all (unreadable, not a lot, a byte that cannot be located):
    nothing is written. ``hit`` is the reader's finding when the reader stopped; else ``reason``
    says why (a catalog key and its values)."""

    def __init__(self, reason: Msg, hit: Hit | None = None) -> None:
        super().__init__(messages.render(reason, "en"))
        self.reason = reason
        self.hit = hit


def element_label(name: str) -> object:
    """How a person names the element ``name`` (``valor unitário``; the hash as such)."""
    if name == HASH:
        return Msg("fix.hash")
    key = f"field.{name}"
    return Msg(key) if messages.has_text(key) else Verbatim(name)


def _where(guide: str | None, item: str | None) -> Msg:
    if guide is None and item is None:
        return Msg("fix.where.lot")
    if item is None:
        return Msg("fix.where.guide", {"guide": guide or "?"})
    return Msg("fix.where.item", {"guide": guide or "?", "item": item})


def _shown(text: str) -> object:
    """A value as the file had it: a decimal localized, anything else quoted as written."""
    if not text:
        return Msg("fix.empty")
    if xsd_decimal(text) is not None:
        return text  # a plain decimal: "12.50", written "12,50" in Portuguese
    return Verbatim(f"“{text}”")


def _digest(text: str) -> object:
    return Verbatim(text) if text else Msg("fix.empty")


def change_text(change: Change, lang: str) -> str:
    """``guia 2023100011, item 1, valor unitário, linha 83: 12,50 → 13,20``."""
    shown = _digest if change.element == HASH else _shown
    return messages.text(
        lang,
        "fix.change",
        where=_where(change.guide, change.item),
        element=element_label(change.element),
        line=change.line,
        before=shown(change.before),
        after=shown(change.after),
    )


def leftover_text(leftover: Leftover, lang: str) -> str:
    """``guia 2023100013, item 3, linha 342: [table.code_unknown] <the finding's message>``."""
    if leftover.hit is not None:
        why: object = Verbatim(make_finding(leftover.hit, lang).message)
    else:
        why = Msg(
            f"fix.reason.{leftover.reason}", {"element": element_label(leftover.element or "")}
        )
    at = Msg("fix.at_line", {"line": leftover.line}) if leftover.line is not None else ""
    return messages.text(
        lang,
        "fix.leftover",
        where=_where(leftover.guide, leftover.item),
        at=at,
        reason=why,
        code=Verbatim(leftover.reason),
    )


def error_text(error: FixError, lang: str) -> str:
    """Why a lot could not be fixed, in ``lang`` (the reader's finding, with its line)."""
    if error.hit is not None:
        finding = make_finding(error.hit, lang)
        at = Msg("fix.at_line", {"line": finding.line}) if finding.line is not None else ""
        args = dict(error.reason.args)
        args.update(problem=Verbatim(finding.message), at=at)
        return messages.text(lang, error.reason.key, **args)
    return messages.render(error.reason, lang)
