"""Apply the payer rule packs (:mod:`lotcheck.contract.packs`) to each item.

A pack rule applies to an item when the pack covers the lot's payer (``destino/registroANS``) and
the item's execution date (``valid_from``..``valid_until``), and the rule names the item's code.
Findings carry the pack's severity and glosa, and name the pack and the rule, so a clerk can look
the rule up in the payer's document (``[pack.source]``).

Where a pack only widens a built-in check (a tooth, faces, a team), the built-in code is reused and
a line the built-in check already reports is not reported again. The pack's own kinds:

* ``pack.max_quantity``: counted per beneficiary and code, per day or per authorization, across
  the lot; reported at each line that takes the count past the maximum.
* ``pack.factor_not_allowed``: the line's factor is not one the rule allows for its code.
* ``pack.phase_order``: the line's code belongs to a later phase, and none of the earlier phase's
  codes was billed for the beneficiary (on the same tooth, when the rule says so) on an earlier
  date. The earlier phase may be anywhere in the lot (guides are not in date order), so the line
  waits until the lot is read. Only this lot counts: the ledger of closed lots records each guide's
  keys, not its items, so an earlier phase billed in a lot closed last month is not seen (the line
  is reported; the clerk who knows it was billed can ignore it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from lotcheck.contract import code_matches
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import NO_GLOSA, Hit
from lotcheck.core.model import Guide, Item, ItemKind, quantity_field
from lotcheck.core.money import format_decimal
from lotcheck.messages import Msg, Verbatim
from lotcheck.rules.base import CheckContext, Rule, item_label
from lotcheck.rules.dental import missing_hit
from lotcheck.rules.team import builtin_team_reason

if TYPE_CHECKING:  # the pack models (pydantic) are imported only when a lot is checked with packs
    from lotcheck.contract.packs import MaxQuantity, PackRule, PhaseOrder, RulePack

CODES = register(
    CodeSpec(
        code="pack.max_quantity",
        severity=Severity.ERROR,
        glosa=None,
        doc="A payer pack's `max_quantity` rule: the quantity of a code billed for one "
        "beneficiary on one day (or under one authorization), added over the lot, exceeds the "
        "maximum the payer accepts. Severity and glosa are the pack rule's.",
        example="Two implant installations on the same tooth under one authorization with "
        '`max = "1"`, `per = "authorization"`.',
    ),
    CodeSpec(
        code="pack.factor_not_allowed",
        severity=Severity.ERROR,
        glosa=None,
        doc="A payer pack's `allowed_factor` rule: the code may only be billed with the listed "
        "`reducaoAcrescimo` values. Severity and glosa are the pack rule's.",
        example="A consultation code billed at 1,30 when the pack allows only 1,00.",
    ),
    CodeSpec(
        code="pack.phase_order",
        severity=Severity.ERROR,
        glosa=None,
        doc="A payer pack's `phase_order` rule: a later phase of a treatment (e.g. an implant's "
        "prosthesis) is billed only after the earlier phase (the surgery) was billed for the same "
        "beneficiary on an earlier date, in this lot or, given a ledger, in an earlier one. "
        "Severity and glosa are the pack rule's.",
        example="An implant crown (00/8051) with no implant installation (00/8040) billed before "
        "for that beneficiary and tooth.",
    ),
)


@dataclasses.dataclass(slots=True)
class _Pending:
    """A later-phase line waiting for the end of the lot to know whether its phase came first."""

    hit: Hit
    rule: PhaseOrder
    beneficiary: str
    tooth: str | None
    day: date


def _source(pack: RulePack, rule: PackRule) -> Msg:
    """Who requires it: this pack's rule (ids and version quoted as the pack writes them)."""
    info = pack.pack
    return Msg(
        "fragment.source.pack",
        {
            "pack": Verbatim(info.id),
            "version": Verbatim(str(info.version)),
            "rule": Verbatim(rule.id),
        },
    )


def _as_pack(hit: Hit, rule: PackRule) -> Hit:
    """The pack rule's severity and glosa replace the code's defaults."""
    glosa = rule.glosa_code if rule.glosa_code is not None else NO_GLOSA
    return dataclasses.replace(hit, severity=rule.severity, glosa=glosa)


