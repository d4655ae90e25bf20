"""The reader's output, field by field: what each XML element becomes in the model.

The expected values are the texts written in the XML below (by hand), not the reader's output;
the hash input is compared with ``lots.leaf_md5``, an independent whole-tree implementation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from lotcheck.core.model import Guide, Identifier, Item, ItemKind, TeamMember
from lotcheck.reader.lot import LotReader

from lots import SHARED, leaf_md5, lot

NS = 'xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas"'


def read(tmp_path: Path, text: str, name: str = "lot.xml") -> tuple[LotReader, list[Guide]]:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    reader = LotReader(path)
    guides = list(reader.guides())
    return reader, guides


SADT = """<ans:guiaSP-SADT>
<ans:cabecalhoGuia><ans:numeroGuiaPrestador>G1</ans:numeroGuiaPrestador></ans:cabecalhoGuia>
<ans:procedimentosExecutados>
<ans:procedimentoExecutado>
  <ans:sequencialItem>7</ans:sequencialItem>
  <ans:dataExecucao>2023-08-15</ans:dataExecucao>
  <ans:horaInicial>08:00:00</ans:horaInicial>
  <ans:horaFinal>09:30:00</ans:horaFinal>
  <ans:procedimento>
    <ans:codigoTabela>22</ans:codigoTabela>
    <ans:codigoProcedimento>40304361</ans:codigoProcedimento>
    <ans:descricaoProcedimento> HEMOGRAMA &amp; PLAQUETAS </ans:descricaoProcedimento>
  </ans:procedimento>
  <ans:quantidadeExecutada>2</ans:quantidadeExecutada>
  <ans:viaAcesso>1</ans:viaAcesso>
  <ans:tecnicaUtilizada>2</ans:tecnicaUtilizada>
  <ans:reducaoAcrescimo>0.70</ans:reducaoAcrescimo>
  <ans:valorUnitario>10.50</ans:valorUnitario>
  <ans:valorTotal>14.70</ans:valorTotal>
  <ans:equipeSadt>
    <ans:grauPart>00</ans:grauPart>
    <ans:codProfissional><ans:cpfContratado>52998224725</ans:cpfContratado></ans:codProfissional>
    <ans:nomeProf>ANA</ans:nomeProf>
    <ans:conselho>06</ans:conselho>
    <ans:numeroConselhoProfissional>1234</ans:numeroConselhoProfissional>
    <ans:UF>43</ans:UF>
  </ans:equipeSadt>
  <ans:equipeSadt>
    <ans:grauPart>01</ans:grauPart>
    <ans:codProfissional><ans:codigoPrestadorNaOperadora>P9</ans:codigoPrestadorNaOperadora></ans:codProfissional>
    <ans:nomeProf>BIA</ans:nomeProf>
  </ans:equipeSadt>
