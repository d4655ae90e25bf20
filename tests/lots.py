"""Tiny lot builders for tests: just the elements the checks read, in TISS 4.x order.

These lots are not meant to be XSD-valid (the schema is tested elsewhere); they let a test state
an item's four pricing inputs and the values sent in one line, and compute the expected finding by
hand from the contract written next to it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_CONTRACT = ROOT / "price_tables" / "ipsm-exemplo"

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
  <ans:cabecalho>
    <ans:identificacaoTransacao>
      <ans:tipoTransacao>ENVIO_LOTE_GUIAS</ans:tipoTransacao>
      <ans:sequencialTransacao>1</ans:sequencialTransacao>
      <ans:dataRegistroTransacao>{registered}</ans:dataRegistroTransacao>
      <ans:horaRegistroTransacao>10:00:00</ans:horaRegistroTransacao>
    </ans:identificacaoTransacao>
    <ans:origem><ans:identificacaoPrestador><ans:codigoPrestadorNaOperadora>123</ans:codigoPrestadorNaOperadora></ans:identificacaoPrestador></ans:origem>
    <ans:destino><ans:registroANS>999999</ans:registroANS></ans:destino>
    <ans:Padrao>{version}</ans:Padrao>
  </ans:cabecalho>
  <ans:prestadorParaOperadora>
    <ans:loteGuias>
      <ans:numeroLote>77</ans:numeroLote>
      <ans:guiasTISS>
"""
_TAIL = """      </ans:guiasTISS>
    </ans:loteGuias>
  </ans:prestadorParaOperadora>
  <ans:epilogo><ans:hash>00000000000000000000000000000000</ans:hash></ans:epilogo>
</ans:mensagemTISS>
"""


#: CPFs with valid check digits (worked out by hand with the mod-11 rule)
VALID_CPFS = ("52998224725", "11144477735", "12345678909")


def sadt_item(
    seq: int,
    code: str,
    day: str,
    qty: str,
    factor: str,
    unit: str,
    total: str,
    degrees: tuple[str, ...] = (),
    table: str = "22",
) -> str:
    team = "".join(
        f"<ans:equipeSadt><ans:grauPart>{d}</ans:grauPart><ans:codProfissional>"
        f"<ans:cpfContratado>{VALID_CPFS[n]}</ans:cpfContratado></ans:codProfissional>"
        f"<ans:nomeProf>PROF {n}</ans:nomeProf></ans:equipeSadt>"
        for n, d in enumerate(degrees)
    )
    return (
        "<ans:procedimentoExecutado>"
        f"<ans:sequencialItem>{seq}</ans:sequencialItem>"
        f"<ans:dataExecucao>{day}</ans:dataExecucao>"
        f"<ans:procedimento><ans:codigoTabela>{table}</ans:codigoTabela>"
        f"<ans:codigoProcedimento>{code}</ans:codigoProcedimento>"
        "<ans:descricaoProcedimento>X</ans:descricaoProcedimento></ans:procedimento>\n"
        f"<ans:quantidadeExecutada>{qty}</ans:quantidadeExecutada>\n"
        f"<ans:reducaoAcrescimo>{factor}</ans:reducaoAcrescimo>\n"
        f"<ans:valorUnitario>{unit}</ans:valorUnitario>\n"
        f"<ans:valorTotal>{total}</ans:valorTotal>{team}"
        "</ans:procedimentoExecutado>\n"
    )


def expense_item(
    seq: int, kind: str, table: str, code: str, day: str, qty: str, unit: str, total: str
) -> str:
    return (
        f"<ans:despesa><ans:sequencialItem>{seq}</ans:sequencialItem>"
        f"<ans:codigoDespesa>{kind}</ans:codigoDespesa><ans:servicosExecutados>"
        f"<ans:dataExecucao>{day}</ans:dataExecucao><ans:codigoTabela>{table}</ans:codigoTabela>"
        f"<ans:codigoProcedimento>{code}</ans:codigoProcedimento>"
        f"<ans:quantidadeExecutada>{qty}</ans:quantidadeExecutada>"
        "<ans:reducaoAcrescimo>1.00</ans:reducaoAcrescimo>"
        f"<ans:valorUnitario>{unit}</ans:valorUnitario><ans:valorTotal>{total}</ans:valorTotal>"
        "</ans:servicosExecutados></ans:despesa>\n"
    )


