"""The JSON Schema of ``lotcheck reconcile --format json``: a statement against the lots.

The models mirror :func:`lotcheck.reconcile.data.reconciliation_data` field for field (a test
validates real output against the published file, and another that the file is up to date).
They describe the document only; the reconciliation never builds through them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from lotcheck.report.pricing_schemas import PricingModel

_STRICT = ConfigDict(extra="forbid")
_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
Money = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$")]
Decimal = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$")]
Day = Annotated[str, Field(pattern=_DAY)]


class ToolModel(BaseModel):
    model_config = _STRICT
    name: Literal["lotcheck"]
    version: str


class StatementModel(BaseModel):
    """Which statement this is."""

    model_config = _STRICT
    path: str
    key: str = Field(
        description="registroANS:numeroDemonstrativo, or sha256:<digest of the file> when the "
        "statement has not both: the same statement loaded twice has the same key."
    )
    form: Literal["xml", "csv", "xlsx"]
    registro_ans: str | None
    operator_name: str | None
    number: str | None = Field(description="numeroDemonstrativo.")
    issued: Day | None = Field(description="dataEmissao.")
    remarks: list[str] = Field(
        description="The statement's own totals that are not the sum of its lines, worded in "
        "`lang` (not errors: the lines are what is reconciled)."
    )


class SummaryModel(BaseModel):
    """How many statement items got each verdict, and how many are listed apart."""

    model_config = _STRICT
    items: int = Field(description="Statement items matched to an item sent.")
    paid: int
    overpaid: int
    foreseeable: int
    contestable: int
    unchecked: int
    unmatched: int = Field(description="Statement items with no item sent (see unmatched).")
    unanswered: int = Field(description="Items sent that no statement item answers.")


class TotalsModel(BaseModel):
    """The conference-report columns, over the matched items only."""

    model_config = _STRICT
    items: int
    sent: Money = Field(description="What the lots billed (valorTotal) for these items.")
    contracted: Money | None = Field(
        description="What the contract pays for those of them it prices; null when it prices "
        "none (no contract)."
    )
    released: Money = Field(description="What the payer released.")
    denied: Money = Field(
        description="What the payer denied: its denied value, or informed − released when "
        "that is more."
    )
    recoverable: Money = Field(description="The sum of the contestable amounts.")


class ServiceTotalsModel(TotalsModel):
    type: str = Field(description="Service type of the items sent: consultas, sadt, materiais...")


class GuideTotalsModel(TotalsModel):
    guide: str | None = Field(description="The statement's numeroGuiaPrestador (else the lot's).")
    operator_guide: str | None = Field(description="numeroGuiaOperadora.")
    protocol: str | None = Field(description="The statement's numeroProtocolo.")
    lot: str | None = Field(description="The lot file the guide was matched in.")


class GlosaModel(BaseModel):
    """One denial reason as the payer gave it."""

    model_config = _STRICT
    code: str | None = Field(description="ANS table 38 code (tipoGlosa / codigoGlosa).")
    value: Money | None = Field(description="The value it denied, when the statement says.")
    text: str | None = Field(description="The payer's own text, when it gives one.")
    description: str | None = Field(
        description="The official table 38 wording, for the codes lotcheck ships."
    )


class StatementItemModel(BaseModel):
    """A statement item as the payer wrote it."""

    model_config = _STRICT
    sequence: str | None = Field(description="sequencialItem.")
    date: Day | None = Field(description="dataRealizacao.")
    table: str | None
    code: str | None
    description: str | None
    degree: str | None
    quantity: Decimal | None
    informed: Money | None
    processed: Money | None
    released: Money | None
    denied: Money | None = Field(description="As given; null when the statement gives none.")
    line: int | None = Field(description="Line (XML) or row (CSV, XLSX) in the statement.")


class FindingRefModel(BaseModel):
    """An error or warning the check had on the item or its guide (or the lot's, for the very
    glosa the payer gave)."""

    model_config = _STRICT
    code: str
    message: str


class SentItemModel(BaseModel):
    """An item as sent in a lot, re-priced by the contract."""

    model_config = _STRICT
    lot: str = Field(description="The lot file.")
    lot_number: str | None
    tiss_version: str | None
    guide: str | None = Field(description="numeroGuiaPrestador.")
    operator_guide: str | None = Field(description="numeroGuiaOperadora.")
    service: str = Field(description="Service type: consultas, sadt, materiais...")
    sequence: str | None
    table: str | None
    code: str | None
    description: str | None
    date: Day | None
    degree: str | None = Field(description="grauParticipacao (several joined by commas).")
    quantity: Decimal | None
    sent: Money | None = Field(description="The value element as sent (valorTotal...).")
    expected: Money | None = Field(
        description="What the value element should hold by the contract; null without a "
        "contract or when the contract does not price the item."
    )
    line: int | None
    xpath: str
    findings: list[FindingRefModel]
    explanation: str | None = Field(description="The pricing formula in words.")
    pricing: PricingModel | None = Field(description="The pricing formula as data.")


class ReconciledItemModel(BaseModel):
    """A statement item, the item sent it answers, and the verdict."""

    model_config = _STRICT
    verdict: Literal["paid", "overpaid", "foreseeable", "contestable", "unchecked"]
    contestable: Money = Field(
        description="The amount to appeal: expected − released ('0.00' unless contestable)."
    )
    informed: Money = Field(description="Informed (the value sent when the statement has none).")
    released: Money = Field(description="Released (informed − denied when it has none).")
    denied: Money = Field(description="Denied (never less than informed − released).")
    protocol: str | None
    guide: str | None = Field(description="The statement's numeroGuiaPrestador.")
    operator_guide: str | None = Field(description="The statement's numeroGuiaOperadora.")
    glosas: list[GlosaModel] = Field(description="The item's glosas, else its guide's.")
    statement: StatementItemModel
    sent: SentItemModel


class UnmatchedItemModel(BaseModel):
    """A statement item with no item sent, and why."""

    model_config = _STRICT
    problem: Literal["no_guide", "no_item", "ambiguous", "guide_only"]
    candidates: int = Field(description="How many guides or items fitted (ambiguous).")
    protocol: str | None
    guide: str | None
    operator_guide: str | None
    glosas: list[GlosaModel]
    statement: StatementItemModel


class ReconciliationModel(BaseModel):
    """The document printed by ``lotcheck reconcile --format json``."""

    model_config = ConfigDict(extra="forbid", title="lotcheck reconciliation")
    schema_: str = Field(alias="$schema")
    tool: ToolModel
    lang: Literal["pt", "en"]
    statement: StatementModel
    lots: list[str]
    contract: str | None = Field(description="The contract's name; null: none was given.")
    summary: SummaryModel
    totals: TotalsModel
    by_service: list[ServiceTotalsModel]
    by_guide: list[GuideTotalsModel] = Field(description="In the statement's order.")
    items: list[ReconciledItemModel]
    unmatched: list[UnmatchedItemModel]
    unanswered: list[SentItemModel] = Field(description="Items sent the statement does not answer.")


def reconcile_schema() -> dict[str, object]:
    schema = ReconciliationModel.model_json_schema(by_alias=True)
    schema["$id"] = "https://lotcheck.dev/schemas/reconcile.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
