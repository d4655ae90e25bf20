"""``POST /api/v1/price``: what a code pays on a date, the same answer as ``lotcheck price
--format json`` (``schemas/price.schema.json``).

The question is answered by the library (:func:`lotcheck.pricing.quote.quote`), as the command
does; this module only reads the request as strictly as the command reads its options (a date
``AAAA-MM-DD`` or ``DD/MM/AAAA``, decimals as strings with one point or comma: a JSON number
would arrive as a float, and money is never a float) and words a refusal with the command's
codes and messages (``price_date``, ``price_decimal``, ``price_<reason>``), naming the JSON
field instead of the option. A line the contract does not price is answered with the finding
the check would give, as ``{"error": {"code": <finding code>, "message": ...}}`` (422): the
command's exit 1.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from lotcheck.contract import Contract
from lotcheck.pricing.answer import answer_data, parse_amount, parse_day
from lotcheck.pricing.quote import QuoteError, quote, unpriced_finding
from lotcheck.pricing.result import Unpriced
from lotcheck.serve.errors import ApiError, usage_error


class PriceRequest(BaseModel):
    """The question, as ``lotcheck price``'s options (decimals as strings)."""

    model_config = ConfigDict(extra="forbid")
    contract: str = Field(description="A contract name, as GET /api/v1/contracts lists them.")
    code: str = Field(description="The procedure code (CODE).")
    date: str = Field(description="The execution date, YYYY-MM-DD or DD/MM/YYYY (--date).")
    table: str | None = Field(default=None, description="The table, two digits (--table).")
    degree: str | None = Field(default=None, description="grauPart, 00-13 (--degree).")
    quantity: str | None = Field(default=None, description="A decimal string (--quantity).")
    factor: str | None = Field(default=None, description="A decimal string (--factor).")
    guide_type: str | None = Field(
        default=None,
        description="sadt (default), honorarios, internacao, consulta or odonto (--guide-type).",
    )


class Unpriceable(ApiError):
    """The contract does not price the line: the check's finding, as the answer (422)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(422, code, "")
        self.text = message

    def message(self, lang: str) -> str:
        return self.text


def _amount(value: str | None, field: str) -> Decimal | None:
    if value is None:
        return None
    parsed = parse_amount(value)
    if parsed is None:
        raise usage_error(400, "price_decimal", option=field, value=value)
    return parsed


def _refused(error: QuoteError) -> ApiError:
    return usage_error(400, f"price_{error.reason}", option=error.option, **error.message_values())


def price(contract: Contract, asked: PriceRequest, lang: str) -> dict[str, Any]:
    """The answer, or the :class:`ApiError` the command would have printed."""
    when = parse_day(asked.date)
    if when is None:
        raise usage_error(400, "price_date", value=asked.date)
    quantity = _amount(asked.quantity, "quantity")
    factor = _amount(asked.factor, "factor")
    guide = asked.guide_type or "sadt"
    try:
        result = quote(
            contract,
            asked.code,
            when,
            table=asked.table,
            degree=asked.degree,
            quantity=quantity,
            factor=factor,
            guide_type=guide,
        )
    except QuoteError as refused:
        raise _refused(refused) from refused
    if isinstance(result, Unpriced):
        finding = unpriced_finding(
            contract,
            result,
            asked.code,
            when,
            table=asked.table,
            degree=asked.degree,
            guide_type=guide,
            lang=lang,
        )
        raise Unpriceable(finding.code, finding.message)
    return answer_data(result, when)
