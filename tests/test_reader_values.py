"""Number and date fields as the XSD types them: ASCII digits only, xs:date time zones read.

Python's ``Decimal('١٢٣')``, ``int('１２')`` and ``date.fromisoformat`` take non-ASCII digits; the
TISS XSD's patterns (``[0-9]``) do not, and a payer's validator refuses them. An item whose
quantity or price is written so must be ``item.invalid_value``, never priced from a number the
file does not hold in the standard's digits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.engine import CheckOptions, check_file
from lotcheck.reader.lot import LotReader

from lots import lot, sadt_guide, sadt_item

ARABIC_INDIC = "١٢٣"  # U+0661..U+0663: "123" in Arabic-Indic digits
FULLWIDTH = "１２"  # U+FF11 U+FF12
DEVANAGARI = "४"  # U+096A


def _item(**fields: str) -> str:
    values = {
        "day": "2023-10-10",
        "qty": "1",
        "factor": "1.00",
        "unit": "93.00",
        "total": "93.00",
    }
    values.update(fields)
    return sadt_item(1, "10101012", **values)  # type: ignore[arg-type]


def _read(tmp_path: Path, text: str) -> LotReader:
    path = tmp_path / "lot.xml"
    path.write_text(text, encoding="utf-8")
    reader = LotReader(path)
    reader.guide_list = list(reader.guides())  # type: ignore[attr-defined]
    return reader


@pytest.mark.parametrize(
    ("arg", "value", "field", "attribute"),
    [
        ("qty", ARABIC_INDIC, "quantidadeExecutada", "quantity"),
        ("qty", FULLWIDTH, "quantidadeExecutada", "quantity"),
        ("unit", f"{ARABIC_INDIC}.00", "valorUnitario", "unit_value"),
        ("unit", f"9{DEVANAGARI}.00", "valorUnitario", "unit_value"),
        ("total", f"{FULLWIDTH}.50", "valorTotal", "total_value"),
        ("factor", "١.٠٠", "reducaoAcrescimo", "factor"),
        ("day", "٢٠٢٣-١٠-١٠", "dataExecucao", "date"),
        ("day", "２０２３-１０-１０", "dataExecucao", "date"),
        ("day", "2023-1０-10", "dataExecucao", "date"),
    ],
)
def test_non_ascii_digits_are_invalid_values(
    tmp_path: Path, arg: str, value: str, field: str, attribute: str
) -> None:
    reader = _read(tmp_path, lot([sadt_guide("G1", [_item(**{arg: value})])]))
    (guide,) = reader.guide_list  # type: ignore[attr-defined]
    (item,) = guide.items
    assert getattr(item, attribute) is None  # never a number to price from
    assert [(p.field, p.raw) for p in item.problems] == [(field, value)]
    path = tmp_path / "lot.xml"
    findings = check_file(path, CheckOptions(schema=False)).findings
    invalid = [f for f in findings if f.code == "item.invalid_value"]
    assert [(f.xpath.rpartition("/")[2], f.found) for f in invalid] == [(f"ans:{field}", value)]


def test_non_ascii_digits_in_guide_totals_lot_total_and_header_dates(tmp_path: Path) -> None:
    text = lot([sadt_guide("G1", [_item()])])
    text = text.replace(
        "</ans:procedimentosExecutados>\n",
        "</ans:procedimentosExecutados>\n<ans:valorTotal><ans:valorTotalGeral>٩٣.٠٠"
        "</ans:valorTotalGeral></ans:valorTotal>\n",
        1,
    )
    text = text.replace(
        "</ans:guiasTISS>", "</ans:guiasTISS><ans:valorTotalLote>٩٣</ans:valorTotalLote>"
    )
    text = text.replace(
        ">2023-11-01</ans:dataRegistroTransacao>", ">٢٠٢٣-11-01</ans:dataRegistroTransacao>"
    )
    reader = _read(tmp_path, text)
    (guide,) = reader.guide_list  # type: ignore[attr-defined]
    assert guide.totals == {"valorTotalGeral": None}
    assert [(p.field, p.raw) for p in guide.problems] == [("valorTotalGeral", "٩٣.٠٠")]
    assert reader.header.lot_total is None
    assert reader.header.registration_date is None


@pytest.mark.parametrize(
    "text",
    ["2023-10-10-03:00", "2023-10-10Z", "2023-10-10+03:00", "2023-10-10+14:00", "2023-10-10-00:00"],
)
def test_time_zoned_dates_name_their_day(tmp_path: Path, text: str) -> None:
    reader = _read(tmp_path, lot([sadt_guide("G1", [_item(day=text)])]))
    (guide,) = reader.guide_list  # type: ignore[attr-defined]
    (item,) = guide.items
    assert item.date == date(2023, 10, 10)
    assert item.problems == []


@pytest.mark.parametrize(
    "text",
    [
        "2023-10-10-3:00",  # the zone's hour has two digits
        "2023-10-10+15:00",  # beyond ±14:00
        "2023-10-10+14:30",
        "2023-10-10+03:60",
        "2023-10-10T10:00",  # a dateTime, not a date
        "20231010",  # date.fromisoformat takes it; xs:date does not
        "2023-02-30",
        "2023-10-10 ",  # kept as sent? no: the reader strips blanks, so this one is valid
    ][:-1],
)
def test_malformed_dates_stay_invalid(tmp_path: Path, text: str) -> None:
    reader = _read(tmp_path, lot([sadt_guide("G1", [_item(day=text)])]))
    (guide,) = reader.guide_list  # type: ignore[attr-defined]
    (item,) = guide.items
    assert item.date is None
    assert [p.field for p in item.problems] == ["dataExecucao"]


def test_ascii_values_still_parse(tmp_path: Path) -> None:
    reader = _read(tmp_path, lot([sadt_guide("G1", [_item(qty="2", unit="46.50", total="93.00")])]))
    (guide,) = reader.guide_list  # type: ignore[attr-defined]
    (item,) = guide.items
    assert (item.quantity, item.unit_value, item.total_value, item.factor) == (
        Decimal(2),
        Decimal("46.50"),
        Decimal("93.00"),
        Decimal("1.00"),
    )
    assert item.date == date(2023, 10, 10)
