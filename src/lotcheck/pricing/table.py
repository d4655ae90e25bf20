"""The ``table.*`` codes: the contract has no price table for the date, or no row for the code.

Both are the stage's own findings: the item cannot be priced, so no value rule judges it. The
:class:`~lotcheck.pricing.result.Unpriced` results are built here and turned into findings here,
so the words a clerk reads and the data a caller gets say the same thing.
"""

from __future__ import annotations

from datetime import date

from lotcheck.contract import Contract, PriceVersion
from lotcheck.core.codes import CodeSpec, Severity, register
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, date_field
from lotcheck.pricing.result import Unpriced

CODES = register(
    CodeSpec(
        code="table.no_version",
        severity=Severity.ERROR,
        glosa=None,
        doc="The item's execution date is before the first price version, or after `valid_until`. "
        "The payer has no table to price it with. No glosa: table 38 has no message for a date "
        "the contract does not price (the 1707 of older lists is not in it).",
        example="An item of 2023-07-15 with versions starting 2023-08-01 and 2023-10-02.",
    ),
    CodeSpec(
        code="table.code_unknown",
        severity=Severity.ERROR,
        glosa="1801",
        doc="The procedure is not priced in the version in force on its date: a typo, a code "
        "outside the contract, or a code that entered the table later (glosa 1801).",
        example="`codigoProcedimento` 40301999 when the table has 40301990.",
    ),
)


def no_version(contract: Contract, day: date) -> Unpriced:
    """No version is in force on ``day``: the versions the contract has."""
    return Unpriced(
        "table.no_version",
        {"date": day.isoformat(), "versions": [v.start for v in contract.versions]},
        day.isoformat(),
    )


def code_unknown(version: PriceVersion, table: str, code: str) -> Unpriced:
    """The version in force has no row for ``table``/``code``."""
    return Unpriced(
        "table.code_unknown",
        {"table": table, "code": code, "version": version.start.isoformat()},
        f"{table}/{code}",
    )


def hit(guide: Guide, item: Item, unpriced: Unpriced) -> Hit:
    """The finding of an item this module's codes left unpriced."""
    if unpriced.code == "table.no_version":
        return Hit(
            unpriced.code,
            unpriced.args,
            found=unpriced.found,
            guide=guide,
            item=item,
            field=date_field(item),
        )
    assert item.date is not None
    return Hit(
        unpriced.code,
        {**unpriced.args, "date": item.date.isoformat()},
        found=unpriced.found,
        guide=guide,
        item=item,
        field="codigoProcedimento",
    )
