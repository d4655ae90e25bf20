"""Issue 10: every finding's location points at the real element.

The acceptance: over the bundled examples, the real samples in ``shared/tiss-samples`` and
generated lots of every guide type with errors planted in nested fields, each finding's XPath,
evaluated with lxml on the parsed file (``ans`` bound to the TISS namespace, ``ds`` to xmldsig),
selects exactly one element, and that element's ``sourceline`` is the finding's ``line``.

Findings that legitimately carry no XPath are about the file, not an element; they are listed in
:data:`FILE_LEVEL` with the reason, and any other finding without an XPath fails.

The generated lots (``located_lots``) are written in three layouts (one element per line, each
billed line on one line, everything on one line) and four namespace styles; each planted error
names the end of the XPath its finding must carry, worked out from where the builder put it.
"""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from located_lots import (
    INVALID_CPF,
    LAYOUTS,
    STYLES,
    E,
    Node,
    Planted,
    consulta_guide,
    dental_line,
    expense,
    honorarios_guide,
    message,
    odonto_guide,
    procedure,
    professional,
    render,
    sadt_guide,
    write_contract,
)
from lotcheck.contract import load_contract
from lotcheck.contract.pack_paths import contract_pack_files
from lotcheck.contract.packs import load_packs
from lotcheck.core.findings import Finding
from lotcheck.engine import CheckOptions, check_file

from lots import EXAMPLE_CONTRACT, ROOT, SHARED, VALID_CPFS

NAMESPACES = {
    "ans": "http://www.ans.gov.br/padroes/tiss/schemas",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}
#: codes whose findings are about the file as a whole, with why they name no element
FILE_LEVEL = {
    "file.unreadable": "the file could not be opened: there is no element",
    "file.empty": "a zero-byte file has no element",
    "file.too_large": "the file was not read",
    "xml.doctype_forbidden": "refused before parsing; the line is the DOCTYPE's",
    "xml.malformed": "the bytes are not XML there: a line and column, no element",
    "encoding.mismatch": "a byte offset (line, column), below the level of elements",
    "encoding.mislabeled": "a byte offset (line, column), below the level of elements",
    "encoding.bom": "the byte-order mark precedes every element",
    "encoding.unknown": "the XML declaration is not an element",
    "schema.unavailable": "no XSD set for the lot's version: nothing was validated",
    "internal.rule_failed": "a bug in lotcheck, not in the lot",
    "internal.worker_failed": "a bug in lotcheck, not in the lot",
    "ledger.unavailable": "the ledger of closed lots could not be reached",
}
#: the one schema.invalid without an element: the note that validation stopped after the
#: maximum number of errors (the errors before it are located)
STOPPED = "Validação interrompida"
EXAMPLE_CONTRACTS = {
    "lote-com-erros.xml": EXAMPLE_CONTRACT,
    "lote-limpo.xml": EXAMPLE_CONTRACT,
    "implante-fases-em-ordem.xml": ROOT / "price_tables" / "odonto-implantes",
    "implante-protese-sem-cirurgia.xml": ROOT / "price_tables" / "odonto-implantes",
}
SAMPLES = sorted((SHARED / "tiss-samples").glob("*.xml"))
ODONTO_PACK = ROOT / "price_tables" / "odonto-implantes"


