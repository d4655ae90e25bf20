"""``lotcheck price CODE --contract C --date D``: what should I bill for this code?

The answer is the library's (:func:`lotcheck.pricing.quote.quote`, which asks
:func:`~lotcheck.pricing.price.price_item` itself), so it is the figure the check will expect of
the line. This module only reads the options strictly, loads the contract, and writes the answer:
the unit value, the line total and how they were made (text in the run's language, or JSON
that ``schemas/price.schema.json`` describes). Exit codes as ``check``: 0 priced, 1 the contract
does not price the line (the finding the check would give, worded as it words it), 2 a usage
error (a bad date, decimal or degree, a contract that does not load, a code several tables
price without ``--table``): one ``lotcheck: …`` line naming the option, never a traceback.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from lotcheck import messages
from lotcheck.cli import check as up_front
from lotcheck.cli.core import EXIT_FINDINGS, Lang, command_lang, usage_error
from lotcheck.cli.text import help_text

if TYPE_CHECKING:
    from lotcheck.contract import Contract
    from lotcheck.pricing.quote import QuoteError
    from lotcheck.pricing.result import Priced


class GuideTypeName(StrEnum):
    """``--guide-type``: the short names of :data:`lotcheck.pricing.quote.GUIDE_TYPES`."""

    sadt = "sadt"
    honorarios = "honorarios"
    internacao = "internacao"
    consulta = "consulta"
    odonto = "odonto"


class PriceFormat(StrEnum):
    text = "text"
    json = "json"


def _amount(value: str | None, option: str, lang: str) -> Decimal | None:
    from lotcheck.pricing.answer import parse_amount

    if value is None:
        return None
    parsed = parse_amount(value)
    if parsed is None:
        raise usage_error(lang, "price_decimal", option=option, value=value)
    return parsed


def _contract(path: Path, lang: str) -> Contract:
    if not path.exists():
        raise usage_error(lang, "missing", path=path)
    folder = up_front.contract_folder(path, lang)
    loaded = up_front.load(folder, lang)
    assert loaded is not None  # a folder was given
    return loaded


def _refused(error: QuoteError, lang: str) -> typer.Exit:
    """A question the contract cannot answer as asked, named by its option (exit 2)."""
    option = "CODE" if error.option == "code" else "--" + error.option.replace("_", "-")
    values = error.message_values()
    return usage_error(lang, f"price_{error.reason}", option=option, **values)


def _line(label: str, value: str, width: int) -> str:
    return f"{label + ':':<{width}}{value}"


def _words(lang: str, key: str, **values: object) -> str:
    return messages.text(lang, f"cli.price.{key}", **values)


def price_text(priced: Priced, day: date, guide: str, lang: str) -> str:
    """The answer for a person: what the line is, how the unit was made, what to bill."""
    from lotcheck.core.money import format_money
    from lotcheck.pricing.answer import answer_rows
    from lotcheck.pricing.result import Method

    rows = answer_rows(priced, day, lang)
    rows.insert(3, ("guide", _words(lang, f"guide.{guide}")))  # after the date, as always
    labels = [_words(lang, f"label.{key}") for key, _ in rows]
    # the one value element a consulta or a dental line fills: say which, and what it holds
    element = {
        Method.CONSULTA: "valorProcedimento",
        Method.DENTAL_LINE: "valorProc",
        Method.DENTAL_UNIT: "valorProc",
    }.get(priced.method)
    values = [value for _, value in rows]
    if element is not None:
        labels.append(messages.field_label(element, lang))
        values.append(_words(lang, "money", value=format_money(priced.expected)))
    width = max(len(label) for label in labels) + 2
    return "\n".join(
        _line(label, value, width) for label, value in zip(labels, values, strict=True)
    )


def price_command(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help=help_text("price_command.code"))],
    contract: Annotated[
        Path, typer.Option("--contract", "-c", help=help_text("price_command.contract"))
    ],
    day: Annotated[str, typer.Option("--date", help=help_text("price_command.day"))],
    table: Annotated[
        str | None, typer.Option("--table", help=help_text("price_command.table"))
    ] = None,
    degree: Annotated[
        str | None, typer.Option("--degree", help=help_text("price_command.degree"))
    ] = None,
    quantity: Annotated[
        str | None, typer.Option("--quantity", help=help_text("price_command.quantity"))
    ] = None,
    factor: Annotated[
        str | None, typer.Option("--factor", help=help_text("price_command.factor"))
    ] = None,
    guide_type: Annotated[
        GuideTypeName | None,
        typer.Option("--guide-type", help=help_text("price_command.guide_type")),
    ] = None,
    output_format: Annotated[
        PriceFormat, typer.Option("--format", "-f", help=help_text("price_command.output_format"))
    ] = PriceFormat.text,
    lang: Annotated[Lang | None, typer.Option("--lang", help=help_text("lang"))] = None,
) -> None:
    import json

    from lotcheck.pricing.answer import answer_data, parse_day
    from lotcheck.pricing.quote import QuoteError, quote, unpriced_finding
    from lotcheck.pricing.result import Unpriced

    language = lang.value if lang is not None else command_lang(ctx)
    when = parse_day(day)
    if when is None:
        raise usage_error(language, "price_date", value=day)
    amount = _amount(quantity, "--quantity", language)
    times = _amount(factor, "--factor", language)
    loaded = _contract(contract, language)
    guide = (guide_type or GuideTypeName.sadt).value
    try:
        result = quote(
            loaded,
            code,
            when,
            table=table,
            degree=degree,
            quantity=amount,
            factor=times,
            guide_type=guide,
        )
    except QuoteError as refused:
        raise _refused(refused, language) from refused
    as_json = output_format is PriceFormat.json
    if isinstance(result, Unpriced):
        finding = unpriced_finding(
            loaded, result, code, when, table=table, degree=degree, guide_type=guide, lang=language
        )
        if as_json:
            answer = {"error": {"code": finding.code, "message": finding.message}}
            typer.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            typer.echo(_words(language, "unpriced", code=finding.code, message=finding.message))
            if finding.glosa:
                typer.echo(_words(language, "glosa", glosa=finding.glosa))
        raise typer.Exit(EXIT_FINDINGS)
    if as_json:
        typer.echo(json.dumps(answer_data(result, when), ensure_ascii=False, indent=2))
    else:
        typer.echo(price_text(result, when, guide, language))
