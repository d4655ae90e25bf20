"""The pydantic models of ``[[pricing]]`` (the formula methods), and building the schemes.

``contract.toml`` may hold any number of ``[[pricing]]`` entries, each naming the codigoTabela
values (and optionally the codes) it prices, its method and its dated terms; every table no entry
names is priced by the contract's own price list. The models are the one definition of what an
entry may hold (their JSON Schema is part of ``schemas/contract.schema.json``); :func:`schemes`
validates the entries, reads the reference editions they pin (relative to the contract folder,
or absolute: users bring their own editions) and builds the plain
:class:`~lotcheck.contract.schemes.Scheme` values the pricing stage reads.

Only a contract with ``[[pricing]]`` imports this module (and pydantic): a plain list contract
keeps the fast path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from lotcheck.contract.types import (
    CODE_PATTERN,
    CODE_REF_PATTERN,
    DECIMAL_PATTERN,
    TABLE_PATTERN,
    ContractError,
)
from lotcheck.contract.validation_text import custom, problems
from lotcheck.core.model import GuideType

DecimalText = Annotated[str, Field(pattern=DECIMAL_PATTERN)]
CodeRef = Annotated[str, Field(pattern=CODE_REF_PATTERN)]
Table = Annotated[str, Field(pattern=TABLE_PATTERN)]
Rounding = Literal["component", "sum"]
GuideName = Literal[
    "guiaSP-SADT", "guiaConsulta", "guiaHonorarios", "guiaResumoInternacao", "guiaOdonto"
]
assert set(GuideName.__args__) == {t.value for t in GuideType}  # type: ignore[attr-defined]
_STRICT = ConfigDict(extra="forbid")


class AdjustModel(BaseModel):
    """The CBHPM contract's adjustment per component: a "banda" or reducer (porte × 0.80).
    Only the components a CBHPM price has: a key of another method (``ch``) is refused, not
    ignored (a typo would leave a band unapplied)."""

    model_config = _STRICT
    porte: DecimalText = Field(default="1", description="Multiplies the honorário (porte).")
    uco: DecimalText = Field(default="1", description="Multiplies the custo operacional.")
    film: DecimalText = Field(default="1", description="Multiplies the film (often left at 1).")
    anesthesia: DecimalText = Field(default="1", description="Multiplies the anesthesia porte.")


class CoefficientAdjustModel(BaseModel):
    """The AMB-style contract's adjustment: of the CH value (a regional reduction; AMB allowed
    up to 30 %) and of the film."""

    model_config = _STRICT
    ch: DecimalText = Field(default="1", description="Multiplies the CH value.")
    film: DecimalText = Field(default="1", description="Multiplies the film.")


class CbhpmTermModel(BaseModel):
    """A CBHPM term: from ``start``, the edition pinned and the values the contract sets."""

    model_config = _STRICT
    start: date = Field(description="First day the term is in force.")
    edition: str = Field(
        min_length=1,
        description="Folder of the CBHPM-style edition (procedimentos.csv, portes.csv, "
        "portes_anestesicos.csv), relative to the contract folder or absolute.",
    )
    uco: DecimalText = Field(description="Value of one UCO (R$).")
    film: DecimalText = Field(default="0", description="Value of one m² of film (R$).")
    adjust: AdjustModel = Field(default_factory=AdjustModel)


class CoefficientTermModel(BaseModel):
    """An AMB 90/92-style term: from ``start``, the edition and the CH and film values."""

    model_config = _STRICT
    start: date
    edition: str = Field(
        min_length=1, description="CSV codigo;descricao;ch;filme, relative or absolute."
    )
    ch: DecimalText = Field(description="Value of one CH (R$).")
    film: DecimalText = Field(default="0", description="Value of one m² of film (R$).")
    adjust: CoefficientAdjustModel = Field(default_factory=CoefficientAdjustModel)


class ColumnsModel(BaseModel):
    """The header names of a reference edition's columns."""

    model_config = _STRICT
    code: str = Field(min_length=1, description="Header of the code column (e.g. 'CODIGO').")
    price: str = Field(min_length=1, description="Header of the price column ('PMC', 'PF').")
    units: str | None = Field(
        default=None,
        description="Header of units per package: given, the item is priced per unit "
        "(price ÷ units).",
    )
    description: str | None = Field(default=None, description="Header of the description.")