def assert_located(path: Path, findings: tuple[Finding, ...] | list[Finding]) -> int:
    """Every finding selects exactly one element at its line; the number that have an XPath."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    tree = etree.parse(str(path), parser)
    located = 0
    for finding in findings:
        if finding.xpath is None:
            stopped = finding.code == "schema.invalid" and STOPPED in finding.message
            assert finding.code in FILE_LEVEL or stopped, f"{finding.code}: no XPath"
            continue
        selected = tree.xpath(finding.xpath, namespaces=NAMESPACES)
        assert isinstance(selected, list) and len(selected) == 1, (
            f"{finding.code}: {finding.xpath} selects {len(selected)} elements"  # type: ignore[arg-type]
        )
        element = selected[0]
        assert isinstance(element, etree._Element)
        assert element.sourceline == finding.line, (
            f"{finding.code}: {finding.xpath} is at line {element.sourceline}, "
            f"the finding says {finding.line}"
        )
        located += 1
    return located


# -- the bundled examples and the real samples --------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXAMPLE_CONTRACTS))
def test_examples(name: str) -> None:
    contract_dir = EXAMPLE_CONTRACTS[name]
    packs = load_packs(contract_pack_files(contract_dir))
    options = CheckOptions(contract=load_contract(contract_dir), packs=packs)
    path = ROOT / "examples" / name
    report = check_file(path, options)
    assert_located(path, report.findings)


def test_examples_with_errors_are_located_in_nested_fields() -> None:
    """The planted errors of the example lots (README), at their elements: the unknown code
    sits in procedimento, the protese lot's phase-order findings on their lines."""
    path = ROOT / "examples" / "lote-com-erros.xml"
    report = check_file(path, CheckOptions(contract=load_contract(EXAMPLE_CONTRACT)))
    unknown = [f for f in report.findings if f.code == "table.code_unknown"]
    assert [f.xpath for f in unknown] == [
        "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:guiasTISS"
        "/ans:guiaSP-SADT[3]/ans:procedimentosExecutados/ans:procedimentoExecutado[3]"
        "/ans:procedimento/ans:codigoProcedimento"
    ]
    assert assert_located(path, report.findings) == 5


def test_real_samples() -> None:
    """Every sample, lot or not; the lots among them must have findings to locate."""
    assert len(SAMPLES) >= 18
    located = 0
    lots = 0
    for path in SAMPLES:
        report = check_file(path, CheckOptions())
        lots += report.transaction == "ENVIO_LOTE_GUIAS"
        located += assert_located(path, report.findings)
    # 12 samples are ENVIO_LOTE_GUIAS lots; together they carry dozens of located findings
    # (XSD errors, invalid CPFs in team members, total mismatches, hashes)
    assert lots >= 10
    assert located >= 60


# -- generated lots of every guide type ----------------------------------------------------------

P = "/ans:procedimentosExecutados/ans:procedimentoExecutado"
D = "/ans:outrasDespesas/ans:despesa"
SURGERY, BLOOD = "31005497", "40304361"


