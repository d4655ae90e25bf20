"""Items a negotiated package includes, billed beside the package (glosa 3211).

A contract's ``[[pricing]]`` entry of method ``package`` (:mod:`lotcheck.contract.schemes`) gives
packages: one code paid a fixed price, covering the codes it ``includes`` (a surgery's
procedure, its exams, its daily rates). The pricing stage prices the package line itself; this
rule finds the included items billed again on their own lines, which the payer denies as already
paid by the package (glosa 3211, "cobrança de procedimento/item assistencial incluso no pacote
negociado").

An item is included when its table and code are listed in the ``includes`` of a package billed

* in the same guide, on any date; or
* in another guide of the lot for the same beneficiary (``numeroCarteira``), the item's date
  within the package's ``window_days`` of the package line's date, before or after it.

The finding is on the included item (its ``codigoProcedimento``), never on the package line; an
item that two packages include is reported once, naming the package of its own guide if there is
one, else the first package line of the lot, in reading order, that covers it. A package line is
one the pricing stage prices as a package: its code is a package of the ``[[pricing]]`` entry
that prices its table and code.

Guides stream, and a package may come after the items it includes: the rule reports an item as
soon as its package has been read, from whichever guide comes second. It keeps, per beneficiary,
the dated package lines seen, and the items waiting for a package: only items of codes some
package includes, each with the few fields of its guide a finding names (never the guide's other
lines). A contract without packages costs nothing: the rule returns at once. Only this lot counts:
the ledger of closed lots records guide keys, not items, so a package billed in a lot closed
earlier is not seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from lotcheck.contract import Contract, code_matches
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item
from lotcheck.messages import Msg, Verbatim
from lotcheck.rules.base import CheckContext, Rule, item_label

if TYPE_CHECKING:  # the package scheme is loaded only with a contract that has one
    from lotcheck.contract.schemes import Package

CODES = register(
    CodeSpec(
        code="package.included",
        severity=Severity.ERROR,
        glosa="3211",
        doc="An item that a negotiated package of the contract includes (`[[pricing]]` "
        '`method = "package"`, its `includes`) billed on its own line beside the package: in '
        "the same guide, or for the same beneficiary in another guide of the lot within the "
        "package's `window_days` of its date (before or after). The package's fixed price "
        "already pays for it (glosa 3211). The finding is on the included item; the package "
        "line is priced by the `value.*` codes.",
        example="Package 98/98000101 (cholecystectomy, includes 22/40304361) billed on "
        "2024-03-10 and a hemograma 22/40304361 of 2024-03-11 for the same card, the package's "
        "window being 2 days.",
    ),
)

#: the element a finding points at: the included item's code
CODE_FIELD = "codigoProcedimento"


@dataclass(frozen=True, slots=True)
class _PackageLine:
    """A package line read: which package, the day it was billed, in which guide."""

    package: Package
    day: date | None
    guide: str  # numeroGuiaPrestador, or "?"


@dataclass(frozen=True, slots=True)
class _Waiting:
    """An included-code item of an earlier guide no package has covered yet."""

    guide: Guide  # a slim copy: the fields a finding names, none of the guide's lines
    item: Item
    day: date


def package_lines(contract: Contract | None) -> dict[tuple[str, str], Package]:
    """(table, code) -> package, for the codes the pricing stage prices as a package."""
    if contract is None:
        return {}
    found: dict[tuple[str, str], Package] = {}
    for scheme in contract.schemes:
        if scheme.method != "package":
            continue
        for key, package in scheme.packages.items():
            if contract.scheme_for(*key) is scheme:  # the entry that prices the code
                found[key] = package
    return found


def _first(lines: list[_PackageLine], item: Item, day: date | None) -> _PackageLine | None:
    """The first of ``lines`` whose package includes ``item``; with ``day`` (another guide's
    package), only a line whose window holds that day: ``|day - its date| <= window_days``."""
    for line in lines:
        if day is not None and (
            line.day is None or abs((day - line.day).days) > line.package.window_days
        ):
            continue
        if code_matches(line.package.includes, item.table, item.code):
            return line
    return None


class PackageIncluded(Rule):
    """Codes a negotiated package includes are not billed beside it (``package.included``)."""

    id = "package"
    codes = CODES

    def __init__(self, ctx: CheckContext) -> None:
        super().__init__(ctx)
        self.packages = package_lines(ctx.contract)
        #: every code some package includes: the one test an item pays before any package's
        self.included = frozenset(ref for p in self.packages.values() for ref in p.includes)
        #: beneficiary -> the dated package lines of the guides read, in reading order
        self.billed: dict[str, list[_PackageLine]] = {}
        #: beneficiary -> the included-code items of the guides read that no package covers yet
        self.waiting: dict[str, list[_Waiting]] = {}

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        if not self.packages:
            return
        packages = self.packages
        here: list[_PackageLine] = []
        mine: list[Item] = []  # this guide's items of included codes, not package lines
        number = guide.number or "?"
        for item in guide.items:
            package = packages.get((item.table or "", item.code or ""))
            if package is not None:
                here.append(_PackageLine(package, item.date, number))
            elif code_matches(self.included, item.table, item.code):
                mine.append(item)
        beneficiary = guide.beneficiary
        if beneficiary is not None and here:
            yield from self._earlier_items(beneficiary, here)
        earlier = self.billed.get(beneficiary, []) if beneficiary is not None else []
        slim: Guide | None = None
        for item in mine:
            same = _first(here, item, None)  # its own guide's: any date
            covering = same or (_first(earlier, item, item.date) if item.date is not None else None)
            if covering is not None:
                yield self._hit(guide, item, covering, same_guide=same is not None)
            elif beneficiary is not None and item.date is not None:
                slim = slim or guide.keys_only()
                self.waiting.setdefault(beneficiary, []).append(_Waiting(slim, item, item.date))
        if beneficiary is not None:
            dated = [line for line in here if line.day is not None]
            if dated:
                self.billed.setdefault(beneficiary, []).extend(dated)

    def _earlier_items(self, beneficiary: str, here: list[_PackageLine]) -> Iterator[Hit]:
        """The waiting items of earlier guides that this guide's package lines cover, each
        reported once (naming the first of them that covers it) and no longer kept."""
        waiting = self.waiting.get(beneficiary)
        if not waiting:
            return
        still: list[_Waiting] = []
        for entry in waiting:
            item = entry.item
            covering = _first(here, item, entry.day)
            if covering is None:
                still.append(entry)
            else:
                yield self._hit(entry.guide, item, covering, same_guide=False)
        if still:
            self.waiting[beneficiary] = still
        else:
            del self.waiting[beneficiary]

    def _hit(self, guide: Guide, item: Item, line: _PackageLine, *, same_guide: bool) -> Hit:
        package = line.package
        day = line.day.isoformat() if line.day is not None else "?"
        if same_guide:
            where = Msg("fragment.package.same_guide", {"date": day})
        else:
            where = Msg(
                "fragment.package.other_guide",
                {"guide": Verbatim(line.guide), "date": day, "n": package.window_days},
            )
        description = (
            Msg("fragment.package.description", {"description": Verbatim(package.description)})
            if package.description
            else ""
        )
        return Hit(
            "package.included",
            {
                "label": item_label(item),
                "package": f"{package.table}/{package.code}",
                "description": description,
                "where": where,
            },
            found=item_label(item),
            guide=guide,
            item=item,
            field=CODE_FIELD,
        )
