"""Small TISS lots as XML text, for table-driven rule tests.

A case builds a lot from a few guide snippets, writes it to ``tmp_path`` and runs the real path
(:func:`lotcheck.engine.check_file`). The snippets need not be XSD-valid (the parser reads by local
name), only what the rule under test reads. Assertions compare ``(code, guide, item)`` triples
restricted to the codes under test, so a rule added later that fires on a minimal snippet (a
missing hash, say) does not break these tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from lotcheck.contract import Contract, load_contract
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_file

NS = "http://www.ans.gov.br/padroes/tiss/schemas"

DEFAULT_PRICES = """tabela;codigo;descricao;valor
22;40304361;Hemograma;13,20
22;40301630;Creatinina;7,10
22;31005497;Colecistectomia;1.942,50
22;40901122;US abdome total;147,00
00;8040;Implante;1.600,00
"""


def _one_element_per_line(xml: str) -> str:
    # so that each field has its own line and a finding's line says which element it points at
    return xml.replace("><", ">\n<")


def lot(
    guides: str, *, registration: str = "2023-11-03", payer: str = "999999", lot_extra: str = ""
) -> str:
    """A whole ``mensagemTISS`` around ``guides`` (the children of ``guiasTISS``).

    ``lot_extra`` goes into ``loteGuias`` after ``numeroLote`` (a payer's non-standard lot total).
    """
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ans:mensagemTISS xmlns:ans="{NS}">
<ans:cabecalho>
<ans:identificacaoTransacao>
<ans:tipoTransacao>ENVIO_LOTE_GUIAS</ans:tipoTransacao>
<ans:sequencialTransacao>1</ans:sequencialTransacao>
<ans:dataRegistroTransacao>{registration}</ans:dataRegistroTransacao>
</ans:identificacaoTransacao>
<ans:origem><ans:identificacaoPrestador><ans:codigoPrestadorNaOperadora>1</ans:codigoPrestadorNaOperadora></ans:identificacaoPrestador></ans:origem>
<ans:destino><ans:registroANS>{payer}</ans:registroANS></ans:destino>
<ans:Padrao>4.01.00</ans:Padrao>
</ans:cabecalho>
<ans:prestadorParaOperadora><ans:loteGuias>
<ans:numeroLote>1</ans:numeroLote>{lot_extra}
<ans:guiasTISS>
{_one_element_per_line(guides)}
</ans:guiasTISS>
</ans:loteGuias></ans:prestadorParaOperadora>
</ans:mensagemTISS>
"""


def member(degree: str, cpf: str, tag: str = "equipeSadt", degree_tag: str = "grauPart") -> str:
    """One team member (``equipeSadt`` by default)."""
    return (
        f"<ans:{tag}><ans:{degree_tag}>{degree}</ans:{degree_tag}>"
        f"<ans:codProfissional><ans:cpfContratado>{cpf}</ans:cpfContratado></ans:codProfissional>"
        f"</ans:{tag}>"
    )


def proc(
    seq: str | int,
    code: str = "40304361",
    *,
    day: str = "2023-10-20",
    qty: str = "1",
    factor: str = "1.00",
    unit: str = "13.20",
    total: str | None = None,
    table: str = "22",
    via: str | None = None,
    start: str | None = None,
    team: Sequence[str] = (),
    tag: str = "procedimentoExecutado",
) -> str:
    """One procedure line; ``total`` defaults to ``unit`` (quantity 1, factor 1)."""
    extra = f"<ans:horaInicial>{start}</ans:horaInicial>" if start else ""
    via_xml = f"<ans:viaAcesso>{via}</ans:viaAcesso>" if via else ""
    return (
        f"<ans:{tag}><ans:sequencialItem>{seq}</ans:sequencialItem>"
        f"<ans:dataExecucao>{day}</ans:dataExecucao>{extra}"
        f"<ans:procedimento><ans:codigoTabela>{table}</ans:codigoTabela>"
        f"<ans:codigoProcedimento>{code}</ans:codigoProcedimento></ans:procedimento>"
        f"<ans:quantidadeExecutada>{qty}</ans:quantidadeExecutada>{via_xml}"
        f"<ans:reducaoAcrescimo>{factor}</ans:reducaoAcrescimo>"
        f"<ans:valorUnitario>{unit}</ans:valorUnitario>"
        f"<ans:valorTotal>{total or unit}</ans:valorTotal>{''.join(team)}</ans:{tag}>"
    )


def expense(seq: str | int, kind: str, total: str, *, day: str = "2023-10-20") -> str:
    """One ``outrasDespesas/despesa`` of codigoDespesa ``kind``, quantity 1."""
    return (
        f"<ans:despesa><ans:sequencialItem>{seq}</ans:sequencialItem>"
        f"<ans:codigoDespesa>{kind}</ans:codigoDespesa><ans:servicosExecutados>"
        f"<ans:dataExecucao>{day}</ans:dataExecucao><ans:codigoTabela>19</ans:codigoTabela>"
        f"<ans:codigoProcedimento>9000{seq}</ans:codigoProcedimento>"
        f"<ans:quantidadeExecutada>1.0000</ans:quantidadeExecutada>"
        f"<ans:reducaoAcrescimo>1.00</ans:reducaoAcrescimo>"
        f"<ans:valorUnitario>{total}</ans:valorUnitario><ans:valorTotal>{total}</ans:valorTotal>"
        f"</ans:servicosExecutados></ans:despesa>"
    )


def _auth(auth: str | None, valid: str | None, password: str = "SEN1") -> str:
    parts = ""
    if auth:
        parts += (
            f"<ans:dataAutorizacao>{auth}</ans:dataAutorizacao><ans:senha>{password}</ans:senha>"
        )
    if valid:
        parts += f"<ans:dataValidadeSenha>{valid}</ans:dataValidadeSenha>"
    return f"<ans:dadosAutorizacao>{parts}</ans:dadosAutorizacao>" if parts else ""


def sadt(
    number: str,
    procs: Sequence[str] = (),
    *,
    expenses: Sequence[str] = (),
    totals: Mapping[str, str] | None = None,
    card: str = "0001",
    auth: str | None = None,
    valid: str | None = None,
    password: str = "SEN1",
    extra: str = "",
    tag: str = "guiaSP-SADT",
) -> str:
    """A ``guiaSP-SADT`` (or, with ``tag``, a ``guiaResumoInternacao``)."""
    procs_xml = f"<ans:procedimentosExecutados>{''.join(procs)}</ans:procedimentosExecutados>"
    exp_xml = f"<ans:outrasDespesas>{''.join(expenses)}</ans:outrasDespesas>" if expenses else ""
    totals_xml = ""
    if totals:
        inner = "".join(f"<ans:{k}>{v}</ans:{k}>" for k, v in totals.items())
        totals_xml = f"<ans:valorTotal>{inner}</ans:valorTotal>"
    return (
        f"<ans:{tag}><ans:cabecalhoGuia><ans:registroANS>999999</ans:registroANS>"
        f"<ans:numeroGuiaPrestador>{number}</ans:numeroGuiaPrestador></ans:cabecalhoGuia>"
        f"{_auth(auth, valid, password)}"
        f"<ans:dadosBeneficiario><ans:numeroCarteira>{card}</ans:numeroCarteira>"
        f"</ans:dadosBeneficiario>{extra}"
        f"{procs_xml if procs else ''}{exp_xml}{totals_xml}</ans:{tag}>"
    )


def honorarios(number: str, procs: Sequence[str], total: str, *, card: str = "0001") -> str:
    """A ``guiaHonorarios``; build its lines with ``proc(..., tag='procedimentoRealizado')``."""
    return (
        f"<ans:guiaHonorarios><ans:cabecalhoGuia><ans:registroANS>999999</ans:registroANS>"
        f"<ans:numeroGuiaPrestador>{number}</ans:numeroGuiaPrestador></ans:cabecalhoGuia>"
        f"<ans:beneficiario><ans:numeroCarteira>{card}</ans:numeroCarteira></ans:beneficiario>"
        f"<ans:procedimentosRealizados>{''.join(procs)}</ans:procedimentosRealizados>"
        f"<ans:valorTotalHonorarios>{total}</ans:valorTotalHonorarios></ans:guiaHonorarios>"
    )


def odonto_line(
    seq: str | int,
    code: str = "8040",
    *,
    day: str = "2024-05-07",
    tooth: str | None = "36",
    region: str | None = None,
    faces: str | None = None,
    qty: str = "1",
    value: str = "1600.00",
    table: str = "00",
) -> str:
    """One ``guiaOdonto/procedimentosExecutados`` line."""
    where = ""
    if tooth:
        where = f"<ans:denteRegiao><ans:codDente>{tooth}</ans:codDente></ans:denteRegiao>"
    elif region:
        where = f"<ans:denteRegiao><ans:codRegiao>{region}</ans:codRegiao></ans:denteRegiao>"
    face_xml = f"<ans:denteFace>{faces}</ans:denteFace>" if faces else ""
    return (
        f"<ans:procedimentosExecutados><ans:sequencialItem>{seq}</ans:sequencialItem>"
        f"<ans:procSolic><ans:codigoTabela>{table}</ans:codigoTabela>"
        f"<ans:codigoProcedimento>{code}</ans:codigoProcedimento></ans:procSolic>"
        f"{where}{face_xml}<ans:qtdProc>{qty}</ans:qtdProc><ans:valorProc>{value}</ans:valorProc>"
        f"<ans:autorizado>true</ans:autorizado><ans:dataRealizacao>{day}</ans:dataRealizacao>"
        f"</ans:procedimentosExecutados>"
    )


def odonto(
    number: str,
    lines: Sequence[str],
    total: str | None = None,
    *,
    card: str = "0001",
    auth: str | None = None,
    valid: str | None = None,
    password: str = "S1",
) -> str:
    """A ``guiaOdonto``; ``total`` (valorTotalProc) is left out when None."""
    head = ""
    if auth:
        head += f"<ans:dataAutorizacao>{auth}</ans:dataAutorizacao>"
        head += f"<ans:senhaAutorizacao>{password}</ans:senhaAutorizacao>"
    if valid:
        head += f"<ans:validadeSenha>{valid}</ans:validadeSenha>"
    total_xml = f"<ans:valorTotalProc>{total}</ans:valorTotalProc>" if total else ""
    return (
        f"<ans:guiaOdonto><ans:registroANS>999999</ans:registroANS>"
        f"<ans:numeroGuiaPrestador>{number}</ans:numeroGuiaPrestador>{head}"
        f"<ans:dadosBeneficiario><ans:numeroCarteira>{card}</ans:numeroCarteira>"
        f"</ans:dadosBeneficiario>{''.join(lines)}"
        f"<ans:tipoAtendimento>1</ans:tipoAtendimento>{total_xml}</ans:guiaOdonto>"
    )


def make_contract(
    root: Path, settings: str = "", prices: str = DEFAULT_PRICES, name: str = "teste"
) -> Contract:
    """A contract folder under ``root`` (``settings`` is appended to contract.toml)."""
    folder = root / "contract"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contract.toml").write_text(f'name = "{name}"\n{settings}', "utf-8")
    (folder / "2023-01-01.csv").write_text(prices, "utf-8")
    return load_contract(folder)


def run(
    tmp_path: Path,
    xml: str,
    *,
    contract: Contract | None = None,
    period: tuple[date, date] | None = None,
    name: str = "lote.xml",
    **options: Any,
) -> list[Finding]:
    """Write ``xml`` and check it through the engine; every finding of the lot. ``options`` are
    further :class:`CheckOptions` fields (``packs=``, ``ledger_url=``...)."""
    path = tmp_path / name
    path.write_text(xml, "utf-8")
    options = CheckOptions(contract=contract, period=period, **options)
    return list(check_file(path, options).findings)


def triples(
    findings: Iterable[Finding], codes: Iterable[str]
) -> list[tuple[str, str | None, str | None]]:
    """``(code, guide, item)`` of the findings with one of ``codes``, sorted."""
    wanted = set(codes)
    return sorted(
        ((f.code, f.guide, f.item) for f in findings if f.code in wanted),
        key=lambda t: (t[0], t[1] or "", t[2] or ""),
    )


def line_of(xml: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` occurrence of ``needle`` in ``xml``."""
    pos = -1
    for _ in range(nth):
        pos = xml.index(needle, pos + 1)
    return xml.count("\n", 0, pos) + 1