def sadt_lot(plant: Planted) -> Node:
    """SP-SADT: procedures, outras despesas, team members, totals, guide and lot fields."""
    g1 = "/ans:guiaSP-SADT[1]"
    members = (professional("sadt", "02", VALID_CPFS[2]), professional("sadt", "01", VALID_CPFS[1]))
    procedures = [
        procedure(1, "40399999"),
        procedure(2, BLOOD, unit="12.50"),
        procedure(3, BLOOD, qty="1,5"),
        procedure(4, BLOOD, day="2023-09-15"),
        procedure(5, BLOOD, team=(professional("sadt", "00", INVALID_CPF),)),
        procedure(6, BLOOD, team=(professional("sadt", "09", VALID_CPFS[0]),)),
        procedure(7, SURGERY, unit="1942.50", team=(professional("sadt", "00", VALID_CPFS[1]),)),
        procedure(8, SURGERY, unit="582.75", team=members),
        procedure(None, BLOOD),
    ]
    plant.expect("table.code_unknown", f"{g1}{P}[1]/ans:procedimento/ans:codigoProcedimento")
    plant.expect("value.unit_mismatch", f"{g1}{P}[2]/ans:valorUnitario")
    plant.expect("item.invalid_value", f"{g1}{P}[3]/ans:quantidadeExecutada")
    plant.expect("date.before_authorization", f"{g1}{P}[4]/ans:dataExecucao")
    cpf = "/ans:equipeSadt[1]/ans:codProfissional/ans:cpfContratado"
    plant.expect("id.invalid", f"{g1}{P}[5]{cpf}")
    plant.expect("participation.unknown", f"{g1}{P}[6]/ans:equipeSadt[1]/ans:grauPart")
    # the professional of line 7 (00) is 01 on line 8, as its second member
    plant.expect("team.conflict", f"{g1}{P}[8]/ans:equipeSadt[2]/ans:grauPart")
    plant.expect("sequence.invalid", f"{g1}{P}[9]")  # no sequencialItem: the line itself
    expenses = [
        expense(1, "07", "60000015", unit="55.00"),
        expense(2, "03", "70000001", table="19", factor="0.80", total="8.00"),
        expense(3, "03", "70000001", table="19", day="2023-13-01"),
        expense(4, "03", "70000001", table="19", qty="2.0000", total="25.00"),
        expense(5, "07", "69999999"),
    ]
    s = "/ans:servicosExecutados"
    plant.expect("value.unit_mismatch", f"{g1}{D}[1]{s}/ans:valorUnitario")
    plant.expect("factor.not_allowed", f"{g1}{D}[2]{s}/ans:reducaoAcrescimo")
    plant.expect("item.invalid_value", f"{g1}{D}[3]{s}/ans:dataExecucao")
    plant.expect("value.arithmetic", f"{g1}{D}[4]{s}/ans:valorTotal")
    plant.expect("table.code_unknown", f"{g1}{D}[5]{s}/ans:codigoProcedimento")
    totals = {
        "valorProcedimentos": "1.00",
        "valorTaxasAlugueis": "65.00",
        "valorMateriais": "2.00",
        "valorTotalGeral": "3.00",
    }
    for name in ("valorProcedimentos", "valorMateriais", "valorTotalGeral"):
        plant.expect("total.guide_mismatch", f"{g1}/ans:valorTotal/ans:{name}")
    first = sadt_guide("G1", procedures, expenses, totals=totals, valid="2023-31-12", cns="123465")
    plant.expect("item.invalid_value", f"{g1}/ans:dadosAutorizacao/ans:dataValidadeSenha")
    plant.expect("id.invalid", f"{g1}/ans:dadosBeneficiario/ans:numeroCNS")
    # a second guide with the same number; a third repeating the second's only line
    second = sadt_guide("G1", [procedure(1, BLOOD, day="2023-10-21")], card="0009")
    plant.expect("duplicate.guide", "/ans:guiaSP-SADT[2]/ans:cabecalhoGuia/ans:numeroGuiaPrestador")
    third = sadt_guide("G3", [procedure(1, BLOOD, day="2023-10-21")], card="0009")
    plant.expect("duplicate.item", f"/ans:guiaSP-SADT[3]{P}[1]")
    plant.expect(
        "total.lot_mismatch",
        "/ans:mensagemTISS/ans:prestadorParaOperadora/ans:loteGuias/ans:valorTotalLote",
    )
    return message([first, second, third], lot_total="1.00")


def internacao_lot(plant: Planted) -> Node:
    """Resumo de internação: identEquipe members (numbered), expenses, totals."""
    g1 = "/ans:guiaResumoInternacao[1]"
    team2 = (professional("int", "00", VALID_CPFS[0]), professional("int", "00", INVALID_CPF))
    team4 = (professional("int", "02", VALID_CPFS[2]), professional("int", "01", VALID_CPFS[1]))
    procedures = [
        procedure(1, SURGERY, unit="1942.50"),
        procedure(2, BLOOD, team=team2),
        procedure(
            3,
            SURGERY,
            unit="1942.50",
            day="2023-10-22",
            team=(professional("int", "00", VALID_CPFS[1]),),
        ),
        procedure(4, SURGERY, unit="388.50", day="2023-10-22", team=team4),
    ]
    plant.expect("team.missing", f"{g1}{P}[1]")
    cpf = "/ans:identEquipe[2]/ans:identificacaoEquipe[1]/ans:codProfissional/ans:cpfContratado"
    plant.expect("id.invalid", f"{g1}{P}[2]{cpf}")
    grau = "/ans:identEquipe[2]/ans:identificacaoEquipe[1]/ans:grauPart"
    plant.expect("team.conflict", f"{g1}{P}[4]{grau}")
    expenses = [expense(1, "05", "60000015", unit="45.00")]
    plant.expect("value.unit_mismatch", f"{g1}{D}[1]/ans:servicosExecutados/ans:valorUnitario")
    totals = {"valorDiarias": "40.00"}
    plant.expect("total.guide_mismatch", f"{g1}/ans:valorTotal/ans:valorDiarias")
    guide = sadt_guide("I1", procedures, expenses, totals=totals, tag="guiaResumoInternacao")
    return message([guide])


