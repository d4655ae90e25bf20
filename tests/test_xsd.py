"""Tests for lotcheck.xsd (registry, compile, validate, stream, install) against the official
ANS sets and the real samples in ../shared.

Expected lines and paths were read by hand from the sample files (see the comments); the
validity of each sample is the one recorded in shared/tiss-samples/SOURCES.md.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import platformdirs
import pytest
from lxml import etree

from lotcheck.engine import CheckOptions, check_file
from lotcheck.xsd import registry as xsd_registry
from lotcheck.xsd.compile import load_schema
from lotcheck.xsd.errors import SchemaCompileError, SchemaImportError, SchemaNotFoundError
from lotcheck.xsd.install import import_schemas
from lotcheck.xsd.messages import SchemaIssue, translate_message
from lotcheck.xsd.registry import XsdRegistry, user_schema_dir, version_from_filename

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
XSD_DIR = SHARED / "tiss-xsd"
SAMPLES = SHARED / "tiss-samples"

ALL_VERSIONS = [
    "2.01.03",
    "2.02.01",
    "2.02.02",
    "2.02.03",
    "3.00.01",
    "3.02.00",
    "3.02.01",
    "3.02.02",
    "3.03.01",
    "3.03.02",
    "3.03.03",
    "3.04.00",
    "3.04.01",
    "3.05.00",
    "4.00.00",
    "4.00.01",
    "4.01.00",
    "4.02.00",
    "4.03.00",
]

LOTE_639 = SAMPLES / "robsonsduarte__faturamento-unimed__lote-639.xml"
XML_TISS = SAMPLES / "fqueta__faturamento_tiss__xml_tiss.xml"
FQUETA_7 = SAMPLES / "fqueta__faturamento_tiss__3_34c438b6a766f2b7fb34f5b298657473.xml"
GUIA_TESTE = SAMPLES / "stuartfsi05__TISS-Guard__guia-teste.xml"
JOSE = SAMPLES / "JoseAurelianoJR__tiss-php__envio-elegibilidade.xml"
RECURSO = "renatofagalde__app-tiss-schemas__TISS4_lote_recurso_gerado_20250619_173426.xml"

RESUMO = (
    "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS"
    "/ans:guiaResumoInternacao"
)


@pytest.fixture(scope="module")
def registry() -> XsdRegistry:
    return XsdRegistry([XSD_DIR])


def _tree(
    registry: XsdRegistry, path: Path, version: str, max_issues: int | None = 1000
) -> list[SchemaIssue]:
    """Tree mode, whatever the file size."""
    return registry.validate(path, version, stream_threshold=1 << 40, max_issues=max_issues)


def _stream(
    registry: XsdRegistry,
    path: Path,
    version: str,
    chunk_size: int = 1 << 16,
    max_issues: int | None = 1000,
) -> list[SchemaIssue]:
    """Streaming mode forced (threshold 0), with a chosen chunk size."""
    return registry.validate(
        path, version, stream_threshold=0, chunk_size=chunk_size, max_issues=max_issues
    )


# --- registry ---------------------------------------------------------------------------------


def test_versions_lists_every_shared_set(registry: XsdRegistry) -> None:
    versions = registry.versions()
    assert list(versions) == ALL_VERSIONS
    assert versions["4.03.00"] == XSD_DIR / "4.03.00" / "tissV4_03_00.xsd"
    assert versions["2.01.03"] == XSD_DIR / "2.01.03" / "tissV2_01_03.xsd"


def test_first_directory_wins_and_incomplete_folders_are_skipped(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    (mine / "4.03.00").mkdir(parents=True)
    (mine / "4.03.00" / "tissV4_03_00.xsd").write_text("<schema/>")
    (mine / "4.01.00").mkdir()  # no main file: not a set
    (mine / "notes").mkdir()  # not a version name
    registry = XsdRegistry([tmp_path / "missing", mine, XSD_DIR])
    versions = registry.versions()
    assert versions["4.03.00"] == mine / "4.03.00" / "tissV4_03_00.xsd"
    assert versions["4.01.00"] == XSD_DIR / "4.01.00" / "tissV4_01_00.xsd"
    assert list(versions) == ALL_VERSIONS


def test_default_search_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_a, env_b, user = tmp_path / "a", tmp_path / "b", tmp_path / "user"
    monkeypatch.setenv("LOTCHECK_XSD_DIR", f"{env_a}{os.pathsep}{env_b}")
    monkeypatch.setattr(xsd_registry, "user_schema_dir", lambda: user)
    explicit = tmp_path / "explicit"
    assert XsdRegistry.default(explicit).directories == (explicit, env_a, env_b, user)
    monkeypatch.delenv("LOTCHECK_XSD_DIR")
    assert XsdRegistry.default().directories == (user,)
    assert XsdRegistry.default().versions() == {}  # missing dirs are fine


def test_user_schema_dir_is_in_the_user_data_dir() -> None:
    assert user_schema_dir() == Path(platformdirs.user_data_dir("lotcheck")) / "xsd"


@pytest.mark.parametrize(
    ("padrao", "expected"),
    [
        ("4.02.00", "4.02.00"),  # its own official set, not the 4.03.00 one
        ("4.03.00", "4.03.00"),
        ("4.01.00", "4.01.00"),
        (" 3.05.00\n", "3.05.00"),
        ("2.01.03", "2.01.03"),
        ("4.04.00", None),
        ("3.01.00", None),
        ("", None),
    ],
)
def test_resolve(registry: XsdRegistry, padrao: str, expected: str | None) -> None:
    assert registry.resolve(padrao) == expected


def test_resolve_never_substitutes_a_neighbouring_set(tmp_path: Path) -> None:
    # Without a 4.02.00 set, a 4.02.00 lot has no schema (schema.unavailable says so); the
    # 4.03.00 set is not used in its place, since it refuses valid 4.02.00 honorarios guides.
    sets = tmp_path / "sets"
    for version in ("4.01.00", "4.03.00"):
        (sets / version).mkdir(parents=True)
        (sets / version / f"tissV{version.replace('.', '_')}.xsd").write_text("<schema/>")
    assert XsdRegistry([sets]).resolve("4.02.00") is None


def test_version_from_filename() -> None:
    assert version_from_filename("tissV4_03_00.xsd") == "4.03.00"
    assert version_from_filename("TISSV3_05_00.XSD") == "3.05.00"
    assert version_from_filename("tissComplexTypesV4_03_00.xsd") is None
    assert version_from_filename("tissV4_03_00.xsd.bak") is None


def test_schema_is_compiled_once_per_process(registry: XsdRegistry) -> None:
    first = registry.schema("4.03.00")
    assert isinstance(first, etree.XMLSchema)
    assert registry.schema("4.03.00") is first
    assert registry.schema("4.02.00") is not first  # 4.02.00 has a set of its own
    assert XsdRegistry([XSD_DIR]).schema("4.03.00") is first  # cache is module-level
    assert registry.schema("9.99.99") is None


def test_xmldsig_sets_compile_offline(registry: XsdRegistry) -> None:
    # Every set from 3.00.01 on imports xmldsig-core-schema.xsd, whose DOCTYPE names a
    # remote DTD; compiling must not need it.
    for version in ALL_VERSIONS:
        assert isinstance(registry.schema(version), etree.XMLSchema), version


def test_cache_notices_a_replaced_main_file(tmp_path: Path) -> None:
    folder = tmp_path / "9.00.00"
    folder.mkdir()
    main = folder / "tissV9_00_00.xsd"
    main.write_text(_tiny_schema("a"))
    first = load_schema(main)
    assert load_schema(main) is first
    replacement = folder / "new.xsd"
    replacement.write_text(_tiny_schema("bb"))
    replacement.replace(main)  # new inode, as import_schemas does
    assert load_schema(main) is not first


def _tiny_schema(element: str, extra: str = "") -> str:
    return (
        '<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">'
        f'{extra}<element name="{element}" type="string"/></schema>'
    )


def test_compile_refuses_remote_references(tmp_path: Path) -> None:
    folder = tmp_path / "9.00.00"
    folder.mkdir()
    main = folder / "tissV9_00_00.xsd"
    main.write_text(
        _tiny_schema(
            "r", '<import namespace="urn:x" schemaLocation="http://127.0.0.1:9/remote.xsd"/>'
        )
    )
    with pytest.raises(SchemaCompileError, match=r"http://127\.0\.0\.1:9/remote\.xsd"):
        load_schema(main)


def test_compile_refuses_files_outside_the_set_folder(tmp_path: Path) -> None:
    (tmp_path / "outside.xsd").write_text(_tiny_schema("o"))
    folder = tmp_path / "9.00.00"
    folder.mkdir()
    main = folder / "tissV9_00_00.xsd"
    main.write_text(_tiny_schema("r", '<include schemaLocation="../outside.xsd"/>'))
    with pytest.raises(SchemaCompileError, match=r"outside\.xsd"):
        load_schema(main)
    # The same include from inside the folder is fine: the refusal is about the location.
    (folder / "inside.xsd").write_text(_tiny_schema("o"))
    main.write_text(_tiny_schema("r2", '<include schemaLocation="inside.xsd"/>'))
    assert isinstance(load_schema(main), etree.XMLSchema)


def test_validate_unknown_version_raises(registry: XsdRegistry) -> None:
    with pytest.raises(SchemaNotFoundError, match=r"5\.00\.00"):
        registry.validate(LOTE_639, "5.00.00")


# --- validation of the real samples (expected results from SOURCES.md) ------------------------


def test_xml_tiss_numero_guia_operadora_out_of_order(registry: XsdRegistry) -> None:
    # Line 31 is dataAutorizacao and line 32 numeroGuiaOperadora; the 3.05.00
    # ct_autorizacaoInternacao sequence is numeroGuiaOperadora?, dataAutorizacao, senha.
    issues = _tree(registry, XML_TISS, "3.05.00")
    assert len(issues) == 1
    issue = issues[0]
    assert issue.line == 32
    assert issue.column is None
    assert issue.element == "numeroGuiaOperadora"
    assert issue.xpath == RESUMO + "/ans:dadosAutorizacao/ans:numeroGuiaOperadora"
    assert issue.message_en == (
        "Element 'ans:numeroGuiaOperadora': This element is not expected. "
        "Expected is ( ans:senha )."
    )
    assert issue.message_pt == (
        "Elemento ans:numeroGuiaOperadora: elemento não esperado nesta posição. "
        "Esperado: ans:senha."
    )
    assert issue.raw.startswith(
        "Element '{http://www.ans.gov.br/padroes/tiss/schemas}numeroGuiaOperadora'"
    )


def test_fqueta_lot_reports_every_error_with_its_line(registry: XsdRegistry) -> None:
    # Lines 74/75 and 91/92 hold empty viaAcesso/tecnicaUtilizada of procedures 1 and 2
    # (procedimentoExecutado starts at lines 63, 80, 97); 100/101 empty horaInicial/Final
    # of procedure 3.
    issues = _tree(registry, FQUETA_7, "3.05.00")
    assert [(i.line, i.element) for i in issues] == [
        (32, "numeroGuiaOperadora"),
        (74, "viaAcesso"),
        (75, "tecnicaUtilizada"),
        (91, "viaAcesso"),
        (92, "tecnicaUtilizada"),
        (100, "horaInicial"),
        (101, "horaFinal"),
    ]
    procs = RESUMO + "/ans:procedimentosExecutados/ans:procedimentoExecutado"
    assert issues[1].xpath == procs + "[1]/ans:viaAcesso"
    assert issues[4].xpath == procs + "[2]/ans:tecnicaUtilizada"
    assert issues[6].xpath == procs + "[3]/ans:horaFinal"
    assert issues[1].message_pt == (
        "Elemento ans:viaAcesso: o valor '' não pertence ao domínio permitido (1, 2, 3)."
    )
    assert issues[5].message_pt == (
        "Elemento ans:horaInicial: o valor '' não é válido para o tipo ans:st_hora "
        "(hora no formato HH:MM:SS)."
    )


def test_guia_teste_errors_include_missing_epilogo_on_the_root(registry: XsdRegistry) -> None:
    issues = _tree(registry, GUIA_TESTE, "3.05.00")
    assert [(i.line, i.element) for i in issues] == [
        (6, "dataRegistroTransacao"),
        (17, "versaoPadrao"),
        (30, "nomeBeneficiario"),
        (33, "profissionalSolicitante"),
        (37, "dadosAtendimento"),
        (2, "mensagemTISS"),
    ]
    assert issues[-1].xpath == "/ans:mensagemTISS"
    assert issues[-1].message_pt == (
        "Elemento ans:mensagemTISS: faltam elementos filhos obrigatórios. Esperado: ans:epilogo."
    )


@pytest.mark.parametrize(
    ("name", "version", "count"),
    [
        ("fqueta__faturamento_tiss__3_82215ceae62ab85108ce709fd35e6a73.xml", "3.05.00", 7),
        ("fqueta__faturamento_tiss__storage3_69e9caa0c19f0c3ce98bba7fb2304cd6.xml", "3.05.00", 7),
        ("fqueta__faturamento_tiss__storege3_bed8df311bfd68e26be23074276ab46d.xml", "3.05.00", 7),
        ("fqueta__faturamento_tiss__storege3_d5b89004d7ba75a7700cfeff15bce57b.xml", "3.05.00", 7),
        ("gledstonprego__componentestiss__temp.xml", "2.01.03", 0),
        (RECURSO, "4.01.00", 0),
        (
            "robsonsduarte__faturamento-unimed__"
            "00000000000097498504622_2a9d226b2238356a239b88eed98ba067.xml",
            "4.02.00",
            0,
        ),
        ("robsonsduarte__faturamento-unimed__lote-639.xml", "4.02.00", 0),
    ],
)
def test_samples_match_sources_table(
    registry: XsdRegistry, name: str, version: str, count: int
) -> None:
    resolved = registry.resolve(version)
    assert resolved is not None
    assert len(_tree(registry, SAMPLES / name, resolved)) == count


#: A 4.02.00 honorarios lot written by hand from tissGuiasV4_02_00.xsd: its dadosInternacao holds
#: only the two billing dates. The 4.03.00 set moved caraterAtendimento into dadosInternacao as a
#: required first child, so the same valid lot fails there (line 28: <ans:dadosInternacao>).
HONORARIOS_402 = """<?xml version="1.0" encoding="UTF-8"?>
<ans:mensagemTISS xmlns:ans="http://www.ans.gov.br/padroes/tiss/schemas">
  <ans:cabecalho>
    <ans:identificacaoTransacao>
      <ans:tipoTransacao>ENVIO_LOTE_GUIAS</ans:tipoTransacao>
      <ans:sequencialTransacao>1</ans:sequencialTransacao>
      <ans:dataRegistroTransacao>2024-05-02</ans:dataRegistroTransacao>
      <ans:horaRegistroTransacao>10:00:00</ans:horaRegistroTransacao>
    </ans:identificacaoTransacao>
    <ans:origem><ans:identificacaoPrestador><ans:codigoPrestadorNaOperadora>123</ans:codigoPrestadorNaOperadora></ans:identificacaoPrestador></ans:origem>
    <ans:destino><ans:registroANS>339679</ans:registroANS></ans:destino>
    <ans:Padrao>4.02.00</ans:Padrao>
  </ans:cabecalho>
  <ans:prestadorParaOperadora>
    <ans:loteGuias>
      <ans:numeroLote>5</ans:numeroLote>
      <ans:guiasTISS>
        <ans:guiaHonorarios>
          <ans:cabecalhoGuia><ans:registroANS>339679</ans:registroANS><ans:numeroGuiaPrestador>9001</ans:numeroGuiaPrestador></ans:cabecalhoGuia>
          <ans:guiaSolicInternacao>7001</ans:guiaSolicInternacao>
          <ans:beneficiario><ans:numeroCarteira>00012345</ans:numeroCarteira><ans:atendimentoRN>N</ans:atendimentoRN></ans:beneficiario>
          <ans:localContratado>
            <ans:codigoContratado><ans:codigoNaOperadora>123</ans:codigoNaOperadora></ans:codigoContratado>
            <ans:nomeContratado>Hospital Exemplo</ans:nomeContratado>
            <ans:cnes>1234567</ans:cnes>
          </ans:localContratado>
          <ans:dadosContratadoExecutante><ans:codigonaOperadora>123</ans:codigonaOperadora><ans:cnesContratadoExecutante>1234567</ans:cnesContratadoExecutante></ans:dadosContratadoExecutante>
          <ans:dadosInternacao><ans:dataInicioFaturamento>2024-04-10</ans:dataInicioFaturamento><ans:dataFimFaturamento>2024-04-12</ans:dataFimFaturamento></ans:dadosInternacao>
          <ans:procedimentosRealizados>
            <ans:procedimentoRealizado>
              <ans:sequencialItem>1</ans:sequencialItem>
              <ans:dataExecucao>2024-04-10</ans:dataExecucao>
              <ans:procedimento><ans:codigoTabela>22</ans:codigoTabela><ans:codigoProcedimento>31009166</ans:codigoProcedimento><ans:descricaoProcedimento>COLECISTECTOMIA</ans:descricaoProcedimento></ans:procedimento>
              <ans:quantidadeExecutada>1</ans:quantidadeExecutada>
              <ans:reducaoAcrescimo>1.00</ans:reducaoAcrescimo>
              <ans:valorUnitario>100.00</ans:valorUnitario>
              <ans:valorTotal>100.00</ans:valorTotal>
              <ans:profissionais>
                <ans:grauParticipacao>00</ans:grauParticipacao>
                <ans:codProfissional><ans:cpfContratado>52998224725</ans:cpfContratado></ans:codProfissional>
                <ans:nomeProfissional>Ana Cirurgia</ans:nomeProfissional>
                <ans:conselhoProfissional>06</ans:conselhoProfissional>
                <ans:numeroConselhoProfissional>12345</ans:numeroConselhoProfissional>
                <ans:UF>31</ans:UF>
                <ans:CBO>225225</ans:CBO>
              </ans:profissionais>
            </ans:procedimentoRealizado>
          </ans:procedimentosRealizados>
          <ans:valorTotalHonorarios>100.00</ans:valorTotalHonorarios>
          <ans:dataEmissaoGuia>2024-05-02</ans:dataEmissaoGuia>
        </ans:guiaHonorarios>
      </ans:guiasTISS>
    </ans:loteGuias>
  </ans:prestadorParaOperadora>
  <ans:epilogo><ans:hash>00000000000000000000000000000000</ans:hash></ans:epilogo>
