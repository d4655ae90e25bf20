"""The formula methods: a :class:`~lotcheck.pricing.result.Rate` from a ``[[pricing]]`` scheme.

One pure function per method, each giving the rate of one (table, code, degree) on a date, or
the reason there is none. The rate's ``row.price`` is the sum of its components, each rounded to
cents first (``rounding = "component"``) or the exact sum (``rounding = "sum"``); the expected
unit is then ``round(price × pct / 100)`` as for a price list, so everything after the rate (the
line total, the valuation, the value rules) is the same whatever the method.

CBHPM, by the line's participation degree (``grauPart``):

* none or 00, the surgeon or principal line: the components its guide type carries (contract
  setting ``carries``): honorário ``porte value × fraction × adjust``, ``UCO × UCO value ×
  adjust``, ``m² × film value × adjust``, at the degree's percentage (00 is normally 100%);
* 01 … 04, an auxiliary: the degree's percentage of the honorário only; a degree beyond the
  code's number of auxiliaries is not paid (``participation.beyond_procedure``, glosa 3241);
* 06, the anesthetist: the value of the code's anesthesia porte, adjusted (porte 0: no fee);
* any other degree: its percentage of the honorário.

The order of the reasons is the payer's, as for a list: no term on the date, a code the edition
does not have, two degrees on one line, a degree not paid.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, cast

from lotcheck.contract import Contract, PriceRow
from lotcheck.core.money import HUNDRED, ONE
from lotcheck.pricing import participation, table
from lotcheck.pricing.participation import Degree
from lotcheck.pricing.result import Component, Rate, Unpriced

if TYPE_CHECKING:  # the terms' types, loaded with a formula contract (a plain run never is)
    from lotcheck.contract.schemes import (
        CbhpmCode,
        CbhpmTerm,
        CoefficientTerm,
        Package,
        ReferenceTerm,
        Scheme,
    )

Cents = Callable[[Decimal], Decimal]
#: the auxiliary degrees, by their rank (01 is the first auxiliary)
_AUXILIARY = {"01": 1, "02": 2, "03": 3, "04": 4}
ANESTHETIST = "06"


def _component(
    kind: str,
    label: str | None,
    quantity: Decimal,
    base: Decimal,
    adjust: Decimal,
    exact: bool,
    to_cents: Cents,
) -> Component:
    """One term: ``quantity × base × adjust`` (``reference``: ``base ÷ quantity × adjust``,
    computed as ``base × adjust ÷ quantity``: dividing last keeps a price that falls on half a
    cent exact, where 32,50 ÷ 30 cut at 28 digits, × 0,90, would round 0,975 down)."""
    value = base * adjust / quantity if kind == "reference" else quantity * base * adjust
    return Component(kind, label, quantity, base, adjust, value if exact else to_cents(value))


def _share(contract: Contract, degree: Degree) -> tuple[str | None, Decimal] | Unpriced:
    """The line's one degree and the percentage it is paid, or why it cannot be: two degrees
    on one line, a degree the contract does not list."""
    if isinstance(degree, tuple):
        return participation.ambiguous(degree)
    pct = _pct(contract, degree)
    return pct if isinstance(pct, Unpriced) else (degree, pct)


def _pct(contract: Contract, degree: str | None) -> Decimal | Unpriced:
    """The percentage of a degree from the contract's table (100 when the line names none)."""
    if degree is None:
        return HUNDRED
    found = contract.participation(degree)
    return participation.unknown(degree) if found is None else found


def _rate(
    scheme: Scheme,
    start: date,
    edition: str | None,
    row: tuple[str, str, str],
    components: tuple[Component, ...],
    degree: str | None,
    pct: Decimal,
    to_cents: Cents,
) -> Rate:
    total = sum((c.value for c in components), Decimal(0))
    price = PriceRow(row[0], row[1], row[2], total)
    unit = to_cents(total if pct == HUNDRED else total * pct / HUNDRED)
    return Rate(start, price, degree, pct, unit, scheme.method, edition, components)


