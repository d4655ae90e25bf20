"""The pricing stage (lotcheck.pricing): the pure function, its memo, and how the engine runs it.

Every expected value is worked out by hand in the comment next to it, from the formula:
``expected_unit = round(P x pct / 100)`` and ``expected_total = round(expected_unit x Q x F)``,
to cents in the contract's rounding mode. Items and contracts are built directly (no XML) for
the pure function; the engine tests go through ``check_file`` on small lots.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest

from lotcheck.contract import (
    Contract,
    ContractConfig,
    DentalConfig,
    PriceRow,
    PriceVersion,
    TableConfig,
    load_contract,
)
from lotcheck.core.findings import Hit
from lotcheck.core.model import Guide, Item, ItemKind, TeamMember
from lotcheck.core.money import Rounding
from lotcheck.engine import CheckOptions, check_file
from lotcheck.pricing import pricer as pricer_module
from lotcheck.pricing.price import price_item
from lotcheck.pricing.pricer import CACHE_LIMIT, Pricer
from lotcheck.pricing.result import Method, Priced, PricedGuide, Rate, Result, Unpriced
from lotcheck.pricing.valuation import Valuation
from lotcheck.rules import RULES, Rule

from lots import lot, sadt_guide, sadt_item, write_contract

ROOT = Path(__file__).resolve().parent.parent
D = Decimal
AUG, OCT = date(2023, 8, 1), date(2023, 10, 2)
#: (table, code) -> price, per version start
PRICES = {
    AUG: {("22", "40304361"): "12.50", ("22", "31005497"): "100.15", ("22", "10101012"): "93.00"},
    OCT: {
        ("22", "40304361"): "13.20",
        ("22", "31005497"): "100.15",
        ("22", "10101012"): "98.00",
        ("22", "81000065"): "63.00",
        ("22", "00000035"): "0.35",
        ("18", "60023058"): "294.00",
    },
}


def make_contract(
    *,
    rounding: Rounding = Rounding.HALF_UP,
    value_per: str = "line",
    unpriced: tuple[str, ...] = (),
    valid_until: date | None = None,
) -> Contract:
    versions = tuple(
        PriceVersion(
            start,
            Path(f"{start}.csv"),
            {key: PriceRow(key[0], key[1], "x", D(p)) for key, p in rows.items()},
        )
        for start, rows in PRICES.items()
    )
    settings = ContractConfig(
        name="teste",
        rounding=rounding,
        valid_until=valid_until,
        participation={"00": "100", "01": "30", "02": "20"},
        dental=DentalConfig(value_per=value_per),
        tables=TableConfig(unpriced=list(unpriced)),
    )
    return Contract(root=Path("c"), settings=settings, versions=versions)


def make_item(
    code: str | None = "40304361",
    day: date | None = date(2023, 10, 10),
    qty: str | None = "1",
    factor: str | None = "1.00",
    *,
    kind: ItemKind = ItemKind.PROCEDURE,
    degrees: tuple[str | None, ...] = (),
    table: str | None = "22",
) -> Item:
    team = [TeamMember(d, f"P{n}", None, None, None) for n, d in enumerate(degrees)]
    return Item(
        kind,
        "1",
        table,
        code,
        None,
        day,
        D(qty) if qty is not None else None,
        D(factor) if factor is not None else None,
        None,
        None,
        None,
        "/item",
        team=team,
    )


def priced(result: object) -> Priced:
    assert isinstance(result, Priced), result
    return result


# -- the pure function: the formula -------------------------------------------------------------


def test_full_price_on_the_version_in_force() -> None:
    # 2023-10-10 is in the 2023-10-02 version: 13.20 x 100 % = 13.20; x 2 x 1.00 = 26.40
    result = priced(price_item(make_contract(), make_item(qty="2")))
    rate = Rate(OCT, PriceRow("22", "40304361", "x", D("13.20")), None, D(100), D("13.20"))
    assert result == Priced(
        Method.LINE,
        rate,
        D("2"),
        D("1.00"),
        D("26.40"),
        D("26.40"),  # a line is its total
    )


def test_the_day_before_a_version_uses_the_previous_one() -> None:
    # 2023-10-01 is still the 2023-08-01 version: 12.50
    result = priced(price_item(make_contract(), make_item(day=date(2023, 10, 1))))
    assert (result.rate.version, result.rate.unit) == (AUG, D("12.50"))


@pytest.mark.parametrize(
    ("rounding", "unit", "total"),
    [
        # 01 is 30 %: 100.15 x 30 / 100 = 30.045 -> half up 30.05, x 2 = 60.10
        (Rounding.HALF_UP, "30.05", "60.10"),
        # half even: 30.045 -> 30.04 (4 is even), x 2 = 60.08
        (Rounding.HALF_EVEN, "30.04", "60.08"),
    ],
)
def test_participation_percentage_and_rounding(rounding: Rounding, unit: str, total: str) -> None:
    item = make_item("31005497", date(2023, 10, 5), "2", degrees=("01",))
    result = priced(price_item(make_contract(rounding=rounding), item))
    assert (result.rate.degree, result.rate.pct) == ("01", D("30"))
    assert (result.rate.unit, result.expected_total) == (D(unit), D(total))


def test_second_assistant_is_twenty_percent() -> None:
    # 100.15 x 20 / 100 = 20.03, exact
    item = make_item("31005497", date(2023, 10, 5), degrees=("02",))
    assert priced(price_item(make_contract(), item)).rate.unit == D("20.03")


@pytest.mark.parametrize(
    ("qty", "factor", "total"),
    [
        ("3", "0.70", "27.72"),  # 13.20 x 3 x 0.70 = 27.720
        ("1", "0.50", "6.60"),  # 13.20 x 0.50
        ("1", "1.30", "17.16"),  # 13.20 x 1.30 = 17.160
    ],
)
def test_factor_and_quantity_make_the_total(qty: str, factor: str, total: str) -> None:
    result = priced(price_item(make_contract(), make_item(qty=qty, factor=factor)))
    assert (result.quantity, result.factor) == (D(qty), D(factor))
    assert (result.rate.unit, result.expected_total) == (D("13.20"), D(total))


@pytest.mark.parametrize(
    ("rounding", "total"), [(Rounding.HALF_UP, "0.53"), (Rounding.HALF_EVEN, "0.52")]
)
def test_the_total_is_rounded_in_the_contracts_mode(rounding: Rounding, total: str) -> None:
    # 0.35 x 3 x 0.50 = 0.525: half up 0.53, half even 0.52
    item = make_item("00000035", qty="3", factor="0.50")
    assert priced(price_item(make_contract(rounding=rounding), item)).expected_total == D(total)


def test_no_quantity_or_factor_counts_as_one() -> None:
    result = priced(price_item(make_contract(), make_item(qty=None, factor=None)))
    assert (result.quantity, result.factor, result.expected_total) == (D(1), D(1), D("13.20"))


def test_a_member_without_degree_and_a_repeated_degree_pay_in_full_or_once() -> None:
    contract = make_contract()
    assert priced(price_item(contract, make_item(degrees=(None,)))).rate.pct == D(100)
    # two members with the same degree: one degree on the line, 30 % of 13.20 = 3.96
    two = make_item(degrees=("01", "01"))
    assert priced(price_item(contract, two)).rate.unit == D("3.96")


def test_consulta_is_priced_by_its_one_value() -> None:
    # 10101012 on 2023-10-20: 98.00 (2023-10-02 version); the consulta sends no quantity
    item = make_item("10101012", date(2023, 10, 20), None, None, kind=ItemKind.CONSULTATION)
    result = priced(price_item(make_contract(), item))
    assert (result.method, result.rate.unit, result.expected) == (
        Method.CONSULTA,
        D("98.00"),
        D("98.00"),
    )


@pytest.mark.parametrize(
    ("value_per", "method", "expected"),
    [
        # valorProc is the line: 63.00 x qtdProc 2 = 126.00
        ("line", Method.DENTAL_LINE, "126.00"),
        # [dental] value_per = "unit": valorProc is the unit price, 63.00
        ("unit", Method.DENTAL_UNIT, "63.00"),
    ],
)
def test_dental_line_and_unit_modes(value_per: str, method: Method, expected: str) -> None:
    # a dental line's team is not paid by degree: 05 is not in the table, still 100 %
    item = make_item("81000065", qty="2", factor=None, kind=ItemKind.DENTAL, degrees=("05",))
    result = priced(price_item(make_contract(value_per=value_per), item))
    assert (result.method, result.rate.pct, result.expected_total) == (method, D(100), D("126.00"))
    assert result.expected == D(expected)


def test_other_expense_is_a_line() -> None:
    item = make_item("60023058", table="18", qty="2", kind=ItemKind.OTHER_EXPENSE)
    result = priced(price_item(make_contract(), item))
    assert (result.method, result.expected_total) == (Method.LINE, D("588.00"))  # 294 x 2


# -- the pure function: the reasons there is no price -------------------------------------------


def test_no_version_on_the_date() -> None:
    result = price_item(make_contract(), make_item(day=date(2023, 7, 31)))
    assert result == Unpriced(
        "table.no_version",
        {"date": "2023-07-31", "versions": [AUG, OCT], "method": "list", "table": "22"},
        "2023-07-31",
    )


def test_valid_until_closes_the_last_version() -> None:
    contract = make_contract(valid_until=date(2023, 12, 31))
    assert isinstance(price_item(contract, make_item(day=date(2023, 12, 31))), Priced)
    late = price_item(contract, make_item(day=date(2024, 1, 1)))
    assert isinstance(late, Unpriced) and late.code == "table.no_version"


def test_code_unknown_in_the_version_in_force() -> None:
    # 81000065 enters the table on 2023-10-02: unknown in the 2023-08-01 version
    result = price_item(make_contract(), make_item("81000065", date(2023, 9, 1)))
    assert result == Unpriced(
        "table.code_unknown",
        {"table": "22", "code": "81000065", "version": "2023-08-01", "method": "list"},
        "22/81000065",
    )


def test_degree_unknown() -> None:
    result = price_item(make_contract(), make_item(degrees=("05",)))
    assert result == Unpriced("participation.unknown", {"degree": "05"}, "05")


def test_ambiguous_degrees() -> None:
    result = price_item(make_contract(), make_item(degrees=("00", "01")))
    assert result == Unpriced("participation.ambiguous", {"degrees": "00, 01"}, "00,01")


def test_the_first_reason_in_the_payers_order_wins() -> None:
    contract = make_contract()
    both = ("00", "05")  # ambiguous, and 05 unknown
    no_version = price_item(contract, make_item(day=date(2023, 1, 1), degrees=both))
    unknown_code = price_item(contract, make_item("40399999", degrees=both))
    ambiguous = price_item(contract, make_item(degrees=both))
    codes = [
        r.code if isinstance(r, Unpriced) else r for r in (no_version, unknown_code, ambiguous)
    ]
    assert codes == ["table.no_version", "table.code_unknown", "participation.ambiguous"]


@pytest.mark.parametrize(
    "item",
    [
        make_item(table="19"),  # [tables] unpriced
        make_item(day=None),
        make_item(code=None),
        make_item(table=None),
    ],
)
def test_nothing_to_price(item: Item) -> None:
    assert price_item(make_contract(unpriced=("19",)), item) is None


# -- the per-lot pricer --------------------------------------------------------------------------


def _sample_items() -> list[Item]:
    """One item of every case above, each twice (the second is a cache hit)."""
    items = [
        make_item(qty="2"),
        make_item(day=date(2023, 10, 1)),
        make_item("31005497", date(2023, 10, 5), "2", degrees=("01",)),
        make_item("31005497", date(2023, 10, 5), degrees=("02",)),
        make_item(qty="3", factor="0.70"),
        make_item("00000035", qty="3", factor="0.50"),
        make_item(qty=None, factor=None),
        make_item(degrees=(None,)),
        make_item(degrees=("01", "01")),
        make_item("10101012", date(2023, 10, 20), None, None, kind=ItemKind.CONSULTATION),
        make_item("81000065", qty="2", factor=None, kind=ItemKind.DENTAL, degrees=("05",)),
        make_item("60023058", table="18", qty="2", kind=ItemKind.OTHER_EXPENSE),
        make_item(day=date(2023, 7, 31)),
        make_item("81000065", date(2023, 9, 1)),
        make_item(degrees=("05",)),
        make_item(degrees=("00", "01")),
        make_item(table="19"),
        make_item(day=None),
    ]
    return items + [replace(item) for item in items]


@pytest.mark.parametrize("value_per", ["line", "unit"])
def test_the_pricer_gives_what_the_pure_function_gives(value_per: str) -> None:
    contract = make_contract(value_per=value_per, unpriced=("19",))
    pricer = Pricer(contract)
    for item in _sample_items():
        assert pricer.price(item) == price_item(contract, item)


def test_the_pricer_agrees_on_the_bundled_examples() -> None:
    from lotcheck.reader.lot import LotReader

    runs = [
        ("lote-com-erros.xml", "ipsm-exemplo"),
        ("lote-limpo.xml", "ipsm-exemplo"),
        ("implante-fases-em-ordem.xml", "odonto-implantes"),
        ("implante-protese-sem-cirurgia.xml", "odonto-implantes"),
    ]
    checked = 0
    for name, contract_dir in runs:
        contract = load_contract(ROOT / "price_tables" / contract_dir)
        pricer = Pricer(contract)
        for guide in LotReader(ROOT / "examples" / name).guides():
            for item in guide.items:
                assert pricer.price(item) == price_item(contract, item)
                checked += 1
    assert checked > 10


def test_equal_inputs_get_the_very_same_result_object() -> None:
    pricer = Pricer(make_contract())
    first = pricer.price(make_item("31005497", date(2023, 10, 5), degrees=("01",)))
    again = pricer.price(make_item("31005497", date(2023, 10, 5), degrees=("01",)))
    assert isinstance(first, Priced) and again is first


def test_the_caches_stay_bounded_and_right() -> None:
    contract = make_contract()
    pricer = Pricer(contract)
    count = CACHE_LIMIT + 50
    items = [make_item(qty=str(n + 1)) for n in range(count)]
    for item in items:
        pricer.price(item)
        pricer.item_sum(replace(item, unit_value=D("13.20"), total_value=D(0)))
    assert len(pricer.results) <= CACHE_LIMIT and len(pricer.products) <= CACHE_LIMIT
    last = priced(pricer.price(items[-1]))  # after a clear: still the formula's answer
    assert last.expected_total == D("13.20") * count


def test_item_sum_is_the_lines_own_arithmetic() -> None:
    pricer = Pricer(None)  # no contract: nothing priced, the arithmetic still counts (half up)
    item = replace(make_item(qty="3", factor="0.50"), unit_value=D("0.35"), total_value=D("0.52"))
    assert pricer.price(item) is None
    assert pricer.item_sum(item) == D("0.53")  # 0.35 x 3 x 0.50 = 0.525 -> 0.53
    assert pricer.item_sum(replace(item, total_value=None)) is None  # nothing to compare
    dental = replace(item, kind=ItemKind.DENTAL)
    assert pricer.item_sum(dental) is None  # a dental line has no unit x quantity sum


# -- the engine runs the stage once per item, before the rules ----------------------------------

OCT_PRICES = {"2023-10-02": [("22", "40304361", "13,20"), ("22", "31005497", "100,15")]}


def _lot(tmp_path: Path) -> Path:
    items = [
        # own sum 13.00 x 2 = 26.00 (sent 26.50); the table says 13.20, total 26.40
        sadt_item(1, "40304361", "2023-10-10", "2", "1.00", "13.00", "26.50"),
        # own sum 13.20 x 3 x 0.70 = 27.72 (sent 27.00); the expected total is the same 27.72
        sadt_item(2, "40304361", "2023-10-10", "3", "0.70", "13.20", "27.00"),
        # 30 % of 100.15 = 30.045 -> 30.05, x 1 x 1.00: right
        sadt_item(3, "31005497", "2023-10-10", "1", "1.00", "30.05", "30.05", degrees=("01",)),
    ]
    path = tmp_path / "lot.xml"
    path.write_text(lot([sadt_guide("G1", items)]), encoding="utf-8")
    return path


def test_each_item_is_summed_once_and_no_rule_computes_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = load_contract(write_contract(tmp_path / "c", OCT_PRICES))
    priced_items: list[Item] = []
    totals: list[tuple[Decimal, Decimal, Decimal]] = []
    price_items, line_total = Pricer.price_items, pricer_module.line_total

    def counted_items(
        self: Pricer, items: Sequence[Item], guide_type: str | None = None
    ) -> tuple[list[Result], list[Decimal | None]]:
        priced_items.extend(items)
        return price_items(self, items, guide_type)

    def counted_total(unit: Decimal, qty: Decimal, factor: Decimal, to_cents: Any) -> Decimal:
        totals.append((unit, qty, factor))
        return line_total(unit, qty, factor, to_cents)

    monkeypatch.setattr(Pricer, "price_items", counted_items)
    monkeypatch.setattr(pricer_module, "line_total", counted_total)
    report = check_file(_lot(tmp_path), CheckOptions(contract=contract, schema=False))
    # each item priced and summed once (price_items gives both), by the stage only
    assert [item.sequence for item in priced_items] == ["1", "2", "3"]
    # the distinct (unit, Q, F) products, each computed once: item 1's sum and expected total,
    # item 2's (one product for both), item 3's (one product for both)
    assert sorted(totals) == sorted(
        [
            (D("13.00"), D("2"), D("1.00")),
            (D("13.20"), D("2"), D("1.00")),
            (D("13.20"), D("3"), D("0.70")),
            (D("30.05"), D("1"), D("1.00")),
        ]
    )
    found = [(f.code, f.item, f.expected, f.found) for f in report.findings]
    assert found == [  # in line order: valorUnitario comes before valorTotal
        ("value.unit_mismatch", "1", "13.20", "13.00"),
        ("value.arithmetic", "1", "26.00", "26.50"),
        ("value.arithmetic", "2", "27.72", "27.00"),  # not also a total mismatch
    ]


class _Spy(Rule):
    """Records what the rules are shown: the guide and the stage's result for it."""

    id = "spy"
    codes = ()
    seen: ClassVar[list[tuple[Guide, PricedGuide | None]]] = []

    def check_guide(self, guide: Guide) -> Iterator[Hit]:
        _Spy.seen.append((guide, self.ctx.priced))
        return iter(())