</ans:mensagemTISS>
"""


def test_4_02_00_honorarios_validates_against_its_own_set(
    registry: XsdRegistry, tmp_path: Path
) -> None:
    lot = tmp_path / "honorarios-402.xml"
    lot.write_text(HONORARIOS_402, encoding="utf-8")
    assert registry.resolve("4.02.00") == "4.02.00"
    assert _tree(registry, lot, "4.02.00") == []
    refused = _tree(registry, lot, "4.03.00")
    assert [(i.line, i.element) for i in refused] == [(28, "dadosInternacao")]
    assert "caraterAtendimento" in refused[0].raw
    report = check_file(lot, CheckOptions(xsd_dir=XSD_DIR))
    assert report.tiss_version == "4.02.00"
    assert [f.code for f in report.findings if f.code.startswith("schema.")] == []


def test_lote_639_is_invalid_against_4_01_00_because_of_padrao(registry: XsdRegistry) -> None:
    issues = _tree(registry, LOTE_639, "4.01.00")
    assert [(i.line, i.element) for i in issues] == [(18, "Padrao")]  # line 18: <ans:Padrao>
    assert issues[0].message_pt == (
        "Elemento ans:Padrao: o valor '4.02.00' não pertence ao domínio permitido "
        "(4.00.00, 4.00.01, 4.01.00)."
    )


def test_wrong_root_is_reported(registry: XsdRegistry) -> None:
    issues = _tree(registry, JOSE, "3.00.01")
    assert [(i.line, i.xpath, i.element) for i in issues] == [(2, "/loteGuiasWS", "loteGuiasWS")]
    assert "nenhuma declaração global" in issues[0].message_pt
    soap = _tree(registry, SAMPLES / "XTS-Git__AcessoWebServiceTiss__modelo_envio_.xml", "3.02.01")
    assert [(i.line, i.xpath) for i in soap] == [(2, "/soap:Envelope")]
    assert "envelope SOAP" in soap[0].message_pt


# --- streaming mode ---------------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [7, 64, 1000, 1 << 16])
@pytest.mark.parametrize(
    ("path", "version"), [(FQUETA_7, "3.05.00"), (GUIA_TESTE, "3.05.00"), (XML_TISS, "3.05.00")]
)
def test_streaming_gives_the_tree_mode_issues(
    registry: XsdRegistry, path: Path, version: str, chunk_size: int
) -> None:
    tree = _tree(registry, path, version)
    assert tree  # these files are invalid
    assert _stream(registry, path, version, chunk_size) == tree


def test_streaming_valid_file_has_no_issue(registry: XsdRegistry) -> None:
    assert _stream(registry, LOTE_639, "4.02.00", chunk_size=4096) == []


def test_streaming_locates_an_error_deep_in_repeated_elements(
    registry: XsdRegistry, tmp_path: Path
) -> None:
    # lote-639: the 2nd guiaSP-SADT starts at line 138; its procedimentoExecutado elements
    # start at lines 184, 212, 240; the 3rd one's valorUnitario is line 254.
    lines = LOTE_639.read_bytes().split(b"\n")
    assert lines[253].strip() == b"<ans:valorUnitario>30.36</ans:valorUnitario>"
    lines[253] = lines[253].replace(b"30.36", b"30.365")
    lot = tmp_path / "lot.xml"
    lot.write_bytes(b"\n".join(lines))
    expected_path = (
        "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS"
        "/ans:guiaSP-SADT[2]/ans:procedimentosExecutados/ans:procedimentoExecutado[3]"
        "/ans:valorUnitario"
    )
    tree = _tree(registry, lot, "4.02.00")
    assert [(i.line, i.xpath) for i in tree] == [(254, expected_path)]
    assert tree[0].message_pt == (
        "Elemento ans:valorUnitario: o valor '30.365' tem mais casas decimais do que o "
        "permitido (2)."
    )
    for chunk_size in (50, 4096, 1 << 16):
        assert _stream(registry, lot, "4.02.00", chunk_size) == tree


def test_malformed_xml_same_issue_in_both_modes(registry: XsdRegistry, tmp_path: Path) -> None:
    # Line 33 of xml_tiss.xml is <ans:senha>682502</ans:senha>; break its end tag.  The
    # schema error on line 32 comes first in the file, but a malformed file cannot be
    # validated: only the syntax error is reported, in both modes.
    data = XML_TISS.read_bytes()
    assert b"<ans:senha>682502</ans:senha>" in data
    bad = tmp_path / "bad.xml"
    bad.write_bytes(data.replace(b"</ans:senha>", b"</ans:senhaX>"))
    tree = _tree(registry, bad, "3.05.00")
    assert [(i.line, i.column, i.xpath) for i in tree] == [(33, 43, None)]
    assert tree[0].message_pt == (
        "XML mal formado (linha 33): a tag <senha> aberta na linha 33 é fechada por </senhaX>"
    )
    for chunk_size in (5, 100, 1 << 16):
        assert _stream(registry, bad, "3.05.00", chunk_size) == tree


def test_truncated_file_same_issue_in_both_modes(registry: XsdRegistry, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xml"
    cut.write_bytes(XML_TISS.read_bytes()[:2000])
    tree = _tree(registry, cut, "3.05.00")
    assert len(tree) == 1
    assert tree[0].message_pt.startswith("XML mal formado (linha ")
    assert "truncado" in tree[0].message_pt
    assert _stream(registry, cut, "3.05.00", chunk_size=300) == tree


def test_undecodable_bytes_are_a_syntax_issue_not_an_oserror(
    registry: XsdRegistry, tmp_path: Path
) -> None:
    lot = tmp_path / "latin.xml"
    lot.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<a>\n  <b>Jos\xe9</b>\n</a>\n')
    tree = _tree(registry, lot, "3.05.00")
    assert [(i.line, i.column) for i in tree] == [(3, 9)]
    assert "bytes inválidos" in tree[0].message_pt
    assert _stream(registry, lot, "3.05.00") == tree


def test_max_issues_cuts_the_list_and_says_so(registry: XsdRegistry) -> None:
    full = _tree(registry, FQUETA_7, "3.05.00", max_issues=None)
    assert len(full) == 7
    for issues in (
        _tree(registry, FQUETA_7, "3.05.00", max_issues=3),
        _stream(registry, FQUETA_7, "3.05.00", chunk_size=256, max_issues=3),
    ):
        assert issues[:3] == full[:3]
        assert len(issues) == 4
        assert issues[3].raw.startswith("lotcheck: stopped after 3 schema errors")
        assert issues[3].line is None
    assert _tree(registry, FQUETA_7, "3.05.00", max_issues=7) == full


# --- message translation ----------------------------------------------------------------------

NS = "{http://www.ans.gov.br/padroes/tiss/schemas}"


@pytest.mark.parametrize(
    ("raw", "pt"),
    [
        # Messages as libxml2 2.14 writes them (collected by validating mutated lots).
        (
            f"Element '{NS}senha': [facet 'maxLength'] The value has a length of '24'; this "
            "exceeds the allowed maximum length of '20'.",
            "Elemento ans:senha: o valor tem 24 caracteres; o máximo permitido é 20.",
        ),
        (
            f"Element '{NS}numeroLote': [facet 'minLength'] The value has a length of '0'; this "
            "underruns the allowed minimum length of '1'.",
            "Elemento ans:numeroLote: o valor está vazio; o mínimo exigido é 1 caractere.",
        ),
        (
            f"Element '{NS}valorUnitario': [facet 'totalDigits'] The value '123456789.36' has "
            "more digits than are allowed ('10').",
            "Elemento ans:valorUnitario: o valor '123456789.36' tem mais dígitos do que o "
            "permitido (10 no total).",
        ),
        (
            f"Element '{NS}denteFace': [facet 'pattern'] The value 'OXZ' is not accepted by the "
            "pattern '[OLMVDIP]{1,5}'.",
            "Elemento ans:denteFace: o valor 'OXZ' não segue o formato exigido "
            "(padrão [OLMVDIP]{1,5}).",
        ),
        (
            f"Element '{NS}dataExecucao': '2026-13-10' is not a valid value of the atomic type "
            f"'{NS}st_data'.",
            "Elemento ans:dataExecucao: o valor '2026-13-10' não é válido para o tipo "
            "ans:st_data (data no formato AAAA-MM-DD).",
        ),
        (
            f"Element '{NS}foo': This element is not expected. Expected is one of ( "
            f"{NS}tipoIdent, {NS}identificadorBeneficiario ).",
            "Elemento ans:foo: elemento não esperado nesta posição. Esperado um destes: "
            "ans:tipoIdent, ans:identificadorBeneficiario.",
        ),
        (
            f"Element '{NS}tipoTransacao', attribute 'bad': The attribute 'bad' is not allowed.",
            "Elemento ans:tipoTransacao, atributo bad: o atributo 'bad' não é permitido.",
        ),
        (
            f"Element '{NS}m': [facet 'maxInclusive'] The value '10' is greater than the maximum "
            "value allowed ('9').",
            "Elemento ans:m: o valor '10' é maior que o máximo permitido (9).",
        ),
        (
            f"Element '{NS}x': Some future libxml2 message.",
            "Elemento ans:x: erro de validação do XSD: Some future libxml2 message.",
        ),
        ("Something without a subject.", "Erro de validação do XSD: Something without a subject."),
    ],
)
def test_translate_message(raw: str, pt: str) -> None:
    message_pt, message_en, _element = translate_message(raw)
    assert message_pt == pt
    assert "{http" not in message_en


def test_long_enumerations_are_shortened_in_both_languages() -> None:
    values = ", ".join(f"'{n:02d}'" for n in range(40))
    raw = (
        f"Element '{NS}CBOS': [facet 'enumeration'] The value 'x' is not an element of the "
        f"set {{{values}}}."
    )
    message_pt, message_en, element = translate_message(raw)
    assert element == "CBOS"
    assert message_pt.endswith("… (40 valores)).")
    # both languages are worded from the same values; the issue's raw keeps libxml2's full text
    assert message_en.endswith("13, 14, … (40 values)).")
    assert "'39'" not in message_en


# --- import_schemas ---------------------------------------------------------------------------


def _zip_of(folder: Path, prefix: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.iterdir()):
            zf.write(file, prefix + file.name)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def test_import_ans_zip_then_registry_sees_it(tmp_path: Path) -> None:
    archive = tmp_path / "Componente_de_Comunicacao.zip"
    archive.write_bytes(
        _zip_of(
            XSD_DIR / "4.01.00",
            "Padrão TISS Comunicação 040100/",
            {"__MACOSX/Padrão TISS Comunicação 040100/._tissV4_01_00.xsd": b"\x00\x05\x16\x07"},
        )
    )
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    dest = tmp_path / "dest"
    assert import_schemas(archive, dest) == ["4.01.00"]
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before  # source untouched
    installed = sorted(p.name for p in (dest / "4.01.00").iterdir())
    assert installed == sorted(p.name for p in (XSD_DIR / "4.01.00").iterdir())
    for name in installed:
        assert (dest / "4.01.00" / name).read_bytes() == (XSD_DIR / "4.01.00" / name).read_bytes()
    registry = XsdRegistry([dest])
    assert list(registry.versions()) == ["4.01.00"]
    recurso = SAMPLES / RECURSO
    assert registry.validate(recurso, "4.01.00") == []  # VALID per SOURCES.md
    assert sorted(p.name for p in dest.iterdir()) == ["4.01.00"]  # no staging leftovers


def test_import_zip_inside_zip(tmp_path: Path) -> None:
    inner = _zip_of(XSD_DIR / "3.05.00", "")
    outer = tmp_path / "padrao_tiss_comunicacao_202004.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("Padrão TISS Comunicação 030500.zip", inner)
    assert import_schemas(outer, tmp_path / "dest") == ["3.05.00"]


def test_import_folder_and_reimport_replaces(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert import_schemas(XSD_DIR / "4.03.00", dest) == ["4.03.00"]
    first_inode = (dest / "4.03.00" / "tissV4_03_00.xsd").stat().st_ino
    assert import_schemas(XSD_DIR / "4.03.00", dest) == ["4.03.00"]
    assert (dest / "4.03.00" / "tissV4_03_00.xsd").stat().st_ino != first_inode
    assert sorted(p.name for p in dest.iterdir()) == ["4.03.00"]
    assert XsdRegistry([dest]).validate(LOTE_639, "4.03.00") == []


def test_import_flat_folder_with_two_versions_copies_each_closure(tmp_path: Path) -> None:
    flat = tmp_path / "pkg"
    flat.mkdir()
    for version in ("4.00.01", "4.01.00"):
        for file in (XSD_DIR / version).iterdir():
            (flat / file.name).write_bytes(file.read_bytes())  # shared files are identical
    dest = tmp_path / "dest"
    assert import_schemas(flat, dest) == ["4.00.01", "4.01.00"]
    for version in ("4.00.01", "4.01.00"):
        names = sorted(p.name for p in (dest / version).iterdir())
        assert names == sorted(p.name for p in (XSD_DIR / version).iterdir())


def test_zip_with_parent_member_is_rejected(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    archive.write_bytes(
        _zip_of(XSD_DIR / "4.01.00", "Padrão TISS Comunicação 040100/", {"../evil.xsd": b"<x/>"})
    )
    dest = tmp_path / "dest"
    with pytest.raises(SchemaImportError, match=r"\.\./evil\.xsd"):
        import_schemas(archive, dest)
    assert not dest.exists()
    assert not (tmp_path / "evil.xsd").exists()


def test_zip_with_absolute_member_is_rejected(tmp_path: Path) -> None:
    archive = tmp_path / "abs.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("/tmp/tissV4_01_00.xsd"), b"<x/>")
    with pytest.raises(SchemaImportError, match="unsafe path"):
        import_schemas(archive, tmp_path / "dest")


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("set/tissV4_01_00.xsd", b" " * 3_000_000)  # compresses to a few KB
    assert archive.stat().st_size < 100_000
    with pytest.raises(SchemaImportError, match="more than 1000000 bytes"):
        import_schemas(archive, tmp_path / "dest", max_bytes=1_000_000)


def test_folder_without_a_set_raises(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "readme.txt").write_text("no xsd here")
    (empty / "tissSimpleTypesV4_03_00.xsd").write_text("<schema/>")  # not a main file
    with pytest.raises(SchemaImportError, match="no TISS XSD set"):
        import_schemas(empty, tmp_path / "dest")


def test_not_a_folder_nor_a_zip_raises(tmp_path: Path) -> None:
    text = tmp_path / "tiss.txt"
    text.write_text("hello")
    with pytest.raises(SchemaImportError, match="neither a folder nor a zip"):
        import_schemas(text, tmp_path / "dest")
    with pytest.raises(SchemaImportError, match="does not exist"):
        import_schemas(tmp_path / "missing.zip", tmp_path / "dest")


def test_set_that_does_not_compile_is_not_installed(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "tissV9_00_00.xsd").write_text(
        _tiny_schema("r", '<include schemaLocation="tissGuiasV9_00_00.xsd"/>')
    )
    dest = tmp_path / "dest"
    with pytest.raises(SchemaImportError, match="compiles"):
        import_schemas(broken, dest)
    assert not (dest / "9.00.00").exists()
    assert list(dest.iterdir()) == []  # the staging copy was removed
