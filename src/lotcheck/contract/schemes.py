"""What a formula contract is once loaded: the pricing schemes beside the flat price list.

A contract prices each ``codigoTabela`` (and optionally a list of codes in it) by one method. The
flat list (the contract's dated CSVs) is the default; a ``[[pricing]]`` entry of
``contract.toml`` names another one:

* ``cbhpm``: components of a reference edition (porte with its fraction, custo operacional in
  UCO, film in m², anesthesia porte, number of auxiliaries), valued by the contract's terms
  (UCO value, film value per m², an adjustment per component);
* ``coefficient``: an AMB 90/92-style edition, CH count × the contract's CH value (+ film);
* ``reference``: a materials and medicines edition (Brasíndice- or Simpro-style file), its price
  column per package or per unit, with an adjustment ("PMC − 10%");
* ``package``: fixed prices of package codes, with the codes each package includes.

Every term is dated: the term in force on the execution date applies, as price versions do.
These are plain frozen dataclasses (no pydantic) so the pricing stage reads them at speed; the
pydantic models that validate ``[[pricing]]`` are :mod:`lotcheck.contract.scheme_models`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the reader of reference files is loaded with one
    from lotcheck.contract.reference import ReferenceColumns, ReferenceEdition

#: the pricing methods a ``[[pricing]]`` entry may name (the flat list is ``list``)
METHODS = ("list", "cbhpm", "coefficient", "reference", "package")
#: the components of a CBHPM line a guide type may carry
CBHPM_COMPONENTS = ("porte", "uco", "film")
#: what a line carries when the contract does not say: all three (an SP-SADT line)
DEFAULT_CARRIES = CBHPM_COMPONENTS
#: the CBHPM portes: 1A … 14C
PORTES = tuple(f"{n}{letter}" for n in range(1, 15) for letter in "ABC")
#: the anesthesia portes: 0 … 8 (0: the act carries no anesthetist fee)
ANESTHESIA_PORTES = tuple(range(9))


@dataclass(frozen=True, slots=True)
class CbhpmCode:
    """One procedure of a CBHPM-style edition: its components, before any value."""

    code: str
    description: str
    porte: str | None  # 1A … 14C; None: the act has no honorário (a pure exam)
    fraction: Decimal  # the part of the porte paid (1 when the edition gives none)
    uco: Decimal  # custo operacional, in UCO
    film: Decimal  # film, in m²
    anesthesia: int  # anesthesia porte 0 … 8
    auxiliaries: int  # how many auxiliaries the act pays


@dataclass(frozen=True, slots=True)
class CbhpmEdition:
    """A CBHPM-style edition: its procedures, and the value of each porte and anesthesia porte."""

    name: str
    path: Path
    codes: dict[str, CbhpmCode]
    portes: dict[str, Decimal]
    anesthesia: dict[int, Decimal]


@dataclass(frozen=True, slots=True)
class CoefficientCode:
    """One procedure of an AMB 90/92-style edition: its CH count and film."""

    code: str
    description: str
    ch: Decimal
    film: Decimal


@dataclass(frozen=True, slots=True)
class CoefficientEdition:
    """An AMB 90/92-style edition: procedures by code."""

    name: str
    path: Path
    codes: dict[str, CoefficientCode]


@dataclass(frozen=True, slots=True)
class Adjust:
    """The contract's adjustment of each component (a "banda" or reducer): 1 leaves it as is."""

    porte: Decimal = Decimal(1)
    uco: Decimal = Decimal(1)
    film: Decimal = Decimal(1)
    anesthesia: Decimal = Decimal(1)
    ch: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class CbhpmTerm:
    """What a CBHPM contract says from ``start``: the edition pinned and the values set."""

    start: date
    edition: CbhpmEdition
    uco_value: Decimal
    film_value: Decimal
    adjust: Adjust


@dataclass(frozen=True, slots=True)
class CoefficientTerm:
    """What an AMB-style contract says from ``start``: the edition, the CH and film values."""

    start: date
    edition: CoefficientEdition
    ch_value: Decimal
    film_value: Decimal
    adjust: Adjust


@dataclass(frozen=True, slots=True)
class ReferenceTerm:
    """A materials and medicines edition in force from ``start``, with its adjustment."""

    start: date
    name: str  # the edition's name as the contract gives it ("Brasíndice 2024-01")
    columns: ReferenceColumns
    edition: ReferenceEdition
    adjust: Decimal


@dataclass(frozen=True, slots=True)
class PackagePrice:
    """A package's fixed price from ``start``."""

    start: date
    price: Decimal


@dataclass(frozen=True, slots=True)
class Package:
    """A negotiated package: its code, its dated prices, the codes it includes (``table/code``
    or ``code``, as contracts name codes) and the window, in days before or after the
    package's date, inside which an included code billed for the same beneficiary in another
    guide is part of it (in the package's own guide it always is)."""

    table: str
    code: str
    description: str
    prices: tuple[PackagePrice, ...]
    includes: frozenset[str]
    window_days: int = 0

    def price_on(self, day: date) -> PackagePrice | None:
        """The price in force on ``day`` (the latest start ≤ day)."""
        pos = bisect.bisect_right([p.start for p in self.prices], day) - 1
        return self.prices[pos] if pos >= 0 else None


Term = CbhpmTerm | CoefficientTerm | ReferenceTerm


@dataclass(frozen=True, slots=True)
class Scheme:
    """One ``[[pricing]]`` entry: the method of the tables (and codes) it names.

    ``codes`` empty: every code of ``tables``. ``terms`` are sorted by start (a package scheme
    has none: each package carries its prices). ``rounding`` is ``component`` (each component
    to cents, then the sum) or ``sum`` (the exact sum, once). ``carries``: guide type
    (``guiaSP-SADT`` …) -> the CBHPM components its principal line is paid.
    """

    method: str
    tables: frozenset[str]
    codes: frozenset[str] = frozenset()
    name: str = ""
    rounding: str = "component"
    terms: tuple[Term, ...] = ()
    carries: dict[str, tuple[str, ...]] = field(default_factory=dict)
    packages: dict[tuple[str, str], Package] = field(default_factory=dict)
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(t.start for t in self.terms))

    def names(self, table: str, code: str) -> bool:
        """Whether this scheme prices ``table``/``code``."""
        if table not in self.tables:
            return False
        return not self.codes or code in self.codes or f"{table}/{code}" in self.codes

    def term_for(self, day: date) -> Term | None:
        """The term in force on ``day``: the latest start ≤ day."""
        pos = bisect.bisect_right(self._starts, day) - 1
        return self.terms[pos] if pos >= 0 else None

    def carried(self, guide_type: str | None) -> tuple[str, ...]:
        """The components a principal line of ``guide_type`` is paid (all three by default)."""
        if guide_type is None:
            return DEFAULT_CARRIES
        return self.carries.get(guide_type, DEFAULT_CARRIES)
