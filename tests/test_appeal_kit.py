"""Hand-built inputs for the appeal tests: a small lot file, and a reconciliation and a
statement written as dataclasses (the reconciliation is built in parallel on another branch, so
these tests state its result instead of computing it).

The planted items, and what the appeal must say about each (worked out by hand):

* guide G1 (operator OP1), item 1: code 10101012 of table 22 on 2023-10-10, list price
  R$ 100,00 at 100 %, nothing released: contestable 100.00, glosa 1714.
* guide G1, item 2: code 40302040 on 2023-10-11, degree 01, list price R$ 50,00 at 30 % × 2
  = R$ 30,00, released 17.50: contestable 12.50, glosa 1801.
* guide G2 (no operator number), item 1: code 10101012 on 2023-10-12, R$ 100,00 × 100 %, its
  glosa the guide's (1705): contestable 100.00.
* guide G3, item 1: paid in full: not appealed.

Total appealed: 100.00 + 12.50 + 100.00 = 212.50.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from lotcheck.messages import Msg
from lotcheck.reconcile.types import ReconciledItem, Reconciliation, SentItem, Totals, Verdict
from lotcheck.statement.types import (
    Glosa,
    Statement,
    StatementGuide,
    StatementItem,
    StatementProtocol,
)

from lots import SHARED

XSD = SHARED / "tiss-xsd"
SAMPLE_APPEAL = (
    SHARED
    / "tiss-samples"
    / "renatofagalde__app-tiss-schemas__TISS4_lote_recurso_gerado_20250619_173426.xml"
)
D = Decimal


def lot_text(
    *,
    version: str = "4.01.00",
    encoding: str = "UTF-8",
    origin: tuple[str, str] = ("codigoPrestadorNaOperadora", "123"),
    payer: str = "999999",
    lot_number: str = "77",
    contractor: str = "CLINICA SÃO JOSÉ",
    transaction: str = "ENVIO_LOTE_GUIAS",
) -> str:
    """A lot of one SP/SADT guide whose executing contractor is the cabecalho's provider."""
    tag = {"CNPJ": "cnpjContratado", "CPF": "cpfContratado"}.get(origin[0], origin[0])
    return f"""<?xml version="1.0" encoding="{encoding}"?>
<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
  <ans:cabecalho>
    <ans:identificacaoTransacao>
      <ans:tipoTransacao>{transaction}</ans:tipoTransacao>
      <ans:sequencialTransacao>1</ans:sequencialTransacao>
      <ans:dataRegistroTransacao>2023-11-01</ans:dataRegistroTransacao>
      <ans:horaRegistroTransacao>10:00:00</ans:horaRegistroTransacao>
    </ans:identificacaoTransacao>
    <ans:origem><ans:identificacaoPrestador><ans:{origin[0]}>{origin[1]}</ans:{origin[0]}></ans:identificacaoPrestador></ans:origem>
    <ans:destino><ans:registroANS>{payer}</ans:registroANS></ans:destino>
    <ans:Padrao>{version}</ans:Padrao>
  </ans:cabecalho>
  <ans:prestadorParaOperadora>
    <ans:loteGuias>
      <ans:numeroLote>{lot_number}</ans:numeroLote>
      <ans:guiasTISS>
        <ans:guiaSP-SADT>
          <ans:cabecalhoGuia><ans:registroANS>{payer}</ans:registroANS><ans:numeroGuiaPrestador>G1</ans:numeroGuiaPrestador></ans:cabecalhoGuia>
          <ans:dadosSolicitante><ans:contratadoSolicitante><ans:cnpjContratado>11222333000181</ans:cnpjContratado><ans:nomeContratado>OUTRO</ans:nomeContratado></ans:contratadoSolicitante></ans:dadosSolicitante>
          <ans:dadosExecutante><ans:contratadoExecutante><ans:{tag}>{origin[1]}</ans:{tag}><ans:nomeContratado>{contractor}</ans:nomeContratado></ans:contratadoExecutante></ans:dadosExecutante>
        </ans:guiaSP-SADT>
      </ans:guiasTISS>
    </ans:loteGuias>
  </ans:prestadorParaOperadora>
  <ans:epilogo><ans:hash>00000000000000000000000000000000</ans:hash></ans:epilogo>
</ans:mensagemTISS>
"""


def write_lot(folder: Path, name: str = "lote.xml", **kwargs: Any) -> Path:
    encoding = str(kwargs.get("encoding", "UTF-8"))
    path = folder / name
    path.write_bytes(lot_text(**kwargs).encode(encoding))
    return path


def _list(version: str, price: str, pct: str, quantity: str, total: str) -> dict[str, str]:
    return {
        "method": "list",
        "version": version,
        "price": price,
        "percentage": pct,
        "quantity": quantity,
        "factor": "1.00",
        "total": total,
    }


