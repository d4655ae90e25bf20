"""The lot side of a reconciliation: every item sent, re-priced, with the check's findings.

Each lot is read twice, by the stages that already exist and nothing else: once by the reader
and the pricing stage (:class:`~lotcheck.reader.lot.LotReader`, then
:meth:`~lotcheck.pricing.pricer.Pricer.price_guide`, as the engine's check does), to make one
:class:`~lotcheck.reconcile.types.SentItem` per item with what the contract pays for it; and once
by the check itself (:func:`lotcheck.engine.check_file`), to know what lotcheck would have said
about it. No guide is kept: each is turned into its items' small values as it streams, so memory
follows the number of items, not the size of the XML.

Which item a finding is about is read from its XPath: a finding whose XPath is an item's
element, or below it, is that item's; one at a guide's element (or a guide-level field) is the
guide's, and counts for each of its items; one with no XPath is placed by its guide number and
item sequence. The rest (the file's encoding, its epílogo hash...) are the lot's own. Only
errors and warnings are kept: they are what a payer denies for; an information is not.

``expected`` is what the item's value element should hold (:attr:`Priced.expected
<lotcheck.pricing.result.Priced.expected>`: the expected line total, or the unit for a consulta
and a unit-valued dental line), the very figure the value rules compare the value sent with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lotcheck.core.codes import Severity
from lotcheck.core.findings import Finding, make_finding
from lotcheck.core.model import Guide, Item
from lotcheck.engine import CheckOptions, check_file
from lotcheck.messages import Msg
from lotcheck.pricing.explain import formula, pricing_data
from lotcheck.pricing.pricer import Pricer
from lotcheck.pricing.result import Priced, PricedGuide
from lotcheck.pricing.valuation import service_type
from lotcheck.reader.lot import LotReader
from lotcheck.reconcile.errors import ReconcileError
from lotcheck.reconcile.types import SentItem

#: the severities a payer denies for: the findings that make a denial foreseeable
DENIABLE = frozenset({Severity.ERROR, Severity.WARNING})


@dataclass(frozen=True, slots=True)
class SentGuide:
    """One guide as sent: its numbers, and its items as positions in :attr:`LotSide.items`."""

    lot: int  # position of its lot in LotSide.paths
    number: str | None
    operator_number: str | None
    lot_number: str | None
    xpath: str
    items: tuple[int, ...]


@dataclass(slots=True)
class LotSide:
    """Every item of every lot, in lot and document order, and the guides that hold them.

    ``lot_findings[i]`` are lot ``i``'s own errors and warnings (about no guide or item): the
    classification names one when the payer denied for its very glosa (a wrong epílogo hash is
    denied 5014 on every item).
    """

    paths: tuple[str, ...]
    items: list[SentItem] = field(default_factory=list)
    guides: list[SentGuide] = field(default_factory=list)
    lot_findings: list[tuple[Finding, ...]] = field(default_factory=list)


def read_lots(paths: Sequence[Path], options: CheckOptions) -> LotSide:
    """Every lot read, priced and checked; :class:`ReconcileError` for a lot not read whole."""
    side = LotSide(tuple(str(p) for p in paths))
    for position, path in enumerate(paths):
        _read_lot(side, position, Path(path), options)
    return side


def _read_lot(side: LotSide, position: int, path: Path, options: CheckOptions) -> None:
    reader = LotReader(path, max_bytes=options.max_bytes)
    pricer = Pricer(options.contract)
    explained: dict[int, tuple[Priced, Msg, dict[str, Any]]] = {}
    first_guide = len(side.guides)
    for guide in reader.guides():
        priced = _price(pricer, guide)
        header = reader.header
        start = len(side.items)
        for item, result in zip(guide.items, priced.results, strict=True):
            side.items.append(
                _sent_item(
                    str(path),
                    header.lot_number,
                    header.tiss_version,
                    guide,
                    item,
                    result,
                    explained,
                )
            )
        side.guides.append(
            SentGuide(
                lot=position,
                number=guide.number,
                operator_number=guide.operator_number,
                lot_number=header.lot_number,
                xpath=guide.xpath,
                items=tuple(range(start, len(side.items))),
            )
        )
    _refuse_unread(reader, path)
    report = check_file(path, options)
    side.lot_findings.append(_place(side, first_guide, report.findings))


def _price(pricer: Pricer, guide: Guide) -> PricedGuide:
    """The guide priced; a bug in the stage leaves it unpriced here (its items are then
    unchecked, never contestable) and the check reports it as ``internal.rule_failed``."""
    try:
        return pricer.price_guide(guide)
    except Exception:  # the check on the same guide reports the failure as a finding
        return PricedGuide.nothing(guide)


def _sent_item(
    path: str,
    lot_number: str | None,
    version: str | None,
    guide: Guide,
    item: Item,
    result: object,
    explained: dict[int, tuple[Priced, Msg, dict[str, Any]]],
) -> SentItem:
    expected = explanation = pricing = None
    if type(result) is Priced:
        expected = result.expected
        # the pricer hands one object to every line priced alike: explain it once (the cache
        # holds the object, so its id is not reused while the lot is read)
        known = explained.get(id(result))
        if known is None:
            known = explained[id(result)] = (result, formula(result.rate), pricing_data(result))
        explanation, pricing = known[1], known[2]
    degrees = item.degrees
    return SentItem(
        lot_path=path,
        lot_number=lot_number,
        tiss_version=version,
        guide_number=guide.number,
        operator_number=guide.operator_number,
        password=guide.password,
        card=guide.beneficiary,
        service=service_type(guide, item),
        sequence=item.sequence,
        table=item.table,
        code=item.code,
        description=item.description,
        date=item.date,
        degree=",".join(degrees) if degrees else None,
        quantity=item.quantity,
        sent=item.total_value,
        expected=expected,
        line=item.line,
        xpath=item.xpath,
        explanation=explanation,
        pricing=pricing,
    )


def _refuse_unread(reader: LotReader, path: Path) -> None:
    """A lot not read to its end, or not a lot of guides, is an error (see
    :mod:`lotcheck.reconcile.errors`): its items cannot all be answered."""
    not_a_lot = [hit for hit in reader.hits if hit.code == "lot.not_a_lot"]
    if reader.read_ok and not not_a_lot:
        return
    hits = not_a_lot or reader.hits
    if hits:
        reason_pt, reason_en = make_finding(hits[0], "pt"), make_finding(hits[0], "en")
        raise ReconcileError(
            "lot_unreadable",
            path=str(path),
            reason_pt=reason_pt.message,
            reason_en=reason_en.message,
        )
    raise ReconcileError("lot_unreadable", path=str(path), reason_pt="?", reason_en="?")


def _place(side: LotSide, first_guide: int, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Give each error and warning of one lot to its item or guide; return the lot's own."""
    guides = side.guides[first_guide:]
    items = side.items
    item_at = {items[i].xpath: i for g in guides for i in g.items}
    guide_at = {g.xpath: offset for offset, g in enumerate(guides)}
    on_item: dict[int, list[tuple[str, str]]] = {}
    on_guide: dict[int, list[tuple[str, str, str | None]]] = {}
    own: list[Finding] = []
    for finding in findings:
        if finding.severity not in DENIABLE:
            continue
        named = (finding.code, finding.message)
        kind, at = _owner(finding, item_at, guide_at, guides, items)
        if kind == "item":
            on_item.setdefault(at, []).append(named)
        elif kind == "guide":
            on_guide.setdefault(at, []).append((*named, finding.glosa))
        else:
            own.append(finding)
    for offset, guide in enumerate(guides):
        shared = on_guide.get(offset, [])
        for i in guide.items:
            mine = on_item.get(i, [])
            if mine or shared:
                items[i] = replace(items[i], findings=tuple(mine), guide_findings=tuple(shared))
    return tuple(own)


