"""Writes ``examples/demonstrativo-cbhpm.xml``: the payer's statement of account analysis for
``lote-cbhpm-com-erros.xml`` (lot 3001), with one item of every class the reconciliation knows.

Run from the repository root: ``python examples/make_statement_example.py``. The statement is a
TISS 4.01.00 ``demonstrativoAnaliseConta`` written by the test suite's statement generator
(``tests/statement_factory.py``, which tests it against the official XSD of every version), so
the example and the tests share one writer. ``examples/README.md`` explains each planted item and
the reconciliation and appeal it gives; ``tests/test_cycle_example.py`` asserts them.

The items are read from the lot itself (code, table, date, description, sequence), so the
statement answers exactly what was sent; what the payer did with each one is the PLAN below.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from lotcheck.reader.lot import LotReader  # noqa: E402

from statement_factory import (  # noqa: E402  (the test helpers are found through sys.path)
    GlosaSpec,
    GuideSpec,
    ItemSpec,
    ProtocolSpec,
    StatementSpec,
    write_statement,
)

LOT = ROOT / "examples" / "lote-cbhpm-com-erros.xml"
OUT = ROOT / "examples"
PROTOCOL = "202408000123"

#: (guide, sequence) -> what the payer released and why; an item absent here was not answered
PLAN: dict[tuple[str, str], tuple[str, str | None, str | None]] = {
    # released value ("all" = as informed), glosa code, glosa text
    ("2024010001", "1"): ("1137.37", "1705", "VALOR APRESENTADO A MAIOR"),  # foreseeable
    ("2024010001", "2"): ("96.47", "1705", "VALOR APRESENTADO A MAIOR"),  # foreseeable
    ("2024010001", "3"): ("all", None, None),  # paid
    ("2024010001", "4"): ("389.02", "1705", "VALOR APRESENTADO A MAIOR"),  # foreseeable
    ("2024010001", "5"): ("21.32", "1705", "VALOR APRESENTADO A MAIOR"),  # contestable 21,32
    ("2024020002", "1"): ("all", None, None),  # paid
    ("2024020002", "2"): ("0.00", "1426", "NÃO AUTORIZADO PELA AUDITORIA"),  # unchecked
    ("2024020002", "3"): ("all", None, None),  # paid
    ("2024020002", "4"): ("0.00", "1801", "PROCEDIMENTO INVÁLIDO"),  # foreseeable
    ("2024020002", "5"): ("36.00", "1705", "VALOR APRESENTADO A MAIOR"),  # foreseeable
    ("2024020002", "6"): ("all", None, None),  # paid
    ("2024070004", "1"): ("300.00", "1705", "VALOR APRESENTADO A MAIOR"),  # contestable 21,62
    ("2024070004", "2"): ("all", None, None),  # paid
    # 2024070004 items 3 to 5 and guide 2023120003 are not answered (the payer kept them back)
}


def _item(guide: str, item: object) -> ItemSpec | None:
    from lotcheck.core.model import Item

    assert isinstance(item, Item)
    plan = PLAN.get((guide, item.sequence or ""))
    if plan is None:
        return None
    released, glosa, text = plan
    informed = item.total_value or Decimal("0.00")
    kw = {
        "table": item.table or "22",
        "description": item.description or "",
        "performed": item.date or date(2024, 7, 31),
        "quantity": item.quantity or Decimal("1"),
        "sequence": int(item.sequence or 0),
    }
    if released == "all":
        return ItemSpec.paid(item.code or "", informed, **kw)
    cut = informed - Decimal(released)
    return ItemSpec(
        code=item.code or "",
        informed=informed,
        released=Decimal(released),
        glosas=(GlosaSpec(glosa or "", cut, text),),
        **kw,
    )


def main() -> None:
    guides = []
    for guide in LotReader(LOT).guides():
        items = tuple(s for s in (_item(guide.number or "", i) for i in guide.items) if s)
        if items:
            guides.append(
                GuideSpec(
                    guide.number or "",
                    items=items,
                    operator_number=guide.operator_number,
                    card=guide.beneficiary or "",
                    start=min(i.performed for i in items),
                )
            )
    # a guide the payer analysed that no lot sent (a typo in its own system): unmatched
    guides.append(
        GuideSpec(
            "2024990099",
            items=(
                ItemSpec.paid(
                    "40304361",
                    "21.32",
                    performed=date(2024, 7, 10),
                    description="HEMOGRAMA COM CONTAGEM DE PLAQUETAS OU FRACOES",
                ),
            ),
            start=date(2024, 7, 10),
        )
    )
    spec = StatementSpec(
        protocols=(
            ProtocolSpec(
                "3001", guides=tuple(guides), protocol=PROTOCOL, received=date(2024, 8, 2)
            ),
        ),
        registro_ans="999999",
        number="DAC-2024-0815",
        operator_name="OPERADORA EXEMPLO DE SAÚDE",
        issued=date(2024, 8, 15),
        provider="70010020",
    )
    path = write_statement(OUT, spec, "4.01.00", name="demonstrativo-cbhpm.xml")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