def sent(
    guide: str, sequence: str, code: str, day: date, pricing: dict[str, str], **kw: object
) -> SentItem:
    values: dict[str, Any] = {
        "lot_path": "lote.xml",
        "lot_number": "77",
        "tiss_version": "4.01.00",
        "guide_number": guide,
        "operator_number": None,
        "password": None,
        "card": "0001",
        "service": "sadt",
        "sequence": sequence,
        "table": "22",
        "code": code,
        "description": f"PROC {code}",
        "date": day,
        "degree": None,
        "quantity": D(pricing["quantity"]),
        "sent": D(pricing["total"]),
        "expected": D(pricing["total"]),
        "line": 10,
        "xpath": "/ans:mensagemTISS",
        "explanation": Msg(
            "fragment.formula.list",
            {
                "version": pricing["version"],
                "price": pricing["price"],
                "pct": pricing["percentage"],
            },
        ),
        "pricing": pricing,
    }
    values.update(kw)
    return SentItem(**values)


def stated(
    sequence: str, code: str, day: date, informed: str, released: str, **kw: object
) -> StatementItem:
    values: dict[str, Any] = {
        "sequence": sequence,
        "date": day,
        "table": "22",
        "code": code,
        "description": f"PROCEDIMENTO {code}",
        "degree": None,
        "quantity": D(1),
        "informed": D(informed),
        "processed": D(informed),
        "released": D(released),
        "denied": D(informed) - D(released),
    }
    values.update(kw)
    return StatementItem(**values)


def reconciled(
    verdict: Verdict,
    item: StatementItem,
    sent_item: SentItem,
    glosas: tuple[Glosa, ...],
    contestable: str = "0.00",
    *,
    protocol: str | None = "123456789",
    guide: str | None = None,
    operator: str | None = None,
) -> ReconciledItem:
    return ReconciledItem(
        verdict=verdict,
        item=item,
        sent=sent_item,
        protocol=protocol,
        statement_guide=guide if guide is not None else sent_item.guide_number,
        statement_operator_guide=operator,
        glosas=glosas,
        contestable=D(contestable),
    )


def planted_items() -> tuple[ReconciledItem, ...]:
    """The four items of the module docstring."""
    d1, d2, d3 = date(2023, 10, 10), date(2023, 10, 11), date(2023, 10, 12)
    a = sent("G1", "1", "10101012", d1, _list("2023-10-01", "100.00", "100", "1", "100.00"))
    b = sent(
        "G1",
        "2",
        "40302040",
        d2,
        _list("2023-10-01", "50.00", "30", "2", "30.00"),
        degree="01",
        quantity=D(2),
    )
    c = sent("G2", "1", "10101012", d3, _list("2023-10-01", "100.00", "100", "1", "100.00"))
    p = sent("G3", "1", "10101012", d3, _list("2023-10-01", "100.00", "100", "1", "100.00"))
    g1714 = (Glosa("1714", D("100.00"), "valor cobrado acima do contratado"),)
    g1801 = (Glosa("1801", D("12.50")),)
    g1705 = (Glosa("1705", None, "glosa da guia"),)
    return (
        reconciled(
            Verdict.CONTESTABLE,
            stated("1", "10101012", d1, "100.00", "0.00"),
            a,
            g1714,
            "100.00",
            operator="OP1",
        ),
        reconciled(
            Verdict.CONTESTABLE,
            stated("2", "40302040", d2, "30.00", "17.50", degree="01", quantity=D(2)),
            b,
            g1801,
            "12.50",
            operator="OP1",
        ),
        reconciled(
            Verdict.CONTESTABLE, stated("1", "10101012", d3, "100.00", "0.00"), c, g1705, "100.00"
        ),
        reconciled(Verdict.PAID, stated("1", "10101012", d3, "100.00", "100.00"), p, ()),
    )


def reconciliation(items: tuple[ReconciledItem, ...] | None = None, **kw: object) -> Reconciliation:
    found = planted_items() if items is None else items
    totals = Totals(D("330.00"), D("330.00"), D("117.50"), D("212.50"), D("212.50"), len(found))
    values: dict[str, Any] = {
        "statement_path": "demonstrativo.xml",
        "statement_key": "999999:D-1",
        "statement_form": "xml",
        "registro_ans": "999999",
        "operator_name": "OPERADORA EXEMPLO SAÚDE",
        "statement_number": "D-1",
        "issued": date(2023, 11, 15),
        "lots": ("lote.xml",),
        "contract": "teste",
        "items": found,
        "unmatched": (),
        "unanswered": (),
        "totals": totals,
        "by_service": (),
        "by_guide": (),
    }
    values.update(kw)
    return Reconciliation(**values)


def statement(**kw: object) -> Statement:
    values: dict[str, Any] = {
        "path": "demonstrativo.xml",
        "form": "xml",
        "sha256": "0" * 64,
        "tiss_version": "4.01.00",
        "registro_ans": "999999",
        "number": "D-1",
        "operator_name": "OPERADORA EXEMPLO SAÚDE",
        "operator_cnpj": None,
        "issued": date(2023, 11, 15),
        "provider": "123",
        "cnes": None,
        "protocols": (
            StatementProtocol(
                "77",
                "123456789",
                date(2023, 11, 2),
                "3",
                (),
                (StatementGuide("G1", "OP1", None, "0001", "3", (), ()),),
            ),
        ),
    }
    values.update(kw)
    return Statement(**values)


def with_items(rec: Reconciliation, *items: ReconciledItem) -> Reconciliation:
    return replace(rec, items=items)
