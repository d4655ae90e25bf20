"""``fix_lot`` case by case: every guide type, what it cannot fix, how numbers are written, the
hash variants, and the guard that refuses to write a byte it cannot place.

The lots are built with ``located_lots`` and priced by its contract (version 2023-01-01):
22/40304361 13,20, 22/31005497 1.942,50, 22/10101012 100,00, 18/60000015 50,00, 19/70000001
10,00, 00/8040 1.600,00, 00/8051 1.150,00; degrees 00 100 %, 01 30 %, 02 20 %; factors 1.00,
0.50, 0.70, 1.30. Every expected value below is worked out from those numbers.
"""

from __future__ import annotations

import dataclasses
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

import located_lots as L
from lotcheck.contract import load_contract
from lotcheck.engine import CheckOptions, check_file
from lotcheck.fix import FixError, fix_lot
from lotcheck.fix import lot as fix_module

from lots import leaf_md5

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import lotgen  # bench/ is a script folder, not a package

NS = {"ans": L.NS}


def write(tmp_path: Path, root: L.Node, *, name: str = "lot.xml", **edits: str) -> Path:
    text = L.render(root)
    for old, new in edits.items():
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def contract(tmp_path: Path, extra: str = "") -> Path:
    folder = L.write_contract(tmp_path / "contract")
    if extra:
        settings = folder / "contract.toml"
        settings.write_text(settings.read_text("utf-8") + extra, "utf-8")
    return folder


def codes_after(tmp_path: Path, data: bytes, folder: Path) -> set[str]:
    copy = tmp_path / "copy.xml"
    copy.write_bytes(data)
    report = check_file(copy, CheckOptions(contract=load_contract(folder), schema=False))
    return {f.code for f in report.findings}


def changes(result: fix_module.FixResult) -> list[tuple[str | None, str | None, str, str, str]]:
    return [(c.guide, c.item, c.element, c.before, c.after) for c in result.changes]


def test_every_guide_type_gets_its_values_and_totals(tmp_path: Path) -> None:
    first_assistant = L.professional("sadt", "01", L.VALID_CPFS[1])
    lot = L.message(
        [
            L.sadt_guide(
                "S1",
                [
                    L.procedure(1, "40304361", unit="12.50"),  # 13.20
                    L.procedure(2, "31005497", unit="1942.50", team=(first_assistant,)),
                ],  # 1942.50 × 30 % = 582.75
                [L.expense(3, "05", "60000015", qty="2", unit="40.00", total="80.00")],
                totals={  # 13.20 + 582.75 = 595.95; 50.00 × 2 = 100.00; 695.95
                    "valorProcedimentos": "1955.00",
                    "valorDiarias": "80.00",
                    "valorTotalGeral": "2035.00",
                },
            ),
            L.consulta_guide("C1", "2023-10-20", "10101012", "90.00"),  # 100.00
            L.odonto_guide(  # 1600.00 × 1, 1150.00 × 2 = 2300.00; 3900.00
                "O1",
                [
                    L.dental_line(1, "8040", value="1500.00"),
                    L.dental_line(2, "8051", qty="2", value="1150.00"),
                ],
                "2650.00",
            ),
            L.honorarios_guide(  # 13.20 × 3 = 39.60
                "H1", [L.procedure(1, "40304361", tag="procedimentoRealizado", qty="3")], "13.20"
            ),
            L.sadt_guide(  # internação: same layout; 13.20 × 2 × 0.50 = 13.20
                "I1",
                [L.procedure(1, "40304361", qty="2", factor="0.50", total="26.40")],
                tag="guiaResumoInternacao",
                totals={"valorProcedimentos": "26.40", "valorTotalGeral": "26.40"},
            ),
        ],
        lot_total="1.00",  # 695.95 + 100.00 + 3900.00 + 39.60 + 13.20 = 4748.75
    )
    folder = contract(tmp_path)
    result = fix_lot(write(tmp_path, lot), load_contract(folder))
    assert changes(result)[:-1] == [
        (None, None, "valorTotalLote", "1.00", "4748.75"),  # the lot total comes first in the file
        ("S1", "1", "valorUnitario", "12.50", "13.20"),
        ("S1", "1", "valorTotal", "12.50", "13.20"),
        ("S1", "2", "valorUnitario", "1942.50", "582.75"),
        ("S1", "2", "valorTotal", "1942.50", "582.75"),
        ("S1", "3", "valorUnitario", "40.00", "50.00"),
        ("S1", "3", "valorTotal", "80.00", "100.00"),
        ("S1", None, "valorProcedimentos", "1955.00", "595.95"),
        ("S1", None, "valorDiarias", "80.00", "100.00"),
        ("S1", None, "valorTotalGeral", "2035.00", "695.95"),
        ("C1", None, "valorProcedimento", "90.00", "100.00"),  # a consulta has no sequencialItem
        ("O1", "1", "valorProc", "1500.00", "1600.00"),
        ("O1", "2", "valorProc", "1150.00", "2300.00"),
        ("O1", None, "valorTotalProc", "2650.00", "3900.00"),
        ("H1", "1", "valorTotal", "13.20", "39.60"),
        ("H1", None, "valorTotalHonorarios", "13.20", "39.60"),
        ("I1", "1", "valorTotal", "26.40", "13.20"),
        ("I1", None, "valorProcedimentos", "26.40", "13.20"),
        ("I1", None, "valorTotalGeral", "26.40", "13.20"),
    ]
    assert result.changes[-1].element == "hash"
    assert result.leftovers == ()
    assert not codes_after(tmp_path, result.data, folder) & {
        "value.unit_mismatch",
        "value.total_mismatch",
        "value.arithmetic",
        "total.guide_mismatch",
        "total.lot_mismatch",
        "hash.mismatch",
    }


