"""The JSON Schema of the reference edition files a formula contract pins (``schemes/``).

The editions are CSVs (see :mod:`lotcheck.contract.editions`): each row, read as an object keyed
by its header's names with every cell as text, must match one of the row shapes here. The
schema states the columns, which ones may be empty and the text each cell may hold, in both CSV
dialects (``1.234,56`` in the ``;`` files, ``1234.56`` in the ``,`` files), so a provider's tool
can check an edition before lotcheck reads it. The materials and medicines editions have the
columns the contract maps (``[[pricing]] columns``), so their shape is in the contract's schema.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from lotcheck.contract.schemes import PORTES

#: a non-negative number as either dialect writes it
NUMBER = r"^\s*(R\$\s*)?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)([.,][0-9]+)?\s*$"
OPTIONAL_NUMBER = r"^\s*$|" + NUMBER
Number = Annotated[str, Field(pattern=NUMBER)]
OptionalNumber = Annotated[str, Field(pattern=OPTIONAL_NUMBER)]
_PORTE = "^\\s*(" + "|".join(PORTES) + ")\\s*$"
_STRICT = ConfigDict(extra="forbid")


class CbhpmProcedureRow(BaseModel):
    """A row of ``procedimentos.csv``: one procedure's components."""

    model_config = _STRICT
    codigo: str = Field(pattern=r"^\s*[0-9A-Za-z.\-]{1,10}\s*$", description="Procedure code.")
    descricao: str
    porte: str = Field(
        pattern=r"^\s*$|" + _PORTE[1:],
        description="1A … 14C; empty: no honorário (an exam paid by its UCO).",
    )
    fracao: OptionalNumber = Field(description="Part of the porte paid; empty: 1.")
    uco: OptionalNumber = Field(description="Custo operacional in UCO; empty: 0.")
    filme: OptionalNumber = Field(description="Film in m²; empty: 0.")
    porte_anestesico: str = Field(
        pattern=r"^\s*[0-8]?\s*$", description="Anesthesia porte 0 … 8; empty or 0: no fee."
    )
    auxiliares: str = Field(pattern=r"^\s*[0-4]?\s*$", description="Auxiliaries paid; empty: 0.")


class CbhpmPorteRow(BaseModel):
    """A row of ``portes.csv`` (every porte 1A … 14C once)."""

    model_config = _STRICT
    porte: str = Field(pattern=_PORTE)
    valor: Number = Field(description="Value of the porte in this edition (R$).")


class CbhpmAnesthesiaRow(BaseModel):
    """A row of ``portes_anestesicos.csv`` (every anesthesia porte 0 … 8 once)."""

    model_config = _STRICT
    porte: str = Field(pattern=r"^\s*[0-8]\s*$")
    valor: Number = Field(description="Value of the anesthesia porte (R$).")


class CoefficientRow(BaseModel):
    """A row of an AMB 90/92-style edition."""

    model_config = _STRICT
    codigo: str = Field(pattern=r"^\s*[0-9A-Za-z.\-]{1,10}\s*$")
    descricao: str
    ch: Number = Field(description="Number of CH.")
    filme: OptionalNumber = Field(description="Film in m²; empty: 0.")


class EditionRows(BaseModel):
    """One row of a reference edition CSV, keyed by its header (cells as text)."""

    model_config = ConfigDict(title="lotcheck reference edition rows")
    procedimentos: CbhpmProcedureRow | None = None
    portes: CbhpmPorteRow | None = None
    portes_anestesicos: CbhpmAnesthesiaRow | None = None
    amb: CoefficientRow | None = None


def editions_schema() -> dict[str, object]:
    """The row shapes as ``$defs``, a row being any one of them."""
    schema = EditionRows.model_json_schema()
    defs = schema.get("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://lotcheck.dev/schemas/editions.schema.json",
        "title": "lotcheck reference edition row",
        "description": __doc__.split("\n\n")[1].replace("\n", " ") if __doc__ else "",
        "oneOf": [{"$ref": f"#/$defs/{name}"} for name in sorted(defs)],
        "$defs": defs,
    }