def test_rules_and_valuation_read_the_same_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = load_contract(write_contract(tmp_path / "c", OCT_PRICES))
    valued: list[PricedGuide] = []
    add = Valuation.add

    def recorded(self: Valuation, guide: PricedGuide) -> None:
        valued.append(guide)
        add(self, guide)

    monkeypatch.setattr(Valuation, "add", recorded)
    _Spy.seen = []
    options = CheckOptions(contract=contract, schema=False, rules=(*RULES, _Spy))
    report = check_file(_lot(tmp_path), options)
    ((guide, shown),) = _Spy.seen
    assert shown is valued[0] and shown is not None and shown.guide is guide
    unit = priced(shown.results[0]).rate.unit
    (mismatch,) = [f for f in report.findings if f.code == "value.unit_mismatch"]
    assert mismatch.expected == str(unit) == "13.20"
    # sent 26.50 + 27.00 + 30.05 = 83.55; expected 26.40 + 27.72 + 30.05 = 84.17
    assert report.totals["expected"] == "84.17" and report.totals["sent"] == "83.55"


def test_the_totals_and_the_stages_findings_need_no_rule(tmp_path: Path) -> None:
    contract = load_contract(write_contract(tmp_path / "c", OCT_PRICES))
    items = [
        sadt_item(1, "40304361", "2023-10-10", "1", "1.00", "13.20", "13.20"),
        sadt_item(2, "40399999", "2023-10-10", "1", "1.00", "5.00", "5.00"),
    ]
    path = tmp_path / "lot.xml"
    path.write_text(lot([sadt_guide("G1", items)]), encoding="utf-8")
    report = check_file(path, CheckOptions(contract=contract, schema=False, rules=()))
    # only item 1 is priced: sent 13.20 + 5.00 = 18.20, sent for the priced 13.20, expected 13.20
    assert report.totals == {
        "sent": "18.20",
        "sent_priced": "13.20",
        "expected": "13.20",
        "difference": "0.00",
    }
    assert [(f.code, f.item) for f in report.findings] == [("table.code_unknown", "2")]


def test_a_bug_in_the_stage_costs_the_guide_its_prices_not_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Pricer, items: Sequence[Item], guide_type: str | None = None) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(Pricer, "price_items", broken)
    contract = load_contract(write_contract(tmp_path / "c", OCT_PRICES))
    items = [sadt_item(1, "40304361", "2023-10-10", "0", "1.00", "13.20", "0.00")]
    path = tmp_path / "lot.xml"
    path.write_text(lot([sadt_guide("G1", items)]), encoding="utf-8")
    report = check_file(path, CheckOptions(contract=contract, schema=False, lang="en"))
    codes = [f.code for f in report.findings]
    assert "quantity.invalid" in codes  # the rules still ran on the guide
    (failed,) = [f for f in report.findings if f.code == "internal.rule_failed"]
    assert "pricing" in failed.message and "ZeroDivisionError: boom" in failed.message
    assert report.totals["sent"] == "0.00" and report.totals["expected"] is None
    assert report.items == 1
