"""Is the guide's beneficiary covered on each item's date: the roster of the eligibility folder.

Runs only with an eligibility folder (``ctx.eligibility``); without one it costs one attribute
read per guide. The facts (and every boundary: which day is the first without coverage) are
:mod:`lotcheck.eligibility.coverage`'s; this rule words them.

* ``eligibility.card_unknown``: once per guide, at its ``numeroCarteira``; it stops the other
  checks of the guide (nothing is known of the card).
* ``eligibility.no_coverage``: once per guide (the guide's type decides the segment, not an
  item), at its ``numeroCarteira``.
* the date checks, once per item at its date element, at most ONE per item, the first that
  applies in this order: ``agreement_inactive`` (not covered yet, or rescinded), ``excluded``,
  ``suspended``, ``card_expired``. A payer denies an item for one reason; the later ones are
  usually consequences of the first (an excluded beneficiary's card also runs out). Every item of
  a guide with the same problem gets its own finding: payers deny per item, and a guide may hold
  items on both sides of a boundary. An item without a readable date is skipped
  (``item.invalid_value`` reports it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, GuideType, Item, date_field
from lotcheck.eligibility.coverage import (
    Inactive,
    Why,
    beneficiary_of,
    card_expired_on,
    excluded_on,
    inactive,
    suspensions_on,
)
from lotcheck.eligibility.types import Agreement, Beneficiary, Eligibility, Period
from lotcheck.messages import Joined, Msg, Verbatim, and_list
from lotcheck.rules.base import Rule, item_label

CODES = register(
    CodeSpec(
        code="eligibility.card_unknown",
        severity=Severity.ERROR,
        glosa="1001",
        doc="The guide's `numeroCarteira` is not in the roster of the eligibility folder "
        "(`beneficiarios.csv`): the payer does not know the card (glosa 1001). Once per guide, "
        "at its `numeroCarteira`; the guide's other eligibility and waiting checks are skipped. "
        "Only with an eligibility folder.",
        example="Card 0009 in guide 2023100001; the roster has no such card.",
    ),
    CodeSpec(
        code="eligibility.excluded",
        severity=Severity.ERROR,
        glosa="1006",
        doc="The item was done on or after the beneficiary's exclusion (`exclusao`; the "
        "exclusion day is the first without coverage, a cancellation taking effect on the day it "
        "is made), or the roster says `excluida` without a date (glosa 1006). Once per item.",
        example="Excluded on 2023-10-15; item done on 2023-10-15.",
    ),
    CodeSpec(
        code="eligibility.suspended",
        severity=Severity.ERROR,
        glosa="1016",
        doc="The item's date falls in a suspension (`suspensoes.csv`, both days included) of the "
        "beneficiary or of its agreement (IN 162 art. 8 §2: an entity 30 days in default can have "
        "services suspended); the message says whose (glosa 1016). Once per item.",
        example="Agreement AC1 suspended 2023-10-01 to 2023-10-20; item done on 2023-10-20.",
    ),
    CodeSpec(
        code="eligibility.card_expired",
        severity=Severity.ERROR,
        glosa="1017",
        doc="The item was done after the card's validity (`validade_carteira`, the last valid "
        "day included) (glosa 1017). Once per item.",
        example="Card valid until 2023-09-30; item done on 2023-10-02.",
    ),
    CodeSpec(
        code="eligibility.no_coverage",
        severity=Severity.ERROR,
        glosa="1025",
        alt_glosas=("3097",),
        doc="The beneficiary's plan lacks the coverage segment the guide needs (`segmentos`): "
        "a dental guide the `odontologico` segment (glosa 1025); a hospitalization summary or a "
        "fee guide (honorários, billed for an inpatient stay) the `hospitalar` one, an SP/SADT "
        "or consultation guide the `ambulatorial` one: table 38 has no code for those segments "
        "by name, so they carry its code for a type of care the contracted segmentation does "
        "not include (3097). Once per guide, at its `numeroCarteira`. Obstetrics is not checked: "
        "no field read says a stay is obstetric.",
        example="A guiaOdonto for a card whose plan covers only ambulatorial and hospitalar.",
    ),
    CodeSpec(
        code="eligibility.agreement_inactive",
        severity=Severity.ERROR,
        glosa=None,
        doc="On the item's date the beneficiary was not covered under IPASGO's IN 162/2020 art. "
        "5: its agreement (convênio) was not signed yet, or signed but not activated (below the "
        "adhesion threshold every inscription is only a request and no service may be used, "
        "§1), or rescinded (the rescission day is the first without coverage, §3), or names an "
        "agreement `acordos.csv` lacks; or the beneficiary's own inscription was still only a "
        "request (status `solicitada`, or before its effective date). The message says which. "
        "No glosa: table 38 has no code for an inactive agreement. Once per item.",
        example="Agreement AC2 signed 2023-08-01, not activated; item done on 2023-10-20.",
    ),
)

#: the coverage segment each guide type needs (honorários are billed for an inpatient stay)
SEGMENT_NEEDED: dict[GuideType, str] = {
    GuideType.ODONTO: "odontologico",
    GuideType.INTERNACAO: "hospitalar",
    GuideType.HONORARIOS: "hospitalar",
    GuideType.SP_SADT: "ambulatorial",
    GuideType.CONSULTA: "ambulatorial",
}
#: the glosa of a missing segment other than dental (see the code's doc)
SEGMENT_GLOSA = "3097"


class Coverage(Rule):
    """Reports a card the roster lacks, a segment its plan does not cover, and each item done
    while the card was not covered."""

    id = "eligibility"
    codes = CODES

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        roster = self.ctx.eligibility
        if roster is None:
            return
        card, beneficiary = beneficiary_of(roster, guide.beneficiary)
        if beneficiary is None:
            shown = Verbatim(card) if card else Msg("fragment.eligibility.no_card")
            yield Hit(
                "eligibility.card_unknown",
                {"card": shown, "root": Verbatim(roster.root)},
                found=card or None,
                guide=guide,
                field="numeroCarteira",
            )
            return
        segment = SEGMENT_NEEDED.get(guide.type)
        if segment is not None and beneficiary.segments and segment not in beneficiary.segments:
            yield _no_coverage(guide, beneficiary, segment)
        for item in guide.items:
            day = item.date
            if day is not None:
                hit = _on_date(roster, beneficiary, guide, item, day)
                if hit is not None:
                    yield hit


def _no_coverage(guide: Guide, beneficiary: Beneficiary, segment: str) -> Hit:
    covered = tuple(Msg(f"fragment.segment.{s}") for s in sorted(beneficiary.segments))
    return Hit(
        "eligibility.no_coverage",
        {
            "card": Verbatim(beneficiary.card),
            "segment": Msg(f"fragment.segment.{segment}"),
            "segments": Joined(covered),
        },
        expected=segment,
        found="|".join(sorted(beneficiary.segments)),
        guide=guide,
        field="numeroCarteira",
        glosa=None if segment == "odontologico" else SEGMENT_GLOSA,
    )


def _on_date(
    roster: Eligibility, beneficiary: Beneficiary, guide: Guide, item: Item, day: date
) -> Hit | None:
    """The first date problem of the item (see the module doc for the order), or None."""
    card = Verbatim(beneficiary.card)
    args: dict[str, object] = {"label": item_label(item), "card": card}
    expected: date | None = None
    not_active = inactive(roster, beneficiary, day)
    if not_active is not None:
        code = "eligibility.agreement_inactive"
        args["why"] = _why(not_active, card)
    elif excluded_on(beneficiary, day):
        code, expected = "eligibility.excluded", beneficiary.excluded
        args["since"] = (
            Msg("fragment.eligibility.excluded_on", {"date": expected})
            if expected is not None
            else Msg("fragment.eligibility.excluded_undated")
        )
    elif suspended := suspensions_on(roster, beneficiary, day):
        code = "eligibility.suspended"
        args["which"] = and_list([_suspension(owner, period) for owner, period in suspended])
    elif card_expired_on(beneficiary, day):
        code, expected = "eligibility.card_expired", beneficiary.card_valid_until
    else:
        return None
    return Hit(
        code,
        args,
        expected=expected.isoformat() if expected is not None else None,
        found=day.isoformat(),
        guide=guide,
        item=item,
        field=date_field(item),
    )


def _suspension(agreement: Agreement | None, period: Period) -> Msg:
    """One suspension the date falls in: the beneficiary's, or its agreement's."""
    start, end = period
    args: dict[str, object] = {"start": start, "end": end}
    key = "fragment.suspension.beneficiary"
    if agreement is not None:
        key = "fragment.suspension.agreement"
        args.update(id=Verbatim(agreement.id), entity=Verbatim(agreement.entity))
    return Msg(key if end is not None else f"{key}_open", args)


def _why(found: Inactive, card: Verbatim) -> Msg:
    """Why the card is not active on the date, with the IN 162 article that says so."""
    agreement = found.agreement
    args: dict[str, object] = {"card": card, "id": Verbatim(found.agreement_id or "")}
    if agreement is not None:
        args.update(entity=Verbatim(agreement.entity), signed=agreement.signed)
    if found.reason == Why.PENDING:
        activated = found.until
        args["activated"] = (
            Msg("fragment.inactive.activated_later", {"date": activated})
            if activated is not None
            else Msg("fragment.inactive.not_activated")
        )
    elif found.reason == Why.RESCINDED:
        args["since"] = found.since
    elif found.reason == Why.REQUESTED:
        args["requested"] = (
            Msg("fragment.inactive.requested_on", {"date": found.since})
            if found.since is not None
            else ""
        )
        args["effective"] = (
            Msg("fragment.inactive.effective_later", {"date": found.until})
            if found.until is not None
            else ""
        )
    return Msg(f"fragment.inactive.{found.reason}", args)
