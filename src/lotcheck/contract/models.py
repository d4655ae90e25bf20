"""The pydantic models of ``contract.toml`` and of a price row: the one definition of what a
contract may hold, and the slow path of loading that uses them.

They validate every contract that the fast reader (:mod:`lotcheck.contract.fast_reader`) does not
accept as plainly valid, so every error message comes from here (:func:`checked_settings`,
:func:`checked_row`), and they publish the JSON Schema in ``schemas/``. They live apart from the
rest of :mod:`lotcheck.contract` because importing pydantic costs about as much as the rest of
lotcheck's start-up: a check whose contract is plainly valid never imports this module (the
loaders import it inside the function that needs it).

Imports: pydantic, :mod:`lotcheck.contract.types` (the plain dataclasses and the patterns shared
with the fast reader) and :mod:`lotcheck.core.money`; nothing else of the package.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from lotcheck.contract.scheme_models import PricingEntry
from lotcheck.contract.types import (
    CODE_PATTERN,
    CODE_REF_PATTERN,
    DECIMAL_PATTERN,
    DEGREES,
    SECTIONS,
    TABLE_PATTERN,
    VALUE_PER_PATTERN,
    ContractConfig,
    ContractError,
    PriceRow,
)
from lotcheck.contract.validation_text import custom, problems
from lotcheck.core.money import Rounding

DecimalText = Annotated[str, Field(pattern=DECIMAL_PATTERN)]
#: A procedure code as contracts and rule packs name it: ``"81000065"`` (any table) or
#: ``"22/81000065"`` (that codigoTabela only).
CodeRef = Annotated[str, Field(pattern=CODE_REF_PATTERN)]


class FactorSettings(BaseModel):
    """``[factors]``: the reduction/increase factors the contract accepts."""

    model_config = ConfigDict(extra="forbid")
    allowed: list[DecimalText] = Field(
        default_factory=list,
        description="Accepted reducaoAcrescimo values, as decimal strings. Empty: any factor.",
    )


class DentalSettings(BaseModel):
    """``[dental]``: how guiaOdonto values are read."""

    model_config = ConfigDict(extra="forbid")
    value_per: str = Field(
        default="line",
        pattern=VALUE_PER_PATTERN,
        description="'line': valorProc is the value of the whole line (price × qtdProc), the TISS "
        "legend's reading; 'unit': valorProc is the unit price.",
    )
    tooth_required: list[CodeRef] = Field(
        default_factory=list,
        description="Dental codes billed only with a tooth (codDente) or a region (codRegiao); "
        "'81000065' or '22/81000065'. Missing: finding dental.tooth_missing (glosa 3022).",
    )
    faces_required: list[CodeRef] = Field(
        default_factory=list,
        description="Dental codes billed only with the faces (denteFace). Missing: finding "
        "dental.face_missing (glosa 3023).",
    )


class TableSettings(BaseModel):
    """``[tables]``: which codigoTabela values the contract prices."""

    model_config = ConfigDict(extra="forbid")
    unpriced: list[str] = Field(
        default_factory=list,
        description="codigoTabela values priced outside this contract (e.g. '19' materials by "
        "Simpro, '20' drugs by Brasíndice): their items get arithmetic checks only.",
    )


class RuleSettings(BaseModel):
    """``[rules]``: the CBHPM practice the built-in rules check, as this contract applies it.

    Multiple procedures: the main procedure is paid in full; each further procedure by the same
    access route (viaAcesso 2) at ``same_route_factor``, by another route (viaAcesso 3) at
    ``other_route_factor``. Urgency: ``urgency_factor`` is allowed only inside the urgency window:
    weekdays from ``urgency_night_start`` to ``urgency_night_end`` (the next morning), weekends and
    holidays (national ones are computed; Carnival only when ``carnival_is_holiday``; add state and
    municipal ones in ``holidays``).
    """

    model_config = ConfigDict(extra="forbid")
    same_route_factor: DecimalText = Field(
        default="0.50", description="Factor of a further procedure by the same route (viaAcesso 2)."
    )
    other_route_factor: DecimalText = Field(
        default="0.70",
        description="Factor of a further procedure by another route (viaAcesso 3).",
    )
    urgency_factor: DecimalText = Field(
        default="1.30", description="Increase for a procedure done inside the urgency window."
    )
    urgency_night_start: time = Field(
        default=time(19, 0), description="On weekdays, the urgency window opens at this time..."
    )
    urgency_night_end: time = Field(
        default=time(7, 0), description="...and closes at this time the next morning."
    )
    carnival_is_holiday: bool = Field(
        default=False,
        description="Count Carnival Monday and Tuesday (national 'pontos facultativos') as "
        "holidays. Good Friday and Corpus Christi always count.",
    )
    holidays: list[date] = Field(
        default_factory=list,
        description="Extra holidays (state, municipal), as dates: 2024-07-02.",
    )


class ContractSettings(BaseModel):
    """The settings in ``contract.toml``. Its JSON Schema is published in ``schemas/``."""

    model_config = ConfigDict(extra="forbid", title="lotcheck contract.toml")
    name: str = Field(min_length=1, description="Human name of the contract.")
    rounding: Rounding = Field(
        default=Rounding.HALF_UP, description="How money is rounded to cents."
    )
    tolerance: DecimalText = Field(
        default="0.00", description="Differences up to this amount (R$) are not reported."
    )
    valid_until: date | None = Field(
        default=None, description="Last day the last version is in force."
    )
    participation: dict[str, DecimalText] = Field(
        default_factory=lambda: {"00": "100"},
        description="grauPart code ('00'..'13') -> percentage of the table value paid for it.",
    )
    factors: FactorSettings = Field(default_factory=FactorSettings)
    dental: DentalSettings = Field(default_factory=DentalSettings)
    tables: TableSettings = Field(default_factory=TableSettings)
    rules: RuleSettings = Field(default_factory=RuleSettings)
    pricing: list[PricingEntry] = Field(
        default_factory=list,
        description="Formula methods (CBHPM components, AMB coefficients, materials and "
        "medicines references, packages), each for the codigoTabela values (and codes) it "
        "names; the first entry naming a code prices it. Every other table is priced by the "
        "contract's own price CSVs. See docs/contracts.md.",
    )

    @field_validator("participation")
    @classmethod
    def _degrees_known(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(DEGREES))
        if unknown:
            shown = ", ".join(repr(code) for code in unknown)
            raise custom("degrees", codes=shown, first=DEGREES[0], last=DEGREES[-1])
        return value


class PriceRowModel(BaseModel):
    """One CSV row after parsing; validated so a bad code or price names its line."""

    model_config = ConfigDict(frozen=True)
    table: str = Field(pattern=TABLE_PATTERN)
    code: str = Field(min_length=1, max_length=10, pattern=CODE_PATTERN)
    description: str
    price: Decimal = Field(ge=0, decimal_places=2)


#: a price row's fields by the CSV column the user wrote them in (an error names the column)
_COLUMNS = {"table": "tabela", "code": "codigo", "description": "descricao", "price": "valor"}


# -- from a model to the plain dataclasses, or to a ContractError --------------------------------


def from_model(kind: type, model: BaseModel) -> Any:
    """A validated pydantic model as the plain dataclass ``kind`` (nested sections included)."""
    values: dict[str, Any] = {}
    for item in fields(kind):
        value = getattr(model, item.name)
        section = SECTIONS.get(item.name) if kind is ContractConfig else None
        values[item.name] = from_model(section, value) if section is not None else value
    return kind(**values)


def checked_settings(data: dict[str, Any], location: str) -> ContractConfig:
    """``contract.toml``'s settings validated by :class:`ContractSettings`, or its errors as a
    :class:`~lotcheck.contract.types.ContractError` at ``location``."""
    try:
        model = ContractSettings.model_validate(data)
    except ValidationError as exc:
        raise ContractError("settings", location, problems=problems(exc)) from exc
    settings: ContractConfig = from_model(ContractConfig, model)
    return settings


def checked_row(table: str, code: str, description: str, price: Decimal, location: str) -> PriceRow:
    """A price row validated by :class:`PriceRowModel`, or its errors as a ContractError."""
    try:
        model = PriceRowModel(table=table, code=code, description=description, price=price)
    except ValidationError as exc:
        raise ContractError("row", location, problems=problems(exc, names=_COLUMNS)) from exc
    return PriceRow(model.table, model.code, model.description, model.price)