class ReferenceTermModel(BaseModel):
    """A materials or medicines edition in force from ``start``."""

    model_config = _STRICT
    start: date
    file: str = Field(min_length=1, description="The edition's CSV, relative or absolute.")
    name: str | None = Field(default=None, description="Edition name shown in messages.")
    columns: ColumnsModel | None = Field(
        default=None, description="This edition's columns, if not the entry's."
    )
    adjust: DecimalText = Field(
        default="1", description="Multiplies the price: '0.90' is 'PMC − 10%'."
    )


class PackagePriceModel(BaseModel):
    """A package's price from ``start``."""

    model_config = _STRICT
    start: date
    price: DecimalText


class PackageModel(BaseModel):
    """A negotiated package: a code with a fixed price and the codes it includes."""

    model_config = _STRICT
    code: str = Field(pattern=CODE_PATTERN, max_length=10)
    table: Table | None = Field(default=None, description="Default: the entry's first table.")
    description: str = ""
    includes: list[CodeRef] = Field(
        min_length=1, description="Codes the package includes ('40301010' or '22/40301010')."
    )
    window_days: int = Field(
        default=0,
        ge=0,
        le=366,
        description="An included code billed for the same beneficiary up to this many days "
        "after the package's date (or before it) is part of it; 0: same day only. Inside one "
        "guide it always is.",
    )
    prices: list[PackagePriceModel] = Field(min_length=1)


class _Entry(BaseModel):
    model_config = _STRICT
    tables: list[Table] = Field(min_length=1, description="codigoTabela values it prices.")
    codes: list[CodeRef] = Field(
        default_factory=list, description="Only these codes of the tables (empty: all)."
    )
    name: str = Field(default="", description="Shown in messages (e.g. 'Brasíndice').")


class _Dated(_Entry):
    rounding: Rounding = Field(
        default="component",
        description="'component': each component to cents, then the sum; 'sum': the exact "
        "sum, rounded once.",
    )

    @model_validator(mode="after")
    def _distinct_starts(self) -> _Dated:
        starts = [t.start for t in getattr(self, "terms", [])]
        if len(set(starts)) != len(starts):
            raise custom("terms_same_day")
        return self


class CbhpmEntry(_Dated):
    """Price by CBHPM-style components."""

    method: Literal["cbhpm"]
    carries: dict[GuideName, list[Literal["porte", "uco", "film"]]] = Field(
        default_factory=dict,
        description="Guide type -> the components its principal line is paid (default: all "
        "three). An honorários guide usually carries the porte only.",
    )
    terms: list[CbhpmTermModel] = Field(min_length=1)


class CoefficientEntry(_Dated):
    """Price by CH count × CH value (+ film)."""

    method: Literal["coefficient"]
    terms: list[CoefficientTermModel] = Field(min_length=1)


class ReferenceEntryModel(_Dated):
    """Price from materials and medicines reference editions."""

    method: Literal["reference"]
    columns: ColumnsModel | None = Field(default=None, description="Default columns.")
    terms: list[ReferenceTermModel] = Field(min_length=1)

    @model_validator(mode="after")
    def _columns_known(self) -> ReferenceEntryModel:
        for term in self.terms:
            if term.columns is None and self.columns is None:
                raise custom("term_columns", start=term.start)
        return self


class PackageEntry(_Entry):
    """Packages: fixed prices of package codes and what each includes."""

    method: Literal["package"]
    packages: list[PackageModel] = Field(min_length=1)


PricingEntry = Annotated[
    CbhpmEntry | CoefficientEntry | ReferenceEntryModel | PackageEntry,
    Field(discriminator="method"),
]
_ENTRIES: TypeAdapter[list[Any]] = TypeAdapter(list[PricingEntry])


def validated(data: object, location: str) -> list[Any]:
    """The ``[[pricing]]`` entries validated, or a ContractError naming each problem."""
    try:
        return _ENTRIES.validate_python(data)
    except ValidationError as exc:
        raise ContractError("settings", location, problems=problems(exc, "pricing")) from exc


def resolve(root: Path, name: str) -> Path:
    """A path the contract names: absolute, or relative to the contract folder."""
    path = Path(name)
    return path if path.is_absolute() else root / path
