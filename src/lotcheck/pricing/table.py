"""The ``table.*`` codes: the contract has no price table for the date, or no row for the code.

Both are the stage's own findings: the item cannot be priced, so no value rule judges it. The
:class:`~lotcheck.pricing.result.Unpriced` results are built here and turned into findings here,
so the words a clerk reads and the data a caller gets say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from lotcheck.contract import Contract, PriceVersion
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, date_field
from lotcheck.messages import Msg
from lotcheck.pricing.result import Unpriced

if TYPE_CHECKING:
    from lotcheck.contract.schemes import Scheme

CODES = register(
    CodeSpec(
        code="table.no_version",
        severity=Severity.ERROR,
        glosa=None,
        doc="The item's execution date is before the first price version, or after `valid_until`, "
        "or (a formula method) before the first contract term of its method, or a package's first "
        "price. The payer has no table to price it with. No glosa: table 38 has no message for a date "
        "the contract does not price (the 1707 of older lists is not in it).",
        example="An item of 2023-07-15 with versions starting 2023-08-01 and 2023-10-02.",
    ),
    CodeSpec(
        code="table.code_unknown",
        severity=Severity.ERROR,
        glosa="1801",
        doc="The procedure is not priced in the version in force on its date: a typo, a code "
        "outside the contract, or a code that entered the table later (glosa 1801). For a "
        "formula method, the reference edition the contract pins on that date (CBHPM, AMB, a "
        "materials or medicines edition) has no such code, or a package table has no such "
        "package; the message names the method and the edition.",
        example="`codigoProcedimento` 40301999 when the table has 40301990.",
    ),
)


def no_version(contract: Contract, day: date, table: str | None = None) -> Unpriced:
    """No version is in force on ``day``: the versions the contract has. A contract with no
    price list at all (only ``[[pricing]]`` entries) does not price ``table``: it says so."""
    return Unpriced(
        "table.no_version",
        {
            "date": day.isoformat(),
            "versions": [v.start for v in contract.versions],
            "method": "list" if contract.versions else "none",
            "table": table,
        },
        day.isoformat(),
    )


def no_term(scheme: Scheme, day: date, starts: Sequence[date]) -> Unpriced:
    """No term of ``scheme`` (or no price of a package) is in force on ``day``."""
    return Unpriced(
        "table.no_version",
        {"date": day.isoformat(), "versions": list(starts), "method": scheme.method},
        day.isoformat(),
    )


def code_unknown(version: PriceVersion, table: str, code: str) -> Unpriced:
    """The version in force has no row for ``table``/``code``."""
    return Unpriced(
        "table.code_unknown",
        {"table": table, "code": code, "version": version.start.isoformat(), "method": "list"},
        f"{table}/{code}",
    )


def code_unknown_in(
    scheme: Scheme, start: date | None, edition: str | None, table: str, code: str
) -> Unpriced:
    """The edition ``scheme`` pins from ``start`` (or its packages) has no ``table``/``code``."""
    return Unpriced(
        "table.code_unknown",
        {
            "table": table,
            "code": code,
            "version": start.isoformat() if start is not None else None,
            "method": scheme.method,
            "edition": edition,
        },
        f"{table}/{code}",
    )


def _detail(code: str, args: dict[str, object]) -> Msg:
    """The sentence of a ``table.*`` finding, worded for the method that could not price."""
    kind = "no_version" if code == "table.no_version" else "code_unknown"
    method = args.get("method", "list")
    if method == "none":
        return Msg("fragment.no_version.none", args)
    if method != "list":
        args = {**args, "method": Msg(f"fragment.method.{method}")}
        method = "package" if method == "package" else "scheme"
    return Msg(f"fragment.{kind}.{method}", args)


def hit(guide: Guide, item: Item, unpriced: Unpriced) -> Hit:
    """The finding of an item this module's codes left unpriced."""
    if unpriced.code == "table.no_version":
        return Hit(
            unpriced.code,
            {"detail": _detail(unpriced.code, dict(unpriced.args))},
            found=unpriced.found,
            guide=guide,
            item=item,
            field=date_field(item),
        )
    assert item.date is not None
    return Hit(
        unpriced.code,
        {"detail": _detail(unpriced.code, {**unpriced.args, "date": item.date.isoformat()})},
        found=unpriced.found,
        guide=guide,
        item=item,
        field="codigoProcedimento",
    )
