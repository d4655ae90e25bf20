"""The ``participation.*`` codes, and which participation degree a line is priced at.

A procedure line is paid at one percentage of its price: the one the contract's
``[participation]`` table gives the degree (``grauPart``) of its team. A line whose team names no
degree is paid in full; a degree the table does not list cannot be paid; two degrees on one line
(a surgeon and an assistant) cannot both be paid from it.
"""

from __future__ import annotations

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind
from lotcheck.messages import Msg
from lotcheck.pricing.result import Unpriced

CODES = register(
    CodeSpec(
        code="participation.unknown",
        severity=Severity.ERROR,
        glosa="3241",
        doc="The contract's `[participation]` table does not list this grauPart, so the payer "
        "pays no fee for that degree (glosa 3241, participation degree incompatible with the "
        "procedure billed).",
        example="`grauPart` 05 (instrumentador) on a contract listing only 00–04.",
    ),
    CodeSpec(
        code="participation.beyond_procedure",
        severity=Severity.ERROR,
        glosa="3241",
        doc="A CBHPM-priced procedure does not pay this member: an auxiliary degree (01–04) "
        "beyond the number of auxiliaries the edition gives the code, an anesthetist (06) on "
        "a code of anesthesia porte 0, or a member paid a share of the honorário on a code "
        "with no porte (an exam paid by its UCO) (glosa 3241, participation degree incompatible with the "
        "procedure billed).",
        example="A second auxiliary (`grauPart` 02) on a code the edition pays one auxiliary.",
    ),
    CodeSpec(
        code="participation.ambiguous",
        severity=Severity.ERROR,
        glosa=None,
        doc="A line is priced with one percentage. A surgeon (00) and an assistant (01) on the "
        "same line cannot both be paid from it.",
        example="One `procedimentoExecutado` with two `equipeSadt` members, grauPart 00 and 01.",
    ),
)

#: an item's degree: one degree, None (none named), or the distinct degrees of a line naming
#: more than one (ambiguous)
Degree = str | tuple[str, ...] | None


def degree_of(item: Item) -> Degree:
    """The degree a line is priced at. Only a procedure's team is paid by degree."""
    team = item.team
    if item.kind is not ItemKind.PROCEDURE or not team:
        return None
    if len(team) == 1:  # the usual line
        return team[0].degree
    degrees = item.degrees
    if len(degrees) > 1:
        return tuple(degrees)
    return degrees[0] if degrees else None


def unknown(degree: str) -> Unpriced:
    """The contract's table does not list ``degree``."""
    return Unpriced("participation.unknown", {"degree": degree}, degree)


def ambiguous(degrees: tuple[str, ...]) -> Unpriced:
    """One line names several degrees."""
    return Unpriced("participation.ambiguous", {"degrees": ", ".join(degrees)}, ",".join(degrees))


def beyond_procedure(
    degree: str, auxiliaries: int, anesthesia: bool = False, no_porte: bool = False
) -> Unpriced:
    """The edition does not pay ``degree`` on the code: an auxiliary beyond its
    ``auxiliaries``, an anesthetist on a code without anesthesia porte, or any member paid a
    share of the honorário on a code that has no porte."""
    kind = "anesthesia" if anesthesia else "no_porte" if no_porte else "auxiliary"
    detail = Msg(f"fragment.beyond.{kind}", {"degree": degree, "auxiliaries": str(auxiliaries)})
    return Unpriced("participation.beyond_procedure", {"detail": detail}, degree)


def hit(guide: Guide, item: Item, unpriced: Unpriced) -> Hit:
    """The finding of an item this module's codes left unpriced: an unknown degree points at
    the ``grauPart`` of the member that names it."""
    if unpriced.code == "participation.ambiguous":
        return Hit(unpriced.code, unpriced.args, found=unpriced.found, guide=guide, item=item)
    member = next((m for m in item.team if m.degree == unpriced.found), None)
    xpath, line = item.member_location(member) if member is not None else (None, None)
    return Hit(
        unpriced.code,
        unpriced.args,
        found=unpriced.found,
        guide=guide,
        item=item,
        line=line,
        xpath=xpath,  # the member's grauPart; None: the item
    )
