"""Small lots, a contract and statement values for the reconciliation tests.

The contract prices, from 2023-10-01, table 22: 40304361 at 13,20, 40301630 at 14,20, 31005497
at 100,00, 40901122 at 50,00; table 19: 90000001 at 10,00 (participation 00 = 100 %). So, by
hand (unit × quantity × factor, every factor 1.00):

lot A (``numeroLote`` 77), the :func:`lot_a` file:
  guide 1001 (operator OP1)
    seq 1  40304361 2023-10-10 q1 13.20   expected 13.20
    seq 2  40301630 2023-10-10 q2 28.40   expected 2 × 14.20 = 28.40
    seq 3  31005497 2023-10-10 q1 120.00  expected 100.00, value.unit_mismatch (1705)
  guide 1002 (operator OP2)
    seq 1  40901122 2023-10-11 q1 50.00   expected 50.00
    seq 2  99999999 2023-10-11 q1 10.00   not priced, table.code_unknown (1801)
    expense seq 1, 03 (materiais), 19/90000001 2023-10-11 q2 20.00   expected 2 × 10.00
  guide 1003
    seq 1  40304361 2023-10-12 q1 13.20   expected 13.20
    seq 2  40304361 2023-10-12 q1 13.20   expected 13.20 (same code and date as seq 1)
  guide 1005
    seq 1  40301630 2023-10-13 q1 14.20   expected 14.20
lot B (``numeroLote`` 88), the :func:`lot_b` file:
  guide 1005
    seq 1  40301630 2023-10-13 q1 14.20   expected 14.20
  guide 2001, its executor's CNPJ wrong: id.invalid (1206) on the guide
    seq 1  40304361 2023-10-14 q1 13.20   expected 13.20
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from lotcheck.contract import Contract, load_contract
from lotcheck.engine import CheckOptions
from lotcheck.statement.types import (
    Glosa,
    Statement,
    StatementGuide,
    StatementItem,
    StatementProtocol,
)

import lots as L

PRICES = [
    ("22", "40304361", "13,20"),
    ("22", "40301630", "14,20"),
    ("22", "31005497", "100,00"),
    ("22", "40901122", "50,00"),
    ("19", "90000001", "10,00"),
]


def contract(folder: Path) -> Contract:
    return load_contract(L.write_contract(folder / "contrato", {"2023-10-01": PRICES}))


def options(loaded: Contract | None, lang: str = "en") -> CheckOptions:
    """The check as the reconciliation runs it; no XSD (these lots are not XSD-complete)."""
    return CheckOptions(contract=loaded, lang=lang, schema=False)


def _with_operator(guide: str, operator: str) -> str:
    return guide.replace(
        "</ans:numeroGuiaPrestador>",
        f"</ans:numeroGuiaPrestador><ans:numeroGuiaOperadora>{operator}</ans:numeroGuiaOperadora>",
        1,
    )


def write_lot(path: Path, guides: list[str], number: str = "77", *, hash_ok: bool = True) -> Path:
    """A lot numbered ``number`` with its epílogo hash right (or wrong: ``hash_ok=False``)."""
    text = L.lot(guides).replace("<ans:numeroLote>77<", f"<ans:numeroLote>{number}<")
    digest = L.leaf_md5(text.encode("utf-8"), "utf-8") if hash_ok else "0" * 32
    text = re.sub(r"<ans:hash>[0-9a-f]{32}</ans:hash>", f"<ans:hash>{digest}</ans:hash>", text)
    path.write_text(text, encoding="utf-8")
    return path


def guides_a() -> list[str]:
    item = L.sadt_item
    return [
        _with_operator(
            L.sadt_guide(
                "1001",
                [
                    item(1, "40304361", "2023-10-10", "1", "1.00", "13.20", "13.20"),
                    item(2, "40301630", "2023-10-10", "2", "1.00", "14.20", "28.40"),
                    item(3, "31005497", "2023-10-10", "1", "1.00", "120.00", "120.00"),
                ],
            ),
            "OP1",
        ),
        _with_operator(
            L.sadt_guide(
                "1002",
                [
                    item(1, "40901122", "2023-10-11", "1", "1.00", "50.00", "50.00"),
                    item(2, "99999999", "2023-10-11", "1", "1.00", "10.00", "10.00"),
                ],
                [L.expense_item(1, "03", "19", "90000001", "2023-10-11", "2", "10.00", "20.00")],
            ),
            "OP2",
        ),
        L.sadt_guide(
            "1003",
            [
                item(1, "40304361", "2023-10-12", "1", "1.00", "13.20", "13.20"),
                item(2, "40304361", "2023-10-12", "1", "1.00", "13.20", "13.20"),
            ],
        ),
        L.sadt_guide("1005", [item(1, "40301630", "2023-10-13", "1", "1.00", "14.20", "14.20")]),
    ]


def lot_a(folder: Path, *, hash_ok: bool = True) -> Path:
    return write_lot(folder / "lote-a.xml", guides_a(), "77", hash_ok=hash_ok)


def lot_b(folder: Path) -> Path:
    item = L.sadt_item
    wrong_cnpj = (
        "</ans:cabecalhoGuia><ans:dadosExecutante><ans:contratadoExecutante>"
        "<ans:cnpjContratado>11111111111112</ans:cnpjContratado></ans:contratadoExecutante>"
        "</ans:dadosExecutante>"
    )
    guides = [
        L.sadt_guide("1005", [item(1, "40301630", "2023-10-13", "1", "1.00", "14.20", "14.20")]),
        L.sadt_guide(
            "2001", [item(1, "40304361", "2023-10-14", "1", "1.00", "13.20", "13.20")]
        ).replace("</ans:cabecalhoGuia>", wrong_cnpj),
    ]
    return write_lot(folder / "lote-b.xml", guides, "88")


def money(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def item(
    seq: str | None,
    code: str | None,
    day: str | None,
    informed: str | None,
    released: str | None,
    denied: str | None = None,
    *,
    glosas: tuple[Glosa, ...] = (),
    table: str | None = "22",
    line: int | None = None,
) -> StatementItem:
    return StatementItem(
        sequence=seq,
        date=date.fromisoformat(day) if day else None,
        table=table,
        code=code,
        description=None,
        degree=None,
        quantity=None,
        informed=money(informed),
        processed=money(informed),
        released=money(released),
        denied=money(denied),
        glosas=glosas,
        line=line,
    )


def guide(
    number: str | None,
    items: list[StatementItem],
    *,
    operator: str | None = None,
    glosas: tuple[Glosa, ...] = (),
) -> StatementGuide:
    return StatementGuide(
        provider_number=number,
        operator_number=operator,
        password=None,
        card=None,
        status=None,
        glosas=glosas,
        items=tuple(items),
    )


def protocol(
    guides: list[StatementGuide], *, lot_number: str | None = None, number: str = "P1"
) -> StatementProtocol:
    return StatementProtocol(
        lot_number=lot_number,
        protocol=number,
        protocol_date=None,
        status=None,
        glosas=(),
        guides=tuple(guides),
    )


def statement(protocols: list[StatementProtocol]) -> Statement:
    return Statement(
        path="demonstrativo.xml",
        form="xml",
        sha256="ab" * 32,
        tiss_version="4.01.00",
        registro_ans="999999",
        number="D-1",
        operator_name="OPERADORA TESTE",
        operator_cnpj=None,
        issued=date(2023, 11, 20),
        provider="123",
        cnes=None,
        protocols=tuple(protocols),
    )