def honorarios_lot(plant: Planted) -> Node:
    """Honorários between two SP-SADT guides: each guide's position counts its own name."""
    g = "/ans:guiaHonorarios[1]"
    r = "/ans:procedimentosRealizados/ans:procedimentoRealizado"
    tag = "procedimentoRealizado"
    procedures = [
        procedure(1, SURGERY, tag=tag, unit="1942.50"),
        procedure(
            2, SURGERY, tag=tag, unit="1942.50", team=(professional("hon", "00", INVALID_CPF),)
        ),
        procedure(3, "31009999", tag=tag, team=(professional("hon", "00", VALID_CPFS[0]),)),
        procedure(4, SURGERY, tag=tag, team=(professional("hon", "09", VALID_CPFS[1]),)),
    ]
    plant.expect("team.missing", f"{g}{r}[1]")
    plant.expect(
        "id.invalid", f"{g}{r}[2]/ans:profissionais[1]/ans:codProfissional/ans:cpfContratado"
    )
    plant.expect("table.code_unknown", f"{g}{r}[3]/ans:procedimento/ans:codigoProcedimento")
    plant.expect("participation.unknown", f"{g}{r}[4]/ans:profissionais[1]/ans:grauParticipacao")
    plant.expect("total.guide_mismatch", f"{g}/ans:valorTotalHonorarios")
    plant.expect("value.unit_mismatch", f"/ans:guiaSP-SADT[2]{P}[1]/ans:valorUnitario")
    guides = [
        sadt_guide("S1", [procedure(1, BLOOD)]),
        honorarios_guide("H1", procedures, "1.00"),
        sadt_guide("S2", [procedure(1, BLOOD, unit="13.00")]),
    ]
    return message(guides)


def consulta_lot(plant: Planted) -> Node:
    """Consulta: the date is the guide's (dadosAtendimento), the item is its procedimento."""
    a = "/ans:dadosAtendimento"
    guides = [
        consulta_guide("C1", "2023-09-01", "10101012", "100.00"),
        consulta_guide("C2", "2023-10-10", "10109999", "100.00"),
        consulta_guide("C3", "2023-10-11", "10101012", "90.00"),
        consulta_guide("C4", "2023-02-30", "10101012", "100.00"),
        consulta_guide("C5", "2023-12-01", "10101012", "100.00"),
    ]
    plant.expect("date.outside_period", f"/ans:guiaConsulta[1]{a}/ans:dataAtendimento")
    plant.expect(
        "table.code_unknown", f"/ans:guiaConsulta[2]{a}/ans:procedimento/ans:codigoProcedimento"
    )
    plant.expect(
        "value.unit_mismatch", f"/ans:guiaConsulta[3]{a}/ans:procedimento/ans:valorProcedimento"
    )
    plant.expect("item.invalid_value", f"/ans:guiaConsulta[4]{a}/ans:dataAtendimento")
    plant.expect("date.future", f"/ans:guiaConsulta[5]{a}/ans:dataAtendimento")
    return message(guides)


