"""``quote``: what the contract pays for one code on a date, asked directly (``lotcheck price``).

A billing clerk asks before the lot is written: "what do I bill for 31005497 on 01/03/2024, as the
first assistant?". The answer must be the very figure the check will expect, so nothing is priced
here: :func:`quote` builds the one-line guide a lot would carry for the question (a procedure line
of an SP-SADT guide by default; the consulta's one value, or a dental line, for those guide types)
and hands it to :func:`~lotcheck.pricing.price.price_item`, the one definition of a price. An
:class:`~lotcheck.pricing.result.Unpriced` answer is worded by :func:`unpriced_finding` exactly
as the check words the finding (the same hit, the same message).

A question the contract cannot answer as asked is a :class:`QuoteError` (a ``ValueError``): a
degree outside TISS table 35, a quantity or factor not above zero, an option the guide type has no
element for (a consulta has no quantity), a table the contract leaves unpriced, or, with no table
given, a code several tables price on that date. Each carries a short ``reason`` and the values,
so the command line words it in the reader's language and names the option.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from lotcheck.contract import Contract
from lotcheck.contract.schemes import ReferenceTerm, Scheme
from lotcheck.contract.types import DEGREES
from lotcheck.core.findings import Finding, make_finding
from lotcheck.core.model import Guide, GuideType, Item, ItemKind, TeamMember
from lotcheck.messages import Msg, Verbatim
from lotcheck.pricing.price import price_item
from lotcheck.pricing.pricer import unpriced_hit
from lotcheck.pricing.result import Priced, Unpriced

__all__ = [
    "DEFAULT_TABLE",
    "GUIDE_TYPES",
    "QuoteError",
    "quote",
    "quote_line",
    "tables_pricing",
    "unpriced_finding",
]

#: the short names of the guide types (``lotcheck price --guide-type``)
GUIDE_TYPES: dict[str, GuideType] = {
    "sadt": GuideType.SP_SADT,
    "honorarios": GuideType.HONORARIOS,
    "internacao": GuideType.INTERNACAO,
    "consulta": GuideType.CONSULTA,
    "odonto": GuideType.ODONTO,
}
#: the table a code no table of the contract prices is looked up in, so the answer is the
#: finding a lot would get: TUSS procedures (22), the table a code given alone usually means
DEFAULT_TABLE = "22"
#: the item kind each guide type bills (the three others bill procedure lines)
_KINDS = {GuideType.CONSULTA: ItemKind.CONSULTATION, GuideType.ODONTO: ItemKind.DENTAL}
#: what each kind has no element for: a consulta has one value (no quantity, factor or team),
#: a dental line a quantity but no factor nor team degree (ct_guiaOdonto)
_NOT_FOR = {
    ItemKind.CONSULTATION: ("degree", "quantity", "factor"),
    ItemKind.DENTAL: ("degree", "factor"),
}
_TABLE = re.compile(r"[0-9]{2}")
_CODE = re.compile(r"[0-9A-Za-z.\-]{1,20}")


class QuoteError(ValueError):
    """A question the contract cannot answer as asked. ``reason`` says which (``degree``,
    ``not_positive``, ``not_for_guide``, ``table``, ``code``, ``guide_type``, ``unpriced_table``,
    ``ambiguous_table``), ``option`` the parameter at fault (``degree``, ``quantity``...) and
    ``values`` what the message needs (``value``, ``tables``, ``guide_type``)."""

    def __init__(self, reason: str, option: str, **values: object) -> None:
        shown = ", ".join(f"{k}={v!r}" for k, v in values.items())
        super().__init__(f"{option}: {reason} ({shown})" if shown else f"{option}: {reason}")
        self.reason = reason
        self.option = option
        self.values: Mapping[str, object] = values

    def message_values(self) -> dict[str, object]:
        """``values`` as the ``cli.usage.price_<reason>`` texts take them, for every front
        that words the refusal (the command, the page, the API): the guide type by its short
        name's label, the tables quoted as they are."""
        values = dict(self.values)
        guide = values.pop("guide_type", None)
        if guide is not None:
            short = next((k for k, v in GUIDE_TYPES.items() if v.value == guide), None)
            values["guide"] = Msg(f"cli.price.guide.{short}") if short else Verbatim(str(guide))
        tables = values.get("tables")
        if isinstance(tables, tuple):
            values["tables"] = [Verbatim(str(t)) for t in tables]
        return values


def _guide_type(value: GuideType | str | None) -> GuideType:
    """A guide type by its short name (``sadt``), its TISS name (``guiaSP-SADT``) or itself."""
    if value is None:
        return GuideType.SP_SADT
    if isinstance(value, GuideType):
        return value
    found = GUIDE_TYPES.get(value)
    if found is None:
        try:
            found = GuideType(value)
        except ValueError:
            raise QuoteError("guide_type", "guide_type", value=value) from None
    return found


def _positive(value: Decimal | None, option: str) -> None:
    if value is not None and not (value.is_finite() and value > 0):
        raise QuoteError("not_positive", option, value=str(value))


def _scheme_prices(scheme: Scheme, table: str, code: str, day: date) -> bool:
    """Whether ``scheme`` has ``code`` on ``day``: in the edition its term in force pins (a
    package scheme: among its packages, each dated on its own)."""
    if scheme.method == "package":
        return (table, code) in scheme.packages
    term = scheme.term_for(day)
    if term is None:
        return False
    if isinstance(term, ReferenceTerm):
        return code in term.edition.entries
    return code in term.edition.codes


