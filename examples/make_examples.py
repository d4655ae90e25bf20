"""Writes the example lots in this folder (run it after changing a planted error).

The lots are TISS 4.01.00 ``ENVIO_LOTE_GUIAS`` lots: ``lote-*.xml`` of ``guiaSP-SADT`` guides,
billed against ``price_tables/ipsm-exemplo``; ``implante-*.xml`` of ``guiaOdonto`` guides, billed
against ``price_tables/odonto-implantes`` and its payer rule pack (``rules.toml``). Every value
below is written out by hand (no lotcheck code is used), so the examples stay an independent input
for the acceptance tests; ``examples/README.md`` lists the errors planted in each lot and the value
the contract gives for each.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree

NS = "http://www.ans.gov.br/padroes/tiss/schemas"
HERE = Path(__file__).resolve().parent


def E(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        el.text = text
    return el


def header(root: etree._Element, seq: str, when: str) -> None:
    cab = E(root, "cabecalho")
    ident = E(cab, "identificacaoTransacao")
    E(ident, "tipoTransacao", "ENVIO_LOTE_GUIAS")
    E(ident, "sequencialTransacao", seq)
    E(ident, "dataRegistroTransacao", when)
    E(ident, "horaRegistroTransacao", "10:15:00")
    origem = E(cab, "origem")
    E(E(origem, "identificacaoPrestador"), "codigoPrestadorNaOperadora", "70010020")
    E(E(cab, "destino"), "registroANS", "999999")
    E(cab, "Padrao", "4.01.00")


def guide(
    guias: etree._Element,
    number: str,
    auth: tuple[str, str, str, str],
    card: str,
    items: list[dict[str, object]],
    expenses: list[dict[str, str]] | None = None,
    character: str = "1",
    executor: str = "70010020",
) -> None:
    """One ``guiaSP-SADT``: procedure lines (``table``, default 22; a team member when the item
    names a ``degree``, with its ``cbos``, default 225225) and ``outrasDespesas``; each part of
    ``valorTotal`` is the sum of the totals sent for it. ``character`` (``caraterAtendimento``,
    1 elective) and ``executor`` (the ``contratadoExecutante`` code) default to what the lots of
    this module send; make_eligibility_example.py sets them."""
    g = E(guias, "guiaSP-SADT")
    cab = E(g, "cabecalhoGuia")
    E(cab, "registroANS", "999999")
    E(cab, "numeroGuiaPrestador", number)
    da = E(g, "dadosAutorizacao")
    E(da, "numeroGuiaOperadora", auth[0])
    E(da, "dataAutorizacao", auth[1])
    E(da, "senha", auth[2])
    E(da, "dataValidadeSenha", auth[3])
    ben = E(g, "dadosBeneficiario")
    E(ben, "numeroCarteira", card)
    E(ben, "atendimentoRN", "N")
    sol = E(g, "dadosSolicitante")
    E(E(sol, "contratadoSolicitante"), "codigoPrestadorNaOperadora", "70010020")
    E(sol, "nomeContratadoSolicitante", "CLINICA EXEMPLO SAUDE")
    prof = E(sol, "profissionalSolicitante")
    E(prof, "nomeProfissional", "MEDICA SOLICITANTE EXEMPLO")
    E(prof, "conselhoProfissional", "06")
    E(prof, "numeroConselhoProfissional", "123456")
    E(prof, "UF", "31")
    E(prof, "CBOS", "225125")
    sc = E(g, "dadosSolicitacao")
    E(sc, "dataSolicitacao", auth[1])
    E(sc, "caraterAtendimento", character)
    E(sc, "indicacaoClinica", "Investigacao clinica")
    ex = E(g, "dadosExecutante")
    E(E(ex, "contratadoExecutante"), "codigoPrestadorNaOperadora", executor)
    E(ex, "CNES", "1234567")
    at = E(g, "dadosAtendimento")
    E(at, "tipoAtendimento", "23")
    E(at, "indicacaoAcidente", "9")
    E(at, "regimeAtendimento", "01")
    procs = E(g, "procedimentosExecutados")
    total_procs = 0
    for seq, item in enumerate(items, start=1):
        p = E(procs, "procedimentoExecutado")
        E(p, "sequencialItem", str(seq))
        E(p, "dataExecucao", str(item["date"]))
        E(p, "horaInicial", str(item.get("start", "09:00:00")))
        E(p, "horaFinal", str(item.get("end", "10:00:00")))
        pr = E(p, "procedimento")
        E(pr, "codigoTabela", str(item.get("table", "22")))
        E(pr, "codigoProcedimento", str(item["code"]))
        E(pr, "descricaoProcedimento", str(item["desc"]))
        E(p, "quantidadeExecutada", str(item["qty"]))
        E(p, "viaAcesso", str(item.get("via", "1")))
        E(p, "tecnicaUtilizada", "1")
        E(p, "reducaoAcrescimo", str(item["factor"]))
        E(p, "valorUnitario", str(item["unit"]))
        E(p, "valorTotal", str(item["total"]))
        total_procs += int(str(item["total"]).replace(".", ""))
        if "degree" in item:
            eq = E(p, "equipeSadt")
            E(eq, "grauPart", str(item["degree"]))
            E(E(eq, "codProfissional"), "cpfContratado", str(item["cpf"]))
            E(eq, "nomeProf", str(item["prof"]))
            E(eq, "conselho", "06")
            E(eq, "numeroConselhoProfissional", str(item["crm"]))
            E(eq, "UF", "31")
            E(eq, "CBOS", str(item.get("cbos", "225225")))
    sums = dict.fromkeys(("01", "02", "03", "05", "07", "08"), 0)
    if expenses:
        od = E(g, "outrasDespesas")
        for seq, exp in enumerate(expenses, start=1):
            d = E(od, "despesa")
            E(d, "sequencialItem", str(seq))
            E(d, "codigoDespesa", exp["kind"])
            s = E(d, "servicosExecutados")
            E(s, "dataExecucao", exp["date"])
            E(s, "codigoTabela", exp["table"])
            E(s, "codigoProcedimento", exp["code"])
            E(s, "quantidadeExecutada", exp["qty"])
            E(s, "unidadeMedida", exp["unit_measure"])
            E(s, "reducaoAcrescimo", "1.00")
            E(s, "valorUnitario", exp["unit"])
            E(s, "valorTotal", exp["total"])
            E(s, "descricaoProcedimento", exp["desc"])
            sums[exp["kind"]] += int(exp["total"].replace(".", ""))
    vt = E(g, "valorTotal")

    def cents(n: int) -> str:
        return f"{n // 100}.{n % 100:02d}"

    E(vt, "valorProcedimentos", cents(total_procs))
    E(vt, "valorDiarias", cents(sums["05"]))
    E(vt, "valorTaxasAlugueis", cents(sums["07"]))
    E(vt, "valorMateriais", cents(sums["03"]))
    E(vt, "valorMedicamentos", cents(sums["02"]))
    E(vt, "valorOPME", cents(sums["08"]))
    E(vt, "valorGasesMedicinais", cents(sums["01"]))
    E(vt, "valorTotalGeral", cents(total_procs + sum(sums.values())))


def write(name: str, root: etree._Element, body_guides: etree._Element) -> None:
    leaves = [el.text or "" for el in root.iter() if isinstance(el.tag, str) and len(el) == 0]
    digest = hashlib.md5("".join(leaves).encode("iso-8859-1"), usedforsecurity=False).hexdigest()
    E(E(root, "epilogo"), "hash", digest)
    etree.indent(root, space="  ")
    data = etree.tostring(root, xml_declaration=True, encoding="ISO-8859-1")
    (HERE / name).write_bytes(data + b"\n")


def lot(seq: str, when: str) -> tuple[etree._Element, etree._Element]:
    root = etree.Element(f"{{{NS}}}mensagemTISS", nsmap={"ans": NS})
    header(root, seq, when)
    lg = E(E(root, "prestadorParaOperadora"), "loteGuias")
    E(lg, "numeroLote", seq)
    return root, E(lg, "guiasTISS")


SURGEON = {"cpf": "52998224725", "prof": "CIRURGIAO EXEMPLO", "crm": "54321"}
ASSIST1 = {"cpf": "11144477735", "prof": "PRIMEIRO AUXILIAR EXEMPLO", "crm": "65432"}
ASSIST2 = {"cpf": "12345678909", "prof": "SEGUNDO AUXILIAR EXEMPLO", "crm": "76543"}
CHOLE = {"code": "31005497", "desc": "COLECISTECTOMIA SEM COLANGIOGRAFIA POR VIDEOLAPAROSCOPIA"}
HEMO = {"code": "40304361", "desc": "HEMOGRAMA COM CONTAGEM DE PLAQUETAS OU FRACOES"}
CREAT = {"code": "40301630", "desc": "CREATININA - PESQUISA E/OU DOSAGEM"}
US = {"code": "40901122", "desc": "US - ABDOME TOTAL"}


def clean() -> None:
    root, guias = lot("1001", "2023-11-03")
    # September: priced by the 2023-08-01 version; October: by the 2023-10-02 version.
    guide(
        guias,
        "2023090001",
        ("88001001", "2023-09-12", "SEN1001", "2023-12-12"),
        "00010002000300",
        [
            {
                **HEMO,
                "date": "2023-09-14",
                "qty": 1,
                "factor": "1.00",
                "unit": "12.50",
                "total": "12.50",
            },
            {
                **CREAT,
                "date": "2023-09-14",
                "qty": 2,
                "factor": "1.00",
                "unit": "6.80",
                "total": "13.60",
            },
        ],
    )
    guide(
        guias,
        "2023100002",
        ("88001002", "2023-10-09", "SEN1002", "2024-01-09"),
        "00010002000400",
        [
            {
                **CHOLE,
                "date": "2023-10-16",
                "qty": 1,
                "factor": "1.00",
                "unit": "1942.50",
                "total": "1942.50",
                "degree": "00",
                **SURGEON,
            },
            {
                **CHOLE,
                "date": "2023-10-16",
                "qty": 1,
                "factor": "1.00",
                "unit": "582.75",
                "total": "582.75",
                "degree": "01",
                **ASSIST1,
            },
            {
                **CHOLE,
                "date": "2023-10-16",
                "qty": 1,
                "factor": "1.00",
                "unit": "388.50",
                "total": "388.50",
                "degree": "02",
                **ASSIST2,
            },
            {
                **US,
                "date": "2023-10-16",
                "qty": 1,
                "factor": "1.30",
                "unit": "147.00",
                "total": "191.10",
                "start": "21:10:00",
                "end": "21:40:00",
            },
        ],
        expenses=[
            {
                "kind": "07",
                "date": "2023-10-16",
                "table": "18",
                "code": "60023058",
                "qty": "1.0000",
                "unit_measure": "036",
                "unit": "294.00",
                "total": "294.00",
                "desc": "TAXA DE SALA CIRURGICA PORTE 3",
            },
            {
                "kind": "03",
                "date": "2023-10-16",
                "table": "19",
                "code": "90000001",
                "qty": "2.0000",
                "unit_measure": "036",
                "unit": "8.40",
                "total": "16.80",
                "desc": "FIO DE SUTURA NYLON 3-0",
            },
        ],
    )
    guide(
        guias,
        "2023100003",
        ("88001003", "2023-10-20", "SEN1003", "2024-01-20"),
        "00010002000500",
        [
            {
                **US,
                "date": "2023-10-23",
                "qty": 1,
                "factor": "1.00",
                "unit": "147.00",
                "total": "147.00",
            },
            {
                **HEMO,
                "date": "2023-10-23",
                "qty": 1,
                "factor": "0.50",
                "unit": "13.20",
                "total": "6.60",
            },
            {
                **CREAT,
                "date": "2023-10-23",
                "qty": 3,
                "factor": "0.70",
                "unit": "7.10",
                "total": "14.91",
            },
        ],
    )
    write("lote-limpo.xml", root, guias)


def with_errors() -> None:
    root, guias = lot("1002", "2023-11-06")
    guide(
        guias,
        "2023100011",
        ("88002001", "2023-10-09", "SEN2001", "2024-01-09"),
        "00010002000600",
        [  # item 1: the old (2023-08-01) price used after the 2023-10-02 version started
            {
                **HEMO,
                "date": "2023-10-10",
                "qty": 1,
                "factor": "1.00",
                "unit": "12.50",
                "total": "12.50",
            },
            {
                **CREAT,
                "date": "2023-10-10",
                "qty": 2,
                "factor": "1.00",
                "unit": "7.10",
                "total": "14.20",
            },
        ],
    )
    guide(
        guias,
        "2023100012",
        ("88002002", "2023-10-11", "SEN2002", "2024-01-11"),
        "00010002000700",
        [
            {
                **CHOLE,
                "date": "2023-10-15",
                "qty": 1,
                "factor": "1.00",
                "unit": "1942.50",
                "total": "1942.50",
                "degree": "00",
                **SURGEON,
            },
            # item 2: first assistant billed at 100% instead of 30%
            {
                **CHOLE,
                "date": "2023-10-15",
                "qty": 1,
                "factor": "1.00",
                "unit": "1942.50",
                "total": "1942.50",
                "degree": "01",
                **ASSIST1,
            },
            {
                **CHOLE,
                "date": "2023-10-15",
                "qty": 1,
                "factor": "1.00",
                "unit": "388.50",
                "total": "388.50",
                "degree": "02",
                **ASSIST2,
            },
        ],
    )
    guide(
        guias,
        "2023100013",
        ("88002003", "2023-10-18", "SEN2003", "2024-01-18"),
        "00010002000800",
        [  # item 1: factor 0.80 is not in the contract's list
            {
                **US,
                "date": "2023-10-20",
                "qty": 1,
                "factor": "0.80",
                "unit": "147.00",
                "total": "117.60",
            },
            # item 2: arithmetic slip, 13.20 x 2 = 26.40 sent as 27.40
            {
                **HEMO,
                "date": "2023-10-20",
                "qty": 2,
                "factor": "1.00",
                "unit": "13.20",
                "total": "27.40",
            },
            # item 3: a code the contract does not have
            {
                "code": "40399999",
                "desc": "EXAME INEXISTENTE NA TABELA",
                "date": "2023-10-20",
                "qty": 1,
                "factor": "1.00",
                "unit": "50.00",
                "total": "50.00",
            },
        ],
    )
    write("lote-com-erros.xml", root, guias)


def odonto_guide(
    guias: etree._Element,
    number: str,
    auth: tuple[str, str, str, str],
    card: str,
    items: list[dict[str, str]],
) -> None:
    """One ``guiaOdonto`` (cto_guiaOdontologia, 4.01.00): ``valorProc`` = price × ``qtdProc``."""
    g = E(guias, "guiaOdonto")
    E(g, "registroANS", "999999")
    E(g, "numeroGuiaPrestador", number)
    E(g, "dataAutorizacao", auth[1])
    E(g, "senhaAutorizacao", auth[2])
    E(g, "validadeSenha", auth[3])
    E(g, "numeroGuiaOperadora", auth[0])
    ben = E(g, "dadosBeneficiario")
    E(ben, "numeroCarteira", card)
    E(ben, "atendimentoRN", "N")
    E(g, "planoBeneficiario", "ODONTO EXEMPLO IMPLANTES")
    prof = E(g, "dadosProfissionaisResponsaveis")
    E(prof, "codigoProfExec", "70020030")
    E(prof, "croExec", "12345")
    E(prof, "ufExec", "31")
    E(prof, "cnesExec", "7654321")
    E(prof, "cbosExec2", "223208")
    total = 0
    for seq, item in enumerate(items, start=1):
        p = E(g, "procedimentosExecutados")
        E(p, "sequencialItem", str(seq))
        proc = E(p, "procSolic")
        E(proc, "codigoTabela", "00")
        E(proc, "codigoProcedimento", item["code"])
        E(proc, "descricaoProcedimento", item["desc"])
        E(E(p, "denteRegiao"), "codDente", item["tooth"])
        E(p, "qtdProc", "1")
        E(p, "valorProc", item["value"])
        E(p, "autorizado", "true")
        E(p, "dataRealizacao", item["date"])
        total += int(item["value"].replace(".", ""))
    E(g, "tipoAtendimento", "1")
    E(g, "tipoFaturamento", "4")
    E(g, "valorTotalProc", f"{total // 100}.{total % 100:02d}")


# The implant programme's codes in the payer's table "00" (price_tables/odonto-implantes).
GRAFT_BIO = {"code": "8031", "desc": "RECONSTRUCAO OSSEA COM ENXERTO DE BIOMATERIAL"}
IMPLANT = {"code": "8040", "desc": "IMPLANTE OSSEOINTEGRAVEL - INSTALACAO"}
ABUTMENT = {"code": "8050", "desc": "PILAR PROTETICO SOBRE IMPLANTE"}
CROWN = {"code": "8051", "desc": "COROA TOTAL SOBRE IMPLANTE"}


def implant_phases(guias: etree._Element, prefix: str, card: str, tooth: str) -> None:
    """One beneficiary's implant on ``tooth``: each phase authorized and billed in order.

    The phases are months apart; they are billed together here, at the end of the treatment
    (tipoFaturamento 4, total), so that the phase order can be checked within one lot.
    """
    odonto_guide(
        guias,
        f"{prefix}01",
        (f"77{prefix}01", "2024-03-01", f"S{prefix}01", "2024-08-31"),
        card,
        [{**GRAFT_BIO, "tooth": tooth, "date": "2024-03-05", "value": "980.00"}],
    )
    odonto_guide(
        guias,
        f"{prefix}02",
        (f"77{prefix}02", "2024-05-02", f"S{prefix}02", "2024-08-31"),
        card,
        [{**IMPLANT, "tooth": tooth, "date": "2024-05-07", "value": "1600.00"}],
    )
    odonto_guide(
        guias,
        f"{prefix}03",
        (f"77{prefix}03", "2024-06-12", f"S{prefix}03", "2024-08-31"),
        card,
        [
            {**ABUTMENT, "tooth": tooth, "date": "2024-06-18", "value": "540.00"},
            {**CROWN, "tooth": tooth, "date": "2024-06-18", "value": "1150.00"},
        ],
    )


def implants_in_order() -> None:
    root, guias = lot("2001", "2024-07-05")
    implant_phases(guias, "2024ODT00", "00020003000100", "36")
    write("implante-fases-em-ordem.xml", root, guias)


def implant_prosthesis_without_surgery() -> None:
    root, guias = lot("2002", "2024-07-05")
    # beneficiary 1: the three phases in order, as in implante-fases-em-ordem.xml
    implant_phases(guias, "2024ODT10", "00020003000200", "46")
    # beneficiary 2: a crown on implant for tooth 21, with no implant installed (8040) before
    odonto_guide(
        guias,
        "2024ODT2001",
        ("772024ODT2001", "2024-06-14", "S2024ODT2001", "2024-08-31"),
        "00020003000300",
        [{**CROWN, "tooth": "21", "date": "2024-06-20", "value": "1150.00"}],
    )
    write("implante-protese-sem-cirurgia.xml", root, guias)


if __name__ == "__main__":
    clean()
    with_errors()
    implants_in_order()
    implant_prosthesis_without_surgery()
