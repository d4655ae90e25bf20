"""What a loaded contract is: plain dataclasses, the error, and the text patterns of valid values.

This is the light half of :mod:`lotcheck.contract`: everything a check needs once a contract is
loaded (:class:`Contract` and its sections, :func:`code_matches`), and the vocabulary both readers
share (:data:`DEGREES` and the ``*_PATTERN`` regular expressions). It imports no pydantic and
nothing else of the package, so the pydantic models (:mod:`lotcheck.contract.models`) can import
it without a cycle, and the rules can use a contract without paying for the models. Its error
words itself from :mod:`lotcheck.messages` (``contract.*`` keys), one catalog per language.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from lotcheck import messages
from lotcheck.core.money import Rounding
from lotcheck.messages import Msg, Verbatim, as_given

if TYPE_CHECKING:
    from lotcheck.contract.schemes import Scheme

DEGREES = tuple(f"{n:02d}" for n in range(14))  # dm_grauPart, TISS domain table 35
#: the text patterns of the pydantic models (:mod:`lotcheck.contract.models`), shared with the fast
#: reader (:mod:`lotcheck.contract.fast_reader`) so both accept exactly the same text
DECIMAL_PATTERN = r"^\d+(\.\d+)?$"
CODE_REF_PATTERN = r"^(\d{2}/)?[0-9A-Za-z.\-]{1,10}$"
TABLE_PATTERN = r"^\d{2}$"
CODE_PATTERN = r"^[0-9A-Za-z.\-]+$"
VALUE_PER_PATTERN = "^(line|unit)$"


class ContractError(Exception):
    """A contract that cannot be used, worded in both languages.

    ``key`` names the message (``contract.<key>`` in the catalogs) and ``params`` its values;
    ``location`` is ``file:line`` (or ``file``) when known. ``message`` is the English sentence
    and ``message_pt`` the Portuguese one, both without the location, so a caller that carries
    the location apart (an eligibility file read with the contract's scanner) does not write it
    twice; :meth:`text` is the whole line, ``file:line: sentence``, in one language, and
    ``str(error)`` is that line in English (logs, bug reports). The error is raised while
    loading, before anyone knows the reader's language: the CLI and the server pick it with
    :meth:`text`, a finding carries :meth:`as_msg`.
    """

    #: where the keys are in the catalogs (a rule pack's error keeps its own: ``contract.pack``)
    prefix: ClassVar[str] = "contract"

    def __init__(self, key: str, /, location: str | None = None, **params: object) -> None:
        self.key = key
        self.location = location
        self.params = params
        self.message_pt, self.message = messages.both(f"{self.prefix}.{key}", **as_given(params))
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The whole line in ``lang`` (``pt`` or ``en``): the location, then the sentence."""
        return messages.render(self.as_msg(), lang)

    def as_msg(self) -> Msg:
        """The line to word later, in whatever language the report is read (a finding's
        argument: the check that met the error does not know the reader's language)."""
        what = self.what_msg()
        if self.location is None:
            return what
        return Msg("contract.at", {"location": Verbatim(self.location), "what": what})

    def what_msg(self) -> Msg:
        """The message without its location, for a caller that names the place itself (the
        eligibility reader, which carries the shared scan's error at its own file and line)."""
        return Msg(f"{self.prefix}.{self.key}", as_given(self.params))

    def __reduce__(self) -> tuple[object, ...]:
        # the default would call ContractError(str(self)): the English line is not a key
        return (_rebuilt, (type(self), self.key, self.location, self.params))


def _rebuilt(
    kind: type[ContractError], key: str, location: str | None, params: dict[str, object]
) -> ContractError:
    """The error again, of its own class, after a pickle (a worker process hands it back)."""
    return kind(key, location, **params)


def code_matches(refs: Collection[str], table: str | None, code: str | None) -> bool:
    """Whether an item's ``table``/``code`` is named in ``refs``.

    ``refs`` hold codes as :data:`lotcheck.contract.models.CodeRef` describes them: any table,
    or one table.
    """
    if code is None:
        return False
    return code in refs or (table is not None and f"{table}/{code}" in refs)


@dataclass(frozen=True, slots=True)
class FactorConfig:
    """``[factors]`` as loaded (see :class:`~lotcheck.contract.models.FactorSettings`)."""

    allowed: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DentalConfig:
    """``[dental]`` as loaded (see :class:`~lotcheck.contract.models.DentalSettings`)."""

    value_per: str = "line"
    tooth_required: list[str] = field(default_factory=list)
    faces_required: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TableConfig:
    """``[tables]`` as loaded (see :class:`~lotcheck.contract.models.TableSettings`)."""

    unpriced: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RuleConfig:
    """``[rules]`` as loaded (see :class:`~lotcheck.contract.models.RuleSettings`)."""

    same_route_factor: str = "0.50"
    other_route_factor: str = "0.70"
    urgency_factor: str = "1.30"
    urgency_night_start: time = time(19, 0)
    urgency_night_end: time = time(7, 0)
    carnival_is_holiday: bool = False
    holidays: list[date] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ContractConfig:
    """``contract.toml`` as loaded: plain data, whichever reader built it."""

    name: str
    rounding: Rounding = Rounding.HALF_UP
    tolerance: str = "0.00"
    valid_until: date | None = None
    participation: dict[str, str] = field(default_factory=lambda: {"00": "100"})
    factors: FactorConfig = field(default_factory=FactorConfig)
    dental: DentalConfig = field(default_factory=DentalConfig)
    tables: TableConfig = field(default_factory=TableConfig)
    rules: RuleConfig = field(default_factory=RuleConfig)


#: ContractConfig's nested sections: TOML key -> dataclass (both readers build them by this map)
SECTIONS: dict[str, type] = {
    "factors": FactorConfig,
    "dental": DentalConfig,
    "tables": TableConfig,
    "rules": RuleConfig,
}


@dataclass(frozen=True, slots=True)
class PriceRow:
    """One CSV row after parsing and validation."""

    table: str
    code: str
    description: str
    price: Decimal


@dataclass(frozen=True, slots=True)
class PriceVersion:
    """One CSV: the prices in force from ``start``."""

    start: date
    path: Path
    prices: dict[tuple[str, str], PriceRow]


@dataclass(frozen=True, slots=True)
class Contract:
    """A loaded contract: settings plus versions sorted by start date, and the formula schemes
    (``[[pricing]]``, :mod:`lotcheck.contract.schemes`) of the tables not priced by the list."""

    root: Path
    settings: ContractConfig
    versions: tuple[PriceVersion, ...]
    schemes: tuple[Scheme, ...] = ()
    # derived once: they are read for every billed item
    _tolerance: Decimal = field(init=False, repr=False, compare=False)
    _allowed: frozenset[Decimal] = field(init=False, repr=False, compare=False)
    _participation: dict[str, Decimal] = field(init=False, repr=False, compare=False)
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)
    #: the codigoTabela values some scheme prices (the list prices every other one)
    scheme_tables: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        settings = self.settings
        object.__setattr__(self, "_tolerance", Decimal(settings.tolerance))
        object.__setattr__(
            self, "_allowed", frozenset(Decimal(f) for f in settings.factors.allowed)
        )
        object.__setattr__(
            self, "_participation", {k: Decimal(v) for k, v in settings.participation.items()}
        )
        object.__setattr__(self, "_starts", tuple(v.start for v in self.versions))
        tables = frozenset(t for scheme in self.schemes for t in scheme.tables)
        object.__setattr__(self, "scheme_tables", tables)

    def scheme_for(self, table: str, code: str) -> Scheme | None:
        """The first ``[[pricing]]`` scheme naming ``table``/``code``; None: the price list."""
        if table not in self.scheme_tables:
            return None
        return next((s for s in self.schemes if s.names(table, code)), None)

    @property
    def rounding(self) -> Rounding:
        return self.settings.rounding

    @property
    def tolerance(self) -> Decimal:
        return self._tolerance

    @property
    def allowed_factors(self) -> frozenset[Decimal]:
        return self._allowed

    def participation(self, degree: str) -> Decimal | None:
        return self._participation.get(degree)

    def version_for(self, day: date) -> PriceVersion | None:
        """The version in force on ``day``: the latest start ≤ day, within ``valid_until``."""
        pos = bisect.bisect_right(self._starts, day) - 1
        if pos < 0:
            return None
        valid_until = self.settings.valid_until
        if pos == len(self.versions) - 1 and valid_until is not None and day > valid_until:
            return None
        return self.versions[pos]
