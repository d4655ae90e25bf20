"""What the pricing stage says about an item: a price with its explanation, or why there is none.

The results are plain frozen values, free of the item they were computed for, so one object
serves every line with the same pricing inputs (the :class:`~lotcheck.pricing.price.Pricer`
hands the same object out again) and a caller can keep, compare or print them. An explanation
is data, not a sentence: the version, the row, the percentage and every term of the formula are
fields, and the message catalogs word them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from lotcheck.contract import PriceRow
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide


class Method(StrEnum):
    """How an item's value follows from its price: which element holds what.

    The pricing *scheme* (list, CBHPM components, reference lists, packages) is another axis:
    :attr:`Rate.scheme`. This one only says which value element holds the unit or the line.
    """

    #: a procedure or other expense: ``valorUnitario`` is the unit, ``valorTotal`` unit × Q × F
    LINE = "line"
    #: a consulta: its one ``valorProcedimento`` is the unit price
    CONSULTA = "consulta"
    #: a dental line: ``valorProc`` is the line's value, price × ``qtdProc`` (the TISS legend)
    DENTAL_LINE = "dental_line"
    #: a dental line under ``[dental] value_per = "unit"``: ``valorProc`` is the unit price
    DENTAL_UNIT = "dental_unit"


#: the methods whose one value element holds the unit price (no separate line total is sent)
UNIT_VALUED = frozenset({Method.CONSULTA, Method.DENTAL_UNIT})


@dataclass(frozen=True, slots=True)
class Component:
    """One term of a formula price: ``value = quantity × base × adjust`` (for a ``reference``
    component, ``base ÷ quantity × adjust``: a package price over its units), to cents when
    the contract rounds per component.

    ``kind`` says what it is and how it is worded: ``porte`` (``label`` the porte, ``quantity``
    its fraction), ``uco`` (UCO count × UCO value), ``film`` (m² × value per m²),
    ``anesthesia`` (``label`` the anesthesia porte), ``ch`` (CH count × CH value),
    ``reference`` (``label`` the price column, ``quantity`` the units per package, 1 when
    priced per package), ``package`` (a package's fixed price).
    """

    kind: str
    label: str | None
    quantity: Decimal
    base: Decimal
    adjust: Decimal
    value: Decimal


@dataclass(frozen=True, slots=True)
class Rate:
    """What the contract says for one (table, code, degree) on a date: the first half of the
    formula, ``unit = round(row.price × pct / 100)`` (the expected unit value), to cents in the
    contract's rounding mode. Shared by every line priced at it.

    ``scheme`` is the pricing method (``list``, ``cbhpm``, ``coefficient``, ``reference``,
    ``package``). For ``list`` the row is the price list's; for a formula, ``row.price`` is the
    sum of ``components`` (each rounded, or the exact sum, as the contract rounds), ``version``
    the start of the contract term in force and ``edition`` the reference edition it pins.
    """

    version: date  # the start of the price version (or term) in force on the item's date
    row: PriceRow
    degree: str | None  # the participation degree priced (None: the item names none)
    pct: Decimal
    unit: Decimal
    scheme: str = "list"
    edition: str | None = None
    components: tuple[Component, ...] = ()


@dataclass(frozen=True, slots=True)
class Priced:
    """The contract's price of an item, with every term that made it: the :class:`Rate` (version,
    row, degree, percentage, expected unit) applied to the line, ``expected_total =
    round(rate.unit × quantity × factor)``. ``quantity`` and ``factor`` are the ones used: 1
    where the item sends none.

    The rate is a field of its own, not copied in: a lot builds one Priced per distinct priced
    line, and each field costs the construction (the bench lot builds thousands).
    """

    method: Method
    rate: Rate
    quantity: Decimal
    factor: Decimal
    expected_total: Decimal
    #: what the item's value element should hold, the figure the valuation adds up:
    #: ``rate.unit`` for a method in :data:`UNIT_VALUED`, else ``expected_total``. A field,
    #: set by :func:`~lotcheck.pricing.price.settle` (the valuation reads it for every priced
    #: item: a property, or a ``__post_init__``, would cost the hot path a call each time)
    expected: Decimal


@dataclass(frozen=True, slots=True)
class Unpriced:
    """Why an item cannot be priced: the finding code and its arguments.

    ``args`` are what the contract gives (the versions, the table and code, the degree); the
    finding adds the item's own date. ``found`` is the value the finding shows as found.
    """

    code: str
    args: Mapping[str, object]
    found: str


#: an item's result: a price, the reason there is none, or None (nothing to price: a table the
#: contract does not price, a missing field, no contract)
Result = Priced | Unpriced | None


@dataclass(frozen=True, slots=True)
class PricedGuide:
    """One guide as the stage priced it: what the rules and the valuation read.

    ``results`` and ``sums`` run parallel to ``guide.items``. ``sums[i]`` is the item's own
    arithmetic, ``round(valorUnitario × Q × F)``, for a procedure or expense line that sends a
    unit, a quantity and a total (None otherwise). ``hits`` are the findings of the unpriced
    items, in item order; the engine reports them with the rules' findings.
    """

    guide: Guide
    results: Sequence[Result]
    sums: Sequence[Decimal | None]
    hits: Sequence[Hit] = ()

    @classmethod
    def nothing(cls, guide: Guide) -> PricedGuide:
        """A guide with nothing priced (the stage failed on it: the rules still run)."""
        count = len(guide.items)
        return cls(guide, (None,) * count, (None,) * count)