def _cbhpm(
    contract: Contract,
    scheme: Scheme,
    term: CbhpmTerm,
    table_code: tuple[str, str],
    degree: Degree,
    guide_type: str | None,
    to_cents: Cents,
) -> Rate | Unpriced:
    edition = term.edition
    code: CbhpmCode | None = edition.codes.get(table_code[1])
    if code is None:
        return table.code_unknown_in(scheme, term.start, edition.name, *table_code)
    if isinstance(degree, tuple):
        return participation.ambiguous(degree)
    exact = scheme.rounding == "sum"
    adjust = term.adjust
    row = (table_code[0], table_code[1], code.description)

    def honorario() -> Component | None:
        if code.porte is None:
            return None
        value = edition.portes[code.porte]
        return _component("porte", code.porte, code.fraction, value, adjust.porte, exact, to_cents)

    if degree == ANESTHETIST:
        if code.anesthesia == 0:
            return participation.beyond_procedure(degree, 0, anesthesia=True)
        base = edition.anesthesia[code.anesthesia]
        parts = (
            _component(
                "anesthesia", str(code.anesthesia), ONE, base, adjust.anesthesia, exact, to_cents
            ),
        )
        return _rate(scheme, term.start, edition.name, row, parts, degree, HUNDRED, to_cents)
    member = degree is not None and degree != "00"  # an auxiliary or another member
    rank = _AUXILIARY.get(degree or "")
    if rank is not None and rank > code.auxiliaries:
        return participation.beyond_procedure(degree or "", code.auxiliaries)
    if member and code.porte is None:  # a share of the honorário, and the act has none
        return participation.beyond_procedure(degree or "", code.auxiliaries, no_porte=True)
    pct = _pct(contract, degree)
    if isinstance(pct, Unpriced):
        return pct
    if member:  # the degree's share of the honorário only
        fee = honorario()
        assert fee is not None  # the act has a porte (checked above)
        return _rate(scheme, term.start, edition.name, row, (fee,), degree, pct, to_cents)
    carried = scheme.carried(guide_type)
    parts_all: list[Component] = []
    fee = honorario() if "porte" in carried else None
    if fee is not None:
        parts_all.append(fee)
    if "uco" in carried and code.uco:
        parts_all.append(
            _component("uco", None, code.uco, term.uco_value, adjust.uco, exact, to_cents)
        )
    if "film" in carried and code.film:
        parts_all.append(
            _component("film", None, code.film, term.film_value, adjust.film, exact, to_cents)
        )
    return _rate(scheme, term.start, edition.name, row, tuple(parts_all), degree, pct, to_cents)


def _coefficient(
    contract: Contract,
    scheme: Scheme,
    term: CoefficientTerm,
    table_code: tuple[str, str],
    degree: Degree,
    to_cents: Cents,
) -> Rate | Unpriced:
    edition = term.edition
    code = edition.codes.get(table_code[1])
    if code is None:
        return table.code_unknown_in(scheme, term.start, edition.name, *table_code)
    share = _share(contract, degree)
    if isinstance(share, Unpriced):
        return share
    one, pct = share
    exact = scheme.rounding == "sum"
    parts = [_component("ch", None, code.ch, term.ch_value, term.adjust.ch, exact, to_cents)]
    if code.film:
        parts.append(
            _component("film", None, code.film, term.film_value, term.adjust.film, exact, to_cents)
        )
    row = (table_code[0], table_code[1], code.description)
    return _rate(scheme, term.start, edition.name, row, tuple(parts), one, pct, to_cents)


def _reference(
    contract: Contract,
    scheme: Scheme,
    term: ReferenceTerm,
    table_code: tuple[str, str],
    degree: Degree,
    to_cents: Cents,
) -> Rate | Unpriced:
    entry = term.edition.entries.get(table_code[1])
    if entry is None:
        return table.code_unknown_in(scheme, term.start, term.name, *table_code)
    share = _share(contract, degree)
    if isinstance(share, Unpriced):
        return share
    one, pct = share
    units = entry.units if entry.units is not None else ONE
    part = _component(
        "reference",
        term.columns.price,
        units,
        entry.price,
        term.adjust,
        scheme.rounding == "sum",
        to_cents,
    )
    row = (table_code[0], table_code[1], entry.description)
    return _rate(scheme, term.start, term.name, row, (part,), one, pct, to_cents)


def _package(
    contract: Contract,
    scheme: Scheme,
    table_code: tuple[str, str],
    day: date,
    degree: Degree,
    to_cents: Cents,
) -> Rate | Unpriced:
    package: Package | None = scheme.packages.get(table_code)
    if package is None:
        return table.code_unknown_in(scheme, None, scheme.name or None, *table_code)
    price = package.price_on(day)
    if price is None:
        return table.no_term(scheme, day, [p.start for p in package.prices])
    share = _share(contract, degree)
    if isinstance(share, Unpriced):
        return share
    one, pct = share
    part = Component("package", package.code, ONE, price.price, ONE, price.price)
    row = (table_code[0], table_code[1], package.description)
    return _rate(scheme, price.start, None, row, (part,), one, pct, to_cents)


def scheme_rate(
    contract: Contract,
    scheme: Scheme,
    table_code: tuple[str, str],
    day: date,
    degree: Degree,
    guide_type: str | None,
    to_cents: Cents,
) -> Rate | Unpriced:
    """The rate of ``table_code`` at ``degree`` on ``day`` by ``scheme``, or why there is none.

    ``guide_type`` (``guiaSP-SADT`` …) decides which CBHPM components a principal line carries.
    """
    if scheme.method == "package":
        return _package(contract, scheme, table_code, day, degree, to_cents)
    term = scheme.term_for(day)
    if term is None:
        return table.no_term(scheme, day, [t.start for t in scheme.terms])
    # a scheme's terms are all of its method's type (contract.scheme_build builds them so)
    if scheme.method == "cbhpm":
        cbhpm = cast("CbhpmTerm", term)
        return _cbhpm(contract, scheme, cbhpm, table_code, degree, guide_type, to_cents)
    if scheme.method == "coefficient":
        coefficient = cast("CoefficientTerm", term)
        return _coefficient(contract, scheme, coefficient, table_code, degree, to_cents)
    return _reference(contract, scheme, cast("ReferenceTerm", term), table_code, degree, to_cents)
