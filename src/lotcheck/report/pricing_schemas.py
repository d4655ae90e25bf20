"""The pricing explanation as a JSON Schema: how an expected value was made.

Shared by the report (a value finding's ``pricing``), ``lotcheck price`` and the reconciliation
(an item sent's ``pricing``), so the three documents say it in one shape.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_STRICT = ConfigDict(extra="forbid")


class ComponentModel(BaseModel):
    """One term of a formula price: value = quantity × base × adjust (reference: base ÷
    quantity × adjust), to cents when the contract rounds per component."""

    model_config = _STRICT
    kind: Literal["porte", "uco", "film", "anesthesia", "ch", "reference", "package"] = Field(
        description="porte (honorário; label the porte, quantity its fraction), uco (custo "
        "operacional), film (m²), anesthesia (label the anesthesia porte), ch (AMB CH count), "
        "reference (label the price column, quantity the units per package), package."
    )
    label: str | None
    quantity: str = Field(description="Decimal string: fraction, UCO, m², CH or units.")
    base: str = Field(description="Decimal string: the value of one (porte, UCO, m², CH, package).")
    adjust: str = Field(description="Decimal string: the contract's adjustment (1: none).")
    value: str = Field(description="Decimal string: the component's value.")


class PricingModel(BaseModel):
    """How the expected value of a priced item was made (value findings, lotcheck price)."""

    model_config = _STRICT
    method: Literal["list", "cbhpm", "coefficient", "reference", "package"]
    version: str = Field(description="Start (YYYY-MM-DD) of the price version or contract term.")
    edition: str | None = Field(description="The reference edition the term pins, if any.")
    table: str
    code: str
    description: str
    degree: str | None = Field(description="grauPart priced (null: none named).")
    percentage: str = Field(description="Decimal string: percentage of the price paid.")
    components: list[ComponentModel] = Field(description="Empty for a price list.")
    price: str = Field(description="Decimal string: the price at 100% (sum of components).")
    unit: str = Field(description="Expected unit value.", pattern=r"^-?[0-9]+\.[0-9]{2}$")
    quantity: str | None = Field(default=None, description="Quantity used (1 when none sent).")
    factor: str | None = Field(default=None, description="Factor used (1 when none sent).")
    total: str | None = Field(
        default=None,
        description="Expected line total: round(unit × quantity × factor).",
        pattern=r"^-?[0-9]+\.[0-9]{2}$",
    )