def odonto_lot(plant: Planted) -> Node:
    """Odonto: procSolic, denteRegiao (present, empty, absent), faces, the payer's pack."""
    g = "/ans:guiaOdonto[1]/ans:procedimentosExecutados"
    lines = [
        dental_line(1, "8500", faces="OX", value="80.00"),
        dental_line(2, "8500", tooth=None, value="80.00"),
        dental_line(3, "8500", region_group=False, faces="O", value="80.00"),
        dental_line(4, "8040", value="1500.00"),
        dental_line(5, "8999", value="10.00"),
        dental_line(6, "8040", day="2024-05-32"),
        dental_line(7, "8051", tooth="46", value="1150.00"),
        # four more implants that day: five, above the pack's four a day (IMP-02)
        *(dental_line(n, "8040", tooth=str(n + 3)) for n in range(8, 12)),
    ]
    plant.expect("dental.face_invalid", f"{g}[1]/ans:denteFace")
    plant.expect("dental.tooth_missing", f"{g}[2]/ans:denteRegiao")  # empty: its holder
    plant.expect("dental.face_missing", f"{g}[2]")  # no denteFace: the line holds it
    plant.expect("dental.tooth_missing", f"{g}[3]")  # no denteRegiao at all: the line
    plant.expect("value.total_mismatch", f"{g}[4]/ans:valorProc")
    plant.expect("table.code_unknown", f"{g}[5]/ans:procSolic/ans:codigoProcedimento")
    plant.expect("item.invalid_value", f"{g}[6]/ans:dataRealizacao")
    plant.expect("pack.phase_order", f"{g}[7]")  # a crown on 46 with no implant before it
    plant.expect("pack.max_quantity", f"{g}[11]/ans:qtdProc")
    plant.expect("total.guide_mismatch", "/ans:guiaOdonto[1]/ans:valorTotalProc")
    return message([odonto_guide("O1", lines, "1.00")], registered="2024-06-01")


def repeated_names_lot(plant: Planted) -> Node:
    """Names that repeat where TISS has one: positions make the XPath exact."""
    item = procedure(1, BLOOD, unit="12.50")
    # a second procedimento and a second valorUnitario: the first of each is the one read
    item.children.insert(
        4, E("procedimento", E("codigoTabela", "22"), E("codigoProcedimento", "1"))
    )
    item.children.insert(9, E("valorUnitario", "13.20"))
    unknown = procedure(2, "40399999")
    unknown.children.insert(
        4, E("procedimento", E("codigoTabela", "22"), E("codigoProcedimento", BLOOD))
    )
    guide = sadt_guide("R1", [item, unknown])
    guide.children.insert(1, E("cabecalhoGuia", E("numeroGuiaPrestador", "R9")))
    again = sadt_guide("R1", [procedure(1, BLOOD, day="2023-10-23")], card="0007")
    # repeats below the guide's own children: two CNS in one parent, two contratadoSolicitante
    nested = sadt_guide("R3", [procedure(1, BLOOD, day="2023-10-24")], card="0008", cns="123465")
    nested.children[2].children.append(E("numeroCNS", "223465"))
    requester = nested.children[3]
    requester.children.insert(1, E("contratadoSolicitante", E("cpfContratado", INVALID_CPF)))
    g3 = "/ans:guiaSP-SADT[3]"
    plant.expect("id.invalid", f"{g3}/ans:dadosBeneficiario/ans:numeroCNS[1]")
    plant.expect("id.invalid", f"{g3}/ans:dadosBeneficiario/ans:numeroCNS[2]")
    cpf = "/ans:dadosSolicitante/ans:contratadoSolicitante[2]/ans:cpfContratado"
    plant.expect("id.invalid", f"{g3}{cpf}")
    g = "/ans:guiaSP-SADT[1]"
    plant.expect("value.unit_mismatch", f"{g}{P}[1]/ans:valorUnitario[1]")
    plant.expect("table.code_unknown", f"{g}{P}[2]/ans:procedimento[1]/ans:codigoProcedimento")
    plant.expect("duplicate.guide", "/ans:guiaSP-SADT[2]/ans:cabecalhoGuia/ans:numeroGuiaPrestador")
    return message([guide, again, nested])


def hash_lots(plant: Planted) -> list[Node]:
    """A wrong hash, an empty one, and no epílogo at all (the root then holds the finding)."""
    plant.expect("hash.mismatch", "/ans:mensagemTISS/ans:epilogo/ans:hash")
    plant.expect("hash.missing", "/ans:mensagemTISS/ans:epilogo/ans:hash")
    plant.expect("hash.missing", "/ans:mensagemTISS")
    guide = sadt_guide("H1", [procedure(1, BLOOD)])
    return [
        message([guide], hash_text="f" * 32),
        message([guide], hash_text=None),
        message([guide], epilogo=False),
    ]


