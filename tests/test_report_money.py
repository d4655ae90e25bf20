"""Money that adds up: on every row a report prints, Enviado − Esperado = Diferença.

The summaries add ``sent`` over every item but ``expected`` over the items the contract prices
only, so a row that shows both next to a difference computed over the priced items did not add up
on the page (4.495,20 − 3.085,15 shown as 1.360,05). Every row now carries ``sent_priced`` (what
was sent for the priced items) and ``difference = sent_priced − expected``; the reports people
read show the priced and the unpriced parts apart.

The figures of ``examples/lote-com-erros.xml`` are computed by hand from
``examples/make_examples.py`` and ``price_tables/ipsm-exemplo/2023-10-02.csv`` (see
:func:`test_lote_com_erros_figures_by_hand`).
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, check_file, check_paths
from lotcheck.render import Meta, html_report, json_report, text
from lotcheck.report import LotReport, ServiceTotals

from lotcheck_testkit import CONTRACT, IPSM_LOTS, ROOT
from lots import SHARED

DENTAL = ROOT / "price_tables" / "odonto-implantes"
SAMPLES = sorted((SHARED / "tiss-samples").glob("*.xml"))
META = Meta(version="0.0.0-test", contract="IPSM exemplo", root=str(ROOT))
ROW_KEYS = ("sent", "sent_priced", "expected", "difference")


def money(value: str | None) -> Decimal:
    assert value is not None
    assert re.fullmatch(r"-?\d+\.\d{2}", value), f"not a money value: {value!r}"
    return Decimal(value)


def assert_adds_up(row: dict[str, Any], where: str) -> None:
    """The identity every totals, service and guide row obeys."""
    for key in ROW_KEYS:
        assert key in row, f"{where}: no {key!r} in {row}"
    money(row["sent"])
    money(row["sent_priced"])
    if row["expected"] is None:
        # nothing priced: nothing compared, so no difference either (and nothing sent for priced)
        assert row["difference"] is None, f"{where}: a difference without an expected value"
        assert money(row["sent_priced"]) == 0, where
        if "priced_items" in row:
            assert row["priced_items"] == 0, where
        return
    if "priced_items" in row:
        assert row["priced_items"] > 0, where
    assert money(row["difference"]) == money(row["sent_priced"]) - money(row["expected"]), (
        f"{where}: difference {row['difference']} != sent_priced {row['sent_priced']} - "
        f"expected {row['expected']}"
    )


def column_sum(rows: list[dict[str, Any]], key: str) -> Decimal:
    return sum((money(r[key]) for r in rows if r[key] is not None), Decimal(0))


def assert_lot_adds_up(lot: LotReport) -> None:
    assert_adds_up(lot.totals, f"{lot.path} totals")
    for row in lot.services:
        assert_adds_up(row, f"{lot.path} service {row['type']}")
    for row in lot.guide_values:
        assert_adds_up(row, f"{lot.path} guide {row['guide']}")
    # the rows are parts of the whole: services and guides both add up to the lot's totals
    for rows in (lot.services, lot.guide_values):
        if not rows:
            continue
        for key in ("sent", "sent_priced", "expected"):
            if lot.totals[key] is None:
                assert all(r[key] is None for r in rows)
            else:
                assert column_sum(rows, key) == money(lot.totals[key]), f"{lot.path} {key}"


def checked(paths: list[Path], contract: Path | None) -> list[LotReport]:
    options = CheckOptions(contract=load_contract(contract) if contract else None)
    return list(check_paths(paths, options))


#: every example lot with its own contract, and every real sample without a contract and with
#: the IPSM one (a few of their codes are in its table: priced and unpriced items mixed)
RUNS = {
    "examples/ipsm": (
        [ROOT / "examples" / n for n in ("lote-com-erros.xml", "lote-limpo.xml")],
        CONTRACT,
    ),
    "examples/dental": (sorted((ROOT / "examples").glob("implante-*.xml")), DENTAL),
    "examples/cbhpm": (
        [ROOT / "examples" / "lote-cbhpm-com-erros.xml"],
        ROOT / "price_tables" / "cbhpm-exemplo",
    ),
    "examples/hospital": (
        [ROOT / "examples" / "lote-hospital-com-erros.xml"],
        ROOT / "price_tables" / "hospital-exemplo",
    ),
    "samples": (SAMPLES, None),
    "samples/ipsm": (SAMPLES, CONTRACT),
}


@pytest.fixture(scope="module")
def runs() -> dict[str, list[LotReport]]:
    return {name: checked(paths, contract) for name, (paths, contract) in RUNS.items()}


@pytest.mark.parametrize("run", list(RUNS))
def test_every_row_of_every_report_adds_up(run: str, runs: dict[str, list[LotReport]]) -> None:
    lots = runs[run]
    assert len(lots) == len(RUNS[run][0]) > 0
    for lot in lots:
        assert_lot_adds_up(lot)
    # the batch total across lots obeys the same identity, and is the sum of the lots
    batch = ServiceTotals()
    for lot in lots:
        batch.add(lot)
    for row in batch.rows():
        assert_adds_up(row, f"{run} batch service {row['type']}")
    totals = batch.totals()
    assert_adds_up(totals, f"{run} batch totals")
    for key in ("sent", "sent_priced", "expected"):
        assert money(totals[key] or "0.00") == column_sum([lot.totals for lot in lots], key)


def test_the_samples_really_mix_priced_and_unpriced_items(
    runs: dict[str, list[LotReport]],
) -> None:
    """Without a lot that has both, the identity above would hold trivially."""
    mixed = [
        row
        for run in ("examples/ipsm", "samples/ipsm")
        for lot in runs[run]
        for row in lot.services
        if 0 < row["priced_items"] < row["items"]
    ]
    assert mixed


def test_lote_com_erros_figures_by_hand() -> None:
    """By hand, from make_examples.py and the 2023-10-02 table of ipsm-exemplo:

    guide 2023100011: hemograma 1 × 13,20 (sent 12,50) + creatinina 2 × 7,10 = 14,20 (sent
    14,20): sent 26,70, expected 27,40, difference −0,70;
    guide 2023100012: colecistectomia 1.942,50 at 100 % (sent 1.942,50), 30 % = 582,75 (sent
    1.942,50), 20 % = 388,50 (sent 388,50): sent 4.273,50, expected 2.913,75, difference 1.359,75;
    guide 2023100013: US 147,00 × 0,80 = 117,60 (the factor is refused but the item is priced as
    sent: 117,60), hemograma 2 × 13,20 = 26,40 (sent 27,40), 22/40399999 is not in the table
    (sent 50,00, unpriced): sent 195,00, sent priced 145,00, expected 144,00, difference 1,00.
    Lot: sent 4.495,20 (8 items), priced 7 items sent 4.445,20, expected 3.085,15, difference
    4.445,20 − 3.085,15 = 1.360,05; unpriced 50,00.
    """
    lot = check_file(
        ROOT / "examples" / "lote-com-erros.xml", CheckOptions(contract=load_contract(CONTRACT))
    )
    assert lot.totals == {
        "sent": "4495.20",
        "sent_priced": "4445.20",
        "expected": "3085.15",
        "difference": "1360.05",
    }
    assert lot.services == [
        {
            "type": "sadt",
            "items": 8,
            "priced_items": 7,
            "sent": "4495.20",
            "sent_priced": "4445.20",
            "expected": "3085.15",
            "difference": "1360.05",
        }
    ]
    rows = [
        (g["guide"], g["items"], g["priced_items"], g["sent"], g["sent_priced"], g["expected"])
        for g in lot.guide_values
    ]
    assert rows == [
        ("2023100011", 2, 2, "26.70", "26.70", "27.40"),
        ("2023100012", 3, 3, "4273.50", "4273.50", "2913.75"),
        ("2023100013", 3, 2, "195.00", "145.00", "144.00"),
    ]
    assert [g["difference"] for g in lot.guide_values] == ["-0.70", "1359.75", "1.00"]


@pytest.fixture(scope="module")
def ipsm_lots() -> list[LotReport]:
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        return checked(IPSM_LOTS, CONTRACT)
    finally:
        os.chdir(here)


def test_batch_totals_by_hand(ipsm_lots: list[LotReport]) -> None:
    """lote-limpo.xml: sent 3.610,26 of which the suture (table 19, unpriced) 16,80; every priced
    item is billed at the contract's value, so expected = sent priced = 3.593,46. With
    lote-com-erros.xml: sent 8.105,46, sent priced 4.445,20 + 3.593,46 = 8.038,66, expected
    3.085,15 + 3.593,46 = 6.678,61, difference 1.360,05 (= 8.038,66 − 6.678,61)."""
    assert ipsm_lots[1].totals == {
        "sent": "3610.26",
        "sent_priced": "3593.46",
        "expected": "3593.46",
        "difference": "0.00",
    }
    batch = ServiceTotals()
    for lot in ipsm_lots:
        batch.add(lot)
    assert batch.totals() == {
        "sent": "8105.46",
        "sent_priced": "8038.66",
        "expected": "6678.61",
        "difference": "1360.05",
    }


# --- the reports people read ---------------------------------------------------------------------

_CELL = r"(-?R\$ [\d.]+,\d{2}|—)"


def brl(cell: str) -> Decimal:
    return Decimal(cell.replace("R$ ", "").replace(".", "").replace(",", "."))


def test_text_rows_add_up_on_the_page(ipsm_lots: list[LotReport]) -> None:
    """Every printed row with the three money cells reads Enviado − Esperado = Diferença, and a
    row split into its priced and unpriced parts is their sum."""
    out = text.render(ipsm_lots, META)
    full = re.compile(rf"^  (\S.*?|  \S.*?)\s+(\d+)\s+{_CELL}\s+{_CELL}\s+{_CELL}$")
    whole = re.compile(rf"^  (\S.*?)\s+(\d+)\s+{_CELL}$")
    compared = parts = 0
    lines = out.splitlines()
    for n, line in enumerate(lines):
        match = full.match(line)
        if match and match.group(4) != "—":
            sent, expected, difference = (brl(match.group(k)) for k in (3, 4, 5))
            assert sent - expected == difference, line
            compared += 1
        head = whole.match(line)
        if head:  # a row shown in parts: "com preço" and "sem preço" follow
            priced, unpriced = full.match(lines[n + 1]), full.match(lines[n + 2])
            assert priced and unpriced, lines[n : n + 3]
            assert priced.group(1).strip() == "com preço" and unpriced.group(1).strip() == (
                "sem preço"
            )
            assert int(priced.group(2)) + int(unpriced.group(2)) == int(head.group(2))
            assert brl(priced.group(3)) + brl(unpriced.group(3)) == brl(head.group(3))
            assert unpriced.group(4) == unpriced.group(5) == "—"
            parts += 1
    # in parts: lote-com-erros' SP/SADT (22/40399999 unpriced), lote-limpo's Total (the suture
    # of table 19), and in the batch both SP/SADT and the Total
    assert parts == 4, out
    assert compared >= 6
    assert "R$ 4.495,20" in out and "R$ 4.445,20" in out and "R$ 50,00" in out
    assert "Diferença = enviado com preço − esperado" in out


def test_text_in_english_names_the_parts(ipsm_lots: list[LotReport]) -> None:
    english = Meta(version="t", lang="en", contract="IPSM exemplo")
    out = text.render(ipsm_lots[:1], english)
    assert re.search(r"^    priced\s+7\s+R\$ 4,445\.20\s+R\$ 3,085\.15\s+R\$ 1,360\.05$", out, re.M)
    assert re.search(r"^    unpriced\s+1\s+R\$ 50\.00\s+—\s+—$", out, re.M)


def test_html_rows_add_up_on_the_page(ipsm_lots: list[LotReport]) -> None:
    page = html_report.render(ipsm_lots, META)
    tables = re.findall(r'<table class="services">.*?</table>', page)
    assert len(tables) == 3  # two lots and the batch
    compared = parts = 0
    for table in tables:
        rows = re.findall(r"<tr([^>]*)>(.*?)</tr>", table)
        for n, (_attrs, body) in enumerate(rows):
            cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", body)]
            if not cells:
                continue
            _label, items, sent, expected, difference = cells
            if expected not in ("", "—"):
                assert brl(sent) - brl(expected) == brl(difference), cells
                compared += 1
            if expected == "" and difference == "":  # shown in parts
                priced = re.findall(r"<td[^>]*>(.*?)</td>", rows[n + 1][1])
                unpriced = re.findall(r"<td[^>]*>(.*?)</td>", rows[n + 2][1])
                assert "part" in rows[n + 1][0] and "part" in rows[n + 2][0]
                assert int(priced[1]) + int(unpriced[1]) == int(items)
                assert brl(priced[2]) + brl(unpriced[2]) == brl(sent)
                assert unpriced[3] == unpriced[4] == "—"
                parts += 1
    assert parts == 4 and compared >= 6


def test_json_rows_carry_the_parts_and_the_schema_says_why(ipsm_lots: list[LotReport]) -> None:
    document = json.loads(json_report.render(ipsm_lots, META))
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    for lot in document["lots"]:
        for row in [lot["totals"], *lot["services"], *lot["guide_values"]]:
            assert_adds_up(row, lot["path"])
    defs = schema["$defs"]
    for model in ("TotalsModel", "ServiceModel", "GuideValueModel"):
        properties = defs[model]["properties"]
        assert set(ROW_KEYS) <= set(properties) and set(ROW_KEYS) <= set(defs[model]["required"])
        assert "sent_priced − expected" in properties["difference"]["description"], model
        assert "priced" in properties["sent_priced"]["description"], model
