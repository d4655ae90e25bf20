"""The JSON Schemas lotcheck publishes in ``schemas/``: its report, one line of ``--format
jsonl``, the answer of ``lotcheck price --format json``, its ``contract.toml``, a payer's statement column mapping and the
reconciliation of ``lotcheck reconcile --format json`` (:mod:`~lotcheck.report.reconcile_schemas`).

The report models below mirror :meth:`LotReport.as_dict` field for field. They exist to publish
the schema (and a test validates real output against it), not to build reports: building through
pydantic on the hot path would cost more than the check. ``python -m lotcheck.report.schemas`` rewrites
the files; a test fails when they are out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from lotcheck.contract.models import ContractSettings
from lotcheck.report.edition_schemas import editions_schema
from lotcheck.report.eligibility_schemas import eligibility_schema
from lotcheck.report.pricing_schemas import PricingModel
from lotcheck.report.reconcile_schemas import reconcile_schema
from lotcheck.statement.mapping import mapping_schema

_STRICT = ConfigDict(extra="forbid")
Money = str | None


class FindingModel(BaseModel):
    """One finding."""

    model_config = _STRICT
    code: str = Field(description="Stable finding code, e.g. value.unit_mismatch.")
    severity: Literal["error", "warning", "info"]
    message: str = Field(description="Human message, pt-BR by default (English with --lang en).")
    guide: str | None = Field(description="numeroGuiaPrestador of the guide concerned.")
    item: str | None = Field(description="sequencialItem of the item concerned.")
    line: int | None
    column: int | None
    xpath: str | None
    expected: str | None = Field(description="What the contract or the rule expects.")
    found: str | None = Field(description="What the lot holds.")
    glosa: str | None = Field(description="ANS table 38 denial code the payer would apply.")
    date: str | None = Field(description="Execution date of the item (or guide), YYYY-MM-DD.")
    authorization: str | None = Field(description="numeroGuiaOperadora of the guide concerned.")
    pricing: PricingModel | None = Field(
        default=None,
        description="Only on findings about a priced item (value.*): the formula as data.",
    )


# Every totals, service and guide row carries the same four money fields
# (lotcheck.pricing.valuation.money_row): ``sent`` is over every item, ``expected`` over the
# priced items only, so the difference is taken over the priced items on both sides. The
# identity is stated in the descriptions, where a reader of the schema looks for what a field
# means.
_MONEY = r"^-?[0-9]+\.[0-9]{2}$"
_SENT = "Sum of the values sent (valorTotal) of every item, priced by the contract or not."
_SENT_PRICED = (
    "Sum of the values sent for the items the contract priced (priced_items of them); "
    "sent − sent_priced is what was sent for items the contract does not price (not compared). "
    '"0.00" when no item was priced.'
)
_EXPECTED = "Sum of the contract's values for the priced items; null when no item was priced."
_DIFFERENCE = (
    "Always difference = sent_priced − expected, to the cent, over the priced items only (never "
    "sent − expected: the unpriced items are in sent but not in expected); positive is sent "
    "above the contract. Null when no item was priced."
)


class TotalsModel(BaseModel):
    """The lot's money: difference = sent_priced − expected (see the fields)."""

    model_config = _STRICT
    sent: Money = Field(description=_SENT)
    sent_priced: str = Field(description=_SENT_PRICED, pattern=_MONEY)
    expected: Money = Field(description=_EXPECTED)
    difference: Money = Field(description=_DIFFERENCE)


class ServiceModel(BaseModel):
    """One service type's items and money: difference = sent_priced − expected."""

    model_config = _STRICT
    type: str = Field(description="Service type: consultas, sadt, materiais, ...")
    items: int
    priced_items: int = Field(description="Items the contract gives a value for.")
    sent: Money = Field(description=_SENT)
    sent_priced: str = Field(description=_SENT_PRICED, pattern=_MONEY)
    expected: Money = Field(description=_EXPECTED)
    difference: Money = Field(description=_DIFFERENCE)


class GuideValueModel(BaseModel):
    """One guide's values (the conference report's detail): difference = sent_priced − expected."""

    model_config = _STRICT
    guide: str | None
    authorization: str | None
    date: str | None
    items: int
    priced_items: int = Field(description="Items the contract gives a value for.")
    sent: Money = Field(description=_SENT)
    sent_priced: str = Field(description=_SENT_PRICED, pattern=_MONEY)
    expected: Money = Field(description=_EXPECTED)
    difference: Money = Field(description=_DIFFERENCE)


class HashModel(BaseModel):
    model_config = _STRICT
    found: str | None = Field(description="The epílogo hash in the file.")
    utf8: str | None = Field(description="MD5 of the leaf texts encoded as UTF-8.")
    latin1: str | None = Field(description="Same, encoded as ISO-8859-1 (null if not encodable).")
    matched: Literal["utf-8", "iso-8859-1", "both"] | None


class LotModel(BaseModel):
    """Everything reported about one file."""

    model_config = _STRICT
    path: str
    tiss_version: str | None
    transaction: str | None
    lot_number: str | None
    provider: str | None
    guide_type: str | None
    guides: int
    items: int
    totals: TotalsModel
    services: list[ServiceModel]
    guide_values: list[GuideValueModel]
    hash: HashModel
    errors: int
    warnings: int
    infos: int
    findings: list[FindingModel]