class PayerPacks(Rule):
    """Every rule of every payer pack given in ``ctx.packs``."""

    id = "pack"  # its codes' family (the rule was ``payer_packs``)
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        self.packs: tuple[RulePack, ...] = ctx.packs
        self.phase_codes = frozenset(
            ref for p in self.packs for r in p.rules if r.kind == "phase_order" for ref in r.after
        )
        # beneficiary -> [(table, code, tooth, date)] of the lines an earlier phase may need
        self.billed: dict[str, list[tuple[str | None, str, str | None, date]]] = {}
        self.counts: dict[tuple[str, ...], Decimal] = {}
        self.pending: list[_Pending] = []
        contract = ctx.contract
        dental = contract.settings.dental if contract is not None else None
        self.contract_tooth = dental.tooth_required if dental else []
        self.contract_faces = dental.faces_required if dental else []

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        if not self.packs:
            return
        beneficiary = guide.beneficiary
        if beneficiary is not None and self.phase_codes:
            for item in guide.items:
                if item.date is not None and code_matches(self.phase_codes, item.table, item.code):
                    entry = (item.table, item.code or "", item.tooth or item.region, item.date)
                    self.billed.setdefault(beneficiary, []).append(entry)
        payer = self.ctx.header.payer
        for item in guide.items:
            if item.date is None or item.code is None:
                continue
            for pack in self.packs:
                if not pack.applies_to(payer, item.date):
                    continue
                for rule in pack.rules:
                    if code_matches(rule.codes, item.table, item.code):
                        yield from self._apply(pack, rule, guide, item)

    def finish(self) -> Iterator[Hit]:
        for waiting in self.pending:
            if not self._in_lot(waiting.rule, waiting.beneficiary, waiting.tooth, waiting.day):
                yield waiting.hit

    # -- one rule on one line ------------------------------------------------------------------
    def _apply(self, pack: RulePack, rule: PackRule, guide: Guide, item: Item) -> Iterator[Hit]:
        from lotcheck.contract.packs import (
            AllowedFactor,
            FacesRequired,
            MaxQuantity,
            PhaseOrder,
            TeamRequired,
            ToothRequired,
        )

        if isinstance(rule, ToothRequired):
            if (
                item.kind is ItemKind.DENTAL
                and not (item.tooth or item.region)
                and not code_matches(self.contract_tooth, item.table, item.code)
            ):
                hit = missing_hit("dental.tooth_missing", guide, item, _source(pack, rule))
                yield _as_pack(hit, rule)
        elif isinstance(rule, FacesRequired):
            if (
                item.kind is ItemKind.DENTAL
                and not item.faces
                and not code_matches(self.contract_faces, item.table, item.code)
            ):
                hit = missing_hit("dental.face_missing", guide, item, _source(pack, rule))
                yield _as_pack(hit, rule)
        elif isinstance(rule, TeamRequired):
            if not item.team and builtin_team_reason(guide, item) is None:
                hit = Hit(
                    "team.missing",
                    {"label": item_label(item), "reason": _source(pack, rule)},
                    guide=guide,
                    item=item,
                )
                yield _as_pack(hit, rule)
        elif isinstance(rule, MaxQuantity):
            yield from self._max_quantity(pack, rule, guide, item)
        elif isinstance(rule, AllowedFactor):
            allowed = {Decimal(f) for f in rule.factors}
            if item.factor is not None and item.factor not in allowed:
                hit = Hit(
                    "pack.factor_not_allowed",
                    {"label": item_label(item), "pack": pack.pack.id, "rule": rule.id},
                    expected=", ".join(rule.factors),
                    found=format_decimal(item.factor),
                    guide=guide,
                    item=item,
                    field="reducaoAcrescimo",
                )
                yield _as_pack(hit, rule)
        elif isinstance(rule, PhaseOrder):
            self._phase_order(pack, rule, guide, item)

    def _max_quantity(
        self, pack: RulePack, rule: MaxQuantity, guide: Guide, item: Item
    ) -> Iterator[Hit]:
        beneficiary = guide.beneficiary
        if beneficiary is None or item.date is None:
            return
        if rule.per == "day":
            scope = item.date.isoformat()
            per = Msg("fragment.per.day", {"date": item.date})
        else:
            scope = guide.password or guide.operator_number or guide.number or "?"
            per = Msg("fragment.per.authorization", {"scope": Verbatim(scope)})
        key = (pack.pack.id, rule.id, beneficiary, item.table or "", item.code or "", scope)
        count = self.counts.get(key, Decimal(0)) + (item.quantity or Decimal(1))
        self.counts[key] = count
        if count <= Decimal(rule.max):
            return
        hit = Hit(
            "pack.max_quantity",
            {
                "label": item_label(item),
                "beneficiary": beneficiary,
                "per": per,
                "pack": pack.pack.id,
                "rule": rule.id,
            },
            expected=rule.max,
            found=format_decimal(count),
            guide=guide,
            item=item,
            field=quantity_field(item),
        )
        yield _as_pack(hit, rule)

    def _phase_order(self, pack: RulePack, rule: PhaseOrder, guide: Guide, item: Item) -> None:
        beneficiary, day = guide.beneficiary, item.date
        if beneficiary is None or day is None:
            return
        tooth = (item.tooth or item.region) if rule.same_tooth else None
        if rule.same_tooth and tooth is None:
            return  # no tooth to match: dental.tooth_missing is the finding, if any
        if self._in_lot(rule, beneficiary, tooth, day):
            return  # settled now; otherwise decided in finish, once the whole lot is known
        where = Msg("fragment.tooth", {"tooth": Verbatim(tooth)}) if tooth else ""
        hit = Hit(
            "pack.phase_order",
            {
                "label": item_label(item),
                "date": day.isoformat(),
                "beneficiary": beneficiary,
                "tooth": where,
                "pack": pack.pack.id,
                "rule": rule.id,
            },
            expected=", ".join(rule.after),
            found=item_label(item),
            guide=guide,
            item=item,
        )
        self.pending.append(_Pending(_as_pack(hit, rule), rule, beneficiary, tooth, day))

    def _in_lot(self, rule: PhaseOrder, beneficiary: str, tooth: str | None, day: date) -> bool:
        """Whether this lot (as read so far) billed an earlier-phase code before ``day``."""
        return any(
            billed_day < day
            and (tooth is None or billed_tooth == tooth)
            and code_matches(rule.after, table, code)
            for table, code, billed_tooth, billed_day in self.billed.get(beneficiary, ())
        )