SCENARIOS = {
    "sadt": sadt_lot,
    "internacao": internacao_lot,
    "honorarios": honorarios_lot,
    "consulta": consulta_lot,
    "odonto": odonto_lot,
    "repeated": repeated_names_lot,
}


def _options(tmp_path: Path, scenario: str) -> CheckOptions:
    contract = load_contract(write_contract(tmp_path / "contract"))
    packs = load_packs(contract_pack_files(ODONTO_PACK)) if scenario == "odonto" else ()
    period = (date(2023, 10, 1), date(2023, 10, 31)) if scenario == "consulta" else None
    return CheckOptions(contract=contract, period=period, packs=packs)


def _suffix(suffix: str, style: str) -> str:
    return suffix.replace("ans:", "") if style == "none" else suffix


def _check(path: Path, options: CheckOptions, expected: list[tuple[str, str]], style: str) -> None:
    findings = check_file(path, options).findings
    assert_located(path, findings)
    for code, suffix in expected:
        want = _suffix(suffix, style)
        got = [f.xpath for f in findings if f.code == code]
        assert any(x is not None and x.endswith(want) for x in got), (code, want, got)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_generated_lots(tmp_path: Path, scenario: str, layout: str) -> None:
    plant = Planted()
    root = SCENARIOS[scenario](plant)
    options = _options(tmp_path, scenario)
    for style in STYLES:
        path = tmp_path / f"{scenario}-{layout}-{style}.xml"
        path.write_text(render(root, layout, style), "utf-8")
        _check(path, options, plant.expected, style)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_hash_findings(tmp_path: Path, layout: str) -> None:
    plant = Planted()
    roots = hash_lots(plant)
    options = _options(tmp_path, "hash")
    for n, (root, expected) in enumerate(zip(roots, plant.expected, strict=True)):
        path = tmp_path / f"hash{n}.xml"
        text = render(root, layout, "ans")
        path.write_text(text, "utf-8")
        _check(path, options, [expected], "ans")


def test_no_namespace_xpaths_have_no_prefix(tmp_path: Path) -> None:
    """In a lot without a namespace the steps carry no prefix (``ans:x`` would select nothing)."""
    plant = Planted()
    path = tmp_path / "plain.xml"
    path.write_text(render(consulta_lot(plant), "pretty", "none"), "utf-8")
    findings = check_file(path, _options(tmp_path, "consulta")).findings
    located = [f.xpath for f in findings if f.xpath is not None]
    assert located and not any("ans:" in x for x in located)


# -- the benchmark's generator: big, realistic SP-SADT lots ----------------------------------------