class SummaryModel(BaseModel):
    model_config = _STRICT
    files: int
    files_with_errors: int
    guides: int
    items: int
    errors: int
    warnings: int
    infos: int
    by_code: dict[str, int]
    partial: bool = Field(description="True when the run was interrupted before every file.")


class ToolModel(BaseModel):
    model_config = _STRICT
    name: Literal["lotcheck"]
    version: str


class PeriodModel(BaseModel):
    model_config = _STRICT
    start: str = Field(description="First day of the billing window, YYYY-MM-DD.")
    end: str = Field(description="Last day of the billing window, YYYY-MM-DD.")


class PackRefModel(BaseModel):
    model_config = _STRICT
    path: str = Field(description="The pack file loaded.")
    id: str | None = Field(description="The id the pack declares.")
    version: str | None = Field(description="The payer's version of the pack.")


class RunModel(BaseModel):
    """How the report was made: options that change what is checked."""

    model_config = _STRICT
    generated_at: str | None
    lang: Literal["pt", "en"]
    contract: str | None
    contract_path: str | None
    period: PeriodModel | None = Field(description="--period, null when none was given.")
    packs: list[PackRefModel] = Field(description="Rule packs loaded (contract folder, --rules).")
    ledger: str | None = Field(
        description="Ledger consulted with --ledger (file path, or URL with the password "
        "masked); null when the ledger was not consulted."
    )
    schema_: bool = Field(alias="schema", description="Whether lots were validated by XSD.")
    xsd_dirs: list[str] = Field(
        description="Folders the XSD sets were looked for in, in search order."
    )


class ReportModel(BaseModel):
    """The document printed by ``lotcheck check --format json``."""

    model_config = ConfigDict(extra="forbid", title="lotcheck report")
    schema_: str = Field(alias="$schema")
    tool: ToolModel
    run: RunModel
    lots: list[LotModel]
    summary: SummaryModel


def report_schema() -> dict[str, object]:
    schema = ReportModel.model_json_schema(by_alias=True)
    schema["$id"] = "https://lotcheck.dev/schemas/report.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


class FindingLineModel(FindingModel):
    """One finding of ``--format jsonl``: the JSON report's finding, and the lot it is in."""

    file: str = Field(description="The lot's path, as the JSON report's lot ``path`` gives it.")
    tiss_version: str | None = Field(description="The lot's TISS version (Padrao).")
    lot_number: str | None = Field(description="The lot's numeroLote.")


class PartialLineModel(BaseModel):
    """The last line of an interrupted run (Ctrl-C, SIGTERM); a complete run has none."""

    model_config = _STRICT
    partial: Literal[True]
    files: int = Field(description="How many files were checked before the run stopped.")


class FindingLineAnswerModel(RootModel[FindingLineModel | PartialLineModel]):
    """One line of ``lotcheck check --format jsonl``: a finding, or the partial-run marker."""

    model_config = ConfigDict(title="lotcheck finding line")


def finding_line_schema() -> dict[str, object]:
    schema = FindingLineAnswerModel.model_json_schema()
    schema["$id"] = "https://lotcheck.dev/schemas/finding-line.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


class PriceModel(PricingModel):
    """What to bill for one code on a date (``lotcheck price --format json``): how its value is
    made, as a value finding's ``pricing`` says it, and the date asked."""

    date: str = Field(description="The execution date priced, YYYY-MM-DD.")
    quantity: str = Field(description="Decimal string: the quantity used (1 when none given).")
    factor: str = Field(description="Decimal string: the factor used (1 when none given).")
    total: str = Field(
        description="Expected line total: round(unit × quantity × factor).", pattern=_MONEY
    )


class PriceErrorDetail(BaseModel):
    model_config = _STRICT
    code: str = Field(description="The finding code a lot billing the line would get.")
    message: str = Field(description="That finding's message, in the run's language.")


class PriceErrorModel(BaseModel):
    """The contract does not price the line (exit code 1): the finding the check would give."""

    model_config = _STRICT
    error: PriceErrorDetail


class PriceAnswerModel(RootModel[PriceModel | PriceErrorModel]):
    """The document printed by ``lotcheck price --format json``."""

    model_config = ConfigDict(title="lotcheck price")


def price_schema() -> dict[str, object]:
    schema = PriceAnswerModel.model_json_schema()
    schema["$id"] = "https://lotcheck.dev/schemas/price.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def contract_schema() -> dict[str, object]:
    schema = ContractSettings.model_json_schema()
    schema["$id"] = "https://lotcheck.dev/schemas/contract.schema.json"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


SCHEMAS = {
    "report.schema.json": report_schema,
    "finding-line.schema.json": finding_line_schema,
    "price.schema.json": price_schema,
    "contract.schema.json": contract_schema,
    "editions.schema.json": editions_schema,
    "eligibility.schema.json": eligibility_schema,
    "statement-mapping.schema.json": mapping_schema,
    "reconcile.schema.json": reconcile_schema,
}


def dump(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every schema into the folder given (default ``schemas/``)."""
    args = argv if argv is not None else sys.argv[1:]
    out = Path(args[0]) if args else Path("schemas")
    out.mkdir(parents=True, exist_ok=True)
    for name, build in SCHEMAS.items():
        (out / name).write_text(dump(build()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