def sadt_guide(number: str, items: list[str], expenses: list[str] | None = None) -> str:
    body = "".join(items)
    other = f"<ans:outrasDespesas>{''.join(expenses)}</ans:outrasDespesas>\n" if expenses else ""
    return (
        "<ans:guiaSP-SADT>\n"
        f"<ans:cabecalhoGuia><ans:registroANS>999999</ans:registroANS>"
        f"<ans:numeroGuiaPrestador>{number}</ans:numeroGuiaPrestador></ans:cabecalhoGuia>\n"
        f"<ans:procedimentosExecutados>\n{body}</ans:procedimentosExecutados>\n{other}"
        "</ans:guiaSP-SADT>\n"
    )


def consulta_guide(number: str, day: str, code: str, value: str) -> str:
    return (
        "<ans:guiaConsulta>\n"
        f"<ans:cabecalhoConsulta><ans:registroANS>999999</ans:registroANS>"
        f"<ans:numeroGuiaPrestador>{number}</ans:numeroGuiaPrestador></ans:cabecalhoConsulta>\n"
        "<ans:dadosAtendimento>\n"
        f"<ans:dataAtendimento>{day}</ans:dataAtendimento>\n"
        "<ans:tipoConsulta>1</ans:tipoConsulta>\n"
        f"<ans:procedimento><ans:codigoTabela>22</ans:codigoTabela>"
        f"<ans:codigoProcedimento>{code}</ans:codigoProcedimento>\n"
        f"<ans:valorProcedimento>{value}</ans:valorProcedimento></ans:procedimento>\n"
        "</ans:dadosAtendimento>\n</ans:guiaConsulta>\n"
    )


def odonto_guide(number: str, items: list[tuple[str, str, str, str]]) -> str:
    """items: (code, date, qtdProc, valorProc)."""
    body = "".join(
        "<ans:procedimentosExecutados>"
        f"<ans:sequencialItem>{n}</ans:sequencialItem>"
        f"<ans:procSolic><ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>{code}"
        "</ans:codigoProcedimento><ans:descricaoProcedimento>X</ans:descricaoProcedimento></ans:procSolic>\n"
        f"<ans:qtdProc>{qty}</ans:qtdProc>\n<ans:valorProc>{value}</ans:valorProc>\n"
        f"<ans:autorizado>true</ans:autorizado><ans:dataRealizacao>{day}</ans:dataRealizacao>"
        "</ans:procedimentosExecutados>\n"
        for n, (code, day, qty, value) in enumerate(items, start=1)
    )
    return (
        "<ans:guiaOdonto>\n<ans:registroANS>999999</ans:registroANS>"
        f"<ans:numeroGuiaPrestador>{number}</ans:numeroGuiaPrestador>\n{body}</ans:guiaOdonto>\n"
    )


def leaf_md5(data: bytes, encoding: str) -> str:
    """The epílogo rule written independently of lotcheck (whole tree, lxml): MD5 of the texts
    of the leaf elements before the epilogo, concatenated."""
    from lxml import etree

    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    texts = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if etree.QName(el).localname in ("epilogo", "Signature") and el.getparent() is root:
            break
        if len(el) == 0:
            texts.append(el.text or "")
    return hashlib.md5("".join(texts).encode(encoding), usedforsecurity=False).hexdigest()


def lot(guides: list[str], *, version: str = "4.01.00", registered: str = "2023-11-01") -> str:
    """A lot with a correct epílogo hash (so tests of other rules see no hash finding)."""
    text = _HEAD.format(version=version, registered=registered) + "".join(guides) + _TAIL
    return text.replace("0" * 32, leaf_md5(text.encode("utf-8"), "utf-8"))


def write_contract(
    folder: Path,
    versions: dict[str, list[tuple[str, str, str]]],
    *,
    extra: str = "",
    rounding: str = "half_up",
    tolerance: str = "0.00",
    valid_until: str | None = None,
) -> Path:
    """A contract folder: versions maps 'YYYY-MM-DD' -> [(table, code, price with comma)]."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contract.toml").write_text(
        f'name = "teste"\nrounding = "{rounding}"\ntolerance = "{tolerance}"\n'
        + (f"valid_until = {valid_until}\n" if valid_until else "")
        + '[participation]\n"00" = "100"\n"01" = "30"\n"02" = "20"\n'
        '[factors]\nallowed = ["1.00", "0.50", "0.70", "1.30"]\n' + extra,
        encoding="utf-8",
    )
    for start, rows in versions.items():
        lines = ["tabela;codigo;descricao;valor"] + [f"{t};{c};item {c};{p}" for t, c, p in rows]
        (folder / f"{start}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