def test_a_dental_unit_contract_writes_the_unit_price(tmp_path: Path) -> None:
    lot = L.message(
        [L.odonto_guide("O1", [L.dental_line(1, "8051", qty="2", value="2300.00")], "2300.00")]
    )
    folder = contract(tmp_path)
    settings = folder / "contract.toml"
    settings.write_text(
        settings.read_text("utf-8").replace('value_per = "line"', 'value_per = "unit"')
    )
    result = fix_lot(write(tmp_path, lot), load_contract(folder))
    # valorProc is the unit, 1150.00; valorTotalProc is valorProc × qtdProc: 2300.00, as sent
    assert changes(result)[:-1] == [("O1", "1", "valorProc", "2300.00", "1150.00")]
    assert {"value.unit_mismatch", "total.guide_mismatch"}.isdisjoint(
        codes_after(tmp_path, result.data, folder)
    )


def test_what_cannot_be_fixed_is_left_and_listed(tmp_path: Path) -> None:
    lot = L.message(
        [
            L.sadt_guide(
                "S1",
                [
                    L.procedure(1, "99999999", unit="10.00"),  # in no version: left
                    L.procedure(2, "40304361", factor="0.80", unit="12.00", total="9.60"),
                    L.procedure(
                        3, "31005497", team=(L.professional("sadt", "09", L.VALID_CPFS[0]),)
                    ),
                    L.procedure(4, "40304361", day="2022-06-01"),  # before the first version
                    L.procedure(5, "40304361", unit="12.00", total="12.00"),
                ],
            )
        ]
    )
    # item 5 without its valorUnitario element: only its valorTotal can be fixed
    path = write(tmp_path, lot)
    text = path.read_text("utf-8")
    cut = text.rindex("<ans:valorUnitario>12.00</ans:valorUnitario>")
    path.write_text(text[:cut] + text[cut + len("<ans:valorUnitario>12.00</ans:valorUnitario>") :])
    result = fix_lot(path, load_contract(contract(tmp_path)))
    # a disallowed factor is kept, and the values follow it: 13.20 × 1 × 0.80 = 10.56
    assert changes(result)[:-1] == [
        ("S1", "2", "valorUnitario", "12.00", "13.20"),
        ("S1", "2", "valorTotal", "9.60", "10.56"),
        ("S1", "5", "valorTotal", "12.00", "13.20"),
    ]
    assert [(x.reason, x.item, x.element) for x in result.leftovers] == [
        ("table.code_unknown", "1", None),
        ("factor.not_allowed", "2", None),
        ("participation.unknown", "3", None),
        ("table.no_version", "4", None),
        ("value_missing", "5", "valorUnitario"),
    ]
    assert not result.fixed


def test_an_item_priced_elsewhere_gets_its_own_arithmetic(tmp_path: Path) -> None:
    lot = L.message(
        [
            L.sadt_guide(
                "S1",
                [L.procedure(1, "40304361")],
                [L.expense(2, "03", "70000001", table="19", qty="2", unit="10.00", total="25.00")],
            )
        ]
    )
    folder = contract(tmp_path, '[tables]\nunpriced = ["19"]\n')
    result = fix_lot(write(tmp_path, lot), load_contract(folder))
    assert changes(result)[:-1] == [("S1", "2", "valorTotal", "25.00", "20.00")]  # 10.00 × 2 × 1
    assert "value.arithmetic" not in codes_after(tmp_path, result.data, folder)