@pytest.mark.parametrize("pretty", [False, True])
def test_benchmark_lot(tmp_path: Path, pretty: bool) -> None:
    """A lotgen lot whose contract was repriced and one professional's CPF spoiled: every value
    finding points at valorUnitario, the CPF at its equipeSadt, the hash at the epílogo."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import lotgen
    finally:
        sys.path.pop(0)
    spec = lotgen.LotSpec(guides=4, items_per_guide=6, seed=7, pretty=pretty)
    path = tmp_path / "lot.xml"
    lotgen.write_lot(path, spec)
    contract_dir = lotgen.write_contract(tmp_path / "contract", lotgen.load_catalog())
    # one price up by R$ 1,00: every line of that code is now a unit mismatch (at 20 % too)
    csv_path = next(contract_dir.glob("*.csv"))
    rows = list(csv.reader(csv_path.read_text("utf-8").splitlines(), delimiter=";"))
    text = path.read_bytes().decode("iso-8859-1")
    code = next(row[1] for row in rows[1:] if f">{row[1]}<" in text)
    for row in rows[1:]:
        if row[1] == code:
            row[3] = _plus_one_real(row[3])
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\n").writerows(rows)
    # the first professional's CPF with its last check digit changed
    cpf = text.split("<ans:cpfContratado>", 1)[1].split("<", 1)[0]
    spoiled = cpf[:-1] + str((int(cpf[-1]) + 1) % 10)
    path.write_bytes(text.replace(cpf, spoiled).encode("iso-8859-1"))
    findings = check_file(path, CheckOptions(contract=load_contract(contract_dir))).findings
    codes = {f.code for f in findings}
    assert {"value.unit_mismatch", "id.invalid", "hash.mismatch"} <= codes
    assert all(
        f.xpath is not None and f.xpath.endswith("/ans:valorUnitario")
        for f in findings
        if f.code == "value.unit_mismatch"
    )
    assert all(
        f.xpath is not None and f.xpath.endswith("/ans:codProfissional/ans:cpfContratado")
        for f in findings
        if f.code == "id.invalid"
    )
    assert assert_located(path, findings) == len(findings)


def _plus_one_real(brl: str) -> str:
    """``1.942,50`` -> ``1943,50`` (the contract CSV's Brazilian format, thousands dropped)."""
    whole, _, cents = brl.replace(".", "").partition(",")
    value = int(whole) * 100 + int(cents or 0) + 100
    return f"{value // 100},{value % 100:02d}"


# -- absent fields, file-level elements, the XSD paths ---------------------------------------------


def _select(path: Path, xpath: str) -> etree._Element:
    selected = etree.parse(str(path)).xpath(xpath, namespaces=NAMESPACES)
    assert isinstance(selected, list) and len(selected) == 1, (xpath, selected)
    element = selected[0]
    assert isinstance(element, etree._Element)
    return element


def test_absent_fields_point_at_the_element_that_should_hold_them(tmp_path: Path) -> None:
    """No rule reports every absent field, so the model is asked directly: the group that
    should hold the field when the line has it, else the line; the consulta's date, kept in
    dadosAtendimento beside the procedure, falls back to dadosAtendimento."""
    from lotcheck.reader.lot import LotReader

    no_code = procedure(1, BLOOD)
    no_code.children[3].children.pop(1)  # procedimento without codigoProcedimento
    no_group = procedure(2, BLOOD)
    del no_group.children[3]  # no procedimento at all
    consulta = consulta_guide("C1", "2023-10-10", "10101012", "100.00")
    consulta.children[-1].children.pop(1)  # dadosAtendimento without dataAtendimento
    root = message([sadt_guide("A1", [no_code, no_group]), consulta])
    path = tmp_path / "absent.xml"
    path.write_text(render(root, "pretty", "ans"), "utf-8")
    sadt, cons = list(LotReader(path).guides())
    first, second = sadt.items
    xpath, line = first.locate("codigoProcedimento")
    assert xpath.endswith(f"{P}[1]/ans:procedimento")
    assert _select(path, xpath).sourceline == line
    xpath, line = second.locate("codigoProcedimento")
    assert xpath.endswith(f"{P}[2]") and _select(path, xpath).sourceline == line
    xpath, line = cons.items[0].locate("dataAtendimento")
    assert xpath.endswith("/ans:guiaConsulta[1]/ans:dadosAtendimento")
    assert _select(path, xpath).sourceline == line
    # a guide-level field that is absent: the guide
    assert sadt.locate("guiaPrincipal") == (sadt.xpath, sadt.line)


def test_a_file_that_is_not_tiss_points_at_its_root(tmp_path: Path) -> None:
    path = tmp_path / "nfe.xml"
    path.write_text('<?xml version="1.0"?>\n<nfe>\n<x>1</x>\n</nfe>\n', "utf-8")
    (finding,) = check_file(path, CheckOptions(schema=False)).findings
    assert (finding.code, finding.xpath, finding.line) == ("lot.not_a_lot", "/nfe", 2)


def test_schema_paths_use_ans_whatever_prefix_the_file_declares(tmp_path: Path) -> None:
    """A lot that binds TISS to ``tiss:``: the XSD paths, in tree mode and in streaming mode
    alike, are written with ``ans:`` like every other lotcheck XPath."""
    from lotcheck.xsd.registry import XsdRegistry

    plant = Planted()
    path = tmp_path / "tiss-prefix.xml"
    path.write_text(render(honorarios_lot(plant), "pretty", "other"), "utf-8")
    registry = XsdRegistry([SHARED / "tiss-xsd"])
    tree = registry.validate(path, "4.01.00", stream_threshold=1 << 40)
    stream = registry.validate(path, "4.01.00", stream_threshold=0, chunk_size=4096)
    assert tree and [(i.line, i.xpath) for i in tree] == [(i.line, i.xpath) for i in stream]
    for issue in tree:
        assert issue.xpath is not None and issue.xpath.startswith("/ans:mensagemTISS/")
        assert _select(path, issue.xpath).sourceline == issue.line


def test_the_fast_guide_walk_agrees_with_the_exact_one(tmp_path: Path) -> None:
    """guide_walk has two walks: the fast one (no numbering) must give what the exact one gives
    wherever it does not give up, and give up where a name repeats among siblings."""
    from lotcheck.core.model import Guide
    from lotcheck.reader.guide_walk import GuideWalk
    from lotcheck.reader.guides import guide_children as _guide_children
    from lotcheck.reader.tags import GUIDE_TAGS, IDENTIFIER_TAGS
    from lotcheck.reader.values import leaf_text as _text

    def walked(guide_el: etree._Element, fast: bool) -> tuple[object, ...] | None:
        guide = Guide(GUIDE_TAGS[etree.QName(guide_el).localname], 1, None, 1, "/g[1]")
        walk = GuideWalk(guide, _text, IDENTIFIER_TAGS)
        elements, names, steps = _guide_children(guide, guide_el)  # as the reader does
        if fast:
            roots = [element for element, name in zip(elements, names, strict=True) if name]
            if steps is not names or not walk.fast(roots):
                return None
        else:
            walk.exact((elements, names, steps), ())
        located = {name: guide.locate(name) for name in walk.leaves}
        idents = [(i.element, i.value, i.line, i.xpath) for i in guide.identifiers]
        return walk.leaves, located, idents, walk.consulta, walk.consulta_steps

    gave_up = 0
    compared = 0
    for name, build in SCENARIOS.items():
        path = tmp_path / f"{name}.xml"
        path.write_text(render(build(Planted()), "pretty", "ans"), "utf-8")
        for guide_el in etree.parse(str(path)).getroot().iterfind(".//ans:guiasTISS/*", NAMESPACES):
            quick = walked(guide_el, fast=True)
            if quick is None:
                gave_up += 1
                continue
            assert quick == walked(guide_el, fast=False), (name, guide_el.sourceline)
            compared += 1
    # the repeated-names lot: its first guide repeats cabecalhoGuia (top level), its third a
    # CNS and a contratadoSolicitante deeper down
    assert gave_up == 2 and compared > 10


def test_a_lot_read_over_many_chunks_locates_its_header_elements(tmp_path: Path) -> None:
    """The reader frees what it has read between 64 KiB chunks, so the epílogo hash of a lot of
    several hundred KB is located when it ends, not at the end of the pass; its XPath and line
    must still be exact (a wrong hash: lotgen writes the right one, this test breaks it)."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import lotgen
    finally:
        sys.path.pop(0)
    path = tmp_path / "big.xml"
    lotgen.write_lot(path, lotgen.LotSpec(guides=30, items_per_guide=20, seed=3, pretty=True))
    data = path.read_bytes()
    assert len(data) > 8 * 64 * 1024
    start = data.index(b"<ans:hash>") + len(b"<ans:hash>")
    path.write_bytes(data[:start] + b"0" * 32 + data[start + 32 :])
    findings = check_file(path, CheckOptions()).findings
    (mismatch,) = [f for f in findings if f.code == "hash.mismatch"]
    assert mismatch.xpath == "/ans:mensagemTISS/ans:epilogo/ans:hash"
    assert mismatch.line == data[:start].count(b"\n") + 1
    assert assert_located(path, findings) == len([f for f in findings if f.xpath is not None])