</ans:procedimentoExecutado>
</ans:procedimentosExecutados>
<ans:outrasDespesas><ans:despesa><ans:sequencialItem>8</ans:sequencialItem><ans:codigoDespesa>03</ans:codigoDespesa><ans:servicosExecutados><ans:dataExecucao>2023-08-16</ans:dataExecucao><ans:codigoTabela>19</ans:codigoTabela><ans:codigoProcedimento>M1</ans:codigoProcedimento><ans:quantidadeExecutada>1.5</ans:quantidadeExecutada><ans:reducaoAcrescimo>1.00</ans:reducaoAcrescimo><ans:valorUnitario>2,00</ans:valorUnitario><ans:valorTotal>3.00</ans:valorTotal></ans:servicosExecutados></ans:despesa></ans:outrasDespesas>
</ans:guiaSP-SADT>
"""


def test_sadt_procedure_and_expense_every_field(tmp_path: Path) -> None:
    _reader, (guide,) = read(tmp_path, lot([SADT]))
    proc, expense = guide.items
    base = "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS"
    # line numbers: the lot header (lots._HEAD) has 17 lines, the guide starts on line 18
    assert guide.line == 18
    assert proc == Item(
        kind=ItemKind.PROCEDURE,
        sequence="7",
        table="22",
        code="40304361",
        description="HEMOGRAMA & PLAQUETAS",
        date=date(2023, 8, 15),
        quantity=Decimal("2"),
        factor=Decimal("0.70"),
        unit_value=Decimal("10.50"),
        total_value=Decimal("14.70"),
        line=21,
        xpath=f"{base}/ans:guiaSP-SADT[1]/ans:procedimentosExecutados/ans:procedimentoExecutado[1]",
        start_time="08:00:00",
        end_time="09:30:00",
        access_route="1",
        technique="2",
        team=[
            TeamMember("00", "52998224725", "ANA", "1234", 37),
            TeamMember("01", "P9", "BIA", None, 45),
        ],
        expense_code=None,
        tooth=None,
        region=None,
        faces=None,
        authorized=None,
        field_lines={
            "sequencialItem": 22,
            "dataExecucao": 23,
            "horaInicial": 24,
            "horaFinal": 25,
            "codigoTabela": 27,
            "codigoProcedimento": 28,
            "descricaoProcedimento": 29,
            "quantidadeExecutada": 31,
            "viaAcesso": 32,
            "tecnicaUtilizada": 33,
            "reducaoAcrescimo": 34,
            "valorUnitario": 35,
            "valorTotal": 36,
        },
        problems=[],
    )
    # the expense: its fields sit in servicosExecutados; "2,00" is not an XSD decimal
    assert (expense.kind, expense.sequence, expense.expense_code) == (
        ItemKind.OTHER_EXPENSE,
        "8",
        "03",
    )
    assert (expense.table, expense.code, expense.date) == ("19", "M1", date(2023, 8, 16))
    assert (expense.quantity, expense.factor, expense.total_value) == (
        Decimal("1.5"),
        Decimal("1.00"),
        Decimal("3.00"),
    )
    assert expense.unit_value is None
    assert [(p.field, p.raw, p.expected_type, p.line) for p in expense.problems] == [
        ("valorUnitario", "2,00", "decimal", 52)
    ]
    assert expense.xpath.endswith("/ans:outrasDespesas/ans:despesa[1]")
    # the CPF of the first professional is kept for the check-digit rule, at its own line
    assert guide.identifiers == [Identifier("cpf", "52998224725", "cpfContratado", 39)]


def test_team_lists_and_profissionais(tmp_path: Path) -> None:
    honorarios = (
        "<ans:guiaHonorarios><ans:cabecalhoGuia><ans:numeroGuiaPrestador>H1"
        "</ans:numeroGuiaPrestador></ans:cabecalhoGuia><ans:procedimentosRealizados>"
        "<ans:procedimentoRealizado><ans:sequencialItem>1</ans:sequencialItem>"
        "<ans:dataExecucao>2023-08-15</ans:dataExecucao><ans:procedimento>"
        "<ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>31005497"
        "</ans:codigoProcedimento></ans:procedimento>"
        "<ans:profissionais><ans:grauParticipacao>02</ans:grauParticipacao>"
        "<ans:codProfissional><ans:cpfContratado>11144477735</ans:cpfContratado>"
        "</ans:codProfissional><ans:nomeProfissional>CAIO</ans:nomeProfissional>"
        "</ans:profissionais></ans:procedimentoRealizado>"
        "<ans:procedimentoRealizado><ans:sequencialItem>2</ans:sequencialItem>"
        "<ans:identEquipe><ans:identificacaoEquipe><ans:grauPart>00</ans:grauPart>"
        "<ans:codProfissional><ans:codigoPrestadorNaOperadora>P1</ans:codigoPrestadorNaOperadora>"
        "</ans:codProfissional></ans:identificacaoEquipe>"
        "<ans:identificacaoEquipe><ans:grauPart>03</ans:grauPart></ans:identificacaoEquipe>"
        "</ans:identEquipe></ans:procedimentoRealizado>"
        "</ans:procedimentosRealizados></ans:guiaHonorarios>\n"
    )
    _reader, (guide,) = read(tmp_path, lot([honorarios]))
    first, second = guide.items
    assert first.kind is ItemKind.PROCEDURE
    assert [(m.degree, m.professional, m.name) for m in first.team] == [
        ("02", "11144477735", "CAIO")
    ]
    assert [(m.degree, m.professional) for m in second.team] == [("00", "P1"), ("03", None)]
    assert [(i.kind, i.value, i.element) for i in guide.identifiers] == [
        ("cpf", "11144477735", "cpfContratado")
    ]


def test_consulta_and_odonto_fields(tmp_path: Path) -> None:
    consulta = (
        "<ans:guiaConsulta><ans:cabecalhoConsulta><ans:numeroGuiaPrestador>C1"
        "</ans:numeroGuiaPrestador></ans:cabecalhoConsulta><ans:dadosAtendimento>"
        "<ans:dataAtendimento>2023-09-01</ans:dataAtendimento><ans:procedimento>"
        "<ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>10101012"
        "</ans:codigoProcedimento><ans:valorProcedimento>93.00</ans:valorProcedimento>"
        "</ans:procedimento></ans:dadosAtendimento></ans:guiaConsulta>\n"
    )
    odonto = (
        "<ans:guiaOdonto><ans:numeroGuiaPrestador>O1</ans:numeroGuiaPrestador>"
        "<ans:procedimentosExecutados><ans:sequencialItem>1</ans:sequencialItem>"
        "<ans:procSolic><ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>81000049"
        "</ans:codigoProcedimento></ans:procSolic><ans:denteRegiao><ans:codDente>11</ans:codDente>"
        "</ans:denteRegiao><ans:denteFace>OV</ans:denteFace><ans:qtdProc>2</ans:qtdProc>"
        "<ans:valorProc>80.00</ans:valorProc><ans:autorizado>true</ans:autorizado>"
        "<ans:dataRealizacao>2023-09-02</ans:dataRealizacao></ans:procedimentosExecutados>"
        "</ans:guiaOdonto>\n"
    )
    _reader, guides = read(tmp_path, lot([consulta, odonto]))
    (c,), (o,) = (g.items for g in guides)
    assert (c.kind, c.table, c.code, c.date) == (
        ItemKind.CONSULTATION,
        "22",
        "10101012",
        date(2023, 9, 1),
    )
    # a consulta is one unit: its single value is both the unit and the total
    assert (c.quantity, c.unit_value, c.total_value) == (
        Decimal(1),
        Decimal("93.00"),
        Decimal("93.00"),
    )
    assert (o.kind, o.code, o.tooth, o.region, o.faces, o.authorized) == (
        ItemKind.DENTAL,
        "81000049",
        "11",
        None,
        "OV",
        "true",
    )
    assert (o.quantity, o.unit_value, o.total_value, o.date) == (
        Decimal("2"),
        None,
        Decimal("80.00"),
        date(2023, 9, 2),
    )


def test_hash_input_keeps_leaf_blanks_and_drops_indentation(tmp_path: Path) -> None:
    # leaves with blanks only, with blanks around the text, with CDATA and with an entity;
    # indentation and comments between elements. leaf_md5 (whole tree, every leaf's .text) is
    # the reference.
    guide = SADT.replace(
        "<ans:horaFinal>09:30:00</ans:horaFinal>",
        "<ans:horaFinal>   </ans:horaFinal>",
    ).replace(
        "<ans:nomeProf>BIA</ans:nomeProf>",
        "<ans:nomeProf>  B<![CDATA[I&]]>A  </ans:nomeProf>\n    <!-- a note -->\n  ",
    )
    text = lot([guide, guide.replace("G1", "G2")])
    reader, guides = read(tmp_path, text)
    assert len(guides) == 2
    data = text.encode("utf-8")
    assert reader.header.hash_utf8 == leaf_md5(data, "utf-8")
    assert reader.header.hash_latin1 == leaf_md5(data, "iso-8859-1")
    # and the blank leaf is a missing value for the rules, not "   "
    assert guides[0].items[0].end_time is None


def test_hash_input_matches_the_reference_on_every_sample() -> None:
    # leaf_md5 is the rule for a mensagemTISS (epilogo under the root); SOAP-wrapped messages
    # are left to test_samples, which holds what SOURCES.md says about each file
    checked = 0
    for path in sorted((SHARED / "tiss-samples").glob("*.xml")):
        reader = LotReader(path)
        for _guide in reader.guides():
            pass
        if not reader.read_ok or reader.header.root != "mensagemTISS":
            continue
        data = path.read_bytes()
        assert reader.header.hash_utf8 == leaf_md5(data, "utf-8"), path.name
        checked += 1
    assert checked >= 10


def test_tag_caches_stay_bounded_on_invented_tags(tmp_path: Path) -> None:
    # the reader caches what it learnt about each tag; a file that invents 10,000 element names
    # inside one item must not make those caches grow without bound
    from lotcheck.reader import items, team, xml_paths

    junk = "".join(f"<ans:x{n}>1</ans:x{n}>" for n in range(10_000))
    guide = SADT.replace("<ans:viaAcesso>1</ans:viaAcesso>", junk)
    _reader, (read_guide,) = read(tmp_path, lot([guide]))
    assert read_guide.items[0].code == "40304361"  # the item itself is still read
    for cache in (items._ITEM_ACTIONS, xml_paths.LOCAL_NAMES, team._TEAM_SLOTS):
        assert len(cache) <= xml_paths.TAG_CACHE_LIMIT