def test_numbers_are_written_with_two_decimals_and_right_ones_are_left_as_written(
    tmp_path: Path,
) -> None:
    lot = L.message([L.sadt_guide("S1", [L.procedure(1, "40304361", unit="12.5", total="13.2")])])
    result = fix_lot(write(tmp_path, lot), load_contract(contract(tmp_path)))
    # the total 13.2 is the contract's 13.20 already: not touched; the unit becomes 13.20
    assert changes(result)[:-1] == [("S1", "1", "valorUnitario", "12.5", "13.20")]
    assert b"<ans:valorTotal>13.2</ans:valorTotal>" in result.data


def test_markup_near_or_inside_a_value(tmp_path: Path) -> None:
    lot = L.message(
        [
            L.sadt_guide(
                "S1",
                [
                    L.procedure(1, "40304361", unit="12.50"),
                    L.procedure(2, "40304361", unit="12.50"),
                ],
            )
        ]
    )
    fake = "<!-- <ans:valorUnitario>1.00</ans:valorUnitario> --><![CDATA[<ans:valorTotal>]]>"
    path = write(tmp_path, lot)
    text = path.read_text("utf-8")
    first = text.index("<ans:valorUnitario>12.50")
    second = text.index("<ans:valorUnitario>12.50", first + 1)
    text = (
        text[:first] + fake + text[first:second]
        + "<ans:valorUnitario>12.50<!-- a note --></ans:valorUnitario>"
        + text[second + len("<ans:valorUnitario>12.50</ans:valorUnitario>") :]
    )  # fmt: skip
    path.write_text(text, "utf-8")
    result = fix_lot(path, load_contract(contract(tmp_path)))
    assert ("S1", "1", "valorUnitario", "12.50", "13.20") in changes(result)
    assert fake.encode() in result.data  # the comment's fake element is not an element
    assert b"<ans:valorUnitario>12.50<!-- a note --></ans:valorUnitario>" in result.data
    assert [(x.reason, x.item, x.element) for x in result.leftovers] == [
        ("not_plain", "2", "valorUnitario")
    ]


def test_an_empty_value_element_is_filled(tmp_path: Path) -> None:
    lot = L.message([L.sadt_guide("S1", [L.procedure(1, "40304361", unit="X", total="13.20")])])
    path = write(
        tmp_path, lot, **{"<ans:valorUnitario>X</ans:valorUnitario>": "<ans:valorUnitario/>"}
    )
    result = fix_lot(path, load_contract(contract(tmp_path)))
    assert changes(result)[:-1] == [("S1", "1", "valorUnitario", "", "13.20")]
    assert b"<ans:valorUnitario>13.20</ans:valorUnitario>" in result.data


# -- the hash ---------------------------------------------------------------------------------


def _generated(
    tmp_path: Path, hash_text: str | None = None
) -> tuple[Path, Path, dict[str, Decimal]]:
    """A generated ISO-8859-1 lot (accented names: its UTF-8 and ISO-8859-1 digests differ),
    with a contract that pays every code R$ 1,00 more than the lot bills."""
    spec = lotgen.LotSpec(guides=2, items_per_guide=3, seed=5, encoding="ISO-8859-1")
    path = lotgen.write_lot(tmp_path / "lot.xml", spec).path
    if hash_text is not None:
        data = path.read_bytes()
        old = etree.fromstring(data).findtext("ans:epilogo/ans:hash", namespaces=NS)
        assert old is not None
        path.write_bytes(data.replace(old.encode(), hash_text.encode()))
    catalog = [dataclasses.replace(p, price=p.price + 1) for p in lotgen.load_catalog()]
    folder = lotgen.write_contract(tmp_path / "contract", catalog)
    return path, folder, {p.code: p.price for p in catalog}


def _expected_lines(data: bytes, prices: dict[str, Decimal]) -> list[tuple[str, str]]:
    """(valorUnitario, valorTotal) each line should hold, from the raised prices by hand."""
    pct = {"00": Decimal(100), "01": Decimal(30), "02": Decimal(20)}
    cent = Decimal("0.01")
    out = []
    for line in etree.fromstring(data).iterfind(".//ans:procedimentoExecutado", NS):
        price = prices[line.findtext("ans:procedimento/ans:codigoProcedimento", "", NS)]
        degree = line.findtext("ans:equipeSadt/ans:grauPart", "", NS)
        unit = (price * pct[degree] / 100).quantize(cent, "ROUND_HALF_UP")
        qty = Decimal(line.findtext("ans:quantidadeExecutada", "", NS))
        factor = Decimal(line.findtext("ans:reducaoAcrescimo", "", NS))
        out.append((f"{unit}", f"{(unit * qty * factor).quantize(cent, 'ROUND_HALF_UP')}"))
    return out


