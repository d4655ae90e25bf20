"""Statements for tests: TISS ``DEMONSTRATIVO_ANALISE_CONTA`` messages that validate against the
official XSD of their version, built from small specs.

Why a generator: no real statement is public (a payer's statement names real patients), and a
reconciliation test needs to plant exactly the case it checks: an item paid in full, one cut by
a glosa, one denied whole, a guide or an item no lot holds. Each spec says only what its test
cares about; everything else has a valid default. The epílogo hash is lotcheck's own
(:func:`lotcheck.reader.epilogo.compute`), so the files look like a payer's.

Totals are worked out from the items unless a spec gives one (to plant a total that does not add
up). Values are written as the spec holds them (``Decimal("10.5")`` is written ``10.5``).

Usage::

    spec = StatementSpec(protocols=(ProtocolSpec("LOTE1", guides=(
        GuideSpec("G1", items=(ItemSpec.paid("10101012", "100.00"),
                               ItemSpec.cut("40301010", "50.00", "30.00", glosa="1705"),
                               ItemSpec.denied("40302016", "20.00", glosa="1801"))),)),))
    path = write_statement(tmp_path, spec, "4.02.00")
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from lotcheck.reader.epilogo import compute, with_digest

from statement_specs import GlosaSpec, GuideSpec, ItemSpec, ProtocolSpec, StatementSpec

__all__ = [
    "VERSIONS",
    "GlosaSpec",
    "GuideSpec",
    "ItemSpec",
    "ProtocolSpec",
    "StatementSpec",
    "statement_text",
    "statement_xml",
    "write_statement",
]

#: the versions whose statements the generator writes (each checked against its XSD)
VERSIONS = (
    "3.02.02",
    "3.03.03",
    "3.04.01",
    "3.05.00",
    "4.00.01",
    "4.01.00",
    "4.02.00",
    "4.03.00",
)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class _Out:
    """The message's lines, one element per line, indented (so a test knows each line)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 0

    def leaf(self, name: str, value: object) -> None:
        if value is None:
            return
        text = value.isoformat() if isinstance(value, date) else str(value)
        self.lines.append(f"{'  ' * self.depth}<ans:{name}>{escape(text)}</ans:{name}>")

    def open(self, name: str) -> None:
        self.lines.append(f"{'  ' * self.depth}<ans:{name}>")
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self.lines.append(f"{'  ' * self.depth}</ans:{name}>")


def _motivo(out: _Out, name: str, glosa: GlosaSpec) -> None:
    out.open(name)
    out.leaf("codigoGlosa", glosa.code)
    out.leaf("descricaoGlosa", glosa.text)
    out.close(name)


def _item(out: _Out, item: ItemSpec, position: int, version: tuple[int, ...]) -> None:
    out.open("detalhesGuia")
    if version >= (3, 4, 0):
        out.leaf("sequencialItem", item.sequence if item.sequence is not None else position)
    out.leaf("dataRealizacao", item.performed)
    out.open("procedimento")
    out.leaf("codigoTabela", item.table)
    out.leaf("codigoProcedimento", item.code)
    out.leaf("descricaoProcedimento", item.description)
    out.close("procedimento")
    out.leaf("grauParticipacao", item.degree)
    out.leaf("valorInformado", item.informed)
    out.leaf("qtdExecutada", item.quantity)
    out.leaf("valorProcessado", item.processed if item.processed is not None else item.informed)
    out.leaf("valorLiberado", item.released_value)
    for glosa in item.glosas:
        out.open("relacaoGlosa")
        out.leaf("valorGlosa", glosa.value if glosa.value is not None else item.denied_value)
        out.leaf("tipoGlosa", glosa.code)
        out.close("relacaoGlosa")
    out.close("detalhesGuia")


def _guide(out: _Out, guide: GuideSpec, version: tuple[int, ...]) -> None:
    out.open("relacaoGuias")
    out.leaf("numeroGuiaPrestador", guide.provider_number)
    out.leaf("numeroGuiaOperadora", guide.operator_number)
    out.leaf("senha", guide.password)
    if version < (4, 0, 0):
        out.leaf("nomeBeneficiario", guide.beneficiary)
    out.leaf("numeroCarteira", guide.card)
    out.leaf("dataInicioFat", guide.start)
    for glosa in guide.glosas:
        _motivo(out, "motivoGlosaGuia", glosa)
    out.leaf("situacaoGuia", guide.status)
    for position, item in enumerate(guide.items, 1):
        _item(out, item, position, version)
    informed, processed, released, denied = guide.totals()
    out.leaf("valorInformadoGuia", informed)
    out.leaf("valorProcessadoGuia", processed)
    out.leaf("valorLiberadoGuia", released)
    out.leaf("valorGlosaGuia", denied)
    out.close("relacaoGuias")


def _protocol(out: _Out, protocol: ProtocolSpec, version: tuple[int, ...]) -> None:
    out.open("dadosProtocolo")
    out.leaf("numeroLotePrestador", protocol.lot_number)
    out.leaf("numeroProtocolo", protocol.protocol or f"P{protocol.lot_number}"[:12])
    out.leaf("dataProtocolo", protocol.received)
    if protocol.glosa is not None:
        _motivo(out, "GlosaProtocolo", protocol.glosa)
    out.leaf("situacaoProtocolo", protocol.status)
    for guide in protocol.guides:
        _guide(out, guide, version)
    informed, processed, released, denied = protocol.totals()
    out.leaf("valorInformadoProtocolo", informed)
    out.leaf("valorProcessadoProtocolo", processed)
    out.leaf("valorLiberadoProtocolo", released)
    out.leaf("valorGlosaProtocolo", denied)
    out.close("dadosProtocolo")