def tables_pricing(contract: Contract, code: str, day: date) -> tuple[str, ...]:
    """The tables that price ``code`` on ``day``, sorted: a row of the price version in force
    (for a table no scheme takes the code from), or a ``[[pricing]]`` scheme whose term in force
    has it. Tables in ``[tables] unpriced`` are left out: the contract does not price them."""
    unpriced = set(contract.settings.tables.unpriced)
    found: set[str] = set()
    version = contract.version_for(day)
    if version is not None:
        for table, row_code in version.prices:
            listed = row_code == code and table not in unpriced
            if listed and contract.scheme_for(table, code) is None:
                found.add(table)
    for scheme in contract.schemes:
        for table in scheme.tables - unpriced:
            # the first scheme naming the code prices it (Contract.scheme_for)
            if contract.scheme_for(table, code) is scheme and _scheme_prices(
                scheme, table, code, day
            ):
                found.add(table)
    return tuple(sorted(found))


def quote_line(
    contract: Contract,
    code: str,
    day: date,
    *,
    table: str | None = None,
    degree: str | None = None,
    quantity: Decimal | None = None,
    factor: Decimal | None = None,
    guide_type: GuideType | str | None = None,
) -> tuple[Guide, Item]:
    """The one-line guide :func:`quote` prices: the inputs checked, the table found when none
    is given (see :func:`quote`). Raises :class:`QuoteError`."""
    if not _CODE.fullmatch(code):
        raise QuoteError("code", "code", value=code)
    kind_of = _guide_type(guide_type)
    kind = _KINDS.get(kind_of, ItemKind.PROCEDURE)
    given = {"degree": degree, "quantity": quantity, "factor": factor}
    for option in _NOT_FOR.get(kind, ()):
        if given[option] is not None:
            raise QuoteError("not_for_guide", option, guide_type=kind_of.value)
    if degree is not None and degree not in DEGREES:
        raise QuoteError("degree", "degree", value=degree)
    _positive(quantity, "quantity")
    _positive(factor, "factor")
    if table is None:
        found = tables_pricing(contract, code, day)
        if len(found) > 1:
            raise QuoteError("ambiguous_table", "table", code=code, date=day, tables=found)
        table = found[0] if found else DEFAULT_TABLE
    elif not _TABLE.fullmatch(table):
        raise QuoteError("table", "table", value=table)
    if table in contract.settings.tables.unpriced:
        raise QuoteError("unpriced_table", "table", value=table)
    team = [TeamMember(degree, None, None, None, None)] if degree is not None else []
    # a consulta's one value stands for a quantity of one, as the reader builds it
    qty = Decimal(1) if kind is ItemKind.CONSULTATION else quantity
    item = Item(kind, "1", table, code, None, day, qty, factor, None, None, None, "", team=team)
    guide = Guide(kind_of, 1, None, None, "", items=[item])
    return guide, item


def quote(
    contract: Contract,
    code: str,
    day: date,
    *,
    table: str | None = None,
    degree: str | None = None,
    quantity: Decimal | None = None,
    factor: Decimal | None = None,
    guide_type: GuideType | str | None = None,
) -> Priced | Unpriced:
    """The contract's price of ``code`` executed on ``day``, or the reason it has none: exactly
    what the check expects of a line billing it (:func:`~lotcheck.pricing.price.price_item`).

    ``table`` None: the one table that prices the code on that day (:func:`tables_pricing`);
    when several do, a :class:`QuoteError` ``ambiguous_table`` listing them; when none does,
    the answer for table :data:`DEFAULT_TABLE` (``table.code_unknown``, or ``table.no_version``
    when nothing is in force on the day). ``degree`` is the member's ``grauPart`` (00–13);
    ``quantity`` and ``factor`` default to 1. ``guide_type`` (``sadt``, ``honorarios``,
    ``internacao``, ``consulta``, ``odonto``, or a :class:`~lotcheck.core.model.GuideType`)
    decides the line: a procedure line of an SP-SADT guide by default (whose CBHPM components
    the contract's ``carries`` gives), a consulta's one value, or a dental line (``[dental]
    value_per``)."""
    guide, item = quote_line(
        contract,
        code,
        day,
        table=table,
        degree=degree,
        quantity=quantity,
        factor=factor,
        guide_type=guide_type,
    )
    result = price_item(contract, item, guide.type.value)
    if result is None:  # pragma: no cover - quote_line refuses what price_item leaves alone
        raise QuoteError("unpriced_table", "table", value=item.table)
    return result


def unpriced_finding(
    contract: Contract,
    unpriced: Unpriced,
    code: str,
    day: date,
    *,
    table: str | None = None,
    degree: str | None = None,
    guide_type: GuideType | str | None = None,
    lang: str = "pt",
) -> Finding:
    """The finding a lot billing the quoted line gets for ``unpriced`` (the answer of
    :func:`quote` with the same arguments): its code, glosa and message, worded in ``lang``
    as the check words it."""
    guide, item = quote_line(contract, code, day, table=table, degree=degree, guide_type=guide_type)
    return make_finding(unpriced_hit(guide, item, unpriced), lang)