def _lines(data: bytes) -> list[tuple[str, str]]:
    return [
        (line.findtext("ans:valorUnitario", "", NS), line.findtext("ans:valorTotal", "", NS))
        for line in etree.fromstring(data).iterfind(".//ans:procedimentoExecutado", NS)
    ]


@pytest.mark.parametrize(
    ("variant", "written"),
    [("iso-8859-1", "iso-8859-1"), ("utf-8", "utf-8"), ("wrong", "iso-8859-1"), ("upper", "upper")],
)
def test_the_hash_is_recomputed_in_the_variant_the_lot_used(
    tmp_path: Path, variant: str, written: str
) -> None:
    plain, _, _ = _generated(tmp_path / "plain")
    data = plain.read_bytes()
    given = {
        "iso-8859-1": None,  # what the generator writes
        "utf-8": leaf_md5(data, "utf-8"),
        "wrong": "0" * 32,
        "upper": leaf_md5(data, "iso-8859-1").upper(),
    }[variant]
    path, folder, prices = _generated(tmp_path / "lot", given)
    result = fix_lot(path, load_contract(folder))
    assert result.leftovers == ()
    assert _lines(result.data) == _expected_lines(path.read_bytes(), prices)
    latin1, utf8 = leaf_md5(result.data, "iso-8859-1"), leaf_md5(result.data, "utf-8")
    assert latin1 != utf8
    expected = {"iso-8859-1": latin1, "utf-8": utf8, "upper": latin1.upper()}[written]
    hash_text = etree.fromstring(result.data).findtext("ans:epilogo/ans:hash", namespaces=NS)
    assert hash_text == expected == result.changes[-1].after
    copy = tmp_path / "copy.xml"
    copy.write_bytes(result.data)
    assert check_file(copy, CheckOptions(contract=load_contract(folder))).findings == ()


def test_a_lot_without_a_hash_element_is_left_so(tmp_path: Path) -> None:
    lot = L.message([L.sadt_guide("S1", [L.procedure(1, "40304361", unit="12.50")])], epilogo=False)
    result = fix_lot(write(tmp_path, lot), load_contract(contract(tmp_path)))
    assert [c.element for c in result.changes] == ["valorUnitario", "valorTotal"]
    assert [(x.reason, x.element) for x in result.leftovers] == [("hash_missing", "hash")]


def test_an_empty_hash_element_is_filled(tmp_path: Path) -> None:
    lot = L.message([L.sadt_guide("S1", [L.procedure(1, "40304361")])], hash_text=None)
    result = fix_lot(write(tmp_path, lot), load_contract(contract(tmp_path)))
    assert [(c.element, c.before) for c in result.changes] == [("hash", "")]
    assert etree.fromstring(result.data).findtext(".//ans:hash", namespaces=NS) == leaf_md5(
        result.data, "utf-8"
    )


def test_a_utf16_lot_is_edited_in_utf16(tmp_path: Path) -> None:
    lot = L.message([L.sadt_guide("S1", [L.procedure(1, "40304361", unit="12.50")])])
    text = L.render(lot).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "utf16.xml"
    path.write_bytes(text.encode("utf-16"))
    result = fix_lot(path, load_contract(contract(tmp_path)))
    assert [c.after for c in result.changes][:2] == ["13.20", "13.20"]
    assert result.data[:2] == path.read_bytes()[:2]  # the byte order mark kept
    assert result.data.decode("utf-16") == text.replace(">12.50<", ">13.20<").replace(
        etree.fromstring(path.read_bytes()).findtext(".//ans:hash", namespaces=NS) or "?",
        result.changes[-1].after,
    )


# -- the guard --------------------------------------------------------------------------------


def test_a_span_that_does_not_hold_what_the_reader_read_stops_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the scanner ever to find another element than the reader (a bug), the value there
    would not be the one read: nothing is written."""
    lot = L.message([L.sadt_guide("S1", [L.procedure(1, "40304361", unit="12.50", total="99.00")])])
    real = fix_module.find_spans

    def shifted(text: str, xpaths: list[str]) -> dict[str, object]:
        spans = real(text, [x.replace("valorUnitario", "valorTotal") for x in xpaths])
        return {x: spans[x.replace("valorUnitario", "valorTotal")] for x in xpaths}

    monkeypatch.setattr(fix_module, "find_spans", shifted)
    with pytest.raises(FixError, match="cannot locate the unit value of line"):
        fix_lot(write(tmp_path, lot), load_contract(contract(tmp_path)))
