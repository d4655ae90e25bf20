"""A per-unit reference price that falls exactly on half a cent rounds up, as half-up says.

Found while working the hospital example out by hand: ``price ÷ units × adjust`` computed in
that order divides first, and a division that does not terminate (32,50 ÷ 30 = 1,08333…) is cut
at 28 digits, *below* the true value; × 0,90 then gives 0,97499…97, which rounds to 0,97.
The exact value is 32,50 × 0,90 ÷ 30 = 29,25 ÷ 30 = 0,975, half a cent: half-up gives 0,98.
(A box of 30 tablets at PMC R$ 32,50 is an ordinary Brasíndice row.)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from lotcheck.contract import load_contract
from lotcheck.core.model import Item, ItemKind
from lotcheck.messages import render
from lotcheck.pricing.explain import formula
from lotcheck.pricing.price import price_item
from lotcheck.pricing.result import Priced


def _contract(root: Path, rounding: str) -> Path:
    (root / "ref").mkdir(parents=True)
    (root / "ref" / "ref.csv").write_text(
        "CODIGO;DESCRICAO;PMC;QTD\n90000010;COMPRIMIDO EXEMPLO CX 30;32,50;30\n", "utf-8"
    )
    (root / "contract.toml").write_text(
        'name = "ref"\n[[pricing]]\nmethod = "reference"\nname = "Brasíndice"\n'
        f'tables = ["20"]\nrounding = "{rounding}"\n'
        'columns = { code = "CODIGO", price = "PMC", units = "QTD", description = "DESCRICAO" }\n'
        '[[pricing.terms]]\nstart = 2024-01-01\nfile = "ref/ref.csv"\nadjust = "0.90"\n',
        "utf-8",
    )
    return root


@pytest.mark.parametrize("rounding", ["component", "sum"])
def test_a_half_cent_per_unit_price_rounds_up(tmp_path: Path, rounding: str) -> None:
    contract = load_contract(_contract(tmp_path / "c", rounding))
    line = Item(
        ItemKind.OTHER_EXPENSE,
        "1",
        "20",
        "90000010",
        None,
        date(2024, 3, 1),
        Decimal("2"),
        Decimal("1.00"),
        None,
        None,
        None,
        "/i",
    )
    result = price_item(contract, line)
    assert isinstance(result, Priced), result
    # 32,50 × 0,90 ÷ 30 = 0,975 -> 0,98 (half-up); × 2 = 1,96
    assert (result.rate.unit, result.expected_total) == (Decimal("0.98"), Decimal("1.96"))
    assert render(formula(result.rate), "pt").endswith(": PMC R$ 32,50 ÷ 30 un. × 0,90 = R$ 0,98")