def _analysis(out: _Out, spec: StatementSpec, version: tuple[int, ...]) -> None:
    out.open("demonstrativoAnaliseConta")
    out.open("cabecalhoDemonstrativo")
    out.leaf("registroANS", spec.registro_ans)
    out.leaf("numeroDemonstrativo", spec.number)
    out.leaf("nomeOperadora", spec.operator_name)
    out.leaf("numeroCNPJ", spec.operator_cnpj)
    out.leaf("dataEmissao", spec.issued)
    out.close("cabecalhoDemonstrativo")
    out.open("dadosPrestador")
    out.open("dadosContratado")
    out.leaf("codigoPrestadorNaOperadora", spec.provider)
    if version < (4, 0, 0):
        out.leaf("nomeContratado", spec.provider_name)
    out.close("dadosContratado")
    out.leaf("CNES", spec.cnes)
    out.close("dadosPrestador")
    out.open("dadosConta")
    for protocol in spec.protocols:
        _protocol(out, protocol, version)
    out.close("dadosConta")
    informed, processed, released, denied = spec.totals()
    out.leaf("valorInformadoGeral", informed)
    out.leaf("valorProcessadoGeral", processed)
    out.leaf("valorLiberadoGeral", released)
    out.leaf("valorGlosaGeral", denied)
    if version >= (4, 2, 0):
        out.leaf("observacao", spec.notes)
    out.close("demonstrativoAnaliseConta")


#: the root and the cabecalho of an operator's message to a provider (transaction, date, registroANS,
#: provider code, version), one element a line
_HEADER = """<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
  <ans:cabecalho>
    <ans:identificacaoTransacao>
      <ans:tipoTransacao>{}</ans:tipoTransacao>
      <ans:sequencialTransacao>1</ans:sequencialTransacao>
      <ans:dataRegistroTransacao>{}</ans:dataRegistroTransacao>
      <ans:horaRegistroTransacao>10:00:00</ans:horaRegistroTransacao>
    </ans:identificacaoTransacao>
    <ans:origem><ans:registroANS>{}</ans:registroANS></ans:origem>
    <ans:destino>
      <ans:identificacaoPrestador>
        <ans:codigoPrestadorNaOperadora>{}</ans:codigoPrestadorNaOperadora>
      </ans:identificacaoPrestador>
    </ans:destino>
    <ans:Padrao>{}</ans:Padrao>
  </ans:cabecalho>"""


def statement_text(
    spec: StatementSpec | Sequence[StatementSpec],
    version: str = "4.02.00",
    *,
    transaction: str = "DEMONSTRATIVO_ANALISE_CONTA",
) -> str:
    """The message as text, with an empty hash (see :func:`statement_xml`). A sequence of
    specs makes one message with one ``demonstrativoAnaliseConta`` each (up to 30)."""
    if version not in VERSIONS:
        raise ValueError(f"statement_factory writes {', '.join(VERSIONS)}, not {version}")
    specs = [spec] if isinstance(spec, StatementSpec) else list(spec)
    key = _key(version)
    out = _Out()
    out.depth = 1
    payer, provider = (specs[0].registro_ans, specs[0].provider) if specs else ("1", "1")
    # the message is registered the day the (first) statement is issued
    issued = (specs[0].issued if specs else date(2026, 9, 30)).isoformat()
    out.lines.extend(_HEADER.format(transaction, issued, payer, provider, version).splitlines())
    out.open("operadoraParaPrestador")
    out.open("demonstrativosRetorno")
    for one in specs:
        _analysis(out, one, key)
    out.close("demonstrativosRetorno")
    out.close("operadoraParaPrestador")
    out.lines.extend(["  <ans:epilogo>", "    <ans:hash></ans:hash>", "  </ans:epilogo>"])
    out.lines.append("</ans:mensagemTISS>")
    return "\n".join(out.lines) + "\n"


def statement_xml(
    spec: StatementSpec | Sequence[StatementSpec],
    version: str = "4.02.00",
    *,
    encoding: str = "ISO-8859-1",
    transaction: str = "DEMONSTRATIVO_ANALISE_CONTA",
) -> bytes:
    """The message's bytes in ``encoding`` (declared in its XML declaration, line 1), with the
    epílogo hash lotcheck computes for that encoding. The root is on line 2, the cabecalho
    on line 3."""
    text = f'<?xml version="1.0" encoding="{encoding}"?>\n' + statement_text(
        spec, version, transaction=transaction
    )
    data = text.encode(encoding)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "statement.xml"
        scratch.write_bytes(data)
        digest = compute(scratch).expected
        return with_digest(scratch, data, digest)


def write_statement(
    folder: Path,
    spec: StatementSpec | Sequence[StatementSpec],
    version: str = "4.02.00",
    *,
    name: str = "statement.xml",
    encoding: str = "ISO-8859-1",
) -> Path:
    """The statement written to ``folder/name``; its path."""
    path = Path(folder) / name
    path.write_bytes(statement_xml(spec, version, encoding=encoding))
    return path