def _owner(
    finding: Finding,
    item_at: dict[str, int],
    guide_at: dict[str, int],
    guides: Sequence[SentGuide],
    items: Sequence[SentItem],
) -> tuple[str, int]:
    """``("item", position)``, ``("guide", offset)`` or ``("lot", 0)``: whom ``finding`` is
    about. By its XPath, the deepest item or guide element at or above it; without one, by its
    guide number (one guide of the lot has it) and item sequence (one item of that guide)."""
    xpath = finding.xpath
    if xpath:
        prefix = xpath
        while prefix:
            if prefix in item_at:
                return "item", item_at[prefix]
            if prefix in guide_at:
                return "guide", guide_at[prefix]
            cut = prefix.rfind("/")
            prefix = prefix[:cut] if cut > 0 else ""
        return "lot", 0
    if finding.guide is None:
        return "lot", 0
    numbered = [offset for offset, g in enumerate(guides) if g.number == finding.guide]
    if len(numbered) != 1:
        return "lot", 0  # a number billed twice in one lot cannot say which guide it is
    guide = guides[numbered[0]]
    if finding.item is None:
        return "guide", numbered[0]
    sequenced = [i for i in guide.items if items[i].sequence == finding.item]
    if len(sequenced) == 1:
        return "item", sequenced[0]
    return "guide", numbered[0]
